// TTU codecs: status/capabilities/key detail, forms (list, header, fields), the display commands
// (beep, clear, resolution, write, read, reset), the form commands (write, read, define keys) and
// the key and field failure events.
import { bool, classCodecs, EncodeError, int, list, obj, text, word } from '../codec.ts';
import type { CodecContext, CommandCodec, EventCodec } from '../codec.ts';
import type { Arena, Block } from '../arena.ts';
import type { TtuCapabilities, TtuFieldFailure, TtuFormField, TtuFormHeader, TtuKey, TtuKeyDetail, TtuStatus } from './types.ts';
import { readExtra, readDwordArray, readPointerArray, readString, readStringList, readStruct, readWordArray } from '../memory.ts';
import * as S from './structs.ts';

const O = 700;
export const TTU_CMD = {
  BEEP: O + 1, CLEARSCREEN: O + 2, SET_RESOLUTION: O + 5, WRITE_FORM: O + 6, READ_FORM: O + 7, WRITE: O + 8, READ: O + 9, RESET: O + 10,
  DEFINE_KEYS: O + 11,
} as const;
export const TTU_INF = { STATUS: O + 1, CAPABILITIES: O + 2, FORM_LIST: O + 3, QUERY_FORM: O + 4, QUERY_FIELD: O + 5, KEY_DETAIL: O + 6 } as const;
/** WFS_TTU_CK_* command keys the bridge names. */
export const TTU_CK = { ENTER: 1, CANCEL: 2, CLEAR: 3, BACKSPACE: 4, HELP: 5, FDK01: 24 } as const;

const v330 = (ctx: CodecContext): boolean => ctx.vnum >= 330;

function words(raw: Uint8Array): number[] {
  const dv = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const out: number[] = [];
  for (let i = 0; i + 1 < raw.byteLength; i += 2) out.push(dv.getUint16(i, true));
  return out;
}

function status(ctx: CodecContext, p: bigint): TtuStatus {
  const r = readStruct(ctx.mem, p, v330(ctx) ? S.TTU_STATUS_V330 : S.TTU_STATUS_V300);
  const s: TtuStatus = {
    device: r.u16('fwDevice'), keyboard: r.u16('wKeyboard'), keylock: r.u16('wKeylock'), leds: words(r.bytesOf('wLEDs')),
    displaySizeX: r.u16('wDisplaySizeX'), displaySizeY: r.u16('wDisplaySizeY'), extra: readExtra(ctx.mem, r.ptr('lpszExtra')),
  };
  if (v330(ctx)) {
    Object.assign(s, {
      devicePosition: r.u16('wDevicePosition'), powerSaveRecoveryTime: r.u16('usPowerSaveRecoveryTime'),
      antiFraudModule: r.u16('wAntiFraudModule'),
    });
  }
  return s;
}

function capabilities(ctx: CodecContext, p: bigint): TtuCapabilities {
  const r = readStruct(ctx.mem, p, v330(ctx) ? S.TTU_CAPS_V330 : S.TTU_CAPS_V300);
  const c: TtuCapabilities = {
    class: r.u16('wClass'), type: r.u16('fwType'),
    resolutions: readPointerArray(ctx.mem, r.ptr('lppResolutions')).map((q) => {
      const x = readStruct(ctx.mem, q, S.TTU_RESOLUTION);
      return { sizeX: x.u16('wSizeX'), sizeY: x.u16('wSizeY') };
    }),
    numOfLeds: r.u16('wNumOfLEDs'), keyLock: r.bool('bKeyLock'), displayLight: r.bool('bDisplayLight'), cursor: r.bool('bCursor'),
    forms: r.bool('bForms'), charSupport: r.u16('fwCharSupport'), extra: readExtra(ctx.mem, r.ptr('lpszExtra')),
  };
  if (v330(ctx)) {
    Object.assign(c, {
      powerSaveControl: r.bool('bPowerSaveControl'), antiFraudModule: r.bool('bAntiFraudModule'),
      synchronizableCommands: readDwordArray(ctx.mem, r.ptr('lpdwSynchronizableCommands')),
    });
  }
  return c;
}

