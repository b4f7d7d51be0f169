// The one place the project opens SQLite: Node's built-in node:sqlite (no compiler, no download at
// install; it runs under the 32-bit Windows node.exe where a native addon cannot be installed
// offline). Every database gets the same durability settings; transactions nest through savepoints.
import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type * as NodeSqlite from 'node:sqlite';

export type Statement = NodeSqlite.StatementSync;
export type SqlParam = null | number | bigint | string | NodeJS.ArrayBufferView;

let sqlite: typeof NodeSqlite | undefined;

/**
 * node:sqlite prints an ExperimentalWarning when first loaded on Node 22; the module is unflagged
 * and its API is what we depend on, so that one warning is kept off operators' consoles.
 */
function loadNodeSqlite(): typeof NodeSqlite {
  const emitWarning = process.emitWarning.bind(process);
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const text = typeof warning === 'string' ? warning : warning.message;
    if (/SQLite is an experimental feature/.test(text)) return;
    (emitWarning as (w: string | Error, ...r: unknown[]) => void).call(process, warning, ...rest);
  });
  try {
    return createRequire(import.meta.url)('node:sqlite') as typeof NodeSqlite;
  } catch (error) {
    throw new SqliteUnavailableError(error);
  } finally {
    process.emitWarning = emitWarning;
  }
}

/** Thrown when this Node.js has no node:sqlite (before 22.13): a runtime problem, not a data one. */
export class SqliteUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`this Node.js (${process.version}) has no usable node:sqlite; Node.js 22.13 or later is required`, { cause });
    this.name = 'SqliteUnavailableError';
  }
}

export interface OpenOptions {
  /** Integers come back as bigint (ledger amounts); otherwise as number. */
  readBigInts?: boolean;
  foreignKeys?: boolean;
  readOnly?: boolean;
  /**
   * Locked against every other connection, in this process or another, for as long as this one is
   * open (locking_mode EXCLUSIVE, set before the first access). The operating system drops the lock
   * when the process dies, however it dies.
   */
  exclusive?: boolean;
  /** How long a statement waits for another connection's lock before it fails (default 5000 ms). */
  busyTimeoutMs?: number;
}

export class SqliteDatabase {
  readonly #db: NodeSqlite.DatabaseSync;
  readonly #statements = new Map<string, Statement>();
  #depth = 0;
  #open = true;
  readonly readBigInts: boolean;

  constructor(readonly path: string, options: OpenOptions = {}) {
    if (path !== ':memory:' && options.readOnly !== true) mkdirSync(dirname(path), { recursive: true });
    sqlite ??= loadNodeSqlite();
    this.#db = new sqlite.DatabaseSync(path, {
      readOnly: options.readOnly ?? false,
      enableForeignKeyConstraints: options.foreignKeys ?? false,
    });
    this.#db.exec(`PRAGMA busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    if (options.exclusive === true) this.#db.exec('PRAGMA locking_mode = EXCLUSIVE');
    if (options.readOnly !== true) {
      this.#db.exec('PRAGMA journal_mode = WAL');
      this.#db.exec('PRAGMA synchronous = FULL');
    }
    this.readBigInts = options.readBigInts ?? false;
  }

  get open(): boolean {
    return this.#open;
  }

  exec(sql: string): void {
    this.#db.exec(sql);
  }

  /** Prepared once per SQL text and kept for the life of the database. */
  prepare(sql: string): Statement {
    let statement = this.#statements.get(sql);
    if (statement === undefined) {
      statement = this.#db.prepare(sql);
      statement.setReadBigInts(this.readBigInts);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  /** The first column of the first row, or undefined when there is no row. */
  pluck(sql: string, ...params: SqlParam[]): unknown {
    const row = this.prepare(sql).get(...params);
    return row === undefined ? undefined : Object.values(row)[0];
  }

  /** The first column of every row. */
  pluckAll(sql: string, ...params: SqlParam[]): unknown[] {
    return this.prepare(sql).all(...params).map((row) => Object.values(row)[0]);
  }

  /**
   * Runs fn in a transaction (BEGIN IMMEDIATE at the outermost level, so a writer never fails
   * half-way on a lock upgrade); inside another transaction it runs in a savepoint, so its own
   * failure rolls back only its own writes.
   */
  transaction<R>(fn: () => R): R {
    const outer = this.#depth === 0;
    const savepoint = `sp${this.#depth}`;
    this.#db.exec(outer ? 'BEGIN IMMEDIATE' : `SAVEPOINT ${savepoint}`);
    this.#depth += 1;
    try {
      const result = fn();
      this.#db.exec(outer ? 'COMMIT' : `RELEASE ${savepoint}`);
      return result;
    } catch (error) {
      if (outer) this.#db.exec('ROLLBACK');
      else this.#db.exec(`ROLLBACK TO ${savepoint}; RELEASE ${savepoint}`);
      throw error;
    } finally {
      this.#depth -= 1;
    }
  }

  /** Sets synchronous for the duration of fn (a commit that may deliberately skip its fsync). */
  withSynchronous<R>(mode: 'NORMAL' | 'FULL', fn: () => R): R {
    this.#db.exec(`PRAGMA synchronous = ${mode}`);
    try {
      return fn();
    } finally {
      this.#db.exec('PRAGMA synchronous = FULL');
    }
  }

  close(): void {
    if (!this.#open) return;
    this.#open = false;
    this.#statements.clear();
    this.#db.close();
  }
}

/** SQLITE_CONSTRAINT and its extended codes (UNIQUE 2067, PRIMARYKEY 1555, ...). */
export function isConstraintViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'errcode' in error
    && typeof (error).errcode === 'number' && ((error as { errcode: number }).errcode & 0xff) === 19;
}

export function isUniqueViolation(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null ? (error as { errcode?: unknown }).errcode : undefined;
  return code === 2067 || code === 1555;
}

/** node:sqlite returns BLOBs as Uint8Array; callers that hand them on want Buffers. */
export function asBuffer(value: unknown): Buffer | undefined {
  if (value === undefined || value === null) return undefined;
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  throw new TypeError('expected a BLOB');
}
