// A pump thread that dies (here by an exception right after taking a result off its queue) loses
// nothing it had taken: the hand-over ring is drained when the thread ends, so those requests get
// their real results and their memory is freed; requests still queued for the dead window complete
// as outcome unknown, and the pump and the session come back.
import t from 'tap';
import { newService, openIdc, startManager } from './helpers.ts';

t.test('a crash right after taking a result: that result still reaches its request, nothing leaks', async (t) => {
  const { m, done } = await startManager(t);
  const name = newService('IDC');
  const s = await openIdc(m, name);
  const back = new Promise<void>((resolve) => s.on('state', (state) => { if (state === 'online') resolve(); }));
  const oldPump = m.currentPump;
  // The very first result taken: no announcement ever leaves the thread for it.
  oldPump?.crashAfter(1);
  const results = await Promise.all(Array.from({ length: 10 }, () => s.getInfo('WFS_INF_IDC_STATUS', undefined)));
  const ok = results.filter((r) => r.ok).length;
  const unknown = results.filter((r) => r.outcomeUnknown === true).length;
  t.ok(ok >= 1, `${ok} request(s) got their real result, among them the one taken by the dying thread`);
  t.equal(ok + unknown, 10, 'the others: outcome unknown, never silently dropped');
  t.ok(results[0].ok, 'the first (taken by the thread as it died) completed with its result');
  await back;
  t.not(m.currentPump, oldPump, 'a new pump thread');
  t.ok((await s.getInfo('WFS_INF_IDC_STATUS', undefined)).ok, 'the session works on the new pump');
  await s.close();
  await done();
});
