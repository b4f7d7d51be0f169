// Which PostgreSQL failures a host retries, and the retry loop. A transaction that failed with a
// serialization failure or deadlock did nothing and can simply run again. A dropped connection (the
// database restarted, a proxy cut us off) leaves the outcome of an in-flight COMMIT unknown: the
// retry runs the same entries with the same TransferIds and attempt ids, so the unique key turns a
// second execution into "that was mine" (see execute_batch), never into a second posting.

/** SQLSTATEs after which running the same transaction again is safe and may succeed. */
const RETRY_STATES = new Set([
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, recovering)
  '53300', // too_many_connections
]);

const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

function fieldOf(error: unknown, name: 'code' | 'message'): string {
  if (typeof error !== 'object' || error === null || !(name in error)) return '';
  const value = (error as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : '';
}

export function isRetryable(error: unknown): boolean {
  const code = fieldOf(error, 'code');
  if (RETRY_STATES.has(code) || code.startsWith('08') || NETWORK_CODES.has(code)) return true;
  // node-postgres reports a socket closed under it without a code.
  return /Connection terminated|terminating connection|timeout exceeded when trying to connect|Client has encountered a connection error|not queryable/i
    .test(fieldOf(error, 'message'));
}

/** What may be logged of a database error: its SQLSTATE or errno code and message, never a connection string. */
export function describeDbError(error: unknown): { code: string; message: string } {
  return { code: fieldOf(error, 'code'), message: fieldOf(error, 'message').replace(/postgres(ql)?:\/\/\S+/gi, 'postgres://…') };
}

export interface RetryPolicy {
  /** Give up after this long since the first attempt (default 30 s: a database restart fits inside). */
  deadlineMs: number;
  firstDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { deadlineMs: 30_000, firstDelayMs: 20, maxDelayMs: 1_000 };

/** Runs `work` until it succeeds, fails with a non-retryable error, or the deadline passes. */
export async function withRetry<T>(work: () => Promise<T>, policy: RetryPolicy = DEFAULT_RETRY, onRetry?: (error: unknown, attempt: number) => void): Promise<T> {
  const started = Date.now();
  let delay = policy.firstDelayMs;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      if (!isRetryable(error) || Date.now() - started + delay > policy.deadlineMs) throw error;
      onRetry?.(error, attempt);
      // Jitter keeps N host processes that lost the same database from reconnecting in lockstep.
      await new Promise((resolve) => setTimeout(resolve, delay / 2 + Math.random() * delay));
      delay = Math.min(delay * 2, policy.maxDelayMs);
    }
  }
}
