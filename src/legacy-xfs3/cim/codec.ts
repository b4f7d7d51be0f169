// CIM codecs: status, capabilities, cash units and note types; the cash-in transaction
// (start, cash-in, end, rollback) with its events; exchanges, replenish/deplete, signatures.
import type { Arena, Block } from '../arena.ts';
import { bool, bytes, classCodecs, dword, EncodeError, list, obj, text, word, currencyCode } from '../codec.ts';
import type { CodecContext, CommandCodec, EventCodec } from '../codec.ts';
import {
  readBytes, readCountedPointers, readDwordArray, readExtra, readPointerArray, readString, readStruct, readWideString, readWordArray,
} from '../memory.ts';
import type {
  CimCapabilities, CimCashInStatus, CimCashUnit, CimDepleteResult, CimInputPosition, CimItemInfo, CimItemPosition, CimNoteNumber,
  CimP6Info, CimP6Signature, CimPositionCapabilities, CimReplenishResult, CimStatus, CimTellerDetails,
} from './types.ts';
import * as S from './structs.ts';
import { readTellerTotals, tellerTotalsBlocks } from '../teller.ts';

const O = 1300;
export const CIM_CMD = {
  CASH_IN_START: O + 1, CASH_IN: O + 2, CASH_IN_END: O + 3, CASH_IN_ROLLBACK: O + 4, RETRACT: O + 5, OPEN_SHUTTER: O + 6,
  CLOSE_SHUTTER: O + 7, SET_TELLER_INFO: O + 8, SET_CASH_UNIT_INFO: O + 9, START_EXCHANGE: O + 10, END_EXCHANGE: O + 11,
  RESET: O + 13, CONFIGURE_NOTETYPES: O + 15, CREATE_P6_SIGNATURE: O + 16, CONFIGURE_NOTE_READER: O + 18,
  COMPARE_P6_SIGNATURE: O + 19, REPLENISH: O + 21, SET_CASH_IN_LIMIT: O + 22, CASH_UNIT_COUNT: O + 23,
  DEVICE_LOCK_CONTROL: O + 24, PRESENT_MEDIA: O + 26, DEPLETE: O + 27, SET_BLACKLIST: O + 28,
} as const;
export const CIM_INF = {
  STATUS: O + 1, CAPABILITIES: O + 2, CASH_UNIT_INFO: O + 3, TELLER_INFO: O + 4, CURRENCY_EXP: O + 5, BANKNOTE_TYPES: O + 6,
  CASH_IN_STATUS: O + 7, GET_P6_INFO: O + 8, GET_P6_SIGNATURE: O + 9, GET_ITEM_INFO: O + 10, POSITION_CAPABILITIES: O + 11,
  REPLENISH_TARGET: O + 12, DEVICELOCK_STATUS: O + 13, DEPLETE_SOURCE: O + 15, GET_BLACKLIST: O + 17,
} as const;
export const CIM_POSITION = {
  NULL: 0x0000, INLEFT: 0x0001, INRIGHT: 0x0002, INCENTER: 0x0004, INTOP: 0x0008, INBOTTOM: 0x0010, INFRONT: 0x0020, INREAR: 0x0040,
  OUTLEFT: 0x0080, OUTRIGHT: 0x0100, OUTCENTER: 0x0200, OUTTOP: 0x0400, OUTBOTTOM: 0x0800, OUTFRONT: 0x1000, OUTREAR: 0x2000,
} as const;
/** WFSCIMCASHINSTATUS.wStatus */
export const CIM_CASH_IN_STATE = { OK: 0, ROLLBACK: 1, ACTIVE: 2, RETRACT: 3, UNKNOWN: 4, RESET: 5 } as const;
/** WFSCIMCASHIN.fwType */
export const CIM_UNIT_TYPE = { RECYCLING: 1, CASHIN: 2, REPCONTAINER: 3, RETRACTCASSETTE: 4, REJECT: 5, CDMSPECIFIC: 6 } as const;

const at = (ctx: CodecContext, v: number): boolean => ctx.vnum >= v;

function readU16(ctx: CodecContext, p: bigint): number {
  const b = ctx.mem.read(p, 2);
  return b[0] | (b[1] << 8);
}

function inputPosition(ctx: CodecContext, p: bigint): CimInputPosition {
  const r = readStruct(ctx.mem, p, at(ctx, 330) ? S.CIM_INPOS_V330 : S.CIM_INPOS_V300);
  const o: CimInputPosition = {
    position: r.u16('fwPosition'), shutter: r.u16('fwShutter'), positionStatus: r.u16('fwPositionStatus'),
    transport: r.u16('fwTransport'), transportStatus: r.u16('fwTransportStatus'),
  };
  if (at(ctx, 330)) o.jammedShutterPosition = r.u16('fwJammedShutterPosition');
  return o;
}

function status(ctx: CodecContext, p: bigint): CimStatus {
  const r = readStruct(ctx.mem, p, at(ctx, 320) ? S.CIM_STATUS_V320 : S.CIM_STATUS_V300);
  const s: CimStatus = {
    device: r.u16('fwDevice'), safeDoor: r.u16('fwSafeDoor'), acceptor: r.u16('fwAcceptor'),
    intermediateStacker: r.u16('fwIntermediateStacker'), stackerItems: r.u16('fwStackerItems'),
    banknoteReader: r.u16('fwBanknoteReader'), dropBox: r.bool('bDropBox'),
    positions: readPointerArray(ctx.mem, r.ptr('lppPositions')).map((q) => inputPosition(ctx, q)),
    extra: readExtra(ctx.mem, r.ptr('lpszExtra')),
  };
  if (at(ctx, 320)) {
    Object.assign(s, {
      guidLights: r.u32s('dwGuidLights'), devicePosition: r.u16('wDevicePosition'),
      powerSaveRecoveryTime: r.u16('usPowerSaveRecoveryTime'), mixedMode: r.u16('wMixedMode'), antiFraudModule: r.u16('wAntiFraudModule'),
    });
  }
  return s;
}

