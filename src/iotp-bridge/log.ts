import { isConstraintViolation, SqliteDatabase, type SqlParam, type Statement } from '../storage/sqlite.ts';
import type { ProcessState } from './schema.ts';
import { canTransition, isFinal, type Role } from './states.ts';

export type SyncMode = 'full' | 'rederivable';
export type TransferStatus = 'none' | 'pending' | 'succeeded' | 'failed' | 'unknown';
export type Stage = 'order' | 'transfer' | 'receipt';

/** One payment of the durable payment log, by the party's own PayId. */
export interface PaymentRecord {
  payId: string;
  role: Role;
  state: ProcessState;
  completionCode: string | null;
  stage: Stage;
  statusKey: string;
  brandId: string | null;
  protocolId: string | null;
  payDirection: string | null;
  currCodeType: string | null;
  currCode: string | null;
  amount: string | null;
  amountMinor: string | null;
  okFrom: string | null;
  okTo: string | null;
  consumerPayId: string | null;
  merchantOrgId: string | null;
  walletId: string | null;
  instrumentId: string | null;
  payer: string | null;
  payee: string | null;
  transferKey: string | null;
  transferId: string | null;
  transferStatus: TransferStatus;
  transferErrno: number | null;
  receipt: string | null;
  reversalId: string | null;
  reversalStatus: TransferStatus;
  reversalReceipt: string | null;
  /** 1 for the first compensating transfer; a new attempt (new TransferId) only after a certain refusal. */
  reversalAttempt: number | null;
  fingerprint: string | null;
  suspendedFrom: ProcessState | null;
  callbackFunction: string | null;
  callbackLangs: string | null;
  orderContent: string | null;
  createdAt: number;
  updatedAt: number;
}

export type NewPayment = Pick<PaymentRecord, 'payId' | 'role' | 'state'> & Partial<Omit<PaymentRecord, 'payId' | 'role' | 'state' | 'createdAt' | 'updatedAt'>>;
export type PaymentPatch = Partial<Omit<PaymentRecord, 'payId' | 'role' | 'createdAt' | 'updatedAt' | 'state'>>;

const COLUMNS: Record<keyof PaymentRecord, string> = {
  payId: 'pay_id', role: 'role', state: 'state', completionCode: 'completion_code', stage: 'stage', statusKey: 'status_key',
  brandId: 'brand_id', protocolId: 'protocol_id', payDirection: 'pay_direction', currCodeType: 'curr_code_type',
  currCode: 'curr_code', amount: 'amount', amountMinor: 'amount_minor', okFrom: 'ok_from', okTo: 'ok_to',
  consumerPayId: 'consumer_pay_id', merchantOrgId: 'merchant_org_id', walletId: 'wallet_id', instrumentId: 'instrument_id',
  payer: 'payer', payee: 'payee', transferKey: 'transfer_key', transferId: 'transfer_id', transferStatus: 'transfer_status',
  transferErrno: 'transfer_errno', receipt: 'receipt', reversalId: 'reversal_id', reversalStatus: 'reversal_status',
  reversalReceipt: 'reversal_receipt', reversalAttempt: 'reversal_attempt', fingerprint: 'fingerprint', suspendedFrom: 'suspended_from',
  callbackFunction: 'callback_function', callbackLangs: 'callback_langs', orderContent: 'order_content',
  createdAt: 'created_at', updatedAt: 'updated_at',
};

const INTEGER_COLUMNS = new Set<keyof PaymentRecord>(['transferErrno', 'reversalAttempt', 'createdAt', 'updatedAt']);

const DDL = `
CREATE TABLE IF NOT EXISTS payments (
  ${Object.entries(COLUMNS).map(([k, c]) => `${c} ${INTEGER_COLUMNS.has(k as keyof PaymentRecord) ? 'INTEGER' : 'TEXT'}${k === 'payId' ? ' PRIMARY KEY' : ''}`).join(',\n  ')}
);
CREATE UNIQUE INDEX IF NOT EXISTS payments_ph_consumer ON payments(payer, consumer_pay_id) WHERE role = 'PaymentHandler' AND consumer_pay_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS payments_state ON payments(state);
CREATE TABLE IF NOT EXISTS payment_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  pay_id TEXT NOT NULL,
  at INTEGER NOT NULL,
  from_state TEXT,
  to_state TEXT NOT NULL,
  note TEXT
);
`;

type Row = Record<string, string | number | null>;

function fromRow(row: Row): PaymentRecord {
  const out: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(COLUMNS)) out[key] = row[column] ?? null;
  return out as unknown as PaymentRecord;
}

/** Nothing more will happen to it: a final state and no transfer or reversal whose outcome is open. */
function isFinished(rec: PaymentRecord): boolean {
  const moneyOpen = ['pending', 'unknown'].includes(rec.transferStatus) || ['pending', 'unknown'].includes(rec.reversalStatus);
  return isFinal(rec.state) && !moneyOpen;
}

