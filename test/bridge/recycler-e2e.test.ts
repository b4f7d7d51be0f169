// A recycler end to end: a simulated 3.x CDM and CIM that share their cassettes, published as one
// XFS4IoT service through the real FFI path, manager and publisher (outgoing messages validated
// against both releases). The round trip: a note deposited into a recycling cassette is dispensed
// again; exchanges, resets and shutters are coordinated across the two 3.x sessions.
import t from 'tap';
import { OperationsJournal } from '../../src/bridge/operations-journal.ts';
import type { JsonObject } from '../../src/xfs4iot/backend.ts';
import type { Message } from '../../src/xfs4iot/client.ts';
import { MappingUsage } from '../../src/bridge/usage.ts';
import { loadMappings } from '../../src/bridge/mapping-loader.ts';
import { total } from '../../src/bridge/recycler/storage-merge.ts';
import { shutdownManager, waitFor } from './harness.ts';
import { startRecyclerGateway, type RecyclerGateway } from './fixtures/recycler-gateway.ts';

const usage = new MappingUsage();
t.teardown(shutdownManager);

type Unit = JsonObject & { positionName?: string; cash: JsonObject & { status: JsonObject & { initial: JsonObject; in: JsonObject; out: JsonObject } } };

async function storage(gw: RecyclerGateway): Promise<Record<string, Unit>> {
  const done = await gw.client.command('Storage.GetStorage');
  if (done.header.completionCode) throw new Error(`GetStorage: ${done.header.completionCode} ${done.header.errorDescription ?? ''}`);
  return (done.payload?.storage ?? {}) as Record<string, Unit>;
}

function idAt(units: Record<string, Unit>, position: string): string {
  const ids = Object.keys(units).filter((id) => units[id].positionName === position);
  if (ids.length !== 1) throw new Error(`${ids.length} units at ${position}`);
  return ids[0];
}

/** What a unit holds by XFS4IoT's own arithmetic: initial + in - out. */
function held(unit: Unit): number {
  const sum = (group: JsonObject) => Object.values(group).reduce((n: number, counts) => n + total(counts), 0);
  return total(unit.cash.status.initial) + sum(unit.cash.status.in) - sum(unit.cash.status.out);
}

function completion(message: Message): string | null {
  return message.header.completionCode ?? null;
}

function journal(path: string): Array<{ logical_name: string; xfs3_command: string; state: string }> {
  // Read as a reader beside the running gateway: the store, and the steps its log still holds.
  const reader = new OperationsJournal(path, { readOnly: true });
  try {
    return reader.all().map((e) => ({ logical_name: e.logicalName, xfs3_command: e.xfs3Command, state: e.state }));
  } finally {
    reader.close();
  }
}

t.test('one service: both interfaces, one status, each cassette once', async (t) => {
  const gw = await startRecyclerGateway({ usage });
  t.teardown(() => gw.close());
  const caps = await gw.client.command('Common.Capabilities');
  const names = ((caps.payload?.interfaces ?? []) as JsonObject[]).map((i) => i.name);
  for (const name of ['Common', 'CashDispenser', 'CashAcceptor', 'CashManagement', 'Storage']) t.ok(names.includes(name), `interface ${name}`);
  t.match(caps.payload, { cashDispenser: { type: String }, cashAcceptor: { type: String }, common: { serviceVersion: /CDM \+ XFS 3\.30 CIM$/ } });
  const status = await gw.client.command('Common.Status');
  t.match(status.payload, { common: { device: 'online' }, cashDispenser: {}, cashAcceptor: {}, cashManagement: { dispenser: String, acceptor: String } });
  const units = await storage(gw);
  const positions = Object.values(units).map((u) => u.positionName);
  t.same([...new Set(positions)].length, positions.length, 'no cassette twice');
  for (const position of ['RC1', 'RC2', 'RC3']) {
    const unit = units[idAt(units, position)];
    t.match(unit.cash.configuration, { types: { cashIn: true, cashOut: true } }, `${position} takes and gives notes`);
    t.ok(unit.cash.status.in.deposited !== undefined && unit.cash.status.out.presented !== undefined, `${position}: deposited and presented counts`);
  }
  t.match(idAt(units, 'RJ'), /^unitD\d+$/, 'the dispenser-only reject cassette');
  t.match(idAt(units, 'CI'), /^unit\d+$/, 'the acceptor-only cash-in cassette keeps the CIM id');
});