function capabilities(ctx: CodecContext, p: bigint): CimCapabilities {
  const r = readStruct(ctx.mem, p, at(ctx, 330) ? S.CIM_CAPS_V330 : at(ctx, 320) ? S.CIM_CAPS_V320 : S.CIM_CAPS_V300);
  const c: CimCapabilities = {
    class: r.u16('wClass'), type: r.u16('fwType'), maxCashInItems: r.u16('wMaxCashInItems'), compound: r.bool('bCompound'),
    shutter: r.bool('bShutter'), shutterControl: r.bool('bShutterControl'), safeDoor: r.bool('bSafeDoor'), cashBox: r.bool('bCashBox'),
    refill: r.bool('bRefill'), intermediateStacker: r.u16('fwIntermediateStacker'), itemsTakenSensor: r.bool('bItemsTakenSensor'),
    itemsInsertedSensor: r.bool('bItemsInsertedSensor'), positions: r.u16('fwPositions'), exchangeType: r.u16('fwExchangeType'),
    retractAreas: r.u16('fwRetractAreas'), retractTransportActions: r.u16('fwRetractTransportActions'),
    retractStackerActions: r.u16('fwRetractStackerActions'), extra: readExtra(ctx.mem, r.ptr('lpszExtra')),
  };
  if (at(ctx, 320)) {
    Object.assign(c, {
      guidLights: r.u32s('dwGuidLights'), itemInfoTypes: r.u32('dwItemInfoTypes'), compareSignatures: r.bool('bCompareSignatures'),
      powerSaveControl: r.bool('bPowerSaveControl'), replenish: r.bool('bReplenish'), cashInLimit: r.u16('fwCashInLimit'),
      countActions: r.u16('fwCountActions'), deviceLockControl: r.bool('bDeviceLockControl'), mixedMode: r.u16('wMixedMode'),
      mixedDepositAndRollback: r.bool('bMixedDepositAndRollback'), antiFraudModule: r.bool('bAntiFraudModule'),
    });
  }
  if (at(ctx, 330)) {
    Object.assign(c, {
      deplete: r.bool('bDeplete'), blacklist: r.bool('bBlacklist'),
      synchronizableCommands: readDwordArray(ctx.mem, r.ptr('lpdwSynchronizableCommands')),
    });
  }
  return c;
}

function noteNumbers(ctx: CodecContext, p: bigint): CimNoteNumber[] | null {
  if (p === 0n) return null;
  const r = readStruct(ctx.mem, p, S.CIM_NOTE_NUMBER_LIST);
  return readCountedPointers(ctx.mem, r.ptr('lppNoteNumber'), r.u16('usNumOfNoteNumbers')).map((q) => {
    const n = readStruct(ctx.mem, q, S.CIM_NOTE_NUMBER);
    return { noteId: n.u16('usNoteID'), count: n.u32('ulCount') };
  });
}

export function cashUnit(ctx: CodecContext, p: bigint): CimCashUnit {
  const v320 = at(ctx, 320);
  const r = readStruct(ctx.mem, p, v320 ? S.CIM_CASHIN_V320 : S.CIM_CASHIN_V300);
  const physical = readCountedPointers(ctx.mem, r.ptr('lppPhysical'), r.u16('usNumPhysicalCUs')).map((q) => {
    const ph = readStruct(ctx.mem, q, v320 ? S.CIM_PHCU_V320 : S.CIM_PHCU_V300);
    return {
      physicalPositionName: readString(ctx.mem, ph.ptr('lpPhysicalPositionName')), unitId: ph.chars('cUnitID'),
      cashInCount: ph.u32('ulCashInCount'), count: ph.u32('ulCount'), maximum: ph.u32('ulMaximum'), pStatus: ph.u16('usPStatus'),
      hardwareSensors: ph.bool('bHardwareSensors'), extra: readExtra(ctx.mem, ph.ptr('lpszExtra')),
      ...(v320 ? {
        initialCount: ph.u32('ulInitialCount'), dispensedCount: ph.u32('ulDispensedCount'), presentedCount: ph.u32('ulPresentedCount'),
        retractedCount: ph.u32('ulRetractedCount'), rejectCount: ph.u32('ulRejectCount'),
      } : {}),
    };
  });
  return {
    number: r.u16('usNumber'), type: r.u32('fwType'), itemType: r.u32('fwItemType'), unitId: r.chars('cUnitID'),
    currencyId: r.chars('cCurrencyID'), values: r.u32('ulValues'), cashInCount: r.u32('ulCashInCount'), count: r.u32('ulCount'),
    maximum: r.u32('ulMaximum'), status: r.u16('usStatus'), appLock: r.bool('bAppLock'),
    noteNumbers: noteNumbers(ctx, r.ptr('lpNoteNumberList')), physical, extra: readExtra(ctx.mem, r.ptr('lpszExtra')),
    ...(v320 ? {
      noteIds: readWordArray(ctx.mem, r.ptr('lpusNoteIDs')), cdmType: r.u16('usCDMType'),
      cashUnitName: readString(ctx.mem, r.ptr('lpszCashUnitName')), initialCount: r.u32('ulInitialCount'),
      dispensedCount: r.u32('ulDispensedCount'), presentedCount: r.u32('ulPresentedCount'), retractedCount: r.u32('ulRetractedCount'),
      rejectCount: r.u32('ulRejectCount'), minimum: r.u32('ulMinimum'),
    } : {}),
  };
}

