// Rules 3, 4 and 5: header validation, acknowledge statuses and completion codes, over raw sockets.
import t from 'tap';
import { command, RawSocket, startRig } from './fixtures/rig.ts';

t.test('invalidMessage: not JSON, binary, bad header, not a command, bad payload', async (t) => {
  const rig = await startRig();
  t.teardown(() => rig.close());
  const raw = await RawSocket.open(rig.url);
  t.teardown(() => raw.close());
  const cases: [string, string | Buffer | object, boolean?][] = [
    ['not JSON', '{"header": '],
    ['binary frame', Buffer.from(JSON.stringify(command('Common.Status', 1))), true],
    ['missing name', { header: { type: 'command', version: '2.0', requestId: 1 } }],
    ['missing version', { header: { type: 'command', name: 'Common.Status', requestId: 1 } }],
    ['missing type', { header: { name: 'Common.Status', version: '2.0', requestId: 1 } }],
    ['additional header property', command('Common.Status', 1, undefined, { priority: 1 })],
    ['bad version format', { header: { type: 'command', name: 'Common.Status', version: '2', requestId: 1 } }],
    ['bad name format', { header: { type: 'command', name: 'Status', version: '2.0', requestId: 1 } }],
    ['not a command', { header: { type: 'completion', name: 'Common.Status', version: '2.0', requestId: 1 } }],
    ['command with a status', command('Common.Status', 1, undefined, { status: null })],
    ['command with a completionCode', command('Common.Status', 1, undefined, { completionCode: 'canceled' })],
    ['array payload', { header: { type: 'command', name: 'Common.Status', version: '2.0', requestId: 1 }, payload: [1] }],
    ['negative timeout', command('Common.Status', 1, undefined, { timeout: -1 })],
    ['extra top-level property', { header: { type: 'command', name: 'Common.Status', version: '2.0', requestId: 1 }, extra: 1 }],
    ['JSON array', '[1,2]'],
  ];
  let expected = 0;
  for (const [label, frame, binary] of cases) {
    raw.send(frame, binary);
    const messages = await raw.waitFor(++expected);
    const ack = messages[expected - 1];
    t.equal(ack.header.type, 'acknowledge', `${label}: acknowledge`);
    t.equal(ack.header.status, 'invalidMessage', `${label}: invalidMessage`);
  }
  // Nothing else followed any of them: the next valid command's ack is the very next message.
  raw.send(command('Common.Status', 1));
  const after = await raw.waitFor(expected + 2);
  t.equal(after.length, expected + 2);
  t.same([after[expected].header.type, after[expected + 1].header.type], ['acknowledge', 'completion']);
  t.equal(after[expected].header.requestId, 1, 'rejected messages did not consume requestId 1');
});

t.test('a null payload and an empty {} payload are accepted as no payload', async (t) => {
  const rig = await startRig();
  t.teardown(() => rig.close());
  const raw = await RawSocket.open(rig.url);
  t.teardown(() => raw.close());
  raw.send({ header: { type: 'command', name: 'Common.Status', version: '2.0', requestId: 1, timeout: 0 }, payload: null });
  raw.send({ header: { type: 'command', name: 'Common.Status', version: '2.0', requestId: 2 }, payload: {} });
  const messages = await raw.waitFor(4);
  for (const requestId of [1, 2]) {
    const [ack, completion] = messages.filter((m) => m.header.requestId === requestId);
    t.equal(ack.header.status, undefined, `requestId ${requestId}: accepted`);
    t.equal(completion.header.completionCode, undefined, `requestId ${requestId}: completed`);
  }
});

t.test('invalidRequestID: not an integer, < 1, not increasing, equal to an executing one', async (t) => {
  const rig = await startRig();
  t.teardown(() => rig.close());
  rig.device.hold('Keyboard.PinEntry');
  const raw = await RawSocket.open(rig.url);
  t.teardown(() => raw.close());
  const bad: [string, unknown][] = [['string', '5'], ['zero', 0], ['negative', -3], ['fraction', 1.5], ['missing', undefined], ['null', null]];
  let n = 0;
  for (const [label, id] of bad) {
    raw.send(command('Common.Status', id));
    const m = (await raw.waitFor(++n))[n - 1];
    t.equal(m.header.status, 'invalidRequestID', label);
  }
  raw.send(command('Keyboard.PinEntry', 10, { maxLen: 4 }));
  n += 1;
  await raw.waitFor(n);
  await rig.device.whenStarted('Keyboard.PinEntry');
  raw.send(command('Common.Status', 10));
  let m = (await raw.waitFor(++n))[n - 1];
  t.equal(m.header.status, 'invalidRequestID', 'equal to the executing command');
  t.equal(m.header.requestId, 10);
  raw.send(command('Common.Status', 7));
  m = (await raw.waitFor(++n))[n - 1];
  t.equal(m.header.status, 'invalidRequestID', 'lower than the last one');
  raw.send(command('Common.Status', 11));
  const tail = await raw.waitFor(n + 2);
  t.equal(tail[n].header.status, undefined, 'a greater id is accepted');
  t.equal(tail[n + 1].header.requestId, 11);
  rig.device.release('Keyboard.PinEntry');
  const done = await raw.waitFor(n + 3);
  t.equal(done[n + 2].header.requestId, 10, 'the executing command still completes');
});