t.test('a deposited note is dispensed again', async (t) => {
  const gw = await startRecyclerGateway({ usage });
  t.teardown(() => gw.close());
  let units = await storage(gw);
  const rc2 = idAt(units, 'RC2');
  const cashIn = idAt(units, 'CI');
  // The EUR 20 cassette empty on both sides: one SetStorage reaches the CDM and the CIM.
  t.equal(completion(await gw.client.command('Storage.SetStorage', { storage: { [rc2]: { cash: { status: { initial: { unrecognized: 0 } } } } } })), null, 'emptied');
  units = await storage(gw);
  t.equal(held(units[rc2]), 0, 'RC2 holds nothing');
  const dispense = (count: number) => gw.client.command('CashDispenser.Dispense', { denomination: { denomination: { app: { counts: { [rc2]: count } } } }, position: 'outCenter' });
  t.not(completion(await dispense(1)), null, 'nothing to dispense from an empty cassette');

  t.equal(completion(await gw.client.command('CashAcceptor.CashInStart', {})), null);
  gw.sim.cimInsertItems(gw.cim, '3x3');
  t.equal(completion(await gw.client.command('CashAcceptor.CashIn')), null, 'three EUR 20 counted');
  const before = gw.unsolicited.length;
  const end = await gw.client.command('CashAcceptor.CashInEnd');
  t.equal(completion(end), null);
  t.ok(JSON.stringify(end.payload).includes(`"${rc2}"`), 'the completion names the cassette the notes went to');
  const announced = await waitFor(() => gw.unsolicited.slice(before).find((m) => m.header.name === 'Storage.StorageChangedEvent' && (m.payload ?? {})[rc2] !== undefined), 2000, 'RC2 announced');
  t.equal(held((announced.payload as Record<string, Unit>)[rc2]), 3, 'StorageChangedEvent: RC2 holds the three notes');
  units = await storage(gw);
  t.equal(held(units[rc2]), 3, 'GetStorage: RC2 holds them');

  const out = await dispense(3);
  t.equal(completion(out), null, `the dispenser gives the deposited notes (${out.header.errorDescription ?? ''})`);
  t.same(((out.payload as JsonObject).denomination as JsonObject).values, { [rc2]: 3 }, 'from RC2, named by the recycler id');
  t.equal(completion(await gw.client.command('CashDispenser.Present', { position: 'outCenter' })), null);
  gw.sim.takeNotes(gw.cdm);
  units = await storage(gw);
  t.equal(held(units[rc2]), 0, 'RC2 is empty again');
  t.equal(total(units[rc2].cash.status.in.deposited), 3, 'three deposited');
  t.equal(total(units[rc2].cash.status.out.presented), 3, 'three presented');

  // A unit the dispenser does not have never reaches the CDM, whose own unit of that number is another cassette.
  const foreign = await gw.client.command('CashDispenser.Dispense', { denomination: { denomination: { app: { counts: { [cashIn]: 1 } } } }, position: 'outCenter' });
  t.equal(completion(foreign), 'invalidData');
  t.match(foreign.header.errorDescription, new RegExp(`${cashIn} is not a cassette of the dispenser`));
});

t.test('reset and exchanges run on both 3.x services', async (t) => {
  const gw = await startRecyclerGateway({ usage });
  t.teardown(() => gw.close());
  t.equal(completion(await gw.client.command('CashManagement.Reset')), null);
  const resets = journal(gw.journalPath).filter((e) => /_RESET$/.test(e.xfs3_command)).map((e) => `${e.logical_name} ${e.xfs3_command}`);
  t.same(resets, [`${gw.cim} WFS_CMD_CIM_RESET`, `${gw.cdm} WFS_CMD_CDM_RESET`], 'the acceptor first, then the dispenser');

  t.equal(completion(await gw.client.command('Storage.StartExchange')), null);
  t.match((await gw.client.command('Common.Status')).payload, { common: { exchange: 'active' } });
  t.not(completion(await gw.client.command('CashAcceptor.CashInStart', {})), null, 'no deposit during the exchange');
  t.equal(completion(await gw.client.command('Storage.EndExchange')), null);
  t.equal(completion(await gw.client.command('CashAcceptor.CashInStart', {})), null, 'deposits again after it');
  t.equal(completion(await gw.client.command('CashAcceptor.CashInRollback')), null);

  // The acceptor cannot start: the dispenser must not be left in an exchange.
  gw.sim.failNext(gw.cim, 'WFS_ERR_HARDWARE_ERROR', 1310);
  const refused = await gw.client.command('Storage.StartExchange');
  t.not(completion(refused), null, 'the exchange did not start');
  t.ok(gw.log.lines.some((l) => /exchange started on one side only; ended it there again/.test(String(l.msg))), 'the dispenser side was ended again');
  const dispense = await gw.client.command('CashDispenser.Denominate', { request: { denomination: { service: { currencies: { EUR: 20 } } } } });
  t.equal(completion(dispense), null, `the dispenser is out of the exchange (${dispense.header.errorDescription ?? ''})`);
});

