// Rate limiting of repeated log lines (issue 12, item 3). A misbehaving client can make the engine
// refuse thousands of messages a second; logging each refusal turned a flood into megabytes of
// identical lines (380,000 of X4I-009 in one run). Per key (an error code), the first `burst` lines
// of an interval are written in full; the rest are only counted, and one summary line per key and
// interval says how many were left out. Lines that carry a cash outcome never go through here.
import type { Logger } from 'pino';

export type LimitedLevel = 'info' | 'warn' | 'error';

interface Window {
  start: number;
  written: number;
  suppressed: number;
  level: LimitedLevel;
  msg: string;
  timer?: NodeJS.Timeout;
}

export interface LogLimiterOptions {
  /** Length of one interval, ms. */
  readonly intervalMs: number;
  /** Lines per key and interval written in full. */
  readonly burst: number;
  /** Clock (tests). */
  readonly now?: () => number;
}

export class LogLimiter {
  private readonly windows = new Map<string, Window>();
  private readonly now: () => number;

  constructor(private readonly log: Logger, private readonly options: LogLimiterOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Writes `obj`/`msg` at `level` unless `key` already had its burst in this interval. */
  write(level: LimitedLevel, key: string, obj: Record<string, unknown>, msg: string): void {
    if (!this.log.isLevelEnabled(level)) return;
    const now = this.now();
    let w = this.windows.get(key);
    if (w && now - w.start >= this.options.intervalMs) {
      this.flush(key, w);
      w = undefined;
    }
    if (!w) {
      w = { start: now, written: 0, suppressed: 0, level, msg };
      this.windows.set(key, w);
    }
    if (w.written < this.options.burst) {
      w.written++;
      this.log[level](obj, msg);
      return;
    }
    w.suppressed++;
    // The summary must come even if the flood stops for good: a timer per key, only while suppressing.
    if (!w.timer) {
      const window = w;
      w.timer = setTimeout(() => {
        if (this.windows.get(key) === window) this.flush(key, window);
      }, Math.max(0, this.options.intervalMs - (now - w.start)));
      w.timer.unref();
    }
  }

  /** Writes every pending summary (shutdown). */
  flushAll(): void {
    for (const [key, w] of [...this.windows]) this.flush(key, w);
  }

  private flush(key: string, w: Window): void {
    clearTimeout(w.timer);
    this.windows.delete(key);
    if (w.suppressed === 0) return;
    this.log[w.level]({ code: key, suppressed: w.suppressed, intervalMs: this.options.intervalMs, summary: true },
      `${w.msg} (repeated ${w.suppressed} more times, not logged one by one)`);
  }
}
