// CDM codecs: the status/capabilities/cash-unit queries and the dispense cycle with its events.
import type { Arena, Block } from '../arena.ts';
import { bool, classCodecs, dword, EncodeError, list, obj, text, word, currencyCode } from '../codec.ts';
import type { CodecContext, CommandCodec, EventCodec } from '../codec.ts';
import type {
  CdmCapabilities, CdmCashUnit, CdmCashUnitInfo, CdmCountedUnit, CdmCurrencyExp, CdmDenomination, CdmMixTable, CdmMixType, CdmOutputPosition, CdmPresentStatus,
  CdmStatus, CdmTellerDetails, CdmCalibrate, CdmItemTarget, CdmIncompleteRetract,
} from './types.ts';
import {
  readBytes, readCountedPointers, readCountedU32, readDwordArray, readExtra, readPointerArray, readString, readStruct,
} from '../memory.ts';
import * as S from './structs.ts';
import { readTellerTotals, tellerTotalsBlocks } from '../teller.ts';

const O = 300;
export const CDM_CMD = {
  DENOMINATE: O + 1, DISPENSE: O + 2, PRESENT: O + 3, REJECT: O + 4, RETRACT: O + 5, OPEN_SHUTTER: O + 7,
  CLOSE_SHUTTER: O + 8, SET_TELLER_INFO: O + 9, SET_CASH_UNIT_INFO: O + 10, START_EXCHANGE: O + 11, END_EXCHANGE: O + 12, CALIBRATE_CASH_UNIT: O + 15,
  SET_MIX_TABLE: O + 20,
  RESET: O + 21, TEST_CASH_UNITS: O + 22, COUNT: O + 23, PREPARE_DISPENSE: O + 26,
} as const;
export const CDM_INF = { STATUS: O + 1, CAPABILITIES: O + 2, CASH_UNIT_INFO: O + 3, TELLER_INFO: O + 4, CURRENCY_EXP: O + 6, MIX_TYPES: O + 7, MIX_TABLE: O + 8, PRESENT_STATUS: O + 9 } as const;
export const CDM_POSITION = { NULL: 0x0000, LEFT: 0x0001, RIGHT: 0x0002, CENTER: 0x0004, TOP: 0x0040, BOTTOM: 0x0080, FRONT: 0x0800, REAR: 0x1000 } as const;
export const CDM_MIX = { MINIMUM_NUMBER_OF_BILLS: 1, EQUAL_EMPTYING_OF_CASH_UNITS: 2, MAXIMUM_NUMBER_OF_CASH_UNITS: 3 } as const;

const at = (ctx: CodecContext, v: number): boolean => ctx.vnum >= v;

function position(ctx: CodecContext, p: bigint): CdmOutputPosition {
  const r = readStruct(ctx.mem, p, at(ctx, 330) ? S.CDM_OUTPOS_V330 : S.CDM_OUTPOS_V300);
  const o: CdmOutputPosition = {
    position: r.u16('fwPosition'), shutter: r.u16('fwShutter'), positionStatus: r.u16('fwPositionStatus'),
    transport: r.u16('fwTransport'), transportStatus: r.u16('fwTransportStatus'),
  };
  if (at(ctx, 330)) o.jammedShutterPosition = r.u16('fwJammedShutterPosition');
  return o;
}

function status(ctx: CodecContext, p: bigint): CdmStatus {
  const r = readStruct(ctx.mem, p, at(ctx, 320) ? S.CDM_STATUS_V320 : S.CDM_STATUS_V300);
  const s: CdmStatus = {
    device: r.u16('fwDevice'), safeDoor: r.u16('fwSafeDoor'), dispenser: r.u16('fwDispenser'),
    intermediateStacker: r.u16('fwIntermediateStacker'),
    positions: readPointerArray(ctx.mem, r.ptr('lppPositions')).map((q) => position(ctx, q)),
    extra: readExtra(ctx.mem, r.ptr('lpszExtra')),
  };
  if (at(ctx, 320)) {
    Object.assign(s, {
      guidLights: r.u32s('dwGuidLights'), devicePosition: r.u16('wDevicePosition'),
      powerSaveRecoveryTime: r.u16('usPowerSaveRecoveryTime'), antiFraudModule: r.u16('wAntiFraudModule'),
    });
  }
  return s;
}

