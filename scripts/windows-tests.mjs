// Stage 2b of npm run test:windows: the device-layer tests and the bridge's end-to-end suites
// themselves under the Windows node.exe in Wine, on the cross-built simulator DLL through Wine's
// user32 (message-only window, GetMessageA on the pump thread, PostMessageA from the simulator's
// threads). tsx (esbuild) has no Windows binary in this tree, so src/ and test/ are compiled to
// JavaScript first (tsc, the same options as dist/), with the test fixtures, mappings and the DLL
// beside them where the files look for them.
import { spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, cpSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { windowsNode } from './windows-gateway.mjs';

/** Test files run under node.exe: the XFS 3.x device layer and the bridge end to end. */
export const WINDOWS_TEST_FILES = [
  ...['api', 'async', 'codec', 'config', 'layout', 'loop', 'pump-crash', 'session-bcr', 'session-cam', 'session-cdm', 'session-idc',
    'session-pin', 'session-ptr', 'session-ptr-doc', 'session-siu', 'session-ttu'].map((n) => `test/legacy-xfs3/${n}.test.js`),
  ...['idc', 'cdm', 'pin', 'ptr', 'siu', 'bcr'].map((n) => `test/bridge/${n}-e2e.test.js`),
];

export function buildWindowsTests(root, dll) {
  const out = join(root, 'native', 'build', 'win-tests');
  rmSync(out, { recursive: true, force: true });
  const tsconfig = join(root, 'native', 'build', 'tsconfig.win-tests.json');
  writeFileSync(tsconfig, JSON.stringify({
    extends: '../../tsconfig.json',
    compilerOptions: { noEmit: false, rootDir: '../..', outDir: 'win-tests', rewriteRelativeImportExtensions: true, allowJs: true, noCheck: true },
    include: ['../../src', '../../test'],
  }));
  const tsc = spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', tsconfig], { stdio: 'inherit' });
  if (tsc.status !== 0) throw new Error('compiling src/ and test/ for node.exe failed');
  // Fixtures (JSON case tables, layouts) where the compiled tests read them.
  cpSync(join(root, 'test'), join(out, 'test'), { recursive: true, filter: (src) => !src.endsWith('.ts') });
  cpSync(join(root, 'mappings'), join(out, 'mappings'), { recursive: true });
  mkdirSync(join(out, 'native', 'build'), { recursive: true });
  if (dll) copyFileSync(dll, join(out, 'native', 'build', 'xfssim.dll'));
  copyFileSync(join(root, 'native', 'build', 'libxfssim.so'), join(out, 'native', 'build', 'libxfssim.so'));
  return out;
}

/** Runs each file under `node` (node.exe in Wine, or this Linux node); one result per file. */
export function runCompiledTests({ out, files, command, args = [], env }) {
  const results = [];
  for (const file of files) {
    const log = join(out, `${file.replace(/[/.]/g, '_')}.tap`);
    const fd = openSync(log, 'w');
    const started = Date.now();
    // stdout to a file: node.exe under Wine dies with EBADF on a pipe once a worker thread starts.
    const r = spawnSync(command, [...args, file], { cwd: out, env, stdio: ['ignore', fd, fd], timeout: 600_000 });
    closeSync(fd);
    const text = readFileSync(log, 'utf8');
    const summary = /^# \{ total: (\d+), pass: (\d+)(?:, fail: (\d+))?/m.exec(text);
    results.push({
      file, status: r.status, ms: Date.now() - started, log,
      total: summary ? Number(summary[1]) : 0, pass: summary ? Number(summary[2]) : 0, fail: summary ? Number(summary[3] ?? 0) : 0,
    });
  }
  return results;
}

/**
 * Every file with the pump on Wine's user32 (XFS_SIM_WINDOW_LIBRARY=user32.dll), except pump-crash:
 * it kills the pump thread on purpose and checks that no WFSRESULT is left unfreed, which holds for
 * the simulator's own window queue (it frees what a dead window's queue held) but not for a real
 * one, where Windows discards a dead thread's queued messages and what they point to is lost, as
 * with a real XFS Manager. It runs on the simulator's window functions.
 */
export function testsUnderWine({ root, arch, env, wine, dll }) {
  const exe = windowsNode(root, arch);
  const out = buildWindowsTests(root, dll);
  const ownQueue = WINDOWS_TEST_FILES.filter((f) => f.endsWith('/pump-crash.test.js'));
  const user32 = runCompiledTests({ out, files: WINDOWS_TEST_FILES.filter((f) => !ownQueue.includes(f)), command: wine, args: [exe], env: { ...env, XFS_SIM_WINDOW_LIBRARY: 'user32.dll' } });
  const { XFS_SIM_WINDOW_LIBRARY: _unused, ...simWindows } = env;
  return [...user32, ...runCompiledTests({ out, files: ownQueue, command: wine, args: [exe], env: simWindows })];
}
