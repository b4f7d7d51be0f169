// A process using the device layer ends even when it never calls shutdown(): the pump thread,
// blocked in GetMessageA, is woken so the runtime can tear it down.
import t from 'tap';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const child = fileURLToPath(new URL('./fixtures/exit-child.ts', import.meta.url));

function run(mode: string): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', child, mode], { stdio: ['ignore', 'ignore', 'pipe'] });
    const timer = setTimeout(() => { p.kill('SIGKILL'); reject(new Error(`child (${mode}) did not exit`)); }, 20000);
    p.once('exit', (code) => { clearTimeout(timer); resolve(code); });
  });
}

t.test('process.exit with a request pending', async (t) => {
  t.equal(await run('exit'), 7);
});

t.test('an uncaught exception with a request pending', async (t) => {
  t.equal(await run('throw'), 1);
});