function cashInfo(ctx: CodecContext, p: bigint): CimCashUnit[] {
  if (p === 0n) return [];
  const r = readStruct(ctx.mem, p, S.CIM_CASH_INFO);
  return readCountedPointers(ctx.mem, r.ptr('lppCashIn'), r.u16('usCount')).map((q) => cashUnit(ctx, q));
}

function signature(ctx: CodecContext, p: bigint): CimP6Signature {
  const r = readStruct(ctx.mem, p, S.CIM_P6_SIGNATURE);
  return { noteId: r.u16('usNoteId'), orientation: r.u32('dwOrientation'), signature: readBytes(ctx.mem, r.ptr('lpSignature'), r.u32('ulLength')) };
}

function p6Info(ctx: CodecContext, p: bigint): CimP6Info[] {
  return readPointerArray(ctx.mem, p).map((q) => {
    const r = readStruct(ctx.mem, q, S.CIM_P6_INFO);
    return { level: r.u16('usLevel'), noteNumbers: noteNumbers(ctx, r.ptr('lpNoteNumberList')), numOfSignatures: r.u16('usNumOfSignatures') };
  });
}

function retractArea(ctx: CodecContext, p: bigint): { outputPosition: number; retractArea: number; index: number } | null {
  if (p === 0n) return null;
  const r = readStruct(ctx.mem, p, S.CIM_RETRACT);
  return { outputPosition: r.u16('fwOutputPosition'), retractArea: r.u16('usRetractArea'), index: r.u16('usIndex') };
}

function itemPosition(ctx: CodecContext, p: bigint): CimItemPosition | null {
  if (p === 0n) return null;
  const r = readStruct(ctx.mem, p, S.CIM_ITEMPOSITION);
  return { number: r.u16('usNumber'), retractArea: retractArea(ctx, r.ptr('lpRetractArea')), outputPosition: r.u16('fwOutputPosition') };
}

function replenishResult(ctx: CodecContext, p: bigint): CimReplenishResult | null {
  if (p === 0n) return null;
  const r = readStruct(ctx.mem, p, S.CIM_REP_RES);
  return {
    removed: r.u32('ulNumberOfItemsRemoved'), rejected: r.u32('ulNumberOfItemsRejected'),
    targets: readPointerArray(ctx.mem, r.ptr('lppReplenishTargetResults')).map((q) => {
      const t = readStruct(ctx.mem, q, S.CIM_REP_TARGET_RES);
      return { target: t.u16('usNumberTarget'), noteId: t.u16('usNoteID'), received: t.u32('ulNumberOfItemsReceived') };
    }),
  };
}

function depleteResult(ctx: CodecContext, p: bigint): CimDepleteResult | null {
  if (p === 0n) return null;
  const r = readStruct(ctx.mem, p, S.CIM_DEP_RES);
  return {
    received: r.u32('ulNumberOfItemsReceived'), rejected: r.u32('ulNumberOfItemsRejected'),
    sources: readPointerArray(ctx.mem, r.ptr('lppDepleteSourceResults')).map((q) => {
      const s = readStruct(ctx.mem, q, S.CIM_DEP_SOURCE_RES);
      return { source: s.u16('usNumberSource'), noteId: s.u16('usNoteID'), removed: s.u32('ulNumberOfItemsRemoved') };
    }),
  };
}

// ---- input ----
const wordList = (a: Arena, values: number[]): Block => {
  const b = Buffer.alloc(2 * (values.length + 1));
  values.forEach((v, i) => b.writeUInt16LE(v, 2 * i));
  return a.bytes(b);
};
const wide = (a: Arena, s: string): Block => a.bytes(Buffer.from(`${s}\0`, 'utf16le'));
const positionWord = (a: Arena, input: unknown, what: string): Block => a.u16(word(obj(input, what).position, 'position'));

function retractBlock(a: Arena, input: unknown, what: string): Block {
  const o = obj(input, what);
  return a.struct(S.CIM_RETRACT).u16('fwOutputPosition', word(o.outputPosition, `${what}.outputPosition`))
    .u16('usRetractArea', word(o.retractArea, `${what}.retractArea`)).u16('usIndex', word(o.index, `${what}.index`));
}

function signatureBlock(a: Arena, input: unknown, what: string): Block {
  const o = obj(input, what);
  const data = bytes(o.signature, `${what}.signature`);
  return a.struct(S.CIM_P6_SIGNATURE).u16('usNoteId', word(o.noteId, `${what}.noteId`)).u32('ulLength', data.length)
    .u32('dwOrientation', dword(o.orientation, `${what}.orientation`)).ptr('lpSignature', data.length ? a.bytes(data) : null);
}

/** WFSCIMCASHIN for SET_CASH_UNIT_INFO / END_EXCHANGE: the fields an application may set. */
function cashUnitBlock(a: Arena, input: unknown, what: string, ctx: CodecContext): Block {
  const o = obj(input, what);
  const v320 = at(ctx, 320);
  const b = a.struct(v320 ? S.CIM_CASHIN_V320 : S.CIM_CASHIN_V300).u16('usNumber', word(o.number, `${what}.number`))
    .u32('fwType', dword(o.type, `${what}.type`)).u32('fwItemType', dword(o.itemType, `${what}.itemType`))
    .chars('cUnitID', text(o.unitId ?? '', `${what}.unitId`, 5)).chars('cCurrencyID', text(o.currencyId ?? '   ', `${what}.currencyId`, 3))
    .u32('ulValues', dword(o.values ?? 0, `${what}.values`)).u32('ulCashInCount', dword(o.cashInCount ?? 0, `${what}.cashInCount`))
    .u32('ulCount', dword(o.count, `${what}.count`)).u32('ulMaximum', dword(o.maximum ?? 0, `${what}.maximum`))
    .u16('usStatus', word(o.status ?? 0, `${what}.status`)).bool('bAppLock', o.appLock === undefined ? false : bool(o.appLock, `${what}.appLock`));
  if (v320) {
    b.u32('ulInitialCount', dword(o.initialCount ?? 0, `${what}.initialCount`)).u32('ulMinimum', dword(o.minimum ?? 0, `${what}.minimum`));
  }
  return b;
}

