// Issue 12, items 4 and 10, through real sockets and the simulator: a command refused for load
// (tooManyRequests) never counts toward closing the connection and queued commands survive; input
// that passes the schema but not the 3.x layout is invalidData (the client's fault), not
// internalError; a Cancel never cancels another Cancel; GetServices URIs carry the configured host
// and the port whatever Host header the client sent.
import t, { type Test } from 'tap';
import { WebSocket } from 'ws';
import { Xfs4IotClient, type Message } from '../../src/xfs4iot/client.ts';
import { shutdownManager, startClassGateway, waitFor, type TestGateway } from './harness.ts';

t.teardown(() => shutdownManager());

const digits = Object.fromEntries(['zero', 'one', 'two', 'three'].map((k) => [k, { terminate: false }]));
const pinEntry = (requestId: number): string => JSON.stringify({
  header: { type: 'command', name: 'Keyboard.PinEntry', version: '2.0', requestId },
  payload: { minLen: 4, maxLen: 4, autoEnd: true, activeKeys: { ...digits, enter: { terminate: true } } },
});

/** A plain WebSocket client that records every message, for what the test client would not send. */
async function rawClient(t: Test, gw: TestGateway, service: string): Promise<{ ws: WebSocket; received: Message[] }> {
  const ws = new WebSocket(gw.gateway.publisher.url(service));
  const received: Message[] = [];
  ws.on('message', (data) => received.push(JSON.parse(data.toString()) as Message));
  await new Promise((resolve) => ws.once('open', resolve));
  t.teardown(() => ws.close());
  return { ws, received };
}

t.test('tooManyRequests, however often, neither closes the connection nor drops its queued commands', async (t) => {
  const gw = await startClassGateway({
    cls: 'PIN', xfs3Version: '3.30', xfs4iotName: 'pinpad', validateOutgoing: false,
    config: { limits: { maxPendingPerConnection: 4 } },
  });
  t.teardown(() => gw.close());
  const ws = new WebSocket(gw.gateway.publisher.url('pinpad'));
  const received: Message[] = [];
  let closed: number | undefined;
  ws.on('message', (data) => received.push(JSON.parse(data.toString()) as Message));
  ws.on('close', (code) => { closed = code; });
  await new Promise((resolve) => ws.once('open', resolve));
  t.teardown(() => ws.close());
  // 4 accepted (the first waits for keys, 3 queued behind it), then 1,500 refused: more than the
  // 1,000 consecutive invalid messages that close a flooding connection.
  const total = 1504;
  for (let id = 1; id <= total; id++) ws.send(pinEntry(id));
  await waitFor(() => (received.filter((m) => m.header.type === 'acknowledge').length >= total ? true : undefined), 60_000, 'every acknowledge');
  const refused = received.filter((m) => m.header.status === 'tooManyRequests').length;
  t.equal(refused, total - 4, 'all beyond the 4 pending were refused with tooManyRequests');
  t.equal(closed, undefined, 'the connection is still open');
  for (let i = 0; i < 4; i++) {
    await waitFor(() => (gw.sim.pendingKeys(gw.logicalName) === 0 ? true : undefined), 60_000, 'the keys consumed');
    await waitFor(() => (gw.sim.pending(gw.logicalName) >= 1 ? true : undefined), 60_000, `PIN entry ${i + 1} waiting for keys`);
    gw.sim.pressKeys(gw.logicalName, '1230');
    await waitFor(() => (received.filter((m) => m.header.type === 'completion').length > i ? true : undefined), 60_000, `completion ${i + 1}`);
  }
  const completions = received.filter((m) => m.header.type === 'completion');
  t.same(completions.map((m) => [m.header.requestId, m.header.completionCode ?? null]), [[1, null], [2, null], [3, null], [4, null]], 'the 4 queued PIN entries all completed');
  t.equal(closed, undefined, 'still open');
});

t.test('input the 3.x layout cannot hold is invalidData, not internalError', async (t) => {
  const gw = await startClassGateway({ cls: 'PIN', xfs3Version: '3.30', xfs4iotName: 'pinpad', validateOutgoing: false });
  t.teardown(() => gw.close());
  const data = Buffer.alloc(70_000, 7).toString('base64');
  const done = await gw.client.command('Crypto.CryptoData', { key: 'DataKey1', data });
  t.equal(done.header.completionCode, 'invalidData');
  t.match(String(done.header.errorDescription), /at most 65535 bytes/);
  t.equal((await gw.client.command('Crypto.CryptoData', { key: 'DataKey1', data: 'AAAAAAAAAAA=' })).header.completionCode ?? null, null, 'the service still serves');
});

