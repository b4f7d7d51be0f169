// The payments thread ending by itself (a crash, an out-of-memory) does not leave the ATM without
// payments until someone restarts the service: it is started again, requests meanwhile get a
// transient IOTP TransportError at once, and a payment in flight at the crash is carried out exactly
// once when the client sends it again, although the host had carried it out before the crash. Real worker thread, real HTTP, an XML-X host of its own that
// outlives the thread (as an external host does).
import t from 'tap';
import { writeFileSync } from 'node:fs';
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import Fastify from 'fastify';
import pino from 'pino';
import { parseConfig } from '../../src/config/load.ts';
import { startPaymentsWorker } from '../../src/payments/worker-client.ts';
import { iotpRoutes } from '../../src/iotp-bridge/index.ts';
import { startXmlxHost } from '../../src/xmlx/index.ts';
import { HOUR, isoIn, readAnswer, requestXml, tempDir, type Answer } from '../iotp-bridge/fixtures/helpers.ts';

/**
 * Between the payments thread and the host: passes everything, except that while `holding` it keeps
 * the host's answer to itself (the host has carried the request out; the thread never learns it).
 */
async function answerHolder(target: string) {
  let holding = false;
  let heldOne: () => void = () => undefined;
  const held = new Promise<void>((resolve) => { heldOne = resolve; });
  const url = new URL(target);
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const upstream = request({ host: url.hostname, port: url.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      if (holding) {
        answer.resume();
        heldOne();
        return;
      }
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${url.pathname}`,
    hold: () => { holding = true; return held; },
    release: () => { holding = false; },
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
const W = { OkFrom: isoIn(-HOUR), OkTo: isoIn(HOUR) };

t.test('a crashed payments thread is started again; a payment the host did before the crash is not done twice', async (t) => {
  const dir = tempDir(t, 'worker-restart-');
  const host = await startXmlxHost({ dbPath: join(dir, 'host.db'), port: 0, logger: false });
  t.teardown(() => host.close());
  const holder = await answerHolder(host.url);
  t.teardown(() => holder.close());
  const hostKey = join(dir, 'host.pem');
  writeFileSync(hostKey, host.receiptPublicKey);
  const config = parseConfig({
    profile: 'demo',
    payments: { dataDir: join(dir, 'data'), xmlxHost: { embedded: false, url: holder.url }, xmlx: { userId: 'gateway', password: 'gateway-demo', hostPublicKey: hostKey } },
  }, 'gateway.json', {}).payments;
  const lines: string[] = [];
  const log = pino({ level: 'info' }, { write: (line: string) => { lines.push(line); } });
  const worker = await startPaymentsWorker({ config, logging: { level: 'silent', toParent: false } }, log, undefined, { firstDelayMs: 200, maxDelayMs: 2000 });
  const app = Fastify({ logger: false });
  await app.register(iotpRoutes, { prefix: '/iotp', bridge: worker, clients: 'none' });
  await app.listen({ port: 0, host: '127.0.0.1' });
  t.teardown(async () => {
    await app.close();
    await worker.close();
  });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  const call = async (name: string, attrs: Record<string, string>, children: Parameters<typeof requestXml>[2] = []): Promise<Answer> =>
    readAnswer(await (await fetch(`http://127.0.0.1:${address.port}/iotp`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: requestXml(name, attrs, children) })).text());

  const before = host.store.balanceOf('BOB', 'USD') ?? 0n;
  const order = await call('StartPaymentConsumer', { BrandId: 'XMLX', PaymentInstrumentId: 'bob', CurrCode: 'USD', Amount: '10.00', PayDirection: 'Debit', ProtocolId: 'XMLX-1.0', ConsumerPayId: 'C-1', ...W });
  t.notOk(order.error, 'the order is taken');
  const pay = () => call('StartPaymentPaymentHandler', {
    BrandId: 'XMLX', ConsumerPayId: 'C-1', CurrCode: 'USD', Amount: '10.00', PayDirection: 'Debit', ProtocolId: 'XMLX-1.0', PaymentHandlerPayId: 'P-1', MerchantOrgId: 'shop', ...W,
  }, order.body.children);

  // The host carries the payment out; the thread dies before it hears so.
  const hostDone = holder.hold();
  const inFlight = pay();
  await hostDone;
  t.equal(before - (host.store.balanceOf('BOB', 'USD') ?? 0n), 1000n, 'the host has taken the 10.00 from BOB');
  await worker.kill();
  const first = await inFlight;
  t.equal(first.error?.code, 'TransportError', 'the payment in flight: TransportError, not a generic failure');
  t.match(first.error?.desc, /outcome of this request is not known: send it again unchanged/);
  holder.release();

  const down = await call('InquirePendingPayment', {});
  t.equal(down.error?.code, 'TransportError', 'while the thread is down: TransportError');
  t.equal(down.error?.severity, 'TransientError');
  t.ok(Number(down.error?.minRetrySecs) >= 1, 'with a retry hint');
  t.match(down.error?.desc, /restarting/);
  t.ok(lines.some((l) => /payments worker stopped/.test(l)), 'the stop is logged at error level');

  // Sent again unchanged until the restarted thread answers it.
  let again: Answer | undefined;
  for (let i = 0; i < 100; i++) {
    again = await pay();
    if (again.error?.severity !== 'TransientError') break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  t.equal(again?.body.attrs.ContStatus, 'End', `the payment sent again completes${again?.error ? ` (got ${again.error.code} ${again.error.desc})` : ''}`);
  t.ok(lines.some((l) => /payments worker running again/.test(l)), 'the restart is logged');
  t.equal(before - (host.store.balanceOf('BOB', 'USD') ?? 0n), 1000n, 'BOB paid 10.00 once, not twice');

  // And the restarted thread keeps serving.
  t.notOk((await call('InquirePendingPayment', {})).error, 'the next request is answered');
});
