// CDM service, user and execute event payloads as XFS4IoT event payloads.
import type { CdmCapabilities, CdmCashUnit, CdmDenomination, CdmIncompleteRetract, CdmItemPosition } from '../../legacy-xfs3/cdm/types.ts';
import type { JsonObject } from '../../xfs4iot/backend.ts';
import { denominationResult } from './denomination.ts';
import type { EventContext, EventOutcome, EventTranslator } from '../event-types.ts';
import { cashItemName, unitId, type CdmDevice } from './device.ts';
import { positionName } from './status.ts';
import { buildCashUnit } from './storage-units.ts';
import { tellerInfoChanged } from './teller.ts';

type Translator = EventTranslator<CdmCapabilities, CdmDevice>;

function numberField(data: unknown, field: string): number | undefined {
  const value = (data as Record<string, unknown> | undefined)?.[field];
  return typeof value === 'number' ? value : undefined;
}

// ITEMSPRESENTED carries no position: a dispenser with one output position presented there.
function onlyPosition(ctx: EventContext<CdmCapabilities, CdmDevice>): string | undefined {
  const all = ctx.device.capabilities.positions;
  return all !== 0 && (all & (all - 1)) === 0 ? positionName(all, ctx.enums) : undefined;
}

const itemsTaken: Translator = (event, ctx) => {
  const bits = numberField(event.data, 'position');
  const position = bits === undefined ? undefined : positionName(bits, ctx.enums);
  return position ? { payload: { position, additionalBunches: 'unknown' }, refresh: true } : { warning: 'ITEMSTAKEN without a known position', refresh: true };
};

const itemsPresented: Translator = (_event, ctx) => {
  const position = onlyPosition(ctx) ?? 'outDefault';
  return { payload: { position, additionalBunches: 'unknown' }, refresh: true };
};

/** 3.30 announces each shutter move; the status read after it updates Common.Status too. */
const shutterStatusChanged: Translator = (event, ctx) => {
  const bits = numberField(event.data, 'position');
  const code = numberField(event.data, 'shutter');
  const position = bits === undefined ? undefined : positionName(bits, ctx.enums);
  const shutter = code === undefined ? undefined : ctx.enums.value<string>('shutterStatus', code);
  return position && shutter ? { payload: { position, shutter }, refresh: true } : { warning: 'SHUTTERSTATUSCHANGED without a known position or shutter state', refresh: true };
};

const noteError: Translator = (event, ctx) => {
  const code = numberField(event.data, 'reason');
  const reason = code === undefined ? undefined : ctx.enums.value('noteErrorReason', code);
  return reason ? { payload: { reason } } : { warning: 'NOTEERROR without a known reason' };
};

const cashUnitThreshold: Translator = (event, ctx) => {
  const unit = event.data as CdmCashUnit | undefined;
  if (!unit || typeof unit.number !== 'number') return { warning: 'CASHUNITTHRESHOLD without a cash unit', refresh: true };
  return { payload: { [unitId(unit)]: buildCashUnit(unit, ctx.device.status.exponents, ctx.enums) }, refresh: true };
};

/** The unit the provider says changed is announced, not all of them. */
const cashUnitInfoChanged: Translator = (event) => {
  const unit = event.data as { number?: number } | undefined;
  return { refresh: true, storageChanged: typeof unit?.number === 'number' ? [unitId({ number: unit.number })] : true };
};

/** The device must wait before it dispenses (ulDelay, milliseconds). */
const delayedDispense: Translator = (event) => {
  const delay = numberField(event.data, 'delay');
  return delay === undefined ? { warning: 'DELAYEDDISPENSE without a delay' } : { payload: { delay } };
};

const startDispense: Translator = () => ({ payload: {} });

/** What left the cash units before a dispense failed: the client must not count it as dispensed nothing. */
const incompleteDispense: Translator = (event, ctx) => {
  const denomination = event.data as CdmDenomination | undefined;
  if (!denomination || !Array.isArray(denomination.values)) return { warning: 'INCOMPLETEDISPENSE without its WFSCDMDENOMINATION', refresh: true };
  return { payload: denominationResult(denomination, ctx.device.status), refresh: true };
};

/** 3.30: what a retract moved, per unit it went into, before it stopped; the rest is still at the output. */
const incompleteRetract: Translator = (event, ctx): EventOutcome => {
  const data = event.data as CdmIncompleteRetract | undefined;
  const reason = data ? ctx.enums.value<string>('incompleteRetractReason', data.reason) : undefined;
  if (!data || !reason) return { warning: 'INCOMPLETERETRACT without a known reason', refresh: true, storageChanged: true };
  const itemNumberList: Record<string, { retracted: JsonObject }> = {};
  for (const items of data.itemNumbers) {
    const retracted = (itemNumberList[unitId(items)] ??= { retracted: { unrecognized: 0 } }).retracted;
    const item = cashItemName(items, ctx.device.status.exponents);
    if (!item) {
      retracted.unrecognized = (retracted.unrecognized as number) + items.count;
      continue;
    }
    const before = (retracted[item] as { fit?: number } | undefined)?.fit ?? 0;
    retracted[item] = { fit: before + items.count, unfit: 0, suspect: 0, counterfeit: 0, inked: 0 };
  }
  return { payload: { itemNumberList, reason }, refresh: true, storageChanged: true };
};

const cashUnitError: Translator = (event, ctx): EventOutcome => {
  const data = event.data as { failure?: number; cashUnit?: CdmCashUnit | null } | undefined;
  const failure = data?.failure === undefined ? undefined : ctx.enums.value<string>('cuErrorFailure', data.failure);
  const unit = data?.cashUnit;
  if (!failure) return { warning: 'CASHUNITERROR without a known failure', refresh: true, storageChanged: true };
  return {
    payload: unit ? { failure, unit: { [unitId(unit)]: buildCashUnit(unit, ctx.device.status.exponents, ctx.enums) } } : { failure },
    refresh: true, storageChanged: true,
  };
};

/** Items found at a reset and where they went: a cash unit, a retract area (with its index) or an output position. */
const mediaDetected: Translator = (event, ctx): EventOutcome => {
  const where = event.data as CdmItemPosition | undefined;
  if (!where) return { warning: 'MEDIADETECTED without its WFSCDMITEMPOSITION', refresh: true, storageChanged: true };
  if (where.number > 0) return { payload: { target: 'singleUnit', unit: unitId(where) }, refresh: true, storageChanged: true };
  if (where.retractArea) {
    const target = ctx.enums.flagName('retractAreas', where.retractArea.area);
    if (target) return { payload: { target, ...(where.retractArea.index > 0 ? { index: where.retractArea.index } : {}) }, refresh: true, storageChanged: true };
  }
  const position = where.outputPosition ? positionName(where.outputPosition, ctx.enums) : undefined;
  return position ? { payload: { target: position }, refresh: true } : { warning: 'MEDIADETECTED without a known destination', refresh: true };
};

export const cdmEventTranslators: Record<string, Translator> = {
  mediaDetected, tellerInfoChanged, shutterStatusChanged,
  itemsTaken, itemsPresented, noteError, cashUnitThreshold, cashUnitInfoChanged, delayedDispense, startDispense, incompleteDispense, cashUnitError,
  incompleteRetract,
};
