// The CIM class through the real FFI path on the simulated cash acceptor: a whole deposit at 3.30,
// 3.20 and 3.00, refused/counterfeit/suspect items and their events, rollback, retract, reset, jams
// and their recovery, and the commands a version's header lacks.
import t from 'tap';
import { newService, openCim, recorder, sim, startManager } from './helpers.ts';

const IN = 0x0004;
const OUT = 0x0200;
const start = { tellerId: 0, useRecycleUnits: true, outputPosition: 0, inputPosition: 0 };
const sorted = (l: { noteId: number; count: number }[] | null | undefined) => [...(l ?? [])].sort((a, b) => a.noteId - b.noteId);

for (const version of ['3.30', '3.20', '3.00']) {
  t.test(`a whole deposit on a ${version} cash acceptor`, async (t) => {
    const { m, done } = await startManager(t);
    const name = newService('CIM', version);
    const s = await openCim(m, name, version);
    const rec = recorder(s);
    const v320 = version !== '3.00';
    const caps = await s.getInfo('WFS_INF_CIM_CAPABILITIES', undefined);
    t.match(caps.data, { class: 13, type: 1, maxCashInItems: 50, shutter: true, shutterControl: true, positions: IN | OUT });
    const units = (await s.getInfo('WFS_INF_CIM_CASH_UNIT_INFO', undefined)).data!;
    t.same(units.map((u) => [u.number, u.type, u.unitId, u.currencyId, u.values, u.count, u.maximum]), [
      [1, 4, 'RET01', '   ', 0, 0, 200], [2, 2, 'CIN01', 'EUR', 0, 0, 1000], [3, 1, 'REC01', 'EUR', 10, 100, 500],
      [4, 1, 'REC02', 'EUR', 20, 100, 500], [5, 1, 'REC03', 'EUR', 50, 100, 500],
    ]);
    t.same(units[3]!.noteNumbers, [{ noteId: 3, count: 100 }]);
    t.equal(units[3]!.physical[0]!.physicalPositionName, 'RECYC2');
    t.equal(units[3]!.minimum, v320 ? 10 : undefined);
    const types = (await s.getInfo('WFS_INF_CIM_BANKNOTE_TYPES', undefined)).data!;
    t.same(types.map((n) => [n.noteId, n.values, n.configured]), [[1, 5, true], [2, 10, true], [3, 20, true], [4, 50, true], [5, 100, true], [6, 200, true], [7, 500, false]]);
    t.equal((await s.execute('WFS_CMD_CIM_CASH_IN', undefined)).name, 'WFS_ERR_CIM_NOCASHINACTIVE');
    t.ok((await s.execute('WFS_CMD_CIM_CASH_IN_START', start)).ok);
    t.equal((await s.execute('WFS_CMD_CIM_CASH_IN_START', start)).name, 'WFS_ERR_CIM_CASHINACTIVE');
    t.equal((await s.execute('WFS_CMD_CIM_CASH_IN_END', undefined)).name, 'WFS_ERR_CIM_NOITEMS', 'nothing in the escrow yet');

    // CASH_IN waits for the customer (INSERTITEMS from 3.20), then reads the bunch.
    const events: [string, unknown][] = [];
    const cashIn = s.execute('WFS_CMD_CIM_CASH_IN', undefined, { onEvent: (e) => events.push([e.name, e.data]) });
    if (v320) await new Promise<void>((resolve) => { const i = setInterval(() => { if (events.length) { clearInterval(i); resolve(); } }, 5); });
    else await new Promise((resolve) => setTimeout(resolve, 100));
    const presented = rec.next('WFS_SRVE_CIM_ITEMSPRESENTED');
    sim.cimInsertItems(name, '3x3,2x2,1xunfit:4,1xsuspect:4,1xcounterfeit:3,2xunknown,1x7');
    const r = await cashIn;
    t.ok(r.ok, r.name);
    t.same(sorted(r.data), [{ noteId: 2, count: 2 }, { noteId: 3, count: 3 }, { noteId: 4, count: 1 }], 'the genuine notes in the escrow');
    const names = events.map(([n]) => n);
    t.same(names, [...(v320 ? ['WFS_EXEE_CIM_INSERTITEMS'] : []), 'WFS_EXEE_CIM_INPUTREFUSE', 'WFS_EXEE_CIM_INPUT_P6', ...(v320 ? ['WFS_EXEE_CIM_INFO_AVAILABLE'] : [])]);
    t.same(events.find(([n]) => n === 'WFS_EXEE_CIM_INPUTREFUSE')![1], { reason: 2 }, 'WFS_CIM_INVALIDBILL');
    t.same(events.find(([n]) => n === 'WFS_EXEE_CIM_INPUT_P6')![1], [
      { level: 2, noteNumbers: [{ noteId: 3, count: 1 }], numOfSignatures: 1 },
      { level: 3, noteNumbers: [{ noteId: 4, count: 1 }], numOfSignatures: 1 },
    ]);
    if (v320) t.same(events.find(([n]) => n === 'WFS_EXEE_CIM_INFO_AVAILABLE')![1], [{ level: 2, numOfItems: 1 }, { level: 3, numOfItems: 1 }, { level: 4, numOfItems: 6 }]);
    t.match((await presented).data ?? {}, v320 ? { position: OUT } : {}, '3.20+: WFSCIMPOSITIONINFO; 3.00: nothing');
    t.equal(sim.cimItemsAtOutput(name), 3, 'two unknown items and the unconfigured 500');
    const st = (await s.getInfo('WFS_INF_CIM_CASH_IN_STATUS', undefined)).data!;
    t.match(st, { status: 2, numOfRefused: 3 });
    const status = (await s.getInfo('WFS_INF_CIM_STATUS', undefined)).data!;
    t.match(status, { device: 0, intermediateStacker: 1, stackerItems: 1, dropBox: false });
    t.match(status.positions, [{ position: IN, positionStatus: 0 }, { position: OUT, shutter: 1, positionStatus: 1 }]);
    const taken = rec.next('WFS_SRVE_CIM_ITEMSTAKEN');
    sim.cimTakeItems(name);
    await taken;

    // A bunch of 45 is read in parts of 20: SUBCASHIN after each but the last.
    sim.cimInsertItems(name, '45x3');
    const parts: unknown[] = [];
    const big = await s.execute('WFS_CMD_CIM_CASH_IN', undefined, { onEvent: (e) => { if (e.name === 'WFS_EXEE_CIM_SUBCASHIN') parts.push(e.data); } });
    t.same(sorted(big.data), [{ noteId: 2, count: 2 }, { noteId: 3, count: 48 }, { noteId: 4, count: 1 }]);
    t.same(parts, [[{ noteId: 3, count: 20 }], [{ noteId: 3, count: 20 }]]);

    // CASH_IN_END stores the escrow: fit notes in their recycler, the rest in the cash-in unit.
    const changed: unknown[] = [];
    s.on('event', (e) => { if (e.name === 'WFS_SRVE_CIM_CASHUNITINFOCHANGED') changed.push(e.data); });
    const end = await s.execute('WFS_CMD_CIM_CASH_IN_END', undefined);
    t.ok(end.ok, end.name);
    t.same(end.data!.map((u) => [u.number, u.count, u.cashInCount]), [[2, 3, 3], [3, 102, 2], [4, 148, 48]]);
    t.same(sorted(end.data![0]!.noteNumbers), [{ noteId: 3, count: 1 }, { noteId: 4, count: 2 }], 'unfit, suspect and counterfeit notes in the cash-in unit');
    await new Promise((resolve) => setTimeout(resolve, 50));
    t.equal(changed.length, 3, 'CASHUNITINFOCHANGED per changed unit');
    t.match((await s.getInfo('WFS_INF_CIM_CASH_IN_STATUS', undefined)).data, { status: 0, numOfRefused: 3 });
    t.equal((await s.execute('WFS_CMD_CIM_CASH_IN_END', undefined)).name, 'WFS_ERR_CIM_NOCASHINACTIVE');
    await s.close();
    await done();
  });
}

