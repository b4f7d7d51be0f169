// SIU codecs: status and capabilities (3.20 and 3.30 append fields to the same port arrays), event enabling, the single-port
// setters (door, indicator, auxiliary, guidance light), reset, and the PORT_STATUS / PORT_ERROR events.
import type { Arena, Block } from '../arena.ts';
import { classCodecs, EncodeError, list, obj, word } from '../codec.ts';
import type { CodecContext, CommandCodec, EventCodec } from '../codec.ts';
import type { StructReader } from '../memory.ts';
import { readDwordArray, readExtra, readStruct } from '../memory.ts';
import type { SiuCapabilities, SiuPortEvent, SiuPorts, SiuStartupTime, SiuStatus } from './types.ts';
import { SYSTEMTIME } from '../structs-api.ts';
import * as S from './structs.ts';

const O = 800;
export const SIU_CMD = {
  ENABLE_EVENTS: O + 1, SET_PORTS: O + 2, SET_DOOR: O + 3, SET_INDICATOR: O + 4, SET_AUXILIARY: O + 5,
  SET_GUIDLIGHT: O + 6, RESET: O + 7, POWER_SAVE_CONTROL: O + 8, SET_AUTOSTARTUP_TIME: O + 9,
} as const;
export const SIU_INF = { STATUS: O + 1, CAPABILITIES: O + 2, GET_AUTOSTARTUP_TIME: O + 3 } as const;
export const SIU_AUTOSTARTUP = { CLEAR: 1, SPECIFIC: 2, DAILY: 4, WEEKLY: 8 } as const;
/** WFSSIUPORTEVENT.wPortType and WFSSIUCAPS.fwType bits. */
export const SIU_PORT_TYPE = { SENSORS: 1, DOORS: 2, INDICATORS: 4, AUXILIARIES: 8, GUIDLIGHTS: 16 } as const;

const at = (ctx: CodecContext, v: number): boolean => ctx.vnum >= v;
const PORT_FIELDS = [
  ['sensors', 'fwSensors'], ['doors', 'fwDoors'], ['indicators', 'fwIndicators'], ['auxiliaries', 'fwAuxiliaries'],
  ['guidLights', 'fwGuidLights'],
] as const;

function wordsOf(r: StructReader, field: string): number[] {
  const b = r.bytesOf(field);
  const out: number[] = [];
  for (let i = 0; i + 1 < b.length; i += 2) out.push(b[i] | (b[i + 1] << 8));
  return out;
}

function portsOf(r: StructReader): SiuPorts {
  const p = {} as SiuPorts;
  for (const [key, field] of PORT_FIELDS) p[key] = wordsOf(r, field);
  return p;
}

function status(ctx: CodecContext, p: bigint): SiuStatus {
  const r = readStruct(ctx.mem, p, at(ctx, 320) ? S.SIU_STATUS_V320 : S.SIU_STATUS_V300);
  const s: SiuStatus = { device: r.u16('fwDevice'), ...portsOf(r), extra: readExtra(ctx.mem, r.ptr('lpszExtra')) };
  if (at(ctx, 320)) Object.assign(s, { powerSaveRecoveryTime: r.u16('usPowerSaveRecoveryTime'), antiFraudModule: r.u16('wAntiFraudModule') });
  return s;
}

function capabilities(ctx: CodecContext, p: bigint): SiuCapabilities {
  const r = readStruct(ctx.mem, p, at(ctx, 330) ? S.SIU_CAPS_V330 : at(ctx, 320) ? S.SIU_CAPS_V320 : S.SIU_CAPS_V300);
  const c: SiuCapabilities = { class: r.u16('wClass'), type: r.u16('fwType'), ...portsOf(r), extra: readExtra(ctx.mem, r.ptr('lpszExtra')) };
  if (at(ctx, 320)) {
    Object.assign(c, { powerSaveControl: r.bool('bPowerSaveControl'), autoStartupMode: r.u16('fwAutoStartupMode'), antiFraudModule: r.bool('bAntiFraudModule') });
  }
  if (at(ctx, 330)) c.synchronizableCommands = readDwordArray(ctx.mem, r.ptr('lpdwSynchronizableCommands'));
  return c;
}

function writeWords(block: Block, field: string, values: number[]): void {
  const f = block.layout!.fields.get(field)!;
  if (values.length > f.size / 2) throw new EncodeError(`${field}: at most ${f.size / 2} ports`);
  values.forEach((v, i) => block.view.setUint16(f.offset + 2 * i, v, true));
}

function enable(a: Arena, input: unknown): Block {
  const o = obj(input, 'ENABLE_EVENTS');
  const block = a.struct(S.SIU_ENABLE);
  for (const [key, field] of PORT_FIELDS) {
    if (o[key] === undefined) continue;
    writeWords(block, field, list(o[key], key, 32).map((v, i) => word(v, `${key}[${i}]`)));
  }
  return block;
}

