// The IDC class through the real FFI and message-pump path into the simulator: every query and
// command the bridge exposes, their events, class-specific errors and both layout generations.
import t from 'tap';
import { IDC_CHIP_POWER, IDC_MEDIA, IDC_RESET_ACTION, IDC_SOURCE } from '../../src/legacy-xfs3/idc/codec.ts';
import { newService, openIdc, recorder, sim, startManager, untilPending } from './helpers.ts';

const TRACK2 = ';4761739001010010=10122011143878089?';
const ATR = '3B6800000073C84000009000';

t.test('3.30 service: status and capabilities carry the 3.20+/3.30 fields', async (t) => {
  const { m, done } = await startManager(t);
  const name = newService('IDC', '3.30');
  const s = await openIdc(m, name);
  t.equal(s.version.text, '3.30');
  const st = await s.getInfo('WFS_INF_IDC_STATUS', undefined);
  t.ok(st.ok);
  t.equal(st.data!.media, IDC_MEDIA.NOTPRESENT);
  t.same(st.data!.extra, { Simulator: 'xfs4iot-gateway', Model: 'SIM-IDC-1' }, 'lpszExtra list decoded');
  t.equal(st.data!.guidLights!.length, 32);
  t.same(st.data!.parkingStationMedia, [IDC_MEDIA.NOTPRESENT]);
  t.equal(st.data!.antiFraudModule, 1);
  const caps = await s.getInfo('WFS_INF_IDC_CAPABILITIES', undefined);
  t.equal(caps.data!.class, 2);
  t.equal(caps.data!.readTracks, 7);
  t.equal(caps.data!.parkingStations, 1);
  t.same(caps.data!.synchronizableCommands, [], 'empty zero-terminated DWORD list');
  await s.close();
  await done();
});

t.test('3.00 service: the 3.00 layouts end at lpszExtra and 3.30 commands are unsupported', async (t) => {
  const { m, done } = await startManager(t);
  const name = newService('IDC', '3.00');
  const s = await openIdc(m, name);
  t.equal(s.version.text, '3.00');
  const st = await s.getInfo('WFS_INF_IDC_STATUS', undefined);
  t.ok(st.ok);
  t.equal(st.data!.guidLights, undefined, 'no 3.20 fields');
  t.same(st.data!.extra.Model, 'SIM-IDC-1');
  const caps = await s.getInfo('WFS_INF_IDC_CAPABILITIES', undefined);
  t.equal(caps.data!.dipMode, undefined);
  t.equal(caps.data!.chipPower, 14);
  const c = await s.execute('WFS_CMD_IDC_EMVCLESS_CONFIGURE', { terminalData: Buffer.alloc(0), aids: [], keys: [] });
  t.equal(c.name, 'WFS_ERR_UNSUPP_COMMAND');
  t.equal(c.origin, 'service');
  await s.close();
  await done();
});

t.test('a 3.30 service opened with a 3.00..3.20 range negotiates 3.20 layouts', async (t) => {
  const { m, done } = await startManager(t);
  const name = newService('IDC', '3.30');
  const s = await openIdc(m, name, '3.20');
  t.equal(s.version.text, '3.20');
  const caps = await s.getInfo('WFS_INF_IDC_CAPABILITIES', undefined);
  t.equal(caps.data!.parkingStations, 1);
  t.equal(caps.data!.synchronizableCommands, undefined);
  await s.close();
  await done();
});

