// The money path's locks stay pinned: every mutant of scripts/mutation-locks.mjs must be killed.
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

t.test('removing the per-PayId lock or the one-send-per-TransferId lock fails a test', async (t) => {
  const script = resolve(import.meta.dirname, '../../scripts/mutation-locks.mjs');
  const run = spawnSync(process.execPath, [script], { encoding: 'utf8', timeout: 600_000 });
  t.equal(run.status, 0, run.stdout + run.stderr);
  t.match(run.stdout, /bridge per-PayId lock \(MsgBeingProc\): killed/);
  t.match(run.stdout, /one in-flight send per TransferId: killed/);
});