t.test('rollback gives back genuine and suspect notes, keeps counterfeits; retract ends it', async (t) => {
  const { m, done } = await startManager(t);
  const name = newService('CIM');
  const s = await openCim(m, name);
  const rec = recorder(s);
  t.equal((await s.execute('WFS_CMD_CIM_CASH_IN_ROLLBACK', undefined)).name, 'WFS_ERR_CIM_NOCASHINACTIVE');
  t.ok((await s.execute('WFS_CMD_CIM_CASH_IN_START', start)).ok);
  sim.cimInsertItems(name, '2x5,1xcounterfeit:2,1xsuspect:3');
  t.ok((await s.execute('WFS_CMD_CIM_CASH_IN', undefined)).ok);
  const presented = rec.next('WFS_SRVE_CIM_ITEMSPRESENTED');
  const rb = await s.execute('WFS_CMD_CIM_CASH_IN_ROLLBACK', undefined);
  t.ok(rb.ok, rb.name);
  t.same(rb.data!.map((u) => [u.number, u.count]), [[2, 1]], 'the counterfeit note retained in the cash-in unit');
  await presented;
  t.equal(sim.cimItemsAtOutput(name), 3);
  t.equal((await s.getInfo('WFS_INF_CIM_CASH_IN_STATUS', undefined)).data!.status, 1, 'CIROLLBACK');
  t.equal((await s.execute('WFS_CMD_CIM_RETRACT', { outputPosition: OUT, retractArea: 0x20, index: 0 })).name, 'WFS_ERR_CIM_NOTRETRACTAREA');
  const ret = await s.execute('WFS_CMD_CIM_RETRACT', { outputPosition: OUT, retractArea: 1, index: 1 });
  t.ok(ret.ok, ret.name);
  const retractUnit = (await s.getInfo('WFS_INF_CIM_CASH_UNIT_INFO', undefined)).data![0]!;
  t.match(retractUnit, { number: 1, count: 3, retractedCount: 3 });
  t.equal((await s.getInfo('WFS_INF_CIM_CASH_IN_STATUS', undefined)).data!.status, 3, 'CIRETRACT');
  t.equal((await s.execute('WFS_CMD_CIM_RETRACT', { outputPosition: OUT, retractArea: 1, index: 1 })).name, 'WFS_ERR_CIM_NOITEMS');
  t.equal((await s.execute('WFS_CMD_CIM_OPEN_SHUTTER', { position: 0x0001 })).name, 'WFS_ERR_CIM_UNSUPPOSITION');
  t.ok((await s.execute('WFS_CMD_CIM_OPEN_SHUTTER', { position: IN })).ok);
  t.equal((await s.getInfo('WFS_INF_CIM_STATUS', undefined)).data!.positions[0]!.shutter, 1);
  t.ok((await s.execute('WFS_CMD_CIM_CLOSE_SHUTTER', { position: IN })).ok);
  const moved = rec.next('WFS_SRVE_CIM_SHUTTERSTATUSCHANGED');
  sim.cimShutter(name, 'out', 'jammed');
  t.same((await moved).data, { position: OUT, shutter: 2 });
  t.equal((await s.getInfo('WFS_INF_CIM_STATUS', undefined)).data!.positions[1]!.jammedShutterPosition, 5);
  t.ok((await s.execute('WFS_CMD_CIM_RESET', undefined)).ok, 'a reset frees the shutter');
  await s.close();
  await done();
});

