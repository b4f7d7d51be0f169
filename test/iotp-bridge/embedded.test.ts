// The embedded set-up npm start uses: bridge + reliable client in one data directory, mounted on a
// fastify server the way the gateway mounts it, paying against the demo host in every role at once.
import t from 'tap';
import { join } from 'node:path';
import Fastify from 'fastify';
import { startXmlxHost } from '../../src/xmlx/index.ts';
import { DEMO_IOTP, IotpClients, iotpRoutes, newClientToken, openEmbeddedIotp } from '../../src/iotp-bridge/index.ts';
import { HOUR, isoIn, readAnswer, requestXml, tempDir } from './fixtures/helpers.ts';

t.test('openEmbeddedIotp + iotpRoutes on a gateway-like server: one authenticated client plays all three roles and pays the demo merchant', async (t) => {
  const dir = tempDir(t);
  const host = await startXmlxHost({ dbPath: join(dir, 'host.db'), port: 0, logger: false });
  t.teardown(() => host.close());
  const iotp = await openEmbeddedIotp({ dataDir: join(dir, 'data'), hostUrl: host.url, auth: { userId: 'gateway', password: 'gateway-demo' }, schemeKey: 'demo-scheme-key-please-change', ...DEMO_IOTP });
  const app = Fastify({ logger: false });
  app.get('/other', async () => 'the gateway keeps its own routes and parsers');
  const atm = newClientToken('atm');
  await app.register(iotpRoutes, { prefix: '/iotp', bridge: iotp.bridge, clients: new IotpClients([atm.entry]) });
  await app.listen({ port: 0, host: '127.0.0.1' });
  t.teardown(async () => {
    await app.close();
    await iotp.close();
  });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  const base = `http://127.0.0.1:${address.port}`;
  const call = async (name: string, attrs: Record<string, string>, children: Parameters<typeof requestXml>[2] = []) =>
    readAnswer(await (await fetch(`${base}/iotp`, { method: 'POST', headers: { 'content-type': 'text/xml', authorization: `Bearer ${atm.token}` }, body: requestXml(name, attrs, children) })).text());
  const W = { OkFrom: isoIn(-HOUR), OkTo: isoIn(HOUR) };
  const order = await call('StartPaymentConsumer', { BrandId: 'XMLX', PaymentInstrumentId: 'bob', CurrCode: 'USD', Amount: '10.00', PayDirection: 'Debit', ProtocolId: 'XMLX-1.0', ConsumerPayId: 'C-demo', ...W });
  const paid = await call('StartPaymentPaymentHandler', {
    BrandId: 'XMLX', ConsumerPayId: 'C-demo', CurrCode: 'USD', Amount: '10.00', PayDirection: 'Debit', ProtocolId: 'XMLX-1.0', PaymentHandlerPayId: 'P-demo', MerchantOrgId: 'shop', ...W,
  }, order.body.children);
  t.equal(paid.body.attrs.ContStatus, 'End');
  t.equal((await call('ContinueProcess', { PayId: 'C-demo' }, paid.body.children)).body.attrs.ContStatus, 'End');
  t.equal(host.store.balanceOf('BOB', 'USD'), 4_000n);
  t.equal(await (await fetch(`${base}/other`)).text(), 'the gateway keeps its own routes and parsers');
});
