// Storage.SetStorage, StartExchange and EndExchange on WFS_CMD_CDM_SET_CASH_UNIT_INFO, START_EXCHANGE
// and END_EXCHANGE. 3.x takes the whole WFSCDMCASHUNIT of each changed unit: the translator starts
// from the unit as last read and changes only what the client set. A 3.x unit keeps one count, so a
// new initial count is also its count (its reject and the 3.20 dispensed/presented/retracted counts
// start again at 0), as XFS4IoT resets a unit's out and in counts with its initial counts.
import type { CommandResult, JsonObject } from '../../xfs4iot/backend.ts';
import type { CdmCapabilities, CdmCashUnit } from '../../legacy-xfs3/cdm/types.ts';
import { commandError, success, unsupportedCommand, unsupportedData, type CommandCall } from '../translator.ts';
import { cashItemOf, currencyOf, toMinimumUnits, unitId, type CdmDevice } from './device.ts';
import { buildCashUnit } from './storage-units.ts';

type CdmCall = CommandCall<CdmCapabilities, CdmDevice>;

const WFS_CDM_EXBYHAND = 0x0001;

/**
 * A 3.x service refuses SET_CASH_UNIT_INFO during an exchange (WFS_ERR_CDM_EXCHANGEACTIVE): it takes
 * the new unit contents with END_EXCHANGE. SetStorage during an exchange therefore keeps the changed
 * units here, per device view, and EndExchange hands them over.
 */
const pendingByDevice = new WeakMap<object, Map<number, CdmCashUnit>>();
const itemCounts = ['fit', 'unfit', 'suspect', 'counterfeit', 'inked'];

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** A requested property equal to what the unit already reports is no change. */
function unchanged(requested: unknown, current: unknown): boolean {
  if (requested === undefined) return true;
  if (requested && typeof requested === 'object' && !Array.isArray(requested) && current && typeof current === 'object') {
    return Object.entries(requested as JsonObject).every(([key, value]) => unchanged(value, (current as JsonObject)[key]));
  }
  return same(requested, current);
}

/** Total of an initial count object (unrecognized plus each cash item's counts), or an error text. */
function initialTotal(initial: JsonObject, item: string | undefined, unit: string): number | string {
  let total = typeof initial.unrecognized === 'number' ? initial.unrecognized : 0;
  if (item && total > 0) return `${unit} holds ${item} only: XFS 3.x keeps no unrecognized items in a dispensing unit`;
  for (const [key, raw] of Object.entries(initial)) {
    if (key === 'unrecognized') continue;
    if (item && key !== item) return `${unit} holds ${item} only, not ${key} (a 3.x cash unit has one denomination)`;
    const counts = (raw ?? {}) as JsonObject;
    for (const [kind, n] of Object.entries(counts)) {
      if (typeof n !== 'number' || n === 0) continue;
      if (!itemCounts.includes(kind)) continue;
      if (item && kind !== 'fit') return `${unit}: XFS 3.x counts no ${kind} notes in a dispensing unit`;
      total += n;
    }
  }
  return total;
}

