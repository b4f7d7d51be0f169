// The IDC bridge end to end: XFS4IoT client -> WebSocket -> engine -> bridge -> koffi -> message pump
// -> simulator, for every case of cases/idc-cases.json, plus every error of the mapping files injected
// into the simulator. Finally every command, event and error entry of the mappings must have been
// used by one of them.
import t, { type Test } from 'tap';
import { readFileSync } from 'node:fs';
import type { JsonObject } from '../../src/xfs4iot/backend.ts';
import type { Message } from '../../src/xfs4iot/client.ts';
import { loadMappings } from '../../src/bridge/mapping-loader.ts';
import { MappingUsage } from '../../src/bridge/usage.ts';
import { matches, shutdownManager, startTestGateway, valueAt, waitFor, type SimVersion, type TestGateway } from './harness.ts';

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
  during?: Array<{ afterEvent: string; steps: Step[] }>;
  expect?: Expect;
  unsolicited?: string;
  cancel?: boolean;
}

interface Case {
  id: string;
  service: SimVersion;
  steps: Step[];
  note?: string;
  warnings?: string[];
}

const cases = (JSON.parse(readFileSync(new URL('./cases/idc-cases.json', import.meta.url), 'utf8')) as { cases: Case[] }).cases;
const mappings = loadMappings();
const idc = mappings.classes.get('IDC')!;
const usage = new MappingUsage();

const eventCode = (event: unknown): number => (typeof event === 'number' ? event : idc.events[String(event)].code);
const commandCode = (name: string): number => idc.xfs3Commands[name];

async function simStep(gw: TestGateway, step: Step): Promise<void> {
  const { sim, logicalName: name } = gw;
  switch (step.sim) {
    case 'insertCard':
      sim.insertCard(name, { track1: step.track1 as string | undefined, track2: step.track2 as string | undefined, track3: step.track3 as string | undefined, atr: step.atr as string | undefined, invalid: step.invalid === true });
      return;
    case 'takeCard': sim.takeCard(name); return;
    case 'failNext': sim.failNext(name, step.error as string | number, step.command ? commandCode(String(step.command)) : 0); return;
    case 'serviceEvent': sim.idcServiceEvent(name, eventCode(step.event), Number(step.arg ?? 0)); return;
    case 'setRetainBin': sim.setRetainBin(name, Number(step.count), Number(step.threshold), Number(step.capacity)); return;
    case 'setDelay': sim.setDelay(name, Number(step.execMs), Number(step.infoMs ?? 0)); return;
    case 'setChipResponse': sim.setChipResponse(name, String(step.hex)); return;
    case 'setClessData': sim.setContactlessData(name, String(step.hex), Number(step.outcome ?? 3)); return;
    case 'loseConnection': sim.loseConnection(name, Number(step.restoreAfterMs ?? 0)); return;
    case 'restoreConnection': sim.restoreConnection(name); return;
    case 'hangNext': sim.hangNext(name); return;
    case 'wait': await new Promise((resolve) => setTimeout(resolve, Number(step.ms))); return;
    default: throw new Error(`unknown simulator step ${String(step.sim)}`);
  }
}

type T = Test;

