// The PIN bridge end to end: XFS4IoT client -> WebSocket -> engine -> bridge -> koffi -> message pump
// -> simulated encrypting PIN pad, for every case of cases/pin-cases.json, plus every error of pin.json
// injected into the simulator, a PIN entry canceled by Common.Cancel, the seed's pin pad / encryptor
// queuing example, and a trace-level log that holds no PIN block, key, crypto data or PAN digits.
// Finally every command, event and error entry of pin.json must have been used by one of them.
import t, { type Test } from 'tap';
import { readFileSync } from 'node:fs';
import type { JsonObject } from '../../src/xfs4iot/backend.ts';
import { Xfs4IotClient, type Message } from '../../src/xfs4iot/client.ts';
import { SimulatorControl } from '../../src/legacy-xfs3/simulator-control.ts';
import { parseConfig } from '../../src/config/load.ts';
import { startGateway } from '../../src/bridge/gateway.ts';
import { loadMappings } from '../../src/bridge/mapping-loader.ts';
import { MappingUsage } from '../../src/bridge/usage.ts';
import { LogCapture, matches, sharedManager, shutdownManager, valueAt, waitFor, type TestGateway } from './harness.ts';

type PinSimVersion = 'pin330' | 'pin300';

interface Expect {
  completionCode: string | null;
  errorCode?: string;
  errorDescription?: string;
  payload?: JsonObject;
  absent?: string[];
  events?: string[];
  eventSequence?: JsonObject[];
  noDigits?: boolean;
}

interface Step {
  sim?: string;
  [arg: string]: unknown;
  send?: string;
  payload?: JsonObject;
  expect?: Expect;
  unsolicited?: string;
}

interface Case { id: string; service: PinSimVersion; steps: Step[]; note?: string }

const cases = (JSON.parse(readFileSync(new URL('./cases/pin-cases.json', import.meta.url), 'utf8')) as { cases: Case[] }).cases;
const mappings = loadMappings();
const pin = mappings.classes.get('PIN')!;
const usage = new MappingUsage();
const DIGIT_KEYS = new Set(['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine']);
let serial = 0;

