// PIN codecs: status, capabilities, key and function key details, PIN/data entry with its key
// events, PIN blocks, key import, encryption and initialization. Sensitive buffers (keys, PIN
// blocks, crypto data) pass through as Buffers and are never turned into text here.
import type { Arena, Block } from '../arena.ts';
import { bool, bytes, classCodecs, dword, EncodeError, int, obj, text, word } from '../codec.ts';
import type { CodecContext, CommandCodec, EventCodec } from '../codec.ts';
import type { PinCapabilities, PinEtsCaps, PinFuncKeyDetail, PinKeyDetail, PinKeyPress, PinLayout, PinPciPtsDeviceId, PinSecureKeyDetail, PinStatus } from './types.ts';
import { readBytes, readCountedPointers, readDwordArray, readExtra, readPointerArray, readString, readStruct } from '../memory.ts';
import * as S from './structs.ts';
import { xdata, xdataBlock } from './xdata.ts';
import { pinCertEvents, pinCertExecute } from './codec-cert.ts';

const O = 400;
export const PIN_CMD = {
  CRYPT: O + 1, IMPORT_KEY: O + 3, GET_PIN: O + 5, GET_PINBLOCK: O + 7, GET_DATA: O + 8, INITIALIZATION: O + 9, LOCAL_DES: O + 10, LOCAL_VISA: O + 12, DERIVE_KEY: O + 14, PRESENT_IDC: O + 15, RESET: O + 18,
  EXPORT_RSA_ISSUER_SIGNED_ITEM: O + 27, GENERATE_RSA_KEY_PAIR: O + 29, EXPORT_RSA_EPP_SIGNED_ITEM: O + 30, GET_CERTIFICATE: O + 32, START_KEY_EXCHANGE: O + 34,
  DIGEST: O + 37, SECUREKEY_ENTRY: O + 38, GENERATE_KCV: O + 39, MAINTAIN_PIN: O + 42, KEYPRESS_BEEP: O + 43, SET_PINBLOCK_DATA: O + 44,
  DEFINE_LAYOUT: O + 50,
} as const;
export const PIN_INF = {
  STATUS: O + 1, CAPABILITIES: O + 2, KEY_DETAIL: O + 4, FUNCKEY_DETAIL: O + 5, SECUREKEY_DETAIL: O + 8, QUERY_PCIPTS_DEVICE_ID: O + 10, GET_LAYOUT: O + 11,
} as const;
/** WFS_PIN_FK_* */
export const PIN_FK = {
  ZERO: 0x1, ONE: 0x2, TWO: 0x4, THREE: 0x8, FOUR: 0x10, FIVE: 0x20, SIX: 0x40, SEVEN: 0x80, EIGHT: 0x100, NINE: 0x200,
  ENTER: 0x400, CANCEL: 0x800, CLEAR: 0x1000, BACKSPACE: 0x2000, HELP: 0x4000, DECPOINT: 0x8000, DOUBLE_ZERO: 0x10000,
  TRIPLE_ZERO: 0x20000,
} as const;
export const PIN_USE = { CRYPT: 0x1, FUNCTION: 0x2, MACING: 0x4, KEYENCKEY: 0x20 } as const;
export const PIN_MODE = { ENCRYPT: 1, DECRYPT: 2, RANDOM: 3 } as const;
export const PIN_ALGORITHM = { DESECB: 0x1, DESCBC: 0x2, DESMAC: 0x20, TRIDESECB: 0x40, TRIDESCBC: 0x80, TRIDESMAC: 0x200 } as const;
export const PIN_FORMAT = { IBM3624: 0x1, ANSI: 0x2, ISO0: 0x4, ISO1: 0x8, ISO3: 0x2000 } as const;

const v320 = (ctx: CodecContext): boolean => ctx.vnum >= 320;
const v330 = (ctx: CodecContext): boolean => ctx.vnum >= 330;


function status(ctx: CodecContext, p: bigint): PinStatus {
  const r = readStruct(ctx.mem, p, v320(ctx) ? S.PIN_STATUS_V320 : S.PIN_STATUS_V300);
  const s: PinStatus = { device: r.u16('fwDevice'), encStat: r.u16('fwEncStat'), extra: readExtra(ctx.mem, r.ptr('lpszExtra')) };
  if (v320(ctx)) {
    Object.assign(s, {
      guidLights: r.u32s('dwGuidLights'), autoBeepMode: r.u16('fwAutoBeepMode'), certificateState: r.u32('dwCertificateState'),
      devicePosition: r.u16('wDevicePosition'), powerSaveRecoveryTime: r.u16('usPowerSaveRecoveryTime'),
      antiFraudModule: r.u16('wAntiFraudModule'),
    });
  }
  return s;
}

