// The durable journal of cash and media movements (issue 12): every journaled 3.x command (a Dispense,
// Present, Reject, Retract, Reset of a dispenser; the cash-in steps) is written, with its client,
// request and amounts, BEFORE the 3.x call, and closed with its outcome after. An entry still open at
// start-up is a movement whose outcome nobody saw (the process died): it is marked interrupted,
// logged, and shown to clients where the device itself no longer knows (GetPresentStatus).
// Two files: each begin, end and interrupt is first appended to the step log (journal-steps.ts,
// fdatasync'ed before the call returns); the SQLite store holds the entries the queries read, settled
// from the log in one transaction a while later, before any query, and at start-up (a process that
// died leaves its steps in the log). Settling twice is harmless: a begin never overwrites an entry
// and an end or interrupt only closes an open one. The only writer of both files, and one process
// at a time writes them (storage/writer-lock.ts).
import { SqliteDatabase } from '../storage/sqlite.ts';
import { readSteps, StepLog, type Step } from './journal-steps.ts';
import { WriterLock } from '../storage/writer-lock.ts';

export type OperationState = 'open' | 'ended' | 'interrupted';

export interface OperationStart {
  /** XFS4IoT service name and the 3.x logical service behind it. */
  service: string;
  logicalName: string;
  /** XFS4IoT command, e.g. CashDispenser.Dispense. */
  command: string;
  /** 3.x command, e.g. WFS_CMD_CDM_DISPENSE. */
  xfs3Command: string;
  connection: number;
  requestId: number;
  /** The client's payload (amounts, position). */
  request: unknown;
  /** The 3.x input as sent. */
  input: unknown;
}

export interface Operation extends OperationStart {
  id: number;
  startedMs: number;
  state: OperationState;
  /** hResult name (WFS_SUCCESS, WFS_ERR_...) once ended; 'unknown' for an interrupted one. */
  outcome: string | null;
  /** The 3.x output of an ended entry (e.g. the denomination a Dispense took), else null. */
  result: unknown;
  endedMs: number | null;
}

interface Row {
  id: number; service: string; logical_name: string; command: string; xfs3_command: string; connection: number; request_id: number;
  request: string; input: string; started_ms: number; state: OperationState; outcome: string | null; result: string | null; ended_ms: number | null;
}

/** Thrown when an entry cannot be written: the movement must then not be started. */
export class OperationsJournalError extends Error {
  constructor(cause: unknown) {
    super(`cash operations journal unavailable (${(cause as Error).message})`, { cause });
    this.name = 'OperationsJournalError';
  }
}

/** JSON that keeps bigints (3.x amounts may be) as decimal strings. */
const json = (value: unknown): string => JSON.stringify(value ?? null, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));

/** Steps waiting in the log before they are settled in the store: bounds the log and the memory. */
const SETTLE_AFTER_STEPS = 256;
/** A quiet while after the last step, the log is settled (off the commands' path). */
const SETTLE_AFTER_MS = 1000;
/** A store that cannot be written for this many steps stops new movements (their steps would pile up in memory). */
const MOST_UNSETTLED = 16 * SETTLE_AFTER_STEPS;
/** After a settle failed (the store locked by another process, a full disk), the next try waits this long. */
const SETTLE_RETRY_MS = 5000;
/** How long a settle or a query waits for a store another process holds: the steps are safe in the log meanwhile. */
const STORE_BUSY_MS = 100;
/** A service restart may start the new process while the old one still ends. */
const LOCK_WAIT_MS = 5000;

export interface OperationsJournalOptions {
  /**
   * Reads what a running gateway journals (tests, an operator's look) without taking the writer's
   * part: nothing is settled or written; queries see the store and the steps still in the log.
   */
  readOnly?: boolean;
  /** How long to wait for another process that writes this journal to end (storage/writer-lock.ts); default 5 s. */
  lockWaitMs?: number;
}

export class OperationsJournal {
  readonly #db: SqliteDatabase;
  readonly #steps: StepLog | undefined;
  readonly #lock: WriterLock | undefined;
  readonly #stepsPath: string;
  /** Appended and not yet in the store. */
  #unsettled: Step[] = [];
  #settleTimer: NodeJS.Timeout | undefined;
  #nextId = 1;
  #closed = false;
  /** No settle from the commands' path before this time (Date.now()): the last one failed. */
  #retryAfter = 0;
  /** Step lines found unreadable at start-up (a torn last line after a crash, or damage). */
  readonly damagedSteps: number;

