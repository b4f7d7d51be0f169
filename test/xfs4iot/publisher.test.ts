// Rule 1 (publisher, port sequence, paths) and rule 2 (ServicePublisher.GetServices), plus the
// client's discovery over a port list.
import t from 'tap';
import net from 'node:net';
import http from 'node:http';
import { discoverServices } from '../../src/xfs4iot/discovery.ts';
import { Xfs4IotClient } from '../../src/xfs4iot/client.ts';
import { ServicePublisher, startPublisher } from '../../src/xfs4iot/publisher.ts';
import { portSequence } from '../../src/xfs4iot/port-sequence.ts';
import { TestDevice } from '../../src/xfs4iot/test-device.ts';

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

async function blockPort(): Promise<{ port: number; close(): Promise<void> }> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return { port: (s.address() as net.AddressInfo).port, close: () => new Promise((r) => s.close(() => r())) };
}

function upgrade(port: number, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, agent: false, headers: { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==' } });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve(res.statusCode ?? 0);
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

t.test('the seed port sequence is 80 (ws) or 443 (wss), then 5846..5856', async (t) => {
  t.same(portSequence(false), [80, 5846, 5847, 5848, 5849, 5850, 5851, 5852, 5853, 5854, 5855, 5856]);
  t.equal(portSequence(true)[0], 443);
  t.equal(portSequence(true).length, 12);
});

t.test('ports in use are skipped; the first free one of the list is bound', async (t) => {
  const a = await blockPort();
  const b = await blockPort();
  const free = await freePort();
  t.teardown(async () => {
    await a.close();
    await b.close();
  });
  const publisher = await startPublisher({ ports: [a.port, b.port, free], services: [new TestDevice().definition()] });
  t.teardown(() => publisher.close());
  t.equal(publisher.port, free);
  const client = await Xfs4IotClient.connect(publisher.url('testdevice'));
  t.equal((await client.command('Common.Status')).header.type, 'completion');
  await client.close();
});

t.test('no free port in the list: start-up fails with a clear error', async (t) => {
  const a = await blockPort();
  t.teardown(() => a.close());
  await t.rejects(startPublisher({ ports: [a.port], services: [] }), { code: 'X4I-060' });
});

t.test('paths: discovery and lower-case service upgrade, anything else is HTTP 404 without upgrade', async (t) => {
  const publisher = await startPublisher({ port: 0, services: [new TestDevice().definition('cardreader1')] });
  t.teardown(() => publisher.close());
  const port = publisher.port;
  t.equal(await upgrade(port, '/xfs4iot/v1.0'), 101);
  t.equal(await upgrade(port, '/xfs4iot/v1.0/cardreader1'), 101);
  t.equal(await upgrade(port, '/xfs4iot/v1.0/CardReader1'), 404, 'service names are case-sensitive');
  t.equal(await upgrade(port, '/xfs4iot/v1.0/nosuchservice'), 404);
  t.equal(await upgrade(port, '/xfs4iot/v2.0'), 404);
  t.equal(await upgrade(port, '/'), 404);
  t.equal(await upgrade(port, '/xfs4iot/v1.0/cardreader1/extra'), 404);
});

t.test('service names must be lower case', async (t) => {
  t.throws(() => new ServicePublisher({ port: 0, services: [new TestDevice().definition('CardReader')] }), { code: 'X4I-062' });
});

t.test('the fastify instance takes extra routes on the same port before listen', async (t) => {
  const publisher = new ServicePublisher({ port: 0, services: [new TestDevice().definition()] });
  publisher.app.post('/iotp', async () => ({ ok: true }));
  await publisher.listen();
  t.teardown(() => publisher.close());
  const res = await fetch(`http://127.0.0.1:${publisher.port}/iotp`, { method: 'POST' });
  t.same(await res.json(), { ok: true });
});

t.test('the configure hook registers routes for startPublisher callers', async (t) => {
  const publisher = await startPublisher({ port: 0, services: [], configure: (app) => { app.post('/iotp/pay', async () => ({ paid: true })); } });
  t.teardown(() => publisher.close());
  const res = await fetch(`http://127.0.0.1:${publisher.port}/iotp/pay`, { method: 'POST' });
  t.same(await res.json(), { paid: true });
  const plain = await fetch(`http://127.0.0.1:${publisher.port}/xfs4iot/v1.0`);
  t.equal(plain.status, 404, 'a plain GET of the discovery path is not an upgrade: 404');
});

t.test('plain ws on a non-loopback address needs allowInsecure', async (t) => {
  t.throws(() => new ServicePublisher({ host: '0.0.0.0', port: 0, services: [] }), { code: 'X4I-061' });
  const publisher = new ServicePublisher({ host: '0.0.0.0', port: 0, allowInsecure: true, services: [] });
  await publisher.listen();
  await publisher.close();
});

t.test('GetServices: acknowledge, ServiceDetailEvent, completion with full URIs and vendorName', async (t) => {
  const publisher = await startPublisher({ port: 0, vendorName: 'Test Vendor', services: [new TestDevice().definition('pinpad1'), new TestDevice().definition('cardreader1')] });
  t.teardown(() => publisher.close());
  const client = await Xfs4IotClient.connect(publisher.url());
  const pending = client.send('ServicePublisher.GetServices');
  const ack = await pending.acknowledged;
  t.equal(ack.header.status, undefined);
  const completion = await pending.completion;
  const expected = [`ws://127.0.0.1:${publisher.port}/xfs4iot/v1.0/pinpad1`, `ws://127.0.0.1:${publisher.port}/xfs4iot/v1.0/cardreader1`];
  t.equal(pending.events.length, 1);
  t.equal(pending.events[0].header.name, 'ServicePublisher.ServiceDetailEvent');
  t.equal(pending.events[0].header.requestId, pending.requestId);
  t.same(pending.events[0].payload, { vendorName: 'Test Vendor', services: expected.map((serviceURI) => ({ serviceURI })) });
  t.equal(completion.header.name, 'ServicePublisher.GetServices');
  t.equal(completion.header.version, '2.0');
  t.same(completion.payload, { vendorName: 'Test Vendor', services: expected.map((serviceURI) => ({ serviceURI })) });
  const other = await client.command('Common.Status');
  t.equal(other.header.completionCode, 'invalidCommand', 'the publisher endpoint only does GetServices');
  await client.close();
  for (const uri of expected) {
    const c = await Xfs4IotClient.connect(uri);
    t.equal((await c.command('Common.Status')).header.completionCode, undefined, `${uri} is reachable`);
    await c.close();
  }
});

t.test('a service added after listen is reachable and listed by GetServices', async (t) => {
  const publisher = await startPublisher({ port: 0, services: [new TestDevice().definition('first')] });
  t.teardown(() => publisher.close());
  publisher.addService(new TestDevice().definition('late'));
  const client = await Xfs4IotClient.connect(publisher.url());
  const services = (await client.command('ServicePublisher.GetServices')).payload?.services as { serviceURI: string }[];
  t.same(services.map((s) => s.serviceURI.split('/').pop()), ['first', 'late']);
  await client.close();
  const late = await Xfs4IotClient.connect(publisher.url('late'));
  t.equal((await late.command('Common.Status')).header.completionCode, undefined);
  await late.close();
  t.throws(() => publisher.addService(new TestDevice().definition('late')), { code: 'X4I-062' }, 'no duplicate names');
});

t.test('client discovery walks a port list and finds every publisher', async (t) => {
  const dead = await freePort();
  const p1 = await startPublisher({ port: 0, vendorName: 'A', services: [new TestDevice().definition('one')] });
  const p2 = await startPublisher({ port: 0, vendorName: 'B', services: [new TestDevice().definition('two')] });
  t.teardown(async () => {
    await p1.close();
    await p2.close();
  });
  const found = await discoverServices('127.0.0.1', { ports: [dead, p1.port, p2.port], timeoutMs: 2000 });
  t.same(found.map((f) => f.vendorName), ['A', 'B']);
  t.same(found[1].services, [`ws://127.0.0.1:${p2.port}/xfs4iot/v1.0/two`]);
});
