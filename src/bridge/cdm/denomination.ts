// XFS4IoT denomination requests and results <-> the 3.x WFSCDMDENOMINATION (one currency, an amount
// in minimum dispense units, items per cash unit indexed like the cash unit list, a cash box amount).
import type { CommandResult, JsonObject } from '../../xfs4iot/backend.ts';
import type { CdmCapabilities, CdmDenomination } from '../../legacy-xfs3/cdm/types.ts';
import { invalidData, unsupportedData } from '../translator.ts';
import { currencyOf, toCash, toMinimumUnits, unitId, type CdmDevice } from './device.ts';

/** WFS_CDM_INDIVIDUAL: the caller gives the items per cash unit. */
const individualMix = 0;
/** WFS_CDM_MIX_MINIMUM_NUMBER_OF_BILLS, used when a service mix names no mix. */
const defaultMix = 1;

export interface DenominationInput {
  tellerId: number;
  mixNumber: number;
  denomination: { currencyId: string; amount: number; values: number[]; cashBox: number };
}

type Parsed = { ok: true; input: DenominationInput } | { ok: false; result: CommandResult };

const fail = (result: CommandResult): Parsed => ({ ok: false, result });

function singleCurrency(currencies: JsonObject | undefined, what: string): { currency: string; amount: number } | CommandResult | undefined {
  const entries = Object.entries(currencies ?? {});
  if (entries.length === 0) return undefined;
  if (entries.length > 1) return unsupportedData(`${what}: XFS 3.x dispenses one currency per request`);
  const [currency, amount] = entries[0];
  return { currency, amount: Number(amount) };
}

function isResult(value: unknown): value is CommandResult {
  return typeof value === 'object' && value !== null && 'completionCode' in value;
}

/** The `request` of Denominate / `denomination` of Dispense as 3.x input, or the completion refusing it. */
export function parseDenominationRequest(request: JsonObject, device: CdmDevice, caps: CdmCapabilities, command: string): Parsed {
  const denomination = (request.denomination ?? {}) as JsonObject;
  const app = denomination.app as JsonObject | undefined;
  const service = denomination.service as JsonObject | undefined;
  const tellerId = typeof request.tellerID === 'number' ? request.tellerID : 0;
  if ((app === undefined) === (service === undefined)) return fail(invalidData(`${command}: give exactly one of denomination.app and denomination.service`));
  const source = (app ?? service) as JsonObject;
  const requested = singleCurrency(source.currencies as JsonObject | undefined, command);
  if (isResult(requested)) return fail(requested);

  let mixNumber = individualMix;
  let values: number[] = [];
  let currency = requested?.currency;
  if (service) {
    if (service.partial !== undefined && Object.keys(service.partial as JsonObject).length > 0) {
      return fail(unsupportedData(`${command}: XFS 3.x cannot combine a mix with a partial denomination (service.partial)`));
    }
    if (!requested) return fail(invalidData(`${command}: denomination.service needs currencies with the amount to denominate`));
    const mix = typeof service.mix === 'string' ? /^mix(\d+)$/.exec(service.mix) : null;
    if (service.mix !== undefined && !mix) return fail(unsupportedData(`${command}: mix ${String(service.mix)} is not a 3.x mix number (mix<number>)`));
    mixNumber = mix ? Number(mix[1]) : defaultMix;
    if (mixNumber < 1 || mixNumber > 0xffff) return fail(unsupportedData(`${command}: mix ${String(service.mix)} is out of the 3.x range`));
  } else {
    const counts = (app?.counts ?? {}) as JsonObject;
    values = device.cashUnits.map(() => 0);
    for (const [unit, count] of Object.entries(counts)) {
      const index = device.cashUnits.findIndex((candidate) => unitId(candidate) === unit);
      if (index < 0) return fail(invalidData(`${command}: no cash unit ${unit}`));
      values[index] = Number(count);
      const unitCurrency = currencyOf(device.cashUnits[index]);
      if (Number(count) > 0 && unitCurrency) {
        if (currency && currency !== unitCurrency) return fail(unsupportedData(`${command}: XFS 3.x dispenses one currency per request (${currency}, ${unitCurrency})`));
        currency = unitCurrency;
      }
    }
    if (!values.some((count) => count > 0)) return fail(invalidData(`${command}: denomination.app.counts names no items`));
  }
  if (!currency) return fail(invalidData(`${command}: no currency (currencies, or counts of units holding one)`));

  const amount = requested ? toMinimumUnits(requested.amount, currency, device.exponents) : 0;
  if (amount === undefined) return fail(unsupportedData(`${command}: ${requested?.amount} ${currency} is not a whole number of the 3.x minimum dispense unit`));
  let cashBox = 0;
  const box = singleCurrency((source.cashBox as JsonObject | undefined)?.currencies as JsonObject | undefined, command);
  if (isResult(box)) return fail(box);
  if (box && box.amount > 0) {
    if (!caps.cashBox) return fail(unsupportedData(`${command}: this XFS 3.x dispenser has no teller cash box (WFSCDMCAPS.bCashBox)`));
    if (box.currency !== currency) return fail(unsupportedData(`${command}: the cash box amount must be in ${currency}`));
    const boxAmount = toMinimumUnits(box.amount, currency, device.exponents);
    if (boxAmount === undefined) return fail(unsupportedData(`${command}: the cash box amount is not a whole number of the 3.x minimum dispense unit`));
    cashBox = boxAmount;
  }
  return { ok: true, input: { tellerId, mixNumber, denomination: { currencyId: currency, amount, values, cashBox } } };
}

/** WFSCDMDENOMINATION as the XFS4IoT denomination (currencies, values per unit, cash box). */
export function denominationResult(result: CdmDenomination, device: CdmDevice): JsonObject {
  const values: JsonObject = {};
  result.values.forEach((count, index) => {
    const unit = device.cashUnits[index];
    if (count > 0 && unit) values[unitId(unit)] = count;
  });
  const currency = result.currencyId.trim();
  const out: JsonObject = { currencies: currency ? { [currency]: toCash(result.amount, currency, device.exponents) } : {}, values };
  if (result.cashBox > 0 && currency) out.cashBox = { currencies: { [currency]: toCash(result.cashBox, currency, device.exponents) } };
  return out;
}