t.test('shutters and retracts go to the side whose items are at the output', async (t) => {
  const gw = await startRecyclerGateway({ usage });
  t.teardown(() => gw.close());
  t.equal(completion(await gw.client.command('CashDispenser.Dispense', { denomination: { denomination: { service: { currencies: { EUR: 40 } } } }, position: 'outCenter' })), null);
  t.equal(completion(await gw.client.command('CashDispenser.Present', { position: 'outCenter' })), null);
  t.equal(completion(await gw.client.command('CashManagement.Retract', { location: { retractArea: 'retract' } })), null, 'the dispenser takes its notes back');
  t.ok(journal(gw.journalPath).some((e) => e.xfs3_command === 'WFS_CMD_CDM_RETRACT'), 'through the CDM');
  t.equal(completion(await gw.client.command('CashAcceptor.CashInStart', {})), null);
  gw.sim.cimInsertItems(gw.cim, '1xunknown');
  await gw.client.command('CashAcceptor.CashIn');
  t.equal(completion(await gw.client.command('CashManagement.Retract', { location: { retractArea: 'retract' } })), null, 'the refused item is retracted');
  t.ok(journal(gw.journalPath).some((e) => e.xfs3_command === 'WFS_CMD_CIM_RETRACT'), 'through the CIM: it presented last');
  t.equal(completion(await gw.client.command('CashManagement.OpenShutter', { position: 'inCenter' })), null, 'an input position is the acceptor\'s');
  const shutterOf = async (iface: 'cashAcceptor' | 'cashDispenser', position: string) => {
    const status = (await gw.client.command('Common.Status')).payload as JsonObject;
    return ((status[iface] as JsonObject).positions as JsonObject[]).find((p) => p.position === position)?.shutter;
  };
  t.equal(await shutterOf('cashAcceptor', 'inCenter'), 'open');
  t.equal(completion(await gw.client.command('CashManagement.CloseShutter', { position: 'inCenter' })), null);
  t.equal(await shutterOf('cashAcceptor', 'inCenter'), 'closed', 'the acceptor closed it');
  // The dispenser presents again: the output shutter is the dispenser's.
  t.equal(completion(await gw.client.command('CashDispenser.Dispense', { denomination: { denomination: { service: { currencies: { EUR: 20 } } } }, position: 'outCenter' })), null);
  t.equal(completion(await gw.client.command('CashDispenser.Present', { position: 'outCenter' })), null);
  t.equal(await shutterOf('cashDispenser', 'outCenter'), 'open', 'presented through the open shutter');
  gw.sim.takeNotes(gw.cdm);
  t.equal(completion(await gw.client.command('CashManagement.CloseShutter', { position: 'outCenter' })), null);
  t.equal(await shutterOf('cashDispenser', 'outCenter'), 'closed', 'the dispenser closed it');
});

t.test('teller totals: received from the acceptor, dispensed from the dispenser', async (t) => {
  const gw = await startRecyclerGateway({ usage });
  t.teardown(() => gw.close());
  // Teller 0 exists on the dispenser only: it is the dispenser's, not an error.
  const only = await gw.client.command('CashManagement.GetTellerInfo', { tellerID: 0 });
  t.equal(completion(only), null, 'a teller only one side has');
  t.match(only.payload, { tellerDetails: [{ tellerID: 0, outputPosition: 'outDefault' }] });
  t.equal(completion(await gw.client.command('CashManagement.SetTellerInfo', { action: 'create', tellerDetails: { tellerID: 7, inputPosition: 'inCenter', outputPosition: 'outCenter' } })), null, 'created on both sides');
  t.equal(completion(await gw.client.command('CashAcceptor.CashInStart', { tellerID: 7 })), null);
  gw.sim.cimInsertItems(gw.cim, '2x3');
  t.equal(completion(await gw.client.command('CashAcceptor.CashIn')), null);
  t.equal(completion(await gw.client.command('CashAcceptor.CashInEnd')), null);
  t.equal(completion(await gw.client.command('CashDispenser.Dispense', { denomination: { tellerID: 7, denomination: { service: { currencies: { EUR: 10 } } } }, position: 'outCenter' })), null);
  const seven = await gw.client.command('CashManagement.GetTellerInfo', { tellerID: 7, currency: 'EUR' });
  t.equal(completion(seven), null);
  t.match(seven.payload, { tellerDetails: [{ tellerID: 7, inputPosition: 'inCenter', outputPosition: 'outCenter', tellerTotals: { EUR: { itemsReceived: 40, itemsDispensed: 10 } } }] }, 'EUR 40 received by the acceptor, EUR 10 dispensed by the dispenser');
  t.same((seven.payload?.tellerDetails as JsonObject[]).length, 1, 'one teller 7, not one per side');
  const missing = await gw.client.command('CashManagement.SetTellerInfo', { action: 'modify', tellerDetails: { tellerID: 99 } });
  t.equal(missing.payload?.errorCode, 'invalidTellerId', 'a teller neither side has');
});

t.test('every route and presenter of recycler.json was used', async (t) => {
  const recycler = loadMappings().recycler;
  t.ok(recycler, 'mappings/recycler.json is loaded');
  for (const name of Object.keys(recycler?.commands ?? {})) t.ok(usage.has(`recycler.json:commands/${name}`), `commands['${name}']`);
  for (const name of Object.keys(recycler?.presenters ?? {})) t.ok(usage.has(`recycler.json:presenters/${name}`), `presenters['${name}']`);
});