function capabilities(ctx: CodecContext, p: bigint): CdmCapabilities {
  const r = readStruct(ctx.mem, p, at(ctx, 330) ? S.CDM_CAPS_V330 : at(ctx, 320) ? S.CDM_CAPS_V320 : S.CDM_CAPS_V300);
  const c: CdmCapabilities = {
    class: r.u16('wClass'), type: r.u16('fwType'), maxDispenseItems: r.u16('wMaxDispenseItems'),
    compound: r.bool('bCompound'), shutter: r.bool('bShutter'), shutterControl: r.bool('bShutterControl'),
    retractAreas: r.u16('fwRetractAreas'), retractTransportActions: r.u16('fwRetractTransportActions'),
    retractStackerActions: r.u16('fwRetractStackerActions'), safeDoor: r.bool('bSafeDoor'), cashBox: r.bool('bCashBox'),
    intermediateStacker: r.bool('bIntermediateStacker'), itemsTakenSensor: r.bool('bItemsTakenSensor'),
    positions: r.u16('fwPositions'), moveItems: r.u16('fwMoveItems'), exchangeType: r.u16('fwExchangeType'),
    extra: readExtra(ctx.mem, r.ptr('lpszExtra')),
  };
  if (at(ctx, 320)) {
    Object.assign(c, {
      guidLights: r.u32s('dwGuidLights'), powerSaveControl: r.bool('bPowerSaveControl'),
      prepareDispense: r.bool('bPrepareDispense'), antiFraudModule: r.bool('bAntiFraudModule'),
    });
  }
  if (at(ctx, 330)) {
    Object.assign(c, {
      itemInfoTypes: r.u32('dwItemInfoTypes'), blacklist: r.bool('bBlacklist'),
      synchronizableCommands: readDwordArray(ctx.mem, r.ptr('lpdwSynchronizableCommands')),
    });
  }
  return c;
}

export function cashUnit(ctx: CodecContext, p: bigint): CdmCashUnit {
  const v320 = at(ctx, 320);
  const r = readStruct(ctx.mem, p, v320 ? S.CDM_CASHUNIT_V320 : S.CDM_CASHUNIT_V300);
  const physical = readCountedPointers(ctx.mem, r.ptr('lppPhysical'), r.u16('usNumPhysicalCUs')).map((q) => {
    const ph = readStruct(ctx.mem, q, v320 ? S.CDM_PHCU_V320 : S.CDM_PHCU_V300);
    return {
      physicalPositionName: readString(ctx.mem, ph.ptr('lpPhysicalPositionName')), unitId: ph.chars('cUnitID'),
      initialCount: ph.u32('ulInitialCount'), count: ph.u32('ulCount'), rejectCount: ph.u32('ulRejectCount'),
      maximum: ph.u32('ulMaximum'), pStatus: ph.u16('usPStatus'), hardwareSensor: ph.bool('bHardwareSensor'),
      ...(v320 ? { dispensedCount: ph.u32('ulDispensedCount'), presentedCount: ph.u32('ulPresentedCount'), retractedCount: ph.u32('ulRetractedCount') } : {}),
    };
  });
  return {
    number: r.u16('usNumber'), type: r.u16('usType'), cashUnitName: readString(ctx.mem, r.ptr('lpszCashUnitName')),
    unitId: r.chars('cUnitID'), currencyId: r.chars('cCurrencyID'), values: r.u32('ulValues'),
    initialCount: r.u32('ulInitialCount'), count: r.u32('ulCount'), rejectCount: r.u32('ulRejectCount'),
    minimum: r.u32('ulMinimum'), maximum: r.u32('ulMaximum'), appLock: r.bool('bAppLock'), status: r.u16('usStatus'),
    physical,
    ...(v320 ? { dispensedCount: r.u32('ulDispensedCount'), presentedCount: r.u32('ulPresentedCount'), retractedCount: r.u32('ulRetractedCount') } : {}),
  };
}

