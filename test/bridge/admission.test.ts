// Issue 12, items 1-3, through real sockets on the gateway and the simulated dispenser: a client
// that does not read is dropped once its bounded send buffer is full (bytes or messages), with one
// log line, while a reading client is served; refusals repeated by a flood are summarised in the
// log; idle sockets cannot lock out a client that talks, nor discovery.
import t from 'tap';
import { WebSocket } from 'ws';
import { Xfs4IotClient } from '../../src/xfs4iot/client.ts';
import { LogCapture, shutdownManager, startClassGateway, waitFor, type TestGateway } from './harness.ts';

t.teardown(() => shutdownManager());

const getStorage = (id: number): string => `{"header":{"type":"command","name":"Storage.GetStorage","version":"2.0","requestId":${id}}}`;

function open(url: string): Promise<{ ws: WebSocket; closed: Promise<number> }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const closed = new Promise<number>((done) => ws.once('close', (code) => done(code)));
    ws.on('error', () => undefined);
    ws.once('open', () => resolve({ ws, closed }));
    ws.once('unexpected-response', () => reject(new Error('refused')));
  });
}

const pause = (ws: WebSocket): void => (ws as unknown as { _socket: { pause(): void } })._socket.pause();

async function cdm(log: LogCapture, limits: Record<string, unknown>): Promise<TestGateway> {
  return startClassGateway({ cls: 'CDM', xfs3Version: '3.30', xfs4iotName: 'cashdispenser', validateOutgoing: false, log, configLogLevel: 'info', config: { limits } });
}