async function sendStep(t: T, gw: TestGateway, step: Step, label: string): Promise<Message> {
  const expect = step.expect ?? { completionCode: null };
  const triggers = [...(step.during ?? [])];
  const background: Array<Promise<void>> = [];
  let requestId = 0;
  const run = (steps: Step[]) => {
    background.push((async () => {
      for (const inner of steps) {
        if (inner.cancel) await gw.client.cancel([requestId]);
        else await simStep(gw, inner);
      }
    })());
  };
  const fire = (name: string) => {
    const index = triggers.findIndex((trigger) => trigger.afterEvent === name);
    if (index >= 0) run(triggers.splice(index, 1)[0].steps);
  };
  const pending = gw.client.send(step.send as string, step.payload, {
    version: step.version ?? '2.0',
    ...(step.timeout !== undefined ? { timeout: step.timeout } : {}),
    onEvent: (event) => fire(event.header.name),
  });
  requestId = pending.requestId;
  await pending.acknowledged;
  fire('acknowledge');
  const completion = await pending.completion;
  await Promise.all(background);
  t.equal(triggers.length, 0, `${label}: every 'during' trigger fired`);
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

async function unsolicitedStep(t: T, gw: TestGateway, step: Step, consumed: Set<Message>, label: string): Promise<void> {
  const name = step.unsolicited as string;
  const found = await waitFor(() => gw.unsolicited.find((m) => !consumed.has(m) && m.header.name === name && (step.payload === undefined || matches(m.payload, step.payload))), 5000, `${name} ${JSON.stringify(step.payload ?? {})}`)
    .catch(() => undefined);
  t.ok(found, `${label}: unsolicited ${name} ${JSON.stringify(step.payload ?? {})} (seen: ${JSON.stringify(gw.unsolicited.map((m) => [m.header.name, m.payload]))})`);
  if (found) {
    consumed.add(found);
    t.equal(found.header.requestId, undefined, `${label}: unsolicited messages carry no requestId`);
  }
}

t.teardown(() => shutdownManager());

t.test('cases of cases/idc-cases.json', async (t) => {
  for (const entry of cases) {
    await t.test(entry.id, async (t) => {
      const gw = await startTestGateway(entry.service, usage);
      t.teardown(() => gw.close());
      const consumed = new Set<Message>();
      for (const [index, step] of entry.steps.entries()) {
        const label = `step ${index + 1}`;
        if (step.sim) await simStep(gw, step);
        else if (step.send) await sendStep(t, gw, step, `${label} ${step.send}`);
        else if (step.unsolicited) await unsolicitedStep(t, gw, step, consumed, label);
        else throw new Error(`case ${entry.id}: step ${index + 1} does nothing`);
      }
      for (const warning of entry.warnings ?? []) {
        t.ok(gw.log.warnings().some((line) => line.includes(warning)), `warning logged: ${warning}`);
      }
      // Card data never reaches the log in clear.
      t.notOk(gw.log.raw.some((line) => line.includes('4761739001010119')), 'no PAN in the log');
    });
  }
});

// Payloads that pass the bridge's own checks on the simulator, so that the injected 3.x error is what
// decides the completion.
const samplePayloads: Record<string, JsonObject | undefined> = {
  'Common.PowerSaveControl': { maxPowerSaveRecoveryTime: 5 },
  'CardReader.ReadRawData': { track2: true },
  'CardReader.WriteRawData': { track1: { data: 'JUIxMj8=', writeMethod: 'loco' } },
  'CardReader.Move': { to: 'exit' },
  'CardReader.Reset': { to: 'exit' },
  'CardReader.ChipIO': { chipProtocol: 'chipT0', chipData: 'AIQAAAg=' },
  'CardReader.ChipPower': { chipPower: 'cold' },
  'CardReader.SetKey': { keyValue: 'ASNFZ4mrze8=' },
  'CardReader.EMVClessConfigure': { terminalData: 'nxoCCEA=' },
  'CardReader.EMVClessPerformTransaction': { data: 'nAEA' },
  'CardReader.EMVClessIssuerUpdate': { data: 'kQA=' },
  'Storage.SetStorage': { storage: { unit1: { card: { status: { initialCount: 0 } } } } },
};

interface ErrorCase {
  label: string;
  error: number;
  command: string;
  expect: Expect;
}

function errorCases(): ErrorCase[] {
  const out: ErrorCase[] = [];
  const executable = Object.entries(idc.commands).filter(([name, entry]) => entry.kind === 'execute' && name in samplePayloads);
  for (const [errorName, error] of Object.entries(idc.errors)) {
    // The command-specific errorCode, through the first command that defines it and through every override.
    for (const [command, entry] of executable) {
      const errorCode = entry.errorOverrides?.[errorName] ?? error.errorCode;
      if (!errorCode || !entry.errorCodes?.includes(errorCode)) continue;
      if (out.some((c) => c.error === error.code && c.expect.errorCode === errorCode)) continue;
      out.push({ label: `${errorName} on ${command}`, error: error.code, command, expect: { completionCode: 'commandErrorCode', errorCode } });
    }
    // And the completion code for a command that has no such errorCode.
    const other = executable.find(([, entry]) => !(entry.errorCodes ?? []).includes(entry.errorOverrides?.[errorName] ?? error.errorCode ?? '\0'));
    if (other) out.push({ label: `${errorName} on ${other[0]}`, error: error.code, command: other[0], expect: { completionCode: error.otherwise, errorDescription: errorName } });
  }
  for (const [errorName, error] of Object.entries(mappings.generic.errors)) {
    const expect: Expect = { completionCode: error.completionCode };
    if (error.completionCode !== 'canceled' && error.completionCode !== 'timeOut') expect.errorDescription = errorName;
    out.push({ label: `${errorName} on CardReader.ReadRawData`, error: error.code, command: 'CardReader.ReadRawData', expect });
  }
  out.push({ label: 'an unknown hResult', error: -1234, command: 'CardReader.ReadRawData', expect: { completionCode: mappings.generic.unknownError.completionCode, errorDescription: '-1234' } });
  return out;
}

t.test('every mapped 3.x error, injected into the simulator', async (t) => {
  const gw = await startTestGateway('idc330', usage);
  t.teardown(() => gw.close());
  for (const entry of errorCases()) {
    const xfs3 = idc.commands[entry.command].xfs3?.[0] as string;
    gw.sim.failNext(gw.logicalName, entry.error, commandCode(xfs3));
    await sendStep(t, gw, { send: entry.command, payload: samplePayloads[entry.command], expect: entry.expect }, entry.label);
    // A lost connection is reported offline; wait until the status refresh brought the device back.
    await waitFor(() => (gw.gateway.services[0].bridge.store.deviceState === 'online' ? true : undefined), 5000, 'device online again');
  }
});

// Entries the simulator cannot produce; each must stay unused here, so the list cannot go stale.
const notProducible: Record<string, string> = {
  'idc.json:events/WFS_EXEE_IDC_INVALIDTRACKDATA': 'the simulator never raises INVALIDTRACKDATA',
  'generic.json:systemEvents/WFS_SYSE_HARDWARE_ERROR': 'the simulator raises no hardware error system event (covered in idc-translators.test.ts)',
};

t.test('every command, event and error entry of the mappings was exercised end to end', async (t) => {
  const keys = [
    ...Object.keys(idc.commands).map((name) => `idc.json:commands/${name}`),
    ...Object.keys(idc.events).map((name) => `idc.json:events/${name}`),
    ...Object.keys(idc.errors).map((name) => `idc.json:errors/${name}`),
    ...Object.keys(mappings.generic.errors).map((name) => `generic.json:errors/${name}`),
    'generic.json:unknownError',
    'generic.json:systemEvents/WFS_SYSE_DEVICE_STATUS',
    'generic.json:systemEvents/WFS_SYSE_HARDWARE_ERROR',
  ];
  for (const key of keys) {
    if (key in notProducible) t.notOk(usage.has(key), `${key} is listed as not producible (${notProducible[key]}) but was used: remove it from the list`);
    else t.ok(usage.has(key), `${key} exercised`);
  }
});
