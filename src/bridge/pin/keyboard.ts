// Keyboard.PinEntry and DataEntry on WFS_CMD_PIN_GET_PIN and GET_DATA, the physical pad's layout
// from WFS_INF_PIN_FUNCKEY_DETAIL (Keyboard.GetLayout is in layout-query.ts); the Reset commands of
// Keyboard, PinPad and KeyManagement on WFS_CMD_PIN_RESET. Key names cross through the functionKeys / fdks enum tables of pin.json.
import type { CommandResult, JsonObject } from '../../xfs4iot/backend.ts';
import type { PinCapabilities, PinFuncKeyDetail, PinKeyPress, PinStatus } from '../../legacy-xfs3/pin/types.ts';
import type { EnumTables } from '../enums.ts';
import { commandError, compact, success, type CommandCall } from '../translator.ts';

type PinCall = CommandCall<PinCapabilities, PinStatus>;

/**
 * Devices with a PIN entry running. The 3.x contract reports digits as 0 during GET_PIN; should a
 * provider break it, KeyEvent still drops the digit while a PIN entry runs on that device.
 */
export const pinEntryRunning = new WeakSet<object>();
const HIDDEN_KEYS = new Set(['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'a', 'b', 'c', 'd', 'e', 'f', 'doubleZero', 'tripleZero']);

export interface KeyMasks { active: number; terminate: number; activeFdks: number; terminateFdks: number }

/**
 * activeKeys ({ one: { terminate: false }, enter: { terminate: true }, ... }) as 3.x key masks.
 * noActiveKeys: the errorCode's spelling, which differs between the entry commands.
 */
export function keyMasks(call: PinCall, command: string, noActiveKeys = 'noActivekeys'): KeyMasks | CommandResult {
  const keys = (call.payload?.activeKeys ?? {}) as Record<string, JsonObject | null>;
  const masks: KeyMasks = { active: 0, terminate: 0, activeFdks: 0, terminateFdks: 0 };
  for (const [name, options] of Object.entries(keys)) {
    const terminate = options?.terminate === true;
    const fk = call.enums.flagBit('functionKeys', name);
    const fdk = fk === undefined ? call.enums.flagBit('fdks', name) : undefined;
    if (fk !== undefined) {
      masks.active |= fk;
      if (terminate) masks.terminate |= fk;
    } else if (fdk !== undefined) {
      masks.activeFdks |= fdk;
      if (terminate) masks.terminateFdks |= fdk;
    } else {
      return commandError('keyNotSupported', `${command}: key ${name} has no XFS 3.x counterpart`);
    }
  }
  if (masks.active === 0 && masks.activeFdks === 0) return commandError(noActiveKeys, `${command}: no active keys`);
  return masks;
}

function completionName(enums: EnumTables, code: number): string {
  return enums.value('wCompletion', code) ?? 'continue';
}

/** A key's XFS4IoT name; undefined for 0 (a PIN digit, never reported) or an unknown bit. */
export function keyName(enums: EnumTables, bits: number, completion: number): string | undefined {
  if (bits === 0) return undefined;
  const fdk = completion === 9 || completion === 12;
  return fdk ? enums.flagName('fdks', bits) : enums.flagName('functionKeys', bits);
}

export function keyPress(enums: EnumTables, key: PinKeyPress, pinEntry = false): JsonObject {
  const name = keyName(enums, key.digit, key.completion);
  return compact({ completion: completionName(enums, key.completion), digit: pinEntry && name && HIDDEN_KEYS.has(name) ? undefined : name });
}

export async function pinEntry(call: PinCall): Promise<CommandResult> {
  const masks = keyMasks(call, 'PinEntry');
  if (!('active' in masks)) return masks;
  const p = call.payload ?? {};
  const maxLen = typeof p.maxLen === 'number' ? p.maxLen : 0;
  const minLen = typeof p.minLen === 'number' ? p.minLen : 0;
  if (maxLen !== 0 && minLen > maxLen) return commandError('minimumLength', `PinEntry: minLen ${minLen} is above maxLen ${maxLen}`);
  pinEntryRunning.add(call.device);
  let done;
  try {
    done = await call.execute('WFS_CMD_PIN_GET_PIN', {
      minLen, maxLen, autoEnd: p.autoEnd === true, activeKeys: masks.active, terminateKeys: masks.terminate,
      activeFdks: masks.activeFdks, terminateFdks: masks.terminateFdks,
    });
  } finally {
    pinEntryRunning.delete(call.device);
  }
  if (!done.ok) return call.failure(done);
  const out = done.data as { digits: number; completion: number };
  return success({ digits: out.digits, completion: completionName(call.enums, out.completion) });
}

export async function dataEntry(call: PinCall): Promise<CommandResult> {
  const masks = keyMasks(call, 'DataEntry');
  if (!('active' in masks)) return masks;
  const p = call.payload ?? {};
  const done = await call.execute('WFS_CMD_PIN_GET_DATA', {
    maxLen: typeof p.maxLen === 'number' ? p.maxLen : 0, autoEnd: p.autoEnd === true, activeKeys: masks.active,
    terminateKeys: masks.terminate, activeFdks: masks.activeFdks, terminateFdks: masks.terminateFdks,
  });
  if (!done.ok) return call.failure(done);
  const out = done.data as { keys: PinKeyPress[]; completion: number };
  return success({ keys: out.keys.length, pinKeys: out.keys.map((key) => keyPress(call.enums, key)), completion: completionName(call.enums, out.completion) });
}

// A 3.x PIN pad reports which keys exist, not where they are: the layout is a conventional grid
// (digits as on a telephone pad, function keys in a fourth column and below) in 0..1000 units.
const DIGIT_CELLS: Record<string, [number, number]> = {
  one: [0, 0], two: [1, 0], three: [2, 0], four: [0, 1], five: [1, 1], six: [2, 1], seven: [0, 2], eight: [1, 2], nine: [2, 2], zero: [1, 3],
};

export function gridLayout(enums: EnumTables, detail: PinFuncKeyDetail): JsonObject[] {
  const names: string[] = [];
  for (let index = 0; index < 32; index++) {
    const bit = 2 ** index;
    if (Math.floor(detail.funcMask / bit) % 2 === 1) {
      const name = enums.flagName('functionKeys', bit);
      if (name) names.push(name);
    }
  }
  const cells: Array<[string, number, number]> = [];
  const others = names.filter((name) => !(name in DIGIT_CELLS));
  for (const name of names) if (name in DIGIT_CELLS) cells.push([name, ...DIGIT_CELLS[name]]);
  const free: Array<[number, number]> = [[3, 0], [3, 1], [3, 2], [3, 3], [0, 3], [2, 3]];
  others.forEach((name, index) => {
    const beyond = index - free.length;
    const cell = free[index] ?? [beyond % 4, 4 + Math.floor(beyond / 4)];
    cells.push([name, cell[0], cell[1]]);
  });
  const rows = Math.max(4, ...cells.map(([, , y]) => y + 1));
  const width = 250;
  const height = Math.floor(1000 / rows);
  const keys = cells.map(([key, x, y]) => ({ xPos: x * width, yPos: y * height, xSize: width, ySize: height, key }));
  // 3.x gives an FDK's position only; the schema asks a size of at least 1.
  const fdks = detail.fdks.map((fdk) => ({ xPos: fdk.x, yPos: fdk.y, xSize: 1, ySize: 1, key: enums.flagName('fdks', fdk.fdk) ?? `fdk${fdk.fdk}` }));
  return [{ xPos: 0, yPos: 0, xSize: 1000, ySize: 1000, float: { x: false, y: false }, keys: [...keys, ...fdks] }];
}

export async function reset(call: PinCall): Promise<CommandResult> {
  const done = await call.execute('WFS_CMD_PIN_RESET', undefined);
  return done.ok ? success() : call.failure(done);
}
