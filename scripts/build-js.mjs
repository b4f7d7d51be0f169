// Compiles src/ into plain JavaScript in dist/ (tsconfig.build.json), the code `npm start` and the
// `xfs4iot-gateway` command run: no TypeScript loader at run time (tsx's loader thread alone costs
// ~35 MB of resident memory). Run by `npm install` / `npm ci` (prepare), `npm run build` (--clean)
// and before `npm start`, where it is skipped while dist/ is newer than every source so start stays quick.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
const stamp = join(dist, '.built');

function files(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
}

if (process.argv.includes('--clean')) rmSync(dist, { recursive: true, force: true });
// A packed package (npm pack, the Windows bundle) ships dist/ and no tsconfig: nothing to build.
if (!existsSync(join(root, 'tsconfig.build.json'))) {
  if (existsSync(join(dist, 'main.js'))) process.exit(0);
  process.stderr.write('build: neither tsconfig.build.json nor a built dist/ is here: this is not a complete package\n');
  process.exit(1);
}
const inputs = [join(root, 'tsconfig.json'), join(root, 'tsconfig.build.json'), join(root, 'package.json'), ...files(join(root, 'src'))]
  .filter((f) => existsSync(f));
const newest = Math.max(...inputs.map((f) => statSync(f).mtimeMs));
if (existsSync(stamp) && statSync(stamp).mtimeMs >= newest) process.exit(0);

let tsc;
try {
  tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
} catch {
  // A production install (--omit=dev) has no compiler: it runs the dist/ it was given.
  if (existsSync(join(dist, 'main.js'))) {
    process.stderr.write('build: typescript is not installed; running the existing dist/\n');
    process.exit(0);
  }
  process.stderr.write('build: dist/ is missing and typescript is not installed: run `npm install` (with dev dependencies), then `npm run build`\n');
  process.exit(1);
}
// The stamp carries the time the compiler started: a source saved during the build is newer.
const started = new Date();
const result = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
if (result.status !== 0) process.exit(result.status ?? 1);
writeFileSync(stamp, `${started.toISOString()}\n`);
utimesSync(stamp, started, started);
