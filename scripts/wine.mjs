// Which Wine loader runs the lane's Windows programs. Debian's `wine` script prefers the 32-bit
// loader whenever wine32 is installed, and a kernel without 32-bit support (IA32 emulation off, as
// on some virtual machines) cannot execute it: 64-bit programs then run under wine64 directly.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const WINE64 = '/usr/lib/wine/wine64';

function runs(cmd, env) {
  const r = spawnSync(cmd, ['--version'], { encoding: 'utf8', env });
  return !r.error && r.status === 0;
}

/** { cmd, env } to start Windows programs of `arch`, or throws naming what is missing. */
export function wineLoader(arch, env = process.env) {
  if (runs('wine', env)) return { cmd: 'wine', env: {} };
  if (arch === 'x64' && existsSync(WINE64) && runs(WINE64, env)) return { cmd: WINE64, env: { WINELOADER: WINE64 } };
  const probe = spawnSync('wine', ['--version'], { encoding: 'utf8', env });
  if (probe.error && probe.error.code === 'ENOENT') {
    throw new Error('wine not found: apt-get install wine (and for --arch ia32: dpkg --add-architecture i386 && apt-get update && apt-get install wine32)');
  }
  if (/Exec format error/.test(`${probe.stderr}`)) {
    throw new Error(arch === 'ia32'
      ? 'this kernel cannot execute 32-bit programs (IA32 emulation is off), so Wine cannot run 32-bit Windows programs here: run the ia32 lane on a machine whose kernel can'
      : `wine's 32-bit loader cannot run on this kernel and ${WINE64} is missing: apt-get install wine64`);
  }
  throw new Error(`wine --version failed: ${probe.stderr}`);
}
