// Storage.SetStorage (WFS_CMD_CIM_SET_CASH_UNIT_INFO), StartExchange / EndExchange
// (WFS_CMD_CIM_START_EXCHANGE / END_EXCHANGE). Unlike the card reader, the 3.x CIM has a real exchange:
// the gateway starts a by-hand exchange of every unit (WFS_CIM_EXBYHAND) and ends it with no unit
// changes (SetStorage made them). SetStorage writes what WFSCIMCASHIN lets an application set: the
// counts (status.initial: ulCount / ulInitialCount, ulCashInCount 0), the thresholds (ulMaximum,
// 3.20 ulMinimum) and the application lock (one bAppLock for in and out).
import type { CommandResult, JsonObject } from '../../xfs4iot/backend.ts';
import type { CimCashUnit } from '../../legacy-xfs3/cim/types.ts';
import { commandError, invalidData, success, unsupportedCommand, unsupportedData, type CommandCall } from '../translator.ts';
import { unitId, type CimCaps, type CimDevice } from './device.ts';
import { buildCashInUnit } from './storage-units.ts';
import { isResult } from './units.ts';

type CimCall = CommandCall<CimCaps, CimDevice>;

const byHand = 1;

/** Whether a requested value says what the unit already is (an object: each property it names). */
function agrees(current: unknown, requested: unknown): boolean {
  if (typeof requested === 'object' && requested !== null && !Array.isArray(requested)) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return false;
    return Object.entries(requested).every(([k, v]) => v === null || agrees((current as Record<string, unknown>)[k] ?? (typeof v === 'boolean' ? false : undefined), v));
  }
  return JSON.stringify(current) === JSON.stringify(requested);
}

/** Total of an XFS4IoT StorageCashCountsClass ({unrecognized, typeEUR20: {fit, ...}}), or a message. */
function totalOf(initial: JsonObject, field: string): { total: number; items: string[] } | string {
  let total = 0;
  const items: string[] = [];
  for (const [key, value] of Object.entries(initial)) {
    if (key === 'unrecognized') {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) return `${field}.unrecognized must be a count`;
      total += value;
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return `${field}.${key} must be counts by fitness`;
    let sum = 0;
    for (const [fitness, n] of Object.entries(value)) {
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) return `${field}.${key}.${fitness} must be a count`;
      sum += n;
    }
    if (sum > 0) items.push(key);
    total += sum;
  }
  return { total, items };
}

function change(call: CimCall, unit: CimCashUnit, cash: JsonObject, id: string): CimCashUnit | CommandResult {
  const current = buildCashInUnit(unit, call.device.status, call.enums);
  const currentConfig = ((current.cash as JsonObject).configuration ?? {}) as JsonObject;
  const config = (cash.configuration ?? {}) as JsonObject;
  const next: CimCashUnit = { ...unit };
  for (const [key, value] of Object.entries(config)) {
    if (value === null || value === undefined) continue;
    if (key === 'highThreshold') {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 0xffffffff) return invalidData(`SetStorage: ${id}.cash.configuration.highThreshold must be 1 .. 4294967295`);
      next.maximum = value;
    } else if (key === 'lowThreshold') {
      if (call.device.version.major * 100 + call.device.version.minor < 320) return unsupportedData(`SetStorage: ${id}.cash.configuration.lowThreshold: XFS 3.x CIM has a low threshold (ulMinimum) from 3.20 on; this service provider is XFS ${call.device.version.text}`);
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 0xffffffff) return invalidData(`SetStorage: ${id}.cash.configuration.lowThreshold must be 1 .. 4294967295`);
      next.minimum = value;
    } else if (key === 'appLockIn' || key === 'appLockOut') {
      if (typeof value !== 'boolean') return invalidData(`SetStorage: ${id}.cash.configuration.${key} must be a boolean`);
      const other = key === 'appLockIn' ? config.appLockOut : config.appLockIn;
      if (typeof other === 'boolean' && other !== value) return unsupportedData(`SetStorage: ${id}: XFS 3.x locks a cash unit for deposit and dispense together (WFSCIMCASHIN.bAppLock): appLockIn and appLockOut must agree`);
      next.appLock = value;
    } else if (!agrees(currentConfig[key], value)) {
      return unsupportedData(`SetStorage: ${id}.cash.configuration.${key}: XFS 3.x lets an application set a cash-in unit's counts, thresholds and application lock only; its ${key} is the service provider's configuration`);
    }
  }
  const initial = ((cash.status ?? {}) as JsonObject).initial as JsonObject | undefined;
  if (initial) {
    const counted = totalOf(initial, `${id}.cash.status.initial`);
    if (typeof counted === 'string') return invalidData(`SetStorage: ${counted}`);
    const own = ((currentConfig.cashItems ?? []) as string[]);
    const foreign = counted.items.find((item) => !own.includes(item));
    if (foreign) return unsupportedData(`SetStorage: ${id}.cash.status.initial.${foreign}: the unit takes ${own.join(', ') || 'no named cash item'}; XFS 3.x sets a unit's count (WFSCIMCASHIN.ulCount), not its notes by type`);
    if (counted.items.length > 1) return unsupportedData(`SetStorage: ${id}.cash.status.initial: XFS 3.x sets a unit's count (WFSCIMCASHIN.ulCount), not its notes by type: name one cash item`);
    if (counted.total > 0xffffffff) return invalidData(`SetStorage: ${id}.cash.status.initial is more than a 3.x count holds`);
    Object.assign(next, { count: counted.total, cashInCount: 0, initialCount: counted.total });
  }
  return next;
}

export async function setStorage(call: CimCall): Promise<CommandResult> {
  const requested = (call.payload?.storage ?? {}) as JsonObject;
  const units: CimCashUnit[] = [];
  for (const [id, raw] of Object.entries(requested)) {
    const unit = call.device.status.cashUnits.find((u) => unitId(u) === id);
    if (!unit) return commandError('invalidUnit', `SetStorage: no storage unit ${id}`);
    const cash = ((raw ?? {}) as JsonObject).cash as JsonObject | undefined;
    if (!cash) continue;
    const next = change(call, unit, cash, id);
    if (isResult(next)) return next;
    units.push(next);
  }
  if (units.length === 0) return success();
  const done = await call.execute('WFS_CMD_CIM_SET_CASH_UNIT_INFO', units);
  return done.ok ? success() : call.failure(done);
}

export async function startExchange(call: CimCall): Promise<CommandResult> {
  if ((call.device.capabilities.exchangeType & byHand) === 0) return unsupportedCommand('StartExchange: this XFS 3.x cash acceptor has no by-hand exchange (WFSCIMCAPS.fwExchangeType lacks WFS_CIM_EXBYHAND)');
  const numbers = call.device.status.cashUnits.map((u) => u.number);
  const done = await call.execute('WFS_CMD_CIM_START_EXCHANGE', { exchangeType: byHand, tellerId: 0, numbers });
  if (!done.ok) return call.failure(done);
  call.device.exchangeActive = true;
  return success();
}

export async function endExchange(call: CimCall): Promise<CommandResult> {
  const done = await call.execute('WFS_CMD_CIM_END_EXCHANGE', undefined);
  if (!done.ok) return call.failure(done);
  call.device.exchangeActive = false;
  return success();
}
