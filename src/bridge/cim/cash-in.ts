// CashAcceptor.CashInStart, CashIn, CashInEnd, CashInRollback and GetCashInStatus on the 3.x cash-in
// transaction (WFS_CMD_CIM_CASH_IN_START .. CASH_IN_ROLLBACK, WFS_INF_CIM_CASH_IN_STATUS). Level 2
// and 3 notes (counterfeit, suspect) are not in the 3.x escrow list: WFS_INF_CIM_GET_P6_INFO adds them.
import type { CommandResult, JsonObject } from '../../xfs4iot/backend.ts';
import type { CimCashInStatus, CimCashUnit, CimNoteNumber, CimP6Info } from '../../legacy-xfs3/cim/types.ts';
import { compact, success, unsupportedData, type CommandCall } from '../translator.ts';
import { cashCounts, cashItemName, currencyOf, refreshConfiguration, unitId, type CimCaps, type CimDevice, type Fitness } from './device.ts';
import { positionBits } from './positions.ts';

type CimCall = CommandCall<CimCaps, CimDevice>;

/** Cash-in limits (3.20 WFS_CMD_CIM_SET_CASH_IN_LIMIT) for CashInStart's totalItemsLimit / amountLimit. */
async function setLimits(call: CimCall, payload: JsonObject): Promise<CommandResult | undefined> {
  const total = typeof payload.totalItemsLimit === 'number' ? payload.totalItemsLimit : undefined;
  const amounts = Array.isArray(payload.amountLimit) ? payload.amountLimit.filter((a): a is JsonObject => typeof a === 'object' && a !== null && !Array.isArray(a)) : [];
  if (total === undefined && amounts.length === 0) return undefined;
  if (total !== undefined && total > 0xffffffff) return unsupportedData(`CashInStart: totalItemsLimit ${total} exceeds what XFS 3.x counts (ULONG)`);
  const caps = call.device.capabilities.cashInLimit ?? 0;
  if (total !== undefined && (caps & 1) === 0) return unsupportedData('CashInStart: this XFS 3.x cash acceptor cannot limit the items of a cash-in (WFSCIMCAPS.fwCashInLimit)');
  if (amounts.length > 1) return unsupportedData('CashInStart: an XFS 3.x cash-in limit has one currency (WFSCIMAMOUNTLIMIT)');
  let amountLimit: { currencyId: string; amount: number } | null = null;
  if (amounts.length === 1) {
    if ((caps & 2) === 0) return unsupportedData('CashInStart: this XFS 3.x cash acceptor cannot limit the amount of a cash-in (WFSCIMCAPS.fwCashInLimit)');
    const currency = typeof amounts[0].currency === 'string' ? currencyOf(amounts[0].currency) : undefined;
    const value = typeof amounts[0].value === 'number' ? amounts[0].value : undefined;
    if (!currency || value === undefined) return unsupportedData('CashInStart: amountLimit needs a currency and a value');
    const units = value / 10 ** (call.device.status.exponents[currency] ?? 0);
    if (!Number.isInteger(units) || units < 0 || units > 0xffffffff) return unsupportedData(`CashInStart: ${value} ${currency} is not a whole number of the currency's 3.x units`);
    amountLimit = { currencyId: currency, amount: units };
  }
  const done = await call.execute('WFS_CMD_CIM_SET_CASH_IN_LIMIT', { totalItemsLimit: total ?? 0, amountLimit });
  return done.ok ? undefined : call.failure(done);
}

export async function cashInStart(call: CimCall): Promise<CommandResult> {
  const p = call.payload ?? {};
  const input = positionBits(call, p.inputPosition, 'in', 'CashInStart');
  if (typeof input !== 'number') return input;
  const output = positionBits(call, p.outputPosition, 'out', 'CashInStart');
  if (typeof output !== 'number') return output;
  const limited = await setLimits(call, p);
  if (limited) return limited;
  const done = await call.execute('WFS_CMD_CIM_CASH_IN_START', {
    tellerId: typeof p.tellerID === 'number' ? p.tellerID : 0, useRecycleUnits: p.useRecycleUnits !== false, outputPosition: output, inputPosition: input,
  });
  return done.ok ? success() : call.failure(done);
}

