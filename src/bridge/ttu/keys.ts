// Key names between XFS4IoT and 3.x TTU: XFS4IoT names the digit keys zero..nine and every other
// character key by the character itself (pattern `\D`); command keys have names (table commandKey,
// the WFS_TTU_CK_* codes). A name 3.x has no code for is the client asking for a key this keyboard
// cannot have: keyNotSupported, before the device.
import type { EnumTables } from '../enums.ts';

const DIGITS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];

/** A 3.x character key as its XFS4IoT name. */
export function keyName(ch: string): string {
  const digit = '0123456789'.indexOf(ch);
  return digit >= 0 ? DIGITS[digit] : ch;
}

/** XFS4IoT key names as the 3.x character string (the schema has already checked each name). */
export function keyChars(names: unknown): string {
  if (!Array.isArray(names)) return '';
  return names.map((n) => {
    const digit = DIGITS.indexOf(String(n));
    return digit >= 0 ? String(digit) : String(n);
  }).join('');
}

export interface CommandKeyCodes {
  active: number[];
  terminate: number[];
  /** names 3.x has no code for */
  unknown: string[];
}

/** `{ enter: { terminate: true }, backspace: {} }` as the 3.x active and terminate command key lists. */
export function commandKeyCodes(keys: unknown, enums: EnumTables): CommandKeyCodes {
  const out: CommandKeyCodes = { active: [], terminate: [], unknown: [] };
  if (typeof keys !== 'object' || keys === null) return out;
  for (const [name, how] of Object.entries(keys as Record<string, unknown>)) {
    const code = enums.codeOf('commandKey', name);
    if (code === undefined) { out.unknown.push(name); continue; }
    const terminate = typeof how === 'object' && how !== null && (how as { terminate?: unknown }).terminate === true;
    (terminate ? out.terminate : out.active).push(code);
  }
  return out;
}

