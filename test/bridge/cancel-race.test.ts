// Issue 12, item 9: Common.Cancel of a denominate waiting on the device, repeated many times while
// CPU hogs keep both cores busy. The hang the simulator was told to apply used to be taken by the
// device thread when it started the request; a cancel that reached the request while it was still
// queued left the hang behind for the next command, which then waited for ever (the suite's hang at
// 175 s). Nothing here waits on a clock to pass: a regression hangs and tap's timeout fails it.
import t from 'tap';
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { shutdownManager, startClassGateway, waitFor } from './harness.ts';

const request = { denomination: { service: { currencies: { EUR: 80 }, mix: 'mix1' } } };
const ROUNDS = 150;

t.test('cancel of a waiting denominate, repeated under a CPU hog, never leaves the dispenser stuck', async (t) => {
  const hogs = Array.from({ length: availableParallelism() + 1 }, () => new Worker('for (;;) {}', { eval: true }));
  t.teardown(async () => {
    await Promise.all(hogs.map((h) => h.terminate()));
    await shutdownManager();
  });
  const gw = await startClassGateway({ cls: 'CDM', xfs3Version: '3.30', xfs4iotName: 'cashdispenser', validateOutgoing: true });
  t.teardown(() => gw.close());
  const outcomes = new Map<string, number>();
  for (let i = 0; i < ROUNDS; i++) {
    gw.sim.hangNext(gw.logicalName);
    const pending = gw.client.send('CashDispenser.Denominate', { request });
    await pending.acknowledged;
    // Sometimes at once (still queued in the gateway or the simulator), sometimes once it waits on the device.
    if (i % 2 === 1) await waitFor(() => (gw.sim.pending(gw.logicalName) === 1 ? true : undefined), 60_000, 'the denominate on the device');
    const cancel = await gw.client.cancel([pending.requestId]);
    const done = await pending.completion;
    const key = `${cancel.header.completionCode ?? 'success'}/${done.header.completionCode ?? 'success'}`;
    outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
    const next = await gw.client.command('CashDispenser.Denominate', { request });
    if ((next.header.completionCode ?? null) !== null) {
      t.fail(`round ${i}: the next denominate failed: ${String(next.header.completionCode)}`);
      return;
    }
  }
  t.equal(gw.sim.pending(gw.logicalName), 0, 'nothing left on the device');
  t.same([...outcomes.keys()], ['success/canceled'], `every cancel succeeded and every hung denominate completed canceled (${ROUNDS} rounds)`);
});
