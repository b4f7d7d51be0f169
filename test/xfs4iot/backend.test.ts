// The backend contract exercised through real WebSockets: a test device's commands, events,
// status and the seed's queuing example.
import t from 'tap';
import { startRig } from './fixtures/rig.ts';

t.test('a backend command runs: acknowledge, solicited event, completion with payload', async (t) => {
  const rig = await startRig();
  t.teardown(() => rig.close());
  const client = await rig.client();
  const pending = client.send('CardReader.ReadRawData', { track2: true });
  const ack = await pending.acknowledged;
  t.equal(ack.header.type, 'acknowledge');
  t.equal(ack.header.requestId, pending.requestId);
  t.notOk(ack.header.status, 'accepted');
  const completion = await pending.completion;
  t.equal(completion.header.completionCode, undefined);
  t.same(pending.events.map((e) => e.header.name), ['CardReader.InsertCardEvent']);
  t.equal((completion.payload?.track2 as { status: string }).status, 'ok');
});

t.test("the seed's Encrypting PIN Pad example runs in the seed's order", async (t) => {
  const rig = await startRig();
  t.teardown(() => rig.close());
  const { device } = rig;
  device.hold('Keyboard.DataEntry', 'Crypto.CryptoData', 'Keyboard.PinEntry', 'Crypto.Digest');
  const client = await rig.client();
  const dataEntry = client.send('Keyboard.DataEntry', { maxLen: 4 });
  const cryptoData = client.send('Crypto.CryptoData', { key: 'K1', cryptoData: '00' });
  const pinEntry = client.send('Keyboard.PinEntry', { minLen: 4, maxLen: 6 });
  const digest = client.send('Crypto.Digest', { hashAlgorithm: 'sha256', digestInput: '00' });
  await Promise.all([dataEntry, cryptoData, pinEntry, digest].map((p) => p.acknowledged));
  await device.whenStarted('Crypto.CryptoData');
  t.same(device.started, ['Keyboard.DataEntry', 'Crypto.CryptoData'], 'DataEntry and CryptoData run in parallel, the others queue');
  device.release('Crypto.CryptoData');
  await cryptoData.completion;
  await device.whenStarted('Crypto.Digest');
  t.same(device.started, ['Keyboard.DataEntry', 'Crypto.CryptoData', 'Crypto.Digest'], 'the encryptor frees: Digest overtakes PinEntry');
  device.release('Crypto.Digest');
  device.release('Keyboard.DataEntry');
  await device.whenStarted('Keyboard.PinEntry');
  device.release('Keyboard.PinEntry');
  await Promise.all([dataEntry.completion, digest.completion, pinEntry.completion]);
  t.same(device.started, ['Keyboard.DataEntry', 'Crypto.CryptoData', 'Crypto.Digest', 'Keyboard.PinEntry']);
});

t.test('information commands run while a device command holds its resource', async (t) => {
  const rig = await startRig();
  t.teardown(() => rig.close());
  rig.device.hold('Keyboard.PinEntry');
  const client = await rig.client();
  const pin = client.send('Keyboard.PinEntry', { maxLen: 4 });
  await rig.device.whenStarted('Keyboard.PinEntry');
  const random = await client.command('Crypto.GenerateRandom');
  t.equal(random.payload?.randomNumber, '0123456789ABCDEF');
  const status = await client.command('Common.Status');
  t.equal((status.payload?.common as { device: string }).device, 'online');
  rig.device.release('Keyboard.PinEntry');
  await pin.completion;
});

t.test('unsolicited events from the backend reach every connection of the service', async (t) => {
  const rig = await startRig();
  t.teardown(() => rig.close());
  const a = await rig.client();
  const b = await rig.client();
  await a.command('Common.Status');
  await b.command('Common.Status');
  const got = Promise.all([a.nextUnsolicited('CardReader.MediaRemovedEvent'), b.nextUnsolicited('CardReader.MediaRemovedEvent')]);
  rig.device.handle?.emitUnsolicited('CardReader.MediaRemovedEvent');
  const [ma, mb] = await got;
  t.equal(ma.header.type, 'unsolicited');
  t.equal(mb.header.version, '2.0');
  t.notOk('requestId' in ma.header, 'default: unsolicited messages carry no requestId');
});

t.test('a starting device answers only Common.Status; other commands complete with sequenceError', async (t) => {
  const rig = await startRig({}, new (await import('../../src/xfs4iot/test-device.ts')).TestDevice('starting'));
  t.teardown(() => rig.close());
  const client = await rig.client();
  const status = await client.command('Common.Status');
  t.equal(status.header.completionCode, undefined);
  t.equal((status.payload?.common as { device: string }).device, 'starting');
  for (const name of ['Common.Capabilities', 'CardReader.ReadRawData', 'Crypto.GenerateRandom']) {
    const c = await client.command(name);
    t.equal(c.header.completionCode, 'sequenceError', name);
  }
  t.same(rig.device.started, [], 'no backend handler ran');
  rig.device.status.update({ common: { device: 'online' } });
  const random = await client.command('Crypto.GenerateRandom');
  t.equal(random.header.completionCode, undefined, 'once online, commands run');
});
