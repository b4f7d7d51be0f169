// CIM service, user and execute event payloads as XFS4IoT event payloads.
import type { CimCashUnit, CimItemPosition, CimNoteNumber } from '../../legacy-xfs3/cim/types.ts';
import type { EventContext, EventOutcome, EventTranslator } from '../event-types.ts';
import { cashCounts, unitId, type CimCaps, type CimDevice } from './device.ts';
import { incompleteDeplete, incompleteReplenish } from './moves.ts';
import { infoAvailable } from './signatures.ts';
import { positionName } from './status.ts';
import { buildCashInUnit } from './storage-units.ts';
import { shutterStatusChanged, tellerInfoChanged } from './teller.ts';

type Translator = EventTranslator<CimCaps, CimDevice>;
type Context = EventContext<CimCaps, CimDevice>;

function numberField(data: unknown, field: string): number | undefined {
  const value = (data as Record<string, unknown> | undefined)?.[field];
  return typeof value === 'number' ? value : undefined;
}

/** The position an event names, else the acceptor's only position of that side (3.00 events carry none). */
function eventPosition(data: unknown, ctx: Context, side: 'in' | 'out'): string | undefined {
  const bits = numberField(data, 'position');
  if (bits !== undefined && bits !== 0) return positionName(bits, ctx.enums);
  const mask = side === 'in' ? 0x007f : 0x3f80;
  const all = ctx.device.capabilities.positions & mask;
  return all !== 0 && (all & (all - 1)) === 0 ? positionName(all, ctx.enums) : undefined;
}

const itemsTaken: Translator = (event, ctx) => {
  const position = eventPosition(event.data, ctx, 'out');
  return position ? { payload: { position, additionalBunches: 'unknown' }, refresh: true } : { warning: 'ITEMSTAKEN without a known position', refresh: true };
};

const itemsInserted: Translator = (event, ctx) => {
  const position = eventPosition(event.data, ctx, 'in');
  return position ? { payload: { position }, refresh: true } : { warning: 'ITEMSINSERTED without a known position', refresh: true };
};

const itemsPresented: Translator = (event, ctx) => {
  const position = eventPosition(event.data, ctx, 'out') ?? 'outDefault';
  const more = (event.data as { additionalBunches?: number; bunchesRemaining?: number } | undefined) ?? {};
  // WFS_CIM_ADDBUNCHNONE 1 / ONEMORE 2 / UNKNOWN 3; usBunchesRemaining 255 is "unknown".
  const additionalBunches = more.additionalBunches === 1 ? '0'
    : more.additionalBunches === 2 ? (more.bunchesRemaining !== undefined && more.bunchesRemaining !== 255 ? String(more.bunchesRemaining) : '1')
      : 'unknown';
  return { payload: { position, additionalBunches }, refresh: true };
};

const noteError: Translator = (event, ctx) => {
  const code = numberField(event.data, 'reason');
  const reason = code === undefined ? undefined : ctx.enums.value('noteErrorReason', code);
  return reason ? { payload: { reason } } : { warning: 'NOTEERROR without a known reason' };
};

const inputRefuse: Translator = (event, ctx) => {
  const code = numberField(event.data, 'reason');
  const reason = code === undefined ? undefined : ctx.enums.value('refuseReason', code);
  return reason ? { payload: { reason }, refresh: true } : { warning: 'INPUTREFUSE without a known reason', refresh: true };
};

/** A part of a large bunch is in the escrow: its notes, counted as the CashIn completion counts them. */
const subCashIn: Translator = (event, ctx) => {
  const notes = event.data as CimNoteNumber[] | undefined;
  if (!Array.isArray(notes)) return { warning: 'SUBCASHIN without its WFSCIMNOTENUMBERLIST' };
  return { payload: cashCounts(notes, ctx.device.status) };
};

const insertItems: Translator = () => ({ payload: {} });

const cashUnitThreshold: Translator = (event, ctx) => {
  const unit = event.data as CimCashUnit | undefined;
  if (!unit || typeof unit.number !== 'number') return { warning: 'CASHUNITTHRESHOLD without a cash unit', refresh: true };
  return { payload: { [unitId(unit)]: buildCashInUnit(unit, ctx.device.status, ctx.enums) }, refresh: true };
};

/** The unit the provider says changed is announced (not all of them: a CashInEnd's event named one and sent 5.6 KB). */
const cashUnitInfoChanged: Translator = (event) => {
  const unit = event.data as CimCashUnit | undefined;
  return { refresh: true, storageChanged: typeof unit?.number === 'number' ? [unitId(unit)] : true };
};

const countsChanged: Translator = (event) => {
  const numbers = (event.data as { numbers?: number[] } | undefined)?.numbers;
  return { refresh: true, storageChanged: Array.isArray(numbers) && numbers.length > 0 ? numbers.map((number) => unitId({ number })) : true };
};

const cashUnitError: Translator = (event, ctx): EventOutcome => {
  const data = event.data as { failure?: number; cashUnit?: CimCashUnit | null } | undefined;
  const failure = data?.failure === undefined ? undefined : ctx.enums.value<string>('cuErrorFailure', data.failure);
  const unit = data?.cashUnit;
  if (!failure) return { warning: 'CASHUNITERROR without a known failure', refresh: true, storageChanged: true };
  return {
    payload: unit ? { failure, unit: { [unitId(unit)]: buildCashInUnit(unit, ctx.device.status, ctx.enums) } } : { failure },
    refresh: true, storageChanged: true,
  };
};

/** Items found at a reset and where they went: a cash unit, a retract area (with its index) or a position. */
const mediaDetected: Translator = (event, ctx): EventOutcome => {
  const where = event.data as CimItemPosition | null | undefined;
  if (!where) return { warning: 'MEDIADETECTED without its WFSCIMITEMPOSITION', refresh: true, storageChanged: true };
  if (where.number > 0) return { payload: { target: 'singleUnit', unit: unitId(where) }, refresh: true, storageChanged: true };
  if (where.retractArea) {
    const target = ctx.enums.flagName('retractTarget', where.retractArea.retractArea);
    if (target) return { payload: { target, ...(where.retractArea.index > 0 ? { index: where.retractArea.index } : {}) }, refresh: true, storageChanged: true };
  }
  const position = where.outputPosition ? positionName(where.outputPosition, ctx.enums) : undefined;
  return position ? { payload: { target: position }, refresh: true } : { warning: 'MEDIADETECTED without a known destination', refresh: true };
};

export const cimEventTranslators: Record<string, Translator> = {
  itemsTaken, itemsInserted, itemsPresented, noteError, inputRefuse, subCashIn, insertItems, cashUnitThreshold, cashUnitInfoChanged, countsChanged,
  cashUnitError, mediaDetected, incompleteReplenish, incompleteDeplete,
  tellerInfoChanged, shutterStatusChanged, infoAvailable,
};