function denomination(ctx: CodecContext, p: bigint): CdmDenomination {
  const r = readStruct(ctx.mem, p, S.CDM_DENOMINATION);
  return {
    currencyId: r.chars('cCurrencyID'), amount: r.u32('ulAmount'),
    values: readCountedU32(ctx.mem, r.ptr('lpulValues'), r.u16('usCount')), cashBox: r.u32('ulCashBox'),
  };
}

function cuInfo(ctx: CodecContext, p: bigint): CdmCashUnitInfo {
  const r = readStruct(ctx.mem, p, S.CDM_CU_INFO);
  return {
    tellerId: r.u16('usTellerID'),
    units: readCountedPointers(ctx.mem, r.ptr('lppList'), r.u16('usCount')).map((q) => cashUnit(ctx, q)),
  };
}

function presentStatus(ctx: CodecContext, p: bigint): CdmPresentStatus {
  const r = readStruct(ctx.mem, p, S.CDM_PRESENT_STATUS);
  const d = r.ptr('lpDenomination');
  return { denomination: d === 0n ? null : denomination(ctx, d), presentState: r.u16('wPresentState'), extra: readExtra(ctx.mem, r.ptr('lpszExtra')) };
}

function denominationBlock(a: Arena, input: unknown): Block {
  const d = obj(input, 'denomination');
  const currency = text(d.currencyId, 'denomination.currencyId', 3);
  if (!/^[A-Z]{3}$/.test(currency)) throw new EncodeError('denomination.currencyId: an ISO 4217 code is required');
  const values = d.values === undefined ? [] : list(d.values, 'denomination.values', 64).map((v, i) => dword(v, `values[${i}]`));
  return a.struct(S.CDM_DENOMINATION).chars('cCurrencyID', currency).u32('ulAmount', dword(d.amount, 'denomination.amount'))
    .u16('usCount', values.length).ptr('lpulValues', values.length ? a.u32s(values) : null)
    .u32('ulCashBox', d.cashBox === undefined ? 0 : dword(d.cashBox, 'denomination.cashBox'));
}

/** WFSCDMITEMPOSITION (RESET, TEST_CASH_UNITS): a cash unit number, a retract area or an output position. */
function itemPositionBlock(a: Arena, input: unknown, what: string): Block {
  const o = obj(input, what);
  let area: Block | null = null;
  if (o.retractArea) {
    const ra = obj(o.retractArea, 'retractArea');
    area = a.struct(S.CDM_RETRACT).u16('fwOutputPosition', word(ra.outputPosition, 'outputPosition'))
      .u16('usRetractArea', word(ra.retractArea, 'retractArea')).u16('usIndex', word(ra.index, 'index'));
  }
  return a.struct(S.CDM_ITEMPOSITION).u16('usNumber', word(o.number, 'number')).ptr('lpRetractArea', area)
    .u16('fwOutputPosition', word(o.outputPosition, 'outputPosition'));
}

