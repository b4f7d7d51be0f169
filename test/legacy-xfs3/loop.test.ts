// 10,000 commands through the pump: every one completes exactly once, nothing leaks.
import t from 'tap';
import { newService, openCdm, openIdc, sim, startManager } from './helpers.ts';

t.test('10,000 queries and commands in a loop lose no result and leak nothing', async (t) => {
  const { m, done } = await startManager(t);
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
