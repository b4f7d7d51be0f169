/**
 * IOTP amounts are decimal strings in whole and fractional units ("245.35"); XML-X amounts are
 * integers of the currency's smallest unit. Conversion is exact (bigint), never through floats.
 */

/** ISO 4217 minor-unit exponents for the currencies an ATM network meets; extend through options. */
export const ISO4217_DECIMALS: Readonly<Record<string, number>> = {
  AED: 2, AUD: 2, BHD: 3, BRL: 2, CAD: 2, CHF: 2, CLP: 0, CNY: 2, CZK: 2, DKK: 2, EUR: 2, GBP: 2, HKD: 2, HUF: 2,
  IDR: 2, ILS: 2, INR: 2, ISK: 0, JOD: 3, JPY: 0, KRW: 0, KWD: 3, MXN: 2, NOK: 2, NZD: 2, OMR: 3, PLN: 2, RON: 2,
  SAR: 2, SEK: 2, SGD: 2, THB: 2, TND: 3, TRY: 2, TWD: 2, UGX: 0, USD: 2, VND: 0, XAF: 0, XOF: 0, ZAR: 2,
};

export type AmountResult = { ok: true; minor: bigint } | { ok: false; reason: 'syntax' | 'tooFine' | 'tooLarge' | 'unknownCurrency' };

/**
 * Digits of the smallest unit an amount may have: 18 always fits the signed 64-bit integers the
 * payment host's ledger holds, so a currency with 2 decimals allows 16 whole digits, one with 3, 15.
 */
export const MAX_MINOR_DIGITS = 18;

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

export function currencyDecimals(currency: string, table: Readonly<Record<string, number>> = ISO4217_DECIMALS): number | undefined {
  return table[currency];
}

/** "245.35" USD → 24535n; "0.001" USD is finer than a cent and refused, "1.50" and "1.5" are equal. */
export function toMinorUnits(amount: string, decimals: number): AmountResult {
  const m = DECIMAL.exec(amount.trim());
  if (m === null) return { ok: false, reason: 'syntax' };
  const whole = m[1];
  const frac = (m[2] ?? '').replace(/0+$/, '');
  if (frac.length > decimals) return { ok: false, reason: 'tooFine' };
  if (whole.replace(/^0+/, '').length > MAX_MINOR_DIGITS - decimals) return { ok: false, reason: 'tooLarge' };
  return { ok: true, minor: BigInt(whole + frac.padEnd(decimals, '0')) };
}

/** 24535n with 2 decimals → "245.35"; 5n with 0 decimals → "5". */
export function fromMinorUnits(minor: bigint, decimals: number): string {
  const negative = minor < 0n;
  const digits = (negative ? -minor : minor).toString().padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals);
  const frac = digits.slice(digits.length - decimals);
  return `${negative ? '-' : ''}${whole}${decimals > 0 ? `.${frac}` : ''}`;
}