const setPort = (what: string) => (a: Arena, input: unknown): Block => {
  const o = obj(input, what);
  return a.struct(S.SIU_SET_PORT).u16('wPort', word(o.port, 'port')).u16('fwCommand', word(o.command, 'command'));
};

function startupTime(ctx: CodecContext, p: bigint): SiuStartupTime {
  const r = readStruct(ctx.mem, p, S.SIU_STARTUP_TIME);
  const t = r.ptr('lpStartTime');
  if (t === 0n) return { mode: r.u16('wMode'), startTime: null };
  const s = readStruct(ctx.mem, t, SYSTEMTIME);
  return {
    mode: r.u16('wMode'),
    startTime: { year: s.u16('wYear'), month: s.u16('wMonth'), dayOfWeek: s.u16('wDayOfWeek'), day: s.u16('wDay'), hour: s.u16('wHour'), minute: s.u16('wMinute') },
  };
}

function setStartupTime(a: Arena, input: unknown): Block {
  const o = obj(input, 'SET_AUTOSTARTUP_TIME');
  let time: Block | null = null;
  if (o.startTime !== null && o.startTime !== undefined) {
    const t = obj(o.startTime, 'startTime');
    time = a.struct(SYSTEMTIME).u16('wYear', word(t.year, 'year')).u16('wMonth', word(t.month, 'month'))
      .u16('wDayOfWeek', word(t.dayOfWeek, 'dayOfWeek')).u16('wDay', word(t.day, 'day')).u16('wHour', word(t.hour, 'hour'))
      .u16('wMinute', word(t.minute, 'minute'));
  }
  return a.struct(S.SIU_STARTUP_TIME).u16('wMode', word(o.mode, 'mode')).ptr('lpStartTime', time);
}

const execute: CommandCodec[] = [
  { code: SIU_CMD.ENABLE_EVENTS, name: 'WFS_CMD_SIU_ENABLE_EVENTS', encode: enable },
  { code: SIU_CMD.SET_DOOR, name: 'WFS_CMD_SIU_SET_DOOR', encode: setPort('SET_DOOR') },
  { code: SIU_CMD.SET_INDICATOR, name: 'WFS_CMD_SIU_SET_INDICATOR', encode: setPort('SET_INDICATOR') },
  { code: SIU_CMD.SET_AUXILIARY, name: 'WFS_CMD_SIU_SET_AUXILIARY', encode: setPort('SET_AUXILIARY') },
  { code: SIU_CMD.SET_GUIDLIGHT, name: 'WFS_CMD_SIU_SET_GUIDLIGHT', encode: setPort('SET_GUIDLIGHT') },
  { code: SIU_CMD.RESET, name: 'WFS_CMD_SIU_RESET' },
  { code: SIU_CMD.SET_AUTOSTARTUP_TIME, name: 'WFS_CMD_SIU_SET_AUTOSTARTUP_TIME', encode: setStartupTime },
  {
    code: SIU_CMD.POWER_SAVE_CONTROL, name: 'WFS_CMD_SIU_POWER_SAVE_CONTROL',
    encode: (a, input) => a.struct(S.SIU_POWER_SAVE).u16('usPowerSaveTime', word(obj(input, 'POWER_SAVE_CONTROL').maxPowerSaveRecoveryTime, 'maxPowerSaveRecoveryTime')),
  },
];

const info: CommandCodec[] = [
  { code: SIU_INF.STATUS, name: 'WFS_INF_SIU_STATUS', decode: status },
  { code: SIU_INF.CAPABILITIES, name: 'WFS_INF_SIU_CAPABILITIES', decode: capabilities },
  { code: SIU_INF.GET_AUTOSTARTUP_TIME, name: 'WFS_INF_SIU_GET_AUTOSTARTUP_TIME', decode: startupTime },
];

function portEvent(ctx: CodecContext, p: bigint): SiuPortEvent {
  const r = readStruct(ctx.mem, p, S.SIU_PORT_EVENT);
  return { portType: r.u16('wPortType'), portIndex: r.u16('wPortIndex'), portStatus: r.u16('wPortStatus'), extra: readExtra(ctx.mem, r.ptr('lpszExtra')) };
}

const events: EventCodec[] = [
  { id: O + 1, name: 'WFS_SRVE_SIU_PORT_STATUS', kind: 'service', decode: portEvent },
  {
    id: O + 3, name: 'WFS_SRVE_SIU_POWER_SAVE_CHANGE', kind: 'service',
    decode: (ctx, p) => ({ powerSaveRecoveryTime: readStruct(ctx.mem, p, S.SIU_POWER_SAVE).u16('usPowerSaveTime') }),
  },
];

export const siuCodecs = classCodecs('SIU', execute, info, events);
