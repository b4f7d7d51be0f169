// Cross-builds the XFS Manager simulator as a Windows DLL with mingw-w64 for the Windows lane
// (npm run test:windows): native/build/win32-<arch>/xfssim.dll plus layout-dump.exe, which loads
// the DLL by undecorated names and prints its sizeof/offsetof table. winpthreads is linked
// statically so the DLL needs nothing beside it. Usage: node native/build-win.mjs --arch ia32|x64
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const TRIPLETS = { ia32: 'i686-w64-mingw32', x64: 'x86_64-w64-mingw32' };

export function parseArch(argv) {
  const i = argv.indexOf('--arch');
  const arch = i >= 0 ? argv[i + 1] : undefined;
  if (!arch || !(arch in TRIPLETS)) throw new Error('--arch ia32|x64 is required');
  return arch;
}

/** Builds both artefacts; throws with the missing prerequisite named. */
export function buildWindowsSimulator(arch) {
  const cc = `${TRIPLETS[arch]}-gcc`;
  const probe = spawnSync(cc, ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error(`${cc} not found: install the Debian package gcc-mingw-w64 (apt-get install gcc-mingw-w64)`);
  }
  const outDir = join(here, 'build', `win32-${arch}`);
  mkdirSync(outDir, { recursive: true });
  const srcDir = join(here, 'src');
  const sources = readdirSync(srcDir).filter((f) => f.endsWith('.c')).map((f) => join(srcDir, f));
  const dll = join(outDir, 'xfssim.dll');
  const steps = [
    ['-std=c11', '-D_POSIX_C_SOURCE=200809L', '-O2', '-shared', '-Wall', '-Wextra', '-Werror=implicit-function-declaration',
      '-Wl,--kill-at', '-static', '-o', dll, ...sources, '-lpthread'],
    ['-O2', '-Wall', '-o', join(outDir, 'layout-dump.exe'), join(here, 'win', 'layout-dump.c')],
  ];
  for (const args of steps) {
    const r = spawnSync(cc, args, { stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`${cc} failed (exit ${r.status})`);
  }
  return { dll, outDir };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    const { dll } = buildWindowsSimulator(parseArch(process.argv));
    process.stdout.write(`native: built ${dll}\n`);
  } catch (error) {
    process.stderr.write(`native: ${error.message}\n`);
    process.exit(1);
  }
}
