// Issue 12, item 6, end to end on the simulated dispenser: a Dispense whose header timeout expires
// while the provider ignores the cancel completes with what the device really did (here: dispensed),
// never a premature timeOut; the 3.x calls carry a bounded dwTimeOut; a provider deaf to both dwTimeOut
// and the cancel is given up on by the watchdog (timeOut, an error line), the cash resource is released,
// and its late result is logged. Nothing waits on a clock to decide a result: the simulator is told when
// to let the hung command go on.
import t from 'tap';
import type { JsonObject } from '../../src/xfs4iot/backend.ts';
import type { Message } from '../../src/xfs4iot/client.ts';
import { LogCapture, shutdownManager, startClassGateway, valueAt, waitFor, type TestGateway } from './harness.ts';

t.teardown(() => shutdownManager());
const request = { denomination: { service: { currencies: { EUR: 80 }, mix: 'mix1' } } };
const dispense = { denomination: request, position: 'outCenter' };

async function start(log: LogCapture, xfsManager?: Record<string, unknown>): Promise<TestGateway> {
  return startClassGateway({ cls: 'CDM', xfs3Version: '3.30', xfs4iotName: 'cashdispenser', validateOutgoing: true, log, ...(xfsManager ? { config: { xfsManager } } : {}) });
}

const fifty = async (gw: TestGateway): Promise<unknown> => valueAt((await gw.client.command('Storage.GetStorage')).payload?.storage as JsonObject, 'unit4.cash.status.out.unknown.typeEUR50.fit');

t.test('header timeout on a Dispense the provider will not cancel: the client gets the real outcome (dispensed)', async (t) => {
  const log = new LogCapture();
  const gw = await start(log);
  t.teardown(() => gw.close());
  gw.sim.hangNext(gw.logicalName);
  gw.sim.ignoreCancel(gw.logicalName, true);
  const pending = gw.client.send('CashDispenser.Dispense', dispense, { timeout: 100 });
  let completion: Message | undefined;
  void pending.completion.then((m) => { completion = m; });
  await waitFor(() => (gw.sim.cancelsIgnored(gw.logicalName) >= 1 ? true : undefined), 60_000, 'the gateway canceling after the header timeout');
  t.equal(completion, undefined, 'no timeOut while the 3.x Dispense still runs');
  t.ok(log.lines.some((l) => String(l.msg).startsWith('header timeout expired')), 'the wait is logged');
  t.equal(gw.sim.releaseHang(gw.logicalName), 1, 'the device goes on and dispenses');
  const done = await pending.completion;
  t.equal(done.header.completionCode ?? null, null, 'completed successfully: the notes were dispensed');
  t.same(done.payload?.denomination, { currencies: { EUR: 80 }, values: { unit2: 1, unit3: 1, unit4: 1 } });
  gw.sim.ignoreCancel(gw.logicalName, false);
  t.equal(await fifty(gw), 1, 'one 50 left the cassette: what the client was told');
});

t.test('a header timeout the provider honours still completes timeOut and moves nothing', async (t) => {
  const log = new LogCapture();
  const gw = await start(log);
  t.teardown(() => gw.close());
  gw.sim.hangNext(gw.logicalName);
  const done = await gw.client.command('CashDispenser.Dispense', dispense, { timeout: 100 });
  t.equal(done.header.completionCode, 'timeOut');
  t.equal(await fifty(gw), 0);
});

t.test('a provider deaf to dwTimeOut and cancel: the watchdog completes timeOut, releases the resource, logs the late result', async (t) => {
  const log = new LogCapture();
  const gw = await start(log, { timeouts: { movementMs: 150 } });
  t.teardown(() => gw.close());
  gw.sim.hangNext(gw.logicalName);
  gw.sim.ignoreCancel(gw.logicalName, true);
  // No header timeout: only the gateway's own dwTimeOut bounds the call.
  const done = await gw.client.command('CashDispenser.Dispense', dispense);
  t.equal(done.header.completionCode, 'timeOut', 'outcome unknown: timeOut, never a failure');
  const stalled = log.lines.filter((l) => l.code === 'X4I-050');
  t.equal(stalled.length, 1, 'one error line from the watchdog');
  t.equal(stalled[0]?.level, 50);
  t.equal(stalled[0]?.command, 'WFS_CMD_CDM_DISPENSE');
  const storageChanged = gw.client.nextUnsolicited('Storage.StorageChangedEvent');
  const next = gw.client.send('CashDispenser.Denominate', { request });
  await waitFor(() => (gw.sim.pending(gw.logicalName) === 2 ? true : undefined), 60_000, 'the next command reached the device: the cash resource was released');
  gw.sim.ignoreCancel(gw.logicalName, false);
  t.equal(gw.sim.releaseHang(gw.logicalName), 1);
  t.equal((await next.completion).header.completionCode ?? null, null, 'the dispenser serves the next command');
  await waitFor(() => (log.lines.some((l) => l.code === 'X4I-051') ? true : undefined), 60_000, 'the late result logged');
  t.equal(log.lines.find((l) => l.code === 'X4I-051')?.result, 'WFS_SUCCESS', 'the late result names what the device did');
  const changed = await storageChanged;
  t.equal(changed.header.version, '2.1', 'Storage events go out at the minor 2024-03 gives them');
  t.equal(valueAt(changed.payload as JsonObject, 'unit4.cash.status.out.unknown.typeEUR50.fit'), 1, 'clients learn the dispensed counts from a storage event');
  t.equal(await fifty(gw), 1, 'Storage.GetStorage shows the notes that left');
});
