import t from 'tap';
import { SqliteDatabase } from '../../src/storage/sqlite.ts';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deriveTransferId } from '../../src/xmlx/client.ts';
import { startHost, tempDir } from './fixtures/helpers.ts';
import { withoutCoverage } from '../fixtures/child-env.ts';

const CHILD = fileURLToPath(new URL('./fixtures/kill-child.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const COUNT = 200;

/**
 * When to SIGKILL the child: a time after its start (so it may land in start-up or recovery) or a
 * number of completed transfers, whichever comes first; or completed transfers alone. Counting
 * transfers keeps every kill mid-run however fast the machine is: quiet machines twice finished the
 * remaining transfers before a timed kill landed.
 */
type Kill = { from: 'spawn'; afterMs: number; afterDone: number } | { from: 'progress'; afterDone: number };

/** Runs the child; SIGKILLs it as planned (never, if no plan). */
function runChild(hostUrl: string, journal: string, kill: Kill | undefined): Promise<{ code: number | null; signal: string | null; done: number; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, hostUrl, journal, String(COUNT)], { cwd: ROOT, env: withoutCoverage(process.env), stdio: ['ignore', 'pipe', 'pipe'] });
    if (kill?.from === 'spawn') setTimeout(() => child.kill('SIGKILL'), kill.afterMs);
    let done = 0;
    let stderr = '';
    let buffered = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith('done ')) {
          done += 1;
          if (kill && done === kill.afterDone) child.kill('SIGKILL');
        }
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => { stderr += chunk; });
    child.on('exit', (code, signal) => resolve({ code, signal, done, stderr }));
  });
}

t.test('client SIGKILLed at random points during 200 transfers: each executed exactly once, journal resolved', async (t) => {
  const host = await startHost(t);
  const journal = join(tempDir(t), 'journal.db');
  let kills = 0;
  let finished = false;
  for (let run = 0; run < 12 && !finished; run += 1) {
    const kill: Kill | undefined = run >= 8 ? undefined
      : run % 3 === 2 ? { from: 'spawn', afterMs: 300 + Math.floor(Math.random() * 1200), afterDone: 1 + Math.floor(Math.random() * 20) }
        : { from: 'progress', afterDone: 1 + Math.floor(Math.random() * 20) };
    const result = await runChild(host.url, journal, kill);
    if (result.signal === 'SIGKILL') kills += 1;
    else {
      t.equal(result.code, 0, `run ${run} exits cleanly ${result.stderr}`);
      finished = result.code === 0;
    }
  }
  t.ok(finished, 'the payments completed');
  t.ok(kills >= 3, `killed ${kills} times mid-run`);

  const entries = host.store.entries();
  t.equal(entries.length, COUNT, 'one ledger entry per payment');
  const ids = new Set(entries.map((e) => e.transferId));
  t.equal(ids.size, COUNT, 'no TransferId twice');
  for (let i = 0; i < COUNT; i += 1) {
    if (!ids.has(deriveTransferId('', 'ALICE', `kill-${i}`))) t.fail(`payment ${i} missing from the ledger`);
  }
  const total = entries.reduce((sum, e) => sum + e.amount, 0n);
  t.equal(total, BigInt((COUNT * (COUNT + 1)) / 2), 'amounts add up');
  t.equal(host.store.balanceOf('ALICE', 'USD'), 100_000n - total);

  const db = new SqliteDatabase(journal, { readOnly: true });
  const states = db.prepare('SELECT state, count(*) AS n FROM transfers GROUP BY state').all().map((row) => ({ ...row }));
  db.close();
  t.same(states, [{ state: 'succeeded', n: COUNT }], 'journal fully resolved');
});
