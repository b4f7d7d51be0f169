// Who may call the IOTP Payment API, and what each caller sees: through real HTTP, a real payment log
// and the reference XML-X host.
import t from 'tap';
import { join } from 'node:path';
import Fastify from 'fastify';
import { startXmlxHost } from '../../src/xmlx/index.ts';
import { DEMO_IOTP, IotpClients, iotpRoutes, newClientToken, openEmbeddedIotp } from '../../src/iotp-bridge/index.ts';
import { encodeOrder } from '../../src/iotp-bridge/scheme.ts';
import { element } from '../../src/iotp-bridge/xml.ts';
import { HOUR, isoIn, readAnswer, requestXml, tempDir, type Teardown } from './fixtures/helpers.ts';

const SCHEME_KEY = 'auth-test-scheme-key-0123';

async function setUp(t: Teardown) {
  const dir = tempDir(t);
  const host = await startXmlxHost({ dbPath: join(dir, 'host.db'), port: 0, logger: false });
  t.teardown(() => host.close());
  const iotp = await openEmbeddedIotp({
    dataDir: join(dir, 'data'), hostUrl: host.url, auth: { userId: 'gateway', password: 'gateway-demo' }, schemeKey: SCHEME_KEY, reconcileIntervalMs: 0, ...DEMO_IOTP,
    payerAccounts: [],
  });
  const alice = newClientToken('alice-app');
  const bob = newClientToken('bob-app');
  const app = Fastify({ logger: false });
  await app.register(iotpRoutes, { prefix: '/iotp', bridge: iotp.bridge, clients: new IotpClients([alice.entry, bob.entry]) });
  await app.listen({ port: 0, host: '127.0.0.1' });
  t.teardown(async () => {
    await app.close();
    await iotp.close();
  });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  const base = `http://127.0.0.1:${address.port}/iotp`;
  const post = (body: string, authorization?: string) => fetch(base, { method: 'POST', headers: { 'content-type': 'application/xml', ...(authorization ? { authorization } : {}) }, body });
  const call = async (token: string, name: string, attrs: Record<string, string>, children: Parameters<typeof requestXml>[2] = []) =>
    readAnswer(await (await post(requestXml(name, attrs, children), `Bearer ${token}`)).text());
  const W = { OkFrom: isoIn(-HOUR), OkTo: isoIn(HOUR) };
  /** A whole Debit payment of 1.00 USD from Bob's instrument, by one client in every role. */
  const pay = async (token: string, consumerPayId: string, handlerPayId: string) => {
    const order = await call(token, 'StartPaymentConsumer', { BrandId: 'XMLX', PaymentInstrumentId: 'bob', CurrCode: 'USD', Amount: '1.00', PayDirection: 'Debit', ProtocolId: 'XMLX-1.0', ConsumerPayId: consumerPayId, ...W });
    return call(token, 'StartPaymentPaymentHandler', {
      BrandId: 'XMLX', ConsumerPayId: consumerPayId, CurrCode: 'USD', Amount: '1.00', PayDirection: 'Debit', ProtocolId: 'XMLX-1.0', PaymentHandlerPayId: handlerPayId, MerchantOrgId: 'shop', ...W,
    }, order.body.children);
  };
  return { host, iotp, base, post, call, pay, alice, bob };
}

t.test('without valid credentials: 401 with the IOTP error document, and nothing journaled or paid', async (t) => {
  const { host, iotp, post, alice } = await setUp(t);
  const start = requestXml('StartPaymentConsumer', { BrandId: 'XMLX', PaymentInstrumentId: 'bob', CurrCode: 'USD', Amount: '1.00', PayDirection: 'Debit', ProtocolId: 'XMLX-1.0', ConsumerPayId: 'C1', OkFrom: isoIn(-HOUR), OkTo: isoIn(HOUR) });
  const before = host.store.balanceOf('BOB', 'USD');
  const cases: Array<[string, string | undefined]> = [
    ['no Authorization header', undefined],
    ['a wrong secret', `Bearer alice-app.${'A'.repeat(43)}`],
    ['an unknown client', `Bearer mallory.${alice.token.split('.')[1]}`],
    ["another client's id with this secret", `Bearer bob-app.${alice.token.split('.')[1]}`],
    ['not a bearer token', 'Basic YWxpY2U6c2VjcmV0'],
    ['the token without its client id', `Bearer ${alice.token.split('.')[1]}`],
  ];
  for (const [label, authorization] of cases) {
    const res = await post(start, authorization);
    t.equal(res.status, 401, label);
    t.match(res.headers.get('www-authenticate'), /^Bearer/, `${label}: says how to authenticate`);
    const answer = readAnswer(await res.text());
    t.equal(answer.error?.code, 'ReqRefused', `${label}: the IOTP error document`);
  }
  t.same(iotp.bridge.log.listPending(), [], 'no payment was journaled');
  t.equal(host.store.balanceOf('BOB', 'USD'), before, 'no money moved');
});