t.test('a jam in CASH_IN and in CASH_IN_END, recovery by reset; note types', async (t) => {
  const { m, done } = await startManager(t);
  const name = newService('CIM');
  const s = await openCim(m, name);
  const rec = recorder(s);
  t.ok((await s.execute('WFS_CMD_CIM_CASH_IN_START', start)).ok);
  sim.cimFault(name, { jamAfter: 3 });
  sim.cimInsertItems(name, '5x4');
  const jam = await s.execute('WFS_CMD_CIM_CASH_IN', undefined);
  t.equal(jam.name, 'WFS_ERR_HARDWARE_ERROR');
  t.equal(sim.cimEscrow(name), 3, 'the notes read before the jam stay in the escrow');
  t.equal((await s.getInfo('WFS_INF_CIM_STATUS', undefined)).data!.device, 4, 'HWERROR');
  t.equal((await s.execute('WFS_CMD_CIM_CASH_IN', undefined)).name, 'WFS_ERR_HARDWARE_ERROR', 'until a reset');
  const media = rec.next('WFS_SRVE_CIM_MEDIADETECTED');
  t.ok((await s.execute('WFS_CMD_CIM_RESET', undefined)).ok);
  t.match((await media).data, { number: 1, retractArea: null, outputPosition: 0 }, 'the escrow went to the retract unit');
  t.equal((await s.getInfo('WFS_INF_CIM_CASH_IN_STATUS', undefined)).data!.status, 5, 'CIRESET');
  t.equal((await s.getInfo('WFS_INF_CIM_STATUS', undefined)).data!.device, 0);
  t.equal(sim.cimItemsAtInput(name), 2, 'what was not drawn in still lies at the input');

  t.ok((await s.execute('WFS_CMD_CIM_CASH_IN_START', start)).ok);
  t.ok((await s.execute('WFS_CMD_CIM_CASH_IN', undefined)).ok, 'reads the two left at the input');
  sim.cimFault(name, { jamEndAfter: 1 });
  const ev: [string, unknown][] = [];
  const end = await s.execute('WFS_CMD_CIM_CASH_IN_END', undefined, { onEvent: (e) => ev.push([e.name, e.data]) });
  t.equal(end.name, 'WFS_ERR_CIM_CASHUNITERROR');
  t.match(ev, [['WFS_EXEE_CIM_CASHUNITERROR', { failure: 2, cashUnit: { number: 5 } }]]);
  t.equal(sim.cimEscrow(name), 1);
  const again = await s.execute('WFS_CMD_CIM_CASH_IN_END', undefined);
  t.ok(again.ok, 'the rest is stored when tried again');
  t.match(again.data, [{ number: 5, count: 102 }]);

  t.equal((await s.execute('WFS_CMD_CIM_CONFIGURE_NOTETYPES', { noteIds: [2, 9] })).name, 'WFS_ERR_INVALID_DATA');
  t.ok((await s.execute('WFS_CMD_CIM_CONFIGURE_NOTETYPES', { noteIds: [1, 2, 3, 4, 5, 6, 7] })).ok);
  t.equal((await s.getInfo('WFS_INF_CIM_BANKNOTE_TYPES', undefined)).data![6]!.configured, true, 'the 500 is accepted now');
  t.ok((await s.execute('WFS_CMD_CIM_CASH_IN_START', start)).ok);
  t.equal((await s.execute('WFS_CMD_CIM_CONFIGURE_NOTETYPES', { noteIds: [1] })).name, 'WFS_ERR_CIM_CASHINACTIVE');
  sim.cimInsertItems(name, '1x7');
  t.same((await s.execute('WFS_CMD_CIM_CASH_IN', undefined)).data, [{ noteId: 7, count: 1 }]);
  t.ok((await s.execute('WFS_CMD_CIM_CASH_IN_ROLLBACK', undefined)).ok);
  sim.cimTakeItems(name);
  await s.close();
  await done();
});

