// The asynchronous model: cancel through AbortSignal, timeouts, injected failures, queries
// answered while a command waits, gateway-side refusals, and loss of the service provider with
// offline / reopen.
import t from 'tap';
import { once } from 'node:events';
import { newService, openCdm, openIdc, recorder, sim, startManager, untilPending } from './helpers.ts';
import type { SessionState } from '../../src/legacy-xfs3/types.ts';

t.test('AbortSignal cancels a waiting command through WFSCancelAsyncRequest', async (t) => {
  const { m, done } = await startManager(t);
  const name = newService('IDC');
  const s = await openIdc(m, name);
  const ac = new AbortController();
  const read = s.execute('WFS_CMD_IDC_READ_RAW_DATA', { sources: 2 }, { signal: ac.signal });
  await untilPending(name);
  ac.abort();
  const r = await read;
  t.equal(r.code, -4);
  t.equal(r.name, 'WFS_ERR_CANCELED');
  t.equal(r.origin, 'service', 'the provider completed it as canceled');
  t.equal(sim.pending(name), 0);
  const pre = new AbortController();
  pre.abort();
  const r2 = await s.execute('WFS_CMD_IDC_READ_RAW_DATA', { sources: 2 }, { signal: pre.signal });
  t.equal(r2.name, 'WFS_ERR_CANCELED');
  t.equal(r2.origin, 'gateway', 'already aborted: nothing was sent');
  await s.close();
  await done();
});

t.test('a timeout given to the provider completes with WFS_ERR_TIMEOUT', async (t) => {
  const { m, done } = await startManager(t);
  const name = newService('IDC');
  const s = await openIdc(m, name);
  const r = await s.execute('WFS_CMD_IDC_READ_RAW_DATA', { sources: 2 }, { timeout: 50 });
  t.equal(r.name, 'WFS_ERR_TIMEOUT');
  t.equal(r.origin, 'service');
  sim.hangNext(name);
  const h = await s.execute('WFS_CMD_IDC_RESET', { action: 1 }, { timeout: 50 });
  t.equal(h.name, 'WFS_ERR_TIMEOUT', 'a hung command ends at its timeout');
  await s.close();
  await done();
});

t.test('the gateway guard cancels a request the provider never completes', async (t) => {
  const { m, done } = await startManager(t, { guardGraceMs: 30 });
  const name = newService('IDC');
  const s = await openIdc(m, name);
  // The device thread is busy with a hung command, so the query behind it is never answered.
  sim.setDelay(name, 0, 1);
  sim.hangNext(name);
  const hung = s.execute('WFS_CMD_IDC_RESET', { action: 1 });
  await untilPending(name);
  const r = await s.execute('WFS_CMD_IDC_RESET', { action: 1 }, { timeout: 1 });
  t.ok(r.name === 'WFS_ERR_CANCELED' || r.name === 'WFS_ERR_TIMEOUT', `queued behind a hang: ${r.name}`);
  await s.close();
  t.equal((await hung).name, 'WFS_ERR_CANCELED', 'close cancels the hung command');
  await done();
});

t.test('failNext injects a class-specific error; delay makes the device slow', async (t) => {
  const { m, done } = await startManager(t);
  const name = newService('IDC');
  const s = await openIdc(m, name);
  sim.failNext(name, 'WFS_ERR_IDC_MEDIAJAM');
  const r = await s.execute('WFS_CMD_IDC_RESET', { action: 1 });
  t.equal(r.code, -200);
  t.equal(r.name, 'WFS_ERR_IDC_MEDIAJAM');
  sim.failNext(name, -14);
  t.equal((await s.execute('WFS_CMD_IDC_RESET_COUNT', undefined)).name, 'WFS_ERR_HARDWARE_ERROR');
  t.ok((await s.execute('WFS_CMD_IDC_RESET_COUNT', undefined)).ok, 'only the next command fails');
  sim.setDelay(name, 80, 0);
  const started = Date.now();
  t.ok((await s.execute('WFS_CMD_IDC_RESET_COUNT', undefined)).ok);
  t.ok(Date.now() - started >= 70, 'device time applied');
  await s.close();
  await done();
});

t.test('queries are answered while a command waits for a card', async (t) => {
  const { m, done } = await startManager(t);
  const name = newService('IDC');
  const s = await openIdc(m, name);
  const read = s.execute('WFS_CMD_IDC_READ_RAW_DATA', { sources: 2 });
  await untilPending(name);
  const st = await s.getInfo('WFS_INF_IDC_STATUS', undefined);
  t.ok(st.ok, 'status while READ_RAW_DATA is pending');
  sim.insertCard(name, { track2: ';123=456?' });
  t.ok((await read).ok);
  await s.close();
  await done();
});

t.test('bad input and unknown names are refused by the gateway with a clear code', async (t) => {
  const { m, done } = await startManager(t);
  const name = newService('IDC');
  const s = await openIdc(m, name);
  const bad = await s.execute('WFS_CMD_IDC_READ_RAW_DATA', { sources: -1 } as unknown as { sources: number });
  t.equal(bad.name, 'WFS_ERR_INVALID_DATA');
  t.equal(bad.origin, 'gateway');
  t.match(bad.detail, /sources/);
  const notBuf = await s.execute('WFS_CMD_IDC_CHIP_IO', { protocol: 1, data: 'x' as unknown as Buffer });
  t.equal(notBuf.name, 'WFS_ERR_INVALID_DATA');
  const unknown = await (s.execute as (c: string, d: unknown) => Promise<{ name: string }>)('WFS_CMD_IDC_TELEPORT', undefined);
  t.equal(unknown.name, 'WFS_ERR_UNSUPP_COMMAND');
  const badTimeout = await s.getInfo('WFS_INF_IDC_STATUS', undefined, { timeout: -5 });
  t.equal(badTimeout.name, 'WFS_ERR_INVALID_DATA');
  t.equal(sim.liveResults(), 0, 'nothing reached the provider');
  await s.close();
  const closed = await s.getInfo('WFS_INF_IDC_STATUS', undefined);
  t.equal(closed.name, 'WFS_ERR_INVALID_HSERVICE');
  await done();
});

