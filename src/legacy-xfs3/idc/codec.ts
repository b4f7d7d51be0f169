// IDC codecs: command input encoders, output decoders and event decoders, per version.
import type { Arena, Block } from '../arena.ts';
import { bool, bytes, classCodecs, dword, EncodeError, int, list, obj, text, word } from '../codec.ts';
import type { CodecContext, CommandCodec, EventCodec } from '../codec.ts';
import type {
  IdcAppData, IdcCapabilities, IdcCardData, IdcEmvClessOutcome, IdcEmvClessTxOutput, IdcEmvClessUi, IdcForm,
  IdcIfmIdentifier, IdcStatus,
} from './types.ts';
import {
  readBytes, readDwordArray, readExtra, readPointerArray, readString, readStringList, readStruct, readWordArray,
} from '../memory.ts';
import * as S from './structs.ts';

const O = 200;
export const IDC_CMD = {
  READ_TRACK: O + 1, WRITE_TRACK: O + 2, EJECT_CARD: O + 3, RETAIN_CARD: O + 4, RESET_COUNT: O + 5, SETKEY: O + 6,
  READ_RAW_DATA: O + 7, WRITE_RAW_DATA: O + 8, CHIP_IO: O + 9, RESET: O + 10, CHIP_POWER: O + 11, PARSE_DATA: O + 12,
  SET_GUIDANCE_LIGHT: O + 13, POWER_SAVE_CONTROL: O + 14, PARK_CARD: O + 15, EMVCLESS_CONFIGURE: O + 16,
  EMVCLESS_PERFORM_TRANSACTION: O + 17, EMVCLESS_ISSUERUPDATE: O + 18, SYNCHRONIZE_COMMAND: O + 19,
} as const;
export const IDC_INF = {
  STATUS: O + 1, CAPABILITIES: O + 2, FORM_LIST: O + 3, QUERY_FORM: O + 4, QUERY_IFM_IDENTIFIER: O + 5,
  EMVCLESS_QUERY_APPLICATIONS: O + 6,
} as const;
/** Data sources / track bits of READ_RAW_DATA (fwReadTracks, wDataSource). */
export const IDC_SOURCE = {
  TRACK1: 0x0001, TRACK2: 0x0002, TRACK3: 0x0004, CHIP: 0x0008, SECURITY: 0x0010, FLUXINACTIVE: 0x0020,
  MEMORY_CHIP: 0x0040, FRONT_TRACK_1: 0x0080, FRONTIMAGE: 0x0100, BACKIMAGE: 0x0200, TRACK1_JIS1: 0x0400,
  TRACK3_JIS1: 0x0800, DDI: 0x4000, TRACK_WM: 0x8000,
} as const;
export const IDC_MEDIA = { PRESENT: 1, NOTPRESENT: 2, JAMMED: 3, NOTSUPP: 4, UNKNOWN: 5, ENTERING: 6, LATCHED: 7 } as const;
export const IDC_DATA_STATUS = { OK: 0, MISSING: 1, INVALID: 2, TOOLONG: 3, TOOSHORT: 4, SRCNOTSUPP: 5, SRCMISSING: 6 } as const;
export const IDC_RETAINBIN = { OK: 1, NOTSUPP: 2, FULL: 3, HIGH: 4, MISSING: 5 } as const;
export const IDC_CHIP_POWER = { COLD: 0x0002, WARM: 0x0004, OFF: 0x0008 } as const;
export const IDC_RESET_ACTION = { NOACTION: 1, EJECT: 2, RETAIN: 3, EJECTTHENRETAIN: 4, READPOSITION: 5 } as const;
export const IDC_CARD_ACTION = { RETAINED: 1, EJECTED: 2, READPOSITION: 3, JAMMED: 4 } as const;

const at = (ctx: CodecContext, v: number): boolean => ctx.vnum >= v;