async function startPinGateway(version: PinSimVersion, log = new LogCapture()): Promise<TestGateway> {
  const sim = SimulatorControl.load();
  const logicalName = `PIN_${process.pid}_${++serial}`;
  sim.addService(logicalName, 'PIN', version === 'pin330' ? '3.30' : '3.00');
  const config = parseConfig({
    services: [{ logicalName, class: 'PIN', xfs4iotName: 'pinpad', statusPollMs: 0, openTimeoutMs: 5000 }],
    server: { port: 0 },
    logging: { level: 'trace' },
  });
  const gateway = await startGateway(config, { manager: await sharedManager(), logger: log.logger, usage, validateOutgoing: false });
  const client = await Xfs4IotClient.connect(gateway.publisher.url('pinpad'));
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

const commandCode = (name: string): number => pin.xfs3Commands[name];

async function simStep(gw: TestGateway, step: Step): Promise<void> {
  switch (step.sim) {
    case 'pressKeys': gw.sim.pressKeys(gw.logicalName, String(step.keys)); return;
    case 'failNext': gw.sim.failNext(gw.logicalName, step.error as string | number, step.command ? commandCode(String(step.command)) : 0); return;
    default: throw new Error(`unknown simulator step ${String(step.sim)}`);
  }
}

async function sendStep(t: Test, gw: TestGateway, step: Step, label: string): Promise<Message> {
  const expect = step.expect ?? { completionCode: null };
  const pending = gw.client.send(step.send as string, step.payload, { version: '2.0' });
  const completion = await pending.completion;
  t.equal(completion.header.completionCode ?? null, expect.completionCode, `${label}: completionCode (${completion.header.errorDescription ?? ''})`);
  if (expect.errorCode !== undefined) t.equal(completion.payload?.errorCode, expect.errorCode, `${label}: errorCode`);
  if (expect.errorDescription !== undefined) t.match(completion.header.errorDescription ?? '', new RegExp(expect.errorDescription), `${label}: errorDescription`);
  if (expect.payload !== undefined) t.ok(matches(completion.payload, expect.payload), `${label}: payload ${JSON.stringify(completion.payload)} matches ${JSON.stringify(expect.payload)}`);
  for (const path of expect.absent ?? []) t.equal(valueAt(completion.payload, path), undefined, `${label}: ${path} absent`);
  if (expect.events !== undefined) t.same(pending.events.map((e) => e.header.name), expect.events, `${label}: events`);
  if (expect.eventSequence !== undefined) {
    t.ok(matches(pending.events.map((e) => e.payload), expect.eventSequence), `${label}: events ${JSON.stringify(pending.events.map((e) => e.payload))} match ${JSON.stringify(expect.eventSequence)}`);
    // An exact match too: a digit where none is expected must fail.
    t.same(pending.events.map((e) => e.payload), expect.eventSequence, `${label}: event payloads are exactly these`);
  }
  if (expect.noDigits) {
    const digits = pending.events.filter((e) => DIGIT_KEYS.has(String(e.payload?.digit)));
    t.same(digits.map((e) => e.payload), [], `${label}: no KeyEvent names a digit`);
    t.ok(pending.events.length > 0, `${label}: KeyEvents were sent`);
  }
  return completion;
}

t.teardown(() => shutdownManager());

t.test('cases of cases/pin-cases.json', async (t) => {
  for (const entry of cases) {
    await t.test(entry.id, async (t) => {
      const gw = await startPinGateway(entry.service);
      t.teardown(() => gw.close());
      const consumed = new Set<Message>();
      for (const [index, step] of entry.steps.entries()) {
        const label = `step ${index + 1}`;
        if (step.sim) await simStep(gw, step);
        else if (step.send) await sendStep(t, gw, step, `${label} ${step.send}`);
        else if (step.unsolicited) {
          const found = await waitFor(() => gw.unsolicited.find((m) => !consumed.has(m) && m.header.name === step.unsolicited), 5000, String(step.unsolicited)).catch(() => undefined);
          t.ok(found, `${label}: unsolicited ${String(step.unsolicited)}`);
          if (found) consumed.add(found);
        } else throw new Error(`case ${entry.id}: step ${index + 1} does nothing`);
      }
    });
  }
});

// Payloads that pass the bridge's own checks, so that the injected 3.x error decides the completion.
const digitKeys = Object.fromEntries([...DIGIT_KEYS].map((name) => [name, { terminate: false }]));
const samplePayloads: Record<string, JsonObject | undefined> = {
  'Keyboard.PinEntry': { minLen: 4, maxLen: 6, activeKeys: { ...digitKeys, enter: { terminate: true } } },
  'Keyboard.DataEntry': { maxLen: 6, activeKeys: { ...digitKeys, enter: { terminate: true } } },
  'Keyboard.Reset': undefined,
  'PinPad.GetPinBlock': { customerData: '400000123456', format: 'iso0', key: 'PinKey1' },
  'PinPad.Reset': undefined,
  'Crypto.CryptoData': { key: 'DataKey1', data: 'AAAAAAAAAAA=' },
  'Crypto.GenerateRandom': undefined,
  'KeyManagement.ImportKey': { key: 'K1', value: 'ABEiM0RVZneImaq7zN3u/w==' },
  'KeyManagement.DeleteKey': { key: 'PinKey1' },
  'KeyManagement.Initialization': undefined,
  'KeyManagement.Reset': undefined,
};

interface ErrorCase { label: string; error: number; command: string; expect: Expect }

function errorCases(): ErrorCase[] {
  const out: ErrorCase[] = [];
  const executable = Object.entries(pin.commands).filter(([name, entry]) => entry.kind === 'execute' && name in samplePayloads);
  for (const [errorName, error] of Object.entries(pin.errors)) {
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
  const gw = await startPinGateway('pin330');
  t.teardown(() => gw.close());
  for (const entry of errorCases()) {
    const xfs3 = pin.commands[entry.command].xfs3?.[0] as string;
    gw.sim.failNext(gw.logicalName, entry.error, commandCode(xfs3));
    await sendStep(t, gw, { send: entry.command, payload: samplePayloads[entry.command], expect: entry.expect }, entry.label);
    await waitFor(() => (gw.gateway.services[0].bridge.store.deviceState === 'online' ? true : undefined), 5000, 'device online again');
  }
  // GetKeyDetail is a query: its error comes from the simulator itself.
  const missing = await gw.client.command('KeyManagement.GetKeyDetail', { keyName: 'NoSuchKey' });
  t.equal(missing.payload?.errorCode, 'keyNotFound');
});

t.test('Common.Cancel ends a PIN entry waiting for the customer', async (t) => {
  const gw = await startPinGateway('pin330');
  t.teardown(() => gw.close());
  const entry = gw.client.send('Keyboard.PinEntry', samplePayloads['Keyboard.PinEntry']);
  await entry.acknowledged;
  await waitFor(() => (gw.sim.pending(gw.logicalName) > 0 ? true : undefined), 3000, 'the GET_PIN on the device');
  gw.sim.pressKeys(gw.logicalName, '12');
  await waitFor(() => (entry.events.length === 2 ? true : undefined), 3000, 'two key events');
  const cancel = await gw.client.command('Common.Cancel', { requestIds: [entry.requestId] });
  t.equal(cancel.header.completionCode ?? null, null);
  const done = await entry.completion;
  t.equal(done.header.completionCode, 'canceled');
  gw.sim.pressKeys(gw.logicalName, '1234E');
  const again = await gw.client.command('Keyboard.PinEntry', samplePayloads['Keyboard.PinEntry']);
  t.same(again.payload, { digits: 4, completion: 'enter' }, 'the pad takes a new PIN entry after the cancel');
});

t.test('the seed\'s queuing example: entries use the pin pad, cryptography the encryptor', async (t) => {
  // DataEntry, CryptoData, PinEntry, GenerateRandom (for the seed's Digest, which is not bridged). The
  // engine hands CryptoData to the device while DataEntry waits for the customer (other resource) and
  // holds PinEntry back until the pin pad is free. A 3.x service runs its requests one at a time, so
  // at the 3.x level CryptoData waits behind GET_DATA, and GenerateRandom, started by the engine when
  // CryptoData freed the encryptor, waits behind the GET_PIN that started just before it.
  const gw = await startPinGateway('pin330');
  t.teardown(() => gw.close());
  const order: string[] = [];
  const track = (name: string, pending: { completion: Promise<Message> }) => pending.completion.then((m) => { order.push(name); return m; });
  const dataEntry = gw.client.send('Keyboard.DataEntry', samplePayloads['Keyboard.DataEntry']);
  const data = track('DataEntry', dataEntry);
  await dataEntry.acknowledged;
  const crypto = track('CryptoData', gw.client.send('Crypto.CryptoData', samplePayloads['Crypto.CryptoData']));
  const pinEntry = track('PinEntry', gw.client.send('Keyboard.PinEntry', samplePayloads['Keyboard.PinEntry']));
  const random = track('GenerateRandom', gw.client.send('Crypto.GenerateRandom'));
  await waitFor(() => (gw.sim.pending(gw.logicalName) === 2 ? true : undefined), 3000, 'DataEntry and CryptoData both handed to the device');
  await new Promise((resolve) => setTimeout(resolve, 50));
  t.equal(gw.sim.pending(gw.logicalName), 2, 'PinEntry (pin pad busy) and GenerateRandom (encryptor busy) are held by the engine');
  t.equal(order.length, 0, 'nothing completed while the customer has not typed');
  gw.sim.pressKeys(gw.logicalName, '7E');
  await data;
  await crypto;
  t.same(order, ['DataEntry', 'CryptoData']);
  gw.sim.pressKeys(gw.logicalName, '2468E');
  t.same((await pinEntry).payload, { digits: 4, completion: 'enter' });
  t.equal((await random).header.completionCode ?? null, null);
  t.same(order, ['DataEntry', 'CryptoData', 'PinEntry', 'GenerateRandom']);
});

t.test('a trace-level log holds no PIN block, key, crypto data or PAN digits', async (t) => {
  const log = new LogCapture('trace');
  const gw = await startPinGateway('pin330', log);
  t.teardown(() => gw.close());
  const key = 'ABEiM0RVZneImaq7zN3u/w==';
  t.equal((await gw.client.command('KeyManagement.ImportKey', { key: 'LogKey', keyAttributes: { keyUsage: 'D0' }, value: key })).header.completionCode ?? null, null);
  const plain = 'U2VjcmV0IHBheWxvYWQhIQ==';
  const enc = await gw.client.command('Crypto.CryptoData', { key: 'LogKey', data: plain });
  const cipher = String(enc.payload?.data);
  gw.sim.pressKeys(gw.logicalName, '8642E');
  t.same((await gw.client.command('Keyboard.PinEntry', samplePayloads['Keyboard.PinEntry'])).payload, { digits: 4, completion: 'enter' });
  const block = await gw.client.command('PinPad.GetPinBlock', { customerData: '493817265012', format: 'iso0', key: 'PinKey1' });
  const pinBlock = String(block.payload?.pinBlock);
  t.ok(pinBlock.length > 8, 'a PIN block came back');
  t.ok(log.lines.some((line) => line.msg === 'command' && line.name === 'PinPad.GetPinBlock'), 'commands and their payloads are logged');
  t.ok(log.lines.some((line) => line.msg === 'completion' && line.name === 'PinPad.GetPinBlock'), 'completions and their payloads are logged');
  const all = log.raw.join('\n');
  for (const [what, secret] of [['key value (base64)', key], ['key value (hex)', '00112233445566778899aabbccddeeff'], ['plain data', plain], ['cipher data', cipher],
    ['PIN block', pinBlock], ['PAN digits', '493817265012']]) {
    t.notOk(all.toLowerCase().includes(secret.toLowerCase()), `no ${what} in the log`);
  }
  t.notOk(/"digit":"(?:zero|one|two|three|four|five|six|seven|eight|nine)"/.test(all), 'no PIN digit name in the log');
});

t.test('every command, event and error entry of pin.json was exercised end to end', async (t) => {
  const keys = [
    ...Object.keys(pin.commands).map((name) => `pin.json:commands/${name}`),
    ...Object.keys(pin.events).map((name) => `pin.json:events/${name}`),
    ...Object.keys(pin.errors).map((name) => `pin.json:errors/${name}`),
  ];
  for (const key of keys) t.ok(usage.has(key), `${key} exercised`);
});