/** A whole WFSCDMCASHUNIT with its physical units, in the layout of the session's version. */
function cashUnitBlock(a: Arena, input: unknown, what: string, ctx: CodecContext): Block {
  const o = obj(input, what);
  const v320 = at(ctx, 320);
  const n = (k: string, from: Record<string, unknown> = o, w = what): number => dword(from[k] ?? 0, `${w}.${k}`);
  const physical = list(o.physical ?? [], `${what}.physical`, 8).map((raw, i) => {
    const pw = `${what}.physical[${i}]`;
    const p = obj(raw, pw);
    const b = a.struct(v320 ? S.CDM_PHCU_V320 : S.CDM_PHCU_V300)
      .ptr('lpPhysicalPositionName', a.string(text(p.physicalPositionName ?? '', `${pw}.physicalPositionName`, 64)))
      .chars('cUnitID', text(p.unitId ?? '', `${pw}.unitId`, 5)).u32('ulInitialCount', n('initialCount', p, pw)).u32('ulCount', n('count', p, pw))
      .u32('ulRejectCount', n('rejectCount', p, pw)).u32('ulMaximum', n('maximum', p, pw)).u16('usPStatus', word(p.pStatus ?? 0, `${pw}.pStatus`))
      .bool('bHardwareSensor', p.hardwareSensor === undefined ? false : bool(p.hardwareSensor, `${pw}.hardwareSensor`));
    if (v320) b.u32('ulDispensedCount', n('dispensedCount', p, pw)).u32('ulPresentedCount', n('presentedCount', p, pw)).u32('ulRetractedCount', n('retractedCount', p, pw));
    return b;
  });
  const b = a.struct(v320 ? S.CDM_CASHUNIT_V320 : S.CDM_CASHUNIT_V300).u16('usNumber', word(o.number, `${what}.number`))
    .u16('usType', word(o.type, `${what}.type`)).ptr('lpszCashUnitName', a.string(text(o.cashUnitName ?? '', `${what}.cashUnitName`, 64)))
    .chars('cUnitID', text(o.unitId ?? '', `${what}.unitId`, 5)).chars('cCurrencyID', text(o.currencyId ?? '   ', `${what}.currencyId`, 3))
    .u32('ulValues', n('values')).u32('ulInitialCount', n('initialCount')).u32('ulCount', n('count')).u32('ulRejectCount', n('rejectCount'))
    .u32('ulMinimum', n('minimum')).u32('ulMaximum', n('maximum')).bool('bAppLock', o.appLock === undefined ? false : bool(o.appLock, `${what}.appLock`))
    .u16('usStatus', word(o.status ?? 0, `${what}.status`)).u16('usNumPhysicalCUs', physical.length)
    .ptr('lppPhysical', physical.length ? a.pointerArray(physical) : null);
  if (v320) b.u32('ulDispensedCount', n('dispensedCount')).u32('ulPresentedCount', n('presentedCount')).u32('ulRetractedCount', n('retractedCount'));
  return b;
}

/** WFSCDMCUINFO (SET_CASH_UNIT_INFO, END_EXCHANGE): the teller and the units to change. */
function cuInfoBlock(a: Arena, input: unknown, what: string, ctx: CodecContext): Block {
  const o = obj(input, what);
  const units = list(o.units, `${what}.units`, 64).map((u, i) => cashUnitBlock(a, u, `units[${i}]`, ctx));
  return a.struct(S.CDM_CU_INFO).u16('usTellerID', word(o.tellerId ?? 0, 'tellerId')).u16('usCount', units.length).ptr('lppList', a.pointerArray(units));
}

function tellerDetails(ctx: CodecContext, p: bigint): CdmTellerDetails[] {
  return readPointerArray(ctx.mem, p).map((q) => {
    const r = readStruct(ctx.mem, q, S.CDM_TELLER_DETAILS);
    return {
      tellerId: r.u16('usTellerID'), inputPosition: r.u32('ulInputPosition'), outputPosition: r.u16('fwOutputPosition'),
      totals: readTellerTotals(ctx, r.ptr('lppTellerTotals'), S.CDM_TELLER_TOTALS),
    };
  });
}


const positionWord = (a: Arena, input: unknown, what: string): Block => a.u16(word(obj(input, what).position, 'position'));