function capabilities(ctx: CodecContext, p: bigint): PinCapabilities {
  const r = readStruct(ctx.mem, p, v330(ctx) ? S.PIN_CAPS_V330 : v320(ctx) ? S.PIN_CAPS_V320 : S.PIN_CAPS_V300);
  const c: PinCapabilities = {
    class: r.u16('wClass'), type: r.u16('fwType'), compound: r.bool('bCompound'), keyNum: r.u16('usKeyNum'),
    algorithms: r.u16('fwAlgorithms'), pinFormats: r.u16('fwPinFormats'), derivationAlgorithms: r.u16('fwDerivationAlgorithms'),
    presentationAlgorithms: r.u16('fwPresentationAlgorithms'), display: r.u16('fwDisplay'), idConnect: r.bool('bIDConnect'),
    idKey: r.u16('fwIDKey'), validationAlgorithms: r.u16('fwValidationAlgorithms'), keyCheckModes: r.u16('fwKeyCheckModes'),
    extra: readExtra(ctx.mem, r.ptr('lpszExtra')),
  };
  if (v320(ctx)) {
    const vendor = r.ptr('lpsHSMVendor');
    Object.assign(c, {
      guidLights: r.u32s('dwGuidLights'), pinCanPersistAfterUse: r.bool('bPINCanPersistAfterUse'), autoBeep: r.u16('fwAutoBeep'),
      hsmVendor: vendor === 0n ? '' : readString(ctx.mem, vendor), keyImportThroughParts: r.bool('bKeyImportThroughParts'),
      typeCombined: r.bool('bTypeCombined'), setPinblockDataRequired: r.bool('bSetPinblockDataRequired'),
      keyBlockImportFormats: r.u16('fwKeyBlockImportFormats'), powerSaveControl: r.bool('bPowerSaveControl'),
      antiFraudModule: r.bool('bAntiFraudModule'),
    });
  }
  if (v330(ctx)) {
    Object.assign(c, {
      desKeyLength: r.u16('wDESKeyLength'), synchronizableCommands: readDwordArray(ctx.mem, r.ptr('lpdwSynchronizableCommands')),
    });
    const ets = r.ptr('lpETSCaps');
    if (ets !== 0n) c.etsCaps = etsCaps(ctx, ets);
  }
  return c;
}

function etsCaps(ctx: CodecContext, p: bigint): PinEtsCaps {
  const r = readStruct(ctx.mem, p, S.PIN_ETS_CAPS);
  return {
    x: r.i32('lXPos'), y: r.i32('lYPos'), width: r.u16('usXSize'), height: r.u16('usYSize'), maxFrames: r.u16('wMaximumTouchFrames'),
    maxKeys: r.u16('wMaximumTouchKeys'), floatFlags: r.u16('wFloatFlags'),
  };
}

function keyDetails(ctx: CodecContext, p: bigint): PinKeyDetail[] {
  return readPointerArray(ctx.mem, p).map((q) => {
    const r = readStruct(ctx.mem, q, v320(ctx) ? S.PIN_KEY_DETAIL_V320 : S.PIN_KEY_DETAIL_V300);
    const d: PinKeyDetail = { keyName: readString(ctx.mem, r.ptr('lpsKeyName')), use: r.u16('fwUse'), loaded: r.bool('bLoaded') };
    if (v320(ctx)) {
      const header = xdata(ctx, r.ptr('lpxKeyBlockHeader'));
      d.keyBlockHeader = header === null ? null : header.toString('latin1');
    }
    return d;
  });
}

function funcKeyDetail(ctx: CodecContext, p: bigint): PinFuncKeyDetail {
  const r = readStruct(ctx.mem, p, S.PIN_FUNCKEY_DETAIL);
  const fdks = readCountedPointers(ctx.mem, r.ptr('lppFDKs'), r.u16('usNumberFDKs')).map((q) => {
    const f = readStruct(ctx.mem, q, S.PIN_FDK);
    return { fdk: f.u32('ulFDK'), x: f.u16('usXPosition'), y: f.u16('usYPosition') };
  });
  return { funcMask: r.u32('ulFuncMask'), fdks };
}