function moveItemsBlocks(a: Arena, input: unknown, what: string, def: typeof S.CIM_REP_TARGET, numberField: string): Block[] {
  return list(input, what, 64).map((t, i) => {
    const o = obj(t, `${what}[${i}]`);
    return a.struct(def).u16(numberField, word(o.number, `${what}[${i}].number`))
      .u32('ulNumberOfItemsToMove', dword(o.itemsToMove, `${what}[${i}].itemsToMove`)).bool('bRemoveAll', bool(o.removeAll, `${what}[${i}].removeAll`));
  });
}

const execute: CommandCodec[] = [
  {
    code: CIM_CMD.CASH_IN_START, name: 'WFS_CMD_CIM_CASH_IN_START',
    encode: (a, input) => {
      const o = obj(input, 'CASH_IN_START');
      return a.struct(S.CIM_CASH_IN_START).u16('usTellerID', word(o.tellerId, 'tellerId')).bool('bUseRecycleUnits', bool(o.useRecycleUnits, 'useRecycleUnits'))
        .u16('fwOutputPosition', word(o.outputPosition, 'outputPosition')).u16('fwInputPosition', word(o.inputPosition, 'inputPosition'));
    },
  },
  { code: CIM_CMD.CASH_IN, name: 'WFS_CMD_CIM_CASH_IN', decode: (ctx, p) => noteNumbers(ctx, p) ?? [] },
  { code: CIM_CMD.CASH_IN_END, name: 'WFS_CMD_CIM_CASH_IN_END', decode: cashInfo },
  { code: CIM_CMD.CASH_IN_ROLLBACK, name: 'WFS_CMD_CIM_CASH_IN_ROLLBACK', decode: cashInfo },
  { code: CIM_CMD.RETRACT, name: 'WFS_CMD_CIM_RETRACT', encode: (a, input) => retractBlock(a, input, 'RETRACT') },
  { code: CIM_CMD.OPEN_SHUTTER, name: 'WFS_CMD_CIM_OPEN_SHUTTER', encode: (a, i) => positionWord(a, i, 'OPEN_SHUTTER') },
  { code: CIM_CMD.CLOSE_SHUTTER, name: 'WFS_CMD_CIM_CLOSE_SHUTTER', encode: (a, i) => positionWord(a, i, 'CLOSE_SHUTTER') },
  {
    code: CIM_CMD.RESET, name: 'WFS_CMD_CIM_RESET',
    encode: (a, input) => {
      if (input === undefined) return null;
      const o = obj(input, 'RESET');
      return a.struct(S.CIM_ITEMPOSITION).u16('usNumber', word(o.number, 'number'))
        .ptr('lpRetractArea', o.retractArea ? retractBlock(a, o.retractArea, 'retractArea') : null)
        .u16('fwOutputPosition', word(o.outputPosition, 'outputPosition'));
    },
  },
  {
    code: CIM_CMD.CONFIGURE_NOTETYPES, name: 'WFS_CMD_CIM_CONFIGURE_NOTETYPES',
    encode: (a, input) => {
      const ids = list(obj(input, 'CONFIGURE_NOTETYPES').noteIds, 'noteIds', 256).map((v, i) => int1(v, `noteIds[${i}]`));
      return wordList(a, ids);
    },
  },
  { code: CIM_CMD.CREATE_P6_SIGNATURE, name: 'WFS_CMD_CIM_CREATE_P6_SIGNATURE', decode: signature },
  {
    code: CIM_CMD.START_EXCHANGE, name: 'WFS_CMD_CIM_START_EXCHANGE',
    encode: (a, input) => {
      const o = obj(input, 'START_EXCHANGE');
      const numbers = list(o.numbers, 'numbers', 64).map((v, i) => word(v, `numbers[${i}]`));
      return a.struct(S.CIM_START_EX).u16('fwExchangeType', word(o.exchangeType, 'exchangeType')).u16('usTellerID', word(o.tellerId, 'tellerId'))
        .u16('usCount', numbers.length).ptr('lpusCUNumList', numbers.length ? wordList(a, numbers) : null).ptr('lpOutput', null);
    },
    decode: cashInfo,
  },
  {
    code: CIM_CMD.END_EXCHANGE, name: 'WFS_CMD_CIM_END_EXCHANGE',
    encode: (a, input, ctx) => {
      if (input === undefined) return null;
      const units = list(input, 'END_EXCHANGE', 64).map((u, i) => cashUnitBlock(a, u, `units[${i}]`, ctx));
      return a.struct(S.CIM_CASH_INFO).u16('usCount', units.length).ptr('lppCashIn', a.pointerArray(units));
    },
  },
  {
    code: CIM_CMD.SET_CASH_UNIT_INFO, name: 'WFS_CMD_CIM_SET_CASH_UNIT_INFO',
    encode: (a, input, ctx) => {
      const units = list(input, 'SET_CASH_UNIT_INFO', 64).map((u, i) => cashUnitBlock(a, u, `units[${i}]`, ctx));
      return a.struct(S.CIM_CASH_INFO).u16('usCount', units.length).ptr('lppCashIn', a.pointerArray(units));
    },
  },
  {
    code: CIM_CMD.SET_TELLER_INFO, name: 'WFS_CMD_CIM_SET_TELLER_INFO',
    encode: (a, input) => {
      const o = obj(input, 'SET_TELLER_INFO');
      const d = obj(o.details, 'details');
      const totals = tellerTotalsBlocks(a, d.totals, S.CIM_TELLER_TOTALS);
      const details = a.struct(S.CIM_TELLER_DETAILS).u16('usTellerID', word(d.tellerId, 'details.tellerId'))
        .u16('fwInputPosition', word(d.inputPosition ?? 0, 'details.inputPosition')).u16('fwOutputPosition', word(d.outputPosition ?? 0, 'details.outputPosition'))
        .ptr('lppTellerTotals', totals.length ? a.pointerArray(totals) : null);
      return a.struct(S.CIM_TELLER_UPDATE).u16('usAction', word(o.action, 'action')).ptr('lpTellerDetails', details);
    },
  },
  {
    code: CIM_CMD.CONFIGURE_NOTE_READER, name: 'WFS_CMD_CIM_CONFIGURE_NOTE_READER',
    encode: (a, input) => a.struct(S.CIM_CONFIGURE_NOTE_READER).bool('bLoadAlways', bool(obj(input, 'CONFIGURE_NOTE_READER').loadAlways, 'loadAlways')),
    decode: (ctx, p) => ({ rebootNecessary: p === 0n ? false : readStruct(ctx.mem, p, S.CIM_CONFIGURE_NOTE_READER_OUT).bool('bRebootNecessary') }),
  },
  {
    code: CIM_CMD.COMPARE_P6_SIGNATURE, name: 'WFS_CMD_CIM_COMPARE_P6_SIGNATURE',
    encode: (a, input) => {
      const o = obj(input, 'COMPARE_P6_SIGNATURE');
      const refs = list(o.references, 'references', 16).map((s, i) => signatureBlock(a, s, `references[${i}]`));
      const sigs = list(o.signatures, 'signatures', 16).map((s, i) => signatureBlock(a, s, `signatures[${i}]`));
      return a.struct(S.CIM_P6_COMPARE_SIGNATURE).ptr('lppP6ReferenceSignatures', a.pointerArray(refs)).ptr('lppP6Signatures', a.pointerArray(sigs));
    },
    decode: (ctx, p) => {
      if (p === 0n) return [];
      const r = readStruct(ctx.mem, p, S.CIM_P6_COMPARE_RESULT);
      return readCountedPointers(ctx.mem, r.ptr('lppP6SignaturesIndex'), r.u16('usCount')).map((q) => {
        const x = readStruct(ctx.mem, q, S.CIM_P6_SIGNATURES_INDEX);
        return { index: x.u16('usIndex'), confidenceLevel: x.u16('usConfidenceLevel'), comparisonData: readBytes(ctx.mem, x.ptr('lpComparisonData'), x.u32('ulLength')) };
      });
    },
  },
  {
    code: CIM_CMD.REPLENISH, name: 'WFS_CMD_CIM_REPLENISH',
    encode: (a, input) => {
      const o = obj(input, 'REPLENISH');
      const targets = moveItemsBlocks(a, o.targets, 'targets', S.CIM_REP_TARGET, 'usNumberTarget');
      return a.struct(S.CIM_REP).u16('usNumberSource', word(o.source, 'source')).ptr('lppReplenishTargets', a.pointerArray(targets));
    },
    decode: (ctx, p) => replenishResult(ctx, p),
  },
  {
    code: CIM_CMD.SET_CASH_IN_LIMIT, name: 'WFS_CMD_CIM_SET_CASH_IN_LIMIT',
    encode: (a, input) => {
      if (input === undefined) return null;
      const o = obj(input, 'SET_CASH_IN_LIMIT');
      let amount: Block | null = null;
      if (o.amountLimit) {
        const l = obj(o.amountLimit, 'amountLimit');
        amount = a.struct(S.CIM_AMOUNT_LIMIT).chars('cCurrencyID', currencyCode(l.currencyId, 'amountLimit.currencyId')).u32('ulAmount', dword(l.amount, 'amountLimit.amount'));
      }
      return a.struct(S.CIM_CASH_IN_LIMIT).u32('ulTotalItemsLimit', dword(o.totalItemsLimit, 'totalItemsLimit')).ptr('lpAmountLimit', amount);
    },
  },
  {
    code: CIM_CMD.CASH_UNIT_COUNT, name: 'WFS_CMD_CIM_CASH_UNIT_COUNT',
    encode: (a, input) => {
      const numbers = list(obj(input, 'CASH_UNIT_COUNT').numbers, 'numbers', 64).map((v, i) => word(v, `numbers[${i}]`));
      return a.struct(S.CIM_COUNT).u16('usCount', numbers.length).ptr('lpusCUNumList', numbers.length ? wordList(a, numbers) : null);
    },
  },
  {
    code: CIM_CMD.DEVICE_LOCK_CONTROL, name: 'WFS_CMD_CIM_DEVICE_LOCK_CONTROL',
    encode: (a, input) => {
      const o = obj(input, 'DEVICE_LOCK_CONTROL');
      const units = list(o.units ?? [], 'units', 64).map((u, i) => {
        const x = obj(u, `units[${i}]`);
        return a.struct(S.CIM_UNIT_LOCK_CONTROL).ptr('lpPhysicalPositionName', a.string(text(x.physicalPositionName, `units[${i}].physicalPositionName`, 64)))
          .u16('wUnitAction', word(x.action, `units[${i}].action`));
      });
      return a.struct(S.CIM_DEVICE_LOCK_CONTROL).u16('wDeviceAction', word(o.deviceAction, 'deviceAction'))
        .u16('wCashUnitAction', word(o.cashUnitAction, 'cashUnitAction')).ptr('lppUnitLockControl', units.length ? a.pointerArray(units) : null);
    },
  },
  { code: CIM_CMD.PRESENT_MEDIA, name: 'WFS_CMD_CIM_PRESENT_MEDIA', encode: (a, input) => a.struct(S.CIM_PRESENT).u16('fwPosition', word(obj(input, 'PRESENT_MEDIA').position, 'position')) },
  {
    code: CIM_CMD.DEPLETE, name: 'WFS_CMD_CIM_DEPLETE',
    encode: (a, input) => {
      const o = obj(input, 'DEPLETE');
      const sources = moveItemsBlocks(a, o.sources, 'sources', S.CIM_DEP_SOURCE, 'usNumberSource');
      return a.struct(S.CIM_DEP).ptr('lppDepleteSources', a.pointerArray(sources)).u16('usNumberTarget', word(o.target, 'target'));
    },
    decode: (ctx, p) => depleteResult(ctx, p),
  },
  {
    code: CIM_CMD.SET_BLACKLIST, name: 'WFS_CMD_CIM_SET_BLACKLIST',
    encode: (a, input) => {
      const o = obj(input, 'SET_BLACKLIST');
      const elements = list(o.elements, 'elements', 1024).map((e, i) => {
        const x = obj(e, `elements[${i}]`);
        return a.struct(S.CIM_BLACKLIST_ELEMENT).ptr('lpszSerialNumber', wide(a, text(x.serialNumber, `elements[${i}].serialNumber`, 64)))
          .chars('cCurrencyID', x.currencyId === undefined || x.currencyId === '' ? '   ' : currencyCode(x.currencyId, `elements[${i}].currencyId`))
          .u32('ulValue', dword(x.value ?? 0, `elements[${i}].value`));
      });
      return a.struct(S.CIM_BLACKLIST).ptr('lpszVersion', wide(a, text(o.version ?? '', 'version', 64))).u16('usCount', elements.length)
        .ptr('lppBlacklistElements', elements.length ? a.pointerArray(elements) : null);
    },
  },
];

