#!/usr/bin/env node
// Mutation check of the money path's locks: each mutant removes one lock in a scratch copy of the
// sources and runs the tests that pin it; the check passes only if every mutant makes them fail (and
// the unmutated copy passes). `npm run mutation:locks`.
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = resolve(import.meta.dirname, '..');
const TESTS = ['test/iotp-bridge/concurrency.test.ts'];

/** [name, file, text to find, replacement]: each removes one lock. */
const MUTANTS = [
  ['bridge per-PayId lock (MsgBeingProc)', 'src/iotp-bridge/bridge.ts', 'if (payId !== undefined && this.#busy.has(payId)) {', 'if (false && payId !== undefined && this.#busy.has(payId)) {'],
  ['reliable client: one in-flight send per TransferId', 'src/xmlx/client.ts', 'if (running) return running;', 'if (running && false) return running;'],
];

function scratch() {
  const dir = mkdtempSync(join(tmpdir(), 'mutation-'));
  for (const entry of ['src', 'test', 'mappings', 'package.json', 'tsconfig.json']) cpSync(join(root, entry), join(dir, entry), { recursive: true });
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  mkdirSync(join(dir, 'native'));
  symlinkSync(join(root, 'native', 'build'), join(dir, 'native', 'build'));
  return dir;
}

function runTests(dir) {
  const tap = join(root, 'node_modules', '.bin', 'tap');
  const result = spawnSync(tap, ['--disable-coverage', '--reporter=terse', ...TESTS], { cwd: dir, encoding: 'utf8', timeout: 300_000 });
  return result.status === 0;
}

if (!existsSync(join(root, 'native', 'build'))) {
  console.error('mutation-locks: native/build is missing: run npm install first');
  process.exit(2);
}
let ok = true;
const baseline = scratch();
try {
  const passes = runTests(baseline);
  console.log(`unmutated: tests ${passes ? 'pass' : 'FAIL'}`);
  ok &&= passes;
} finally {
  rmSync(baseline, { recursive: true, force: true });
}
for (const [name, file, find, replace] of MUTANTS) {
  const dir = scratch();
  try {
    const path = join(dir, file);
    const source = readFileSync(path, 'utf8');
    if (!source.includes(find)) {
      console.log(`${name}: the code to mutate is gone (${file}); update scripts/mutation-locks.mjs`);
      ok = false;
      continue;
    }
    writeFileSync(path, source.replaceAll(find, replace));
    const passes = runTests(dir);
    console.log(`${name}: ${passes ? 'SURVIVED (no test noticed the lock removed)' : 'killed (a test failed without the lock)'}`);
    ok &&= !passes;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
console.log(ok ? 'mutation check passed' : 'mutation check FAILED');
process.exit(ok ? 0 : 1);
