// Keyboard.GetLayout: the layouts of a 3.30 touch screen pad (WFS_INF_PIN_GET_LAYOUT) where the
// application defined them; otherwise the physical pad, the data and PIN keys from
// WFS_INF_PIN_FUNCKEY_DETAIL and the secure key entry keys from WFS_INF_PIN_SECUREKEY_DETAIL (3.10+).
import type { CommandResult, JsonObject } from '../../xfs4iot/backend.ts';
import { WFS_ERR_UNSUPP_CATEGORY } from '../../legacy-xfs3/errors.ts';
import type { PinCapabilities, PinFuncKeyDetail, PinLayout, PinSecureKeyDetail, PinStatus } from '../../legacy-xfs3/pin/types.ts';
import type { EnumTables } from '../enums.ts';
import { commandError, compact, isResult, success, type CommandCall } from '../translator.ts';
import { gridLayout } from './keyboard.ts';
import { ENTRY_MODES, framesOf } from './layout.ts';

type PinCall = CommandCall<PinCapabilities, PinStatus>;
type Mode = keyof typeof ENTRY_MODES;

/** WFSPINSECUREKEYDETAIL.fwKeyEntryMode of a pad without secure key entry. */
const SECUREKEY_NOTSUPP = 0;

/**
 * The secure key entry keyboard as one frame over the whole pad. Hex key positions are already in
 * the 0..999 units XFS4IoT uses; a place without a key (WFS_PIN_FK_UNUSED) stays an area with no name.
 * FDKs have a position and no size in 3.x: they get the smallest size XFS4IoT allows. An FDK that the
 * device names as clear, cancel, backspace or enter takes that key's name, which is what it does.
 */
export function secureLayout(enums: EnumTables, detail: PinSecureKeyDetail): JsonObject[] {
  const name = (bits: number): string | undefined => (bits === 0 ? undefined : enums.flagName('functionKeys', bits));
  const keys: JsonObject[] = detail.hexKeys.map((key) => compact({
    xPos: key.x, yPos: key.y, xSize: key.width, ySize: key.height, key: name(key.fk), shiftKey: name(key.shiftFk),
  }));
  const roles: Array<[number, string]> = [[detail.clearFdk, 'clear'], [detail.cancelFdk, 'cancel'], [detail.backspaceFdk, 'backspace'], [detail.enterFdk, 'enter']];
  for (const fdk of detail.funcKeyDetail?.fdks ?? []) {
    const role = roles.find(([code]) => code !== 0 && code === fdk.fdk)?.[1];
    keys.push(compact({ xPos: fdk.x, yPos: fdk.y, xSize: 1, ySize: 1, key: role ?? enums.flagName('fdks', fdk.fdk) }));
  }
  return [{ xPos: 0, yPos: 0, xSize: 1000, ySize: 1000, float: { x: false, y: false }, keys }];
}

/** The touch screen layouts defined for these modes, by mode; none on other pads and before 3.30. */
async function definedLayouts(call: PinCall, modes: Mode[]): Promise<Partial<Record<Mode, JsonObject[]>> | CommandResult> {
  const { major, minor } = call.device.version;
  if (major * 100 + minor < 330 || !call.device.capabilities.etsCaps) return {};
  const done = await call.getInfo('WFS_INF_PIN_GET_LAYOUT', { entryMode: modes.reduce((mask, mode) => mask | ENTRY_MODES[mode], 0) });
  if (!done.ok) return call.failure(done);
  const out: Partial<Record<Mode, JsonObject[]>> = {};
  for (const layout of done.data as PinLayout[]) {
    const mode = modes.find((m) => ENTRY_MODES[m] === layout.entryMode);
    if (mode) out[mode] = framesOf(call.enums, layout);
  }
  return out;
}

export async function getLayout(call: PinCall): Promise<CommandResult> {
  const asked = call.payload?.entryMode as Mode | undefined;
  const modes: Mode[] = asked === undefined ? ['data', 'pin', 'secure'] : [asked];
  const defined = await definedLayouts(call, modes);
  if (isResult(defined)) return defined;
  const layout: JsonObject = { ...defined };
  const physical = modes.filter((mode) => mode !== 'secure' && !defined[mode]);
  if (physical.length > 0) {
    const done = await call.getInfo('WFS_INF_PIN_FUNCKEY_DETAIL', { fdkMask: 0xffffffff });
    if (!done.ok) return call.failure(done);
    const frames = gridLayout(call.enums, done.data as PinFuncKeyDetail);
    for (const mode of physical) layout[mode] = frames;
  }
  if (modes.includes('secure') && !defined.secure) {
    // 3.00 has no secure key entry (the query answers WFS_ERR_UNSUPP_CATEGORY), nor has a pad
    // reporting WFS_PIN_SECUREKEY_NOTSUPP: asked for by name that is modeNotSupported, else left out.
    const done = await call.getInfo('WFS_INF_PIN_SECUREKEY_DETAIL');
    if (!done.ok && done.code !== WFS_ERR_UNSUPP_CATEGORY) return call.failure(done);
    const detail = done.ok ? (done.data as PinSecureKeyDetail) : undefined;
    if (detail && detail.keyEntryMode !== SECUREKEY_NOTSUPP) layout.secure = secureLayout(call.enums, detail);
    else if (asked === 'secure') return commandError('modeNotSupported', `GetLayout: this XFS ${call.device.version.text} PIN pad has no secure key entry`);
  }
  // Keep the order data, pin, secure whatever was found first.
  const ordered: JsonObject = {};
  for (const mode of modes) if (layout[mode] !== undefined) ordered[mode] = layout[mode];
  return success({ layout: ordered });
}
