// Hostile input, generated: mutated commands from a seeded generator. Every frame gets exactly one
// acknowledge; an accepted one gets exactly one completion; the connection and service survive.
import t from 'tap';
import { RawSocket, startRig } from './fixtures/rig.ts';

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let x = Math.imul(s ^ (s >>> 15), 1 | s);
    x ^= x + Math.imul(x ^ (x >>> 7), 61 | x);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const NAMES = ['Common.Status', 'Common.Cancel', 'Common.SetVersions', 'Crypto.Digest', 'CardReader.WriteRawData', 'Foo.Bar', 'Common.', '', 'x'.repeat(300)];
const VALUES: unknown[] = [null, true, 0, -1, 1.5, 2 ** 53, '', 'ü€😀', '\u0000', [], {}, [1, [2, [3]]], { a: { b: { c: 1 } } }, '2.0', 'command'];

t.test('300 mutated commands: one acknowledge each, one completion per accepted command', async (t) => {
  const rig = await startRig();
  t.teardown(() => rig.close());
  const raw = await RawSocket.open(rig.url);
  t.teardown(() => raw.close());
  const rand = prng(20261121);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  let nextId = 1;
  let received = 0;
  for (let i = 0; i < 300; i++) {
    const header: Record<string, unknown> = { type: 'command', name: pick(NAMES), version: '2.0', requestId: nextId };
    const message: Record<string, unknown> = { header, payload: { hashAlgorithm: 'sha256', requestIds: [1], data: [{ destination: 'track1', data: 'x' }] } };
    const mutations = 1 + Math.floor(rand() * 3);
    for (let m = 0; m < mutations; m++) {
      const target = rand() < 0.6 ? header : message;
      const keys = [...Object.keys(target), 'timeout', 'status', 'extra'];
      const key = pick(keys);
      if (rand() < 0.3) delete target[key];
      else target[key] = pick(VALUES);
    }
    let frame = JSON.stringify(message);
    if (rand() < 0.1) frame = frame.slice(0, Math.floor(rand() * frame.length));
    raw.send(frame);
    const ack = (await raw.waitFor(++received))[received - 1];
    t.equal(ack.header.type, 'acknowledge', `frame ${i}: first answer is an acknowledge`);
    if (!ack.header.status) {
      const completion = (await raw.waitFor(++received))[received - 1];
      t.equal(completion.header.type, 'completion', `frame ${i}: accepted, so one completion`);
      t.equal(completion.header.requestId, ack.header.requestId);
      nextId = (ack.header.requestId as number) + 1;
    }
  }
  await new Promise((r) => setTimeout(r, 50));
  t.equal(raw.messages.length, received, 'nothing else was sent');
  raw.send({ header: { type: 'command', name: 'Common.Status', version: '2.0', requestId: nextId + 1 } });
  const tail = await raw.waitFor(received + 2);
  t.equal(tail[received + 1].header.type, 'completion', 'the connection still serves');
});
