// The CDM bridge end to end (the contract suite of class-suite.ts): every case of
// cases/cdm-cases.json, every error of cdm.json injected into the simulator, plus the money-safety
// cases (a dispense survives its client's disconnect; a timed-out dispense is not tried again).
// Finally every command, event and error entry of cdm.json must have been used by one of them.
import t from 'tap';
import type { JsonObject } from '../../src/xfs4iot/backend.ts';
import { Xfs4IotClient } from '../../src/xfs4iot/client.ts';
import { classSuite } from './class-suite.ts';
import type { CdmSimVersion } from './cdm-harness.ts';
import { valueAt, waitFor } from './harness.ts';

const serviceMix = { service: { currencies: { EUR: 80 }, mix: 'mix1' } };
const suite = classSuite<CdmSimVersion>({
  cls: 'CDM',
  mappingFile: 'cdm.json',
  casesFile: 'cdm-cases.json',
  xfs4iotName: 'cashdispenser',
  versions: { cdm330: '3.30', cdm320: '3.20', cdm300: '3.00' },
  validateOutgoing: true,
  simSteps: {
    noteErrorNext: (step, { gw }) => gw.sim.noteErrorNext(gw.logicalName, Number(step.reason)),
    checkPrepared: (step, { t, gw, label }) => { t.equal(gw.sim.cdmPrepared(gw.logicalName), step.prepared === true, `${label}: the dispenser prepared or not`); },
    dispenseFault: (step, { gw }) => gw.sim.cdmDispenseFault(gw.logicalName, {
      ...(step.delayMs !== undefined ? { delayMs: Number(step.delayMs) } : {}), ...(step.jamAfter !== undefined ? { jamAfter: Number(step.jamAfter) } : {}),
    }),
    takeNotes: (_step, { gw }) => gw.sim.takeNotes(gw.logicalName),
    retractFault: (step, { gw }) => gw.sim.cdmRetractFault(gw.logicalName, Number(step.jamAfter), Number(step.reason ?? 1)),
    setCount: (step, { gw }) => gw.sim.setCashUnitCount(gw.logicalName, Number(step.number), Number(step.count)),
  },
  samplePayloads: {
    'CashDispenser.Denominate': { request: { denomination: serviceMix } },
    'CashDispenser.Dispense': { denomination: { denomination: serviceMix }, position: 'outCenter' },
    'CashDispenser.Present': { position: 'outCenter' },
    'CashDispenser.Reject': undefined,
    'CashManagement.Retract': { location: { retractArea: 'retract' } },
    'CashManagement.Reset': undefined,
    'CashManagement.OpenShutter': { position: 'outCenter' },
    'CashManagement.CloseShutter': { position: 'outCenter' },
    'CashDispenser.SetMixTable': { mixNumber: 3, mixRows: [{ amount: 50, mix: [{ value: 50, count: 1 }] }] },
    'CashDispenser.PrepareDispense': { action: 'start' },
    'CashDispenser.Count': { unit: 'unit2' },
    'CashDispenser.TestCashUnits': undefined,
    'Storage.SetStorage': { storage: { unit4: { cash: { configuration: { lowThreshold: 20 } } } } },
    'Storage.StartExchange': undefined,
    'Storage.EndExchange': undefined,
    'CashManagement.SetTellerInfo': { action: 'modify', tellerDetails: { tellerID: 0 } },
    'CashManagement.CalibrateCashUnit': { unit: 'unit2', numOfBills: 1 },
  },
  errorInjection: { version: 'cdm330', executeOnly: true, dedupe: true, genericOn: 'CashDispenser.Denominate', unknownHResult: true },
  coverage: { genericErrors: true, extraKeys: ['generic.json:unknownError'] },
});
const { samplePayloads, commandCode } = suite;
const startCdmTestGateway = (version: CdmSimVersion) => suite.start(version);

suite.caseTable();
suite.errorInjection();

const unitCount = async (client: Xfs4IotClient, unit: string): Promise<unknown> => {
  const storage = (await client.command('Storage.GetStorage')).payload?.storage as JsonObject;
  return valueAt(storage, `${unit}.cash.status.out.unknown.typeEUR50.fit`);
};