/** lppHexKeys has wColumns * wRows entries (no terminating NULL is promised). */
function secureKeyDetail(ctx: CodecContext, p: bigint): PinSecureKeyDetail {
  const r = readStruct(ctx.mem, p, S.PIN_SECUREKEY_DETAIL);
  const columns = r.u16('wColumns');
  const rows = r.u16('wRows');
  const hexKeys = readCountedPointers(ctx.mem, r.ptr('lppHexKeys'), columns * rows).map((q) => {
    if (q === 0n) return { x: 0, y: 0, width: 0, height: 0, fk: 0, shiftFk: 0 };
    const k = readStruct(ctx.mem, q, S.PIN_HEX_KEYS);
    return { x: k.u16('usXPos'), y: k.u16('usYPos'), width: k.u16('usXSize'), height: k.u16('usYSize'), fk: k.u32('ulFK'), shiftFk: k.u32('ulShiftFK') };
  });
  const detail = r.ptr('lpFuncKeyDetail');
  return {
    keyEntryMode: r.u16('fwKeyEntryMode'), funcKeyDetail: detail === 0n ? null : funcKeyDetail(ctx, detail),
    clearFdk: r.u32('ulClearFDK'), cancelFdk: r.u32('ulCancelFDK'), backspaceFdk: r.u32('ulBackspaceFDK'), enterFdk: r.u32('ulEnterFDK'),
    columns, rows, hexKeys,
  };
}

function keyPress(ctx: CodecContext, p: bigint): PinKeyPress {
  const r = readStruct(ctx.mem, p, S.PIN_KEY);
  return { completion: r.u16('wCompletion'), digit: r.u32('ulDigit') };
}

const optionalText = (a: Arena, v: unknown, what: string): Block | null => (v === undefined ? null : a.string(text(v, what, 64)));
const optionalBytes = (a: Arena, v: unknown, what: string): Block | null => (v === undefined ? null : xdataBlock(a, bytes(v, what, 0xffff)));

function entryFields(o: Record<string, unknown>): { maxLen: number; autoEnd: boolean; activeKeys: number; terminateKeys: number; activeFdks: number; terminateFdks: number } {
  if (typeof o.autoEnd !== 'boolean') throw new EncodeError('autoEnd: a boolean is required');
  return {
    maxLen: word(o.maxLen, 'maxLen'), autoEnd: o.autoEnd, activeKeys: dword(o.activeKeys, 'activeKeys'),
    terminateKeys: dword(o.terminateKeys, 'terminateKeys'), activeFdks: o.activeFdks === undefined ? 0 : dword(o.activeFdks, 'activeFdks'),
    terminateFdks: o.terminateFdks === undefined ? 0 : dword(o.terminateFdks, 'terminateFdks'),
  };
}

/** WFSPINBLOCK: customer data NULL when the format needs none (both XFS4IoT releases make it optional). */
function pinBlock(a: Arena, input: unknown, what: string): Block {
  const o = obj(input, what);
  return a.struct(S.PIN_BLOCK).ptr('lpsCustomerData', optionalText(a, o.customerData, 'customerData'))
    .ptr('lpsXORData', optionalText(a, o.xorData, 'xorData')).chars('bPadding', String.fromCharCode(int(o.padding, 'padding', 0, 15)))
    .u16('wFormat', word(o.format, 'format')).ptr('lpsKey', a.string(text(o.key, 'key', 64)))
    .ptr('lpsKeyEncKey', optionalText(a, o.keyEncKey, 'keyEncKey'));
}

/** WFSPINLAYOUT (3.30): frames counted, each frame's keys a NULL-terminated list. */
function layout(ctx: CodecContext, p: bigint): PinLayout {
  const r = readStruct(ctx.mem, p, S.PIN_LAYOUT);
  const frames = readCountedPointers(ctx.mem, r.ptr('lppFrames'), r.u16('usNumberOfFrames')).map((q) => {
    const f = readStruct(ctx.mem, q, S.PIN_FRAME);
    const keys = readPointerArray(ctx.mem, f.ptr('lppFKs')).map((k) => {
      const fk = readStruct(ctx.mem, k, S.PIN_FK);
      return {
        x: fk.u16('usXPos'), y: fk.u16('usYPos'), width: fk.u16('usXSize'), height: fk.u16('usYSize'), keyType: fk.u16('wKeyType'),
        fk: fk.u32('ulFK'), shiftFk: fk.u32('ulShiftFK'),
      };
    });
    return { x: f.u16('usFrameXPos'), y: f.u16('usFrameYPos'), width: f.u16('usFrameXSize'), height: f.u16('usFrameYSize'), floatAction: f.u16('wFloatAction'), keys };
  });
  return { entryMode: r.u32('dwEntryMode'), frames };
}

