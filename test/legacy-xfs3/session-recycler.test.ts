// The simulated recycler through the real FFI path: a 3.x CDM and CIM whose recycling cassettes are
// the same physical units. A note the CIM puts into RC2 is counted by the CDM and can be dispensed;
// a note the CDM dispenses leaves the CIM's count and note list; each side's sessions hear of the
// other side's change by their own CASHUNITINFOCHANGED, before the command that caused it completes.
import t from 'tap';
import { openCdm, openCim, recorder, sim, startManager } from './helpers.ts';

let seq = 0;
const start = { tellerId: 0, useRecycleUnits: true, outputPosition: 0, inputPosition: 0 };
const CENTER = 0x0004;

function pair(): { cdm: string; cim: string } {
  const n = ++seq;
  const names = { cdm: `RCDM-${process.pid}-${n}`, cim: `RCIM-${process.pid}-${n}` };
  sim.addRecycler(names.cdm, names.cim, '3.30');
  return names;
}

t.test('the cassettes: RC1-RC3 on both sides, RJ only on the dispenser, CI and RT only on the acceptor', async (t) => {
  const { m, done } = await startManager(t);
  const names = pair();
  const cdm = await openCdm(m, names.cdm);
  const cim = await openCim(m, names.cim);
  const out = (await cdm.getInfo('WFS_INF_CDM_CASH_UNIT_INFO', undefined)).data!;
  t.same(out.units.map((u) => [u.number, u.type, u.unitId, u.values, u.count, u.physical[0]!.physicalPositionName]), [
    [1, 2, 'RJ', 0, 0, 'RJ'], [2, 12, 'RC1', 10, 100, 'RC1'], [3, 12, 'RC2', 20, 100, 'RC2'], [4, 12, 'RC3', 50, 50, 'RC3'],
  ], 'WFS_CDM_TYPERECYCLING units named by their physical position');
  const into = (await cim.getInfo('WFS_INF_CIM_CASH_UNIT_INFO', undefined)).data!;
  t.same(into.map((u) => [u.number, u.type, u.unitId, u.count, u.physical[0]!.physicalPositionName]), [
    [1, 1, 'RC1', 100, 'RC1'], [2, 1, 'RC2', 100, 'RC2'], [3, 1, 'RC3', 50, 'RC3'], [4, 2, 'CI', 0, 'CI'], [5, 4, 'RT', 0, 'RT'],
  ]);
  await cdm.close();
  await cim.close();
  await done();
});

t.test('a deposit raises the dispenser\'s count; a dispense lowers the acceptor\'s count and note list', async (t) => {
  const { m, done } = await startManager(t);
  const names = pair();
  const cdm = await openCdm(m, names.cdm);
  const cim = await openCim(m, names.cim);
  const cdmEvents = recorder(cdm);
  const cimEvents = recorder(cim);

  t.ok((await cim.execute('WFS_CMD_CIM_CASH_IN_START', start)).ok);
  sim.cimInsertItems(names.cim, '3x3');
  t.ok((await cim.execute('WFS_CMD_CIM_CASH_IN', undefined)).ok);
  t.ok((await cim.execute('WFS_CMD_CIM_CASH_IN_END', undefined)).ok);
  const changed = cdmEvents.events.find((e) => e.name === 'WFS_SRVE_CDM_CASHUNITINFOCHANGED');
  t.match(changed?.data, { unitId: 'RC2', count: 103 }, 'the dispenser heard of it before CASH_IN_END completed');
  const rc2 = async () => ({
    out: (await cdm.getInfo('WFS_INF_CDM_CASH_UNIT_INFO', undefined)).data!.units[2]!,
    into: (await cim.getInfo('WFS_INF_CIM_CASH_UNIT_INFO', undefined)).data![1]!,
  });
  let now = await rc2();
  t.equal(now.out.count, 103, 'CDM RC2');
  t.equal(now.into.count, 103, 'CIM RC2');
  t.equal(now.into.cashInCount, 3, 'what went in is the acceptor\'s own counter');

  const dispensed = await cdm.execute('WFS_CMD_CDM_DISPENSE', { tellerId: 0, mixNumber: 0, position: CENTER, present: true, denomination: { currencyId: 'EUR', amount: 80, values: [0, 0, 4, 0], cashBox: 0 } });
  t.ok(dispensed.ok, `dispensed (${dispensed.name})`);
  t.match(cimEvents.events.find((e) => e.name === 'WFS_SRVE_CIM_CASHUNITINFOCHANGED' && (e.data as { count?: number }).count === 99)?.data, { unitId: 'RC2' }, 'the acceptor heard of it');
  now = await rc2();
  t.equal(now.out.count, 99);
  t.equal(now.into.count, 99);
  t.same(now.into.noteNumbers, [{ noteId: 3, count: 99 }], 'the EUR 20 notes in its list');
  t.equal(now.into.cashInCount, 3, 'a dispense is no cash-in');
  sim.takeNotes(names.cdm);

  // A new count on one side (an exchange, SET_CASH_UNIT_INFO) is the cassette's count.
  const units = (await cdm.getInfo('WFS_INF_CDM_CASH_UNIT_INFO', undefined)).data!.units;
  t.ok((await cdm.execute('WFS_CMD_CDM_SET_CASH_UNIT_INFO', { units: units.map((u) => (u.unitId === 'RC2' ? { ...u, count: 7, initialCount: 7 } : u)) })).ok);
  now = await rc2();
  t.equal(now.into.count, 7, 'the acceptor counts the 7 the operator left in RC2');
  t.same(now.into.noteNumbers, [{ noteId: 3, count: 7 }]);
  await cdm.close();
  await cim.close();
  await done();
});

t.test('a pair is made once: a service already used, or of another class, is refused', async (t) => {
  const names = pair();
  t.doesNotThrow(() => sim.addRecycler(names.cdm, names.cim, '3.20'), 'the same pair again (a new version)');
  t.throws(() => sim.addRecycler(names.cdm, `other-${process.pid}`), /addRecycler/, 'the dispenser has its acceptor');
  t.throws(() => sim.addRecycler('CashDispenser1', `other2-${process.pid}`), /addRecycler/, 'a plain dispenser is no recycler half');
  t.throws(() => sim.addRecycler(`x-${process.pid}`, `x-${process.pid}`), /addRecycler/, 'one service cannot be both halves');
});