t.test('a dispense runs to completion when its client disconnects', async (t) => {
  const gw = await startCdmTestGateway('cdm330');
  t.teardown(() => gw.close());
  gw.sim.setDelay(gw.logicalName, 300);
  const leaving = await Xfs4IotClient.connect(gw.gateway.publisher.url('cashdispenser'));
  await leaving.send('CashDispenser.Dispense', samplePayloads['CashDispenser.Dispense']).acknowledged;
  await leaving.close();
  await waitFor(() => (gw.sim.pending(gw.logicalName) === 0 ? true : undefined), 3000, 'the dispense finished on the device');
  gw.sim.setDelay(gw.logicalName, 0);
  t.equal(await unitCount(gw.client, 'unit4'), 1, 'the notes left the cassette (the dispense was not canceled)');
  const present = await gw.client.command('CashDispenser.Present', { position: 'outCenter' });
  t.equal(present.header.completionCode ?? null, null, 'the dispensed notes can still be presented');
  t.equal(gw.sim.notesAtOutput(gw.logicalName), 3, 'three notes at the output');
});

t.test('a dispense whose outcome is unknown (3.x timeout) is not tried again', async (t) => {
  const gw = await startCdmTestGateway('cdm330');
  t.teardown(() => gw.close());
  gw.sim.failNext(gw.logicalName, 'WFS_ERR_TIMEOUT', commandCode('WFS_CMD_CDM_DISPENSE'));
  const done = await gw.client.command('CashDispenser.Dispense', samplePayloads['CashDispenser.Dispense']);
  t.equal(done.header.completionCode, 'timeOut');
  // A retry would have found the simulator healthy and dispensed: nothing may have moved.
  t.equal(await unitCount(gw.client, 'unit4'), 0, 'no note left the cassette');
  t.equal(gw.sim.notesAtOutput(gw.logicalName), 0);
  t.equal(valueAt((await gw.client.command('Common.Status')).payload, 'cashDispenser.intermediateStacker'), 'empty', 'the stacker is empty');
});

t.test('a dispense whose header timeout expires is canceled on the device and not tried again', async (t) => {
  const gw = await startCdmTestGateway('cdm330');
  t.teardown(() => gw.close());
  gw.sim.hangNext(gw.logicalName);
  const done = await gw.client.command('CashDispenser.Dispense', samplePayloads['CashDispenser.Dispense'], { timeout: 200 });
  t.equal(done.header.completionCode, 'timeOut');
  await waitFor(() => (gw.sim.pending(gw.logicalName) === 0 ? true : undefined), 3000, 'the hung dispense ended on the device');
  t.equal(await unitCount(gw.client, 'unit4'), 0, 'no note left the cassette');
  const again = await gw.client.command('CashDispenser.Dispense', samplePayloads['CashDispenser.Dispense']);
  t.equal(again.header.completionCode ?? null, null, 'the application decides to dispense again: once');
  t.equal(await unitCount(gw.client, 'unit4'), 1, 'one dispense worth of notes left the cassettes');
});

t.test('a present runs to completion when its client disconnects', async (t) => {
  const gw = await startCdmTestGateway('cdm330');
  t.teardown(() => gw.close());
  t.equal((await gw.client.command('CashDispenser.Dispense', samplePayloads['CashDispenser.Dispense'])).header.completionCode ?? null, null);
  gw.sim.setDelay(gw.logicalName, 300);
  const leaving = await Xfs4IotClient.connect(gw.gateway.publisher.url('cashdispenser'));
  await leaving.send('CashDispenser.Present', { position: 'outCenter' }).acknowledged;
  await leaving.close();
  await waitFor(() => (gw.sim.notesAtOutput(gw.logicalName) === 3 ? true : undefined), 3000, 'the notes at the output');
  gw.sim.setDelay(gw.logicalName, 0);
  t.pass('the present completed although its client was gone');
  const state = await gw.client.command('CashDispenser.GetPresentStatus');
  t.equal(state.payload?.presentState, 'presented');
});

t.test('Common.Cancel of a waiting denominate cancels it on the device', async (t) => {
  const gw = await startCdmTestGateway('cdm330');
  t.teardown(() => gw.close());
  gw.sim.hangNext(gw.logicalName);
  const pending = gw.client.send('CashDispenser.Denominate', samplePayloads['CashDispenser.Denominate']);
  await pending.acknowledged;
  await waitFor(() => (gw.sim.pending(gw.logicalName) === 1 ? true : undefined), 3000, 'the denominate waiting on the device');
  t.equal((await gw.client.cancel([pending.requestId])).header.completionCode ?? null, null);
  t.equal((await pending.completion).header.completionCode, 'canceled');
  await waitFor(() => (gw.sim.pending(gw.logicalName) === 0 ? true : undefined), 3000, 'nothing left on the device');
  t.equal((await gw.client.command('CashDispenser.Denominate', samplePayloads['CashDispenser.Denominate'])).header.completionCode ?? null, null, 'the dispenser serves the next command');
});

suite.coverageWalk();
