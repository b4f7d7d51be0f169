// What a power loss does to the project's SQLite files (src/storage/sqlite.ts: WAL), shown with the
// LD_PRELOAD shim that keeps each file as of its last fsync: a FULL commit survives; a NORMAL commit
// survives only if a later FULL commit (or a checkpoint) synced the WAL after it; kill -9 alone loses
// neither, which is why the shim exists.
import t from 'tap';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteDatabase } from '../../src/storage/sqlite.ts';
import { cutPower, powerLossEnv } from '../fixtures/power-loss/index.ts';

const WRITER = join(import.meta.dirname, 'fixtures', 'writer.ts');

/** Runs the writer until it has committed its plan, then kills it (-9). */
async function commitThenKill(path: string, plan: string[], env: NodeJS.ProcessEnv): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', WRITER, path, plan.join(',')], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('DONE\n')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`writer exited early (${code})`)));
  });
  child.removeAllListeners('exit');
  const exited = new Promise((resolve) => child.on('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

function rowsIn(path: string): { ids: number[]; integrity: unknown } {
  const db = new SqliteDatabase(path);
  try {
    return { ids: db.pluckAll('SELECT id FROM rows ORDER BY id').map(Number), integrity: db.pluck('PRAGMA integrity_check') };
  } finally {
    db.close();
  }
}

function dir(t: { teardown(fn: () => unknown): void }): string {
  const d = mkdtempSync(join(tmpdir(), 'power-loss-'));
  t.teardown(() => rmSync(d, { recursive: true, force: true }));
  return d;
}

t.test('NORMAL commits after the last fsync are lost; FULL ones are not', async (t) => {
  const d = dir(t);
  const path = join(d, 'a.db');
  await commitThenKill(path, ['FULL', 'FULL', 'NORMAL', 'NORMAL'], powerLossEnv(d));
  const cut = cutPower(d);
  t.ok(cut.rolledBack.includes('a.db-wal'), 'the WAL is put back to its last fsync');
  t.same(rowsIn(path), { ids: [1, 2], integrity: 'ok' }, 'rows 3 and 4 (NORMAL) are gone, the FULL rows are there');
});

t.test('a FULL commit after NORMAL ones makes them durable too (the WAL is sequential)', async (t) => {
  const d = dir(t);
  const path = join(d, 'b.db');
  await commitThenKill(path, ['FULL', 'NORMAL', 'NORMAL', 'FULL', 'NORMAL'], powerLossEnv(d));
  cutPower(d);
  t.same(rowsIn(path), { ids: [1, 2, 3, 4], integrity: 'ok' });
});

t.test('across checkpoints: 3,000 FULL commits survive a power cut with a consistent file', async (t) => {
  const d = dir(t);
  const path = join(d, 'c.db');
  await commitThenKill(path, Array<string>(3000).fill('FULL'), powerLossEnv(d));
  cutPower(d);
  const rows = rowsIn(path);
  t.equal(rows.ids.length, 3000);
  t.equal(rows.integrity, 'ok');
});

t.test('control: kill -9 without a power cut loses nothing, not even NORMAL commits', async (t) => {
  const d = dir(t);
  const path = join(d, 'd.db');
  await commitThenKill(path, ['FULL', 'NORMAL', 'NORMAL'], process.env);
  t.same(rowsIn(path).ids, [1, 2, 3]);
});