/** The unit as 3.x should hold it after the client's changes, or the XFS4IoT result refusing them. */
function changedUnit(call: CdmCall, unit: CdmCashUnit, request: JsonObject): CdmCashUnit | CommandResult {
  const id = unitId(unit);
  const others = Object.keys(request).filter((key) => key !== 'cash');
  if (others.length > 0) return unsupportedData(`SetStorage: ${id} is a cash unit (no ${others.join(', ')} storage in a 3.x CDM)`);
  const cash = (request.cash ?? {}) as JsonObject;
  const configuration = (cash.configuration ?? {}) as JsonObject;
  const exponents = call.device.status.exponents;
  const current = (buildCashUnit(unit, exponents, call.enums).cash as JsonObject).configuration as JsonObject;
  const next: CdmCashUnit = { ...unit, physical: unit.physical.map((p) => ({ ...p })) };
  const dispensing = (call.enums.value<string[]>('usType', unit.type) ?? []).includes('cashOut');
  for (const key of ['types', 'items', 'appLockIn', 'maxRetracts'] as const) {
    if (!unchanged(configuration[key], current[key])) return unsupportedData(`SetStorage: ${id}.cash.configuration.${key} is the hardware's in XFS 3.x (WFSCDMCASHUNIT has no such setting)`);
  }
  if (configuration.currency !== undefined || configuration.value !== undefined) {
    if (!dispensing) return unsupportedData(`SetStorage: ${id} dispenses nothing; XFS 3.x gives only dispensing units a currency and value`);
    const currency = typeof configuration.currency === 'string' ? configuration.currency : currencyOf(unit);
    const value = typeof configuration.value === 'number' ? configuration.value : current.value;
    if (!currency || typeof value !== 'number') return unsupportedData(`SetStorage: ${id} needs both a currency and a value`);
    const minor = toMinimumUnits(value, currency, exponents);
    if (minor === undefined || minor < 1 || minor > 0xffffffff) return unsupportedData(`SetStorage: ${id} value ${value} ${currency} is no whole ULONG in the 3.x currency exponent`);
    next.currencyId = currency;
    next.values = minor;
  }
  if (configuration.cashItems !== undefined) {
    const item = cashItemOf(next, exponents);
    if (!same(configuration.cashItems, item ? [item] : [])) return unsupportedData(`SetStorage: ${id} holds one denomination in XFS 3.x (${item ?? 'none'}); cashItems follow currency and value`);
  }
  if (configuration.name !== undefined) next.cashUnitName = String(configuration.name);
  if (configuration.appLockOut !== undefined) next.appLock = configuration.appLockOut === true;
  if (configuration.lowThreshold !== undefined) {
    if (!dispensing) return unsupportedData(`SetStorage: ${id} dispenses nothing; its XFS 3.x ulMinimum is unused`);
    next.minimum = Number(configuration.lowThreshold);
  }
  if (configuration.highThreshold !== undefined) {
    if (dispensing) return unsupportedData(`SetStorage: ${id} dispenses; XFS 3.x has no high threshold for it (ulMaximum is a retract and reject unit limit)`);
    next.maximum = Number(configuration.highThreshold);
  }
  const initial = ((cash.status ?? {}) as JsonObject).initial as JsonObject | undefined;
  if (initial !== undefined) {
    const total = initialTotal(initial, cashItemOf(next, exponents), id);
    if (typeof total === 'string') return unsupportedData(`SetStorage: ${total}`);
    if (total > 0xffffffff) return unsupportedData(`SetStorage: ${id} initial count does not fit a 3.x ULONG`);
    Object.assign(next, { initialCount: total, count: total, rejectCount: 0 });
    if (next.dispensedCount !== undefined) Object.assign(next, { dispensedCount: 0, presentedCount: 0, retractedCount: 0 });
    for (const p of next.physical) {
      Object.assign(p, { initialCount: total / next.physical.length, count: total / next.physical.length, rejectCount: 0 });
      if (p.dispensedCount !== undefined) Object.assign(p, { dispensedCount: 0, presentedCount: 0, retractedCount: 0 });
    }
    if (next.physical.length > 1 && total % next.physical.length !== 0) return unsupportedData(`SetStorage: ${id} spreads over ${next.physical.length} physical units; set its count at the device`);
  }
  return next;
}

export async function setStorage(call: CdmCall): Promise<CommandResult> {
  const requested = (call.payload?.storage ?? {}) as JsonObject;
  const pending = call.device.exchangeActive ? pendingByDevice.get(call.device) ?? new Map<number, CdmCashUnit>() : undefined;
  const units: CdmCashUnit[] = [];
  for (const [id, raw] of Object.entries(requested)) {
    const read = call.device.status.cashUnits.find((candidate) => unitId(candidate) === id);
    if (!read) return commandError('invalidUnit', `SetStorage: no storage unit ${id}`);
    const next = changedUnit(call, pending?.get(read.number) ?? read, (raw ?? {}) as JsonObject);
    if ('completionCode' in next) return next;
    units.push(next);
  }
  if (units.length === 0) return success();
  if (pending) {
    for (const unit of units) pending.set(unit.number, unit);
    pendingByDevice.set(call.device, pending);
    return success();
  }
  const done = await call.execute('WFS_CMD_CDM_SET_CASH_UNIT_INFO', { units });
  if (!done.ok) return call.failure(done);
  await call.refresh();
  return success();
}

/** Every cash unit is exchanged by hand (the XFS4IoT exchange names no units). */
export async function startExchange(call: CdmCall): Promise<CommandResult> {
  if ((call.device.capabilities.exchangeType & WFS_CDM_EXBYHAND) === 0) return unsupportedCommand('StartExchange: the XFS 3.x dispenser offers no exchange by hand (WFSCDMCAPS.fwExchangeType)');
  const numbers = call.device.status.cashUnits.map((unit) => unit.number);
  const done = await call.execute('WFS_CMD_CDM_START_EXCHANGE', { exchangeType: WFS_CDM_EXBYHAND, tellerId: 0, numbers });
  if (!done.ok) return call.failure(done);
  call.device.exchangeActive = true;
  pendingByDevice.delete(call.device);
  await call.refresh();
  return success();
}

/** Ends the exchange with the units SetStorage changed during it (none: END_EXCHANGE without data). */
export async function endExchange(call: CdmCall): Promise<CommandResult> {
  const units = [...(pendingByDevice.get(call.device)?.values() ?? [])];
  const done = await call.execute('WFS_CMD_CDM_END_EXCHANGE', units.length > 0 ? { units } : undefined);
  if (!done.ok && done.name !== 'WFS_ERR_CDM_NOEXCHANGEACTIVE') return call.failure(done);
  pendingByDevice.delete(call.device);
  call.device.exchangeActive = false;
  await call.refresh();
  return done.ok ? success() : call.failure(done);
}
