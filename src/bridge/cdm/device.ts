// What the CDM binding keeps of a 3.x cash dispenser: WFS_INF_CDM_STATUS plus the cash units
// (WFS_INF_CDM_CASH_UNIT_INFO) and currency exponents (WFS_INF_CDM_CURRENCY_EXP), read together so
// that every status read also sees the storage. Money conversions between 3.x minimum dispense units
// and XFS4IoT amounts live here too.
import type { CdmCashUnit, CdmCurrencyExp, CdmStatus } from '../../legacy-xfs3/cdm/types.ts';
import { WFS_ERR_UNSUPP_CATEGORY } from '../../legacy-xfs3/errors.ts';
import type { XfsCompletion } from '../../legacy-xfs3/types.ts';

export interface CdmDevice {
  status: CdmStatus;
  cashUnits: CdmCashUnit[];
  /** Currency exponent per ISO 4217 code (cash amount = 3.x amount * 10^exponent). */
  exponents: Record<string, number>;
}

export type GetInfo = (category: string) => Promise<XfsCompletion<unknown>>;

export function exponentTable(list: CdmCurrencyExp[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const entry of list) out[entry.currencyId] = entry.exponent;
  return out;
}

/**
 * Cash units and currency exponents. Only a provider without the category (WFS_ERR_UNSUPP_CATEGORY)
 * means exponent 0 for every currency. Any other failure (a timeout, a hardware error) keeps the last
 * table read, or fails the read when there is none: a guessed 0 would make the next Dispense convert
 * amounts with the wrong scale (80.00 EUR at exponent -2 is 8000, not 80).
 */
export async function readCashUnits(getInfo: GetInfo, lastExponents?: Record<string, number>): Promise<XfsCompletion<unknown>> {
  const units = await getInfo('WFS_INF_CDM_CASH_UNIT_INFO');
  if (!units.ok) return units;
  const exp = await getInfo('WFS_INF_CDM_CURRENCY_EXP');
  let exponents: Record<string, number>;
  if (exp.ok) exponents = exponentTable((exp.data as CdmCurrencyExp[] | undefined) ?? []);
  else if (exp.code === WFS_ERR_UNSUPP_CATEGORY) exponents = {};
  else if (lastExponents) exponents = lastExponents;
  else return exp;
  const cashUnits = (units.data as { units: CdmCashUnit[] } | undefined)?.units ?? [];
  return { ...units, data: { cashUnits, exponents } };
}

/** Status, cash units and currency exponents as one completion: the first failure is the result. */
export async function readCdmDevice(getInfo: GetInfo, previous?: CdmDevice): Promise<XfsCompletion<unknown>> {
  const status = await getInfo('WFS_INF_CDM_STATUS');
  if (!status.ok) return status;
  const units = await readCashUnits(getInfo, previous?.exponents);
  if (!units.ok) return units;
  const device: CdmDevice = { status: status.data as CdmStatus, ...(units.data as Omit<CdmDevice, 'status'>) };
  return { ...status, data: device };
}

export function unitId(unit: Pick<CdmCashUnit, 'number'>): string {
  return `unit${unit.number}`;
}

/** 3.x currency ids are three characters, blank when the unit holds no currency. */
export function currencyOf(unit: Pick<CdmCashUnit, 'currencyId'>): string | undefined {
  const id = unit.currencyId.trim();
  return /^[A-Z]{3}$/.test(id) ? id : undefined;
}

function scale(exponent: number): number {
  return 10 ** exponent;
}

/** 3.x amount (minimum dispense units) -> XFS4IoT amount (currency units). */
export function toCash(amount: number, currency: string, exponents: Record<string, number>): number {
  const exponent = exponents[currency] ?? 0;
  // Rounded to the exponent's decimals, so 0.1 + 0.2 style noise never reaches a client.
  return Number((amount * scale(exponent)).toFixed(Math.max(0, -exponent)));
}

/** XFS4IoT amount -> 3.x amount, or undefined when it is not a whole number of minimum dispense units. */
export function toMinimumUnits(amount: number, currency: string, exponents: Record<string, number>): number | undefined {
  const exponent = exponents[currency] ?? 0;
  const units = amount / scale(exponent);
  const whole = Math.round(units);
  if (Math.abs(units - whole) > 1e-6 || whole < 0 || whole > 0xffffffff) return undefined;
  return whole;
}

/** The XFS4IoT cash item name of a 3.x unit holding one currency and value, e.g. typeEUR10. */
export function cashItemOf(unit: CdmCashUnit, exponents: Record<string, number>): string | undefined {
  return cashItemName(unit, exponents);
}

/** The XFS4IoT cash item (typeEUR20) of a 3.x currency id and value (in the currency exponent). */
export function cashItemName(item: Pick<CdmCashUnit, 'currencyId' | 'values'>, exponents: Record<string, number>): string | undefined {
  const currency = currencyOf(item);
  if (!currency || item.values === 0) return undefined;
  const value = String(toCash(item.values, currency, exponents)).replace('.', 'D');
  return `type${currency}${value}`;
}
