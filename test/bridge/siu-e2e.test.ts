// The SIU bridge end to end: XFS4IoT client -> WebSocket -> engine -> bridge -> koffi -> message pump
// -> simulated sensors and indicators unit, for every case of cases/siu-cases.json, plus every error
// of siu.json injected into the simulator, plus event registration. Finally every command, event and
// error entry of siu.json must have been used by one of them.
import t, { type Test } from 'tap';
import { readFileSync } from 'node:fs';
import type { JsonObject } from '../../src/xfs4iot/backend.ts';
import { Xfs4IotClient, type Message } from '../../src/xfs4iot/client.ts';
import { parseConfig } from '../../src/config/load.ts';
import { startGateway } from '../../src/bridge/gateway.ts';
import { loadMappings } from '../../src/bridge/mapping-loader.ts';
import { MappingUsage } from '../../src/bridge/usage.ts';
import { SimulatorControl } from '../../src/legacy-xfs3/simulator-control.ts';
import { LogCapture, matches, sharedManager, shutdownManager, valueAt, waitFor, type TestGateway } from './harness.ts';

type SiuSimVersion = 'siu330' | 'siu320' | 'siu300';

interface Expect {
  completionCode: string | null;
  errorCode?: string;
  errorDescription?: string;
  payload?: JsonObject;
  absent?: string[];
}

interface Step {
  sim?: string;
  [arg: string]: unknown;
  send?: string;
  payload?: JsonObject;
  version?: string;
  expect?: Expect;
  unsolicited?: string;
}

interface Case {
  id: string;
  service: SiuSimVersion;
  steps: Step[];
  warnings?: string[];
}

const cases = (JSON.parse(readFileSync(new URL('./cases/siu-cases.json', import.meta.url), 'utf8')) as { cases: Case[] }).cases;
const mappings = loadMappings();
const siu = mappings.classes.get('SIU')!;
const usage = new MappingUsage();
const portTypes: Record<string, number> = { sensors: 1, doors: 2, indicators: 4, auxiliaries: 8, guidLights: 16 };
let serial = 0;

async function startSiuTestGateway(version: SiuSimVersion): Promise<TestGateway> {
  const sim = SimulatorControl.load();
  const logicalName = `SIU_${process.pid}_${++serial}`;
  sim.addService(logicalName, 'SIU', version === 'siu330' ? '3.30' : version === 'siu320' ? '3.20' : '3.00');
  const config = parseConfig({
    services: [{ logicalName, class: 'SIU', xfs4iotName: 'siu', statusPollMs: 0, openTimeoutMs: 5000 }],
    server: { port: 0 },
    logging: { level: 'debug' },
  });
  const log = new LogCapture();
  const gateway = await startGateway(config, { manager: await sharedManager(), logger: log.logger, usage, validateOutgoing: true });
  const client = await Xfs4IotClient.connect(gateway.publisher.url('siu'));
  const unsolicited: Message[] = [];
  client.onUnsolicited((message) => unsolicited.push(message));
  return {
    gateway, client, sim, logicalName, log, unsolicited,
    close: async () => {
      await client.close();
      await gateway.close();
    },
  };
}

const commandCode = (name: string): number => siu.xfs3Commands[name];

function simStep(t: Test, gw: TestGateway, step: Step, label: string): void {
  const { sim, logicalName: name } = gw;
  const type = portTypes[String(step.portType)] ?? 0;
  switch (step.sim) {
    case 'setPort': sim.siuSetPort(name, type, Number(step.index), Number(step.value)); return;
    case 'checkPort': t.equal(sim.siuGetPort(name, type, Number(step.index)), Number(step.value), `${label}: ${String(step.portType)}[${String(step.index)}] on the device`); return;
    case 'failNext': sim.failNext(name, step.error as string | number, step.command ? commandCode(String(step.command)) : 0); return;
    default: throw new Error(`unknown simulator step ${String(step.sim)}`);
  }
}

async function sendStep(t: Test, gw: TestGateway, step: Step, label: string): Promise<Message> {
  const expect = step.expect ?? { completionCode: null };
  const completion = await gw.client.send(step.send as string, step.payload, { version: step.version ?? '2.0' }).completion;
  t.equal(completion.header.completionCode ?? null, expect.completionCode, `${label}: completionCode (${completion.header.errorDescription ?? ''})`);
  if (expect.errorCode !== undefined) t.equal(completion.payload?.errorCode, expect.errorCode, `${label}: errorCode`);
  if (expect.errorDescription !== undefined) t.match(completion.header.errorDescription ?? '', new RegExp(expect.errorDescription), `${label}: errorDescription`);
  if (expect.payload !== undefined) t.ok(matches(completion.payload, expect.payload), `${label}: payload ${JSON.stringify(completion.payload)} matches ${JSON.stringify(expect.payload)}`);
  for (const path of expect.absent ?? []) t.equal(valueAt(completion.payload, path), undefined, `${label}: ${path} absent`);
  return completion;
}

async function unsolicitedStep(t: Test, gw: TestGateway, step: Step, consumed: Set<Message>, label: string): Promise<void> {
  const name = step.unsolicited as string;
  const found = await waitFor(() => gw.unsolicited.find((m) => !consumed.has(m) && m.header.name === name && (step.payload === undefined || matches(m.payload, step.payload))), 5000, name)
    .catch(() => undefined);
  t.ok(found, `${label}: unsolicited ${name} ${JSON.stringify(step.payload ?? {})} (seen: ${JSON.stringify(gw.unsolicited.filter((m) => !consumed.has(m)).map((m) => [m.header.name, m.payload])).slice(0, 2000)})`);
  if (found) consumed.add(found);
}

