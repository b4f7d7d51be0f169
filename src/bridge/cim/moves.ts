// CashAcceptor.GetReplenishTarget / Replenish (WFS_INF_CIM_REPLENISH_TARGET, WFS_CMD_CIM_REPLENISH,
// 3.20), GetDepleteSource / Deplete (WFS_INF_CIM_DEPLETE_SOURCE, WFS_CMD_CIM_DEPLETE, 3.30) and
// CashUnitCount (WFS_CMD_CIM_CASH_UNIT_COUNT, 3.20): notes moved between the acceptor's units, and
// their IncompleteReplenish / IncompleteDeplete events (what a jam let through).
import type { CommandResult, JsonObject } from '../../xfs4iot/backend.ts';
import type { CimDepleteResult, CimMoveItems, CimReplenishResult } from '../../legacy-xfs3/cim/types.ts';
import type { EventTranslator } from '../event-types.ts';
import { compact, invalidData, success, unsupportedCommand, unsupportedData, type CommandCall } from '../translator.ts';
import { cashItemName, unitId, type CimCaps, type CimDevice } from './device.ts';
import { isResult, requireVersion, unitOf } from './units.ts';

type CimCall = CommandCall<CimCaps, CimDevice>;
type Names = Pick<CimDevice, 'noteTypes' | 'exponents'>;

function replenishable(call: CimCall): CommandResult | undefined {
  const old = requireVersion(call, 320, 'WFS_CMD_CIM_REPLENISH');
  if (old) return old;
  return call.device.capabilities.replenish ? undefined : unsupportedCommand(`${call.name}: this XFS 3.x cash acceptor cannot replenish (WFSCIMCAPS.bReplenish false)`);
}

function depletable(call: CimCall): CommandResult | undefined {
  const old = requireVersion(call, 330, 'WFS_CMD_CIM_DEPLETE');
  if (old) return old;
  return call.device.capabilities.deplete ? undefined : unsupportedCommand(`${call.name}: this XFS 3.x cash acceptor cannot deplete (WFSCIMCAPS.bDeplete false)`);
}

/** XFS4IoT numberOfItemsToMove (0: all of them) as a 3.x move (usNumberOfItemsToMove / bRemoveAll). */
function moves(call: CimCall, list: unknown, unitField: string, listField: string): CimMoveItems[] | CommandResult {
  if (!Array.isArray(list) || list.length === 0) return invalidData(`${call.name}: ${listField} must name at least one storage unit`);
  const out: CimMoveItems[] = [];
  for (const [i, raw] of list.entries()) {
    const entry = (raw ?? {}) as JsonObject;
    const unit = unitOf(call, entry[unitField], `${listField}[${i}].${unitField}`);
    if (isResult(unit)) return unit;
    const count = entry.numberOfItemsToMove ?? 0;
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 0 || count > 0xffff) {
      return invalidData(`${call.name}: ${listField}[${i}].numberOfItemsToMove must be 0 (all) .. 65535 (USHORT usNumberOfItemsToMove)`);
    }
    out.push({ number: unit.number, itemsToMove: count, removeAll: count === 0 });
  }
  return out;
}

export function replenishPayload(r: CimReplenishResult, device: Names): JsonObject {
  const results = r.targets.filter((x) => x.received > 0).map((x) => compact({
    target: unitId({ number: x.target }), cashItem: cashItemName(x.noteId, device), numberOfItemsReceived: x.received,
  }));
  return compact({
    numberOfItemsRemoved: r.removed > 0 ? r.removed : undefined,
    numberOfItemsRejected: r.rejected > 0 ? r.rejected : undefined,
    replenishTargetResults: results.length > 0 ? results : undefined,
  });
}

export function depletePayload(r: CimDepleteResult, device: Names): JsonObject {
  const results = r.sources.map((x) => compact({
    cashUnitSource: unitId({ number: x.source }), cashItem: cashItemName(x.noteId, device), numberOfItemsRemoved: x.removed,
  }));
  return compact({ numberOfItemsReceived: r.received, numberOfItemsRejected: r.rejected, depleteSourceResults: results.length > 0 ? results : undefined });
}

export async function getReplenishTarget(call: CimCall): Promise<CommandResult> {
  const refused = replenishable(call);
  if (refused) return refused;
  const source = unitOf(call, call.payload?.source, 'source');
  if (isResult(source)) return source;
  const done = await call.getInfo('WFS_INF_CIM_REPLENISH_TARGET', { source: source.number });
  if (!done.ok) return call.failure(done);
  const targets = ((done.data as number[] | undefined) ?? []).map((number) => ({ target: unitId({ number }) }));
  return success(targets.length > 0 ? { targets } : {});
}

