// The Windows lane (npm run test:windows) is not part of npm test; here only that it says clearly
// what is missing on a machine without its prerequisites, and never runs half-way.
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('../../scripts/test-windows.mjs', import.meta.url));
const lane = (args: string[], path: string) =>
  spawnSync(process.execPath, [script, ...args], { encoding: 'utf8', env: { PATH: path, HOME: process.env.HOME ?? '/tmp' } });

t.test('without --arch the lane names the option', async (t) => {
  const r = lane([], dirname(process.execPath));
  t.equal(r.status, 1);
  t.match(r.stderr, /--arch ia32\|x64 is required/);
});

t.test('without Wine on PATH the lane names the Debian packages to install', async (t) => {
  const r = lane(['--arch', 'ia32'], dirname(process.execPath));
  t.equal(r.status, 1);
  t.match(r.stderr, /wine not found: apt-get install wine .*wine32/);
  t.notMatch(r.stderr, /at .*\.mjs:\d+/, 'no stack trace');
});