const execute: CommandCodec[] = [
  {
    code: CDM_CMD.DENOMINATE, name: 'WFS_CMD_CDM_DENOMINATE',
    encode: (a, input) => {
      const o = obj(input, 'DENOMINATE');
      return a.struct(S.CDM_DENOMINATE).u16('usTellerID', word(o.tellerId, 'tellerId')).u16('usMixNumber', word(o.mixNumber, 'mixNumber'))
        .ptr('lpDenomination', denominationBlock(a, o.denomination));
    },
    decode: denomination,
  },
  {
    code: CDM_CMD.DISPENSE, name: 'WFS_CMD_CDM_DISPENSE',
    encode: (a, input) => {
      const o = obj(input, 'DISPENSE');
      return a.struct(S.CDM_DISPENSE).u16('usTellerID', word(o.tellerId, 'tellerId')).u16('usMixNumber', word(o.mixNumber, 'mixNumber'))
        .u16('fwPosition', word(o.position, 'position')).bool('bPresent', bool(o.present, 'present'))
        .ptr('lpDenomination', denominationBlock(a, o.denomination));
    },
    decode: denomination,
  },
  { code: CDM_CMD.PRESENT, name: 'WFS_CMD_CDM_PRESENT', encode: (a, i) => positionWord(a, i, 'PRESENT') },
  { code: CDM_CMD.REJECT, name: 'WFS_CMD_CDM_REJECT' },
  {
    code: CDM_CMD.RETRACT, name: 'WFS_CMD_CDM_RETRACT',
    encode: (a, input) => {
      const o = obj(input, 'RETRACT');
      return a.struct(S.CDM_RETRACT).u16('fwOutputPosition', word(o.outputPosition, 'outputPosition'))
        .u16('usRetractArea', word(o.retractArea, 'retractArea')).u16('usIndex', word(o.index, 'index'));
    },
  },
  { code: CDM_CMD.OPEN_SHUTTER, name: 'WFS_CMD_CDM_OPEN_SHUTTER', encode: (a, i) => positionWord(a, i, 'OPEN_SHUTTER') },
  { code: CDM_CMD.CLOSE_SHUTTER, name: 'WFS_CMD_CDM_CLOSE_SHUTTER', encode: (a, i) => positionWord(a, i, 'CLOSE_SHUTTER') },
  { code: CDM_CMD.RESET, name: 'WFS_CMD_CDM_RESET', encode: (a, input) => (input === undefined ? null : itemPositionBlock(a, input, 'RESET')) },
  {
    code: CDM_CMD.TEST_CASH_UNITS, name: 'WFS_CMD_CDM_TEST_CASH_UNITS',
    encode: (a, input) => (input === undefined ? null : itemPositionBlock(a, input, 'TEST_CASH_UNITS')),
    decode: cuInfo,
  },
  {
    // lpPosition is a pointer to the WFSCDMITEMPOSITION pointer (LPWFSCDMITEMPOSITION *).
    code: CDM_CMD.CALIBRATE_CASH_UNIT, name: 'WFS_CMD_CDM_CALIBRATE_CASH_UNIT',
    encode: (a, input) => {
      const o = obj(input, 'CALIBRATE_CASH_UNIT');
      return a.struct(S.CDM_CALIBRATE).u16('usNumber', word(o.number, 'number')).u16('usNumOfBills', word(o.numOfBills, 'numOfBills'))
        .ptr('lpPosition', o.position ? a.pointerArray([itemPositionBlock(a, o.position, 'position')]) : null);
    },
    decode: (ctx, p): CdmCalibrate => {
      const r = readStruct(ctx.mem, p, S.CDM_CALIBRATE);
      const holder = r.ptr('lpPosition');
      const q = holder === 0n ? 0n : readPointerArray(ctx.mem, holder)[0] ?? 0n;
      let position: CdmItemTarget | null = null;
      if (q !== 0n) {
        const ip = readStruct(ctx.mem, q, S.CDM_ITEMPOSITION);
        const area = ip.ptr('lpRetractArea');
        const ra = area === 0n ? null : readStruct(ctx.mem, area, S.CDM_RETRACT);
        position = {
          number: ip.u16('usNumber'), outputPosition: ip.u16('fwOutputPosition'),
          retractArea: ra ? { outputPosition: ra.u16('fwOutputPosition'), retractArea: ra.u16('usRetractArea'), index: ra.u16('usIndex') } : null,
        };
      }
      return { number: r.u16('usNumber'), numOfBills: r.u16('usNumOfBills'), position };
    },
  },
  {
    code: CDM_CMD.SET_TELLER_INFO, name: 'WFS_CMD_CDM_SET_TELLER_INFO',
    encode: (a, input) => {
      const o = obj(input, 'SET_TELLER_INFO');
      const d = obj(o.details, 'details');
      const totals = tellerTotalsBlocks(a, d.totals, S.CDM_TELLER_TOTALS);
      const details = a.struct(S.CDM_TELLER_DETAILS).u16('usTellerID', word(d.tellerId, 'details.tellerId'))
        .u32('ulInputPosition', dword(d.inputPosition ?? 0, 'details.inputPosition')).u16('fwOutputPosition', word(d.outputPosition ?? 0, 'details.outputPosition'))
        .ptr('lppTellerTotals', totals.length ? a.pointerArray(totals) : null);
      return a.struct(S.CDM_TELLER_UPDATE).u16('usAction', word(o.action, 'action')).ptr('lpTellerDetails', details);
    },
  },
  {
    code: CDM_CMD.SET_CASH_UNIT_INFO, name: 'WFS_CMD_CDM_SET_CASH_UNIT_INFO',
    encode: (a, input, ctx) => cuInfoBlock(a, input, 'SET_CASH_UNIT_INFO', ctx),
  },
  {
    code: CDM_CMD.START_EXCHANGE, name: 'WFS_CMD_CDM_START_EXCHANGE',
    encode: (a, input) => {
      const o = obj(input, 'START_EXCHANGE');
      const numbers = list(o.numbers, 'numbers', 64).map((v, i) => word(v, `numbers[${i}]`));
      const counts = Buffer.alloc(2 * numbers.length);
      numbers.forEach((n, i) => counts.writeUInt16LE(n, 2 * i));
      return a.struct(S.CDM_START_EX).u16('fwExchangeType', word(o.exchangeType, 'exchangeType')).u16('usTellerID', word(o.tellerId, 'tellerId'))
        .u16('usCount', numbers.length).ptr('lpusCUNumList', numbers.length ? a.bytes(counts) : null);
    },
    decode: cuInfo,
  },
  {
    code: CDM_CMD.END_EXCHANGE, name: 'WFS_CMD_CDM_END_EXCHANGE',
    encode: (a, input, ctx) => (input === undefined ? null : cuInfoBlock(a, input, 'END_EXCHANGE', ctx)),
  },
  {
    code: CDM_CMD.COUNT, name: 'WFS_CMD_CDM_COUNT',
    encode: (a, input) => {
      const o = obj(input, 'COUNT');
      const all = bool(o.emptyAll, 'emptyAll');
      return a.struct(S.CDM_PHYSICAL_CU).bool('bEmptyAll', all).u16('fwPosition', word(o.position, 'position'))
        .ptr('lpPhysicalPositionName', all ? null : a.string(text(o.physicalPositionName, 'physicalPositionName', 64)));
    },
    decode: (ctx, p): CdmCountedUnit[] => {
      const r = readStruct(ctx.mem, p, S.CDM_COUNT);
      return readCountedPointers(ctx.mem, r.ptr('lppCountedPhysCUs'), r.u16('usNumPhysicalCUs')).map((q) => {
        const u = readStruct(ctx.mem, q, S.CDM_COUNTED_PHYS_CU);
        return {
          physicalPositionName: readString(ctx.mem, u.ptr('lpPhysicalPositionName')), unitId: u.chars('cUnitId'),
          dispensed: u.u32('ulDispensed'), counted: u.u32('ulCounted'), status: u.u16('usPStatus'),
        };
      });
    },
  },
  {
    code: CDM_CMD.PREPARE_DISPENSE, name: 'WFS_CMD_CDM_PREPARE_DISPENSE',
    encode: (a, input) => a.struct(S.CDM_PREPARE_DISPENSE).u16('wAction', word(obj(input, 'PREPARE_DISPENSE').action, 'action')),
  },
  {
    code: CDM_CMD.SET_MIX_TABLE, name: 'WFS_CMD_CDM_SET_MIX_TABLE',
    encode: (a, input) => {
      const o = obj(input, 'SET_MIX_TABLE');
      const header = list(o.header, 'header', 8).map((v, i) => dword(v, `header[${i}]`));
      const rows = list(o.rows, 'rows', 64).map((row, r) => {
        const ro = obj(row, `rows[${r}]`);
        const mixture = list(ro.mixture, `rows[${r}].mixture`, 8).map((n, i) => word(n, `rows[${r}].mixture[${i}]`));
        if (mixture.length !== header.length) throw new EncodeError(`rows[${r}].mixture: one count per header value is required`);
        const counts = Buffer.alloc(2 * mixture.length);
        mixture.forEach((n, i) => counts.writeUInt16LE(n, 2 * i));
        return a.struct(S.CDM_MIX_ROW).u32('ulAmount', dword(ro.amount, `rows[${r}].amount`)).ptr('lpusMixture', a.bytes(counts));
      });
      return a.struct(S.CDM_MIX_TABLE).u16('usMixNumber', word(o.mixNumber, 'mixNumber')).ptr('lpszName', a.string(text(o.name, 'name', 64)))
        .u16('usRows', rows.length).u16('usCols', header.length).ptr('lpulMixHeader', a.u32s(header)).ptr('lppMixRows', a.pointerArray(rows));
    },
  },
];