export async function replenish(call: CimCall): Promise<CommandResult> {
  const refused = replenishable(call);
  if (refused) return refused;
  const source = unitOf(call, call.payload?.source, 'source');
  if (isResult(source)) return source;
  const targets = moves(call, call.payload?.replenishTargets, 'target', 'replenishTargets');
  if (isResult(targets)) return targets;
  const done = await call.execute('WFS_CMD_CIM_REPLENISH', { source: source.number, targets });
  if (!done.ok) return call.failure(done);
  return success(replenishPayload(done.data as CimReplenishResult, call.device.status));
}

export async function getDepleteSource(call: CimCall): Promise<CommandResult> {
  const refused = depletable(call);
  if (refused) return refused;
  const target = unitOf(call, call.payload?.cashUnitTarget, 'cashUnitTarget');
  if (isResult(target)) return target;
  const done = await call.getInfo('WFS_INF_CIM_DEPLETE_SOURCE', { target: target.number });
  if (!done.ok) return call.failure(done);
  const depleteSources = ((done.data as number[] | undefined) ?? []).map((number) => ({ cashUnitSource: unitId({ number }) }));
  return success(depleteSources.length > 0 ? { depleteSources } : {});
}

export async function deplete(call: CimCall): Promise<CommandResult> {
  const refused = depletable(call);
  if (refused) return refused;
  const target = unitOf(call, call.payload?.cashUnitTarget, 'cashUnitTarget');
  if (isResult(target)) return target;
  const sources = moves(call, call.payload?.depleteSources, 'source', 'depleteSources');
  if (isResult(sources)) return sources;
  const done = await call.execute('WFS_CMD_CIM_DEPLETE', { target: target.number, sources });
  if (!done.ok) return call.failure(done);
  return success(depletePayload(done.data as CimDepleteResult, call.device.status));
}

/** The units to count: each named one (WFS_CIM_COUNTINDIVIDUAL), or all of them when none is named (WFS_CIM_COUNTALL). */
export async function cashUnitCount(call: CimCall): Promise<CommandResult> {
  const old = requireVersion(call, 320, 'WFS_CMD_CIM_CASH_UNIT_COUNT');
  if (old) return old;
  const actions = call.device.capabilities.countActions ?? 0;
  if (actions === 0) return unsupportedCommand('CashUnitCount: this XFS 3.x cash acceptor cannot count its units (WFSCIMCAPS.fwCountActions)');
  const names = Array.isArray(call.payload?.units) ? call.payload.units : [];
  const numbers: number[] = [];
  for (const [i, name] of names.entries()) {
    const unit = unitOf(call, name, `units[${i}]`);
    if (isResult(unit)) return unit;
    if (!numbers.includes(unit.number)) numbers.push(unit.number);
  }
  const all = call.device.status.cashUnits.map((u) => u.number);
  const everyUnit = numbers.length === 0 || all.every((n) => numbers.includes(n));
  if (everyUnit && (actions & 2) === 0 && numbers.length === 0) return unsupportedData('CashUnitCount: this XFS 3.x cash acceptor counts named units only (WFSCIMCAPS.fwCountActions): name them in units');
  if (!everyUnit && (actions & 1) === 0) return unsupportedData('CashUnitCount: this XFS 3.x cash acceptor counts all its units at once only (WFSCIMCAPS.fwCountActions): leave units out');
  const done = await call.execute('WFS_CMD_CIM_CASH_UNIT_COUNT', { numbers: numbers.length > 0 ? numbers : all });
  return done.ok ? success() : call.failure(done);
}

export const incompleteReplenish: EventTranslator<CimCaps, CimDevice> = (event, ctx) => {
  const data = event.data as CimReplenishResult | null | undefined;
  if (!data) return { warning: 'INCOMPLETEREPLENISH without its WFSCIMREPINFORES', refresh: true, storageChanged: true };
  return { payload: { replenish: replenishPayload(data, ctx.device.status) }, refresh: true, storageChanged: true };
};

export const incompleteDeplete: EventTranslator<CimCaps, CimDevice> = (event, ctx) => {
  const data = event.data as CimDepleteResult | null | undefined;
  if (!data) return { warning: 'INCOMPLETEDEPLETE without its WFSCIMDEPINFORES', refresh: true, storageChanged: true };
  return { payload: { deplete: depletePayload(data, ctx.device.status) }, refresh: true, storageChanged: true };
};