  constructor(readonly path: string, options: OperationsJournalOptions = {}) {
    this.#stepsPath = `${path}.steps`;
    if (options.readOnly === true) {
      this.#db = new SqliteDatabase(path, { readOnly: true });
      this.#steps = undefined;
      this.#lock = undefined;
      this.damagedSteps = 0;
      return;
    }
    // Before anything is read: a second writer must not settle (or append to) the first one's steps.
    const lock = WriterLock.take(path, options.lockWaitMs ?? LOCK_WAIT_MS);
    this.#lock = lock;
    let db: SqliteDatabase | undefined;
    try {
      db = new SqliteDatabase(path);
      db.exec(`CREATE TABLE IF NOT EXISTS operations (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        service TEXT NOT NULL,
        logical_name TEXT NOT NULL,
        command TEXT NOT NULL,
        xfs3_command TEXT NOT NULL,
        connection INTEGER NOT NULL,
        request_id INTEGER NOT NULL,
        request TEXT NOT NULL,
        input TEXT NOT NULL,
        started_ms INTEGER NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('open', 'ended', 'interrupted')),
        outcome TEXT,
        result TEXT,
        ended_ms INTEGER);
      CREATE INDEX IF NOT EXISTS operations_unfinished ON operations (state) WHERE state <> 'ended';`);
    } catch (error) {
      db?.close();
      lock.release();
      throw error;
    }
    this.#db = db;
    // What a previous process appended and did not settle (it died, or stopped before its timer).
    const left = readSteps(this.#stepsPath);
    this.damagedSteps = left.damaged;
    this.#steps = new StepLog(this.#stepsPath);
    try {
      this.#unsettled = left.steps;
      this.#settle();
      // Settling empties a log that held steps; one that held only a torn line is emptied here, so
      // that line does not run into the next step.
      if (left.steps.length === 0 && left.damaged > 0) this.#steps.clear();
    } catch (error) {
      this.#steps.close();
      this.#db.close();
      this.#lock.release();
      throw error;
    }
    const seq = Number(this.#db.pluck(`SELECT seq FROM sqlite_sequence WHERE name = 'operations'`) ?? 0);
    const max = Number(this.#db.pluck('SELECT MAX(id) FROM operations') ?? 0);
    this.#nextId = Math.max(seq, max) + 1;
    // Patient at start-up (the store's default wait), brief afterwards: the event loop is not held.
    this.#db.exec(`PRAGMA busy_timeout = ${STORE_BUSY_MS}`);
  }

  /** Journals a movement about to start (written and flushed on return); throws OperationsJournalError. */
  begin(start: OperationStart): number {
    if (this.#unsettled.length >= MOST_UNSETTLED) {
      try {
        this.#settle();
      } catch (error) {
        throw new OperationsJournalError(error);
      }
    }
    const id = this.#nextId;
    this.#append({
      step: 'begin', id, service: start.service, logicalName: start.logicalName, command: start.command, xfs3Command: start.xfs3Command,
      connection: start.connection, requestId: start.requestId, request: json(start.request), input: json(start.input), startedMs: Date.now(),
    });
    this.#nextId++;
    return id;
  }

  /** Closes an entry with the 3.x result. A failure here is logged by the caller: the entry then shows as interrupted at the next start, never as done. */
  end(id: number, outcome: string, result: unknown): void {
    this.#append({ step: 'end', id, outcome, result: json(result), endedMs: Date.now() });
  }

  /** The process goes on but the outcome is unknown (a provider the watchdog gave up on). */
  interrupt(id: number, reason: string): void {
    this.#append({ step: 'interrupt', id, outcome: `unknown: ${reason}`, endedMs: Date.now() });
  }

  /** At start-up: every entry left open by a previous process becomes interrupted (outcome unknown); returns them. */
  interruptOpen(): Operation[] {
    this.#settle();
    return this.#db.transaction(() => {
      const open = this.#rows(`SELECT * FROM operations WHERE state = 'open' ORDER BY id`);
      this.#db.prepare(`UPDATE operations SET state = 'interrupted', outcome = 'unknown' WHERE state = 'open'`).run();
      return open.map((o) => ({ ...o, state: 'interrupted' as const, outcome: 'unknown' }));
    });
  }

  /** The latest interrupted movement of a 3.x service among these 3.x commands, if any. */
  lastInterrupted(logicalName: string, xfs3Commands: readonly string[]): Operation | undefined {
    if (!this.#steps) return this.all().filter((o) => o.state === 'interrupted' && o.logicalName === logicalName && xfs3Commands.includes(o.xfs3Command)).at(-1);
    this.#settle();
    const marks = xfs3Commands.map(() => '?').join(', ');
    return this.#rows(`SELECT * FROM operations WHERE state = 'interrupted' AND logical_name = ? AND xfs3_command IN (${marks}) ORDER BY id DESC LIMIT 1`, logicalName, ...xfs3Commands)[0];
  }

  /** The latest entry of one 3.x command of a service before entry `beforeId`, in any state. */
  lastBefore(logicalName: string, xfs3Command: string, beforeId: number): Operation | undefined {
    if (!this.#steps) return this.all().filter((o) => o.logicalName === logicalName && o.xfs3Command === xfs3Command && o.id < beforeId).at(-1);
    this.#settle();
    return this.#rows(`SELECT * FROM operations WHERE logical_name = ? AND xfs3_command = ? AND id < ? ORDER BY id DESC LIMIT 1`, logicalName, xfs3Command, beforeId)[0];
  }

  /** Every entry, oldest first (operators, tests). */
  all(): Operation[] {
    if (this.#steps) {
      this.#settle();
      return this.#rows('SELECT * FROM operations ORDER BY id');
    }
    // Read-only: the store, with the steps the writer has not settled yet laid over it.
    const byId = new Map(this.#rows('SELECT * FROM operations ORDER BY id').map((o) => [o.id, o]));
    for (const step of readSteps(this.#stepsPath).steps) {
      const entry = byId.get(step.id);
      if (step.step === 'begin') {
        if (!entry) byId.set(step.id, operationOf(step));
      } else if (entry?.state === 'open') {
        Object.assign(entry, step.step === 'end'
          ? { state: 'ended', outcome: step.outcome, result: JSON.parse(step.result) as unknown, endedMs: step.endedMs }
          : { state: 'interrupted', outcome: step.outcome, endedMs: step.endedMs });
      }
    }
    return [...byId.values()].sort((a, b) => a.id - b.id);
  }

  /** Bounded on disk: ended entries older than the retention are deleted (interrupted ones are kept). */
  prune(retentionMs: number): number {
    this.#writer();
    this.#settle();
    return Number(this.#db.prepare(`DELETE FROM operations WHERE state = 'ended' AND started_ms < ?`).run(Date.now() - retentionMs).changes);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#settleTimer);
    if (this.#steps) {
      try {
        this.#settle();
      } catch {
        // The steps stay in the log, settled at the next start.
      } finally {
        this.#steps.close();
      }
    }
    this.#db.close();
    this.#lock?.release();
  }

  #writer(): StepLog {
    if (!this.#steps) throw new Error('the operations journal was opened read-only');
    return this.#steps;
  }

  #append(step: Step): void {
    const log = this.#writer();
    try {
      log.append(step);
    } catch (error) {
      throw new OperationsJournalError(error);
    }
    this.#unsettled.push(step);
    // The step is durable in the log: a store that cannot take it now is retried later, not reported as this step's failure.
    if (this.#unsettled.length >= SETTLE_AFTER_STEPS && Date.now() >= this.#retryAfter) this.#settleQuietly();
    else this.#settleLater(SETTLE_AFTER_MS);
  }

  #settleLater(delayMs: number): void {
    if (this.#settleTimer) return;
    this.#settleTimer = setTimeout(() => {
      this.#settleTimer = undefined;
      this.#settleQuietly();
    }, delayMs);
    this.#settleTimer.unref();
  }

  /** Off the queries' path: a store that cannot be written now keeps the steps in the log (durable there) for a later try. */
  #settleQuietly(): void {
    try {
      this.#settle();
    } catch {
      // A query settles first and reports the failure to its caller; here the steps wait in the log.
      this.#retryAfter = Date.now() + SETTLE_RETRY_MS;
      this.#settleLater(SETTLE_RETRY_MS);
    }
  }

  /** Moves the logged steps into the store in one transaction, then empties the log. */
  #settle(): void {
    const log = this.#steps;
    if (!log) return;
    clearTimeout(this.#settleTimer);
    this.#settleTimer = undefined;
    if (this.#unsettled.length === 0) return;
    const steps = this.#unsettled;
    this.#db.transaction(() => {
      for (const step of steps) this.#apply(step);
    });
    this.#unsettled = [];
    log.clear();
  }

  #apply(step: Step): void {
    switch (step.step) {
      case 'begin':
        this.#db.prepare(`INSERT OR IGNORE INTO operations (id, service, logical_name, command, xfs3_command, connection, request_id, request, input, started_ms, state)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open')`).run(step.id, step.service, step.logicalName, step.command, step.xfs3Command, step.connection, step.requestId,
          step.request, step.input, step.startedMs);
        break;
      case 'end':
        this.#db.prepare(`UPDATE operations SET state = 'ended', outcome = ?, result = ?, ended_ms = ? WHERE id = ? AND state = 'open'`).run(step.outcome, step.result, step.endedMs, step.id);
        break;
      case 'interrupt':
        this.#db.prepare(`UPDATE operations SET state = 'interrupted', outcome = ?, ended_ms = ? WHERE id = ? AND state = 'open'`).run(step.outcome, step.endedMs, step.id);
        break;
    }
  }

  #rows(sql: string, ...params: Array<string | number>): Operation[] {
    return (this.#db.prepare(sql).all(...params) as unknown as Row[]).map((r) => ({
      id: r.id, service: r.service, logicalName: r.logical_name, command: r.command, xfs3Command: r.xfs3_command,
      connection: r.connection, requestId: r.request_id, request: JSON.parse(r.request) as unknown, input: JSON.parse(r.input) as unknown,
      startedMs: r.started_ms, state: r.state, outcome: r.outcome, result: r.result === null ? null : JSON.parse(r.result) as unknown, endedMs: r.ended_ms,
    }));
  }
}

function operationOf(step: Extract<Step, { step: 'begin' }>): Operation {
  return {
    id: step.id, service: step.service, logicalName: step.logicalName, command: step.command, xfs3Command: step.xfs3Command,
    connection: step.connection, requestId: step.requestId, request: JSON.parse(step.request) as unknown, input: JSON.parse(step.input) as unknown,
    startedMs: step.startedMs, state: 'open', outcome: null, result: null, endedMs: null,
  };
}
