// Group commit for SQLite: work submitted in the same turn of the event loop runs in ONE
// write transaction (one fsync), and each submitter's promise settles only after that commit. No
// caller ever hears "done" before its write is durable, so durability is unchanged; only the number
// of fsyncs shrinks when many writers are busy at once.
import type { SqliteDatabase } from '../storage/sqlite.ts';

interface Item {
  work: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

export class GroupCommit {
  private queue: Item[] = [];
  private scheduled = false;
  constructor(private readonly db: SqliteDatabase) {}

  private runBatch(batch: Item[]): Array<{ ok: boolean; value: unknown }> {
    return this.db.transaction(() => batch.map((item) => {
      // A failing item must not undo the others: work that writes more than one statement wraps
      // itself in a nested transaction (a savepoint) so its own failure rolls back only itself.
      try {
        return { ok: true, value: item.work() };
      } catch (error) {
        return { ok: false, value: error };
      }
    }));
  }

  /** Runs `work` inside the next group transaction; resolves with its result after the commit. */
  run<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const batch = this.queue;
    this.queue = [];
    let outcomes: Array<{ ok: boolean; value: unknown }>;
    try {
      outcomes = this.runBatch(batch);
    } catch (error) {
      for (const item of batch) item.reject(error);
      return;
    }
    batch.forEach((item, i) => (outcomes[i].ok ? item.resolve(outcomes[i].value) : item.reject(outcomes[i].value)));
  }
}
