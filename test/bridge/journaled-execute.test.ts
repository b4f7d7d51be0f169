// When the operations journal closes an entry (journaledCommand), on a real SQLite file: not before the
// command's next 3.x calls are sent (its commit then overlaps the device's answers), always before the
// next movement begins, before the translator reads the journal, and before the completion goes out
// (flush). The 3.x side is a recorded function here; the end-to-end journal tests run the simulator.
import t, { type Test } from 'tap';
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { journaledCommand, type JournaledCommand } from '../../src/bridge/journaled-execute.ts';
import { OperationsJournal } from '../../src/bridge/operations-journal.ts';
import type { XfsCompletion } from '../../src/legacy-xfs3/types.ts';
import { LogCapture } from './harness.ts';

const JOURNALED = new Set(['WFS_CMD_CIM_CASH_IN', 'WFS_CMD_CIM_CASH_IN_END']);
const context = { service: 'cashacceptor', logicalName: 'CashAcceptor1', command: 'CashAcceptor.CashIn', connection: 1, requestId: 7, request: {} };

function success(command: string): XfsCompletion<unknown> {
  return { ok: true, code: 0, name: 'WFS_SUCCESS', requestId: 1, commandCode: 0, data: [{ noteId: 3, count: 1 }], origin: 'service', detail: command };
}

interface Setup { journal: OperationsJournal; command: JournaledCommand; sent: string[]; states: () => string[]; log: LogCapture; session: EventEmitter<{ sent: [] }> }

function setup(t: Test, outcome: (command: string) => XfsCompletion<unknown> = success): Setup {
  const dir = mkdtempSync(join(tmpdir(), 'journaled-execute-'));
  const journal = new OperationsJournal(join(dir, 'operations.db'));
  t.teardown(() => {
    journal.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const sent: string[] = [];
  const log = new LogCapture();
  // What the journal holds when each 3.x call is sent.
  const states = () => journal.all().map((o) => `${o.xfs3Command}:${o.state}`);
  // The session's 'sent' event, as SessionImpl emits it once a request is handed to the XFS Manager.
  const session = new EventEmitter<{ sent: [] }>();
  const command = journaledCommand(journal, JOURNALED, log.logger, context, (name) => {
    sent.push(`${name} [${states().join(', ')}]`);
    session.emit('sent');
    return Promise.resolve(outcome(name));
  }, session);
  return { journal, command, sent, states, log, session };
}

t.test('an entry is open while its call runs and closed only once the next 3.x calls are sent', async (t) => {
  const { command, sent, states } = setup(t);
  const done = await command.execute('WFS_CMD_CIM_CASH_IN', undefined);
  t.equal(done.name, 'WFS_SUCCESS');
  t.same(states(), ['WFS_CMD_CIM_CASH_IN:open'], 'not closed yet: the next call goes out first');
  // The translator's next step: the notes' levels beside the status read.
  const next = Promise.all([command.execute('WFS_INF_CIM_GET_P6_INFO', undefined), command.execute('WFS_INF_CIM_STATUS', undefined)]);
  t.same(states(), ['WFS_CMD_CIM_CASH_IN:open'], 'still open while the step sends its calls');
  await Promise.resolve();
  t.same(states(), ['WFS_CMD_CIM_CASH_IN:ended'], 'closed as soon as the step\'s calls are on their way');
  await next;
  t.same(sent, ['WFS_CMD_CIM_CASH_IN [WFS_CMD_CIM_CASH_IN:open]', 'WFS_INF_CIM_GET_P6_INFO [WFS_CMD_CIM_CASH_IN:open]', 'WFS_INF_CIM_STATUS [WFS_CMD_CIM_CASH_IN:open]']);
});

t.test('flush closes the entry (before the completion goes out) with the 3.x result', async (t) => {
  const { command, journal, session } = setup(t);
  await command.execute('WFS_CMD_CIM_CASH_IN', undefined);
  t.equal(session.listenerCount('sent'), 1, 'waits for the next call');
  command.flush();
  t.match(journal.all(), [{ state: 'ended', outcome: 'WFS_SUCCESS', result: [{ noteId: 3, count: 1 }] }]);
  t.equal(session.listenerCount('sent'), 0, 'and no longer listens once closed');
  command.flush();
  t.equal(journal.all().length, 1, 'a second flush writes nothing');
});

t.test('with no call and no flush, the entry closes in the next turn of the event loop', async (t) => {
  const { command, states } = setup(t);
  await command.execute('WFS_CMD_CIM_CASH_IN', undefined);
  t.same(states(), ['WFS_CMD_CIM_CASH_IN:open']);
  await new Promise((resolve) => setImmediate(resolve));
  t.same(states(), ['WFS_CMD_CIM_CASH_IN:ended']);
});

t.test('the next movement begins only after the previous one is closed', async (t) => {
  const { command, sent } = setup(t);
  await command.execute('WFS_CMD_CIM_CASH_IN', undefined);
  await command.execute('WFS_CMD_CIM_CASH_IN_END', undefined);
  t.same(sent, ['WFS_CMD_CIM_CASH_IN [WFS_CMD_CIM_CASH_IN:open]', 'WFS_CMD_CIM_CASH_IN_END [WFS_CMD_CIM_CASH_IN:ended, WFS_CMD_CIM_CASH_IN_END:open]']);
});

t.test('the translator reads the journal with the entry closed', async (t) => {
  const { command } = setup(t);
  await command.execute('WFS_CMD_CIM_CASH_IN', undefined);
  const last = command.view.lastBefore('WFS_CMD_CIM_CASH_IN', 1_000);
  t.match(last, { state: 'ended', outcome: 'WFS_SUCCESS' });
});

t.test('an outcome nobody saw is closed as interrupted, never as failed', async (t) => {
  const { command, journal } = setup(t, (name) => ({ ...success(name), ok: false, code: -9, name: 'WFS_ERR_TIMEOUT', outcomeUnknown: true, detail: 'provider stalled' }));
  await command.execute('WFS_CMD_CIM_CASH_IN', undefined);
  command.flush();
  t.match(journal.all(), [{ state: 'interrupted', outcome: 'unknown: provider stalled' }]);
});

t.test('a close that cannot be written is logged and leaves the entry open (interrupted at the next start)', async (t) => {
  const { command, journal, log } = setup(t);
  await command.execute('WFS_CMD_CIM_CASH_IN', undefined);
  journal.close();
  t.doesNotThrow(() => command.flush());
  t.match(log.lines.find((l) => l.code === 'X4I-053'), { level: 50, msg: /outcome of WFS_CMD_CIM_CASH_IN \(WFS_SUCCESS\) is not recorded/ });
});
