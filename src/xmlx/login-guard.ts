// Slows password guessing at the host: after `threshold` failed logins of a key (a user at an address,
// an address, a user), that key is locked for `baseMs`, doubling with each further failure up to `maxMs`. While locked,
// every attempt is answered "try again later" without checking the password, so a guesser learns
// nothing, and a correct password does not get in either until the lock ends. State is in memory
// (bounded): a restart forgives, which the README says.
export interface LockoutPolicy {
  /** Failures of one user from one address before the first lock (default 5). */
  threshold: number;
  /** Failures from one address, whatever the user, before it is locked (default 20: password spraying). */
  addressThreshold: number;
  /** Failures of one user, from any address, before it is locked (default 50: distributed guessing). */
  userThreshold: number;
  /** First lock (default 1,000 ms); doubles per further failure. */
  baseMs: number;
  /** Longest lock (default 15 minutes). */
  maxMs: number;
  /** Keys remembered at most (default 10,000); the oldest are forgotten first. */
  maxKeys: number;
}

export const DEFAULT_LOCKOUT: LockoutPolicy = { threshold: 5, addressThreshold: 20, userThreshold: 50, baseMs: 1000, maxMs: 15 * 60_000, maxKeys: 10_000 };

/**
 * The keys one login attempt counts against. The pair is the tight one; the address and user keys
 * have higher thresholds, so that a guesser cannot lock a legitimate user out from elsewhere with a
 * handful of attempts (a lock-out is also a denial of service), yet cannot spray or spread forever.
 */
export function loginKeys(policy: LockoutPolicy, userId: string, address: string): Array<{ key: string; threshold: number }> {
  return [
    { key: `pair:${userId}@${address}`, threshold: policy.threshold },
    { key: `address:${address}`, threshold: policy.addressThreshold },
    { key: `user:${userId}`, threshold: policy.userThreshold },
  ];
}

interface KeyState {
  failures: number;
  lockedUntil: number;
}

export type LockEvent = { key: string; failures: number; lockMs: number };

export class LoginGuard {
  readonly policy: LockoutPolicy;
  readonly #state = new Map<string, KeyState>();
  readonly #now: () => number;

  constructor(policy: Partial<LockoutPolicy> = {}, now: () => number = Date.now) {
    this.policy = { ...DEFAULT_LOCKOUT, ...policy };
    this.#now = now;
  }

  /** Milliseconds until every one of these keys may try again (0: may try now). */
  lockedFor(keys: readonly string[]): number {
    const now = this.#now();
    let wait = 0;
    for (const key of keys) {
      const s = this.#state.get(key);
      if (s !== undefined && s.lockedUntil > now) wait = Math.max(wait, s.lockedUntil - now);
    }
    return wait;
  }

  /** Records a failed login; returns the locks it started (for one log line each). */
  failure(keys: ReadonlyArray<{ key: string; threshold: number }>): LockEvent[] {
    const now = this.#now();
    const events: LockEvent[] = [];
    for (const { key, threshold } of keys) {
      const s = this.#state.get(key) ?? { failures: 0, lockedUntil: 0 };
      this.#state.delete(key);
      s.failures += 1;
      if (s.failures >= threshold) {
        const lockMs = Math.min(this.policy.maxMs, this.policy.baseMs * 2 ** Math.min(30, s.failures - threshold));
        s.lockedUntil = now + lockMs;
        events.push({ key, failures: s.failures, lockMs });
      }
      this.#state.set(key, s);
    }
    while (this.#state.size > this.policy.maxKeys) {
      const oldest = this.#state.keys().next().value;
      if (oldest === undefined) break;
      this.#state.delete(oldest);
    }
    return events;
  }

  /** A successful login clears the pair's count (not the address's or the user's: those are shared). */
  success(key: string): void {
    this.#state.delete(key);
  }
}