function keyDetail(ctx: CodecContext, p: bigint): TtuKeyDetail {
  const r = readStruct(ctx.mem, p, S.TTU_KEY_DETAIL);
  return { keys: readString(ctx.mem, r.ptr('lpszKeys')), commandKeys: readWordArray(ctx.mem, r.ptr('lpwCommandKeys')) };
}

/** Printable ASCII only: the 3.x text is an ANSI C string. */
function ascii(v: unknown, what: string, max: number): string {
  const s = text(v, what, max);
  if (!/^[\x20-\x7e]*$/.test(s)) throw new EncodeError(`${what}: printable ASCII characters are required`);
  return s;
}

/** A zero-terminated WORD array (null when empty). */
function wordList(a: Arena, v: unknown, what: string): Block | null {
  const items = list(v, what, 64).map((x, i) => int(x, `${what}[${i}]`, 1, 0xffff));
  if (!items.length) return null;
  const buf = Buffer.alloc(2 * (items.length + 1));
  items.forEach((w, i) => buf.writeUInt16LE(w, 2 * i));
  return a.bytes(buf);
}

const short = (v: unknown, what: string): number => int(v, what, -0x8000, 0x7fff);

/** A form or field name: printable ASCII, no '=' (it separates names from values in the 3.x lists). */
function name(v: unknown, what: string): string {
  const s = ascii(v, what, 256);
  if (s === '' || s.includes('=')) throw new EncodeError(`${what}: a non-empty name without '=' is required`);
  return s;
}

function fieldValues(v: unknown): string[] {
  const o = obj(v, 'fields');
  const names = Object.keys(o);
  if (names.length > 256) throw new EncodeError('fields: at most 256 fields');
  return names.map((n) => `${name(n, 'fields')}=${ascii(o[n], `fields.${n}`, 4096)}`);
}

function formHeader(ctx: CodecContext, p: bigint): TtuFormHeader {
  const v320 = ctx.vnum >= 320;
  const r = readStruct(ctx.mem, p, v320 ? S.TTU_FRM_HEADER_V320 : S.TTU_FRM_HEADER_V300);
  const h: TtuFormHeader = {
    formName: readString(ctx.mem, r.ptr('lpszFormName')), width: r.u16('wWidth'), height: r.u16('wHeight'),
    versionMajor: r.u16('wVersionMajor'), versionMinor: r.u16('wVersionMinor'), charSupport: r.u16('fwCharSupport'),
    fields: readStringList(ctx.mem, r.ptr('lpszFields')),
  };
  if (v320) h.languageId = r.u16('wLanguageID');
  return h;
}

function formField(ctx: CodecContext, p: bigint): TtuFormField {
  const v320 = ctx.vnum >= 320;
  const r = readStruct(ctx.mem, p, v320 ? S.TTU_FRM_FIELD_V320 : S.TTU_FRM_FIELD_V300);
  const f: TtuFormField = {
    fieldName: readString(ctx.mem, r.ptr('lpszFieldName')), type: r.u16('fwType'), class: r.u16('fwClass'),
    access: r.u16('fwAccess'), overflow: r.u16('fwOverflow'), format: readString(ctx.mem, r.ptr('lpszFormat')),
  };
  if (v320) f.languageId = r.u16('wLanguageID');
  return f;
}