t.test('READ_RAW_DATA waits for a card: INSERTCARD, MEDIAINSERTED, TRACKDETECTED, then the data', async (t) => {
  const { m, done } = await startManager(t);
  const name = newService('IDC');
  const s = await openIdc(m, name);
  const rec = recorder(s);
  const own: string[] = [];
  const read = s.execute('WFS_CMD_IDC_READ_RAW_DATA',
    { sources: IDC_SOURCE.TRACK1 | IDC_SOURCE.TRACK2 | IDC_SOURCE.CHIP | IDC_SOURCE.SECURITY },
    { timeout: 10000, onEvent: (e) => own.push(e.name) });
  const insert = await rec.next('WFS_EXEE_IDC_INSERTCARD');
  t.ok(insert.requestId > 0, 'execute event tied to its request');
  sim.insertCard(name, { track2: TRACK2, atr: ATR });
  const r = await read;
  t.ok(r.ok, r.name);
  t.same(own, ['WFS_EXEE_IDC_INSERTCARD', 'WFS_EXEE_IDC_MEDIAINSERTED', 'WFS_EXEE_IDC_TRACKDETECTED']);
  t.equal(rec.events.find((e) => e.name === 'WFS_EXEE_IDC_TRACKDETECTED')!.requestId, r.requestId);
  t.same(rec.events.find((e) => e.name === 'WFS_EXEE_IDC_TRACKDETECTED')!.data, { tracks: IDC_SOURCE.TRACK2 });
  t.same(r.data!.map((d) => [d.dataSource, d.status]), [[1, 1], [2, 0], [8, 0], [0x10, 5]]);
  t.equal(r.data![1]!.data.toString('latin1'), TRACK2);
  t.equal(r.data![2]!.data.toString('hex').toUpperCase(), ATR);
  const st = await s.getInfo('WFS_INF_IDC_STATUS', undefined);
  t.equal(st.data!.media, IDC_MEDIA.PRESENT);
  t.equal(st.data!.chipPower, 0, 'chip powered by the chip read');

  const io = await s.execute('WFS_CMD_IDC_CHIP_IO', { protocol: 1, data: Buffer.from('00A404000E315041592E5359532E4444463031', 'hex') });
  t.ok(io.ok);
  t.same(io.data, { protocol: 1, data: Buffer.from('9000', 'hex') });
  sim.setChipResponse(name, '6F1A8407A0000000031010');
  const io2 = await s.execute('WFS_CMD_IDC_CHIP_IO', { protocol: 1, data: Buffer.from('00B2010C00', 'hex') });
  t.equal(io2.data!.data.toString('hex'), '6f1a8407a0000000031010');
  const off = await s.execute('WFS_CMD_IDC_CHIP_POWER', { power: IDC_CHIP_POWER.OFF });
  t.ok(off.ok);
  t.equal(off.data!.data.length, 0);
  const cold = await s.execute('WFS_CMD_IDC_CHIP_POWER', { power: IDC_CHIP_POWER.COLD });
  t.equal(cold.data!.data.toString('hex').toUpperCase(), ATR, 'ATR');

  const write = await s.execute('WFS_CMD_IDC_WRITE_RAW_DATA', [{ dataSource: IDC_SOURCE.TRACK3, status: 0, data: Buffer.from('0123456789'), writeMethod: 4 }]);
  t.ok(write.ok, write.name);
  const again = await s.execute('WFS_CMD_IDC_READ_RAW_DATA', { sources: IDC_SOURCE.TRACK3 });
  t.equal(again.data![0]!.data.toString(), '0123456789', 'written track read back');

  const eject = await s.execute('WFS_CMD_IDC_EJECT_CARD', { ejectPosition: 1 });
  t.ok(eject.ok);
  const removed = rec.next('WFS_SRVE_IDC_MEDIAREMOVED');
  sim.takeCard(name);
  t.equal((await removed).kind, 'service');
  t.equal((await s.getInfo('WFS_INF_IDC_STATUS', undefined)).data!.media, IDC_MEDIA.NOTPRESENT);
  await s.close();
  await done();
});

t.test('class-specific errors carry number and name', async (t) => {
  const { m, done } = await startManager(t);
  const name = newService('IDC');
  const s = await openIdc(m, name);
  const e = await s.execute('WFS_CMD_IDC_EJECT_CARD', undefined);
  t.equal(e.code, -201);
  t.equal(e.name, 'WFS_ERR_IDC_NOMEDIA');
  t.equal(e.ok, false);
  const k = await s.execute('WFS_CMD_IDC_SETKEY', { key: Buffer.alloc(5) });
  t.equal(k.name, 'WFS_ERR_IDC_INVALIDKEY');
  t.ok((await s.execute('WFS_CMD_IDC_SETKEY', { key: Buffer.alloc(16, 1) })).ok);
  const f = await s.getInfo('WFS_INF_IDC_QUERY_FORM', { formName: 'NOPE' });
  t.equal(f.name, 'WFS_ERR_IDC_FORMNOTFOUND');
  const read = s.execute('WFS_CMD_IDC_READ_RAW_DATA', { sources: 2 });
  await untilPending(name);
  sim.insertCard(name, { track2: TRACK2, invalid: true });
  const r = await read;
  t.equal(r.name, 'WFS_ERR_IDC_INVALIDMEDIA');
  await s.close();
  await done();
});