// ---- decoders ----
function status(ctx: CodecContext, p: bigint): IdcStatus {
  const r = readStruct(ctx.mem, p, at(ctx, 320) ? S.IDC_STATUS_V320 : S.IDC_STATUS_V300);
  const s: IdcStatus = {
    device: r.u16('fwDevice'), media: r.u16('fwMedia'), retainBin: r.u16('fwRetainBin'), security: r.u16('fwSecurity'),
    cards: r.u16('usCards'), chipPower: r.u16('fwChipPower'), extra: readExtra(ctx.mem, r.ptr('lpszExtra')),
  };
  if (at(ctx, 320)) {
    Object.assign(s, {
      guidLights: r.u32s('dwGuidLights'), chipModule: r.u16('fwChipModule'), magReadModule: r.u16('fwMagReadModule'),
      magWriteModule: r.u16('fwMagWriteModule'), frontImageModule: r.u16('fwFrontImageModule'),
      backImageModule: r.u16('fwBackImageModule'), devicePosition: r.u16('wDevicePosition'),
      powerSaveRecoveryTime: r.u16('usPowerSaveRecoveryTime'),
      parkingStationMedia: readWordArray(ctx.mem, r.ptr('lpwParkingStationMedia')),
      antiFraudModule: r.u16('wAntiFraudModule'),
    });
  }
  return s;
}

function capabilities(ctx: CodecContext, p: bigint): IdcCapabilities {
  const def = at(ctx, 330) ? S.IDC_CAPS_V330 : at(ctx, 320) ? S.IDC_CAPS_V320 : S.IDC_CAPS_V300;
  const r = readStruct(ctx.mem, p, def);
  const c: IdcCapabilities = {
    class: r.u16('wClass'), type: r.u16('fwType'), compound: r.bool('bCompound'), readTracks: r.u16('fwReadTracks'),
    writeTracks: r.u16('fwWriteTracks'), chipProtocols: r.u16('fwChipProtocols'), cards: r.u16('usCards'),
    secType: r.u16('fwSecType'), powerOnOption: r.u16('fwPowerOnOption'), powerOffOption: r.u16('fwPowerOffOption'),
    fluxSensorProgrammable: r.bool('bFluxSensorProgrammable'),
    readWriteAccessFollowingEject: r.bool('bReadWriteAccessFollowingEject'), writeMode: r.u16('fwWriteMode'),
    chipPower: r.u16('fwChipPower'), extra: readExtra(ctx.mem, r.ptr('lpszExtra')),
  };
  if (at(ctx, 320)) {
    Object.assign(c, {
      dipMode: r.u16('fwDIPMode'), memoryChipProtocols: readWordArray(ctx.mem, r.ptr('lpwMemoryChipProtocols')),
      guidLights: r.u32s('dwGuidLights'), ejectPosition: r.u16('fwEjectPosition'),
      powerSaveControl: r.bool('bPowerSaveControl'), parkingStations: r.u16('usParkingStations'),
      antiFraudModule: r.bool('bAntiFraudModule'),
    });
  }
  if (at(ctx, 330)) c.synchronizableCommands = readDwordArray(ctx.mem, r.ptr('lpdwSynchronizableCommands'));
  return c;
}

const sep = (n: number): string => (n ? String.fromCharCode(n) : '');

/** WFSIDCFORM in the negotiated version's layout: fields a later version appended are absent. */
function form(ctx: CodecContext, p: bigint): IdcForm {
  const r = readStruct(ctx.mem, p, at(ctx, 320) ? S.IDC_FORM_V320 : at(ctx, 310) ? S.IDC_FORM_V310 : S.IDC_FORM_V300);
  const m = ctx.mem;
  const f: IdcForm = {
    formName: readString(m, r.ptr('lpszFormName')),
    fieldSeparatorTrack1: sep(r.u8('cFieldSeparatorTrack1')), fieldSeparatorTrack2: sep(r.u8('cFieldSeparatorTrack2')),
    fieldSeparatorTrack3: sep(r.u8('cFieldSeparatorTrack3')), action: r.u16('fwAction'),
    tracks: readString(m, r.ptr('lpszTracks')), secure: r.bool('bSecure'),
    track1Fields: readStringList(m, r.ptr('lpszTrack1Fields')), track2Fields: readStringList(m, r.ptr('lpszTrack2Fields')),
    track3Fields: readStringList(m, r.ptr('lpszTrack3Fields')),
  };
  if (at(ctx, 310)) {
    f.frontTrack1Fields = readStringList(m, r.ptr('lpszFrontTrack1Fields'));
    f.fieldSeparatorFrontTrack1 = sep(r.u8('cFieldSeparatorFrontTrack1'));
  }
  if (at(ctx, 320)) {
    f.jis1Track1Fields = readStringList(m, r.ptr('lpszJIS1Track1Fields'));
    f.jis1Track3Fields = readStringList(m, r.ptr('lpszJIS1Track3Fields'));
    f.fieldSeparatorJis1Track1 = sep(r.u8('cFieldSeparatorJIS1Track1'));
    f.fieldSeparatorJis1Track3 = sep(r.u8('cFieldSeparatorJIS1Track3'));
  }
  return f;
}