/** "NAME=VALUE" entries as an object (a value may itself hold '='). */
function readFields(ctx: CodecContext, p: bigint): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readStringList(ctx.mem, p)) {
    const eq = entry.indexOf('=');
    if (eq > 0) out[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  return out;
}

function fieldFailure(ctx: CodecContext, p: bigint): TtuFieldFailure {
  const r = readStruct(ctx.mem, p, S.TTU_FIELD_FAIL);
  return { formName: readString(ctx.mem, r.ptr('lpszFormName')), fieldName: readString(ctx.mem, r.ptr('lpszFieldName')), failure: r.u16('wFailure') };
}

const execute: CommandCodec[] = [
  { code: TTU_CMD.BEEP, name: 'WFS_CMD_TTU_BEEP', encode: (a, input) => a.u16(word(obj(input, 'BEEP').beep, 'beep')) },
  {
    code: TTU_CMD.CLEARSCREEN, name: 'WFS_CMD_TTU_CLEARSCREEN',
    encode: (a, input) => {
      if (input === undefined) return null;
      const o = obj(input, 'CLEARSCREEN');
      return a.struct(S.TTU_CLEAR_SCREEN).u16('wPositionX', word(o.positionX, 'positionX')).u16('wPositionY', word(o.positionY, 'positionY'))
        .u16('wWidth', word(o.width, 'width')).u16('wHeight', word(o.height, 'height'));
    },
  },
  {
    code: TTU_CMD.SET_RESOLUTION, name: 'WFS_CMD_TTU_SET_RESOLUTION',
    encode: (a, input) => {
      const o = obj(input, 'SET_RESOLUTION');
      return a.struct(S.TTU_RESOLUTION).u16('wSizeX', word(o.sizeX, 'sizeX')).u16('wSizeY', word(o.sizeY, 'sizeY'));
    },
  },
  {
    code: TTU_CMD.WRITE, name: 'WFS_CMD_TTU_WRITE',
    encode: (a, input) => {
      const o = obj(input, 'WRITE');
      return a.struct(S.TTU_WRITE).u16('fwMode', word(o.mode, 'mode')).i16('wPosX', short(o.posX, 'posX')).i16('wPosY', short(o.posY, 'posY'))
        .u16('fwTextAttr', word(o.textAttr, 'textAttr')).ptr('lpsText', a.string(ascii(o.text, 'text', 4000))).ptr('lpsUNICODEText', null);
    },
  },
  {
    code: TTU_CMD.READ, name: 'WFS_CMD_TTU_READ',
    encode: (a, input) => {
      const o = obj(input, 'READ');
      const keys = ascii(o.activeKeys, 'activeKeys', 255);
      return a.struct(S.TTU_READ).u16('wNumOfChars', word(o.numOfChars, 'numOfChars')).u16('fwMode', word(o.mode, 'mode'))
        .i16('wPosX', short(o.posX, 'posX')).i16('wPosY', short(o.posY, 'posY')).u16('fwEchoMode', word(o.echoMode, 'echoMode'))
        .u16('fwEchoAttr', word(o.echoAttr, 'echoAttr')).bool('bCursor', bool(o.cursor, 'cursor')).bool('bFlush', bool(o.flush, 'flush'))
        .bool('bAutoEnd', bool(o.autoEnd, 'autoEnd')).ptr('lpszActiveKeys', keys ? a.string(keys) : null).ptr('lpwszActiveUNICODEKeys', null)
        .ptr('lpwActiveCommandKeys', wordList(a, o.activeCommandKeys, 'activeCommandKeys'))
        .ptr('lpwTerminateCommandKeys', wordList(a, o.terminateCommandKeys, 'terminateCommandKeys'));
    },
    decode: (ctx, p) => (p === 0n ? '' : readString(ctx.mem, readStruct(ctx.mem, p, S.TTU_READ_IN).ptr('lpszInput'))),
  },
  { code: TTU_CMD.RESET, name: 'WFS_CMD_TTU_RESET' },
  {
    code: TTU_CMD.WRITE_FORM, name: 'WFS_CMD_TTU_WRITE_FORM',
    encode: (a, input) => {
      const o = obj(input, 'WRITE_FORM');
      return a.struct(S.TTU_WRITE_FORM).ptr('lpszFormName', a.string(name(o.formName, 'formName'))).bool('bClearScreen', bool(o.clearScreen, 'clearScreen'))
        .ptr('lpszFields', a.stringList(fieldValues(o.fields))).ptr('lpszUNICODEFields', null);
    },
  },
  {
    code: TTU_CMD.READ_FORM, name: 'WFS_CMD_TTU_READ_FORM',
    encode: (a, input) => {
      const o = obj(input, 'READ_FORM');
      const names = o.fieldNames === undefined ? undefined : list(o.fieldNames, 'fieldNames', 256).map((n, i) => name(n, `fieldNames[${i}]`));
      return a.struct(S.TTU_READ_FORM).ptr('lpszFormName', a.string(name(o.formName, 'formName')))
        .ptr('lpszFieldNames', names?.length ? a.stringList(names) : null);
    },
    decode: (ctx, p) => (p === 0n ? {} : readFields(ctx, readStruct(ctx.mem, p, S.TTU_READ_FORM_OUT).ptr('lpszFields'))),
  },
  {
    code: TTU_CMD.DEFINE_KEYS, name: 'WFS_CMD_TTU_DEFINE_KEYS',
    encode: (a, input) => {
      const o = obj(input, 'DEFINE_KEYS');
      const keys = ascii(o.activeKeys, 'activeKeys', 255);
      return a.struct(S.TTU_DEF_KEYS).ptr('lpszActiveKeys', keys ? a.string(keys) : null).ptr('lpwszActiveUNICODEKeys', null)
        .ptr('lpwActiveCommandKeys', wordList(a, o.activeCommandKeys, 'activeCommandKeys'))
        .ptr('lpwTerminateCommandKeys', wordList(a, o.terminateCommandKeys, 'terminateCommandKeys'));
    },
  },
];

const info: CommandCodec[] = [
  { code: TTU_INF.STATUS, name: 'WFS_INF_TTU_STATUS', decode: status },
  { code: TTU_INF.CAPABILITIES, name: 'WFS_INF_TTU_CAPABILITIES', decode: capabilities },
  { code: TTU_INF.FORM_LIST, name: 'WFS_INF_TTU_FORM_LIST', decode: (ctx, p) => readStringList(ctx.mem, p) },
  { code: TTU_INF.KEY_DETAIL, name: 'WFS_INF_TTU_KEY_DETAIL', decode: keyDetail },
  {
    code: TTU_INF.QUERY_FORM, name: 'WFS_INF_TTU_QUERY_FORM',
    encode: (a, input) => a.string(name(obj(input, 'QUERY_FORM').formName, 'formName')), decode: formHeader,
  },
  {
    code: TTU_INF.QUERY_FIELD, name: 'WFS_INF_TTU_QUERY_FIELD',
    encode: (a, input) => {
      const o = obj(input, 'QUERY_FIELD');
      return a.struct(S.TTU_QUERY_FIELD).ptr('lpszFormName', a.string(name(o.formName, 'formName')))
        .ptr('lpszFieldName', o.fieldName === undefined ? null : a.string(name(o.fieldName, 'fieldName')));
    },
    decode: (ctx, p) => readPointerArray(ctx.mem, p).map((q) => formField(ctx, q)),
  },
];

const events: EventCodec[] = [
  { id: O + 1, name: 'WFS_EXEE_TTU_FIELDERROR', kind: 'execute', decode: fieldFailure },
  { id: O + 2, name: 'WFS_EXEE_TTU_FIELDWARNING', kind: 'execute', decode: fieldFailure },
  {
    id: O + 3, name: 'WFS_EXEE_TTU_KEY', kind: 'execute',
    decode: (ctx, p): TtuKey => {
      const r = readStruct(ctx.mem, p, S.TTU_KEY);
      const c = r.u8('cKey');
      return { key: c ? String.fromCharCode(c) : '', commandKey: r.u16('wCommandKey') };
    },
  },
];

export const ttuCodecs = classCodecs('TTU', execute, info, events);
