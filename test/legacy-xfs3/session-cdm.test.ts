// The CDM class through the real FFI path: status, capabilities, cash units, the dispense cycle
// with its events, errors, and the 3.00 layouts.
import t from 'tap';
import { CDM_POSITION } from '../../src/legacy-xfs3/cdm/codec.ts';
import { newService, openCdm, recorder, sim, startManager } from './helpers.ts';

t.test('status, capabilities and cash units on 3.30 and 3.00 services', async (t) => {
  const { m, done } = await startManager(t);
  const s = await openCdm(m, newService('CDM', '3.30'));
  const st = await s.getInfo('WFS_INF_CDM_STATUS', undefined);
  t.ok(st.ok);
  t.same(st.data!.positions, [{ position: 4, shutter: 0, positionStatus: 0, transport: 0, transportStatus: 0, jammedShutterPosition: 0 }]);
  t.equal(st.data!.guidLights!.length, 32);
  const caps = await s.getInfo('WFS_INF_CDM_CAPABILITIES', undefined);
  t.equal(caps.data!.class, 3);
  t.equal(caps.data!.maxDispenseItems, 40);
  t.equal(caps.data!.blacklist, false);
  const cu = await s.getInfo('WFS_INF_CDM_CASH_UNIT_INFO', undefined);
  t.same(cu.data!.units.map((u) => [u.number, u.type, u.currencyId, u.values, u.count]),
    [[1, 2, '   ', 0, 0], [2, 3, 'EUR', 10, 500], [3, 3, 'EUR', 20, 500], [4, 3, 'EUR', 50, 200]]);
  t.equal(cu.data!.units[1]!.physical[0]!.unitId, 'CAS01');
  t.equal(cu.data!.units[1]!.dispensedCount, 0);
  t.same((await s.getInfo('WFS_INF_CDM_CURRENCY_EXP', undefined)).data, [{ currencyId: 'EUR', exponent: 0 }]);
  t.same((await s.getInfo('WFS_INF_CDM_MIX_TYPES', undefined)).data, [
    { mixNumber: 1, mixType: 1, subType: 1, name: 'Minimum number of notes' }, { mixNumber: 2, mixType: 2, subType: 0, name: 'TABLE2' },
  ]);
  const table = await s.getInfo('WFS_INF_CDM_MIX_TABLE', { mixNumber: 2 });
  t.same(table.data, {
    mixNumber: 2, name: 'TABLE2', header: [10, 20, 50],
    rows: [{ amount: 30, mixture: [1, 1, 0] }, { amount: 80, mixture: [1, 1, 1] }, { amount: 100, mixture: [0, 0, 2] }, { amount: 170, mixture: [0, 1, 3] }],
  }, 'WFSCDMMIXTABLE: header values and one mixture per row');
  t.equal((await s.getInfo('WFS_INF_CDM_MIX_TABLE', { mixNumber: 5 })).name, 'WFS_ERR_CDM_INVALIDMIXNUMBER');
  t.ok((await s.execute('WFS_CMD_CDM_SET_MIX_TABLE', { mixNumber: 3, name: 'T3', header: [20, 50], rows: [{ amount: 90, mixture: [2, 1] }] })).ok);
  t.same((await s.getInfo('WFS_INF_CDM_MIX_TABLE', { mixNumber: 3 })).data, { mixNumber: 3, name: 'T3', header: [20, 50], rows: [{ amount: 90, mixture: [2, 1] }] });
  t.equal((await s.execute('WFS_CMD_CDM_SET_MIX_TABLE', { mixNumber: 3, name: 'T3', header: [20], rows: [{ amount: 90, mixture: [2] }] })).name, 'WFS_ERR_CDM_INVALIDMIXTABLE', 'rows must add up');
  await s.close();

  const old = await openCdm(m, newService('CDM', '3.00'));
  const st0 = await old.getInfo('WFS_INF_CDM_STATUS', undefined);
  t.equal(st0.data!.guidLights, undefined);
  t.equal(st0.data!.positions[0]!.jammedShutterPosition, undefined);
  const cu0 = await old.getInfo('WFS_INF_CDM_CASH_UNIT_INFO', undefined);
  t.equal(cu0.data!.units[1]!.dispensedCount, undefined, '3.00 cash unit has no dispensed count');
  t.equal(cu0.data!.units[3]!.count, 200);
  await old.close();
  await done();
});