function hex(ctx: CodecContext, p: bigint): Buffer {
  if (p === 0n) return Buffer.alloc(0);
  const r = readStruct(ctx.mem, p, S.IDC_HEX_DATA);
  return readBytes(ctx.mem, r.ptr('lpbData'), r.u32('ulLength'));
}

export function cardData(ctx: CodecContext, p: bigint): IdcCardData {
  const r = readStruct(ctx.mem, p, S.IDC_CARD_DATA);
  return {
    dataSource: r.u16('wDataSource'), status: r.u16('wStatus'),
    data: readBytes(ctx.mem, r.ptr('lpbData'), r.u32('ulDataLength')), writeMethod: r.u16('fwWriteMethod'),
  };
}

function ui(ctx: CodecContext, p: bigint): IdcEmvClessUi | null {
  if (p === 0n) return null;
  const r = readStruct(ctx.mem, p, S.IDC_EMVCLESS_UI);
  return {
    messageId: r.u16('wMessageId'), status: r.u16('wStatus'), holdTime: r.u32('ulHoldTime'),
    valueQualifier: r.u16('wValueQualifier'), value: readString(ctx.mem, r.ptr('lpszValue')),
    currencyCode: readString(ctx.mem, r.ptr('lpszCurrencyCode')),
    languagePreferenceData: readString(ctx.mem, r.ptr('lpszLanguagePreferenceData')),
  };
}

function outcome(ctx: CodecContext, p: bigint): IdcEmvClessOutcome | null {
  if (p === 0n) return null;
  const r = readStruct(ctx.mem, p, S.IDC_EMVCLESS_OUTCOME);
  return {
    cvm: r.u16('wCVM'), alternateInterface: r.u16('wAlternateInterface'), receipt: r.bool('bReceipt'),
    uiOutcome: ui(ctx, r.ptr('lpClessUIOutcome')), uiRestart: ui(ctx, r.ptr('lpClessUIRestart')),
    fieldOffHoldTime: r.u32('ulClessFieldOffHoldTime'), cardRemovalTimeoutValue: r.u32('ulCardRemovalTimeoutValue'),
    discretionaryData: hex(ctx, r.ptr('lpDiscretionaryData')),
  };
}

function txOutput(ctx: CodecContext, p: bigint): IdcEmvClessTxOutput {
  const r = readStruct(ctx.mem, p, S.IDC_EMVCLESS_TX_OUTPUT);
  return {
    dataSource: r.u16('wDataSource'), txOutcome: r.u16('wTxOutcome'), cardholderAction: r.u16('wCardholderAction'),
    dataRead: hex(ctx, r.ptr('lpDataRead')), outcome: outcome(ctx, r.ptr('lpClessOutcome')),
  };
}

const word16 = (ctx: CodecContext, p: bigint): number => (p === 0n ? 0 : ctx.mem.read(p, 2)[0] | (ctx.mem.read(p, 2)[1] << 8));

// ---- encoders ----
function hexBlock(a: Arena, data: Buffer): Block {
  return a.struct(S.IDC_HEX_DATA).u32('ulLength', data.length).ptr('lpbData', data.length ? a.bytes(data) : null);
}

function cardDataBlock(a: Arena, input: unknown, i: number): Block {
  const o = obj(input, `cardData[${i}]`);
  const data = bytes(o.data, `cardData[${i}].data`);
  return a.struct(S.IDC_CARD_DATA)
    .u16('wDataSource', word(o.dataSource, `cardData[${i}].dataSource`))
    .u16('wStatus', o.status === undefined ? 0 : word(o.status, `cardData[${i}].status`))
    .u32('ulDataLength', data.length).ptr('lpbData', data.length ? a.bytes(data) : null)
    .u16('fwWriteMethod', o.writeMethod === undefined ? 0 : word(o.writeMethod, `cardData[${i}].writeMethod`));
}

