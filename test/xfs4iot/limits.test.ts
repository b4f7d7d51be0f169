// Rule 15: limits and hostile input. Each gets its protocol answer or a close with the right
// WebSocket code, and the service keeps serving the other connections.
import t from 'tap';
import { command, RawSocket, startRig } from './fixtures/rig.ts';

t.test('a frame over maxMessageBytes closes that connection with 1009; others keep working', async (t) => {
  const rig = await startRig({ limits: { maxMessageBytes: 4096 } });
  t.teardown(() => rig.close());
  const bystander = await rig.client();
  const raw = await RawSocket.open(rig.url);
  raw.send(command('Crypto.Digest', 1, { hashAlgorithm: 'sha256', digestInput: 'A'.repeat(10_000) }));
  t.equal(await raw.closed(), 1009);
  t.equal((await bystander.command('Common.Status')).header.completionCode, undefined);
});

t.test('deeply nested JSON gets invalidMessage without being parsed', async (t) => {
  const rig = await startRig();
  t.teardown(() => rig.close());
  const raw = await RawSocket.open(rig.url);
  t.teardown(() => raw.close());
  const deep = `{"header":{"type":"command","name":"Crypto.Digest","version":"2.0","requestId":1},"payload":{"x":${'['.repeat(50_000)}${']'.repeat(50_000)}}}`;
  raw.send(deep);
  const [ack] = await raw.waitFor(1);
  t.equal(ack.header.status, 'invalidMessage');
  t.equal(ack.header.requestId, undefined, 'unparsed: no requestId to echo');
  raw.send(command('Common.Status', 1));
  const after = await raw.waitFor(3);
  t.equal(after[2].header.type, 'completion', 'the connection still works');
});

t.test('a flood of commands gets tooManyRequests past the limit and every accepted one completes', async (t) => {
  const rig = await startRig({ limits: { maxPendingPerConnection: 8 } });
  t.teardown(() => rig.close());
  rig.device.hold('Keyboard.PinEntry');
  const raw = await RawSocket.open(rig.url);
  t.teardown(() => raw.close());
  const total = 500;
  for (let i = 1; i <= total; i++) raw.send(command('Keyboard.PinEntry', i, { maxLen: 4 }));
  const acks = await raw.waitFor(total);
  const refused = acks.filter((m) => m.header.status === 'tooManyRequests').length;
  t.equal(refused, total - 8, 'all beyond the 8 pending were refused');
  rig.device.unhold('Keyboard.PinEntry');
  const all = await raw.waitFor(total + 8);
  t.equal(all.filter((m) => m.header.type === 'completion').length, 8, 'nothing accepted was lost');
});

t.test('a flood of invalid messages closes the connection with 1008; others keep working', async (t) => {
  const rig = await startRig({ limits: { maxConsecutiveRejects: 20 } });
  t.teardown(() => rig.close());
  const bystander = await rig.client();
  const raw = await RawSocket.open(rig.url);
  for (let i = 0; i < 100; i++) raw.send('garbage');
  t.equal(await raw.closed(), 1008);
  t.ok(raw.messages.length >= 20 && raw.messages.every((m) => m.header.status === 'invalidMessage'));
  t.equal((await bystander.command('Common.Status')).header.completionCode, undefined);
});

t.test('connections beyond maxConnections are closed with 1013', async (t) => {
  const rig = await startRig({ limits: { maxConnections: 2 } });
  t.teardown(() => rig.close());
  const a = await rig.client();
  await rig.client();
  const third = await RawSocket.open(rig.url);
  t.equal(await third.closed(), 1013);
  t.equal((await a.command('Common.Status')).header.completionCode, undefined);
});

t.test('binary frames get invalidMessage and the connection stays usable', async (t) => {
  const rig = await startRig();
  t.teardown(() => rig.close());
  const raw = await RawSocket.open(rig.url);
  t.teardown(() => raw.close());
  raw.send(Buffer.from([0xff, 0x00, 0x13]), true);
  t.equal((await raw.waitFor(1))[0].header.status, 'invalidMessage');
  raw.send(command('Common.Status', 5));
  t.equal((await raw.waitFor(3))[2].header.requestId, 5);
});

t.test('a client that stops reading is disconnected (1008) once its send buffer passes the limit', async (t) => {
  const rig = await startRig({ limits: { maxBufferedBytes: 256 * 1024 } });
  t.teardown(() => rig.close());
  const bystander = await rig.client();
  const slow = await RawSocket.open(rig.url);
  slow.send(command('Common.Status', 1));
  await slow.waitFor(2);
  t.equal(rig.publisher.connectionCount, 2);
  (slow.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause();
  const pad = 'x'.repeat(64 * 1024);
  let received = 0;
  bystander.onUnsolicited(() => received++);
  for (let i = 0; i < 400 && rig.publisher.connectionCount === 2; i++) {
    rig.device.handle?.emitUnsolicited('CardReader.MediaRemovedEvent', { pad });
    await new Promise((r) => setImmediate(r));
  }
  t.equal(rig.publisher.connectionCount, 1, 'the slow connection was dropped');
  (slow.ws as unknown as { _socket: { resume(): void } })._socket.resume();
  const code = await slow.closed();
  t.ok(code === 1008 || code === 1006, `closed (${code})`);
  t.equal((await bystander.command('Common.Status')).header.completionCode, undefined, 'the reading client is unaffected');
  t.ok(received > 0);
});
