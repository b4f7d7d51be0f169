// The operations journal of cash movements (issue 12, item 5), through the gateway on the simulated
// dispenser: written before the 3.x call (seen while the device holds the command), closed with the
// outcome; a journal that cannot be written moves nothing; an entry a previous process left open is
// logged at start-up and answers GetPresentStatus where the device has forgotten.
import t, { type Test } from 'tap';
import { closeSync, mkdtempSync, openSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OperationsJournal } from '../../src/bridge/operations-journal.ts';
import type { JsonObject } from '../../src/xfs4iot/backend.ts';
import { LogCapture, shutdownManager, startClassGateway, valueAt, waitFor, type ClassGatewaySpec, type TestGateway } from './harness.ts';

t.teardown(() => shutdownManager());
const denomination = { denomination: { service: { currencies: { EUR: 80 }, mix: 'mix1' } } };
const dispense = { denomination, position: 'outCenter' };

function journalFile(t: Test): string {
  const dir = mkdtempSync(join(tmpdir(), 'ops-journal-test-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'operations.db');
}

async function start(t: Test, journalPath: string, log: LogCapture, prepare?: ClassGatewaySpec['prepare']): Promise<TestGateway> {
  const gw = await startClassGateway({ cls: 'CDM', xfs3Version: '3.30', xfs4iotName: 'cashdispenser', validateOutgoing: true, log, journalPath, ...(prepare ? { prepare } : {}) });
  t.teardown(() => gw.close());
  return gw;
}

/** The 50s that left unit4 (an 80 EUR dispense takes one), dispensed or presented; a number, so a wrong path fails. */
const fiftiesOut = async (gw: TestGateway): Promise<number> => {
  const storage = (await gw.client.command('Storage.GetStorage')).payload?.storage as JsonObject;
  const out = ['unknown', 'presented'].map((where) => valueAt(storage, `unit4.cash.status.out.${where}.typeEUR50.fit`));
  if (!out.every((n) => typeof n === 'number')) throw new Error(`unit4's counts not found: ${JSON.stringify(out)}`);
  return (out as number[]).reduce((a, b) => a + b, 0);
};

t.test('Dispense and Present: journaled before the 3.x call, closed with the outcome', async (t) => {
  const path = journalFile(t);
  const log = new LogCapture();
  const gw = await start(t, path, log);
  const reader = new OperationsJournal(path, { readOnly: true });
  t.teardown(() => reader.close());

  gw.sim.hangNext(gw.logicalName);
  const held = gw.client.send('CashDispenser.Dispense', dispense);
  await waitFor(() => (gw.sim.pending(gw.logicalName) >= 1 ? true : undefined), 60_000, 'the Dispense held by the device');
  const open = reader.all();
  t.equal(open.length, 1, 'the entry exists while the device holds the command');
  t.match(open[0], { command: 'CashDispenser.Dispense', xfs3Command: 'WFS_CMD_CDM_DISPENSE', state: 'open', request: dispense, input: { denomination: { currencyId: 'EUR', amount: 80 } } });
  t.match(log.lines.find((l) => l.code === 'X4I-054'), { level: 30, command: 'CashDispenser.Dispense', request: dispense }, 'named in the info log before it runs');
  gw.sim.releaseHang(gw.logicalName);
  t.equal((await held.completion).header.completionCode ?? null, null);
  t.match(reader.all()[0], { state: 'ended', outcome: 'WFS_SUCCESS' }, 'the outcome is journaled before the client hears it');
  t.equal((await gw.client.command('CashDispenser.Present', { position: 'outCenter' })).header.completionCode ?? null, null);

  const [d, p] = reader.all();
  t.match(d, { state: 'ended', outcome: 'WFS_SUCCESS', result: { currencyId: 'EUR', amount: 80, values: [0, 1, 1, 1] } });
  t.match(p, { command: 'CashDispenser.Present', xfs3Command: 'WFS_CMD_CDM_PRESENT', state: 'ended', outcome: 'WFS_SUCCESS' });
  t.ok(d.connection > 0 && d.requestId > 0, 'with the client connection and request');
});

t.test('a journal that cannot be written: nothing is sent, nothing moves, the client is told', async (t) => {
  const path = journalFile(t);
  const log = new LogCapture();
  const gw = await start(t, path, log);
  const before = await fiftiesOut(gw);
  // The step log's file fails under the journal, as on a disk that died: its descriptor is replaced
  // by one that refuses writes (POSIX hands the lowest free number to the next open).
  const steps = `${path}.steps`;
  const fd = readdirSync('/proc/self/fd').map(Number).find((n) => {
    try {
      return readlinkSync(`/proc/self/fd/${n}`) === steps;
    } catch {
      return false;
    }
  });
  if (fd === undefined) throw new Error('the step log is not open');
  closeSync(fd);
  t.equal(openSync('/dev/null', 'r'), fd, 'the step log\'s descriptor now refuses writes');
  const done = await gw.client.command('CashDispenser.Dispense', dispense);
  t.equal(done.header.completionCode, 'internalError');
  t.match(done.header.errorDescription, /operations journal unavailable.*nothing was moved/);
  t.equal(gw.sim.pending(gw.logicalName), 0);
  t.equal(await fiftiesOut(gw), before, 'no note left its cassette');
  t.match(log.lines.find((l) => l.code === 'X4I-053'), { level: 50, xfs3Command: 'WFS_CMD_CDM_DISPENSE' });
});

t.test('a store another process holds (a backup tool) does not stop a movement: its steps wait in the log', async (t) => {
  const path = journalFile(t);
  const gw = await start(t, path, new LogCapture());
  const before = await fiftiesOut(gw);
  const blocker = new DatabaseSync(path);
  blocker.exec('PRAGMA busy_timeout = 0');
  blocker.exec('BEGIN EXCLUSIVE');
  t.teardown(() => blocker.close());
  const done = await gw.client.command('CashDispenser.Dispense', dispense);
  t.equal(done.header.completionCode ?? null, null, 'dispensed while the store is held');
  t.equal((await gw.client.command('CashDispenser.Present', { position: 'outCenter' })).header.completionCode ?? null, null);
  t.equal(await fiftiesOut(gw), before + 1, 'its 50 left the cassette once');
  blocker.exec('ROLLBACK');
  const reader = new OperationsJournal(path, { readOnly: true });
  t.teardown(() => reader.close());
  t.match(reader.all(), [{ xfs3Command: 'WFS_CMD_CDM_DISPENSE', state: 'ended' }, { xfs3Command: 'WFS_CMD_CDM_PRESENT', state: 'ended' }], 'both journaled, from the log');
});

t.test('an entry left open by a dead process: logged at start-up; GetPresentStatus gives its notes where the device forgot', async (t) => {
  const path = journalFile(t);
  const log = new LogCapture();
  const gw = await start(t, path, log, (sim, logicalName) => {
    const previous = new OperationsJournal(path);
    previous.begin({
      service: 'cashdispenser', logicalName, command: 'CashDispenser.Dispense', xfs3Command: 'WFS_CMD_CDM_DISPENSE', connection: 7, requestId: 3,
      request: dispense,
      input: { tellerId: 0, mixNumber: 1, denomination: { currencyId: 'EUR', amount: 80, values: [], cashBox: 0 }, position: 4, present: false },
    });
    previous.close();
    sim.cdmForgetPresentStatus(logicalName);
  });
  const line = log.lines.find((l) => l.code === 'X4I-052');
  t.match(line, { level: 50, command: 'CashDispenser.Dispense', connection: 7, requestId: 3, request: dispense }, 'the interrupted dispense, named at error level');
  t.match(String(line?.msg), /ask the device/);
  const status = await gw.client.command('CashDispenser.GetPresentStatus', { position: 'outCenter' });
  t.same(status.payload, { denomination: { currencies: { EUR: 80 }, values: {} }, presentState: 'unknown' }, 'the journaled amount, outcome unknown');
  const reader = new OperationsJournal(path, { readOnly: true });
  t.teardown(() => reader.close());
  t.match(reader.all()[0], { state: 'interrupted', outcome: 'unknown' });
});

t.test('a step line cut by a crash is ignored at start-up and named in a warning', async (t) => {
  const path = journalFile(t);
  const log = new LogCapture();
  await start(t, path, log, () => writeFileSync(`${path}.steps`, '{"step":"begin","id":1,"serv'));
  t.match(log.lines.find((l) => l.code === 'X4I-055'), { level: 40, lines: 1, file: `${path}.steps` });
  const reader = new OperationsJournal(path, { readOnly: true });
  t.teardown(() => reader.close());
  t.same(reader.all(), [], 'nothing was begun');
});

t.test('where the device knows, GetPresentStatus is what the device says', async (t) => {
  const path = journalFile(t);
  const gw = await start(t, path, new LogCapture(), (_sim, logicalName) => {
    const previous = new OperationsJournal(path);
    previous.begin({ service: 'cashdispenser', logicalName, command: 'CashDispenser.Dispense', xfs3Command: 'WFS_CMD_CDM_DISPENSE', connection: 1, requestId: 1, request: {}, input: {} });
    previous.close();
  });
  const status = await gw.client.command('CashDispenser.GetPresentStatus', { position: 'outCenter' });
  t.equal(status.payload?.presentState, 'notPresented');
});