function emvConfig(a: Arena, input: unknown): Block {
  const o = obj(input, 'EMVCLESS_CONFIGURE');
  const aids = list(o.aids, 'aids').map((x, i) => {
    const d = obj(x, `aids[${i}]`);
    return a.struct(S.IDC_AID_DATA)
      .ptr('lpAID', hexBlock(a, bytes(d.aid, `aids[${i}].aid`, 16)))
      .bool('bPartialSelection', bool(d.partialSelection, `aids[${i}].partialSelection`))
      .u32('ulTransactionType', dword(d.transactionType, `aids[${i}].transactionType`))
      .ptr('lpKernelIdentifier', hexBlock(a, bytes(d.kernelIdentifier, `aids[${i}].kernelIdentifier`, 16)))
      .ptr('lpConfigData', hexBlock(a, bytes(d.configData, `aids[${i}].configData`)));
  });
  const keys = list(o.keys, 'keys').map((x, i) => {
    const k = obj(x, `keys[${i}]`);
    const checksum = bytes(k.checksum, `keys[${i}].checksum`, 20);
    if (checksum.length !== 0 && checksum.length !== 20) throw new EncodeError(`keys[${i}].checksum: 20 bytes or none`);
    return a.struct(S.IDC_KEY_DATA)
      .ptr('lpRID', hexBlock(a, bytes(k.rid, `keys[${i}].rid`, 5)))
      .u16('wCAPublicKeyIndex', word(k.caPublicKeyIndex, `keys[${i}].caPublicKeyIndex`))
      .u16('wAPublicKeyAlgorithmIndicator', word(k.algorithmIndicator, `keys[${i}].algorithmIndicator`))
      .ptr('lpCAPublicKeyExponent', hexBlock(a, bytes(k.exponent, `keys[${i}].exponent`, 3)))
      .ptr('lpCAPublicKeyModulus', hexBlock(a, bytes(k.modulus, `keys[${i}].modulus`, 256)))
      .ptr('lpbCAPublicKeyCheckSum', checksum.length ? a.bytes(checksum) : null);
  });
  return a.struct(S.IDC_EMVCLESS_CONFIG_DATA)
    .ptr('lpTerminalData', hexBlock(a, bytes(o.terminalData, 'terminalData')))
    .ptr('lppAIDData', a.pointerArray(aids))
    .ptr('lppKeyData', a.pointerArray(keys));
}

const txData = (a: Arena, input: unknown): Block =>
  a.struct(S.IDC_EMVCLESS_TX_DATA).ptr('lpData', hexBlock(a, bytes(obj(input, 'data').data, 'data')));

