// The operations journal's step log (journal-steps.ts) under OperationsJournal, on real files: a step
// is durable before begin/end return, what a dead process left in the log is settled at the next
// start (a torn last line ignored), settling twice changes nothing, the log stays short, and ids are
// never reused. The end-to-end kill -9 tests (cim-kill, cash-kill) kill a real gateway process.
import t, { type Test } from 'tap';
import { constants, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OperationsJournal, type OperationStart } from '../../src/bridge/operations-journal.ts';
import { parseSteps } from '../../src/bridge/journal-steps.ts';

const start: OperationStart = {
  service: 'cashacceptor', logicalName: 'CashAcceptor1', command: 'CashAcceptor.CashIn', xfs3Command: 'WFS_CMD_CIM_CASH_IN',
  connection: 2, requestId: 9, request: { amount: 10n }, input: null,
};

function journalPath(t: Test): string {
  const dir = mkdtempSync(join(tmpdir(), 'journal-steps-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'operations.db');
}

const stepLine = (step: object): string => `${JSON.stringify(step)}\n`;
const beginLine = (id: number): string => stepLine({
  step: 'begin', id, service: start.service, logicalName: start.logicalName, command: start.command, xfs3Command: start.xfs3Command,
  connection: 2, requestId: id, request: '{}', input: 'null', startedMs: 1_000 + id,
});

t.test('the step log is written O_DSYNC: each step is on the disk when its one write returns', { skip: process.platform === 'linux' ? false : 'reads /proc/self/fdinfo' }, async (t) => {
  const path = journalPath(t);
  const journal = new OperationsJournal(path);
  t.teardown(() => journal.close());
  const fd = readdirSync('/proc/self/fd').find((n) => {
    try {
      return readlinkSync(`/proc/self/fd/${n}`) === `${path}.steps`;
    } catch {
      return false;
    }
  });
  t.ok(fd, 'the step log is open');
  const flags = Number.parseInt(/^flags:\s*([0-7]+)/m.exec(readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8'))?.[1] ?? '0', 8);
  t.equal(flags & constants.O_DSYNC, constants.O_DSYNC, 'opened with O_DSYNC');
  t.equal(flags & constants.O_APPEND, 0, 'not in append mode (positional writes)');
});

t.test('a step is in the log when begin and end return, before any settling', async (t) => {
  const path = journalPath(t);
  const journal = new OperationsJournal(path);
  t.teardown(() => journal.close());
  const id = journal.begin(start);
  const logged = parseSteps(readFileSync(`${path}.steps`, 'utf8'));
  t.match(logged, { steps: [{ step: 'begin', id, request: '{"amount":"10"}' }], damaged: 0 }, 'the begin, flushed (bigints as decimal strings)');
  const reader = new OperationsJournal(path, { readOnly: true });
  t.teardown(() => reader.close());
  t.match(reader.all(), [{ id, state: 'open', request: { amount: '10' } }], 'a reader sees it while the writer has not settled it');
  journal.end(id, 'WFS_SUCCESS', [{ noteId: 3, count: 1 }]);
  t.match(reader.all(), [{ id, state: 'ended', outcome: 'WFS_SUCCESS', result: [{ noteId: 3, count: 1 }] }]);
  t.throws(() => reader.begin(start), /read-only/, 'a reader never writes');
});

t.test('what a dead process left in the log is settled at the next start; a torn last line is ignored', async (t) => {
  const path = journalPath(t);
  new OperationsJournal(path).close();
  // Its last step was cut while it was being written: that step's flush never returned, nothing acted on it.
  writeFileSync(`${path}.steps`, `${beginLine(1)}${stepLine({ step: 'end', id: 1, outcome: 'WFS_SUCCESS', result: '[]', endedMs: 2_000 })}${beginLine(2)}{"step":"end","id":2,"outc`);
  const journal = new OperationsJournal(path);
  t.teardown(() => journal.close());
  t.equal(journal.damagedSteps, 1, 'the torn line is counted');
  t.equal(statSync(`${path}.steps`).size, 0, 'the log is emptied once settled');
  t.match(journal.interruptOpen(), [{ id: 2, state: 'interrupted', outcome: 'unknown' }], 'the movement nobody saw end');
  t.match(journal.all(), [{ id: 1, state: 'ended' }, { id: 2, state: 'interrupted' }]);
  const next = journal.begin(start);
  t.equal(next, 3, 'ids go on after the settled ones');
  t.same(parseSteps(readFileSync(`${path}.steps`, 'utf8')).damaged, 0, 'the next step does not run into the torn one');
});

t.test('settling the same steps twice changes nothing (a crash between the store\'s commit and emptying the log)', async (t) => {
  const path = journalPath(t);
  const first = new OperationsJournal(path);
  const id = first.begin(start);
  first.end(id, 'WFS_SUCCESS', null);
  first.close();
  writeFileSync(`${path}.steps`, beginLine(id));
  const journal = new OperationsJournal(path);
  t.teardown(() => journal.close());
  t.match(journal.all(), [{ id, state: 'ended', outcome: 'WFS_SUCCESS', requestId: 9 }], 'the ended entry is not opened again, nor doubled');
});

t.test('the log stays short: settled after a run of steps', async (t) => {
  const path = journalPath(t);
  const journal = new OperationsJournal(path);
  t.teardown(() => journal.close());
  let largest = 0;
  for (let i = 0; i < 600; i++) {
    journal.end(journal.begin(start), 'WFS_SUCCESS', null);
    largest = Math.max(largest, statSync(`${path}.steps`).size);
  }
  t.ok(largest < 256 * 400, `the log never held more than a run of steps (${largest} bytes)`);
  t.equal(journal.all().length, 600);
});

t.test('ids are never reused, even after the newest entries are pruned', async (t) => {
  const path = journalPath(t);
  const first = new OperationsJournal(path);
  for (let i = 0; i < 3; i++) first.end(first.begin(start), 'WFS_SUCCESS', null);
  t.equal(first.prune(-1), 3, 'every ended entry is older than no retention');
  first.close();
  const journal = new OperationsJournal(path);
  t.teardown(() => journal.close());
  t.equal(journal.begin(start), 4);
});
