// Issue 11, item 9: the package as npm publishes it (npm pack: dist/, bin/, mappings/, the simulator's
// C sources, no tsconfig) installs with `npm ci --omit=dev` on a machine with a compiler: the install
// step builds the simulator, the build step finds dist/ already there instead of failing for want of
// a tsconfig.json, and the installed gateway starts and serves. Dependencies come from npm's cache
// when the test's own install put them there (--prefer-offline).
import t from 'tap';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, copyFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

t.test('npm pack, then npm ci --omit=dev in the unpacked package: simulator built, nothing else compiled, the gateway starts', { timeout: 300_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'packed-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  execFileSync(process.execPath, [join(root, 'scripts', 'build-js.mjs')], { cwd: root });
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const packed = spawnSync(npm, ['pack', '--pack-destination', dir, '--silent'], { cwd: root, encoding: 'utf8' });
  t.equal(packed.status, 0, `npm pack (${packed.stderr})`);
  const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'));
  t.ok(tarball, 'a tarball');
  if (!tarball) return;
  execFileSync('tar', ['xzf', join(dir, tarball), '-C', dir]);
  const pkg = join(dir, 'package');
  t.notOk(existsSync(join(pkg, 'tsconfig.json')), 'the package has no tsconfig.json');
  copyFileSync(join(root, 'package-lock.json'), join(pkg, 'package-lock.json'));
  const ci = spawnSync(npm, ['ci', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund'], { cwd: pkg, encoding: 'utf8', timeout: 240_000 });
  t.equal(ci.status, 0, `npm ci --omit=dev (${ci.stderr.slice(-2000)})`);
  t.ok(existsSync(join(pkg, 'native', 'build', 'libxfssim.so')), 'the install step built the simulator');
  t.notOk(existsSync(join(pkg, 'node_modules', 'typescript')), 'no TypeScript (a dev dependency) installed');
  writeFileSync(join(pkg, 'gateway.json'), JSON.stringify({ profile: 'demo', server: { port: 0 }, logging: { level: 'warn' }, payments: { enabled: false } }));
  const child = spawn(process.execPath, [join(pkg, 'bin', 'xfs4iot-gateway.mjs'), 'start', '--config', join(pkg, 'gateway.json')], { cwd: pkg, stdio: ['ignore', 'pipe', 'pipe'] });
  t.teardown(() => child.kill('SIGKILL'));
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => { out += chunk.toString(); });
  const until = Date.now() + 30_000;
  while (!/service discovery at ws:/.test(out) && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 100));
  t.match(out, /service discovery at ws:\/\/127\.0\.0\.1:\d+/, 'the installed gateway serves');
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  t.equal(await exited, 0, 'and stops cleanly');
});
