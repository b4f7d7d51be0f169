// The client's durable transfer journal (SQLite, WAL, synchronous=FULL). A transfer is written,
// with its TransferId and the exact <Transfer> bytes to send, BEFORE the first send; its outcome is
// written after. States: pending (journaled, outcome unknown) -> succeeded | failed.
import { SqliteDatabase } from '../storage/sqlite.ts';
import { Errno } from './errors.ts';
import { GroupCommit } from './group-commit.ts';

export type JournalState = 'pending' | 'succeeded' | 'failed';

export interface JournalRow {
  transferId: string;
  businessKey: string;
  payer: string;
  payee: string;
  currency: string;
  amount: bigint;
  memo: string | null;
  /** The exact <Transfer> element sent on every attempt. */
  transferXml: string;
  state: JournalState;
  receiptXml: string | null;
  duplicate: boolean;
  errno: number | null;
  errorText: string | null;
  /** Set on a pending row that must not be retried until an operator has looked (see TransferOutcome.alarm). */
  alarm: 'receiptSignature' | null;
  /** Who settled an alarmed row, how and why (set only by {@link TransferJournal.settleAlarm}). */
  operatorNote: string | null;
}

/**
 * An operator's decision on an alarmed row, after asking the host out of band: it executed the
 * transfer (the unverified receipt is kept), it did not, or the trust problem is fixed (for example
 * the host's public key configured anew) and the client is to settle the row again by itself.
 */
export type AlarmDecision = 'executed' | 'not-executed' | 'retry';

export type SettleAlarmResult = { ok: true; row: JournalRow } | { ok: false; reason: string };

interface RawRow {
  transfer_id: string; business_key: string; payer: string; payee: string; currency: string; amount: string;
  memo: string | null; transfer_xml: string; state: JournalState; receipt_xml: string | null; duplicate: number;
  errno: number | null; error_text: string | null; alarm: string | null; operator_note: string | null;
}

function fromRaw(r: RawRow): JournalRow {
  return {
    transferId: r.transfer_id, businessKey: r.business_key, payer: r.payer, payee: r.payee, currency: r.currency,
    amount: BigInt(r.amount), memo: r.memo, transferXml: r.transfer_xml, state: r.state, receiptXml: r.receipt_xml,
    duplicate: r.duplicate !== 0, errno: r.errno, errorText: r.error_text,
    alarm: r.alarm === 'receiptSignature' ? 'receiptSignature' : null,
    operatorNote: r.operator_note,
  };
}

function prepareStatements(db: SqliteDatabase) {
  return {
    get: db.prepare('SELECT * FROM transfers WHERE transfer_id = ?'),
    insert: db.prepare(`INSERT INTO transfers (transfer_id, business_key, payer, payee, currency, amount, memo,
      transfer_xml, state, created_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?) ON CONFLICT DO NOTHING`),
    succeed: db.prepare(`UPDATE transfers SET state = 'succeeded', receipt_xml = ?, duplicate = ?, resolved_ms = ?
      WHERE transfer_id = ? AND state = 'pending'`),
    fail: db.prepare(`UPDATE transfers SET state = 'failed', errno = ?, error_text = ?, receipt_xml = ?, resolved_ms = ?
      WHERE transfer_id = ? AND state = 'pending'`),
    reopen: db.prepare(`UPDATE transfers SET state = 'pending', errno = NULL, error_text = NULL, resolved_ms = NULL
      WHERE transfer_id = ? AND state = 'failed'`),
    alarm: db.prepare(`UPDATE transfers SET alarm = ?, receipt_xml = ? WHERE transfer_id = ? AND state = 'pending'`),
    pending: db.prepare(`SELECT * FROM transfers WHERE state = 'pending' AND alarm IS NULL ORDER BY created_ms, transfer_id`),
    alarmed: db.prepare(`SELECT * FROM transfers WHERE state = 'pending' AND alarm IS NOT NULL ORDER BY created_ms, transfer_id`),
    resolvedBefore: db.prepare(`SELECT transfer_id, business_key FROM transfers WHERE state <> 'pending' AND alarm IS NULL AND resolved_ms < ?`),
    remove: db.prepare('DELETE FROM transfers WHERE transfer_id = ?'),
    counts: db.prepare('SELECT state, count(*) AS n FROM transfers GROUP BY state'),
    settleExecuted: db.prepare(`UPDATE transfers SET state = 'succeeded', alarm = NULL, operator_note = ?, resolved_ms = ?
      WHERE transfer_id = ? AND state = 'pending' AND alarm IS NOT NULL`),
    settleNotExecuted: db.prepare(`UPDATE transfers SET state = 'failed', alarm = NULL, operator_note = ?, errno = ?, error_text = ?, resolved_ms = ?
      WHERE transfer_id = ? AND state = 'pending' AND alarm IS NOT NULL`),
    settleRetry: db.prepare(`UPDATE transfers SET alarm = NULL, operator_note = ?
      WHERE transfer_id = ? AND state = 'pending' AND alarm IS NOT NULL`),
  };
}

