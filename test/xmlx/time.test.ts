import t from 'tap';
import {
  EPOCH_OFFSET_TICKS, dateFromTicks, formatTicks, isoFromTicks, ticksFromDate, ticksFromUnixNanos,
} from '../../src/xmlx/time.ts';

t.test('win32 ticks convert to and from dates exactly', async (t) => {
  t.equal(ticksFromDate(new Date('1970-01-01T00:00:00Z')), EPOCH_OFFSET_TICKS);
  t.equal(ticksFromDate(new Date('1601-01-01T00:00:00Z')), 0n);
  const d = new Date('2026-11-21T10:54:09.123Z');
  const ticks = ticksFromDate(d);
  t.equal(ticks.toString().length, 18, 'present-day times are 18 digits');
  t.equal(dateFromTicks(ticks).date.getTime(), d.getTime());
  t.equal(dateFromTicks(ticks).subMillisecondTicks, 0);
  t.equal(dateFromTicks(ticks + 1234n).subMillisecondTicks, 1234, 'sub-millisecond ticks kept, not dropped');
  t.equal(isoFromTicks(ticks + 1234n), '2026-11-21T10:54:09.1231234Z');
  t.equal(isoFromTicks(123456789012345678n), '1992-03-21T19:15:01.2345678Z', 'the seed example time');
  t.equal(ticksFromUnixNanos(1_700_000_000_123_456_789n), 1_700_000_000_123_456_7n + EPOCH_OFFSET_TICKS);
  t.equal(ticksFromUnixNanos(-150n), EPOCH_OFFSET_TICKS - 2n, 'floors before 1970');
  t.equal(formatTicks(42n), '000000000000000042');
  t.throws(() => formatTicks(-1n));
  t.throws(() => formatTicks(10n ** 18n));
});
