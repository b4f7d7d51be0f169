// When the bridge reads the 3.x status: once before each execute command's completion, and soon after
// a device event. A provider posts a command's own events (the units' CASHUNITINFOCHANGED of a
// CASH_IN_END) just before its completion: the read before the completion answers them too, so a
// CashInEnd costs one status read, not one per event plus one; events outside any command are still
// answered by a read of their own.
import t from 'tap';
import type { Message } from '../../src/xfs4iot/client.ts';
import { shutdownManager, startClassGateway, waitFor } from './harness.ts';
import { cimKeepsStorage, type CimCaps } from '../../src/bridge/cim/device.ts';

t.teardown(shutdownManager);
const WFS_INF_CIM_STATUS = 1301;
const WFS_INF_CIM_CASH_UNIT_INFO = 1303;

t.test('a CashInEnd reads the status once; its storage changes still reach the client before the completion', async (t) => {
  const gw = await startClassGateway({ cls: 'CIM', xfs3Version: '3.30', xfs4iotName: 'cashacceptor', validateOutgoing: true });
  t.teardown(() => gw.close());
  t.equal((await gw.client.command('CashAcceptor.CashInStart', {})).header.completionCode ?? null, null);
  gw.sim.cimInsertItems(gw.logicalName, '2x3,1x4');
  t.equal((await gw.client.command('CashAcceptor.CashIn')).header.completionCode ?? null, null);
  await new Promise((resolve) => setTimeout(resolve, 50));
  const before = (await gw.client.command('Storage.GetStorage')).payload?.storage as Record<string, unknown>;
  const reads = gw.sim.infoCount(gw.logicalName, WFS_INF_CIM_STATUS);
  const order: string[] = [];
  const storageEvents: string[][] = [];
  const stop = gw.client.onUnsolicited((m: Message) => {
    order.push(m.header.name);
    if (m.header.name === 'Storage.StorageChangedEvent') storageEvents.push(Object.keys(m.payload ?? {}));
  });
  const end = gw.client.send('CashAcceptor.CashInEnd');
  await end.completion;
  order.push('completion');
  await new Promise((resolve) => setTimeout(resolve, 50));
  stop();
  t.equal(gw.sim.infoCount(gw.logicalName, WFS_INF_CIM_STATUS) - reads, 1, 'one WFS_INF_CIM_STATUS for the command and the events it raised');
  t.ok(order.indexOf('Storage.StorageChangedEvent') >= 0 && order.indexOf('Storage.StorageChangedEvent') < order.indexOf('completion'), `the units changed before the completion (${order.join(', ')})`);
  // The provider's CASHUNITINFOCHANGED names the units that took the notes: those are announced, not
  // every unit of the acceptor (which made the event 5.6 KB).
  const after = (await gw.client.command('Storage.GetStorage')).payload?.storage as Record<string, unknown>;
  const changed = Object.keys(after).filter((id) => JSON.stringify(after[id]) !== JSON.stringify(before[id]));
  t.ok(changed.length > 0 && changed.length < Object.keys(after).length, `some units took the notes (${changed.join(', ')})`);
  t.same(storageEvents, [changed], 'one StorageChangedEvent, with those units alone');
});

t.test('a device event outside any command is answered by a read of its own', async (t) => {
  const gw = await startClassGateway({ cls: 'CIM', xfs3Version: '3.30', xfs4iotName: 'cashacceptor', validateOutgoing: true });
  t.teardown(() => gw.close());
  await new Promise((resolve) => setTimeout(resolve, 50));
  const before = gw.sim.infoCount(gw.logicalName, WFS_INF_CIM_STATUS);
  const seen = gw.unsolicited.length;
  gw.sim.cimSetUnitCount(gw.logicalName, 3, 42);
  const changed = await waitFor(() => gw.unsolicited.slice(seen).find((m) => m.header.name === 'Storage.StorageChangedEvent'), 2000, 'StorageChangedEvent');
  t.ok(changed.payload?.unit3, 'the unit the operator counted');
  t.equal(gw.sim.infoCount(gw.logicalName, WFS_INF_CIM_STATUS) - before, 1, 'one read');
});