t.test('commands and categories a version lacks are unsupported', async (t) => {
  const { m, done } = await startManager(t);
  const s = await openCim(m, newService('CIM', '3.00'), '3.00');
  t.equal((await s.execute('WFS_CMD_CIM_REPLENISH', { source: 2, targets: [] })).name, 'WFS_ERR_UNSUPP_COMMAND');
  t.equal((await s.execute('WFS_CMD_CIM_PRESENT_MEDIA', { position: OUT })).name, 'WFS_ERR_UNSUPP_COMMAND');
  t.equal((await s.getInfo('WFS_INF_CIM_POSITION_CAPABILITIES', undefined)).name, 'WFS_ERR_UNSUPP_CATEGORY');
  await s.close();
  const s320 = await openCim(m, newService('CIM', '3.20'), '3.20');
  t.equal((await s320.execute('WFS_CMD_CIM_DEPLETE', { target: 2, sources: [] })).name, 'WFS_ERR_UNSUPP_COMMAND');
  t.equal((await s320.getInfo('WFS_INF_CIM_GET_BLACKLIST', undefined)).name, 'WFS_ERR_UNSUPP_CATEGORY');
  const pos = await s320.getInfo('WFS_INF_CIM_POSITION_CAPABILITIES', undefined);
  t.match(pos.data, [{ position: IN, usage: 1 }, { position: OUT, usage: 6 }]);
  await s320.close();
  await done();
});

