// The durable journal of cash and media movements (issue 12): every journaled 3.x command (a Dispense,
// Present, Reject, Retract, Reset of a dispenser; later the cash-in steps) is written, with its client,
// request and amounts, BEFORE the 3.x call, and closed with its outcome after. An entry still open at
// start-up is a movement whose outcome nobody saw (the process died): it is marked interrupted,
// logged, and shown to clients where the device itself no longer knows (GetPresentStatus).
// The only writer of its SQLite file; synchronous=FULL, one fsync per begin and per end (a few per
// dispense, on the device event loop: cheap beside the seconds a dispense takes).
import { SqliteDatabase } from '../storage/sqlite.ts';

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

export class OperationsJournal {
  readonly #db: SqliteDatabase;

  constructor(readonly path: string) {
    this.#db = new SqliteDatabase(path);
    this.#db.exec(`CREATE TABLE IF NOT EXISTS operations (
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
  }

  /** Journals a movement about to start (committed and fsynced on return); throws OperationsJournalError. */
  begin(start: OperationStart): number {
    try {
      const result = this.#db.prepare(`INSERT INTO operations (service, logical_name, command, xfs3_command, connection, request_id, request, input, started_ms, state)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'open')`).run(start.service, start.logicalName, start.command, start.xfs3Command, start.connection, start.requestId,
        json(start.request), json(start.input), Date.now());
      return Number(result.lastInsertRowid);
    } catch (error) {
      throw new OperationsJournalError(error);
    }
  }

  /** Closes an entry with the 3.x result. A failure here is logged by the caller: the entry then shows as interrupted at the next start, never as done. */
  end(id: number, outcome: string, result: unknown): void {
    this.#db.prepare(`UPDATE operations SET state = 'ended', outcome = ?, result = ?, ended_ms = ? WHERE id = ? AND state = 'open'`).run(outcome, json(result), Date.now(), id);
  }

  /** The process goes on but the outcome is unknown (a provider the watchdog gave up on). */
  interrupt(id: number, reason: string): void {
    this.#db.prepare(`UPDATE operations SET state = 'interrupted', outcome = ?, ended_ms = ? WHERE id = ? AND state = 'open'`).run(`unknown: ${reason}`, Date.now(), id);
  }

  /** At start-up: every entry left open by a previous process becomes interrupted (outcome unknown); returns them. */
  interruptOpen(): Operation[] {
    return this.#db.transaction(() => {
      const open = this.#rows(`SELECT * FROM operations WHERE state = 'open' ORDER BY id`);
      this.#db.prepare(`UPDATE operations SET state = 'interrupted', outcome = 'unknown' WHERE state = 'open'`).run();
      return open.map((o) => ({ ...o, state: 'interrupted' as const, outcome: 'unknown' }));
    });
  }

  /** The latest interrupted movement of a 3.x service among these 3.x commands, if any. */
  lastInterrupted(logicalName: string, xfs3Commands: readonly string[]): Operation | undefined {
    const marks = xfs3Commands.map(() => '?').join(', ');
    return this.#rows(`SELECT * FROM operations WHERE state = 'interrupted' AND logical_name = ? AND xfs3_command IN (${marks}) ORDER BY id DESC LIMIT 1`, logicalName, ...xfs3Commands)[0];
  }

  /** The latest entry of one 3.x command of a service before entry `beforeId`, in any state. */
  lastBefore(logicalName: string, xfs3Command: string, beforeId: number): Operation | undefined {
    return this.#rows(`SELECT * FROM operations WHERE logical_name = ? AND xfs3_command = ? AND id < ? ORDER BY id DESC LIMIT 1`, logicalName, xfs3Command, beforeId)[0];
  }

  /** Every entry, oldest first (operators, tests). */
  all(): Operation[] {
    return this.#rows('SELECT * FROM operations ORDER BY id');
  }

  /** Bounded on disk: ended entries older than the retention are deleted (interrupted ones are kept). */
  prune(retentionMs: number): number {
    return Number(this.#db.prepare(`DELETE FROM operations WHERE state = 'ended' AND started_ms < ?`).run(Date.now() - retentionMs).changes);
  }

  close(): void {
    this.#db.close();
  }

  #rows(sql: string, ...params: Array<string | number>): Operation[] {
    return (this.#db.prepare(sql).all(...params) as unknown as Row[]).map((r) => ({
      id: r.id, service: r.service, logicalName: r.logical_name, command: r.command, xfs3Command: r.xfs3_command,
      connection: r.connection, requestId: r.request_id, request: JSON.parse(r.request) as unknown, input: JSON.parse(r.input) as unknown,
      startedMs: r.started_ms, state: r.state, outcome: r.outcome, result: r.result === null ? null : JSON.parse(r.result) as unknown, endedMs: r.ended_ms,
    }));
  }
}