t.test('denominate, dispense, present, items taken; reject and retract', async (t) => {
  const { m, done } = await startManager(t);
  const name = newService('CDM');
  const s = await openCdm(m, name);
  const rec = recorder(s);
  const den = await s.execute('WFS_CMD_CDM_DENOMINATE', { tellerId: 0, mixNumber: 1, denomination: { currencyId: 'EUR', amount: 180, values: [], cashBox: 0 } });
  t.ok(den.ok, den.name);
  t.same(den.data, { currencyId: 'EUR', amount: 180, values: [0, 1, 1, 3], cashBox: 0 });
  const nd = await s.execute('WFS_CMD_CDM_DENOMINATE', { tellerId: 0, mixNumber: 1, denomination: { currencyId: 'EUR', amount: 185, values: [], cashBox: 0 } });
  t.equal(nd.name, 'WFS_ERR_CDM_NOTDISPENSABLE');
  t.equal(nd.code, -306);
  const cur = await s.execute('WFS_CMD_CDM_DENOMINATE', { tellerId: 0, mixNumber: 1, denomination: { currencyId: 'USD', amount: 100, values: [], cashBox: 0 } });
  t.equal(cur.name, 'WFS_ERR_CDM_INVALIDCURRENCY');

  const disp = await s.execute('WFS_CMD_CDM_DISPENSE', { tellerId: 0, mixNumber: 1, position: CDM_POSITION.CENTER, present: false, denomination: { currencyId: 'EUR', amount: 70, values: [], cashBox: 0 } });
  t.ok(disp.ok, disp.name);
  t.same(disp.data!.values, [0, 0, 1, 1]);
  const presented = rec.next('WFS_SRVE_CDM_ITEMSPRESENTED');
  t.ok((await s.execute('WFS_CMD_CDM_PRESENT', { position: CDM_POSITION.CENTER })).ok);
  await presented;
  t.equal(sim.notesAtOutput(name), 2);
  const ps = await s.getInfo('WFS_INF_CDM_PRESENT_STATUS', { position: CDM_POSITION.CENTER });
  t.equal(ps.data!.presentState, 1);
  t.equal(ps.data!.denomination!.amount, 70);
  const taken = rec.next('WFS_SRVE_CDM_ITEMSTAKEN');
  sim.takeNotes(name);
  t.same((await taken).data, { position: CDM_POSITION.CENTER });
  t.equal(sim.notesAtOutput(name), 0);
  const cu = await s.getInfo('WFS_INF_CDM_CASH_UNIT_INFO', undefined);
  t.same(cu.data!.units.map((u) => u.count), [0, 500, 499, 199]);

  t.equal((await s.execute('WFS_CMD_CDM_PRESENT', { position: CDM_POSITION.CENTER })).name, 'WFS_ERR_CDM_NOITEMS');
  t.ok((await s.execute('WFS_CMD_CDM_DISPENSE', { tellerId: 0, mixNumber: 0, position: 0, present: false, denomination: { currencyId: 'EUR', amount: 30, values: [0, 1, 1, 0], cashBox: 0 } })).ok, 'own mix');
  const changed = rec.next('WFS_SRVE_CDM_CASHUNITINFOCHANGED');
  t.ok((await s.execute('WFS_CMD_CDM_REJECT', undefined)).ok);
  t.equal(((await changed).data as { count: number }).count, 2, 'reject cassette holds the notes');
  t.ok((await s.execute('WFS_CMD_CDM_DISPENSE', { tellerId: 0, mixNumber: 1, position: 0, present: true, denomination: { currencyId: 'EUR', amount: 10, values: [], cashBox: 0 } })).ok);
  t.equal(sim.notesAtOutput(name), 1, 'dispensed and presented');
  t.ok((await s.execute('WFS_CMD_CDM_RETRACT', { outputPosition: CDM_POSITION.CENTER, retractArea: 1, index: 0 })).ok);
  t.equal(sim.notesAtOutput(name), 0);
  t.ok((await s.execute('WFS_CMD_CDM_RESET', undefined)).ok);
  const low = rec.next('WFS_USRE_CDM_CASHUNITTHRESHOLD');
  sim.setCashUnitCount(name, 4, 11);
  t.ok((await s.execute('WFS_CMD_CDM_DISPENSE', { tellerId: 0, mixNumber: 0, position: 0, present: false, denomination: { currencyId: 'EUR', amount: 50, values: [0, 0, 0, 1], cashBox: 0 } })).ok);
  t.equal(((await low).data as { count: number }).count, 10, 'threshold reached');
  t.ok((await s.execute('WFS_CMD_CDM_REJECT', undefined)).ok);
  const bad = await s.execute('WFS_CMD_CDM_DISPENSE', { tellerId: 0, mixNumber: 1, position: 0, present: false, denomination: { currencyId: 'eur', amount: 10 } as never });
  t.equal(bad.name, 'WFS_ERR_INVALID_DATA');
  t.equal(bad.origin, 'gateway');
  await s.close();
  await done();
});

