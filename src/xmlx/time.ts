// XML-X "win32" time: 100 ns ticks since 1601-01-01T00:00:00Z, written as 18 decimal digits.
// Kept as bigint so that no tick is ever rounded; conversions to Date are exact to the millisecond
// and report the sub-millisecond remainder rather than dropping it silently.
import type { Ticks } from './types.ts';

/** Ticks between 1601-01-01 and 1970-01-01. */
export const EPOCH_OFFSET_TICKS = 116_444_736_000_000_000n;
const TICKS_PER_MS = 10_000n;
/** Largest tick count that fits the seed's 18 digits. */
export const MAX_TICKS = 999_999_999_999_999_999n;

/** Ticks of a Date (exact: a Date has millisecond resolution). */
export function ticksFromDate(date: Date): Ticks {
  const ms = date.getTime();
  if (!Number.isFinite(ms)) throw new RangeError('invalid Date');
  return BigInt(ms) * TICKS_PER_MS + EPOCH_OFFSET_TICKS;
}

/** Ticks of a count of nanoseconds since the Unix epoch (e.g. process.hrtime-based clocks), floored to 100 ns. */
export function ticksFromUnixNanos(nanos: bigint): Ticks {
  const ticks = nanos / 100n;
  return (nanos < 0n && ticks * 100n !== nanos ? ticks - 1n : ticks) + EPOCH_OFFSET_TICKS;
}

/** The Date of a tick count plus the 100 ns ticks below its millisecond (0..9999). */
export function dateFromTicks(ticks: Ticks): { date: Date; subMillisecondTicks: number } {
  const sinceUnix = ticks - EPOCH_OFFSET_TICKS;
  let ms = sinceUnix / TICKS_PER_MS;
  let rest = sinceUnix - ms * TICKS_PER_MS;
  if (rest < 0n) {
    ms -= 1n;
    rest += TICKS_PER_MS;
  }
  return { date: new Date(Number(ms)), subMillisecondTicks: Number(rest) };
}

/** ISO 8601 with the full 7-digit fraction: exact, unlike Date#toISOString. */
export function isoFromTicks(ticks: Ticks): string {
  const { date, subMillisecondTicks } = dateFromTicks(ticks);
  const iso = date.toISOString();
  return `${iso.slice(0, 23)}${String(subMillisecondTicks).padStart(4, '0')}Z`;
}

/** The current time in ticks. */
export function nowTicks(): Ticks {
  return ticksFromDate(new Date());
}

/** The 18-digit wire form. */
export function formatTicks(ticks: Ticks): string {
  if (ticks < 0n || ticks > MAX_TICKS) throw new RangeError(`time ${ticks} outside the 18-digit XML-X range`);
  return ticks.toString().padStart(18, '0');
}