function layoutBlock(a: Arena, input: unknown): Block {
  const o = obj(input, 'layout');
  if (!Array.isArray(o.frames)) throw new EncodeError('frames: an array is required');
  const frames = o.frames.map((frameInput: unknown) => {
    const f = obj(frameInput, 'frame');
    if (!Array.isArray(f.keys)) throw new EncodeError('keys: an array is required');
    const keys = f.keys.map((keyInput: unknown) => {
      const k = obj(keyInput, 'key');
      return a.struct(S.PIN_FK).u16('usXPos', word(k.x, 'x')).u16('usYPos', word(k.y, 'y')).u16('usXSize', word(k.width, 'width'))
        .u16('usYSize', word(k.height, 'height')).u16('wKeyType', word(k.keyType, 'keyType')).u32('ulFK', dword(k.fk, 'fk'))
        .u32('ulShiftFK', dword(k.shiftFk, 'shiftFk'));
    });
    return a.struct(S.PIN_FRAME).u16('usFrameXPos', word(f.x, 'x')).u16('usFrameYPos', word(f.y, 'y')).u16('usFrameXSize', word(f.width, 'width'))
      .u16('usFrameYSize', word(f.height, 'height')).u16('wFloatAction', word(f.floatAction, 'floatAction')).ptr('lppFKs', a.pointerArray(keys));
  });
  if (frames.length > 0xffff) throw new EncodeError('frames: at most 65535');
  return a.struct(S.PIN_LAYOUT).u32('dwEntryMode', dword(o.entryMode, 'entryMode')).u16('usNumberOfFrames', frames.length)
    .ptr('lppFrames', frames.length ? a.pointerArray(frames) : null);
}