t.test('exchange, cash unit info, teller info, signatures, item info, replenish/deplete, locks, limits, blacklist', async (t) => {
  const { m, done } = await startManager(t);
  const name = newService('CIM');
  const s = await openCim(m, name);
  const rec = recorder(s);
  // Exchange: the cash-in unit emptied by hand.
  t.equal((await s.execute('WFS_CMD_CIM_END_EXCHANGE', undefined)).name, 'WFS_ERR_CIM_NOEXCHANGEACTIVE');
  const ex = await s.execute('WFS_CMD_CIM_START_EXCHANGE', { exchangeType: 1, tellerId: 0, numbers: [2] });
  t.ok(ex.ok, ex.name);
  t.same(ex.data!.map((u) => u.number), [2]);
  t.equal((await s.execute('WFS_CMD_CIM_CASH_IN_START', start)).name, 'WFS_ERR_CIM_EXCHANGEACTIVE');
  const unit = { ...ex.data![0]!, count: 40, cashInCount: 0 };
  t.ok((await s.execute('WFS_CMD_CIM_END_EXCHANGE', [unit])).ok);
  t.equal((await s.getInfo('WFS_INF_CIM_CASH_UNIT_INFO', undefined)).data![1]!.count, 40);
  t.equal((await s.execute('WFS_CMD_CIM_SET_CASH_UNIT_INFO', [{ ...unit, number: 9 }])).name, 'WFS_ERR_CIM_INVALIDCASHUNIT');
  // Teller info.
  const teller = rec.next('WFS_SRVE_CIM_TELLERINFOCHANGED');
  t.ok((await s.execute('WFS_CMD_CIM_SET_TELLER_INFO', { action: 1, details: { tellerId: 7, inputPosition: IN, outputPosition: OUT, totals: [] } })).ok);
  t.same((await teller).data, { tellerId: 7 });
  t.match((await s.getInfo('WFS_INF_CIM_TELLER_INFO', undefined)).data, [{ tellerId: 7, inputPosition: IN, outputPosition: OUT }]);

  // A deposit with a suspect note: its P6 signature and the item information.
  t.ok((await s.execute('WFS_CMD_CIM_CASH_IN_START', start)).ok);
  sim.cimInsertItems(name, '2x3,1xsuspect:4');
  t.ok((await s.execute('WFS_CMD_CIM_CASH_IN', undefined)).ok);
  t.same((await s.getInfo('WFS_INF_CIM_GET_P6_INFO', undefined)).data, [{ level: 3, noteNumbers: [{ noteId: 4, count: 1 }], numOfSignatures: 1 }]);
  const sig = await s.getInfo('WFS_INF_CIM_GET_P6_SIGNATURE', { level: 3, index: 0 });
  t.match(sig.data![0]!.signature.toString(), /^P6:4:EUR50-\d{6}$/);
  const info = await s.getInfo('WFS_INF_CIM_GET_ITEM_INFO', { level: 4, index: 1, itemInfoType: 3 });
  t.match(info.data, [{ noteId: 3, serialNumber: /^EUR20-\d{6}$/ }]);
  t.equal((await s.getInfo('WFS_INF_CIM_GET_ITEM_INFO', { level: 4, index: 5, itemInfoType: 1 })).name, 'WFS_ERR_INVALID_DATA');
  const cmp = await s.execute('WFS_CMD_CIM_COMPARE_P6_SIGNATURE', { references: [sig.data![0]!], signatures: [{ ...sig.data![0]!, signature: Buffer.from('x') }, sig.data![0]!] });
  t.match(cmp.data, [{ index: 1, confidenceLevel: 100 }]);
  t.equal((await s.execute('WFS_CMD_CIM_REPLENISH', { source: 2, targets: [{ number: 4, itemsToMove: 1, removeAll: false }] })).name, 'WFS_ERR_CIM_CASHINACTIVE');
  t.ok((await s.execute('WFS_CMD_CIM_CASH_IN_END', undefined)).ok);
  // ulItemsReceived is an amount: two EUR 20 and the suspect EUR 50 the cash-in unit took.
  t.match((await s.getInfo('WFS_INF_CIM_TELLER_INFO', { tellerId: 7, currencyId: 'EUR' })).data, [{ totals: [{ currencyId: 'EUR', itemsReceived: 90 }] }]);

  // Replenish from the cash-in unit (which holds the suspect 50), deplete back, with a jam.
  t.same((await s.getInfo('WFS_INF_CIM_REPLENISH_TARGET', { source: 2 })).data, [3, 4, 5]);
  const rep = await s.execute('WFS_CMD_CIM_REPLENISH', { source: 2, targets: [{ number: 5, itemsToMove: 0, removeAll: true }] });
  t.match(rep.data, { removed: 1, targets: [{ target: 5, noteId: 4, received: 1 }] });
  sim.cimMoveFault(name, 5);
  const ev: string[] = [];
  const dep = await s.execute('WFS_CMD_CIM_DEPLETE', { target: 2, sources: [{ number: 3, itemsToMove: 10, removeAll: false }] }, { onEvent: (e) => ev.push(e.name) });
  t.equal(dep.name, 'WFS_ERR_CIM_CASHUNITERROR');
  t.same(ev, ['WFS_EXEE_CIM_INCOMPLETEDEPLETE']);
  t.equal((await s.getInfo('WFS_INF_CIM_CASH_UNIT_INFO', undefined)).data![2]!.count, 95, 'five left the recycler before the jam');
  // Count, locks, limits, present, blacklist.
  const counted = rec.next('WFS_SRVE_CIM_COUNTS_CHANGED');
  t.ok((await s.execute('WFS_CMD_CIM_CASH_UNIT_COUNT', { numbers: [3, 4] })).ok);
  t.same((await counted).data, { numbers: [3, 4] });
  t.ok((await s.execute('WFS_CMD_CIM_DEVICE_LOCK_CONTROL', { deviceAction: 1, cashUnitAction: 5, units: [{ physicalPositionName: 'RECYC1', action: 1 }] })).ok);
  t.match((await s.getInfo('WFS_INF_CIM_DEVICELOCK_STATUS', undefined)).data, { deviceLockStatus: 1, units: [{ status: 2 }, { status: 2 }, { physicalPositionName: 'RECYC1', status: 1 }] });
  t.ok((await s.execute('WFS_CMD_CIM_SET_CASH_IN_LIMIT', { totalItemsLimit: 2, amountLimit: null })).ok);
  t.ok((await s.execute('WFS_CMD_CIM_CASH_IN_START', start)).ok);
  sim.cimInsertItems(name, '3x1');
  const refused: unknown[] = [];
  await s.execute('WFS_CMD_CIM_CASH_IN', undefined, { onEvent: (e) => { if (e.name === 'WFS_EXEE_CIM_INPUTREFUSE') refused.push(e.data); } });
  t.same(refused, [{ reason: 10 }], 'WFS_CIM_LIMITOVERTOTALITEMS');
  t.ok((await s.execute('WFS_CMD_CIM_CLOSE_SHUTTER', { position: OUT })).ok);
  t.ok((await s.execute('WFS_CMD_CIM_PRESENT_MEDIA', { position: OUT })).ok);
  t.equal((await s.execute('WFS_CMD_CIM_PRESENT_MEDIA', { position: IN })).name, 'WFS_ERR_CIM_UNSUPPOSITION');
  t.ok((await s.execute('WFS_CMD_CIM_CASH_IN_ROLLBACK', undefined)).ok);
  sim.cimTakeItems(name);
  t.ok((await s.execute('WFS_CMD_CIM_SET_BLACKLIST', { version: 'V1', elements: [{ serialNumber: 'EUR20-000001', currencyId: 'EUR', value: 20 }] })).ok);
  t.same((await s.getInfo('WFS_INF_CIM_GET_BLACKLIST', undefined)).data, { version: 'V1', elements: [{ serialNumber: 'EUR20-000001', currencyId: 'EUR', value: 20 }] });
  await s.close();
  await done();
});
