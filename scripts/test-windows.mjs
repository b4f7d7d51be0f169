// npm run test:windows -- --arch ia32|x64: the Windows lane, on Linux under Wine.
// Stage built so far: cross-builds the simulator DLL with mingw-w64, loads it under Wine the way the
// gateway loads msxfs.dll/user32.dll (undecorated exports) and compares the C layouts of the
// i686/x86_64 compiler with the TypeScript layouts at the same pointer size (test-windows/).
// Stage 2 (scripts/windows-gateway.mjs): the gateway from dist/ under node.exe (node-win-x86/x64) in
// Wine on that DLL with Wine's user32 as the window library, driven from Linux: a card read, the
// dispenser, the IOTP API on node:sqlite. Stage 2b (windows-tests.mjs): the device-layer and bridge
// test files under node.exe. Stage 3 (windows-service.mjs): the Windows service. Stage 4
// (windows-bundle.mjs): the offline bundle.
// Prerequisites (Debian): wine, wine32 with the i386 architecture added (for ia32), gcc-mingw-w64.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, closeSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildWindowsSimulator, parseArch } from '../native/build-win.mjs';
import { gatewayUnderWine } from './windows-gateway.mjs';
import { wineLoader } from './wine.mjs';
import { serviceUnderWine } from './windows-service.mjs';
import { bundleUnderWine } from './windows-bundle.mjs';
import { testsUnderWine } from './windows-tests.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

function fail(message) {
  process.stderr.write(`test:windows: ${message}\n`);
  process.exit(1);
}

let arch;
try { arch = parseArch(process.argv); } catch (error) { fail(error.message); }

let wine;
try { wine = wineLoader(arch); } catch (error) { fail(error.message); }

let built;
try { built = buildWindowsSimulator(arch); } catch (error) { fail(error.message); }

// One prefix per architecture under native/build (ignored by git); Node needs it to report Windows 10.
const prefix = join(root, 'native', 'build', `wine-prefix-${arch}`);
const env = { ...process.env, ...wine.env, WINEPREFIX: prefix, WINEDEBUG: '-all', WINEDLLOVERRIDES: 'mscoree,mshtml=' };
if (!existsSync(join(prefix, 'system.reg'))) {
  mkdirSync(prefix, { recursive: true });
  process.stdout.write(`test:windows: creating the Wine prefix ${prefix} (once)\n`);
  const boot = spawnSync(wine.cmd, ['wineboot', '-i'], { env, stdio: 'inherit' });
  if (boot.status !== 0) fail(`wineboot failed (exit ${boot.status})`);
}
spawnSync(wine.cmd, ['winecfg', '-v', 'win10'], { env, stdio: 'inherit' });

// Wine programs get a file, not a pipe, as stdout (node.exe under Wine dies with EBADF on a pipe).
const dump = join(built.outDir, 'layouts.txt');
const fd = openSync(dump, 'w');
const run = spawnSync(wine.cmd, [join(built.outDir, 'layout-dump.exe'), built.dll], { env, stdio: ['ignore', fd, 'inherit'] });
closeSync(fd);
if (run.status !== 0) {
  const hint = arch === 'ia32' ? ' (for 32-bit programs Wine needs wine32: dpkg --add-architecture i386 && apt-get install wine32)' : '';
  fail(`layout-dump.exe under Wine failed (exit ${run.status})${hint}`);
}
const first = readFileSync(dump, 'utf8').split('\n', 1)[0];
process.stdout.write(`test:windows: ${arch} simulator DLL loaded under Wine, ${first === 'P 4' ? '4' : '8'}-byte pointers\n`);

const tap = spawnSync('npx', ['tap', '--disable-coverage', 'test-windows/layout.test.ts'],
  { cwd: root, env: { ...process.env, XFS_WIN_LAYOUTS: dump, XFS_WIN_ARCH: arch }, stdio: 'inherit' });
if (tap.status !== 0) process.exit(tap.status ?? 1);

// Stage 2: the gateway itself under the Windows node.exe.
try {
  const r = await gatewayUnderWine({ root, arch, env, dll: built.dll, wine: wine.cmd });
  process.stdout.write(`test:windows: ${arch} gateway under Wine (node.exe ${r.node}): started in ${(r.startMs / 1000).toFixed(1)} s; `
    + `CardReader.ReadRawData of the demo card ${r.readMs.toFixed(0)} ms; dispenser online, Denominate ok; `
    + `CashDispenser.GetMixTypes round trip p50 ${r.mixP50.toFixed(2)} ms, p90 ${r.mixP90.toFixed(2)} ms; IOTP InquirePendingPayment ok (payments worker on node:sqlite)\n`);
} catch (error) {
  fail(`gateway under Wine: ${error.message}`);
}

// Stage 2b: the device-layer tests and the bridge end-to-end suites under node.exe, the pump on a
// real user32 message-only window that the simulator DLL posts to.
try {
  const results = testsUnderWine({ root, arch, env, wine: wine.cmd, dll: built.dll });
  const failed = results.filter((r) => r.status !== 0 || r.fail > 0 || r.total === 0);
  const total = results.reduce((n, r) => n + r.total, 0);
  const seconds = results.reduce((n, r) => n + r.ms, 0) / 1000;
  if (failed.length > 0) fail(`under node.exe: ${failed.map((r) => `${r.file} (exit ${r.status}, ${r.fail} of ${r.total} failed; ${r.log})`).join(', ')}`);
  process.stdout.write(`test:windows: ${arch} device-layer and bridge tests under node.exe: ${results.length} files, ${total} assertions passed in ${seconds.toFixed(0)} s (pump on user32.dll; pump-crash on the simulator's queue)\n`);
} catch (error) {
  fail(`tests under node.exe: ${error.message}`);
}

// Stage 3: the gateway as a Windows service (install, start, serve, stop, uninstall).
try {
  const s = await serviceUnderWine({ root, arch, env, wine: wine.cmd });
  process.stdout.write(`test:windows: ${arch} Windows service under Wine: installed (a bad configuration refused first), started in ${(s.startMs / 1000).toFixed(1)} s, `
    + `card read through it ${s.readMs.toFixed(0)} ms, stopped gracefully in ${(s.stopMs / 1000).toFixed(1)} s (exit code 0), ${s.logFiles} log file(s) under ProgramData, uninstalled\n`);
} catch (error) {
  fail(`service under Wine: ${error.message}`);
}

// Stage 4: the offline bundle, unzipped and installed with its install.cmd.
try {
  const b = await bundleUnderWine({ arch, env, wine: wine.cmd });
  process.stdout.write(`test:windows: ${arch} offline bundle under Wine: ${b.zipMb.toFixed(1)} MB zip, unzipped, install.cmd wrote the sample and refused it unedited, `
    + `then installed and started the service in ${(b.installMs / 1000).toFixed(1)} s from the bundle's own node.exe and node_modules; card read through it; uninstall.cmd\n`);
} catch (error) {
  fail(`bundle under Wine: ${error.message}`);
} finally {
  spawnSync('wineserver', ['-k'], { env });
}
