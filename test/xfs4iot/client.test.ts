// The client against a service that is not ours: a hand-written server with another vendor's
// (still conforming) choices: explicit nulls, requestId 0 on unsolicited, extra properties.
import t from 'tap';
import { WebSocketServer, type WebSocket } from 'ws';
import { AcknowledgeError, Xfs4IotClient, type Message } from '../../src/xfs4iot/client.ts';

async function otherVendor(onCommand: (ws: WebSocket, m: Message) => void): Promise<{ url: string; close(): Promise<void> }> {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  wss.on('connection', (ws) => ws.on('message', (d) => onCommand(ws, JSON.parse(d.toString()) as Message)));
  const port = (wss.address() as { port: number }).port;
  return {
    url: `ws://127.0.0.1:${port}/xfs4iot/v1.0/x`,
    close: () => new Promise((r) => {
      for (const c of wss.clients) c.terminate();
      wss.close(() => r());
    }),
  };
}

t.test('explicit nulls, extra properties, unsolicited with and without requestId 0, noise ignored', async (t) => {
  const server = await otherVendor((ws, m) => {
    const { name, requestId } = m.header;
    ws.send(JSON.stringify({ header: { type: 'acknowledge', name, version: '2.0', requestId, status: null } }));
    ws.send(JSON.stringify({ header: { type: 'unsolicited', name: 'Common.StatusChangedEvent', version: '2.0', requestId: 0 }, payload: { common: { device: 'online' } } }));
    ws.send(JSON.stringify({ header: { type: 'event', name: 'Acme.UnknownEvent', version: '1.0', requestId: 4242 } }));
    ws.send(Buffer.from([1, 2, 3]), { binary: true });
    ws.send('not json');
    ws.send(JSON.stringify({ header: { type: 'event', name: 'CardReader.InsertCardEvent', version: '2.0', requestId } }));
    ws.send(JSON.stringify({ header: { type: 'unsolicited', name: 'CardReader.MediaRemovedEvent', version: '2.0' } }));
    ws.send(JSON.stringify({ header: { type: 'completion', name, version: '2.0', requestId, completionCode: null, errorDescription: null }, payload: { acmeDebug: 'x' } }));
  });
  t.teardown(() => server.close());
  const client = await Xfs4IotClient.connect(server.url);
  t.teardown(() => client.close());
  const unsolicited: string[] = [];
  client.onUnsolicited((m) => unsolicited.push(`${m.header.name}:${m.header.requestId ?? 'none'}`));
  const pending = client.send('CardReader.ReadRawData', { track2: true });
  const completion = await pending.completion;
  t.equal(completion.header.completionCode, null);
  t.same(pending.events.map((e) => e.header.name), ['CardReader.InsertCardEvent']);
  t.same(unsolicited, ['Common.StatusChangedEvent:0', 'CardReader.MediaRemovedEvent:none']);
});

t.test('a refused command rejects with AcknowledgeError; a closed connection rejects what is pending', async (t) => {
  let calls = 0;
  const server = await otherVendor((ws, m) => {
    calls++;
    if (calls === 1) ws.send(JSON.stringify({ header: { type: 'acknowledge', name: m.header.name, version: '2.0', requestId: m.header.requestId, status: 'tooManyRequests' } }));
    else ws.close(1001);
  });
  t.teardown(() => server.close());
  const client = await Xfs4IotClient.connect(server.url);
  const err = await client.command('Common.Status').catch((e: unknown) => e);
  t.ok(err instanceof AcknowledgeError);
  t.equal((err as AcknowledgeError).status, 'tooManyRequests');
  await t.rejects(client.command('Common.Status'), /connection closed \(1001/);
  await t.rejects(client.command('Common.Status'), /connection closed/, 'later commands fail at once');
});

t.test('a completion without an acknowledge still resolves the command', async (t) => {
  const server = await otherVendor((ws, m) => {
    ws.send(JSON.stringify({ header: { type: 'completion', name: m.header.name, version: '2.0', requestId: m.header.requestId } }));
  });
  t.teardown(() => server.close());
  const client = await Xfs4IotClient.connect(server.url);
  t.teardown(() => client.close());
  t.equal((await client.command('Common.Status')).header.type, 'completion');
});