t.test('open failures: unknown logical name, version range the service cannot meet', async (t) => {
  const { m, done } = await startManager(t);
  await t.rejects(openIdc(m, 'NoSuchService'), { code: -43, codeName: 'WFS_ERR_SERVICE_NOT_FOUND' });
  const old = newService('IDC', '3.00');
  await t.rejects(m.open(old, { low: '3.10', high: '3.30' }, { serviceClass: 'IDC' }), { code: -46, codeName: 'WFS_ERR_SRVC_VER_TOO_HIGH' });
  await t.rejects(m.open('x', { low: '3.00', high: '3.30' }), { code: -43, codeName: 'WFS_ERR_SERVICE_NOT_FOUND' }, 'no class configured');
  const handles = sim.openHandles();
  const ac = new AbortController();
  ac.abort();
  await t.rejects(m.open(old, { low: '3.00', high: '3.30' }, { serviceClass: 'IDC', signal: ac.signal }), { code: -4, codeName: 'WFS_ERR_CANCELED' });
  t.equal(sim.openHandles(), handles, 'an aborted open leaves no handle open');
  await done();
});

t.test('connection loss: pending work completes, the session goes offline and reopens', async (t) => {
  const { m, done } = await startManager(t);
  const name = newService('CDM');
  const s = await openCdm(m, name);
  const rec = recorder(s);
  const states: SessionState[] = [];
  s.on('state', (st) => states.push(st));
  const firstHandle = s.hService;
  sim.hangNext(name);
  const hung = s.execute('WFS_CMD_CDM_RESET', undefined);
  await untilPending(name);
  const status = rec.next('WFS_SYSE_DEVICE_STATUS');
  sim.loseConnection(name, 0);
  const r = await hung;
  t.equal(r.name, 'WFS_ERR_CONNECTION_LOST');
  t.same((await status).data, { physicalName: name, workstationName: 'SIMULATOR', state: 1 });
  t.equal(s.state, 'offline');
  const offline = await s.getInfo('WFS_INF_CDM_STATUS', undefined);
  t.equal(offline.name, 'WFS_ERR_CONNECTION_LOST');
  t.equal(offline.origin, 'gateway');
  await new Promise((r) => setTimeout(r, 60));
  t.equal(s.state, 'offline', 'reopen keeps failing while the provider is down');
  const online = once(s, 'state');
  sim.restoreConnection(name);
  t.equal((await online)[0], 'online');
  t.not(s.hService, firstHandle, 'a new hService');
  t.ok((await s.getInfo('WFS_INF_CDM_STATUS', undefined)).ok, 'usable again');
  t.same(states, ['offline', 'online']);

  // A loss that heals by itself.
  sim.loseConnection(name, 50);
  const again = await s.execute('WFS_CMD_CDM_RESET', undefined);
  t.equal(again.name, 'WFS_ERR_CONNECTION_LOST', 'first call after the loss reports it');
  await once(s, 'state');
  t.equal(s.state, 'online');
  await s.close();
  t.equal(s.state, 'closed');
  await done();
});

async function untilIdle(name: string): Promise<void> {
  for (let i = 0; i < 300 && sim.pending(name) > 0; i++) await new Promise((r) => setTimeout(r, 5));
}

t.test('a crashed pump thread is replaced and the sessions reopen on the new window', async (t) => {
  const { m, done } = await startManager(t);
  const name = newService('IDC');
  const s = await openIdc(m, name);
  const oldPump = m.currentPump;
  const read = s.execute('WFS_CMD_IDC_READ_RAW_DATA', { sources: 2 });
  await untilPending(name);
  const states: string[] = [];
  s.on('state', (st) => states.push(st));
  const back = new Promise<void>((resolve) => s.on('state', (st) => { if (st === 'online') resolve(); }));
  await m.currentPump!.kill();
  const r = await read;
  t.ok(r.name === 'WFS_ERR_CONNECTION_LOST' || r.name === 'WFS_ERR_INTERNAL_ERROR', `pending request completed: ${r.name}`);
  await back;
  t.same(states, ['offline', 'online']);
  t.not(m.currentPump, oldPump, 'a new pump thread and window');
  t.ok((await s.getInfo('WFS_INF_IDC_STATUS', undefined)).ok, 'the session works on the new pump');
  await untilIdle(name);
  t.equal(sim.pending(name), 0, 'the old handle was closed, cancelling what it had pending');
  t.equal(sim.openHandles(), 1, 'only the reopened handle is open');
  await s.close();
  await new Promise((r) => setTimeout(r, 50));
  await done({ mayLoseInFlight: 1 });
});

t.test('an undeliverable-message system event is decoded and the status probe keeps a healthy session online', async (t) => {
  const { m, done } = await startManager(t);
  const name = newService('IDC');
  const s = await openIdc(m, name);
  const rec = recorder(s);
  const ev = rec.next('WFS_SYSE_UNDELIVERABLE_MSG');
  sim.systemEvent(name, 1);
  t.match((await ev).data, { logicalName: name, message: 0x400 + 21 });
  await new Promise((r) => setTimeout(r, 50));
  t.equal(s.state, 'online', 'the status probe succeeded: still online');

  t.ok((await s.getInfo('WFS_INF_IDC_STATUS', undefined)).ok);
  await s.close();
  await done();
});