t.test('retain, the retain bin count and its threshold user event, reset count', async (t) => {
  const { m, done } = await startManager(t);
  const name = newService('IDC');
  const s = await openIdc(m, name);
  const rec = recorder(s);
  sim.setRetainBin(name, 1, 2, 3);
  sim.insertCard(name, { track2: TRACK2 });
  t.ok((await s.execute('WFS_CMD_IDC_READ_RAW_DATA', { sources: 2 })).ok);
  const threshold = rec.next('WFS_USRE_IDC_RETAINBINTHRESHOLD');
  const r = await s.execute('WFS_CMD_IDC_RETAIN_CARD', undefined);
  t.ok(r.ok);
  t.same(r.data, { count: 2, position: IDC_MEDIA.PRESENT });
  t.same((await threshold).data, { retainBin: 4 }, 'retain bin high');
  t.ok(rec.events.some((e) => e.name === 'WFS_EXEE_IDC_MEDIARETAINED'));
  const st = await s.getInfo('WFS_INF_IDC_STATUS', undefined);
  t.equal(st.data!.cards, 2);
  t.equal(st.data!.retainBin, 4);
  const ok = rec.next('WFS_USRE_IDC_RETAINBINTHRESHOLD');
  t.ok((await s.execute('WFS_CMD_IDC_RESET_COUNT', undefined)).ok);
  t.same((await ok).data, { retainBin: 1 });
  t.equal((await s.getInfo('WFS_INF_IDC_STATUS', undefined)).data!.cards, 0);
  await s.close();
  await done();
});

t.test('RESET with a card raises CARDACTION; PARK_CARD in and out', async (t) => {
  const { m, done } = await startManager(t);
  const name = newService('IDC');
  const s = await openIdc(m, name);
  const rec = recorder(s);
  sim.insertCard(name, { track1: 'B4761739001010010^TEST/CARD^1012201', track2: TRACK2 });
  t.ok((await s.execute('WFS_CMD_IDC_READ_RAW_DATA', { sources: 3 })).ok);
  t.ok((await s.execute('WFS_CMD_IDC_PARK_CARD', { direction: 1, parkingStation: 0 })).ok);
  t.same((await s.getInfo('WFS_INF_IDC_STATUS', undefined)).data!.parkingStationMedia, [IDC_MEDIA.PRESENT]);
  t.ok((await s.execute('WFS_CMD_IDC_PARK_CARD', { direction: 2, parkingStation: 0 })).ok);
  const act = rec.next('WFS_SRVE_IDC_CARDACTION');
  t.ok((await s.execute('WFS_CMD_IDC_RESET', { action: IDC_RESET_ACTION.RETAIN })).ok);
  t.same((await act).data, { action: 1, position: IDC_MEDIA.PRESENT });
  await s.close();
  await done();
});

t.test('WFSIDCFORM in the layout of the negotiated version: 3.0x, 3.1x, 3.2x+', async (t) => {
  const { m, done } = await startManager(t);
  // the simulator allocates exactly the negotiated struct, with strings right after it: reading a
  // later layout would take string bytes for the pointers 3.10 and 3.20 appended
  for (const [version, front, jis] of [['3.00', false, false], ['3.02', false, false], ['3.10', true, false], ['3.20', true, true], ['3.30', true, true]] as const) {
    const s = await openIdc(m, newService('IDC', version));
    t.equal(s.version.text, version);
    const f = await s.getInfo('WFS_INF_IDC_QUERY_FORM', { formName: 'ALLTRACKS' });
    t.ok(f.ok, `${version}: QUERY_FORM`);
    t.same(f.data!.track1Fields, ['PAN', 'NAME', 'DISCRETIONARY'], `${version}: the 3.00 fields`);
    t.same(f.data!.track3Fields, [], `${version}: lpszTrack3Fields, the last 3.0x field`);
    t.same(f.data!.frontTrack1Fields, front ? ['FRONTPAN'] : undefined, `${version}: front track 1 only from 3.10`);
    t.equal(f.data!.fieldSeparatorFrontTrack1, front ? '=' : undefined);
    t.same(f.data!.jis1Track1Fields, jis ? [] : undefined, `${version}: JIS I tracks only from 3.20`);
    t.equal(f.data!.fieldSeparatorJis1Track3, jis ? '' : undefined);
    await s.close();
  }
  await done();
});