export class TransferJournal {
  private readonly db: SqliteDatabase;
  private readonly stmt: ReturnType<typeof prepareStatements>;
  private readonly group: GroupCommit;

  constructor(path: string) {
    this.db = new SqliteDatabase(path);
    this.db.exec(`CREATE TABLE IF NOT EXISTS transfers (
      transfer_id TEXT PRIMARY KEY,
      business_key TEXT NOT NULL,
      payer TEXT NOT NULL,
      payee TEXT NOT NULL,
      currency TEXT NOT NULL,
      amount TEXT NOT NULL,
      memo TEXT,
      transfer_xml TEXT NOT NULL,
      state TEXT NOT NULL CHECK (state IN ('pending', 'succeeded', 'failed')),
      receipt_xml TEXT,
      duplicate INTEGER NOT NULL DEFAULT 0,
      errno INTEGER,
      error_text TEXT,
      created_ms INTEGER NOT NULL,
      resolved_ms INTEGER,
      UNIQUE (payer, business_key));
    CREATE INDEX IF NOT EXISTS transfers_pending ON transfers (state) WHERE state = 'pending';`);
    // Journals written before alarms existed gain the column; nothing in them is alarmed.
    const columns = this.db.prepare('PRAGMA table_info(transfers)').all() as Array<{ name: string }>;
    if (!columns.some((c) => c.name === 'alarm')) this.db.exec('ALTER TABLE transfers ADD COLUMN alarm TEXT');
    if (!columns.some((c) => c.name === 'operator_note')) this.db.exec('ALTER TABLE transfers ADD COLUMN operator_note TEXT');
    this.stmt = prepareStatements(this.db);
    this.group = new GroupCommit(this.db);
  }

  get(transferId: string): JournalRow | undefined {
    const raw = this.stmt.get.get(transferId) as RawRow | undefined;
    return raw && fromRaw(raw);
  }

  /**
   * Journals a new transfer; resolves with the stored row (new, or an existing one with the same
   * id) once it is committed to disk. Writes of concurrent callers share one commit.
   */
  insert(row: Pick<JournalRow, 'transferId' | 'businessKey' | 'payer' | 'payee' | 'currency' | 'amount' | 'memo' | 'transferXml'>): Promise<JournalRow> {
    return this.group.run(() => {
      this.stmt.insert.run(row.transferId, row.businessKey, row.payer, row.payee, row.currency, row.amount.toString(),
        row.memo, row.transferXml, Date.now());
      const stored = this.get(row.transferId);
      if (!stored) throw new Error(`journal: (payer, business key) of ${row.transferId} already journaled under another TransferId`);
      return stored;
    });
  }

