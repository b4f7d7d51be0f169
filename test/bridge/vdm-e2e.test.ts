// The VDM bridge end to end: the contract suite (cases/vdm-cases.json, injected generic errors, every
// mapping entry used) and the handshake as clients live it: registered clients are asked and the
// gateway acknowledges to 3.x once each has acknowledged or gone; a vendor application outside the
// gateway (the simulator's SimVdmRequest) takes the ATM, and the card reader published beside the
// VDM service refuses device commands until vendor mode is left; a vendor application that is a
// client of the gateway keeps the devices usable.
import t from 'tap';
import { Xfs4IotClient, type Message } from '../../src/xfs4iot/client.ts';
import { classSuite } from './class-suite.ts';
import { startClassGateway, waitFor, type TestGateway } from './harness.ts';

type VdmSimVersion = 'vdm330' | 'vdm320' | 'vdm300';

const suite = classSuite<VdmSimVersion>({
  cls: 'VDM',
  mappingFile: 'vdm.json',
  casesFile: 'vdm-cases.json',
  xfs4iotName: 'vendormode',
  versions: { vdm330: '3.30', vdm320: '3.20', vdm300: '3.00' },
  validateOutgoing: true,
  simSteps: {
    vendorRequest: (step, { gw }) => gw.sim.vdmRequest(gw.logicalName, step.mode === 'enter'),
  },
  samplePayloads: {
    'VendorMode.EnterModeRequest': undefined,
    'VendorApplication.SetActiveInterface': { activeInterface: 'operator' },
  },
  errorInjection: { version: 'vdm330', executeOnly: true, dedupe: false, genericOn: 'VendorApplication.SetActiveInterface', unknownHResult: true },
  coverage: { genericErrors: true },
});

suite.caseTable();
suite.errorInjection();

async function vdmGateway(): Promise<TestGateway & { cardReaderUrl: string }> {
  const gw = await startClassGateway({
    cls: 'VDM', xfs3Version: '3.30', xfs4iotName: 'vendormode', validateOutgoing: true, usage: suite.usage,
    companions: [{ cls: 'IDC', xfs3Version: '3.30', xfs4iotName: 'cardreader' }],
  });
  return Object.assign(gw, { cardReaderUrl: gw.gateway.publisher.url('cardreader') });
}

const connect = (url: string): Promise<Xfs4IotClient> => Xfs4IotClient.connect(url);
const heard = (client: Xfs4IotClient): Message[] => {
  const seen: Message[] = [];
  client.onUnsolicited((m) => seen.push(m));
  return seen;
};
const names = (seen: Message[]): string[] => seen.map((m) => m.header.name).filter((n) => n.startsWith('VendorMode.'));