const execute: CommandCodec[] = [
  {
    code: IDC_CMD.READ_RAW_DATA, name: 'WFS_CMD_IDC_READ_RAW_DATA',
    encode: (a, input) => a.u16(word(obj(input, 'READ_RAW_DATA').sources, 'sources')),
    decode: (ctx, p) => readPointerArray(ctx.mem, p).map((q) => cardData(ctx, q)),
  },
  {
    code: IDC_CMD.WRITE_RAW_DATA, name: 'WFS_CMD_IDC_WRITE_RAW_DATA',
    encode: (a, input) => a.pointerArray(list(input, 'cardData', 16).map((x, i) => cardDataBlock(a, x, i))),
  },
  {
    code: IDC_CMD.EJECT_CARD, name: 'WFS_CMD_IDC_EJECT_CARD',
    encode: (a, input, ctx) => {
      if (!at(ctx, 320) || input === undefined) return null;
      const pos = obj(input, 'EJECT_CARD').ejectPosition;
      return pos === undefined ? null : a.struct(S.IDC_EJECT_CARD).u16('wEjectPosition', word(pos, 'ejectPosition'));
    },
  },
  {
    code: IDC_CMD.RETAIN_CARD, name: 'WFS_CMD_IDC_RETAIN_CARD',
    decode: (ctx, p) => {
      const r = readStruct(ctx.mem, p, S.IDC_RETAIN_CARD);
      return { count: r.u16('usCount'), position: r.u16('fwPosition') };
    },
  },
  { code: IDC_CMD.RESET_COUNT, name: 'WFS_CMD_IDC_RESET_COUNT' },
  {
    code: IDC_CMD.SETKEY, name: 'WFS_CMD_IDC_SETKEY',
    encode: (a, input) => {
      const key = bytes(obj(input, 'SETKEY').key, 'key', 0xffff);
      return a.struct(S.IDC_SETKEY).u16('usKeyLen', key.length).ptr('lpbKeyValue', key.length ? a.bytes(key) : null);
    },
  },
  {
    code: IDC_CMD.CHIP_IO, name: 'WFS_CMD_IDC_CHIP_IO',
    encode: (a, input) => {
      const o = obj(input, 'CHIP_IO');
      const data = bytes(o.data, 'data');
      return a.struct(S.IDC_CHIP_IO).u16('wChipProtocol', word(o.protocol, 'protocol'))
        .u32('ulChipDataLength', data.length).ptr('lpbChipData', data.length ? a.bytes(data) : null);
    },
    decode: (ctx, p) => {
      const r = readStruct(ctx.mem, p, S.IDC_CHIP_IO);
      return { protocol: r.u16('wChipProtocol'), data: readBytes(ctx.mem, r.ptr('lpbChipData'), r.u32('ulChipDataLength')) };
    },
  },
  {
    code: IDC_CMD.RESET, name: 'WFS_CMD_IDC_RESET',
    encode: (a, input) => a.u16(int(obj(input, 'RESET').action, 'action', 1, 5)),
  },
  {
    code: IDC_CMD.CHIP_POWER, name: 'WFS_CMD_IDC_CHIP_POWER',
    encode: (a, input) => a.u16(word(obj(input, 'CHIP_POWER').power, 'power')),
    decode: (ctx, p) => {
      const r = readStruct(ctx.mem, p, S.IDC_CHIP_POWER_OUT);
      return { data: readBytes(ctx.mem, r.ptr('lpbChipData'), r.u32('ulChipDataLength')) };
    },
  },
  {
    code: IDC_CMD.SET_GUIDANCE_LIGHT, name: 'WFS_CMD_IDC_SET_GUIDANCE_LIGHT',
    encode: (a, input) => {
      const o = obj(input, 'SET_GUIDANCE_LIGHT');
      return a.struct(S.IDC_SET_GUIDLIGHT).u16('wGuidLight', int(o.guidLight, 'guidLight', 0, 31)).u32('dwCommand', dword(o.command, 'command'));
    },
  },
  {
    code: IDC_CMD.POWER_SAVE_CONTROL, name: 'WFS_CMD_IDC_POWER_SAVE_CONTROL',
    encode: (a, input) => a.struct(S.IDC_POWER_SAVE_CONTROL)
      .u16('usMaxPowerSaveRecoveryTime', word(obj(input, 'POWER_SAVE_CONTROL').maxPowerSaveRecoveryTime, 'maxPowerSaveRecoveryTime')),
  },
  {
    code: IDC_CMD.PARK_CARD, name: 'WFS_CMD_IDC_PARK_CARD',
    encode: (a, input) => {
      const o = obj(input, 'PARK_CARD');
      return a.struct(S.IDC_PARK_CARD).u16('wDirection', word(o.direction, 'direction')).u16('usParkingStation', word(o.parkingStation, 'parkingStation'));
    },
  },
  { code: IDC_CMD.EMVCLESS_CONFIGURE, name: 'WFS_CMD_IDC_EMVCLESS_CONFIGURE', encode: emvConfig },
  {
    code: IDC_CMD.EMVCLESS_PERFORM_TRANSACTION, name: 'WFS_CMD_IDC_EMVCLESS_PERFORM_TRANSACTION', encode: txData,
    decode: (ctx, p) => readPointerArray(ctx.mem, p).map((q) => txOutput(ctx, q)),
  },
  {
    code: IDC_CMD.EMVCLESS_ISSUERUPDATE, name: 'WFS_CMD_IDC_EMVCLESS_ISSUERUPDATE', encode: txData,
    decode: (ctx, p) => (p === 0n ? null : txOutput(ctx, p)),
  },
];