t.test('forms, IFM identifiers, guidance light, power save, device position', async (t) => {
  const { m, done } = await startManager(t);
  const name = newService('IDC');
  const s = await openIdc(m, name);
  const rec = recorder(s);
  t.same((await s.getInfo('WFS_INF_IDC_FORM_LIST', undefined)).data, ['TRACK2ONLY', 'ALLTRACKS']);
  const f = await s.getInfo('WFS_INF_IDC_QUERY_FORM', { formName: 'ALLTRACKS' });
  t.equal(f.data!.formName, 'ALLTRACKS');
  t.equal(f.data!.fieldSeparatorTrack2, '=');
  t.same(f.data!.track1Fields, ['PAN', 'NAME', 'DISCRETIONARY']);
  t.same((await s.getInfo('WFS_INF_IDC_QUERY_IFM_IDENTIFIER', undefined)).data, [{ authority: 1, identifier: 'SIM-EMV-L1-0001' }]);
  t.ok((await s.execute('WFS_CMD_IDC_SET_GUIDANCE_LIGHT', { guidLight: 0, command: 0x4 | 0x200 })).ok);
  t.equal((await s.getInfo('WFS_INF_IDC_STATUS', undefined)).data!.guidLights![0], 0x204);
  const ps = rec.next('WFS_SRVE_IDC_POWER_SAVE_CHANGE');
  t.ok((await s.execute('WFS_CMD_IDC_POWER_SAVE_CONTROL', { maxPowerSaveRecoveryTime: 5 })).ok);
  t.same((await ps).data, { powerSaveRecoveryTime: 5 });
  const pos = rec.next('WFS_SRVE_IDC_DEVICEPOSITION');
  sim.idcServiceEvent(name, 213, 1);
  t.same((await pos).data, { position: 1 });
  const det = rec.next('WFS_SRVE_IDC_MEDIADETECTED');
  sim.idcServiceEvent(name, 209, 2);
  t.same((await det).data, { resetOut: 2 });
  await s.close();
  await done();
});

t.test('EMV contactless: configure, query applications, perform transaction, issuer update', async (t) => {
  const { m, done } = await startManager(t);
  const name = newService('IDC');
  const s = await openIdc(m, name);
  const before = await s.execute('WFS_CMD_IDC_EMVCLESS_PERFORM_TRANSACTION', { data: Buffer.alloc(0) });
  t.equal(before.name, 'WFS_ERR_IDC_READERNOTCONFIGURED');
  const cfg = await s.execute('WFS_CMD_IDC_EMVCLESS_CONFIGURE', {
    terminalData: Buffer.from('9F3501229F40056000F0A001', 'hex'),
    aids: [{ aid: Buffer.from('A0000000031010', 'hex'), partialSelection: false, transactionType: 0, kernelIdentifier: Buffer.from('03', 'hex'), configData: Buffer.from('9F0902008C', 'hex') }],
    keys: [{ rid: Buffer.from('A000000003', 'hex'), caPublicKeyIndex: 0x92, algorithmIndicator: 1, exponent: Buffer.from('03', 'hex'), modulus: Buffer.alloc(176, 0xab), checksum: Buffer.alloc(20, 1) }],
  });
  t.ok(cfg.ok, cfg.name);
  t.same((await s.getInfo('WFS_INF_IDC_EMVCLESS_QUERY_APPLICATIONS', undefined)).data,
    [{ aid: Buffer.from('A0000000031010', 'hex'), kernelIdentifier: Buffer.from('03', 'hex') }]);
  sim.setContactlessData(name, '9F2608AABBCCDDEEFF00115A084761739001010010', 3);
  const statuses: number[] = [];
  const tx = s.execute('WFS_CMD_IDC_EMVCLESS_PERFORM_TRANSACTION', { data: Buffer.from('9F02060000000010005F2A020978', 'hex') },
    { onEvent: (e) => { if (e.name === 'WFS_EXEE_IDC_EMVCLESSREADSTATUS') statuses.push((e.data as { ui: { status: number } }).ui.status); } });
  await untilPending(name);
  sim.insertCard(name, { track2: TRACK2 });
  const r = await tx;
  t.ok(r.ok, r.name);
  t.same(statuses, [2, 4], 'ready to read, then card read OK');
  t.equal(r.data!.length, 2);
  t.equal(r.data![0]!.dataSource, IDC_SOURCE.CHIP);
  t.equal(r.data![0]!.txOutcome, 3, 'online request');
  t.equal(r.data![0]!.dataRead.toString('hex'), '9f2608aabbccddeeff00115a084761739001010010');
  t.equal(r.data![0]!.outcome!.uiOutcome!.status, 4);
  t.equal(r.data![1]!.dataRead.toString(), TRACK2);
  const upd = await s.execute('WFS_CMD_IDC_EMVCLESS_ISSUERUPDATE', { data: Buffer.from('910A0102030405060708090A', 'hex') });
  t.ok(upd.ok);
  t.equal(upd.data!.txOutcome, 1);
  t.equal((await s.execute('WFS_CMD_IDC_EMVCLESS_ISSUERUPDATE', { data: Buffer.alloc(1) })).name, 'WFS_ERR_IDC_TRANSACTIONNOTINITIATED');
  await s.close();
  await done();
});