const execute: CommandCodec[] = [
  {
    code: PIN_CMD.GET_PIN, name: 'WFS_CMD_PIN_GET_PIN',
    encode: (a, input) => {
      const o = obj(input, 'GET_PIN');
      const e = entryFields(o);
      return a.struct(S.PIN_GETPIN).u16('usMinLen', word(o.minLen, 'minLen')).u16('usMaxLen', e.maxLen).bool('bAutoEnd', e.autoEnd)
        .chars('cEcho', '*').u32('ulActiveFDKs', e.activeFdks).u32('ulActiveKeys', e.activeKeys)
        .u32('ulTerminateFDKs', e.terminateFdks).u32('ulTerminateKeys', e.terminateKeys);
    },
    decode: (ctx, p) => {
      const r = readStruct(ctx.mem, p, S.PIN_ENTRY);
      return { digits: r.u16('usDigits'), completion: r.u16('wCompletion') };
    },
  },
  {
    code: PIN_CMD.GET_DATA, name: 'WFS_CMD_PIN_GET_DATA',
    encode: (a, input) => {
      const e = entryFields(obj(input, 'GET_DATA'));
      return a.struct(S.PIN_GETDATA).u16('usMaxLen', e.maxLen).bool('bAutoEnd', e.autoEnd).u32('ulActiveFDKs', e.activeFdks)
        .u32('ulActiveKeys', e.activeKeys).u32('ulTerminateFDKs', e.terminateFdks).u32('ulTerminateKeys', e.terminateKeys);
    },
    decode: (ctx, p) => {
      const r = readStruct(ctx.mem, p, S.PIN_DATA);
      return { keys: readCountedPointers(ctx.mem, r.ptr('lpPinKeys'), r.u16('usKeys')).map((q) => keyPress(ctx, q)), completion: r.u16('wCompletion') };
    },
  },
  {
    code: PIN_CMD.GET_PINBLOCK, name: 'WFS_CMD_PIN_GET_PINBLOCK',
    encode: (a, input) => pinBlock(a, input, 'GET_PINBLOCK'),
    decode: (ctx, p) => xdata(ctx, p),
  },
  // 3.20: the same WFSPINBLOCK before the PIN entry, for EPPs that need it then; no output.
  { code: PIN_CMD.SET_PINBLOCK_DATA, name: 'WFS_CMD_PIN_SET_PINBLOCK_DATA', encode: (a, input) => pinBlock(a, input, 'SET_PINBLOCK_DATA') },
  {
    code: PIN_CMD.IMPORT_KEY, name: 'WFS_CMD_PIN_IMPORT_KEY',
    encode: (a, input) => {
      const o = obj(input, 'IMPORT_KEY');
      return a.struct(S.PIN_IMPORT).ptr('lpsKey', a.string(text(o.key, 'key', 64))).ptr('lpsEncKey', optionalText(a, o.encKey, 'encKey'))
        .ptr('lpxIdent', optionalBytes(a, o.ident, 'ident')).ptr('lpxValue', optionalBytes(a, o.value, 'value')).u16('fwUse', word(o.use, 'use'));
    },
    decode: (ctx, p) => xdata(ctx, p),
  },
  {
    code: PIN_CMD.CRYPT, name: 'WFS_CMD_PIN_CRYPT',
    encode: (a, input) => {
      const o = obj(input, 'CRYPT');
      return a.struct(S.PIN_CRYPT).u16('wMode', word(o.mode, 'mode')).ptr('lpsKey', optionalText(a, o.key, 'key'))
        .u16('wAlgorithm', word(o.algorithm, 'algorithm')).ptr('lpxStartValue', optionalBytes(a, o.startValue, 'startValue'))
        .chars('bPadding', String.fromCharCode(int(o.padding, 'padding', 0, 255))).ptr('lpxCryptData', optionalBytes(a, o.data, 'data'));
    },
    decode: (ctx, p) => xdata(ctx, p),
  },
  {
    code: PIN_CMD.INITIALIZATION, name: 'WFS_CMD_PIN_INITIALIZATION',
    encode: (a, input) => {
      if (input === undefined) return null;
      const o = obj(input, 'INITIALIZATION');
      return a.struct(S.PIN_INIT).ptr('lpxIdent', optionalBytes(a, o.ident, 'ident')).ptr('lpxKey', optionalBytes(a, o.key, 'key'));
    },
    decode: (ctx, p) => xdata(ctx, p),
  },
  { code: PIN_CMD.RESET, name: 'WFS_CMD_PIN_RESET' },
  {
    code: PIN_CMD.LOCAL_DES, name: 'WFS_CMD_PIN_LOCAL_DES',
    encode: (a, input) => {
      const o = obj(input, 'LOCAL_DES');
      return a.struct(S.PIN_LOCAL_DES).ptr('lpsValidationData', a.string(text(o.validationData, 'validationData', 16)))
        .ptr('lpsOffset', optionalText(a, o.offset, 'offset')).u8('bPadding', int(o.padding, 'padding', 0, 15))
        .u16('usMaxPIN', word(o.maxPin, 'maxPin')).u16('usValDigits', word(o.valDigits, 'valDigits')).bool('bNoLeadingZero', bool(o.noLeadingZero, 'noLeadingZero'))
        .ptr('lpsKey', a.string(text(o.key, 'key', 64))).ptr('lpxKeyEncKey', optionalBytes(a, o.keyEncKey, 'keyEncKey'))
        .ptr('lpsDecTable', a.string(text(o.decTable, 'decTable', 16)));
    },
    // LPBOOL lpbResult
    decode: (ctx, p) => p !== 0n && Buffer.from(ctx.mem.read(p, 4)).readInt32LE(0) !== 0,
  },
  {
    code: PIN_CMD.PRESENT_IDC, name: 'WFS_CMD_PIN_PRESENT_IDC',
    encode: (a, input) => {
      const o = obj(input, 'PRESENT_IDC');
      const data = bytes(o.chipData, 'chipData');
      const clear = a.struct(S.PIN_PRESENT_CLEAR).u32('ulPINPointer', dword(o.pinPointer, 'pinPointer')).u16('usPINOffset', word(o.pinOffset, 'pinOffset'));
      return a.struct(S.PIN_PRESENT_IDC).u16('wPresentAlgorithm', word(o.algorithm, 'algorithm')).u16('wChipProtocol', word(o.protocol, 'protocol'))
        .u32('ulChipDataLength', data.length).ptr('lpbChipData', data.length ? a.bytes(data) : null).ptr('lpAlgorithmData', clear);
    },
    decode: (ctx, p) => {
      const r = readStruct(ctx.mem, p, S.PIN_PRESENT_RESULT);
      return { protocol: r.u16('wChipProtocol'), data: readBytes(ctx.mem, r.ptr('lpbChipData'), r.u32('ulChipDataLength')) };
    },
  },
  {
    code: PIN_CMD.LOCAL_VISA, name: 'WFS_CMD_PIN_LOCAL_VISA',
    encode: (a, input) => {
      const o = obj(input, 'LOCAL_VISA');
      return a.struct(S.PIN_LOCAL_VISA).ptr('lpsPAN', a.string(text(o.pan, 'pan', 23))).ptr('lpsPVV', a.string(text(o.pvv, 'pvv', 16)))
        .u16('wPVVDigits', word(o.pvvDigits, 'pvvDigits')).ptr('lpsKey', a.string(text(o.key, 'key', 64)))
        .ptr('lpxKeyEncKey', optionalBytes(a, o.keyEncKey, 'keyEncKey'));
    },
    // LPBOOL lpbResult
    decode: (ctx, p) => p !== 0n && Buffer.from(ctx.mem.read(p, 4)).readInt32LE(0) !== 0,
  },
  {
    code: PIN_CMD.DERIVE_KEY, name: 'WFS_CMD_PIN_DERIVE_KEY',
    encode: (a, input) => {
      const o = obj(input, 'DERIVE_KEY');
      return a.struct(S.PIN_DERIVE).u16('wDerivationAlgorithm', word(o.algorithm, 'algorithm')).ptr('lpsKey', a.string(text(o.key, 'key', 64)))
        .ptr('lpsKeyGenKey', a.string(text(o.keyGenKey, 'keyGenKey', 64))).ptr('lpsStartValueKey', optionalText(a, o.startValueKey, 'startValueKey'))
        .ptr('lpxStartValue', optionalBytes(a, o.startValue, 'startValue')).u8('bPadding', int(o.padding, 'padding', 0, 255))
        .ptr('lpxInputData', xdataBlock(a, bytes(o.inputData, 'inputData', 0xffff))).ptr('lpxIdent', optionalBytes(a, o.ident, 'ident'));
    },
  },
  {
    code: PIN_CMD.GENERATE_KCV, name: 'WFS_CMD_PIN_GENERATE_KCV',
    encode: (a, input) => {
      const o = obj(input, 'GENERATE_KCV');
      return a.struct(S.PIN_GENERATE_KCV).ptr('lpsKey', a.string(text(o.key, 'key', 64))).u16('wKeyCheckMode', word(o.keyCheckMode, 'keyCheckMode'));
    },
    decode: (ctx, p) => xdata(ctx, readStruct(ctx.mem, p, S.PIN_KCV).ptr('lpxKCV')),
  },
  {
    code: PIN_CMD.DIGEST, name: 'WFS_CMD_PIN_DIGEST',
    encode: (a, input) => {
      const o = obj(input, 'DIGEST');
      return a.struct(S.PIN_DIGEST).u16('wHashAlgorithm', word(o.hashAlgorithm, 'hashAlgorithm'))
        .ptr('lpxDigestInput', xdataBlock(a, bytes(o.data, 'data', 0xffff)));
    },
    decode: (ctx, p) => xdata(ctx, readStruct(ctx.mem, p, S.PIN_DIGEST_OUTPUT).ptr('lpxDigestOutput')),
  },
  {
    code: PIN_CMD.MAINTAIN_PIN, name: 'WFS_CMD_PIN_MAINTAIN_PIN',
    encode: (a, input) => a.struct(S.PIN_MAINTAIN_PIN).bool('bMaintainPIN', bool(obj(input, 'MAINTAIN_PIN').maintainPin, 'maintainPin')),
  },
  { code: PIN_CMD.KEYPRESS_BEEP, name: 'WFS_CMD_PIN_KEYPRESS_BEEP', encode: (a, input) => a.u16(word(obj(input, 'KEYPRESS_BEEP').mode, 'mode')) },
  {
    code: PIN_CMD.SECUREKEY_ENTRY, name: 'WFS_CMD_PIN_SECUREKEY_ENTRY',
    encode: (a, input) => {
      const o = obj(input, 'SECUREKEY_ENTRY');
      const e = entryFields({ ...o, maxLen: o.keyLen });
      return a.struct(S.PIN_SECUREKEY_ENTRY).u16('usKeyLen', e.maxLen).bool('bAutoEnd', e.autoEnd).u32('ulActiveFDKs', e.activeFdks)
        .u32('ulActiveKeys', e.activeKeys).u32('ulTerminateFDKs', e.terminateFdks).u32('ulTerminateKeys', e.terminateKeys)
        .u16('wVerificationType', word(o.verificationType, 'verificationType'));
    },
    decode: (ctx, p) => {
      const r = readStruct(ctx.mem, p, S.PIN_SECUREKEY_ENTRY_OUT);
      return { digits: r.u16('usDigits'), completion: r.u16('wCompletion'), kcv: xdata(ctx, r.ptr('lpxKCV')) };
    },
  },
  {
    // lppLayout: a NULL-terminated array of WFSPINLAYOUT, one per entry mode.
    code: PIN_CMD.DEFINE_LAYOUT, name: 'WFS_CMD_PIN_DEFINE_LAYOUT',
    encode: (a, input) => {
      if (!Array.isArray(input)) throw new EncodeError('DEFINE_LAYOUT: an array of layouts is required');
      return a.pointerArray(input.map((l: unknown) => layoutBlock(a, l)));
    },
  },
  {
    code: PIN_CMD.START_KEY_EXCHANGE, name: 'WFS_CMD_PIN_START_KEY_EXCHANGE',
    decode: (ctx, p) => xdata(ctx, readStruct(ctx.mem, p, S.PIN_START_KEY_EXCHANGE).ptr('lpxRandomItem')),
  },
  {
    code: PIN_CMD.GET_CERTIFICATE, name: 'WFS_CMD_PIN_GET_CERTIFICATE',
    encode: (a, input) => a.struct(S.PIN_GET_CERTIFICATE).u16('wGetCertificate', word(obj(input, 'GET_CERTIFICATE').certificate, 'certificate')),
    decode: (ctx, p) => xdata(ctx, readStruct(ctx.mem, p, S.PIN_GET_CERTIFICATE_OUTPUT).ptr('lpxCertificate')),
  },
  {
    code: PIN_CMD.EXPORT_RSA_ISSUER_SIGNED_ITEM, name: 'WFS_CMD_PIN_EXPORT_RSA_ISSUER_SIGNED_ITEM',
    encode: (a, input) => {
      const o = obj(input, 'EXPORT_RSA_ISSUER_SIGNED_ITEM');
      return a.struct(S.PIN_EXPORT_RSA_ISSUER_SIGNED_ITEM).u16('wExportItemType', word(o.exportItemType, 'exportItemType'))
        .ptr('lpsName', optionalText(a, o.name, 'name'));
    },
    decode: (ctx, p) => {
      const r = readStruct(ctx.mem, p, S.PIN_EXPORT_RSA_ISSUER_SIGNED_ITEM_OUTPUT);
      return { value: xdata(ctx, r.ptr('lpxValue')), signatureAlgorithm: r.u32('dwRSASignatureAlgorithm'), signature: xdata(ctx, r.ptr('lpxSignature')) };
    },
  },
  {
    code: PIN_CMD.GENERATE_RSA_KEY_PAIR, name: 'WFS_CMD_PIN_GENERATE_RSA_KEY_PAIR',
    encode: (a, input) => {
      const o = obj(input, 'GENERATE_RSA_KEY_PAIR');
      return a.struct(S.PIN_GENERATE_RSA_KEY_PAIR).ptr('lpsKey', a.string(text(o.key, 'key', 64))).u32('dwUse', dword(o.use, 'use'))
        .u16('wModulusLength', word(o.modulusLength, 'modulusLength')).u16('wExponentValue', word(o.exponentValue, 'exponentValue'));
    },
  },
  {
    code: PIN_CMD.EXPORT_RSA_EPP_SIGNED_ITEM, name: 'WFS_CMD_PIN_EXPORT_RSA_EPP_SIGNED_ITEM',
    encode: (a, input) => {
      const o = obj(input, 'EXPORT_RSA_EPP_SIGNED_ITEM');
      return a.struct(S.PIN_EXPORT_RSA_EPP_SIGNED_ITEM).u16('wExportItemType', word(o.exportItemType, 'exportItemType'))
        .ptr('lpsName', optionalText(a, o.name, 'name')).ptr('lpsSigKey', optionalText(a, o.sigKey, 'sigKey'))
        .u32('dwSignatureAlgorithm', dword(o.signatureAlgorithm, 'signatureAlgorithm'));
    },
    decode: (ctx, p) => {
      const r = readStruct(ctx.mem, p, S.PIN_EXPORT_RSA_EPP_SIGNED_ITEM_OUTPUT);
      return { value: xdata(ctx, r.ptr('lpxValue')), selfSignature: xdata(ctx, r.ptr('lpxSelfSignature')), signature: xdata(ctx, r.ptr('lpxSignature')) };
    },
  },
  ...pinCertExecute,
];