t.test('CashInStart and CashIn on an acceptor with an escrow read the status alone; CashInEnd reads the units too', async (t) => {
  const gw = await startClassGateway({ cls: 'CIM', xfs3Version: '3.30', xfs4iotName: 'cashacceptor', validateOutgoing: true });
  t.teardown(() => gw.close());
  await new Promise((resolve) => setTimeout(resolve, 50));
  const reads = () => [gw.sim.infoCount(gw.logicalName, WFS_INF_CIM_STATUS), gw.sim.infoCount(gw.logicalName, WFS_INF_CIM_CASH_UNIT_INFO)];
  const storageEvents = (from: number) => gw.unsolicited.slice(from).filter((m) => m.header.name === 'Storage.StorageChangedEvent').length;
  const step = async (name: string, insert?: string): Promise<number[]> => {
    if (insert) {
      gw.sim.cimInsertItems(gw.logicalName, insert);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const before = reads();
    t.equal((await gw.client.command(name, name.endsWith('Start') ? {} : undefined)).header.completionCode ?? null, null, name);
    return reads().map((n, i) => n - before[i]);
  };
  t.same(await step('CashAcceptor.CashInStart'), [1, 0], 'CashInStart: WFS_INF_CIM_STATUS alone');
  const seen = gw.unsolicited.length;
  t.same(await step('CashAcceptor.CashIn', '2x3'), [1, 0], 'CashIn: WFS_INF_CIM_STATUS alone (the notes are in the escrow)');
  t.equal(storageEvents(seen), 0, 'no StorageChangedEvent for notes in the escrow');
  t.same(await step('CashAcceptor.CashInEnd'), [1, 1], 'CashInEnd: status and cash units');
  t.equal(storageEvents(seen), 1, 'the units that took the notes are announced');
});

t.test('a unit event before a CashIn completes makes its read a full one', async (t) => {
  const gw = await startClassGateway({ cls: 'CIM', xfs3Version: '3.30', xfs4iotName: 'cashacceptor', validateOutgoing: true });
  t.teardown(() => gw.close());
  t.equal((await gw.client.command('CashAcceptor.CashInStart', {})).header.completionCode ?? null, null);
  gw.sim.cimInsertItems(gw.logicalName, '1x3');
  await new Promise((resolve) => setTimeout(resolve, 50));
  const storage = async () => (await gw.client.command('Storage.GetStorage')).payload?.storage as Record<string, unknown>;
  const before = await storage();
  const order: string[] = [];
  const announced: Record<string, unknown> = {};
  const stop = gw.client.onUnsolicited((m: Message) => {
    if (m.header.name !== 'Storage.StorageChangedEvent') return;
    order.push(`storage ${Object.keys(m.payload ?? {}).join(',')}`);
    Object.assign(announced, m.payload);
  });
  const units = gw.sim.infoCount(gw.logicalName, WFS_INF_CIM_CASH_UNIT_INFO);
  // The operator's count raises CASHUNITINFOCHANGED ahead of the CashIn in the provider's queue: the
  // read before the CashIn's completion must see the units, not keep the last ones.
  gw.sim.cimSetUnitCount(gw.logicalName, 3, 42);
  const cashIn = await gw.client.command('CashAcceptor.CashIn');
  order.push('completion');
  stop();
  t.equal(cashIn.header.completionCode ?? null, null);
  t.equal(gw.sim.infoCount(gw.logicalName, WFS_INF_CIM_CASH_UNIT_INFO) - units, 1, 'one read of the units');
  t.same(order, ['storage unit3', 'completion'], 'the counted unit is announced before the completion');
  const after = await storage();
  t.notSame(after.unit3, before.unit3, 'unit3 changed');
  t.same(after.unit3, announced.unit3, 'GetStorage shows unit3 as announced');
});

t.test('an acceptor without an escrow may store notes during CASH_IN: its read after CashIn stays a full one', async (t) => {
  const caps = (intermediateStacker: number) => ({ intermediateStacker }) as CimCaps;
  t.equal(cimKeepsStorage('CashAcceptor.CashIn', caps(0)), false);
  t.equal(cimKeepsStorage('CashAcceptor.CashIn', caps(100)), true);
  t.equal(cimKeepsStorage('CashAcceptor.CashInStart', caps(0)), true);
  for (const moves of ['CashAcceptor.CashInEnd', 'CashAcceptor.CashInRollback', 'CashManagement.Retract', 'CashManagement.Reset', 'Storage.EndExchange']) {
    t.equal(cimKeepsStorage(moves, caps(100)), false, moves);
  }
});