const info: CommandCodec[] = [
  { code: CDM_INF.STATUS, name: 'WFS_INF_CDM_STATUS', decode: status },
  { code: CDM_INF.CAPABILITIES, name: 'WFS_INF_CDM_CAPABILITIES', decode: capabilities },
  { code: CDM_INF.CASH_UNIT_INFO, name: 'WFS_INF_CDM_CASH_UNIT_INFO', decode: cuInfo },
  {
    code: CDM_INF.TELLER_INFO, name: 'WFS_INF_CDM_TELLER_INFO',
    encode: (a, input) => {
      if (input === undefined) return null;
      const o = obj(input, 'TELLER_INFO');
      return a.struct(S.CDM_TELLER_INFO).u16('usTellerID', word(o.tellerId, 'tellerId'))
        .chars('cCurrencyID', o.currencyId === undefined || o.currencyId === '' ? '   ' : currencyCode(o.currencyId, 'currencyId'));
    },
    decode: tellerDetails,
  },
  {
    code: CDM_INF.CURRENCY_EXP, name: 'WFS_INF_CDM_CURRENCY_EXP',
    decode: (ctx, p): CdmCurrencyExp[] => readPointerArray(ctx.mem, p).map((q) => {
      const r = readStruct(ctx.mem, q, S.CDM_CURRENCY_EXP);
      return { currencyId: r.chars('cCurrencyID'), exponent: r.i16('sExponent') };
    }),
  },
  {
    code: CDM_INF.MIX_TYPES, name: 'WFS_INF_CDM_MIX_TYPES',
    decode: (ctx, p): CdmMixType[] => readPointerArray(ctx.mem, p).map((q) => {
      const r = readStruct(ctx.mem, q, S.CDM_MIX_TYPE);
      return { mixNumber: r.u16('usMixNumber'), mixType: r.u16('usMixType'), subType: r.u16('usSubType'), name: readString(ctx.mem, r.ptr('lpszName')) };
    }),
  },
  { code: CDM_INF.PRESENT_STATUS, name: 'WFS_INF_CDM_PRESENT_STATUS', encode: (a, i) => positionWord(a, i, 'PRESENT_STATUS'), decode: presentStatus },
  {
    code: CDM_INF.MIX_TABLE, name: 'WFS_INF_CDM_MIX_TABLE',
    encode: (a, input) => a.u16(word(obj(input, 'MIX_TABLE').mixNumber, 'mixNumber')),
    decode: (ctx, p): CdmMixTable => {
      const r = readStruct(ctx.mem, p, S.CDM_MIX_TABLE);
      const cols = r.u16('usCols');
      return {
        mixNumber: r.u16('usMixNumber'), name: readString(ctx.mem, r.ptr('lpszName')),
        header: readCountedU32(ctx.mem, r.ptr('lpulMixHeader'), cols),
        rows: readCountedPointers(ctx.mem, r.ptr('lppMixRows'), r.u16('usRows')).map((q) => {
          const row = readStruct(ctx.mem, q, S.CDM_MIX_ROW);
          const raw = readBytes(ctx.mem, row.ptr('lpusMixture'), 2 * cols);
          return { amount: row.u32('ulAmount'), mixture: Array.from({ length: cols }, (_, i) => raw.readUInt16LE(2 * i)) };
        }),
      };
    },
  },
];