t.test('registered clients are asked; the gateway answers 3.x once each acknowledged or left', async (t) => {
  const gw = await vdmGateway();
  const url = gw.gateway.publisher.url('vendormode');
  const teller = await connect(url);
  const monitor = await connect(url);
  const tellerHeard = heard(teller);
  const monitorHeard = heard(monitor);
  t.equal((await teller.command('VendorMode.Register', { appName: 'Teller' })).header.completionCode ?? null, null);
  t.equal((await monitor.command('VendorMode.Register', { appName: 'Monitor' })).header.completionCode ?? null, null);

  let entered = false;
  const request = gw.client.command('VendorMode.EnterModeRequest').then((m) => { entered = true; return m; });
  await waitFor(() => tellerHeard.find((m) => m.header.name === 'VendorMode.EnterModeRequestEvent'), 5000, 'the teller is asked');
  await waitFor(() => monitorHeard.find((m) => m.header.name === 'VendorMode.EnterModeRequestEvent'), 5000, 'the monitor is asked');
  t.equal(gw.sim.vdmState(gw.logicalName), 0, 'enter pending');
  t.equal((await teller.command('VendorMode.EnterModeAcknowledge')).header.completionCode ?? null, null);
  await new Promise((r) => setTimeout(r, 150));
  t.notOk(entered, 'the request waits for the monitor');
  await monitor.close();
  const done = await request;
  t.equal(done.header.completionCode ?? null, null, 'a client that disconnects no longer holds the request');
  await waitFor(() => tellerHeard.find((m) => m.header.name === 'VendorMode.ModeEnteredEvent'), 5000, 'ModeEnteredEvent');
  t.equal(gw.sim.vdmState(gw.logicalName), 1, 'vendor mode active');

  const card = await connect(gw.cardReaderUrl);
  const reset = await card.command('CardReader.Reset', {});
  t.not(reset.header.completionCode, 'deviceNotReady', 'a client of the gateway asked for vendor mode: the devices stay usable');

  const leave = gw.client.command('VendorMode.ExitModeRequest');
  await waitFor(() => tellerHeard.find((m) => m.header.name === 'VendorMode.ExitModeRequestEvent'), 5000, 'the teller is asked to exit');
  t.equal((await teller.command('VendorMode.ExitModeAcknowledge')).header.completionCode ?? null, null);
  t.equal((await leave).header.completionCode ?? null, null);
  const exited = await waitFor(() => tellerHeard.find((m) => m.header.name === 'VendorMode.ModeExitedEvent'), 5000, 'ModeExitedEvent');
  t.same(exited.payload, { connectedApplications: ['Teller'] }, 'the clients still registered');
  t.same(names(tellerHeard), ['VendorMode.EnterModeRequestEvent', 'VendorMode.ModeEnteredEvent', 'VendorMode.ExitModeRequestEvent', 'VendorMode.ModeExitedEvent']);
  await Promise.all([teller.close(), card.close()]);
  await gw.close();
});

t.test('a vendor application outside the gateway takes the ATM: device commands stop on every service until it leaves', async (t) => {
  const gw = await vdmGateway();
  const teller = await connect(gw.gateway.publisher.url('vendormode'));
  const tellerHeard = heard(teller);
  await teller.command('VendorMode.Register', { appName: 'Teller' });
  const card = await connect(gw.cardReaderUrl);

  gw.sim.vdmRequest(gw.logicalName, true);
  await waitFor(() => tellerHeard.find((m) => m.header.name === 'VendorMode.EnterModeRequestEvent'), 5000, 'the teller is asked');
  t.equal(gw.sim.vdmState(gw.logicalName), 0, 'waiting for the gateway');
  await teller.command('VendorMode.EnterModeAcknowledge');
  await waitFor(() => tellerHeard.find((m) => m.header.name === 'VendorMode.ModeEnteredEvent'), 5000, 'ModeEnteredEvent');
  t.equal(gw.sim.vdmState(gw.logicalName), 1);

  const refused = await card.command('CardReader.Reset', {});
  t.equal(refused.header.completionCode, 'deviceNotReady', 'the card reader beside it refuses device commands');
  t.match(refused.header.errorDescription ?? '', /vendor mode/);
  t.equal((await card.command('Common.Status')).header.completionCode ?? null, null, 'queries go on');
  t.ok(gw.log.lines.some((l) => /vendor mode entered for an application outside the gateway/.test(String(l.msg))), 'logged once, as a warning');

  gw.sim.vdmRequest(gw.logicalName, false);
  await waitFor(() => tellerHeard.find((m) => m.header.name === 'VendorMode.ExitModeRequestEvent'), 5000, 'the teller is asked to exit');
  await teller.command('VendorMode.ExitModeAcknowledge');
  await waitFor(() => tellerHeard.find((m) => m.header.name === 'VendorMode.ModeExitedEvent'), 5000, 'ModeExitedEvent');
  t.equal(gw.sim.vdmState(gw.logicalName), 3, 'inactive again');
  const again = await card.command('CardReader.Reset', {});
  t.not(again.header.completionCode, 'deviceNotReady', 'device commands run again');
  await Promise.all([teller.close(), card.close()]);
  await gw.close();
});

suite.coverageWalk();