t.test('a delayed dispense and one that jams part way', async (t) => {
  const { m, done } = await startManager(t);
  const name = newService('CDM');
  const s = await openCdm(m, name);
  const request = { tellerId: 0, mixNumber: 1, position: 0, present: false, denomination: { currencyId: 'EUR', amount: 170, values: [], cashBox: 0 } };
  sim.cdmDispenseFault(name, { delayMs: 150 });
  const delayed: unknown[] = [];
  const started = Date.now();
  const first = await s.execute('WFS_CMD_CDM_DISPENSE', request, { onEvent: (e) => delayed.push([e.name, e.data]) });
  t.ok(first.ok, first.name);
  t.ok(Date.now() - started >= 140, 'the device waited its delay');
  t.same(delayed, [['WFS_EXEE_CDM_DELAYEDDISPENSE', { delay: 150 }], ['WFS_EXEE_CDM_STARTDISPENSE', { requestId: first.requestId }]]);
  t.ok((await s.execute('WFS_CMD_CDM_REJECT', undefined)).ok);
  sim.cdmDispenseFault(name, { jamAfter: 2 });
  const jam: Array<[string, unknown]> = [];
  const second = await s.execute('WFS_CMD_CDM_DISPENSE', request, { onEvent: (e) => jam.push([e.name, e.data]) });
  t.equal(second.name, 'WFS_ERR_CDM_CASHUNITERROR');
  t.same(jam.map(([n]) => n), ['WFS_EXEE_CDM_STARTDISPENSE', 'WFS_EXEE_CDM_INCOMPLETEDISPENSE', 'WFS_EXEE_CDM_CASHUNITERROR']);
  t.match(jam[1][1], { currencyId: 'EUR', amount: 100, values: [0, 0, 0, 2] }, 'two 50s left the unit before the jam');
  t.match(jam[2][1], { failure: 2, cashUnit: { number: 4, status: 5 } }, 'the 50s unit is inoperative (WFS_CDM_STATCUINOP)');
  const units = await s.getInfo('WFS_INF_CDM_CASH_UNIT_INFO', undefined);
  t.equal(units.data!.units.find((u) => u.number === 4)!.status, 5);
  t.ok((await s.execute('WFS_CMD_CDM_REJECT', undefined)).ok, 'the two notes wait in the stacker');
  t.ok((await s.execute('WFS_CMD_CDM_RESET', undefined)).ok);
  t.equal((await s.getInfo('WFS_INF_CDM_CASH_UNIT_INFO', undefined)).data!.units.find((u) => u.number === 4)!.status, 0, 'a reset clears the jam');
  await s.close();
  await done();
});

