// The CDM bridge end to end: XFS4IoT client -> WebSocket -> engine -> bridge -> koffi -> message pump
// -> simulated cash dispenser, for every case of cases/cdm-cases.json, plus every error of cdm.json
// injected into the simulator, plus the money-safety cases (a dispense survives its client's
// disconnect; a timed-out dispense is not tried again). Finally every command, event and error entry
// of cdm.json must have been used by one of them.
import t, { type Test } from 'tap';
import { readFileSync } from 'node:fs';
import type { JsonObject } from '../../src/xfs4iot/backend.ts';
import { Xfs4IotClient, type Message } from '../../src/xfs4iot/client.ts';
import { loadMappings } from '../../src/bridge/mapping-loader.ts';
import { MappingUsage } from '../../src/bridge/usage.ts';
import { startCdmTestGateway, type CdmSimVersion } from './cdm-harness.ts';
import { matches, shutdownManager, valueAt, waitFor, type TestGateway } from './harness.ts';

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
  service: CdmSimVersion;
  steps: Step[];
  note?: string;
  warnings?: string[];
}

const cases = (JSON.parse(readFileSync(new URL('./cases/cdm-cases.json', import.meta.url), 'utf8')) as { cases: Case[] }).cases;
const mappings = loadMappings();
const cdm = mappings.classes.get('CDM')!;
const usage = new MappingUsage();

const commandCode = (name: string): number => cdm.xfs3Commands[name];

async function simStep(gw: TestGateway, step: Step): Promise<void> {
  const { sim, logicalName: name } = gw;
  switch (step.sim) {
    case 'failNext': sim.failNext(name, step.error as string | number, step.command ? commandCode(String(step.command)) : 0); return;
    case 'noteErrorNext': sim.noteErrorNext(name, Number(step.reason)); return;
    case 'takeNotes': sim.takeNotes(name); return;
    case 'setCount': sim.setCashUnitCount(name, Number(step.number), Number(step.count)); return;
    case 'setDelay': sim.setDelay(name, Number(step.execMs), Number(step.infoMs ?? 0)); return;
    case 'hangNext': sim.hangNext(name); return;
    case 'wait': await new Promise((resolve) => setTimeout(resolve, Number(step.ms))); return;
    default: throw new Error(`unknown simulator step ${String(step.sim)}`);
  }
}

async function sendStep(t: Test, gw: TestGateway, step: Step, label: string): Promise<Message> {
  const expect = step.expect ?? { completionCode: null };
  const pending = gw.client.send(step.send as string, step.payload, {
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

t.test('cases of cases/cdm-cases.json', async (t) => {
  for (const entry of cases) {
    await t.test(entry.id, async (t) => {
      const gw = await startCdmTestGateway(entry.service, usage);
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
    });
  }
});

// Payloads that pass the bridge's own checks on the simulator, so that the injected 3.x error is what
// decides the completion.
const serviceMix = { service: { currencies: { EUR: 80 }, mix: 'mix1' } };
const samplePayloads: Record<string, JsonObject | undefined> = {
  'CashDispenser.Denominate': { request: { denomination: serviceMix } },
  'CashDispenser.Dispense': { denomination: { denomination: serviceMix }, position: 'outCenter' },
  'CashDispenser.Present': { position: 'outCenter' },
  'CashDispenser.Reject': undefined,
  'CashManagement.Retract': { location: { retractArea: 'retract' } },
  'CashManagement.Reset': undefined,
  'CashManagement.OpenShutter': { position: 'outCenter' },
  'CashManagement.CloseShutter': { position: 'outCenter' },
};

interface ErrorCase {
  label: string;
  error: number;
  command: string;
  expect: Expect;
}

function errorCases(): ErrorCase[] {
  const out: ErrorCase[] = [];
  const executable = Object.entries(cdm.commands).filter(([name, entry]) => entry.kind === 'execute' && name in samplePayloads);
  for (const [errorName, error] of Object.entries(cdm.errors)) {
    for (const [command, entry] of executable) {
      const errorCode = entry.errorOverrides?.[errorName] ?? error.errorCode;
      if (!errorCode || !entry.errorCodes?.includes(errorCode)) continue;
      if (out.some((c) => c.error === error.code && c.expect.errorCode === errorCode)) continue;
      out.push({ label: `${errorName} on ${command}`, error: error.code, command, expect: { completionCode: 'commandErrorCode', errorCode } });
    }
    const other = executable.find(([, entry]) => !(entry.errorCodes ?? []).includes(entry.errorOverrides?.[errorName] ?? error.errorCode ?? '\0'));
    if (other) out.push({ label: `${errorName} on ${other[0]}`, error: error.code, command: other[0], expect: { completionCode: error.otherwise, errorDescription: errorName } });
  }
  for (const [errorName, error] of Object.entries(mappings.generic.errors)) {
    const expect: Expect = { completionCode: error.completionCode };
    if (error.completionCode !== 'canceled' && error.completionCode !== 'timeOut') expect.errorDescription = errorName;
    out.push({ label: `${errorName} on CashDispenser.Denominate`, error: error.code, command: 'CashDispenser.Denominate', expect });
  }
  out.push({ label: 'an unknown hResult', error: -1234, command: 'CashDispenser.Denominate', expect: { completionCode: mappings.generic.unknownError.completionCode, errorDescription: '-1234' } });
  return out;
}

t.test('every mapped 3.x error, injected into the simulator', async (t) => {
  const gw = await startCdmTestGateway('cdm330', usage);
  t.teardown(() => gw.close());
  for (const entry of errorCases()) {
    const xfs3 = cdm.commands[entry.command].xfs3?.[0] as string;
    gw.sim.failNext(gw.logicalName, entry.error, commandCode(xfs3));
    await sendStep(t, gw, { send: entry.command, payload: samplePayloads[entry.command], expect: entry.expect }, entry.label);
    await waitFor(() => (gw.gateway.services[0].bridge.store.deviceState === 'online' ? true : undefined), 5000, 'device online again');
  }
});

const unitCount = async (client: Xfs4IotClient, unit: string): Promise<unknown> => {
  const storage = (await client.command('Storage.GetStorage')).payload?.storage as JsonObject;
  return valueAt(storage, `${unit}.cash.status.out.unknown.typeEUR50.fit`);
};

t.test('a dispense runs to completion when its client disconnects', async (t) => {
  const gw = await startCdmTestGateway('cdm330', usage);
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
  const gw = await startCdmTestGateway('cdm330', usage);
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
  const gw = await startCdmTestGateway('cdm330', usage);
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
  const gw = await startCdmTestGateway('cdm330', usage);
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
  const gw = await startCdmTestGateway('cdm330', usage);
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

t.test('every command, event and error entry of cdm.json was exercised end to end', async (t) => {
  const keys = [
    ...Object.keys(cdm.commands).map((name) => `cdm.json:commands/${name}`),
    ...Object.keys(cdm.events).map((name) => `cdm.json:events/${name}`),
    ...Object.keys(cdm.errors).map((name) => `cdm.json:errors/${name}`),
  ];
  for (const key of keys) t.ok(usage.has(key), `${key} exercised`);
});