const info: CommandCodec[] = [
  { code: PIN_INF.STATUS, name: 'WFS_INF_PIN_STATUS', decode: status },
  { code: PIN_INF.CAPABILITIES, name: 'WFS_INF_PIN_CAPABILITIES', decode: capabilities },
  {
    code: PIN_INF.KEY_DETAIL, name: 'WFS_INF_PIN_KEY_DETAIL',
    encode: (a, input) => (input === undefined ? null : a.string(text(input, 'key name', 64))),
    decode: keyDetails,
  },
  {
    code: PIN_INF.FUNCKEY_DETAIL, name: 'WFS_INF_PIN_FUNCKEY_DETAIL',
    encode: (a, input) => a.u32s([dword(obj(input, 'FUNCKEY_DETAIL').fdkMask, 'fdkMask')]),
    decode: funcKeyDetail,
  },
  { code: PIN_INF.SECUREKEY_DETAIL, name: 'WFS_INF_PIN_SECUREKEY_DETAIL', decode: secureKeyDetail },
  {
    // lppLayout: a NULL-terminated array of WFSPINLAYOUT, one per entry mode asked for that has one.
    code: PIN_INF.GET_LAYOUT, name: 'WFS_INF_PIN_GET_LAYOUT',
    encode: (a, input) => a.struct(S.PIN_GET_LAYOUT).u32('dwEntryMode', dword(obj(input, 'GET_LAYOUT').entryMode, 'entryMode')),
    decode: (ctx, p) => readPointerArray(ctx.mem, p).map((q) => layout(ctx, q)),
  },
  {
    code: PIN_INF.QUERY_PCIPTS_DEVICE_ID, name: 'WFS_INF_PIN_QUERY_PCIPTS_DEVICE_ID',
    decode: (ctx, p): PinPciPtsDeviceId => {
      const r = readStruct(ctx.mem, p, S.PIN_PCIPTS_DEVICE_ID);
      const s = (field: string): string => readString(ctx.mem, r.ptr(field));
      return {
        manufacturerIdentifier: s('lpszManufacturerIdentifier'), modelIdentifier: s('lpszModelIdentifier'), hardwareIdentifier: s('lpszHardwareIdentifier'),
        firmwareIdentifier: s('lpszFirmwareIdentifier'), applicationIdentifier: s('lpszApplicationIdentifier'),
      };
    },
  },
];