t.test('execute event of a dispense and a hardware-error system event', async (t) => {
  const { m, done } = await startManager(t);
  const name = newService('CDM');
  const s = await openCdm(m, name);
  const rec = recorder(s);
  sim.noteErrorNext(name, 5);
  const own: unknown[] = [];
  const r = await s.execute('WFS_CMD_CDM_DISPENSE', { tellerId: 0, mixNumber: 1, position: 0, present: false, denomination: { currencyId: 'EUR', amount: 20, values: [], cashBox: 0 } },
    { onEvent: (e) => own.push([e.name, e.data]) });
  t.ok(r.ok);
  t.same(own, [['WFS_EXEE_CDM_NOTEERROR', { reason: 5 }], ['WFS_EXEE_CDM_STARTDISPENSE', { requestId: r.requestId }]], 'tied to the dispense (STARTDISPENSE names it)');
  const hw = rec.next('WFS_SYSE_HARDWARE_ERROR');
  sim.systemEvent(name, 2);
  const ev = await hw;
  t.equal(ev.kind, 'system');
  t.match(ev.data, { logicalName: name, action: 1 });
  t.equal((ev.data as { description: Buffer }).description.toString(), 'simulated hardware fault');
  t.ok((await s.execute('WFS_CMD_CDM_REJECT', undefined)).ok);
  await s.close();
  await done();
});

t.test('shutter commands and RESET with an item position reach the device', async (t) => {
  const { m, done } = await startManager(t);
  const s = await openCdm(m, newService('CDM'));
  t.ok((await s.execute('WFS_CMD_CDM_OPEN_SHUTTER', { position: CDM_POSITION.CENTER })).ok);
  t.equal((await s.getInfo('WFS_INF_CDM_STATUS', undefined)).data!.positions[0]!.shutter, 1, 'open');
  t.ok((await s.execute('WFS_CMD_CDM_CLOSE_SHUTTER', { position: CDM_POSITION.CENTER })).ok);
  t.equal((await s.getInfo('WFS_INF_CDM_STATUS', undefined)).data!.positions[0]!.shutter, 0, 'closed');
  const reset = await s.execute('WFS_CMD_CDM_RESET', { number: 1, retractArea: { outputPosition: CDM_POSITION.CENTER, retractArea: 1, index: 0 }, outputPosition: 0 });
  t.ok(reset.ok, reset.name);
  await s.close();
  await done();
});

