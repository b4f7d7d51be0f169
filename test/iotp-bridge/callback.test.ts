// CallBack: progress (process state, percent complete, status text in the requested language) as
// server-sent events and as CallBack documents POSTed to the payment's callback URL.
import t from 'tap';
import { createServer } from 'node:http';
import { parseXml } from '../../src/iotp-bridge/index.ts';
import { HOUR, isoIn } from './fixtures/helpers.ts';
import { world } from './fixtures/world.ts';

const WINDOW = { OkFrom: isoIn(-HOUR), OkTo: isoIn(HOUR) };

async function callbackSink(t: { teardown(fn: () => unknown): void }) {
  const received: Record<string, string>[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const doc = parseXml(body);
      if (doc.ok) received.push(doc.root.children[0].attrs);
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.teardown(() => new Promise<void>((r) => server.close(() => r())));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return { url: `http://127.0.0.1:${address.port}/callback`, received };
}

t.test('progress to the callback URL (in order, German) and over server-sent events', async (t) => {
  const sink = await callbackSink(t);
  const { ph, consumer } = await world(t, { callbackOrigins: [new URL(sink.url).origin] });

  // Subscribe to the Payment Handler's event stream for one payment.
  const controller = new AbortController();
  t.teardown(() => controller.abort());
  const stream = await fetch(`${ph.url}/events?PayId=P-cb`, { signal: controller.signal });
  t.equal(stream.headers.get('content-type'), 'text/event-stream; charset=utf-8');
  const reader = stream.body?.getReader();
  if (reader === undefined) throw new Error('no stream');
  let sse = '';
  const readUntil = async (pattern: RegExp) => {
    while (!pattern.test(sse)) {
      const { value, done } = await reader.read();
      if (done) break;
      sse += Buffer.from(value).toString();
    }
  };

  const start = await consumer.send('StartPaymentConsumer', {
    BrandId: 'XMLX', PaymentInstrumentId: 'alice-usd', CurrCode: 'USD', Amount: '4.20', PayDirection: 'Debit', ProtocolId: 'XMLX-1.0', ConsumerPayId: 'C-cb', ...WINDOW,
    CallBackFunction: sink.url, CallBackLanguageList: 'fr de en',
  });
  const paid = await ph.send('StartPaymentPaymentHandler', {
    BrandId: 'XMLX', ConsumerPayId: 'C-cb', CurrCode: 'USD', Amount: '4.20', PayDirection: 'Debit', ProtocolId: 'XMLX-1.0', PaymentHandlerPayId: 'P-cb', MerchantOrgId: 'shop', ...WINDOW,
    CallBackFunction: 'sse', CallBackLanguageList: 'en',
  }, start.body.children);
  t.equal(paid.body.attrs.ContStatus, 'End');
  await readUntil(/ProcessState="CompletedOk"/);
  const events = [...sse.matchAll(/event: CallBack\ndata: (.*)\n/g)].map((m) => m[1]);
  t.ok(events.length >= 2, 'InProgress and CompletedOk were streamed');
  t.match(events[0], /<CallBack [^>]*PayId="P-cb" ProcessState="InProgress" PercentComplete="50"[^>]*StatusDesc="Transferring 4.20 USD"/);
  t.match(events.at(-1), /ProcessState="CompletedOk" PercentComplete="100"/);
  t.notMatch(sse, /C-cb/, 'the stream filter keeps other payments out');

  await consumer.send('ContinueProcess', { PayId: 'C-cb' }, paid.body.children);
  await consumer.bridge.hub.drain();
  t.same(sink.received.map((r) => [r.PayId, r.ProcessState, r.PercentComplete, r['xml:lang']]), [
    ['C-cb', 'InProgress', '10', 'de'],
    ['C-cb', 'CompletedOk', '100', 'de'],
  ]);
  t.equal(sink.received[1].StatusDesc, 'Zahlung abgeschlossen, Beleg geprüft', 'status text in the first listed language the bridge speaks');
  t.ok(sink.received.every((r) => r.ContentSoftwareID?.startsWith('xfs4iot-gateway')));
  await reader.cancel();
  controller.abort();
});

t.test('closing the server ends open event streams', async (t) => {
  const { ph } = await world(t);
  const stream = await fetch(`${ph.url}/events`);
  const reader = stream.body?.getReader();
  if (reader === undefined) throw new Error('no stream');
  await reader.read();
  await ph.close();
  let done = false;
  while (!done) done = (await reader.read()).done;
  t.ok(done, 'the stream ended and close() returned');
});

t.test('CallBacks go only to allowed origins: others are refused at the request, redirects are not followed', async (t) => {
  const allowed = await callbackSink(t);
  const elsewhere = await callbackSink(t);
  // An allowed origin that answers with a redirect to a place nobody allowed.
  let redirected = 0;
  const redirector = createServer((req, res) => {
    redirected += 1;
    req.resume();
    res.writeHead(307, { location: elsewhere.url }).end();
  });
  await new Promise<void>((r) => redirector.listen(0, '127.0.0.1', r));
  t.teardown(() => new Promise<void>((r) => redirector.close(() => r())));
  const address = redirector.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  const redirectUrl = `http://127.0.0.1:${address.port}/cb`;
  const { consumer } = await world(t, { callbackOrigins: [new URL(allowed.url).origin, `http://127.0.0.1:${address.port}`] });
  const start = (id: string, url: string) => consumer.send('StartPaymentConsumer', {
    BrandId: 'XMLX', PaymentInstrumentId: 'alice-usd', CurrCode: 'USD', Amount: '1.00', PayDirection: 'Debit', ProtocolId: 'XMLX-1.0', ConsumerPayId: id, ...WINDOW,
    CallBackFunction: url,
  });
  for (const url of [elsewhere.url, 'http://169.254.169.254/latest/meta-data', `http://user:pw@${new URL(allowed.url).host}/cb`, allowed.url.replace('http:', 'https:')]) {
    const refused = await start(`C-${url.length}-${url.slice(0, 5)}`, url);
    t.equal(refused.error?.code, 'AttValIllegal', url);
    t.equal(refused.error?.locations[0]?.AttName, 'CallBackFunction');
  }
  t.same(consumer.bridge.log.listPending(), [], 'the refused payments were not journaled');
  t.equal((await start('C-ok', allowed.url)).error, undefined, 'an allowed origin is accepted');
  t.equal((await start('C-redirect', redirectUrl)).error, undefined);
  await consumer.bridge.hub.drain();
  t.ok(allowed.received.some((r) => r.PayId === 'C-ok'), 'the allowed callback URL got its CallBack');
  t.ok(redirected > 0, 'the redirecting URL was called');
  t.same(elsewhere.received, [], 'nothing reached a URL off the list, not even through a redirect');
});
