#!/usr/bin/env node
// npm run coverage:money: the money code's tests under coverage, then the floors
// (scripts/coverage-floor.mjs). A report the floor script cannot judge (exit 3: a source loaded
// through two transpilers, or files reported as one line) fails the pass: it is made so by a test's
// child process that runs with coverage on (test/fixtures/child-env.ts), and running again would
// only draw another random merge order.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const tap = join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'tap.cmd' : 'tap');
const TESTS = ['test/xmlx/*.test.ts', 'test/iotp-bridge/*.test.ts'];

const run = spawnSync(tap, ['--no-disable-coverage', '--allow-incomplete-coverage', '--coverage-report=json-summary', ...TESTS], { cwd: root, stdio: 'inherit', shell: true });
if (run.status !== 0) process.exit(run.status ?? 1);
process.exit(spawnSync(process.execPath, [join(root, 'scripts', 'coverage-floor.mjs')], { cwd: root, stdio: 'inherit' }).status ?? 1);