t.test('each client sees and manages only its own payments and CallBacks; PayIds are per client', async (t) => {
  const { base, call, pay, alice, bob, host } = await setUp(t);
  // Bob's client listens to the CallBack stream; it must hear its own payment, never Alice's.
  const anonymous = await fetch(`${base}/events`);
  t.equal(anonymous.status, 401, 'the CallBack stream refuses anonymous subscribers');
  await anonymous.body?.cancel();
  const controller = new AbortController();
  t.teardown(() => controller.abort());
  const stream = await fetch(`${base}/events`, { headers: { authorization: `Bearer ${bob.token}` }, signal: controller.signal });
  t.equal(stream.status, 200);
  const reader = stream.body?.getReader();
  if (reader === undefined) throw new Error('no stream');
  let heard = '';
  const decoder = new TextDecoder();
  const heardUntil = async (needle: string) => {
    while (!heard.includes(needle)) {
      const { value, done } = await reader.read();
      if (done) throw new Error('stream ended');
      heard += decoder.decode(value);
    }
  };

  const paidByAlice = await pay(alice.token, 'C-1', 'P-1');
  t.equal(paidByAlice.body.attrs.ContStatus, 'End', "Alice's client pays");
  // The same PaymentHandlerPayId in another client's namespace. (The ConsumerPayId differs: the
  // Payment Handler refuses a second payment of one consumer payment from one payer account.)
  const paidByBob = await pay(bob.token, 'C-9', 'P-1');
  t.equal(paidByBob.body.attrs.ContStatus, 'End', "Bob's client uses the same PaymentHandlerPayId for its own payment: another namespace");
  t.equal(host.store.balanceOf('BOB', 'USD'), 5_000n - 200n, 'two payments of 1.00, each once');
  if (paidByBob.body.attrs.ContStatus !== 'End') return;
  await heardUntil('PayId="P-1" ProcessState="CompletedOk"');
  t.notMatch(heard, /alice-app/, 'no namespace prefix leaks into a CallBack');

  const aliceState = await call(alice.token, 'InquireProcessState', { PayId: 'P-1' });
  t.notMatch(JSON.stringify(aliceState), /alice-app/, 'no namespace prefix in the answer');
  t.equal(aliceState.body.attrs.ProcessState, 'CompletedOk');
  const strangers = await call(bob.token, 'InquireProcessState', { PayId: 'C-1' });
  t.ok(strangers.error !== undefined, "Alice's consumer payment C-1 is unknown in Bob's namespace");

  await pay(alice.token, 'C-2', 'P-2');
  const bobProbe = await call(bob.token, 'InquireProcessState', { PayId: 'P-2' });
  t.ok(bobProbe.error !== undefined, "Bob's client cannot see Alice's payment P-2");
  const bobRemoves = await call(bob.token, 'RemovePaymentLog', { PayId: 'P-2' });
  t.ok(bobRemoves.error !== undefined, "nor remove it");
  t.equal((await call(alice.token, 'InquireProcessState', { PayId: 'P-2' })).body.attrs.ProcessState, 'CompletedOk', 'it is still there for Alice');

  const aliceConsumer = await call(alice.token, 'StartPaymentConsumer', { BrandId: 'XMLX', PaymentInstrumentId: 'bob', CurrCode: 'USD', Amount: '1.00', PayDirection: 'Debit', ProtocolId: 'XMLX-1.0', ConsumerPayId: 'C-open', OkFrom: isoIn(-HOUR), OkTo: isoIn(HOUR) });
  t.notOk(aliceConsumer.error, 'an open consumer payment of Alice');
  const pendingForBob = await call(bob.token, 'InquirePendingPayment', {});
  // The consumer halves of the paid payments stay open until the receipt is given back (ContinueProcess).
  t.same(pendingForBob.body.children.map((c) => c.attrs.PayId), ['C-9'], "Bob's pending list shows his own open payment only, not Alice's");
  const pendingForAlice = await call(alice.token, 'InquirePendingPayment', {});
  t.same(pendingForAlice.body.children.map((c) => c.attrs.PayId), ['C-1', 'C-2', 'C-open'], "Alice's shows hers, under her own PayIds");

  controller.abort();
  t.notMatch(heard, /PayId="P-2"/, "Bob's stream never carried Alice's P-2");
});

t.test("a PayId may not contain the namespace separator '|'", async (t) => {
  const { call, alice } = await setUp(t);
  const answer = await call(alice.token, 'InquireProcessState', { PayId: 'bob-app|P-1' });
  t.equal(answer.error?.code, 'AttValIllegal');
  t.equal(answer.error?.locations[0]?.AttName, 'PayId');
});

t.test('an order naming an account off the allow-list is refused before anything is journaled, even when its MAC verifies', async (t) => {
  const { call, alice, host, iotp } = await setUp(t);
  const W = { OkFrom: isoIn(-HOUR), OkTo: isoIn(HOUR) };
  const before = host.store.balanceOf('ATM-CASH', 'USD');
  // Signed with the right scheme key (as a leaked key would let an attacker do), but for ATM-CASH.
  const forged = encodeOrder(SCHEME_KEY, { consumerPayId: 'C-x', payer: 'ATM-CASH', currencyId: 'USD', amount: '100000000', payDirection: 'Debit', okFrom: W.OkFrom, okTo: W.OkTo });
  const answer = await call(alice.token, 'StartPaymentPaymentHandler', {
    BrandId: 'XMLX', ConsumerPayId: 'C-x', CurrCode: 'USD', Amount: '1000000.00', PayDirection: 'Debit', ProtocolId: 'XMLX-1.0', PaymentHandlerPayId: 'P-x', MerchantOrgId: 'shop', ...W,
  }, [element('PaySchemePackagedContent', { Name: 'XmlxPaymentOrder', Content: 'XML', Transform: 'BASE64' }, [], Buffer.from(forged).toString('base64'))]);
  t.equal(answer.error?.code, 'BusError');
  t.match(answer.error?.desc ?? '', /Business Error/);
  t.equal(host.store.balanceOf('ATM-CASH', 'USD'), before, 'no money moved');
  t.same(iotp.bridge.log.listPending(), [], 'nothing journaled');
});
