// CDM service, user and execute event payloads as XFS4IoT event payloads.
import type { CdmCapabilities, CdmCashUnit } from '../../legacy-xfs3/cdm-types.ts';
import type { EventContext, EventTranslator } from '../event-types.ts';
import { unitId, type CdmDevice } from './device.ts';
import { positionName } from './status.ts';
import { buildCashUnit } from './storage-units.ts';

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

const storageRefresh: Translator = () => ({ refresh: true, storageChanged: true });

export const cdmEventTranslators: Record<string, Translator> = { itemsTaken, itemsPresented, noteError, cashUnitThreshold, storageRefresh };
