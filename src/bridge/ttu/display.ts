// The TextTerminal display and keyboard commands on their 3.x TTU counterparts: Beep, ClearScreen,
// SetResolution, Write, Read, Reset, DefineKeys and GetKeyDetail. Names become 3.x codes here; the
// 3.x service provider judges positions, sizes and keys against its own display and keyboard.
import type { CommandResult, JsonObject } from '../../xfs4iot/backend.ts';
import type { TtuCapabilities, TtuKeyDetail, TtuStatus } from '../../legacy-xfs3/ttu/types.ts';
import { commandError, success, type CommandCall } from '../translator.ts';
import { commandKeyCodes, keyChars, keyName } from './keys.ts';

type TtuCall = CommandCall<TtuCapabilities, TtuStatus>;

const WFS_TTU_BEEPOFF = 0x0001;
const WFS_TTU_BEEPCONTINUOUS = 0x0080;

function object(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};
}

/** { underline, inverted, flash } as the WFS_TTU_TEXT* bits. */
function attributes(call: TtuCall, v: unknown): number {
  return call.enums.bitsOf('textAttr', Object.entries(object(v)).filter(([, on]) => on === true).map(([flag]) => flag));
}

const mode = (call: TtuCall, v: unknown): number => Number(call.enums.code('mode', typeof v === 'string' ? v : 'relative'));

export async function beep(call: TtuCall): Promise<CommandResult> {
  const b = call.payload?.beep;
  let bits = WFS_TTU_BEEPOFF;
  if (typeof b === 'object' && b !== null) {
    const { beepType, continuous } = b as { beepType?: unknown; continuous?: unknown };
    // A beep with no type is the plainest one there is.
    bits = Number(call.enums.code('beepType', typeof beepType === 'string' ? beepType : 'keyPress')) | (continuous === true ? WFS_TTU_BEEPCONTINUOUS : 0);
  }
  const done = await call.execute('WFS_CMD_TTU_BEEP', { beep: bits });
  return done.ok ? success() : call.failure(done);
}

export async function clearScreen(call: TtuCall): Promise<CommandResult> {
  const screen = call.payload?.screen;
  const area = typeof screen === 'object' && screen !== null ? (screen as JsonObject) : undefined;
  const done = await call.execute('WFS_CMD_TTU_CLEARSCREEN', area && {
    positionX: area.positionX ?? 0, positionY: area.positionY ?? 0, width: area.width, height: area.height,
  });
  return done.ok ? success() : call.failure(done);
}

export async function setResolution(call: TtuCall): Promise<CommandResult> {
  const r = object(call.payload?.resolution);
  const done = await call.execute('WFS_CMD_TTU_SET_RESOLUTION', { sizeX: r.sizeX, sizeY: r.sizeY });
  if (!done.ok) return call.failure(done);
  await call.refresh();
  return success();
}

export async function write(call: TtuCall): Promise<CommandResult> {
  const p = call.payload ?? {};
  const done = await call.execute('WFS_CMD_TTU_WRITE', {
    mode: mode(call, p.mode), posX: p.posX ?? 0, posY: p.posY ?? 0, textAttr: attributes(call, p.textAttr), text: p.text,
  });
  return done.ok ? success() : call.failure(done);
}

export async function read(call: TtuCall): Promise<CommandResult> {
  const p = call.payload ?? {};
  const keys = commandKeyCodes(p.activeCommandKeys, call.enums);
  if (keys.unknown.length) return commandError('keyNotSupported', `Read: XFS 3.x has no command key ${keys.unknown.join(', ')}`);
  const done = await call.execute('WFS_CMD_TTU_READ', {
    numOfChars: p.numOfChars, mode: mode(call, p.mode), posX: p.posX ?? 0, posY: p.posY ?? 0,
    echoMode: Number(call.enums.code('echoMode', typeof p.echoMode === 'string' ? p.echoMode : 'text')),
    echoAttr: attributes(call, p.echoAttr), cursor: p.visible === true, flush: p.flush === true, autoEnd: p.autoEnd === true,
    activeKeys: keyChars(p.activeKeys), activeCommandKeys: keys.active, terminateCommandKeys: keys.terminate,
  });
  return done.ok ? success({ input: String(done.data ?? '') }) : call.failure(done);
}

export async function reset(call: TtuCall): Promise<CommandResult> {
  const done = await call.execute('WFS_CMD_TTU_RESET', undefined);
  if (!done.ok) return call.failure(done);
  await call.refresh();
  return success();
}

export async function defineKeys(call: TtuCall): Promise<CommandResult> {
  const p = call.payload ?? {};
  const keys = commandKeyCodes(p.activeCommandKeys, call.enums);
  if (keys.unknown.length) return commandError('keyNotSupported', `DefineKeys: XFS 3.x has no command key ${keys.unknown.join(', ')}`);
  const done = await call.execute('WFS_CMD_TTU_DEFINE_KEYS', {
    activeKeys: keyChars(p.activeKeys), activeCommandKeys: keys.active, terminateCommandKeys: keys.terminate,
  });
  return done.ok ? success() : call.failure(done);
}

export async function getKeyDetail(call: TtuCall): Promise<CommandResult> {
  const done = await call.getInfo('WFS_INF_TTU_KEY_DETAIL');
  if (!done.ok) return call.failure(done);
  const detail = done.data as TtuKeyDetail;
  const commandKeys: JsonObject = {};
  // 3.x does not say which command keys terminate: that is chosen per Read/DefineKeys.
  for (const code of detail.commandKeys) {
    const name = call.enums.value<string>('commandKey', code);
    if (name) commandKeys[name] = {};
  }
  return success({ keys: [...new Set(detail.keys)].map(keyName), commandKeys });
}