t.test('cash unit exchange, SET_CASH_UNIT_INFO and TEST_CASH_UNITS on 3.30 and 3.00', async (t) => {
  const { m, done } = await startManager(t);
  for (const version of ['3.30', '3.00']) {
    const s = await openCdm(m, newService('CDM', version), version);
    const rec = recorder(s);
    const units = async () => (await s.getInfo('WFS_INF_CDM_CASH_UNIT_INFO', undefined)).data!.units;
    const start = await s.execute('WFS_CMD_CDM_START_EXCHANGE', { exchangeType: 1, tellerId: 0, numbers: [2, 3] });
    t.ok(start.ok, `${version}: ${start.name}`);
    t.same(start.data!.units.map((u) => [u.number, u.count]), [[2, 500], [3, 500]], 'START_EXCHANGE gives the units being exchanged');
    t.equal((await s.execute('WFS_CMD_CDM_START_EXCHANGE', { exchangeType: 1, tellerId: 0, numbers: [2] })).name, 'WFS_ERR_CDM_EXCHANGEACTIVE');
    const dispense = await s.execute('WFS_CMD_CDM_DISPENSE', { tellerId: 0, mixNumber: 1, position: 0, present: false, denomination: { currencyId: 'EUR', amount: 10, values: [], cashBox: 0 } });
    t.equal(dispense.name, 'WFS_ERR_CDM_EXCHANGEACTIVE', 'no dispense while the units are exchanged');
    const refilled = (await units())[1]!;
    const changed = rec.next('WFS_SRVE_CDM_CASHUNITINFOCHANGED');
    const end = await s.execute('WFS_CMD_CDM_END_EXCHANGE', { units: [{ ...refilled, initialCount: 300, count: 300, rejectCount: 0, cashUnitName: 'EUR10B' }] });
    t.ok(end.ok, end.name);
    t.equal((await changed).data && (await changed).name, 'WFS_SRVE_CDM_CASHUNITINFOCHANGED', 'the changed unit is announced');
    t.same((await units()).map((u) => [u.number, u.initialCount, u.count, u.cashUnitName]).slice(1, 3), [[2, 300, 300, 'EUR10B'], [3, 500, 500, 'EUR20']]);
    t.equal((await s.execute('WFS_CMD_CDM_END_EXCHANGE', undefined)).name, 'WFS_ERR_CDM_NOEXCHANGEACTIVE');
    t.equal((await s.execute('WFS_CMD_CDM_START_EXCHANGE', { exchangeType: 2, tellerId: 0, numbers: [2] })).name, 'WFS_ERR_UNSUPP_DATA', 'to cassettes is not offered');
    t.equal((await s.execute('WFS_CMD_CDM_START_EXCHANGE', { exchangeType: 1, tellerId: 0, numbers: [9] })).name, 'WFS_ERR_CDM_INVALIDCASHUNIT');

    const eur50 = (await units())[3]!;
    t.ok((await s.execute('WFS_CMD_CDM_SET_CASH_UNIT_INFO', { units: [{ ...eur50, minimum: 25, appLock: true }] })).ok);
    const after = (await units())[3]!;
    t.same([after.minimum, after.appLock, after.count], [25, true, 200], 'the limit and the lock are set, the count kept');
    t.equal((await s.execute('WFS_CMD_CDM_SET_CASH_UNIT_INFO', { units: [{ ...eur50, number: 7 }] })).name, 'WFS_ERR_CDM_INVALIDCASHUNIT');
    t.equal((await s.execute('WFS_CMD_CDM_SET_CASH_UNIT_INFO', { units: [{ ...eur50, type: 2 }] })).name, 'WFS_ERR_INVALID_DATA', 'the type is the hardware\'s');

    const test = await s.execute('WFS_CMD_CDM_TEST_CASH_UNITS', undefined);
    t.ok(test.ok, test.name);
    t.same(test.data!.units.map((u) => u.count), [3, 299, 499, 199], 'one note from every bill unit into the reject unit');
    t.same(test.data!.units.map((u) => u.rejectCount), [0, 1, 1, 1]);
    t.equal((await s.execute('WFS_CMD_CDM_TEST_CASH_UNITS', { number: 3, retractArea: null, outputPosition: 0 })).name, 'WFS_ERR_CDM_INVALIDCASHUNIT');
    const toOutput = await s.execute('WFS_CMD_CDM_TEST_CASH_UNITS', { number: 0, retractArea: null, outputPosition: CDM_POSITION.CENTER });
    t.ok(toOutput.ok, toOutput.name);
    await s.close();
  }
  await done();
});

t.test('teller info: query, create, modify, delete, TELLERINFOCHANGED', async (t) => {
  const { m, done } = await startManager(t);
  const s = await openCdm(m, newService('CDM', '3.00'), '3.00');
  const rec = recorder(s);
  const all = await s.getInfo('WFS_INF_CDM_TELLER_INFO', undefined);
  t.same(all.data, [{ tellerId: 0, inputPosition: 0, outputPosition: 0, totals: [{ currencyId: 'EUR', itemsReceived: 0, itemsDispensed: 0, coinsReceived: 0, coinsDispensed: 0, cashBoxReceived: 0, cashBoxDispensed: 0 }] }]);
  t.ok((await s.execute('WFS_CMD_CDM_DISPENSE', { tellerId: 0, mixNumber: 1, position: 0, present: false, denomination: { currencyId: 'EUR', amount: 30, values: [], cashBox: 0 } })).ok);
  t.equal((await s.getInfo('WFS_INF_CDM_TELLER_INFO', { tellerId: 0, currencyId: 'EUR' })).data![0]!.totals[0]!.itemsDispensed, 30, 'the dispense counts for teller 0');
  t.equal((await s.getInfo('WFS_INF_CDM_TELLER_INFO', { tellerId: 5 })).name, 'WFS_ERR_CDM_INVALIDTELLERID');
  t.equal((await s.getInfo('WFS_INF_CDM_TELLER_INFO', { tellerId: 0, currencyId: 'USD' })).name, 'WFS_ERR_CDM_INVALIDCURRENCY');
  const changed = rec.next('WFS_SRVE_CDM_TELLERINFOCHANGED');
  const create = await s.execute('WFS_CMD_CDM_SET_TELLER_INFO', { action: 1, details: { tellerId: 7, inputPosition: 0, outputPosition: CDM_POSITION.CENTER, totals: [{ currencyId: 'EUR', itemsDispensed: 100 }] } });
  t.ok(create.ok, create.name);
  t.same((await changed).data, { tellerId: 7 });
  const seven = (await s.getInfo('WFS_INF_CDM_TELLER_INFO', { tellerId: 7 })).data![0]!;
  t.same([seven.outputPosition, seven.totals[0]!.itemsDispensed], [CDM_POSITION.CENTER, 100]);
  t.equal((await s.execute('WFS_CMD_CDM_SET_TELLER_INFO', { action: 1, details: { tellerId: 7 } })).name, 'WFS_ERR_CDM_INVALIDTELLERID', 'exists already');
  t.equal((await s.execute('WFS_CMD_CDM_SET_TELLER_INFO', { action: 2, details: { tellerId: 7, outputPosition: CDM_POSITION.LEFT } })).name, 'WFS_ERR_CDM_UNSUPPOSITION');
  t.ok((await s.execute('WFS_CMD_CDM_SET_TELLER_INFO', { action: 3, details: { tellerId: 7 } })).ok);
  t.equal((await s.getInfo('WFS_INF_CDM_TELLER_INFO', undefined)).data!.length, 1);
  await s.close();
  await done();
});