t.test('tooManyRequests past the per-connection limit of queued + executing commands', async (t) => {
  const rig = await startRig({ limits: { maxPendingPerConnection: 2 } });
  t.teardown(() => rig.close());
  rig.device.hold('Keyboard.PinEntry');
  const raw = await RawSocket.open(rig.url);
  t.teardown(() => raw.close());
  raw.send(command('Keyboard.PinEntry', 1, { maxLen: 4 }));
  raw.send(command('Keyboard.PinEntry', 2, { maxLen: 4 }));
  raw.send(command('Common.Status', 3));
  const msgs = await raw.waitFor(3);
  t.same(msgs.map((m) => [m.header.requestId, m.header.status]), [[1, undefined], [2, undefined], [3, 'tooManyRequests']]);
  rig.device.unhold('Keyboard.PinEntry');
  await raw.waitFor(5);
  raw.send(command('Common.Status', 4));
  const after = await raw.waitFor(7);
  t.equal(after[5].header.status, undefined, 'accepted again once commands completed');
});

t.test('completion codes: invalidCommand, unsupportedCommand, invalidData naming the property', async (t) => {
  const rig = await startRig();
  t.teardown(() => rig.close());
  const client = await rig.client();
  let c = await client.command('Foo.Bar');
  t.equal(c.header.completionCode, 'invalidCommand', 'unknown name');
  c = await client.command('CardReader.ChipIO', { chipProtocol: 'chipT0', chipData: 'AA' });
  t.equal(c.header.completionCode, 'unsupportedCommand', 'defined for CardReader, not offered by this service');
  c = await client.command('CashDispenser.Dispense', { denomination: { currencies: { EUR: 10 } } });
  t.equal(c.header.completionCode, 'invalidCommand', 'interface not provided by this service');
  c = await client.command('Crypto.GenerateRandom', undefined, { version: '7.0' });
  t.equal(c.header.completionCode, 'unsupportedCommand', 'unsupported major version');
  t.match(c.header.errorDescription, /2\.0/);
  c = await client.command('Crypto.Digest', { digestInput: '00' });
  t.equal(c.header.completionCode, 'invalidData');
  t.match(c.header.errorDescription, /payload\.hashAlgorithm/);
  c = await client.command('Crypto.Digest', { hashAlgorithm: 'md5' });
  t.equal(c.header.completionCode, 'invalidData');
  t.match(c.header.errorDescription, /payload\.hashAlgorithm/);
  c = await client.command('CardReader.WriteRawData', { data: [{ destination: 'track2', data: 7 }] });
  t.equal(c.header.completionCode, 'invalidData');
  t.match(c.header.errorDescription, /payload\.data\[0\]\.data/);
  c = await client.command('Common.Cancel', { requestIds: [0] });
  t.equal(c.header.completionCode, 'invalidData');
  t.match(c.header.errorDescription, /payload\.requestIds\[0\]/);
  t.same(rig.device.started, [], 'no invalid command reached the device');
  c = await client.command('Crypto.GenerateRandom', undefined, { version: '2.3' });
  t.equal(c.header.completionCode, undefined, 'a later minor of a supported major is accepted');
  t.equal(c.header.version, '2.0');
});

t.test('a throwing handler completes with internalError and the service keeps serving', async (t) => {
  const { TestDevice } = await import('../../src/xfs4iot/test-device.ts');
  const device = new TestDevice();
  const def = device.definition();
  const broken = { ...def, interfaces: [{ name: 'Lights' as const, commands: [{ name: 'Lights.SetLight', versions: [{ version: '2.0' }], execution: { kind: 'information' as const }, handler: async () => { throw new Error('boom'); } }] }] };
  const rig = await startRig({ services: [broken] }, device);
  t.teardown(() => rig.close());
  const client = await rig.client();
  const c = await client.command('Lights.SetLight');
  t.equal(c.header.completionCode, 'internalError');
  t.match(c.header.errorDescription, /boom/);
  t.equal((await client.command('Common.Status')).header.completionCode, undefined);
});

t.test('results the engine cannot send become internalError; the process keeps serving', async (t) => {
  const { TestDevice } = await import('../../src/xfs4iot/test-device.ts');
  const device = new TestDevice();
  const def = device.definition();
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  const results: Record<string, unknown> = {
    'Lights.SetLight': undefined,
    'Camera.TakePicture': { completionCode: 'exploded' },
    'Printer.PrintRaw': { completionCode: null, payload: cyclic },
  };
  const broken = {
    ...def,
    interfaces: (['Lights', 'Camera', 'Printer'] as const).map((iface) => {
      const name = Object.keys(results).find((k) => k.startsWith(`${iface}.`)) as string;
      return { name: iface, commands: [{ name, versions: [{ version: '2.0' }], execution: { kind: 'information' as const }, handler: async () => results[name] as never }] };
    }),
  };
  const rig = await startRig({ services: [broken] }, device);
  t.teardown(() => rig.close());
  const client = await rig.client();
  for (const name of Object.keys(results)) {
    t.equal((await client.command(name)).header.completionCode, 'internalError', name);
  }
  t.equal((await client.command('Common.Status')).header.completionCode, undefined);
});
