// Builds the C simulator of the XFS Manager (native/src/*.c) into native/build/ with the system
// C compiler ($CC or cc). Run by `npm install` / `npm ci` and `npm run build`.
// On Windows the real msxfs.dll and user32.dll are used, so nothing is built there.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, statSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const srcDir = join(here, 'src');
const outDir = join(here, 'build');
const libName = process.platform === 'darwin' ? 'libxfssim.dylib' : 'libxfssim.so';
const out = join(outDir, libName);

if (process.platform === 'win32') {
  process.stdout.write('native: Windows uses msxfs.dll and user32.dll; no simulator is built\n');
  process.exit(0);
}

const sources = readdirSync(srcDir).filter((f) => f.endsWith('.c')).map((f) => join(srcDir, f));
const inputs = [...sources, ...readdirSync(srcDir).filter((f) => f.endsWith('.h')).map((f) => join(srcDir, f))];
const newest = Math.max(...inputs.map((f) => statSync(f).mtimeMs));
if (existsSync(out) && statSync(out).mtimeMs >= newest && !process.argv.includes('--force')) {
  process.stdout.write(`native: ${out} is up to date\n`);
  process.exit(0);
}

const cc = process.env.CC || 'cc';
const probe = spawnSync(cc, ['--version'], { encoding: 'utf8' });
if (probe.error || probe.status !== 0) {
  process.stderr.write(
    `native: no C compiler found ('${cc}'). The XFS Manager simulator needs one on Linux/macOS:\n` +
    '  Debian/Ubuntu: apt-get install build-essential    Alpine: apk add build-base\n' +
    '  or set CC to a compiler. Then run `npm run build`.\n');
  process.exit(1);
}

mkdirSync(outDir, { recursive: true });
const args = ['-std=c11', '-D_GNU_SOURCE', '-O2', '-g', '-fPIC', '-shared', '-fvisibility=hidden',
  '-Wall', '-Wextra', '-Werror=implicit-function-declaration', '-o', out, ...sources, '-lpthread'];
const r = spawnSync(cc, args, { stdio: 'inherit' });
if (r.status !== 0) {
  process.stderr.write(`native: compiling the simulator failed (${cc} exit ${r.status})\n`);
  process.exit(1);
}
process.stdout.write(`native: built ${out}\n`);