const info: CommandCodec[] = [
  { code: IDC_INF.STATUS, name: 'WFS_INF_IDC_STATUS', decode: status },
  { code: IDC_INF.CAPABILITIES, name: 'WFS_INF_IDC_CAPABILITIES', decode: capabilities },
  { code: IDC_INF.FORM_LIST, name: 'WFS_INF_IDC_FORM_LIST', decode: (ctx, p) => readStringList(ctx.mem, p) },
  {
    code: IDC_INF.QUERY_FORM, name: 'WFS_INF_IDC_QUERY_FORM',
    encode: (a, input) => a.string(text(obj(input, 'QUERY_FORM').formName, 'formName', 256)), decode: form,
  },
  {
    code: IDC_INF.QUERY_IFM_IDENTIFIER, name: 'WFS_INF_IDC_QUERY_IFM_IDENTIFIER',
    decode: (ctx, p): IdcIfmIdentifier[] => readPointerArray(ctx.mem, p).map((q) => {
      const r = readStruct(ctx.mem, q, S.IDC_IFM_IDENTIFIER);
      return { authority: r.u16('wIFMAuthority'), identifier: readString(ctx.mem, r.ptr('lpszIFMIdentifier')) };
    }),
  },
  {
    code: IDC_INF.EMVCLESS_QUERY_APPLICATIONS, name: 'WFS_INF_IDC_EMVCLESS_QUERY_APPLICATIONS',
    decode: (ctx, p): IdcAppData[] => readPointerArray(ctx.mem, p).map((q) => {
      const r = readStruct(ctx.mem, q, S.IDC_APP_DATA);
      return { aid: hex(ctx, r.ptr('lpAID')), kernelIdentifier: hex(ctx, r.ptr('lpKernelIdentifier')) };
    }),
  },
];

const events: EventCodec[] = [
  {
    id: O + 1, name: 'WFS_EXEE_IDC_INVALIDTRACKDATA', kind: 'execute',
    decode: (ctx, p) => {
      const r = readStruct(ctx.mem, p, S.IDC_TRACK_EVENT);
      return { status: r.u16('fwStatus'), track: readString(ctx.mem, r.ptr('lpstrTrack')), data: readString(ctx.mem, r.ptr('lpstrData')) };
    },
  },
  { id: O + 3, name: 'WFS_EXEE_IDC_MEDIAINSERTED', kind: 'execute' },
  { id: O + 4, name: 'WFS_SRVE_IDC_MEDIAREMOVED', kind: 'service' },
  {
    id: O + 5, name: 'WFS_SRVE_IDC_CARDACTION', kind: 'service',
    decode: (ctx, p) => {
      const r = readStruct(ctx.mem, p, S.IDC_CARD_ACT);
      return { action: r.u16('wAction'), position: r.u16('wPosition') };
    },
  },
  { id: O + 6, name: 'WFS_USRE_IDC_RETAINBINTHRESHOLD', kind: 'user', decode: (ctx, p) => ({ retainBin: word16(ctx, p) }) },
  { id: O + 7, name: 'WFS_EXEE_IDC_INVALIDMEDIA', kind: 'execute' },
  { id: O + 8, name: 'WFS_EXEE_IDC_MEDIARETAINED', kind: 'execute' },
  { id: O + 9, name: 'WFS_SRVE_IDC_MEDIADETECTED', kind: 'service', decode: (ctx, p) => ({ resetOut: word16(ctx, p) }) },
  { id: O + 10, name: 'WFS_SRVE_IDC_RETAINBININSERTED', kind: 'service' },
  { id: O + 11, name: 'WFS_SRVE_IDC_RETAINBINREMOVED', kind: 'service' },
  { id: O + 12, name: 'WFS_EXEE_IDC_INSERTCARD', kind: 'execute' },
  {
    id: O + 13, name: 'WFS_SRVE_IDC_DEVICEPOSITION', kind: 'service',
    decode: (ctx, p) => ({ position: readStruct(ctx.mem, p, S.IDC_DEVICE_POSITION).u16('wPosition') }),
  },
  {
    id: O + 14, name: 'WFS_SRVE_IDC_POWER_SAVE_CHANGE', kind: 'service',
    decode: (ctx, p) => ({ powerSaveRecoveryTime: readStruct(ctx.mem, p, S.IDC_POWER_SAVE_CHANGE).u16('usPowerSaveRecoveryTime') }),
  },
  {
    id: O + 15, name: 'WFS_EXEE_IDC_TRACKDETECTED', kind: 'execute',
    decode: (ctx, p) => ({ tracks: readStruct(ctx.mem, p, S.IDC_TRACK_DETECTED).u16('fwTracks') }),
  },
  {
    id: O + 16, name: 'WFS_EXEE_IDC_EMVCLESSREADSTATUS', kind: 'execute',
    decode: (ctx, p) => ({ ui: ui(ctx, readStruct(ctx.mem, p, S.IDC_EMVCLESS_READ_STATUS).ptr('lpClessUI')) }),
  },
];

export const idcCodecs = classCodecs('IDC', execute, info, events);
