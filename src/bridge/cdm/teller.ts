// CashManagement.GetTellerInfo / SetTellerInfo on WFS_INF_CDM_TELLER_INFO / WFS_CMD_CDM_SET_TELLER_INFO,
// and TellerInfoChangedEvent. Teller totals cross with the currency exponent like every 3.x amount.
import type { CommandResult, JsonObject } from '../../xfs4iot/backend.ts';
import type { CdmCapabilities, CdmTellerDetails, CdmTellerTotals } from '../../legacy-xfs3/cdm/types.ts';
import type { EventTranslator } from '../event-types.ts';
import { commandError, compact, invalidData, success, unsupportedData, type CommandCall } from '../translator.ts';
import { toCash, toMinimumUnits, type CdmDevice } from './device.ts';
import { outputPositionBits } from './dispense.ts';
import { positionName } from './status.ts';

type CdmCall = CommandCall<CdmCapabilities, CdmDevice>;

/** WFSCDMTELLERUPDATE.usAction: WFS_CDM_CREATE_TELLER, MODIFY_TELLER, DELETE_TELLER. */
const actions: Record<string, number> = { create: 1, modify: 2, delete: 3 };
/** WFSCDMTELLERDETAILS.ulInputPosition: the WFS_CDM_POSIN* bits (0 = none, the default). */
const inputBits: Record<string, number> = { inDefault: 0, inLeft: 0x0001, inRight: 0x0002, inCenter: 0x0004, inTop: 0x0008, inBottom: 0x0010, inFront: 0x0020, inRear: 0x0040 };
const totalFields = ['itemsReceived', 'itemsDispensed', 'coinsReceived', 'coinsDispensed', 'cashBoxReceived', 'cashBoxDispensed'] as const;

function details(teller: CdmTellerDetails, call: CdmCall): JsonObject {
  const input = Object.entries(inputBits).find(([, bit]) => bit === teller.inputPosition)?.[0];
  if (input === undefined) call.warn('TELLER_INFO: an input position without an XFS4IoT name is left out', { tellerId: teller.tellerId, inputPosition: teller.inputPosition });
  const tellerTotals: JsonObject = {};
  for (const totals of teller.totals) {
    const currency = totals.currencyId.trim();
    if (!/^[A-Z]{3}$/.test(currency)) continue;
    tellerTotals[currency] = Object.fromEntries(totalFields.map((field) => [field, toCash(totals[field], currency, call.device.status.exponents)]));
  }
  return compact({
    tellerID: teller.tellerId,
    inputPosition: teller.inputPosition === 0 ? undefined : input,
    outputPosition: positionName(teller.outputPosition, call.enums),
    tellerTotals,
  });
}

export async function getTellerInfo(call: CdmCall): Promise<CommandResult> {
  const tellerId = call.payload?.tellerID;
  const currency = typeof call.payload?.currency === 'string' ? call.payload.currency : undefined;
  if (typeof tellerId === 'number' && tellerId > 0xffff) return commandError('invalidTellerId', `GetTellerInfo: no teller ${tellerId} (a 3.x teller id is a USHORT)`);
  const query = typeof tellerId === 'number' ? { tellerId, currencyId: currency ?? '' } : undefined;
  const done = await call.getInfo('WFS_INF_CDM_TELLER_INFO', query);
  if (!done.ok) return call.failure(done);
  const tellers = (done.data as CdmTellerDetails[] | undefined) ?? [];
  const shown = tellers.map((teller) => ({
    ...teller,
    // Without a teller 3.x takes no currency: the gateway keeps the one asked for.
    totals: currency ? teller.totals.filter((totals) => totals.currencyId === currency) : teller.totals,
  }));
  return success({ tellerDetails: shown.map((teller) => details(teller, call)) });
}

export async function setTellerInfo(call: CdmCall): Promise<CommandResult> {
  const action = actions[String(call.payload?.action ?? '')];
  const requested = call.payload?.tellerDetails as JsonObject | undefined;
  if (action === undefined || !requested || typeof requested.tellerID !== 'number') return invalidData('SetTellerInfo: action and tellerDetails.tellerID are required');
  if (requested.tellerID > 0xffff) return commandError('invalidTellerId', `SetTellerInfo: no teller ${requested.tellerID} (a 3.x teller id is a USHORT)`);
  const inputPosition = inputBits[typeof requested.inputPosition === 'string' ? requested.inputPosition : 'inDefault'];
  if (inputPosition === undefined) return commandError('unsupportedPosition', `SetTellerInfo: ${String(requested.inputPosition)} is no XFS 3.x input position`);
  const outputPosition = outputPositionBits(call, requested.outputPosition, 'SetTellerInfo');
  if (typeof outputPosition !== 'number') return outputPosition;
  const totals: Array<Partial<CdmTellerTotals> & { currencyId: string }> = [];
  for (const [currency, raw] of Object.entries((requested.tellerTotals ?? {}) as JsonObject)) {
    if (!/^[A-Z]{3}$/.test(currency)) return commandError('invalidCurrency', `SetTellerInfo: ${currency} is no ISO 4217 currency`);
    const entry: Partial<CdmTellerTotals> & { currencyId: string } = { currencyId: currency };
    for (const field of totalFields) {
      const amount = ((raw ?? {}) as JsonObject)[field];
      if (amount === undefined || amount === null) continue;
      const minor = typeof amount === 'number' ? toMinimumUnits(amount, currency, call.device.status.exponents) : undefined;
      if (minor === undefined) return unsupportedData(`SetTellerInfo: ${currency} ${field} ${String(amount)} is no whole ULONG in the 3.x currency exponent`);
      entry[field] = minor;
    }
    totals.push(entry);
  }
  const done = await call.execute('WFS_CMD_CDM_SET_TELLER_INFO', { action, details: { tellerId: requested.tellerID, inputPosition, outputPosition, totals } });
  return done.ok ? success() : call.failure(done);
}

export const tellerInfoChanged: EventTranslator<CdmCapabilities, CdmDevice> = (event) => {
  const tellerId = (event.data as { tellerId?: unknown } | undefined)?.tellerId;
  return typeof tellerId === 'number' ? { payload: { tellerID: tellerId } } : { warning: 'TELLERINFOCHANGED without a teller id' };
};