t.teardown(() => shutdownManager());

t.test('cases of cases/siu-cases.json', async (t) => {
  for (const entry of cases) {
    await t.test(entry.id, async (t) => {
      const gw = await startSiuTestGateway(entry.service);
      t.teardown(() => gw.close());
      const consumed = new Set<Message>();
      for (const [index, step] of entry.steps.entries()) {
        const label = `step ${index + 1}`;
        if (step.sim) simStep(t, gw, step, label);
        else if (step.send) await sendStep(t, gw, step, `${label} ${step.send}`);
        else if (step.unsolicited) await unsolicitedStep(t, gw, step, consumed, label);
        else throw new Error(`case ${entry.id}: step ${index + 1} does nothing`);
      }
      for (const warning of entry.warnings ?? []) t.ok(gw.log.warnings().some((line) => line.includes(warning)), `warning logged: ${warning}`);
    });
  }
});

// Payloads that pass the bridge's own checks on the simulator, so that the injected 3.x error decides.
const samplePayloads: Record<string, JsonObject> = {
  'Lights.SetLight': { cardReader: { center: { flashRate: 'slow' } } },
  'Auxiliaries.SetAuxiliaries': { safeDoor: 'unbolt' },
  'Auxiliaries.Register': { cabinetDoor: 'register' },
};

t.test('every mapped 3.x error, injected into the simulator', async (t) => {
  const gw = await startSiuTestGateway('siu330');
  t.teardown(() => gw.close());
  const executable = Object.entries(siu.commands).filter(([name]) => name in samplePayloads);
  const run = async (label: string, error: number, command: string, expect: Expect) => {
    gw.sim.failNext(gw.logicalName, error, commandCode(siu.commands[command].xfs3![0]!));
    await sendStep(t, gw, { send: command, payload: samplePayloads[command], expect }, label);
    await waitFor(() => (gw.gateway.services[0].bridge.store.deviceState === 'online' ? true : undefined), 5000, 'device online again');
  };
  for (const [errorName, error] of Object.entries(siu.errors)) {
    for (const [command, entry] of executable) {
      const errorCode = entry.errorOverrides?.[errorName] ?? error.errorCode;
      if (errorCode && entry.errorCodes?.includes(errorCode)) await run(`${errorName} on ${command}`, error.code, command, { completionCode: 'commandErrorCode', errorCode });
    }
    const other = executable.find(([, entry]) => !(entry.errorCodes ?? []).includes(entry.errorOverrides?.[errorName] ?? error.errorCode ?? '\0'));
    if (other) await run(`${errorName} on ${other[0]}`, error.code, other[0], { completionCode: error.otherwise, errorDescription: errorName });
  }
  for (const [errorName, error] of Object.entries(mappings.generic.errors)) {
    const expect: Expect = { completionCode: error.completionCode };
    if (error.completionCode !== 'canceled' && error.completionCode !== 'timeOut') expect.errorDescription = errorName;
    await run(`${errorName} on Lights.SetLight`, error.code, 'Lights.SetLight', expect);
  }
});

t.test('PORT_STATUS reaches clients only for registered ports, and stops after deregister', async (t) => {
  const gw = await startSiuTestGateway('siu330');
  t.teardown(() => gw.close());
  const { sim, logicalName: name, client } = gw;
  t.equal((await client.command('Auxiliaries.Register', { safeDoor: 'register' })).header.completionCode ?? null, null);
  sim.siuSetPort(name, portTypes.doors!, 0, 2);
  sim.siuSetPort(name, portTypes.doors!, 1, 2);
  const seen = await waitFor(() => gw.unsolicited.find((m) => m.header.name === 'Auxiliaries.AuxiliaryStatusEvent'), 5000, 'safe door event');
  t.same(seen.payload, { safeDoor: 'open' }, 'the safe door opened; the cabinet door is not registered');
  t.equal((await client.command('Auxiliaries.Register', { safeDoor: 'deregister' })).header.completionCode ?? null, null);
  sim.siuSetPort(name, portTypes.doors!, 1, 1);
  // Unregistered changes reach the status at the next read: any command re-reads it.
  t.equal((await client.command('Lights.SetLight', { cardReader: { center: { flashRate: 'off' } } })).header.completionCode ?? null, null);
  const status = await client.command('Common.Status');
  t.equal(valueAt(status.payload, 'auxiliaries.safeDoor'), 'closed', 'the status still follows the door');
  t.equal(valueAt(status.payload, 'auxiliaries.cabinetDoor'), 'open');
  t.equal(gw.unsolicited.filter((m) => m.header.name === 'Auxiliaries.AuxiliaryStatusEvent').length, 1, 'no event after deregister');
});

t.test('every command, event and error entry of siu.json was exercised end to end', async (t) => {
  const keys = [
    ...Object.keys(siu.commands).map((name) => `siu.json:commands/${name}`),
    ...Object.keys(siu.events).map((name) => `siu.json:events/${name}`),
    ...Object.keys(siu.errors).map((name) => `siu.json:errors/${name}`),
  ];
  for (const key of keys) t.ok(usage.has(key), `${key} exercised`);
});