for (const bound of [{ maxBufferedBytes: 65536 }, { maxBufferedBytes: 64 * 1024 * 1024, maxBufferedMessages: 64 }]) {
  t.test(`a client that never reads is dropped at its send bound ${JSON.stringify(bound)}; one log line; others served`, async (t) => {
    const log = new LogCapture('info');
    const gw = await cdm(log, bound);
    t.teardown(() => gw.close());
    const slow = await open(gw.gateway.publisher.url('cashdispenser'));
    pause(slow.ws);
    let id = 0;
    let dropped = false;
    void slow.closed.then(() => { dropped = true; });
    // Paced by what the client itself could still send: the gateway's side must give up first.
    while (!dropped && gw.gateway.publisher.connectionCount === 2) {
      for (let k = 0; k < 32; k++) slow.ws.send(getStorage(++id));
      await new Promise((resolve) => setImmediate(resolve));
      if (slow.ws.bufferedAmount > 8 * 1024 * 1024) await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await waitFor(() => (gw.gateway.publisher.connectionCount === 1 ? true : undefined), 60_000, 'the slow reader gone');
    const lines = log.lines.filter((l) => l.code === 'X4I-042');
    t.equal(lines.length, 1, 'one log line for the slow consumer');
    t.ok(Number(lines[0]?.bufferedBytes) >= 0 && Number(lines[0]?.bufferedMessages) >= 0, 'it says how much was waiting');
    t.equal((await gw.client.command('Storage.GetStorage')).header.completionCode ?? null, null, 'the reading client is served');
  });
}

t.test('a flood of refusals costs a few log lines and one summary, not one line each', async (t) => {
  const log = new LogCapture('info');
  const gw = await cdm(log, { maxPendingPerConnection: 1 });
  gw.sim.hangNext(gw.logicalName);
  const raw = await open(gw.gateway.publisher.url('cashdispenser'));
  let acks = 0;
  raw.ws.on('message', () => acks++);
  raw.ws.send('{"header":{"type":"command","name":"CashDispenser.Denominate","version":"2.0","requestId":1},"payload":{"request":{"denomination":{"service":{"currencies":{"EUR":80},"mix":"mix1"}}}}}');
  for (let id = 2; id <= 2001; id++) raw.ws.send(getStorage(id));
  await waitFor(() => (acks >= 2001 ? true : undefined), 60_000, 'every acknowledge');
  const refusals = log.lines.filter((l) => l.code === 'X4I-009');
  t.equal(refusals.length, 5, 'the first 5 refusals of the interval are logged in full');
  raw.ws.close();
  await gw.close();
  const summary = log.lines.filter((l) => l.code === 'X4I-009' && l.summary === true);
  t.equal(summary.length, 1, 'one summary line');
  t.equal(summary[0]?.suppressed, 1995, 'it counts the refusals not logged one by one');
});

t.test('idle sockets are closed to make room for a client that talks, and discovery has its own budget', async (t) => {
  const log = new LogCapture('info');
  const gw = await cdm(log, { maxConnections: 4, maxDiscoveryConnections: 2, idleGraceMs: 0 });
  t.teardown(() => gw.close());
  const url = gw.gateway.publisher.url('cashdispenser');
  await gw.client.command('Common.Status');
  const idle = [await open(url), await open(url), await open(url)];
  t.equal(gw.gateway.publisher.connectionCount, 4, 'the service budget is full: 1 talking client, 3 idle');
  const late = await Xfs4IotClient.connect(url);
  t.teardown(() => late.close());
  t.equal((await late.command('Common.Status')).header.completionCode, undefined, 'a newcomer is served');
  t.equal(await idle[0].closed, 1013, 'the oldest idle socket was closed (1013) to make room');
  const spoken = [await Xfs4IotClient.connect(url), await Xfs4IotClient.connect(url)];
  for (const c of spoken) await c.command('Common.Status');
  t.teardown(() => Promise.all(spoken.map((c) => c.close())));
  t.equal(await idle[1].closed, 1013);
  t.equal(await idle[2].closed, 1013);
  const refused = await open(url);
  t.equal(await refused.closed, 1013, 'with every service connection talking, a fifth is refused');
  t.equal(log.lines.filter((l) => l.code === 'X4I-045').length, 3, 'each eviction logged');
  // Discovery: its own budget of 2, and reachable while the services are full.
  const discoveryUrl = gw.gateway.publisher.url();
  const idleDiscovery = [await open(discoveryUrl), await open(discoveryUrl)];
  const discovery = await Xfs4IotClient.connect(discoveryUrl);
  t.teardown(() => discovery.close());
  const services = (await discovery.command('ServicePublisher.GetServices')).payload?.services as Array<{ serviceURI: string }>;
  t.equal(services.length, 1, 'GetServices answered while every service slot is taken');
  t.equal(await idleDiscovery[0].closed, 1013, 'an idle discovery socket made room');
  t.equal(idleDiscovery[1].ws.readyState, WebSocket.OPEN);
});

/** Sends GetStorage until the client's own send buffer holds `clientBytes` (the gateway stopped taking them) or the connection is gone. */
async function sendUntilRefusedToRead(gw: TestGateway, ws: WebSocket, clientBytes: number): Promise<number> {
  let id = 0;
  const started = Date.now();
  while (ws.readyState === WebSocket.OPEN && gw.gateway.publisher.connectionCount === 2 && ws.bufferedAmount < clientBytes && Date.now() - started < 30_000) {
    for (let k = 0; k < 32; k++) ws.send(getStorage(++id));
    await new Promise((resolve) => setImmediate(resolve));
  }
  return id;
}

t.test('a client that sends without reading is not read past readPauseBytes; once it reads, every command it sent is answered', async (t) => {
  const log = new LogCapture('info');
  const gw = await cdm(log, { readPauseBytes: 16384, stalledReaderMs: 60_000 });
  t.teardown(() => gw.close());
  const slow = await open(gw.gateway.publisher.url('cashdispenser'));
  const answered = new Set<number>();
  slow.ws.on('message', (data) => {
    const { header } = JSON.parse(data.toString()) as { header: { type: string; requestId: number; status?: string } };
    if (header.type === 'completion' || (header.type === 'acknowledge' && header.status !== undefined)) answered.add(header.requestId);
  });
  pause(slow.ws);
  const sent = await sendUntilRefusedToRead(gw, slow.ws, 2 * 1024 * 1024);
  t.ok(slow.ws.bufferedAmount >= 2 * 1024 * 1024, `the gateway stopped taking commands: ${sent} sent, ${slow.ws.bufferedAmount} bytes wait in the client`);
  t.ok(log.lines.some((l) => l.code === 'X4I-046'), 'a log line says the client is not read');
  t.equal(gw.gateway.publisher.connectionCount, 2, 'the client is kept while within its stall time');
  t.equal((await gw.client.command('Storage.GetStorage')).header.completionCode ?? null, null, 'a reading client is served meanwhile');
  (slow.ws as unknown as { _socket: { resume(): void } })._socket.resume();
  await waitFor(() => (answered.size === sent ? true : undefined), 120_000, 'every command answered');
  t.equal(answered.size, sent, 'nothing the client sent was lost');
  t.equal(log.lines.filter((l) => l.code === 'X4I-042').length, 0, 'never judged a slow consumer');
});

t.test('a client whose reading is paused and that never reads is dropped after stalledReaderMs (1008), with one log line', async (t) => {
  const log = new LogCapture('info');
  const gw = await cdm(log, { readPauseBytes: 16384, stalledReaderMs: 500 });
  t.teardown(() => gw.close());
  const slow = await open(gw.gateway.publisher.url('cashdispenser'));
  pause(slow.ws);
  await sendUntilRefusedToRead(gw, slow.ws, 2 * 1024 * 1024);
  await waitFor(() => (gw.gateway.publisher.connectionCount === 1 ? true : undefined), 30_000, 'the stalled reader gone');
  const lines = log.lines.filter((l) => l.code === 'X4I-042');
  t.equal(lines.length, 1, 'one log line');
  t.equal(lines[0]?.stalledMs, 500, 'it says it stalled');
  t.equal((await gw.client.command('Storage.GetStorage')).header.completionCode ?? null, null, 'the reading client is served');
});
