// Keyboard.DefineLayout on WFS_CMD_PIN_DEFINE_LAYOUT and Keyboard.LayoutEvent from
// WFS_EXEE_PIN_LAYOUT (3.30, touch screen PIN pads). One XFS4IoT layout object holds a frame list per
// entry mode (data, pin, secure); 3.x gives one WFSPINLAYOUT per mode. Key names cross through the
// functionKeys (WFS_PIN_FK) and fdks (WFS_PIN_FDK) tables of pin.json; positions pass unchanged.
import type { CommandResult, JsonObject } from '../../xfs4iot/backend.ts';
import type { PinCapabilities, PinLayout, PinLayoutFrame, PinLayoutKey, PinStatus } from '../../legacy-xfs3/pin/types.ts';
import type { EnumTables } from '../enums.ts';
import type { EventTranslator } from '../event-types.ts';
import { compact, invalidData, success, unsupportedData, type CommandCall } from '../translator.ts';

type PinCall = CommandCall<PinCapabilities, PinStatus>;

/** WFS_PIN_LAYOUT_DATA / PIN / SECURE */
/** XFS4IoT entry modes as the 3.x dwEntryMode bits (WFS_PIN_LAYOUT_DATA, _PIN, _SECURE). */
export const ENTRY_MODES: Record<'data' | 'pin' | 'secure', number> = { data: 1, pin: 2, secure: 4 };
const KEY_TYPE = { fk: 1, fdk: 2 } as const;
const FLOAT_X = 1;
const FLOAT_Y = 2;

const num = (v: unknown): number => (typeof v === 'number' ? v : 0);

/** A key name as (keyType, bit): function keys first, then FDKs; undefined when 3.x has neither. */
function keyBits(enums: EnumTables, name: string): { type: number; bit: number } | undefined {
  const fk = enums.flagBit('functionKeys', name);
  if (fk !== undefined) return { type: KEY_TYPE.fk, bit: fk };
  const fdk = enums.flagBit('fdks', name);
  return fdk === undefined ? undefined : { type: KEY_TYPE.fdk, bit: fdk };
}

function toKey(enums: EnumTables, key: JsonObject): PinLayoutKey | string {
  const place = { x: num(key.xPos), y: num(key.yPos), width: num(key.xSize), height: num(key.ySize) };
  // An area with no key (a key present but not used) has neither name.
  if (typeof key.key !== 'string') return { ...place, keyType: 0, fk: 0, shiftFk: 0 };
  const main = keyBits(enums, key.key);
  if (!main) return `key ${key.key}`;
  let shift = 0;
  if (typeof key.shiftKey === 'string') {
    const other = keyBits(enums, key.shiftKey);
    // WFSPINFK has one wKeyType for both: a shifted key of the other kind cannot be said.
    if (!other || other.type !== main.type) return `shiftKey ${key.shiftKey}`;
    shift = other.bit;
  }
  return { ...place, keyType: main.type, fk: main.bit, shiftFk: shift };
}

function toFrame(enums: EnumTables, frame: JsonObject): PinLayoutFrame | string {
  const float = (frame.float ?? {}) as JsonObject;
  const keys: PinLayoutKey[] = [];
  for (const key of (frame.keys ?? []) as JsonObject[]) {
    const converted = toKey(enums, key);
    if (typeof converted === 'string') return converted;
    keys.push(converted);
  }
  return {
    x: num(frame.xPos), y: num(frame.yPos), width: num(frame.xSize), height: num(frame.ySize),
    floatAction: (float.x === true ? FLOAT_X : 0) | (float.y === true ? FLOAT_Y : 0), keys,
  };
}

export async function defineLayout(call: PinCall): Promise<CommandResult> {
  const given = (call.payload?.layout ?? {}) as Record<string, JsonObject[] | undefined>;
  const layouts: PinLayout[] = [];
  for (const [mode, entryMode] of Object.entries(ENTRY_MODES)) {
    const frames = given[mode];
    if (frames === undefined) continue;
    const converted: PinLayoutFrame[] = [];
    for (const frame of frames) {
      const one = toFrame(call.enums, frame);
      if (typeof one === 'string') return unsupportedData(`DefineLayout: ${one} has no XFS 3.x counterpart`);
      converted.push(one);
    }
    layouts.push({ entryMode, frames: converted });
  }
  if (layouts.length === 0) return invalidData('DefineLayout: no layout for data, pin or secure entry');
  const done = await call.execute('WFS_CMD_PIN_DEFINE_LAYOUT', layouts);
  return done.ok ? success() : call.failure(done);
}

function keyName(enums: EnumTables, type: number, bit: number): string | undefined {
  if (bit === 0) return undefined;
  return type === KEY_TYPE.fdk ? enums.flagName('fdks', bit) : type === KEY_TYPE.fk ? enums.flagName('functionKeys', bit) : undefined;
}

/** 3.x frames as XFS4IoT frames (the shape Keyboard.GetLayout's completion has too). */
export function framesOf(enums: EnumTables, layout: PinLayout): JsonObject[] {
  return layout.frames.map((frame) => ({
    xPos: frame.x, yPos: frame.y, xSize: frame.width, ySize: frame.height,
    float: { x: (frame.floatAction & FLOAT_X) !== 0, y: (frame.floatAction & FLOAT_Y) !== 0 },
    keys: frame.keys.map((key) => compact({
      xPos: key.x, yPos: key.y, xSize: key.width, ySize: key.height,
      key: keyName(enums, key.keyType, key.fk), shiftKey: keyName(enums, key.keyType, key.shiftFk),
    })),
  }));
}

export const layoutEvent: EventTranslator<PinCapabilities, PinStatus> = (event, ctx) => {
  const layout = event.data as PinLayout | undefined;
  const mode = layout ? (Object.keys(ENTRY_MODES) as Array<keyof typeof ENTRY_MODES>).find((name) => ENTRY_MODES[name] === layout.entryMode) : undefined;
  if (!layout || !mode) return { warning: 'WFS_EXEE_PIN_LAYOUT without a WFSPINLAYOUT of a known entry mode' };
  return { payload: { [mode]: framesOf(ctx.enums, layout) } };
};
