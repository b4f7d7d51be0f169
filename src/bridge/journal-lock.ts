// One writing process per operations journal. Two gateways over the same journal (the Windows service
// and a second start by hand, two services configured with one path) would each append steps where
// they believe the log ends, overwriting the other's records of movements. The writer holds an
// exclusive SQLite lock on <journal>.lock for as long as it runs; the operating system releases it
// when the process ends, also by a crash or kill -9, so no stale lock is ever left to clear by hand.
import { SqliteDatabase } from '../storage/sqlite.ts';

/** Another process (or another journal object in this one) writes this journal. */
export class JournalInUseError extends Error {
  constructor(readonly lockPath: string, cause: unknown) {
    super(`in use by another gateway process (${lockPath} is locked)`, { cause });
    this.name = 'JournalInUseError';
  }
}

/** SQLITE_BUSY: the lock is held elsewhere. */
const SQLITE_BUSY = 5;

export class JournalWriterLock {
  private constructor(private readonly db: SqliteDatabase) {}

  /**
   * Takes the lock, waiting up to `waitMs` for a previous holder to end (a service restart that
   * overlaps the old process's exit); throws JournalInUseError when it is still held.
   */
  static take(journalPath: string, waitMs: number): JournalWriterLock {
    const lockPath = `${journalPath}.lock`;
    let db: SqliteDatabase | undefined;
    try {
      db = new SqliteDatabase(lockPath, { exclusive: true, busyTimeoutMs: waitMs });
      // The first write takes the exclusive lock; locking_mode EXCLUSIVE keeps it after the commit.
      db.exec('CREATE TABLE IF NOT EXISTS holder (pid INTEGER NOT NULL, since TEXT NOT NULL); DELETE FROM holder;');
      db.prepare('INSERT INTO holder (pid, since) VALUES (?, ?)').run(process.pid, new Date().toISOString());
      return new JournalWriterLock(db);
    } catch (error) {
      db?.close();
      if ((error as { errcode?: number }).errcode === SQLITE_BUSY) throw new JournalInUseError(lockPath, error);
      throw error;
    }
  }

  release(): void {
    this.db.close();
  }
}