export class InvalidTransitionError extends Error {
  constructor(payId: string, role: Role, from: ProcessState, to: ProcessState) {
    super(`payment ${payId} (${role}): ${from} -> ${to} is not a transition RFC 3867 section 3.3 allows`);
  }
}

/** The only writer of the payment log database (node:sqlite, WAL, synchronous=FULL). */
interface QueuedInsert {
  payment: NewPayment;
  note: string;
  then?: { to: ProcessState; patch?: PaymentPatch; note: string };
  resolve: (rec: PaymentRecord) => void;
  reject: (error: unknown) => void;
}

export function isUniqueViolation(error: unknown): boolean {
  return isConstraintViolation(error);
}

export class PaymentLog {
  readonly #db: SqliteDatabase;
  readonly #queue: QueuedInsert[] = [];

  /** Prepared statements, compiled once per SQL text. */
  #sql(text: string): Statement {
    return this.#db.prepare(text);
  }

  constructor(path: string) {
    this.#db = new SqliteDatabase(path);
    this.#db.exec(DDL);
  }

  close(): void {
    this.#db.close();
  }

  get(payId: string): PaymentRecord | undefined {
    const row = this.#sql('SELECT * FROM payments WHERE pay_id = ?').get(payId) as Row | undefined;
    return row === undefined ? undefined : fromRow(row);
  }

  findPaymentHandlerByConsumer(payer: string, consumerPayId: string): PaymentRecord | undefined {
    const row = this.#sql("SELECT * FROM payments WHERE role = 'PaymentHandler' AND payer = ? AND consumer_pay_id = ?")
      .get(payer, consumerPayId) as Row | undefined;
    return row === undefined ? undefined : fromRow(row);
  }

  /**
   * Creates a payment, optionally moving it on at once: one commit for what would otherwise be
   * several (each commit of a FULL-synchronous WAL is an fsync).
   */
  insert(payment: NewPayment, note = 'created', then?: { to: ProcessState; patch?: PaymentPatch; note: string }): PaymentRecord {
    this.#insert(payment, note, then);
    return this.#mustGet(payment.payId);
  }

  #insert(payment: NewPayment, note: string, then?: { to: ProcessState; patch?: PaymentPatch; note: string }): void {
    const now = Date.now();
    const record: Record<string, unknown> = {
      completionCode: null, stage: 'order', statusKey: 'started', transferStatus: 'none', reversalStatus: 'none', ...payment,
      createdAt: now, updatedAt: now,
    };
    const keys = Object.keys(COLUMNS) as (keyof PaymentRecord)[];
    const values = keys.map((k) => (record[k] === undefined ? null : record[k]) as SqlParam);
    this.#db.transaction(() => {
      this.#sql(`INSERT INTO payments (${keys.map((k) => COLUMNS[k]).join(', ')}) VALUES (${keys.map(() => '?').join(', ')})`).run(...values);
      this.#event(payment.payId, null, payment.state, note);
      if (then !== undefined) {
        if (!canTransition(payment.role, payment.state, then.to)) throw new InvalidTransitionError(payment.payId, payment.role, payment.state, then.to);
        this.#event(payment.payId, payment.state, then.to, then.note);
        this.#write(payment.payId, then.patch ?? {}, then.to);
      }
    });
  }

  /**
   * insert() with group commit: inserts queued within one turn of the event loop share one
   * transaction (one fsync). Each insert runs in its own savepoint, so one failing insert (a UNIQUE
   * violation) rejects only its own promise. Resolves once the row is durable.
   */
  insertDurably(payment: NewPayment, note: string, then?: { to: ProcessState; patch?: PaymentPatch; note: string }): Promise<PaymentRecord> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ payment, note, then, resolve, reject });
      if (this.#queue.length === 1) setImmediate(() => this.#flush());
    });
  }

  #flush(): void {
    const batch = this.#queue.splice(0);
    const failures = new Map<QueuedInsert, unknown>();
    try {
      this.#db.transaction(() => {
        for (const item of batch) {
          try {
            this.#insert(item.payment, item.note, item.then);
          } catch (error) {
            failures.set(item, error);
          }
        }
      });
    } catch (error) {
      for (const item of batch) item.reject(error);
      return;
    }
    for (const item of batch) {
      const failure = failures.get(item);
      if (failures.has(item)) item.reject(failure);
      else item.resolve(this.#mustGet(item.payment.payId));
    }
  }

  /** Updates fields without a change of process state. */
  update(payId: string, patch: PaymentPatch, sync: SyncMode = 'full'): PaymentRecord {
    this.#synced(sync, () => this.#write(payId, patch));
    return this.#mustGet(payId);
  }

  /** Changes the process state, only along the RFC's transitions; a broken invariant throws. */
  transition(payId: string, to: ProcessState, patch: PaymentPatch = {}, note = '', sync: SyncMode = 'full'): PaymentRecord {
    this.#synced(sync, () => this.#transition(payId, to, patch, note));
    return this.#mustGet(payId);
  }

  /**
   * 'rederivable' commits without its own fsync (WAL, synchronous=NORMAL): for records a crash may
   * lose because they can be derived again from a durable source (the XML-X client's journal). The
   * next 'full' commit makes them durable too, the WAL being sequential.
   */
  #synced(sync: SyncMode, fn: () => void): void {
    if (sync === 'full') {
      fn();
      return;
    }
    this.#db.withSynchronous('NORMAL', fn);
  }

  #transition(payId: string, to: ProcessState, patch: PaymentPatch, note: string): void {
    this.#db.transaction(() => {
      const current = this.#mustGet(payId);
      if (current.state !== to) {
        if (!canTransition(current.role, current.state, to)) throw new InvalidTransitionError(payId, current.role, current.state, to);
        this.#event(payId, current.state, to, note);
      }
      this.#write(payId, { ...patch }, to);
    });
  }

  /** Payments that are neither final nor merely announced: what the Application Core must resolve. */
  listPending(): PaymentRecord[] {
    const rows = this.#sql("SELECT * FROM payments WHERE state IN ('InProgress', 'Suspended') OR transfer_status IN ('pending', 'unknown') OR reversal_status IN ('pending', 'unknown') ORDER BY created_at")
      .all() as Row[];
    return rows.map(fromRow);
  }

  /** Removes a finished payment; an unfinished one is kept and false returned. */
  removeFinished(payId: string): 'removed' | 'unfinished' | 'unknown' {
    return this.#db.transaction((): 'removed' | 'unfinished' | 'unknown' => {
      const current = this.get(payId);
      if (current === undefined) return 'unknown';
      if (!isFinished(current)) return 'unfinished';
      this.#sql('DELETE FROM payments WHERE pay_id = ?').run(payId);
      this.#event(payId, current.state, current.state, 'log entry removed');
      return 'removed';
    });
  }

  /**
   * Retention: deletes the payments finished (as removeFinished decides) and last changed before
   * `cutoffMs`, with their state history, and the history left by payments removed before then;
   * `skip` names payments a request is working on now.
   */
  pruneFinished(cutoffMs: number, skip: (payId: string) => boolean = () => false): number {
    return this.#db.transaction((): number => {
      const old = (this.#sql('SELECT * FROM payments WHERE updated_at < ?').all(cutoffMs) as Row[]).map(fromRow)
        .filter((rec) => isFinished(rec) && !skip(rec.payId));
      for (const rec of old) {
        this.#sql('DELETE FROM payments WHERE pay_id = ?').run(rec.payId);
        this.#sql('DELETE FROM payment_events WHERE pay_id = ?').run(rec.payId);
      }
      this.#sql('DELETE FROM payment_events WHERE at < ? AND pay_id NOT IN (SELECT pay_id FROM payments)').run(cutoffMs);
      return old.length;
    });
  }

  /** The XML-X business keys of every payment in the log (the client journal must keep their rows). */
  transferKeys(): string[] {
    return (this.#sql('SELECT transfer_key FROM payments WHERE transfer_key IS NOT NULL').all() as Row[]).map((r) => String(r.transfer_key));
  }

  events(payId: string): { from: string | null; to: string; note: string | null }[] {
    const rows = this.#sql('SELECT from_state, to_state, note FROM payment_events WHERE pay_id = ? ORDER BY id').all(payId) as Row[];
    return rows.map((r) => ({ from: r.from_state as string | null, to: r.to_state as string, note: r.note as string | null }));
  }

  #mustGet(payId: string): PaymentRecord {
    const current = this.get(payId);
    if (current === undefined) throw new Error(`payment ${payId} is not in the log`);
    return current;
  }

  #write(payId: string, patch: PaymentPatch, state?: ProcessState): void {
    const entries = Object.entries(patch).filter(([, v]) => v !== undefined) as [keyof PaymentRecord, unknown][];
    const sets = entries.map(([k]) => `${COLUMNS[k]} = ?`);
    const values = entries.map(([, v]) => v as SqlParam);
    if (state !== undefined) {
      sets.push('state = ?');
      values.push(state);
    }
    sets.push('updated_at = ?');
    values.push(Date.now());
    const result = this.#sql(`UPDATE payments SET ${sets.join(', ')} WHERE pay_id = ?`).run(...values, payId);
    if (result.changes !== 1) throw new Error(`payment ${payId} is not in the log`);
  }

  #event(payId: string, from: ProcessState | null, to: ProcessState, note: string): void {
    this.#sql('INSERT INTO payment_events (pay_id, at, from_state, to_state, note) VALUES (?, ?, ?, ?, ?)').run(payId, Date.now(), from, to, note);
  }
}
