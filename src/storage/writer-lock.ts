// One writing process per set of files: an operations journal, a payment data directory. Two
// gateways over the same files (the Windows service and a second start by hand, two configurations
// naming one path) would each act on them as their own: append journal steps where each believes the
// log ends, retry or settle each other's payments in flight. The writer holds an exclusive SQLite
// lock on <path>.lock for as long as it runs; the operating system releases it when the process
// ends, also by a crash or kill -9, so no stale lock is ever left to clear by hand.
import { SqliteDatabase } from './sqlite.ts';

/** Another process (or another holder in this one) writes these files. */
export class InUseError extends Error {
  constructor(readonly lockPath: string, cause: unknown) {
    super(`in use by another gateway process (${lockPath} is locked)`, { cause });
    this.name = 'InUseError';
  }
}

/** SQLITE_BUSY: the lock is held elsewhere. */
const SQLITE_BUSY = 5;

export class WriterLock {
  private constructor(private readonly db: SqliteDatabase) {}

  /**
   * Takes the lock on `<path>.lock`, waiting up to `waitMs` for a previous holder to end (a service
   * restart that overlaps the old process's exit); throws InUseError when it is still held.
   */
  static take(path: string, waitMs: number): WriterLock {
    const lockPath = `${path}.lock`;
    let db: SqliteDatabase | undefined;
    try {
      db = new SqliteDatabase(lockPath, { exclusive: true, busyTimeoutMs: waitMs });
      // The first write takes the exclusive lock; locking_mode EXCLUSIVE keeps it after the commit.
      db.exec('CREATE TABLE IF NOT EXISTS holder (pid INTEGER NOT NULL, since TEXT NOT NULL); DELETE FROM holder;');
      db.prepare('INSERT INTO holder (pid, since) VALUES (?, ?)').run(process.pid, new Date().toISOString());
      return new WriterLock(db);
    } catch (error) {
      db?.close();
      if ((error as { errcode?: number }).errcode === SQLITE_BUSY) throw new InUseError(lockPath, error);
      throw error;
    }
  }

  release(): void {
    this.db.close();
  }
}
