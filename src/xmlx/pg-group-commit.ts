// Group commit for the PostgreSQL store: entries that arrive while earlier batches are in flight
// queue up and go to the database together, as one call of xmlx.execute_batch — one round trip,
// one transaction, one WAL flush for the lot. Each caller's promise settles only after that commit,
// so no one hears "done" before the entry is durable. Batches grow by themselves with load (a quiet
// host sends batches of one), and a batch is retried whole, with the same attempt ids, when it hit
// a serialization failure, a deadlock or a dropped connection (pg-retry.ts).
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { encodeOperation } from './codec-encode.ts';
import { withRetry, type RetryPolicy, DEFAULT_RETRY } from './pg-retry.ts';
import type { ExecuteResult, NewEntry } from './store.ts';

/** One row of xmlx.execute_batch's answer. */
export interface BatchRow {
  idx: number;
  status: 'executed' | 'already' | 'mine' | 'refused';
  errno: number | null;
  message: string | null;
  seq: bigint | null;
}

export interface PendingEntry {
  entry: NewEntry;
  time: bigint;
  /** Marks the entry as ours, so a retry after an unknown COMMIT outcome recognises it. */
  attempt: string;
}

interface Item extends PendingEntry {
  resolve: (result: ExecuteResult) => void;
  reject: (error: unknown) => void;
}

/** The JSON execute_batch reads (field names are kept short: a batch may hold hundreds). */
function toJson(item: PendingEntry, idx: number): Record<string, unknown> {
  const { entry, time, attempt } = item;
  const op = entry.operation;
  const detail = op.kind === 'transfer' ? op.transfer : op.kind === 'withdraw' ? op.withdraw : op.settle;
  return {
    i: idx, att: attempt, time: time.toString(), kind: op.kind, user: entry.userId, payer: entry.payer, payee: entry.payee,
    cur: entry.currencyId, amt: entry.amount.toString(), pa: entry.payerAmount.toString(), pe: entry.payeeAmount.toString(),
    idem: entry.idemAccount, tid: entry.transferId, memo: detail.memo ?? null, fee: detail.feeHint ?? null,
    op: op.kind === 'transfer' ? null : encodeOperation(op),
    tt: entry.issuedToken?.token.type ?? null, td: entry.issuedToken?.token.data ?? null,
    it: entry.issuedToken?.tokenId ?? null, st: entry.settledTokenId ?? null,
    p: entry.postings.map((p) => ({ a: p.accountId, c: p.currencyId, d: p.delta.toString(), f: p.enforceFloor })),
  };
}

export interface GroupCommitOptions {
  /** Batches one process may have at the database at once (more overlap the next batch's travel with a commit). */
  maxInflight: number;
  /** Most entries in one batch. */
  maxBatch: number;
  retry: RetryPolicy;
  onRetry?: (error: unknown, attempt: number) => void;
}

export const DEFAULT_GROUP_COMMIT: GroupCommitOptions = { maxInflight: 2, maxBatch: 256, retry: DEFAULT_RETRY };

export class PgGroupCommit {
  private queue: Item[] = [];
  private inflight = 0;
  private scheduled = false;

  constructor(
    private readonly pool: pg.Pool,
    /** Turns a row into the caller's answer (reads the stored entry back). */
    private readonly answer: (item: PendingEntry, row: BatchRow) => Promise<ExecuteResult>,
    private readonly options: GroupCommitOptions = DEFAULT_GROUP_COMMIT,
  ) {}

  run(entry: NewEntry, time: bigint): Promise<ExecuteResult> {
    return new Promise<ExecuteResult>((resolve, reject) => {
      this.queue.push({ entry, time, attempt: randomUUID(), resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        // Entries submitted in the same turn of the event loop travel together.
        setImmediate(() => this.pump());
      }
    });
  }

  private pump(): void {
    this.scheduled = false;
    while (this.inflight < this.options.maxInflight && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.options.maxBatch);
      this.inflight += 1;
      void this.send(batch).finally(() => {
        this.inflight -= 1;
        this.pump();
      });
    }
  }

  private async call(batch: Item[]): Promise<BatchRow[]> {
    const json = JSON.stringify(batch.map((item, idx) => toJson(item, idx)));
    const result = await withRetry(
      () => this.pool.query<BatchRow>('SELECT idx, status, errno, message, seq FROM xmlx.execute_batch($1::jsonb)', [json]),
      this.options.retry, this.options.onRetry);
    return result.rows;
  }

  private async send(batch: Item[]): Promise<void> {
    let rows: BatchRow[];
    try {
      rows = await this.call(batch);
    } catch (error) {
      if (batch.length === 1) {
        batch[0].reject(error);
        return;
      }
      // Something in one entry failed the whole transaction (nothing was committed): run each on its
      // own, so only the entry at fault fails.
      await Promise.all(batch.map((item) => this.send([item])));
      return;
    }
    await Promise.all(batch.map(async (item, idx) => {
      const row = rows.find((r) => r.idx === idx);
      if (!row) return item.reject(new Error(`execute_batch gave no answer for entry ${idx}`));
      try {
        item.resolve(await this.answer(item, row));
      } catch (error) {
        item.reject(error);
      }
    }));
  }
}