const readU16 = (ctx: CodecContext, p: bigint): number => {
  const b = ctx.mem.read(p, 2);
  return b[0] | (b[1] << 8);
};
const readU32 = (ctx: CodecContext, p: bigint): number => readCountedU32(ctx.mem, p, 1)[0];

// The item number list is the struct's first member, embedded by value: read in place.
function incompleteRetract(ctx: CodecContext, p: bigint): CdmIncompleteRetract {
  const list = readStruct(ctx.mem, p, S.CDM_ITEM_NUMBER_LIST);
  const itemNumbers = readCountedPointers(ctx.mem, list.ptr('lppItemNumber'), list.u16('usNumOfItemNumbers')).map((q) => {
    const r = readStruct(ctx.mem, q, S.CDM_ITEM_NUMBER);
    return { currencyId: r.chars('cCurrencyID'), values: r.u32('ulValues'), release: r.u16('usRelease'), count: r.u32('ulCount'), number: r.u16('usNumber') };
  });
  return { itemNumbers, reason: readStruct(ctx.mem, p, S.CDM_INCOMPLETE_RETRACT).u16('usReason') };
}

const events: EventCodec[] = [
  { id: O + 1, name: 'WFS_SRVE_CDM_SAFEDOOROPEN', kind: 'service' },
  { id: O + 2, name: 'WFS_SRVE_CDM_SAFEDOORCLOSED', kind: 'service' },
  { id: O + 3, name: 'WFS_USRE_CDM_CASHUNITTHRESHOLD', kind: 'user', decode: cashUnit },
  { id: O + 4, name: 'WFS_SRVE_CDM_CASHUNITINFOCHANGED', kind: 'service', decode: cashUnit },
  { id: O + 5, name: 'WFS_SRVE_CDM_TELLERINFOCHANGED', kind: 'service', decode: (ctx, p) => ({ tellerId: readU16(ctx, p) }) },
  { id: O + 6, name: 'WFS_EXEE_CDM_DELAYEDDISPENSE', kind: 'execute', decode: (ctx, p) => ({ delay: readU32(ctx, p) }) },
  { id: O + 7, name: 'WFS_EXEE_CDM_STARTDISPENSE', kind: 'execute', decode: (ctx, p) => ({ requestId: readU32(ctx, p) }) },
  {
    id: O + 8, name: 'WFS_EXEE_CDM_CASHUNITERROR', kind: 'execute',
    decode: (ctx, p) => {
      const r = readStruct(ctx.mem, p, S.CDM_CU_ERROR);
      const cu = r.ptr('lpCashUnit');
      return { failure: r.u16('wFailure'), cashUnit: cu === 0n ? null : cashUnit(ctx, cu) };
    },
  },
  { id: O + 9, name: 'WFS_SRVE_CDM_ITEMSTAKEN', kind: 'service', decode: (ctx, p) => ({ position: readU16(ctx, p) }) },
  { id: O + 10, name: 'WFS_EXEE_CDM_PARTIALDISPENSE', kind: 'execute', decode: (ctx, p) => ({ dispenseCount: readU16(ctx, p) }) },
  { id: O + 11, name: 'WFS_EXEE_CDM_SUBDISPENSEOK', kind: 'execute', decode: denomination },
  { id: O + 13, name: 'WFS_SRVE_CDM_ITEMSPRESENTED', kind: 'service' },
  { id: O + 15, name: 'WFS_EXEE_CDM_INCOMPLETEDISPENSE', kind: 'execute', decode: denomination },
  { id: O + 16, name: 'WFS_EXEE_CDM_NOTEERROR', kind: 'execute', decode: (ctx, p) => ({ reason: readU16(ctx, p) }) },
  {
    id: O + 17, name: 'WFS_SRVE_CDM_MEDIADETECTED', kind: 'service',
    decode: (ctx, p) => {
      const r = readStruct(ctx.mem, p, S.CDM_ITEMPOSITION);
      const area = r.ptr('lpRetractArea');
      const retract = area === 0n ? null : readStruct(ctx.mem, area, S.CDM_RETRACT);
      return {
        number: r.u16('usNumber'), outputPosition: r.u16('fwOutputPosition'),
        retractArea: retract ? { area: retract.u16('usRetractArea'), index: retract.u16('usIndex') } : null,
      };
    },
  },
  { id: O + 22, name: 'WFS_EXEE_CDM_INCOMPLETERETRACT', kind: 'execute', decode: incompleteRetract },
  {
    id: O + 23, name: 'WFS_SRVE_CDM_SHUTTERSTATUSCHANGED', kind: 'service',
    decode: (ctx, p) => {
      const r = readStruct(ctx.mem, p, S.CDM_SHUTTER_STATUS_CHANGED);
      return { position: r.u16('fwPosition'), shutter: r.u16('fwShutter') };
    },
  },
];

export const cdmCodecs = classCodecs('CDM', execute, info, events);
