// The SIU bridge end to end (the contract suite of class-suite.ts): every case of
// cases/siu-cases.json, every error of siu.json injected into the simulator, plus event registration.
// Finally every command, event and error entry of siu.json must have been used by one of them.
import t from 'tap';
import { classSuite, type SimStepContext, type Step } from './class-suite.ts';
import { valueAt, waitFor } from './harness.ts';

type SiuSimVersion = 'siu330' | 'siu320' | 'siu300';

const portTypes: Record<string, number> = { sensors: 1, doors: 2, indicators: 4, auxiliaries: 8, guidLights: 16 };
const portType = (step: Step): number => portTypes[String(step.portType)] ?? 0;

const suite = classSuite<SiuSimVersion>({
  cls: 'SIU',
  mappingFile: 'siu.json',
  casesFile: 'siu-cases.json',
  xfs4iotName: 'siu',
  versions: { siu330: '3.30', siu320: '3.20', siu300: '3.00' },
  validateOutgoing: true,
  simSteps: {
    setPort: (step, { gw }) => gw.sim.siuSetPort(gw.logicalName, portType(step), Number(step.index), Number(step.value)),
    checkPort: (step, { t, gw, label }: SimStepContext) => {
      t.equal(gw.sim.siuGetPort(gw.logicalName, portType(step), Number(step.index)), Number(step.value), `${label}: ${String(step.portType)}[${String(step.index)}] on the device`);
    },
  },
  samplePayloads: {
    'Lights.SetLight': { cardReader: { position: 'center', flashRate: 'slow' } },
    'Auxiliaries.SetAuxiliaries': { safeDoor: 'unbolt' },
    'Auxiliaries.Register': { cabinetDoor: 'register' },
  },
  errorInjection: { version: 'siu330', executeOnly: false, dedupe: false, genericOn: 'Lights.SetLight' },
  coverage: { genericErrors: true },
});
const startSiuTestGateway = (version: SiuSimVersion) => suite.start(version);

suite.caseTable();
suite.errorInjection();

t.test('PORT_STATUS reaches clients only for registered ports, and stops after deregister', async (t) => {
  const gw = await startSiuTestGateway('siu330');
  t.teardown(() => gw.close());
  const { sim, logicalName: name, client } = gw;
  t.equal((await client.command('Auxiliaries.Register', { safeDoor: 'register' })).header.completionCode ?? null, null);
  sim.siuSetPort(name, portTypes.doors!, 0, 2);
  sim.siuSetPort(name, portTypes.doors!, 1, 2);
  const doorEvents = () => gw.unsolicited.filter((m) => m.header.name === 'Common.StatusChangedEvent' && valueAt(m.payload, 'auxiliaries.safeDoor') !== undefined);
  const seen = await waitFor(() => doorEvents()[0], 5000, 'safe door event');
  t.same(seen.payload, { auxiliaries: { safeDoor: 'open' } }, 'the safe door opened (a status change: neither release has an event of its own); the cabinet door is not registered');
  t.equal((await client.command('Auxiliaries.Register', { safeDoor: 'deregister' })).header.completionCode ?? null, null);
  sim.siuSetPort(name, portTypes.doors!, 1, 1);
  // Unregistered changes reach the status at the next read: any command re-reads it.
  t.equal((await client.command('Lights.SetLight', { cardReader: { center: { flashRate: 'off' } } }, { version: '3.0' })).header.completionCode ?? null, null);
  const status = await client.command('Common.Status');
  t.equal(valueAt(status.payload, 'auxiliaries.safeDoor'), 'closed', 'the status still follows the door');
  t.equal(valueAt(status.payload, 'auxiliaries.cabinetDoor'), undefined, '2023-2 has no cabinetDoor');
  t.equal((await client.setVersions({ commands: { 'Common.Status': 3 } })).header.completionCode ?? null, null);
  const status3 = await client.command('Common.Status');
  t.equal(status3.header.version, '3.0', 'a 2024-03 client (Common.Status selected at 3) gets the 3.0 completion');
  t.equal(valueAt(status3.payload, 'auxiliaries.cabinetDoor'), 'open', 'with the cabinet door');
  t.same(doorEvents().map((m) => valueAt(m.payload, 'auxiliaries.safeDoor')), ['open', 'closed'], 'after deregister the change arrives only with the next status read');
});

suite.coverageWalk();
