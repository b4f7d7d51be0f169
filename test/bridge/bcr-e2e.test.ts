// The BCR bridge end to end: XFS4IoT client -> WebSocket -> engine -> bridge -> koffi -> message pump
// -> simulated barcode reader, for every case of cases/bcr-cases.json, plus every error of bcr.json
// and of generic.json injected into the simulator. Finally every command and error entry of bcr.json
// must have been used by one of them.
import t, { type Test } from 'tap';
import { readFileSync } from 'node:fs';
import type { JsonObject } from '../../src/xfs4iot/backend.ts';
import { Xfs4IotClient, type Message } from '../../src/xfs4iot/client.ts';
import { parseConfig } from '../../src/config/load.ts';
import { startGateway } from '../../src/bridge/gateway.ts';
import { loadMappings } from '../../src/bridge/mapping-loader.ts';
import { MappingUsage } from '../../src/bridge/usage.ts';
import { SimulatorControl } from '../../src/legacy-xfs3/simulator-control.ts';
import { LogCapture, matches, sharedManager, shutdownManager, waitFor, type TestGateway } from './harness.ts';

type BcrSimVersion = 'bcr330' | 'bcr320' | 'bcr310';
const SIM_VERSIONS: Record<BcrSimVersion, string> = { bcr330: '3.30', bcr320: '3.20', bcr310: '3.10' };

interface Expect {
  completionCode: string | null;
  errorCode?: string;
  errorDescription?: string;
  payload?: JsonObject;
}

interface Step {
  sim?: string;
  symbology?: number;
  text?: string;
  send?: string;
  async?: boolean;
  await?: boolean;
  payload?: JsonObject;
  expect?: Expect;
}

interface Case {
  id: string;
  service: BcrSimVersion;
  steps: Step[];
}

const cases = (JSON.parse(readFileSync(new URL('./cases/bcr-cases.json', import.meta.url), 'utf8')) as { cases: Case[] }).cases;
const mappings = loadMappings();
const bcr = mappings.classes.get('BCR')!;
const usage = new MappingUsage();
let serial = 0;

async function startBcrTestGateway(version: BcrSimVersion): Promise<TestGateway> {
  const sim = SimulatorControl.load();
  const logicalName = `BCR_${process.pid}_${++serial}`;
  sim.addBarcodeReader(logicalName, SIM_VERSIONS[version]);
  const config = parseConfig({
    services: [{ logicalName, class: 'BCR', xfs4iotName: 'barcodereader', statusPollMs: 0, openTimeoutMs: 5000 }],
    server: { port: 0 },
    payments: { enabled: false },
    logging: { level: 'debug' },
  });
  const log = new LogCapture();
  const gateway = await startGateway(config, { manager: await sharedManager(), logger: log.logger, usage, validateOutgoing: true });
  const client = await Xfs4IotClient.connect(gateway.publisher.url('barcodereader'));
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

function check(t: Test, completion: Message, expect: Expect, label: string): void {
  t.equal(completion.header.completionCode ?? null, expect.completionCode, `${label}: completionCode (${completion.header.errorDescription ?? ''})`);
  if (expect.errorCode !== undefined) t.equal(completion.payload?.errorCode, expect.errorCode, `${label}: errorCode`);
  if (expect.errorDescription !== undefined) t.match(completion.header.errorDescription ?? '', new RegExp(expect.errorDescription), `${label}: errorDescription`);
  if (expect.payload !== undefined) t.ok(matches(completion.payload, expect.payload), `${label}: payload ${JSON.stringify(completion.payload)} matches ${JSON.stringify(expect.payload)}`);
}

t.teardown(() => shutdownManager());

t.test('cases of cases/bcr-cases.json', async (t) => {
  for (const entry of cases) {
    await t.test(entry.id, async (t) => {
      const gw = await startBcrTestGateway(entry.service);
      t.teardown(() => gw.close());
      let pending: Promise<Message> | undefined;
      for (const [index, step] of entry.steps.entries()) {
        const label = `step ${index + 1}`;
        if (step.sim === 'present') gw.sim.bcrPresent(gw.logicalName, Number(step.symbology), Buffer.from(step.text ?? '', 'latin1'));
        else if (step.send && step.async) pending = gw.client.send(step.send, step.payload, { version: '2.0' }).completion;
        else if (step.send) check(t, await gw.client.send(step.send, step.payload, { version: '2.0' }).completion, step.expect ?? { completionCode: null }, `${label} ${step.send}`);
        else if (step.await && pending) check(t, await pending, step.expect ?? { completionCode: null }, `${label} await`);
        else throw new Error(`case ${entry.id}: step ${index + 1} does nothing`);
      }
    });
  }
});

// Payloads that reach the device; the injected error decides. A barcode waits in front of the
// scanner so that a READ the injection does not stop would still complete.
const samplePayloads: Record<string, JsonObject | undefined> = { 'BarcodeReader.Read': { symbologies: { qrCode: true } }, 'BarcodeReader.Reset': undefined };

t.test('every mapped 3.x error, injected into the simulator', async (t) => {
  const gw = await startBcrTestGateway('bcr330');
  t.teardown(() => gw.close());
  const executable = Object.entries(bcr.commands).filter(([name]) => name in samplePayloads);
  const run = async (label: string, error: number, command: string, expect: Expect) => {
    gw.sim.bcrPresent(gw.logicalName, 48, Buffer.from('x'));
    gw.sim.failNext(gw.logicalName, error, bcr.xfs3Commands[bcr.commands[command].xfs3![0]!]);
    check(t, await gw.client.send(command, samplePayloads[command], { version: '2.0' }).completion, expect, label);
    // a lost-connection error takes the service offline until the bridge has reopened it
    await waitFor(() => (gw.gateway.services[0]!.bridge.store.deviceState === 'online' ? true : undefined), 5000, 'device online again');
  };
  for (const [errorName, error] of Object.entries(bcr.errors)) {
    for (const [command, entry] of executable) {
      if (error.errorCode && entry.errorCodes?.includes(error.errorCode)) await run(`${errorName} on ${command}`, error.code, command, { completionCode: 'commandErrorCode', errorCode: error.errorCode });
    }
    const other = executable.find(([, entry]) => !(entry.errorCodes ?? []).includes(error.errorCode ?? '\0'));
    if (other) await run(`${errorName} on ${other[0]}`, error.code, other[0], { completionCode: error.otherwise, errorDescription: errorName });
  }
  for (const [errorName, error] of Object.entries(mappings.generic.errors)) {
    const expect: Expect = { completionCode: error.completionCode };
    if (error.completionCode !== 'canceled' && error.completionCode !== 'timeOut') expect.errorDescription = errorName;
    await run(`${errorName} on BarcodeReader.Reset`, error.code, 'BarcodeReader.Reset', expect);
  }
});

t.test('every command and error entry of bcr.json was exercised end to end', async (t) => {
  const keys = [
    ...Object.keys(bcr.commands).map((name) => `bcr.json:commands/${name}`),
    ...Object.keys(bcr.errors).map((name) => `bcr.json:errors/${name}`),
  ];
  for (const key of keys) t.ok(usage.has(key), `${key} exercised`);
});