const events: EventCodec[] = [
  { id: O + 1, name: 'WFS_EXEE_PIN_KEY', kind: 'execute', decode: keyPress },
  {
    id: O + 2, name: 'WFS_SRVE_PIN_INITIALIZED', kind: 'service',
    decode: (ctx, p) => {
      const r = readStruct(ctx.mem, p, S.PIN_INIT);
      return { ident: xdata(ctx, r.ptr('lpxIdent')), key: xdata(ctx, r.ptr('lpxKey')) };
    },
  },
  {
    id: O + 3, name: 'WFS_SRVE_PIN_ILLEGAL_KEY_ACCESS', kind: 'service',
    decode: (ctx, p) => {
      const r = readStruct(ctx.mem, p, S.PIN_ACCESS);
      return { keyName: readString(ctx.mem, r.ptr('lpsKeyName')), errorCode: r.i32('lErrorCode') };
    },
  },
  { id: O + 4, name: 'WFS_SRVE_PIN_OPT_REQUIRED', kind: 'service' },
  ...pinCertEvents,
  { id: O + 8, name: 'WFS_EXEE_PIN_ENTERDATA', kind: 'execute' },
  { id: O + 11, name: 'WFS_EXEE_PIN_LAYOUT', kind: 'execute', decode: layout },
];

export const pinCodecs = classCodecs('PIN', execute, info, events);
