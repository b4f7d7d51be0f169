// The PTR bridge end to end: XFS4IoT client -> WebSocket -> engine -> bridge -> koffi -> message pump
// -> simulated receipt printer, for every case of cases/ptr-cases.json (what the printer printed is
// read back from the simulator), plus every error of ptr.json injected into the simulator, plus a
// print that survives its client's disconnect. Finally every command, event and error entry of
// ptr.json must have been used by one of them.
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

type PtrSimVersion = 'ptr330' | 'ptr300';

interface Expect {
  completionCode: string | null;
  errorCode?: string;
  errorDescription?: string;
  payload?: JsonObject;
  absent?: string[];
  events?: string[];
  eventPayloads?: Record<string, JsonObject>;
}

interface Step {
  sim?: string;
  [arg: string]: unknown;
  send?: string;
  payload?: JsonObject;
  version?: string;
  timeout?: number;
  expect?: Expect;
  unsolicited?: string;
}

interface Case {
  id: string;
  service: PtrSimVersion;
  steps: Step[];
  note?: string;
  warnings?: string[];
}

const cases = (JSON.parse(readFileSync(new URL('./cases/ptr-cases.json', import.meta.url), 'utf8')) as { cases: Case[] }).cases;
const mappings = loadMappings();
const ptr = mappings.classes.get('PTR')!;
const usage = new MappingUsage();
const commandCode = (name: string): number => ptr.xfs3Commands[name];

