// 10,000 commands through the pump: every one completes exactly once, nothing leaks, whether the
// pump thread sleeps at once (spin 0) or polls before sleeping (the default, and a long poll).
import t from 'tap';
import { defaultPumpSpinMicros, DEFAULT_PUMP_SPIN_MICROS } from '../../src/legacy-xfs3/manager.ts';
import { newService, openCdm, openIdc, sim, startManager } from './helpers.ts';

t.test('the pump polls before sleeping only when another CPU can produce its messages', async (t) => {
  t.equal(defaultPumpSpinMicros(1), 0);
  t.equal(defaultPumpSpinMicros(2), DEFAULT_PUMP_SPIN_MICROS);
});

for (const pumpSpinMicros of [0, undefined, 5000]) t.test(`10,000 queries and commands in a loop lose no result and leak nothing (pump spin ${pumpSpinMicros ?? 'default'})`, async (t) => {
  const { m, done } = await startManager(t, pumpSpinMicros === undefined ? {} : { pumpSpinMicros });
  const idc = await openIdc(m, newService('IDC'));
  const cdm = await openCdm(m, newService('CDM'));
  const totalBefore = sim.totalResults();
  const N = 10_000;
  const seen = new Set<number>();
  let ok = 0;
  for (let batch = 0; batch < N; batch += 500) {
    const work: Promise<{ ok: boolean; requestId: number }>[] = [];
    for (let i = batch; i < batch + 500; i++) {
      if (i % 4 === 0) work.push(idc.execute('WFS_CMD_IDC_RESET_COUNT', undefined));
      else if (i % 4 === 1) work.push(idc.getInfo('WFS_INF_IDC_STATUS', undefined));
      else if (i % 4 === 2) work.push(cdm.getInfo('WFS_INF_CDM_CASH_UNIT_INFO', undefined));
      else work.push(idc.execute('WFS_CMD_IDC_SETKEY', { key: Buffer.alloc(8, i & 0xff) }));
    }
    for (const r of await Promise.all(work)) {
      if (r.ok) ok++;
      seen.add(r.requestId);
    }
  }
  t.equal(ok, N, 'every request succeeded');
  t.equal(seen.size, N, 'every completion carried its own RequestID');
  t.ok(sim.totalResults() - totalBefore >= N, 'the simulator produced a result for each');
  t.equal(sim.liveResults(), 0, 'no result left allocated');
  t.equal(m.pending.size, 0, 'nothing left pending');
  await idc.close();
  await cdm.close();
  await done();
});