/** A note id: 1..65535 (0 ends the 3.x list). */
function int1(v: unknown, what: string): number {
  const n = word(v, what);
  if (n === 0) throw new EncodeError(`${what}: note ids start at 1`);
  return n;
}

function tellerDetails(ctx: CodecContext, p: bigint): CimTellerDetails[] {
  return readPointerArray(ctx.mem, p).map((q) => {
    const r = readStruct(ctx.mem, q, S.CIM_TELLER_DETAILS);
    return {
      tellerId: r.u16('usTellerID'), inputPosition: r.u16('fwInputPosition'), outputPosition: r.u16('fwOutputPosition'),
      totals: readTellerTotals(ctx, r.ptr('lppTellerTotals'), S.CIM_TELLER_TOTALS),
    };
  });
}

/** WFSCIMREPINFORES / WFSCIMDEPINFORES: a NULL-terminated list of one-number structs. */
function unitNumbers(ctx: CodecContext, p: bigint, res: typeof S.CIM_REP_INFO_RES, listField: string, item: typeof S.CIM_REP_INFO_TARGET, field: string): number[] {
  if (p === 0n) return [];
  return readPointerArray(ctx.mem, readStruct(ctx.mem, p, res).ptr(listField)).map((q) => readStruct(ctx.mem, q, item).u16(field));
}