  markSucceeded(transferId: string, receiptXml: string, duplicate: boolean): Promise<void> {
    return this.group.run(() => {
      this.stmt.succeed.run(receiptXml, duplicate ? 1 : 0, Date.now(), transferId);
    });
  }

  markFailed(transferId: string, errno: number, text: string, existingReceiptXml: string | null): Promise<void> {
    return this.group.run(() => {
      this.stmt.fail.run(errno, text, existingReceiptXml, Date.now(), transferId);
    });
  }

  /** A certainly refused row becomes pending again, to be resent with the same TransferId and bytes. */
  reopen(transferId: string): Promise<void> {
    return this.group.run(() => {
      this.stmt.reopen.run(transferId);
    });
  }

  /** Parks a pending row: it is not resent until an operator has settled it. */
  raiseAlarm(transferId: string, alarm: 'receiptSignature', receiptXml: string | null): Promise<void> {
    return this.group.run(() => {
      this.stmt.alarm.run(alarm, receiptXml, transferId);
    });
  }

  /** Pending rows parked with an alarm. */
  alarmed(): JournalRow[] {
    return (this.stmt.alarmed.all() as unknown as RawRow[]).map(fromRaw);
  }

  /**
   * Applies an operator's decision to an alarmed row (see {@link AlarmDecision}); the note (who, when,
   * why) stays on the row. Anything but a pending alarmed row is refused, so a decision cannot
   * overwrite an outcome the client found itself.
   */
  settleAlarm(transferId: string, decision: AlarmDecision, note: string): Promise<SettleAlarmResult> {
    return this.group.run((): SettleAlarmResult => {
      const row = this.get(transferId);
      if (row === undefined) return { ok: false, reason: `no transfer ${transferId} in the journal` };
      if (row.state !== 'pending' || row.alarm === null) return { ok: false, reason: `transfer ${transferId} is not alarmed (state ${row.state}${row.operatorNote ? `; settled before: ${row.operatorNote}` : ''})` };
      if (decision === 'executed' && row.receiptXml === null) return { ok: false, reason: `transfer ${transferId} has no receipt to accept; settle it with retry once the host's key is right, or not-executed` };
      const now = Date.now();
      const recorded = `${decision} (${new Date(now).toISOString()}): ${note}`;
      if (decision === 'executed') this.stmt.settleExecuted.run(recorded, now, transferId);
      else if (decision === 'not-executed') this.stmt.settleNotExecuted.run(recorded, Errno.UNKNOWN, `not executed at the host, as settled by an operator: ${note}`, now, transferId);
      else this.stmt.settleRetry.run(recorded, transferId);
      return { ok: true, row: this.get(transferId) as JournalRow };
    });
  }

  /**
   * Retention: deletes the transfers resolved before `cutoffMs`, unless pending, alarmed or named by
   * `keep` (a business key someone may still ask about: journaledOutcome() of a missing row means
   * "never sent"). A transfer asked for again after its row is gone gets the same TransferId
   * (transferIdFor derives it), which the host answers as the one it already executed.
   */
  pruneResolved(cutoffMs: number, keep: (businessKey: string) => boolean): number {
    return this.db.transaction((): number => {
      const old = this.stmt.resolvedBefore.all(cutoffMs) as Array<{ transfer_id: string; business_key: string }>;
      let removed = 0;
      for (const row of old) {
        if (keep(row.business_key)) continue;
        this.stmt.remove.run(row.transfer_id);
        removed += 1;
      }
      return removed;
    });
  }

  /** Pending rows to settle (alarmed ones excluded). */
  pending(): JournalRow[] {
    return (this.stmt.pending.all() as unknown as RawRow[]).map(fromRaw);
  }

  counts(): Record<JournalState, number> {
    const out: Record<JournalState, number> = { pending: 0, succeeded: 0, failed: 0 };
    for (const r of this.stmt.counts.all() as Array<{ state: JournalState; n: number }>) out[r.state] = r.n;
    return out;
  }

  close(): void {
    this.db.close();
  }
}
