// The simulator control endpoint on a real gateway: a card inserted over HTTP is read by a real
// XFS4IoT client; refusals are 4xx with a stable code and the next step; connections from another
// machine and requests for other host names are refused. Real sockets, real FFI into the simulator.
import t, { type Test } from 'tap';
import { request } from 'node:http';
import { networkInterfaces } from 'node:os';
import { shutdownManager, startClassGateway, waitFor, type TestGateway } from './harness.ts';
import { hostOfHeader, isLoopbackHostName } from '../../src/bridge/sim-control.ts';

t.teardown(shutdownManager);

const TRACK2 = ';4761739001010119=15122011143857589?';

interface Answer { status: number; body: { result?: string; error?: { code: string; message: string; next?: string }; services?: unknown[] } }

/** One HTTP request with full control of the headers (fetch cannot set Host). */
function http(port: number, method: string, path: string, options: { body?: string; contentType?: string; host?: string; address?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {};
    if (options.contentType !== undefined) headers['content-type'] = options.contentType;
    if (options.host !== undefined) headers.host = options.host;
    const req = request({ host: options.address ?? '127.0.0.1', port, method, path, headers }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => { text += chunk.toString(); });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Answer['body'] }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const post = (gw: TestGateway, verb: string, params: unknown = {}, name = gw.logicalName) =>
  http(gw.gateway.publisher.port, 'POST', `/simulator/${name}/${verb}`, { body: JSON.stringify(params), contentType: 'application/json' });

function idcGateway(t: Test, config?: { server?: Record<string, unknown> }): Promise<TestGateway> {
  return startClassGateway({ cls: 'IDC', xfs3Version: '3.30', xfs4iotName: 'cardreader', validateOutgoing: true, simControl: true, ...(config ? { config } : {}) })
    .then((gw) => { t.teardown(() => gw.close()); return gw; });
}

t.test('a card inserted through the endpoint is read by an XFS4IoT client', async (t) => {
  const gw = await idcGateway(t);
  const listing = await http(gw.gateway.publisher.port, 'GET', '/simulator');
  t.equal(listing.status, 200);
  t.same(listing.body.services, [{ logicalName: gw.logicalName, class: 'IDC', xfs4iotName: 'cardreader' }]);

  const read = gw.client.send('CardReader.ReadRawData', { track2: true });
  await read.acknowledged;
  const inserted = await post(gw, 'insert', { track2: TRACK2, atr: '3B6800000073C84013009000' });
  t.equal(inserted.status, 200);
  t.equal(inserted.body.result, `card at the slot of ${gw.logicalName}`);
  const completion = await read.completion;
  t.equal(completion.header.completionCode, undefined, completion.header.errorDescription ?? '');
  t.equal(Buffer.from(String((completion.payload?.track2 as { data: string }).data), 'base64').toString(), TRACK2);
  t.notOk(gw.log.raw.some((line) => line.includes('4761739001010119')), 'no track data in the log');
  t.ok(gw.log.lines.some((line) => line.msg === 'simulator control' && line.verb === 'insert'), 'the action is logged (verb and service only)');
});

t.test('after an eject, insert says to take the card first; take, then insert, works', async (t) => {
  const gw = await idcGateway(t);
  gw.sim.insertCard(gw.logicalName, { track2: TRACK2 });
  t.equal((await gw.client.command('CardReader.ReadRawData', { track2: true })).header.completionCode, undefined);

  const inside = await post(gw, 'insert', { track2: TRACK2 });
  t.equal(inside.status, 409);
  t.equal(inside.body.error?.code, 'SIM-008');
  t.match(inside.body.error?.message, /a card is inside .*: let the application eject it \(CardReader\.Move \{"to":"exit"\}\)/);
  const early = await post(gw, 'take');
  t.match(early.body.error?.message, /inside .*, not in the exit slot: let the application eject it first/, 'take before the eject says why');

  t.equal((await gw.client.command('CardReader.Move', { to: 'exit' })).header.completionCode, undefined);
  const refused = await post(gw, 'insert', { track2: TRACK2 });
  t.equal(refused.status, 409);
  t.same(refused.body.error, {
    code: 'SIM-008',
    message: `a card is in the exit slot of ${gw.logicalName}: take it first`,
    next: `xfs4iot-gateway sim take ${gw.logicalName}`,
  });
  const taken = await post(gw, 'take');
  t.equal(taken.body.result, `card taken from ${gw.logicalName}`);
  const none = await post(gw, 'take');
  t.equal(none.status, 409);
  t.match(none.body.error?.message, /no card to take at .*: insert one first/);
  t.equal((await post(gw, 'insert', { track2: TRACK2 })).status, 200, 'once taken, a new card goes in');
  const swapped = await post(gw, 'insert', { track2: TRACK2 });
  t.match(swapped.body.result, /replaced the card that waited there/, 'a card not yet drawn in is swapped, as the demo card is');
});

t.test('CardReader.Reset to currentPosition leaves the card inside', async (t) => {
  const gw = await idcGateway(t);
  t.equal((await post(gw, 'insert', { track2: TRACK2 })).status, 200);
  t.equal((await gw.client.command('CardReader.ReadRawData', { track2: true })).header.completionCode, undefined);
  const actions: string[] = [];
  gw.client.onUnsolicited((m) => { if (m.header.name === 'CardReader.CardActionEvent') actions.push(JSON.stringify(m.payload)); });

  const reset = await gw.client.command('CardReader.Reset', { to: 'currentPosition' });
  t.equal(reset.header.completionCode, undefined, reset.header.errorDescription ?? '');
  const status = await gw.client.command('Common.Status');
  t.equal((status.payload?.cardReader as { media: string }).media, 'present', 'the card is still in the transport');
  t.equal(gw.sim.idcMedia(gw.logicalName).media, 1, 'the simulator agrees: WFS_IDC_MEDIAPRESENT');
  t.match((await post(gw, 'insert', { track2: TRACK2 })).body.error?.message, /a card is inside/);

  const eject = await gw.client.command('CardReader.Reset', { to: 'exit' });
  t.equal(eject.header.completionCode, undefined);
  await waitFor(() => (actions.length > 0 ? true : undefined), 5000, 'CardActionEvent of the eject');
  t.same(actions.map((a) => JSON.parse(a) as unknown), [{ to: 'exit', from: 'transport' }], 'only the eject moved the card');
});

t.test('bad requests get a 4xx naming the problem and what to do', async (t) => {
  const gw = await idcGateway(t);
  const port = gw.gateway.publisher.port;

  const verb = await post(gw, 'teleport');
  t.equal(verb.status, 404);
  t.equal(verb.body.error?.code, 'SIM-004');
  t.match(verb.body.error?.message, /unknown verb 'teleport': known verbs are insert, take, .*keys/);

  const service = await post(gw, 'insert', {}, 'CardReader9');
  t.equal(service.status, 404);
  t.equal(service.body.error?.code, 'SIM-005');
  t.equal(service.body.error?.message, `unknown logical service 'CardReader9': this gateway drives ${gw.logicalName} (IDC, cardreader)`);
  t.equal((await post(gw, 'take', {}, 'CARDREADER')).status, 409, 'the XFS4IoT name finds the service too (no card to take)');

  const wrongClass = await post(gw, 'keys', { keys: '1234E' });
  t.equal(wrongClass.status, 400);
  t.equal(wrongClass.body.error?.code, 'SIM-006');
  t.match(wrongClass.body.error?.message, /keys acts on PIN \(PIN pads\); .* is IDC/);

  const atr = await post(gw, 'insert', { atr: 'XYZ' });
  t.equal(atr.status, 400);
  t.equal(atr.body.error?.code, 'SIM-007');
  t.equal(atr.body.error?.message, 'insert: atr must be hexadecimal, two digits a byte (e.g. 3B68); usage: insert <service> [track1=..] [track2=..] [track3=..] [atr=<hex>] [invalid]');
  const extra = await post(gw, 'insert', { track4: 'x' });
  t.match(extra.body.error?.message, /unknown parameter 'track4' \(insert takes track1, track2, track3, atr, invalid\)/);
  const notObject = await post(gw, 'insert', ['track2']);
  t.match(notObject.body.error?.message, /must be a JSON object/);

  const plain = await http(port, 'POST', `/simulator/${gw.logicalName}/take`, { body: 'take', contentType: 'text/plain' });
  t.equal(plain.status, 415);
  t.equal(plain.body.error?.code, 'SIM-003');
  t.match(plain.body.error?.message, /content-type: application\/json \(\{\} for none\)/);
  const empty = await http(port, 'POST', `/simulator/${gw.logicalName}/take`);
  t.equal(empty.status, 415, 'a POST without a JSON body (what a web page may send anywhere) does nothing');
  const form = await http(port, 'POST', `/simulator/${gw.logicalName}/take`, { body: 'a=1', contentType: 'application/x-www-form-urlencoded' });
  t.equal(form.body.error?.code, 'SIM-003');
  const broken = await http(port, 'POST', `/simulator/${gw.logicalName}/insert`, { body: '{"track2":', contentType: 'application/json' });
  t.equal(broken.status, 400);
  t.match(broken.body.error?.message, /the body is not a JSON object/);

  const rebound = await http(port, 'POST', `/simulator/${gw.logicalName}/take`, { body: '{}', contentType: 'application/json', host: `127.attacker.example:${port}` });
  t.equal(rebound.status, 403);
  t.equal(rebound.body.error?.code, 'SIM-002');
  t.equal((await http(port, 'GET', '/simulator', { host: `localhost:${port}` })).status, 200);
  t.equal((await http(port, 'GET', '/simulator', { host: `[::1]:${port}` })).status, 200);
});

t.test('host names: loopback literals only', async (t) => {
  t.equal(hostOfHeader('127.0.0.1:80'), '127.0.0.1');
  t.equal(hostOfHeader('[::1]:5846'), '::1');
  t.equal(hostOfHeader('localhost'), 'localhost');
  t.ok(isLoopbackHostName('127.0.0.2'));
  t.notOk(isLoopbackHostName('127.0.0.1.nip.io'));
  t.notOk(isLoopbackHostName(''));
});

/** A non-loopback IPv4 address of this machine: a connection from it is not local. */
const outside = Object.values(networkInterfaces()).flat().find((a) => a !== undefined && a.family === 'IPv4' && !a.internal)?.address;

t.test('a connection from another address is refused', { skip: outside === undefined ? 'this machine has no non-loopback IPv4 address' : false }, async (t) => {
  const gw = await idcGateway(t, { server: { host: '0.0.0.0', allowPlainRemote: true } });
  const port = gw.gateway.publisher.port;
  const refused = await http(port, 'POST', `/simulator/${gw.logicalName}/insert`, { body: JSON.stringify({ track2: TRACK2 }), contentType: 'application/json', address: outside!, host: `127.0.0.1:${port}` });
  t.equal(refused.status, 403);
  t.equal(refused.body.error?.code, 'SIM-001');
  t.match(refused.body.error?.message, new RegExp(`only connections from this machine \\(loopback\\); (::ffff:)?${outside!.replace(/\./g, '\\.')} is not one`));
  t.equal(gw.sim.idcMedia(gw.logicalName).cardWaiting, false, 'no card was inserted');
  t.equal((await http(port, 'GET', '/simulator', { address: outside! })).status, 403, 'not even the listing');
  t.ok(gw.log.lines.some((line) => line.code === 'SIM-001' && Number(line.level) === 40), 'the refusal is logged as a warning');
  t.equal((await post(gw, 'insert', { track2: TRACK2 })).status, 200, 'from loopback on the same server it works');
});