/** Counterfeit (level 2) and suspect (level 3) notes of the transaction, where the provider reports them. */
async function p6Notes(call: CimCall): Promise<CimP6Info[]> {
  const info = await call.getInfo('WFS_INF_CIM_GET_P6_INFO');
  return info.ok ? (info.data as CimP6Info[] | undefined) ?? [] : [];
}

/** The notes' levels, asked beside the completion's status read (the command's last 3.x calls). */
async function lastNotes(call: CimCall): Promise<CimP6Info[]> {
  const [levels] = await Promise.all([p6Notes(call), call.statusRead()]);
  return levels;
}

function addLevels(counts: JsonObject, levels: CimP6Info[], device: CimDevice): JsonObject {
  const fitness: Record<number, Fitness> = { 2: 'counterfeit', 3: 'suspect' };
  for (const level of levels) {
    const as = fitness[level.level];
    if (!as) continue;
    const extra = cashCounts(level.noteNumbers, device, as);
    for (const [item, value] of Object.entries(extra)) {
      if (item === 'unrecognized') {
        counts.unrecognized = (counts.unrecognized as number) + (value as number);
        continue;
      }
      const into = (counts[item] as Record<string, number> | undefined) ?? { fit: 0, unfit: 0, suspect: 0, counterfeit: 0, inked: 0 };
      for (const [k, n] of Object.entries(value as Record<string, number>)) into[k] += n;
      counts[item] = into;
    }
  }
  return counts;
}

export async function cashIn(call: CimCall): Promise<CommandResult> {
  const done = await call.execute('WFS_CMD_CIM_CASH_IN', undefined);
  if (!done.ok) return call.failure(done);
  const counted = cashCounts(done.data as CimNoteNumber[] | undefined, call.device.status);
  return success({ items: addLevels(counted, await lastNotes(call), call.device.status) });
}

/** Notes of each type a unit holds now that it did not hold before (by its note list, else its cash-in count). */
function movedInto(before: CimCashUnit | undefined, after: CimCashUnit, device: CimDevice): JsonObject {
  if (after.noteNumbers) {
    const was = new Map((before?.noteNumbers ?? []).map((n) => [n.noteId, n.count]));
    const grown = after.noteNumbers.map((n) => ({ noteId: n.noteId, count: Math.max(0, n.count - (was.get(n.noteId) ?? 0)) }));
    return cashCounts(grown, device);
  }
  return { unrecognized: Math.max(0, after.cashInCount - (before?.cashInCount ?? 0)) };
}

/** The units a cash-in end or rollback moved notes into, with what each took (XFS4IoT StorageCashInClass). */
function storageMoves(units: CimCashUnit[], device: CimDevice, enums: CimCall['enums']): JsonObject {
  const storage: JsonObject = {};
  for (const after of units) {
    const before = device.cashUnits.find((u) => u.number === after.number);
    const moved = movedInto(before, after, device);
    const typeList = enums.value<string[]>('fwUnitType', after.type) ?? [];
    const into = typeList.includes('cashInRetract') ? 'retracted' : typeList.includes('reject') ? 'rejected' : 'deposited';
    storage[unitId(after)] = { [into]: moved };
  }
  return storage;
}

/**
 * The units' 3.x note lists carry no level: a counterfeit (level 2) or suspect (level 3) note that went
 * into a unit would count as fit. The transaction's WFS_INF_CIM_GET_P6_INFO says how many of each note
 * were level 2 or 3; recyclers take fit notes only, so those are moved to their fitness in the other
 * units that took that note.
 */