const info: CommandCodec[] = [
  { code: CIM_INF.STATUS, name: 'WFS_INF_CIM_STATUS', decode: status },
  { code: CIM_INF.CAPABILITIES, name: 'WFS_INF_CIM_CAPABILITIES', decode: capabilities },
  { code: CIM_INF.CASH_UNIT_INFO, name: 'WFS_INF_CIM_CASH_UNIT_INFO', decode: cashInfo },
  {
    code: CIM_INF.TELLER_INFO, name: 'WFS_INF_CIM_TELLER_INFO',
    encode: (a, input) => {
      if (input === undefined) return null;
      const o = obj(input, 'TELLER_INFO');
      return a.struct(S.CIM_TELLER_INFO).u16('usTellerID', word(o.tellerId, 'tellerId'))
        .chars('cCurrencyID', o.currencyId === undefined || o.currencyId === '' ? '   ' : currencyCode(o.currencyId, 'currencyId'));
    },
    decode: tellerDetails,
  },
  {
    code: CIM_INF.CURRENCY_EXP, name: 'WFS_INF_CIM_CURRENCY_EXP',
    decode: (ctx, p) => readPointerArray(ctx.mem, p).map((q) => {
      const r = readStruct(ctx.mem, q, S.CIM_CURRENCY_EXP);
      return { currencyId: r.chars('cCurrencyID'), exponent: r.i16('sExponent') };
    }),
  },
  {
    code: CIM_INF.BANKNOTE_TYPES, name: 'WFS_INF_CIM_BANKNOTE_TYPES',
    decode: (ctx, p) => {
      if (p === 0n) return [];
      const r = readStruct(ctx.mem, p, S.CIM_NOTE_TYPE_LIST);
      return readCountedPointers(ctx.mem, r.ptr('lppNoteTypes'), r.u16('usNumOfNoteTypes')).map((q) => {
        const n = readStruct(ctx.mem, q, S.CIM_NOTE_TYPE);
        return { noteId: n.u16('usNoteID'), currencyId: n.chars('cCurrencyID'), values: n.u32('ulValues'), release: n.u16('usRelease'), configured: n.bool('bConfigured') };
      });
    },
  },
  {
    code: CIM_INF.CASH_IN_STATUS, name: 'WFS_INF_CIM_CASH_IN_STATUS',
    decode: (ctx, p): CimCashInStatus => {
      const r = readStruct(ctx.mem, p, S.CIM_CASH_IN_STATUS);
      return {
        status: r.u16('wStatus'), numOfRefused: r.u16('usNumOfRefused'), noteNumbers: noteNumbers(ctx, r.ptr('lpNoteNumberList')),
        extra: readExtra(ctx.mem, r.ptr('lpszExtra')),
      };
    },
  },
  { code: CIM_INF.GET_P6_INFO, name: 'WFS_INF_CIM_GET_P6_INFO', decode: p6Info },
  {
    code: CIM_INF.GET_P6_SIGNATURE, name: 'WFS_INF_CIM_GET_P6_SIGNATURE',
    encode: (a, input) => {
      const o = obj(input, 'GET_P6_SIGNATURE');
      return a.struct(S.CIM_GET_P6_SIGNATURE).u16('usLevel', word(o.level, 'level')).u16('usIndex', word(o.index, 'index'));
    },
    decode: (ctx, p) => readPointerArray(ctx.mem, p).map((q) => signature(ctx, q)),
  },
  {
    code: CIM_INF.GET_ITEM_INFO, name: 'WFS_INF_CIM_GET_ITEM_INFO',
    encode: (a, input) => {
      const o = obj(input, 'GET_ITEM_INFO');
      return a.struct(S.CIM_GET_ITEM_INFO).u16('usLevel', word(o.level, 'level')).u16('usIndex', word(o.index, 'index'))
        .u32('dwItemInfoType', dword(o.itemInfoType, 'itemInfoType'));
    },
    decode: (ctx, p) => readPointerArray(ctx.mem, p).map((q): CimItemInfo => {
      const r = readStruct(ctx.mem, q, at(ctx, 330) ? S.CIM_ITEM_INFO_V330 : S.CIM_ITEM_INFO_V320);
      const serial = r.ptr('lpszSerialNumber');
      const sig = r.ptr('lpP6Signature');
      const item: CimItemInfo = {
        noteId: r.u16('usNoteID'), serialNumber: serial === 0n ? null : readWideString(ctx.mem, serial),
        signature: sig === 0n ? null : signature(ctx, sig),
      };
      if (at(ctx, 330)) {
        const image = r.ptr('lpszImageFileName');
        item.imageFileName = image === 0n ? null : readString(ctx.mem, image);
      }
      return item;
    }),
  },
  {
    code: CIM_INF.POSITION_CAPABILITIES, name: 'WFS_INF_CIM_POSITION_CAPABILITIES',
    decode: (ctx, p) => (p === 0n ? [] : readPointerArray(ctx.mem, readStruct(ctx.mem, p, S.CIM_POS_CAPABILITIES).ptr('lppPosCapabilities')))
      .map((q): CimPositionCapabilities => {
        const r = readStruct(ctx.mem, q, S.CIM_POS_CAPS);
        return {
          position: r.u16('fwPosition'), usage: r.u16('fwUsage'), shutterControl: r.bool('bShutterControl'),
          itemsTakenSensor: r.bool('bItemsTakenSensor'), itemsInsertedSensor: r.bool('bItemsInsertedSensor'),
          retractAreas: r.u16('fwRetractAreas'), extra: readExtra(ctx.mem, r.ptr('lpszExtra')), presentControl: r.bool('bPresentControl'),
        };
      }),
  },
  {
    code: CIM_INF.REPLENISH_TARGET, name: 'WFS_INF_CIM_REPLENISH_TARGET',
    encode: (a, input) => a.struct(S.CIM_REP_INFO).u16('usNumberSource', word(obj(input, 'REPLENISH_TARGET').source, 'source')),
    decode: (ctx, p) => unitNumbers(ctx, p, S.CIM_REP_INFO_RES, 'lppReplenishTargets', S.CIM_REP_INFO_TARGET, 'usNumberTarget'),
  },
  {
    code: CIM_INF.DEVICELOCK_STATUS, name: 'WFS_INF_CIM_DEVICELOCK_STATUS',
    decode: (ctx, p) => {
      const r = readStruct(ctx.mem, p, S.CIM_DEVICE_LOCK_STATUS);
      return {
        deviceLockStatus: r.u16('wDeviceLockStatus'),
        units: readPointerArray(ctx.mem, r.ptr('lppCashUnitLock')).map((q) => {
          const u = readStruct(ctx.mem, q, S.CIM_CASH_UNIT_LOCK);
          return { physicalPositionName: readString(ctx.mem, u.ptr('lpPhysicalPositionName')), status: u.u16('wCashUnitLockStatus') };
        }),
      };
    },
  },
  {
    code: CIM_INF.DEPLETE_SOURCE, name: 'WFS_INF_CIM_DEPLETE_SOURCE',
    encode: (a, input) => a.struct(S.CIM_DEP_INFO).u16('usNumberTarget', word(obj(input, 'DEPLETE_SOURCE').target, 'target')),
    decode: (ctx, p) => unitNumbers(ctx, p, S.CIM_DEP_INFO_RES, 'lppDepleteSources', S.CIM_DEP_INFO_SOURCE, 'usNumberSource'),
  },
  {
    code: CIM_INF.GET_BLACKLIST, name: 'WFS_INF_CIM_GET_BLACKLIST',
    decode: (ctx, p) => {
      if (p === 0n) return { version: '', elements: [] };
      const r = readStruct(ctx.mem, p, S.CIM_BLACKLIST);
      return {
        version: readWideString(ctx.mem, r.ptr('lpszVersion')),
        elements: readCountedPointers(ctx.mem, r.ptr('lppBlacklistElements'), r.u16('usCount')).map((q) => {
          const e = readStruct(ctx.mem, q, S.CIM_BLACKLIST_ELEMENT);
          return { serialNumber: readWideString(ctx.mem, e.ptr('lpszSerialNumber')), currencyId: e.chars('cCurrencyID'), value: e.u32('ulValue') };
        }),
      };
    },
  },
];