let serial = 0;
async function startPtrTestGateway(version: PtrSimVersion): Promise<TestGateway> {
  const sim = SimulatorControl.load();
  const logicalName = `PTR_${process.pid}_${++serial}`;
  sim.addService(logicalName, 'PTR', version === 'ptr330' ? '3.30' : '3.00');
  const config = parseConfig({
    services: [{ logicalName, class: 'PTR', xfs4iotName: 'receiptprinter', statusPollMs: 0, openTimeoutMs: 5000 }],
    server: { port: 0 },
    logging: { level: 'debug' },
  });
  const log = new LogCapture();
  const gateway = await startGateway(config, { manager: await sharedManager(), logger: log.logger, usage, validateOutgoing: true });
  const client = await Xfs4IotClient.connect(gateway.publisher.url('receiptprinter'));
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

function simStep(t: Test, gw: TestGateway, step: Step): void {
  const { sim, logicalName: name } = gw;
  switch (step.sim) {
    case 'failNext': sim.failNext(name, step.error as string | number, step.command ? commandCode(String(step.command)) : 0); return;
    case 'takeMedia': sim.takeMedia(name); return;
    case 'clearOutput': sim.clearPrinterOutput(name); return;
    case 'expectOutput': t.equal(sim.printerOutput(name), step.text, 'what the printer printed'); return;
    case 'setSupplies': sim.setPrinterSupplies(name, Number(step.paper) as 0 | 1 | 2, Number(step.toner) as 0 | 1 | 2); return;
    case 'setRetractBin': sim.setPrinterRetractBin(name, Number(step.count), Number(step.high), Number(step.capacity)); return;
    default: throw new Error(`unknown simulator step ${String(step.sim)}`);
  }
}

async function sendStep(t: Test, gw: TestGateway, step: Step, label: string, client = gw.client): Promise<Message> {
  const expect = step.expect ?? { completionCode: null };
  const pending = client.send(step.send as string, step.payload, {
    version: step.version ?? '2.0',
    ...(step.timeout !== undefined ? { timeout: step.timeout } : {}),
  });
  const completion = await pending.completion;
  t.equal(completion.header.completionCode ?? null, expect.completionCode, `${label}: completionCode (${completion.header.errorDescription ?? ''})`);
  if (expect.errorCode !== undefined) t.equal(completion.payload?.errorCode, expect.errorCode, `${label}: errorCode`);
  if (expect.errorDescription !== undefined) t.match(completion.header.errorDescription ?? '', new RegExp(expect.errorDescription), `${label}: errorDescription`);
  if (expect.payload !== undefined) t.ok(matches(completion.payload, expect.payload), `${label}: payload ${JSON.stringify(completion.payload)} matches ${JSON.stringify(expect.payload)}`);
  for (const path of expect.absent ?? []) t.equal(valueAt(completion.payload, path), undefined, `${label}: ${path} absent`);
  if (expect.events !== undefined) t.same(pending.events.map((e) => e.header.name), expect.events, `${label}: events`);
  for (const [name, payload] of Object.entries(expect.eventPayloads ?? {})) {
    const event = pending.events.find((e) => e.header.name === name);
    t.ok(event && matches(event.payload, payload), `${label}: ${name} payload ${JSON.stringify(event?.payload)} matches ${JSON.stringify(payload)}`);
  }
  return completion;
}

async function unsolicitedStep(t: Test, gw: TestGateway, step: Step, consumed: Set<Message>, label: string): Promise<void> {
  const name = step.unsolicited as string;
  const found = await waitFor(() => gw.unsolicited.find((m) => !consumed.has(m) && m.header.name === name && (step.payload === undefined || matches(m.payload, step.payload))), 5000, `${name} ${JSON.stringify(step.payload ?? {})}`)
    .catch(() => undefined);
  t.ok(found, `${label}: unsolicited ${name} ${JSON.stringify(step.payload ?? {})} (seen: ${JSON.stringify(gw.unsolicited.filter((m) => !consumed.has(m)).map((m) => [m.header.name, m.payload])).slice(0, 2000)})`);
  if (found) {
    consumed.add(found);
    t.equal(found.header.requestId, undefined, `${label}: unsolicited messages carry no requestId`);
  }
}

t.teardown(() => shutdownManager());

t.test('cases of cases/ptr-cases.json', async (t) => {
  for (const entry of cases) {
    await t.test(entry.id, async (t) => {
      const gw = await startPtrTestGateway(entry.service);
      t.teardown(() => gw.close());
      const consumed = new Set<Message>();
      for (const [index, step] of entry.steps.entries()) {
        const label = `step ${index + 1}`;
        if (step.sim) simStep(t, gw, step);
        else if (step.send) await sendStep(t, gw, step, `${label} ${step.send}`);
        else if (step.unsolicited) await unsolicitedStep(t, gw, step, consumed, label);
        else throw new Error(`case ${entry.id}: step ${index + 1} does nothing`);
      }
      for (const warning of entry.warnings ?? []) {
        t.ok(gw.log.warnings().some((line) => line.includes(warning)), `warning logged: ${warning}`);
      }
    });
  }
});

// Payloads that pass the bridge's own checks on the simulator, so that the injected 3.x error is what
// decides the completion.
const samplePayloads: Record<string, JsonObject | undefined> = {
  'Printer.PrintForm': { formName: 'RECEIPT', fields: { AMOUNT: '1.00' } },
  'Printer.PrintRaw': { data: 'WA==' },
  'Printer.ControlMedia': { mediaControl: { flush: true } },
  'Printer.Reset': undefined,
  'Printer.RetractMedia': { mediaControl: 'unit1' },
  'Printer.ResetCount': { binNumber: 1 },
  'Printer.DispensePaper': { paperSource: 'upper' },
};

interface ErrorCase {
  label: string;
  error: number;
  command: string;
  expect: Expect;
}

function errorCases(): ErrorCase[] {
  const out: ErrorCase[] = [];
  const executable = Object.entries(ptr.commands).filter(([name, entry]) => entry.kind === 'execute' && name in samplePayloads);
  for (const [errorName, error] of Object.entries(ptr.errors)) {
    for (const [command, entry] of executable) {
      const errorCode = entry.errorOverrides?.[errorName] ?? error.errorCode;
      if (!errorCode || !entry.errorCodes?.includes(errorCode)) continue;
      if (out.some((c) => c.error === error.code && c.expect.errorCode === errorCode)) continue;
      out.push({ label: `${errorName} on ${command}`, error: error.code, command, expect: { completionCode: 'commandErrorCode', errorCode } });
    }
    const other = executable.find(([, entry]) => !(entry.errorCodes ?? []).includes(entry.errorOverrides?.[errorName] ?? error.errorCode ?? '\0'));
    if (other) out.push({ label: `${errorName} on ${other[0]}`, error: error.code, command: other[0], expect: { completionCode: error.otherwise, errorDescription: errorName } });
  }
  return out;
}

t.test('every mapped 3.x error, injected into the simulator', async (t) => {
  const gw = await startPtrTestGateway('ptr330');
  t.teardown(() => gw.close());
  const all = errorCases();
  t.ok(all.length >= Object.keys(ptr.errors).length, `${all.length} error cases`);
  for (const entry of all) {
    const xfs3 = ptr.commands[entry.command].xfs3?.[0] as string;
    gw.sim.failNext(gw.logicalName, entry.error, commandCode(xfs3));
    await sendStep(t, gw, { send: entry.command, payload: samplePayloads[entry.command], expect: entry.expect }, entry.label);
    await waitFor(() => (gw.gateway.services[0].bridge.store.deviceState === 'online' ? true : undefined), 5000, 'device online again');
  }
});

t.test('a print runs to completion when its client disconnects', async (t) => {
  const gw = await startPtrTestGateway('ptr330');
  t.teardown(() => gw.close());
  gw.sim.clearPrinterOutput(gw.logicalName);
  gw.sim.setDelay(gw.logicalName, 300);
  const leaving = await Xfs4IotClient.connect(gw.gateway.publisher.url('receiptprinter'));
  await leaving.send('Printer.PrintForm', { formName: 'RECEIPT', fields: { AMOUNT: 'EUR 10.00' }, mediaControl: { cut: true } }).acknowledged;
  await leaving.close();
  await waitFor(() => (gw.sim.pending(gw.logicalName) === 0 && gw.sim.printerOutput(gw.logicalName) !== '' ? true : undefined), 3000, 'the print finished on the device');
  gw.sim.setDelay(gw.logicalName, 0);
  t.equal(gw.sim.printerOutput(gw.logicalName), 'SIMULATED BANK\nAMOUNT: EUR 10.00\n<cut>\n', 'the receipt was printed once, whole');
});

t.test('every command, event and error entry of ptr.json was exercised end to end', async (t) => {
  const keys = [
    ...Object.keys(ptr.commands).map((name) => `ptr.json:commands/${name}`),
    ...Object.keys(ptr.events).map((name) => `ptr.json:events/${name}`),
    ...Object.keys(ptr.errors).map((name) => `ptr.json:errors/${name}`),
  ];
  for (const key of keys) t.ok(usage.has(key), `${key} exercised`);
});