t.test('a Cancel never cancels another Cancel', async (t) => {
  const gw = await startClassGateway({ cls: 'CDM', xfs3Version: '3.30', xfs4iotName: 'cashdispenser', validateOutgoing: true });
  t.teardown(() => gw.close());
  const { ws, received } = await rawClient(t, gw, 'cashdispenser');
  gw.sim.hangNext(gw.logicalName);
  const cmd = (name: string, requestId: number, payload?: object): string => JSON.stringify({ header: { type: 'command', name, version: '2.0', requestId }, ...(payload ? { payload } : {}) });
  // One write: both Cancels are accepted before either completes, so the second sees the first active.
  ws.send(cmd('CashDispenser.Denominate', 1, { request: { denomination: { service: { currencies: { EUR: 80 }, mix: 'mix1' } } } }));
  await waitFor(() => (received.length >= 1 ? true : undefined), 60_000, 'the denominate acknowledged');
  ws.send(cmd('Common.Cancel', 2, { requestIds: [1] }));
  ws.send(cmd('Common.Cancel', 3, { requestIds: [2] }));
  ws.send(cmd('Common.Cancel', 4));
  await waitFor(() => (received.filter((m) => m.header.type === 'completion').length >= 4 ? true : undefined), 60_000, 'four completions');
  const byId = new Map(received.filter((m) => m.header.type === 'completion').map((m) => [m.header.requestId, m]));
  t.equal(byId.get(2)?.header.completionCode ?? null, null, 'the first Cancel succeeded');
  t.equal(byId.get(3)?.header.completionCode, 'commandErrorCode', 'a Cancel naming only a Cancel matches nothing');
  t.equal(byId.get(3)?.payload?.errorCode, 'noMatchingRequestIDs');
  t.equal(byId.get(4)?.header.completionCode ?? null, null, 'a Cancel of everything leaves the other Cancels alone');
  t.equal(byId.get(1)?.header.completionCode, 'canceled', 'the denominate was canceled');
});

t.test('GetServices URIs: configured host and the bound port, whatever Host header the client sent', async (t) => {
  const gw = await startClassGateway({
    cls: 'CDM', xfs3Version: '3.30', xfs4iotName: 'cashdispenser', validateOutgoing: true,
    config: { server: { publicHost: 'localhost' } },
  });
  t.teardown(() => gw.close());
  const port = gw.gateway.publisher.port;
  const discovery = await Xfs4IotClient.connect(`ws://127.0.0.1:${port}/xfs4iot/v1.0`, { headers: { host: 'evil.example' } });
  t.teardown(() => discovery.close());
  const services = (await discovery.command('ServicePublisher.GetServices')).payload?.services as Array<{ serviceURI: string }>;
  t.same(services.map((s) => s.serviceURI), [`ws://localhost:${port}/xfs4iot/v1.0/cashdispenser`]);
});

t.test('a CashDispenser.Present sent with "payload": {} (as generated clients send it) runs like one without a payload', async (t) => {
  const gw = await startClassGateway({ cls: 'CDM', xfs3Version: '3.30', xfs4iotName: 'cashdispenser', validateOutgoing: true });
  t.teardown(() => gw.close());
  const { ws, received } = await rawClient(t, gw, 'cashdispenser');
  ws.send(JSON.stringify({ header: { type: 'command', name: 'CashDispenser.Present', version: '2.0', requestId: 1 }, payload: {} }));
  ws.send(JSON.stringify({ header: { type: 'command', name: 'CashDispenser.Present', version: '2.0', requestId: 2 } }));
  await waitFor(() => (received.filter((m) => m.header.type === 'completion').length >= 2 ? true : undefined), 10_000, 'both completions');
  const answers = [1, 2].map((id) => received.filter((m) => m.header.requestId === id && m.header.type !== 'event'));
  for (const [index, [ack, completion]] of answers.entries()) {
    t.equal(ack.header.status, undefined, `request ${index + 1}: acknowledged without status`);
    // Nothing was dispensed: the provider says so, for both alike.
    t.equal(completion.payload?.errorCode, 'noItems', `request ${index + 1}: completed by the dispenser (noItems)`);
  }
});