function classifyLevels(storage: JsonObject, units: CimCashUnit[], levels: CimP6Info[], call: CimCall): void {
  const fitness: Record<number, Fitness> = { 2: 'counterfeit', 3: 'suspect' };
  for (const level of levels) {
    const as = fitness[level.level];
    if (!as) continue;
    for (const note of level.noteNumbers ?? []) {
      const item = cashItemName(note.noteId, call.device.status);
      let left = note.count;
      for (const unit of units) {
        if (!item || left === 0) break;
        if ((call.enums.value<string[]>('fwUnitType', unit.type) ?? []).includes('cashOut')) continue;
        const moved = Object.values((storage[unitId(unit)] ?? {}) as JsonObject)[0] as JsonObject | undefined;
        const counts = moved?.[item] as Record<Fitness, number> | undefined;
        if (!counts) continue;
        const n = Math.min(left, counts.fit);
        counts.fit -= n;
        counts[as] += n;
        left -= n;
      }
    }
  }
}

async function endOrRollback(call: CimCall, command: 'WFS_CMD_CIM_CASH_IN_END' | 'WFS_CMD_CIM_CASH_IN_ROLLBACK'): Promise<CommandResult> {
  const before = call.device.status;
  const done = await call.execute(command, undefined);
  if (!done.ok) return call.failure(done);
  const units = (done.data as CimCashUnit[] | undefined) ?? [];
  const storage = storageMoves(units, before, call.enums);
  if (Object.keys(storage).length === 0) return success();
  classifyLevels(storage, units, await lastNotes(call), call);
  return success({ storage });
}

export const cashInEnd = (call: CimCall) => endOrRollback(call, 'WFS_CMD_CIM_CASH_IN_END');
export const cashInRollback = (call: CimCall) => endOrRollback(call, 'WFS_CMD_CIM_CASH_IN_ROLLBACK');

export async function getCashInStatus(call: CimCall): Promise<CommandResult> {
  const done = await call.getInfo('WFS_INF_CIM_CASH_IN_STATUS');
  if (!done.ok) return call.failure(done);
  const s = done.data as CimCashInStatus;
  return success(compact({
    status: call.enums.value('wCashInStatus', s.status) ?? 'unknown',
    numOfRefused: s.numOfRefused,
    noteNumberList: s.noteNumbers ? cashCounts(s.noteNumbers, call.device.status) : undefined,
  }));
}

/** CashManagement.GetBankNoteTypes: every note type the acceptor knows, by cash item name. */
export async function getBankNoteTypes(call: CimCall): Promise<CommandResult> {
  const failed = await refreshConfiguration((category) => call.getInfo(category), call.device.status);
  if (failed) return call.failure(failed);
  const items: JsonObject = {};
  for (const type of call.device.status.noteTypes) {
    const name = cashItemName(type.noteId, call.device.status);
    const currency = currencyOf(type.currencyId);
    if (!name || !currency) continue;
    items[name] = {
      cashItem: { noteID: type.noteId, currency, value: Number((type.values * 10 ** (call.device.status.exponents[currency] ?? 0)).toFixed(6)), release: type.release },
      enabled: type.configured,
    };
  }
  return success({ items });
}

/** CashAcceptor.ConfigureNoteTypes: the 3.x command takes the whole list of note types to accept. */
export async function configureNoteTypes(call: CimCall): Promise<CommandResult> {
  const device = call.device.status;
  const enabled = new Map(device.noteTypes.map((t) => [t.noteId, t.configured]));
  for (const entry of (call.payload?.items ?? []) as JsonObject[]) {
    const name = typeof entry.item === 'string' ? entry.item : '';
    const type = device.noteTypes.find((t) => cashItemName(t.noteId, device) === name);
    if (!type) return unsupportedData(`ConfigureNoteTypes: ${name} is not a note type of this XFS 3.x cash acceptor (WFS_INF_CIM_BANKNOTE_TYPES)`);
    enabled.set(type.noteId, entry.enabled !== false);
  }
  const noteIds = [...enabled].filter(([, on]) => on).map(([id]) => id);
  const done = await call.execute('WFS_CMD_CIM_CONFIGURE_NOTETYPES', { noteIds });
  if (!done.ok) return call.failure(done);
  const failed = await refreshConfiguration((category) => call.getInfo(category), device);
  return failed ? call.failure(failed) : success();
}