const optionalWord = (ctx: CodecContext, p: bigint): { position?: number } => (p === 0n ? {} : { position: readU16(ctx, p) });

const events: EventCodec[] = [
  { id: O + 1, name: 'WFS_SRVE_CIM_SAFEDOOROPEN', kind: 'service' },
  { id: O + 2, name: 'WFS_SRVE_CIM_SAFEDOORCLOSED', kind: 'service' },
  { id: O + 3, name: 'WFS_USRE_CIM_CASHUNITTHRESHOLD', kind: 'user', decode: cashUnit },
  { id: O + 4, name: 'WFS_SRVE_CIM_CASHUNITINFOCHANGED', kind: 'service', decode: cashUnit },
  { id: O + 5, name: 'WFS_SRVE_CIM_TELLERINFOCHANGED', kind: 'service', decode: (ctx, p) => ({ tellerId: p === 0n ? 0 : readU16(ctx, p) }) },
  {
    id: O + 6, name: 'WFS_EXEE_CIM_CASHUNITERROR', kind: 'execute',
    decode: (ctx, p) => {
      const r = readStruct(ctx.mem, p, S.CIM_CU_ERROR);
      const cu = r.ptr('lpCashUnit');
      return { failure: r.u16('wFailure'), cashUnit: cu === 0n ? null : cashUnit(ctx, cu) };
    },
  },
  { id: O + 7, name: 'WFS_SRVE_CIM_ITEMSTAKEN', kind: 'service', decode: optionalWord },
  {
    id: O + 8, name: 'WFS_SRVE_CIM_COUNTS_CHANGED', kind: 'service',
    decode: (ctx, p) => {
      const r = readStruct(ctx.mem, p, S.CIM_COUNTS_CHANGED);
      const n = r.u16('usCount');
      const raw = readBytes(ctx.mem, r.ptr('lpusCUNumList'), 2 * n);
      return { numbers: Array.from({ length: n }, (_, i) => raw.readUInt16LE(2 * i)) };
    },
  },
  { id: O + 9, name: 'WFS_EXEE_CIM_INPUTREFUSE', kind: 'execute', decode: (ctx, p) => ({ reason: readU16(ctx, p) }) },
  {
    id: O + 10, name: 'WFS_SRVE_CIM_ITEMSPRESENTED', kind: 'service',
    decode: (ctx, p) => {
      if (p === 0n || !at(ctx, 320)) return {};
      const r = readStruct(ctx.mem, p, S.CIM_POSITION_INFO);
      return { position: r.u16('wPosition'), additionalBunches: r.u16('wAdditionalBunches'), bunchesRemaining: r.u16('usBunchesRemaining') };
    },
  },
  { id: O + 11, name: 'WFS_SRVE_CIM_ITEMSINSERTED', kind: 'service', decode: optionalWord },
  { id: O + 12, name: 'WFS_EXEE_CIM_NOTEERROR', kind: 'execute', decode: (ctx, p) => ({ reason: readU16(ctx, p) }) },
  { id: O + 13, name: 'WFS_EXEE_CIM_SUBCASHIN', kind: 'execute', decode: (ctx, p) => noteNumbers(ctx, p) ?? [] },
  { id: O + 14, name: 'WFS_SRVE_CIM_MEDIADETECTED', kind: 'service', decode: itemPosition },
  { id: O + 15, name: 'WFS_EXEE_CIM_INPUT_P6', kind: 'execute', decode: p6Info },
  {
    id: O + 16, name: 'WFS_EXEE_CIM_INFO_AVAILABLE', kind: 'execute',
    decode: (ctx, p) => readPointerArray(ctx.mem, p).map((q) => {
      const r = readStruct(ctx.mem, q, S.CIM_ITEM_INFO_SUMMARY);
      return { level: r.u16('usLevel'), numOfItems: r.u16('usNumOfItems') };
    }),
  },
  { id: O + 17, name: 'WFS_EXEE_CIM_INSERTITEMS', kind: 'execute' },
  { id: O + 18, name: 'WFS_SRVE_CIM_DEVICEPOSITION', kind: 'service', decode: (ctx, p) => ({ position: readStruct(ctx.mem, p, S.CIM_DEVICE_POSITION).u16('wPosition') }) },
  {
    id: O + 19, name: 'WFS_SRVE_CIM_POWER_SAVE_CHANGE', kind: 'service',
    decode: (ctx, p) => ({ powerSaveRecoveryTime: readStruct(ctx.mem, p, S.CIM_POWER_SAVE_CHANGE).u16('usPowerSaveRecoveryTime') }),
  },
  {
    id: O + 20, name: 'WFS_EXEE_CIM_INCOMPLETEREPLENISH', kind: 'execute',
    decode: (ctx, p) => replenishResult(ctx, p === 0n ? 0n : readStruct(ctx.mem, p, S.CIM_INCOMPLETE_REPLENISH).ptr('lpReplenish')),
  },
  {
    id: O + 21, name: 'WFS_EXEE_CIM_INCOMPLETEDEPLETE', kind: 'execute',
    decode: (ctx, p) => depleteResult(ctx, p === 0n ? 0n : readStruct(ctx.mem, p, S.CIM_INCOMPLETE_DEPLETE).ptr('lpDeplete')),
  },
  {
    id: O + 22, name: 'WFS_SRVE_CIM_SHUTTERSTATUSCHANGED', kind: 'service',
    decode: (ctx, p) => {
      const r = readStruct(ctx.mem, p, S.CIM_SHUTTER_STATUS_CHANGED);
      return { position: r.u16('fwPosition'), shutter: r.u16('fwShutter') };
    },
  },
];

export const cimCodecs = classCodecs('CIM', execute, info, events);