t.test('CALIBRATE_CASH_UNIT moves the notes asked for into the reject unit and says where', async (t) => {
  const { m, done } = await startManager(t);
  const s = await openCdm(m, newService('CDM', '3.30'));
  const c = await s.execute('WFS_CMD_CDM_CALIBRATE_CASH_UNIT', { number: 3, numOfBills: 4, position: null });
  t.ok(c.ok, c.name);
  t.same(c.data, { number: 3, numOfBills: 4, position: { number: 1, outputPosition: 0, retractArea: null } });
  const units = (await s.getInfo('WFS_INF_CDM_CASH_UNIT_INFO', undefined)).data!.units;
  t.same([units[0]!.count, units[2]!.count, units[2]!.rejectCount], [4, 496, 4]);
  const area = await s.execute('WFS_CMD_CDM_CALIBRATE_CASH_UNIT', { number: 2, numOfBills: 1, position: { number: 0, retractArea: { outputPosition: 0, retractArea: 0x0008, index: 1 }, outputPosition: 0 } });
  t.ok(area.ok, 'into the reject area');
  t.equal((await s.execute('WFS_CMD_CDM_CALIBRATE_CASH_UNIT', { number: 1, numOfBills: 1, position: null })).name, 'WFS_ERR_CDM_INVALIDCASHUNIT', 'the reject unit dispenses nothing');
  t.equal((await s.execute('WFS_CMD_CDM_CALIBRATE_CASH_UNIT', { number: 2, numOfBills: 1, position: { number: 0, retractArea: null, outputPosition: CDM_POSITION.CENTER } })).name, 'WFS_ERR_CDM_UNSUPPOSITION');
  await s.close();
  await done();
});

t.test('SHUTTERSTATUSCHANGED reaches 3.30 sessions only', async (t) => {
  const { m, done } = await startManager(t);
  const name = newService('CDM', '3.30');
  const s = await openCdm(m, name);
  const old = await openCdm(m, name, '3.20');
  const rec = recorder(s);
  const oldRec = recorder(old);
  const changed = rec.next('WFS_SRVE_CDM_SHUTTERSTATUSCHANGED');
  t.ok((await s.execute('WFS_CMD_CDM_OPEN_SHUTTER', { position: CDM_POSITION.CENTER })).ok);
  t.same((await changed).data, { position: CDM_POSITION.CENTER, shutter: 1 });
  t.notOk(oldRec.events.some((e) => e.name === 'WFS_SRVE_CDM_SHUTTERSTATUSCHANGED'), 'a 3.20 session does not know the event');
  await old.close();
  await s.close();
  await done();
});
