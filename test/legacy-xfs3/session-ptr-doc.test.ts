// The document printer of the PTR class through the real FFI path: media drawn in through the slot
// (NOMEDIA, MEDIAINSERTED, MEDIAREJECTED, SRVE MEDIAINSERTED), READ_FORM, MEDIA_EXTENTS, READ_IMAGE,
// CONTROL_PASSBOOK, SET_BLACK_MARK_MODE, LOAD_DEFINITION and DEFINITIONLOADED, SUPPLY_REPLENISH, the
// lamp, ink, retract bin status, auto-retract and unsolicited presented events, and the 3.00/3.20 limits.
import t from 'tap';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PTR_CTRL } from '../../src/legacy-xfs3/ptr/codec.ts';
import type { PtrExecuteMap, PtrInfoMap } from '../../src/legacy-xfs3/ptr/types.ts';
import type { LegacyXfsManager } from '../../src/legacy-xfs3/manager.ts';
import { recorder, sim, startManager } from './helpers.ts';

let seq = 0;
function newDocPrinter(version = '3.30'): string {
  const name = `PTRDOC-${process.pid}-${++seq}`;
  sim.addService(name, 'PTR', version);
  sim.setPrinterKind(name, 'document');
  return name;
}
const openPtr = (m: LegacyXfsManager, name: string) =>
  m.open<PtrExecuteMap, PtrInfoMap>(name, { low: '3.00', high: '3.30' }, { serviceClass: 'PTR' });
const CHEQUE = 'CODELINE=<123456<0012>987654;AMOUNT=150.00';
const IMG = { frontImageType: 4, backImageType: 4, frontImageColorFormat: 2, backImageColorFormat: 1, codelineFormat: 1 };

t.test('capabilities and status of the document printer', async (t) => {
  const { m, done } = await startManager(t);
  const s = await openPtr(m, newDocPrinter());
  const caps = (await s.getInfo('WFS_INF_PTR_CAPABILITIES', undefined)).data!;
  t.equal(caps.type, 0x1b, 'receipt, passbook, document, scanner');
  t.equal(caps.readForm, 0x23);
  t.equal(caps.extents, 3);
  t.equal(caps.acceptMedia, true);
  t.equal(caps.imageSource, 7);
  t.equal(caps.controlPassbook, 15);
  t.equal(caps.autoRetractPeriod, 30);
  t.equal(caps.blackMarkModeSupported, true);
  const st = (await s.getInfo('WFS_INF_PTR_STATUS', undefined)).data!;
  t.equal(st.ink, 0);
  t.equal(st.lamp, 0);
  t.equal(st.blackMarkMode, 2, 'black mark detection off');
  t.same((await s.getInfo('WFS_INF_PTR_FORM_LIST', undefined)).data, ['RECEIPT', 'BALANCE', 'CHEQUE', 'PASSBOOK', 'DEPOSIT']);
  const fields = (await s.getInfo('WFS_INF_PTR_QUERY_FIELD', { formName: 'CHEQUE' })).data!;
  t.same(fields.map((f) => [f.fieldName, f.type, f.access]), [['CODELINE', 1, 1], ['AMOUNT', 2, 1], ['PAYEE', 2, 1]]);
  await s.close();
  const builtIn = await openPtr(m, 'DocumentPrinter1');
  t.equal((await builtIn.getInfo('WFS_INF_PTR_CAPABILITIES', undefined)).data!.type, 0x1b, 'the built-in DocumentPrinter1 is one too');
  await builtIn.close();
  await done();
});

t.test('read a cheque: no media, inserted, fields read, warnings, eject', async (t) => {
  const { m, done } = await startManager(t);
  const name = newDocPrinter();
  const s = await openPtr(m, name);
  const seen: string[] = [];
  const read = await s.execute('WFS_CMD_PTR_READ_FORM', { formName: 'CHEQUE', mediaControl: PTR_CTRL.EJECT }, {
    onEvent: (e) => {
      seen.push(`${e.name}:${JSON.stringify(e.data ?? null)}`);
      if (e.name === 'WFS_EXEE_PTR_NOMEDIA') sim.insertPrinterMedia(name, { content: CHEQUE });
    },
  });
  t.ok(read.ok, read.name);
  t.same(read.data, ['CODELINE=<123456<0012>987654', 'AMOUNT=150.00']);
  t.same(seen, [
    'WFS_EXEE_PTR_NOMEDIA:{"userPrompt":"Please insert your cheque"}',
    'WFS_EXEE_PTR_MEDIAINSERTED:null',
    'WFS_EXEE_PTR_FIELDWARNING:{"formName":"CHEQUE","fieldName":"PAYEE","failure":4}',
    'WFS_EXEE_PTR_MEDIAPRESENTED:{"wadIndex":1,"totalWads":1}',
  ]);
  sim.takeMedia(name);
  const one = await s.execute('WFS_CMD_PTR_READ_FORM', { formName: 'CHEQUE', fieldNames: ['AMOUNT'], mediaControl: 0 }, {
    onEvent: (e) => { if (e.name === 'WFS_EXEE_PTR_NOMEDIA') sim.insertPrinterMedia(name, { content: CHEQUE }); },
  });
  t.same(one.data, ['AMOUNT=150.00'], 'only the field asked for');
  t.equal((await s.execute('WFS_CMD_PTR_READ_FORM', { formName: 'CHEQUE', fieldNames: ['NOPE'], mediaControl: 0 })).name, 'WFS_ERR_PTR_FIELDNOTFOUND');
  t.equal((await s.execute('WFS_CMD_PTR_READ_FORM', { formName: 'NOPE', mediaControl: 0 })).name, 'WFS_ERR_PTR_FORMNOTFOUND');
  const ext = await s.execute('WFS_CMD_PTR_MEDIA_EXTENTS', { base: 1, unitX: 10, unitY: 1 });
  t.same(ext.data, { sizeX: 1520, sizeY: 70 }, 'the cheque still inside: 152.0 x 70 mm');
  t.same((await s.execute('WFS_CMD_PTR_MEDIA_EXTENTS', { base: 0, unitX: 100, unitY: 100 })).data, { sizeX: 598, sizeY: 275 }, 'in 1/100 inch');
  t.equal((await s.execute('WFS_CMD_PTR_MEDIA_EXTENTS', { base: 2, unitX: 1, unitY: 1 })).name, 'WFS_ERR_UNSUPP_DATA');
  const images = await s.execute('WFS_CMD_PTR_READ_IMAGE', { ...IMG, imageSource: 7 });
  t.ok(images.ok, images.name);
  t.same(images.data!.map((i) => [i.source, i.status, i.data.toString()]), [
    [1, 0, `FRONT type=4 color=2 ${CHEQUE}`], [2, 0, 'BACK type=4 color=1'], [4, 0, '<123456<0012>987654'],
  ]);
  t.equal((await s.execute('WFS_CMD_PTR_READ_IMAGE', { ...IMG, imageSource: 0 })).name, 'WFS_ERR_INVALID_DATA');
  await s.close();
  await done();
});

t.test('a rejected document, an insertion without a command, a cancelled wait', async (t) => {
  const { m, done } = await startManager(t);
  const name = newDocPrinter();
  const s = await openPtr(m, name);
  const rec = recorder(s);
  const seen: string[] = [];
  const rejected = await s.execute('WFS_CMD_PTR_READ_IMAGE', { ...IMG, imageSource: 1 }, {
    onEvent: (e) => {
      seen.push(`${e.name}:${JSON.stringify(e.data ?? null)}`);
      if (e.name === 'WFS_EXEE_PTR_NOMEDIA') sim.insertPrinterMedia(name, { content: 'X=1', reject: 7 });
    },
  });
  t.equal(rejected.name, 'WFS_ERR_PTR_MEDIAREJECTED');
  t.same(seen.slice(1), ['WFS_EXEE_PTR_MEDIAREJECTED:{"reason":7}']);
  t.throws(() => sim.insertPrinterMedia(name, { reject: 1 }), /refused/, 'nothing to reject without a command');
  const inserted = rec.next('WFS_SRVE_PTR_MEDIAINSERTED');
  sim.insertPrinterMedia(name, { passbook: true, content: 'NAME=A' });
  await inserted;
  t.equal(sim.printerMedia(name).media, 0, 'taken in');
  const noBack = await s.execute('WFS_CMD_PTR_READ_IMAGE', { ...IMG, imageSource: 6 });
  t.same(noBack.data!.map((i) => [i.source, i.status, i.data.length]), [[2, 2, 0], [4, 2, 0]], 'a passbook has no back image nor code line');
  await s.close();
  await done();
});

t.test('passbook: print on a page, turn, close; black mark mode; supplies', async (t) => {
  const { m, done } = await startManager(t);
  const name = newDocPrinter();
  const s = await openPtr(m, name);
  const rec = recorder(s);
  t.equal((await s.execute('WFS_CMD_PTR_CONTROL_PASSBOOK', { action: 1, count: 1 })).name, 'WFS_ERR_PTR_NOMEDIAPRESENT');
  sim.insertPrinterMedia(name, { passbook: true });
  sim.clearPrinterOutput(name);
  t.ok((await s.execute('WFS_CMD_PTR_PRINT_FORM', { formName: 'PASSBOOK', mediaControl: 0, fields: ['LINE[0]=DEPOSIT 100.00'] })).ok);
  t.ok((await s.execute('WFS_CMD_PTR_CONTROL_PASSBOOK', { action: 1, count: 3 })).ok);
  t.equal((await s.execute('WFS_CMD_PTR_CONTROL_PASSBOOK', { action: 1, count: 5 })).name, 'WFS_ERR_PTR_LASTORFIRSTPAGEREACHED');
  t.ok((await s.execute('WFS_CMD_PTR_CONTROL_PASSBOOK', { action: 2, count: 1 })).ok);
  t.ok((await s.execute('WFS_CMD_PTR_CONTROL_PASSBOOK', { action: 4, count: 0 })).ok);
  t.equal((await s.execute('WFS_CMD_PTR_CONTROL_PASSBOOK', { action: 1, count: 1 })).name, 'WFS_ERR_PTR_PASSBOOKCLOSED');
  t.equal(sim.printerOutput(name), '<page 1>\nLINE: DEPOSIT 100.00\n<turned to page 4>\n<turned to page 3>\n<closed>\n');

  t.ok((await s.execute('WFS_CMD_PTR_SET_BLACK_MARK_MODE', { mode: 1 })).ok);
  t.equal((await s.getInfo('WFS_INF_PTR_STATUS', undefined)).data!.blackMarkMode, 1);
  t.equal((await s.execute('WFS_CMD_PTR_SET_BLACK_MARK_MODE', { mode: 3 })).name, 'WFS_ERR_INVALID_DATA');

  const lamp = rec.next('WFS_USRE_PTR_LAMPTHRESHOLD');
  const ink = rec.next('WFS_USRE_PTR_INKTHRESHOLD');
  sim.setPrinterInkLamp(name, 1, 2);
  t.same((await lamp).data, { threshold: 2 });
  t.same((await ink).data, { threshold: 1 });
  t.equal((await s.execute('WFS_CMD_PTR_MEDIA_EXTENTS', { base: 1, unitX: 1, unitY: 1 })).ok, true, 'extents need no lamp');
  t.equal((await s.execute('WFS_CMD_PTR_READ_IMAGE', { ...IMG, imageSource: 1 })).name, 'WFS_ERR_PTR_LAMPINOP');
  const lampOk = rec.next('WFS_USRE_PTR_LAMPTHRESHOLD');
  t.ok((await s.execute('WFS_CMD_PTR_SUPPLY_REPLENISH', { supplies: 0x0040 | 0x0020 })).ok);
  t.same((await lampOk).data, { threshold: 0 });
  const st = (await s.getInfo('WFS_INF_PTR_STATUS', undefined)).data!;
  t.same([st.ink, st.lamp], [0, 0]);
  t.equal((await s.execute('WFS_CMD_PTR_SUPPLY_REPLENISH', { supplies: 0x0002 })).name, 'WFS_ERR_UNSUPP_DATA', 'no lower paper supply');
  t.equal((await s.execute('WFS_CMD_PTR_SUPPLY_REPLENISH', { supplies: 0 })).name, 'WFS_ERR_INVALID_DATA');
  await s.close();
  await done();
});

t.test('load a definition, bins, auto-retract, further wads', async (t) => {
  const { m, done } = await startManager(t);
  const name = newDocPrinter();
  const s = await openPtr(m, name);
  const rec = recorder(s);
  const dir = mkdtempSync(join(tmpdir(), 'ptr-def-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'slip.def');
  writeFileSync(file, 'XFSFORM "SLIP"\nBEGIN\n  XFSFIELD "TEXT"\n  BEGIN\n  END\nEND\n');
  const loaded = rec.next('WFS_SRVE_PTR_DEFINITIONLOADED');
  t.ok((await s.execute('WFS_CMD_PTR_LOAD_DEFINITION', { fileName: file, overwrite: false })).ok);
  t.same((await loaded).data, { name: 'SLIP', type: 1 });
  t.same((await s.getInfo('WFS_INF_PTR_FORM_LIST', undefined)).data, ['RECEIPT', 'BALANCE', 'CHEQUE', 'PASSBOOK', 'DEPOSIT', 'SLIP']);
  t.equal((await s.execute('WFS_CMD_PTR_LOAD_DEFINITION', { fileName: file, overwrite: false })).name, 'WFS_ERR_PTR_DEFINITIONEXISTS');
  t.ok((await s.execute('WFS_CMD_PTR_LOAD_DEFINITION', { fileName: file, overwrite: true })).ok);
  writeFileSync(file, 'XFSMEDIA "A5"\nBEGIN\nEND\n');
  t.ok((await s.execute('WFS_CMD_PTR_LOAD_DEFINITION', { fileName: file, overwrite: false })).ok);
  t.same((await s.getInfo('WFS_INF_PTR_MEDIA_LIST', undefined)).data, ['RECEIPT80', 'A5']);
  writeFileSync(file, 'not a definition');
  t.equal((await s.execute('WFS_CMD_PTR_LOAD_DEFINITION', { fileName: file, overwrite: false })).name, 'WFS_ERR_PTR_FORMINVALID');
  t.equal((await s.execute('WFS_CMD_PTR_LOAD_DEFINITION', { fileName: join(dir, 'none'), overwrite: false })).name, 'WFS_ERR_PTR_FILENOTFOUND');

  const removed = rec.next('WFS_SRVE_PTR_RETRACTBINSTATUS');
  sim.setPrinterBinPresent(name, false);
  t.same((await removed).data, { binNumber: 1, state: 2 });
  t.same((await s.getInfo('WFS_INF_PTR_STATUS', undefined)).data!.retractBins, [{ state: 5, count: 0 }], 'missing');
  const back = rec.next('WFS_SRVE_PTR_RETRACTBINSTATUS');
  sim.setPrinterBinPresent(name, true);
  t.same((await back).data, { binNumber: 1, state: 1 });

  t.ok((await s.execute('WFS_CMD_PTR_RAW_DATA', { inputData: false, data: Buffer.from('A\n') })).ok);
  const wad = rec.next('WFS_SRVE_PTR_MEDIAPRESENTED');
  sim.presentPrinterWad(name, 2, 2);
  t.same((await wad).data, { wadIndex: 2, totalWads: 2 });
  const auto = rec.next('WFS_SRVE_PTR_MEDIAAUTORETRACTED');
  sim.autoRetractPrinterMedia(name);
  t.same((await auto).data, { result: 0, binNumber: 1 });
  t.same(sim.printerMedia(name), { media: 1, retractCount: 1 });
  t.throws(() => sim.autoRetractPrinterMedia(name), /refused/, 'nothing at the exit');
  await s.close();
  await done();
});

t.test('what a receipt printer and older versions refuse', async (t) => {
  const { m, done } = await startManager(t);
  const receipt = `PTRRCPT-${process.pid}`;
  sim.addService(receipt, 'PTR', '3.30');
  const r = await openPtr(m, receipt);
  t.equal((await r.execute('WFS_CMD_PTR_READ_FORM', { formName: 'RECEIPT', mediaControl: 0 })).name, 'WFS_ERR_PTR_READNOTSUPPORTED');
  t.equal((await r.execute('WFS_CMD_PTR_MEDIA_EXTENTS', { base: 1, unitX: 1, unitY: 1 })).name, 'WFS_ERR_PTR_EXTENTNOTSUPPORTED');
  t.equal((await r.execute('WFS_CMD_PTR_READ_IMAGE', { ...IMG, imageSource: 1 })).name, 'WFS_ERR_UNSUPP_COMMAND');
  t.equal((await r.execute('WFS_CMD_PTR_SUPPLY_REPLENISH', { supplies: 0x20 })).name, 'WFS_ERR_UNSUPP_DATA', 'no ink on a receipt printer');
  t.throws(() => sim.insertPrinterMedia(receipt, {}), /refused/);
  await r.close();
  const oldName = newDocPrinter('3.00');
  const old = await openPtr(m, oldName);
  t.equal((await old.execute('WFS_CMD_PTR_LOAD_DEFINITION', { fileName: '/x', overwrite: false })).name, 'WFS_ERR_UNSUPP_COMMAND', 'LOAD_DEFINITION is 3.10');
  t.equal((await old.execute('WFS_CMD_PTR_CONTROL_PASSBOOK', { action: 1, count: 1 })).name, 'WFS_ERR_UNSUPP_COMMAND', 'CONTROL_PASSBOOK is 3.20');
  const oldRec = recorder(old);
  sim.setPrinterBinPresent(oldName, false);
  t.same((await old.getInfo('WFS_INF_PTR_STATUS', undefined)).data!.retractBins, [{ state: 3, count: 0 }], '3.00 has no "missing": unknown');
  sim.setPrinterBinPresent(oldName, true);
  t.ok((await old.execute('WFS_CMD_PTR_RAW_DATA', { inputData: false, data: Buffer.from('A\n') })).ok);
  sim.presentPrinterWad(oldName, 1, 1);
  sim.autoRetractPrinterMedia(oldName);
  t.same(sim.printerMedia(oldName), { media: 1, retractCount: 1 }, 'the media was retracted all the same');
  const inserted = oldRec.next('WFS_SRVE_PTR_MEDIAINSERTED');
  sim.insertPrinterMedia(oldName, {});
  await inserted;
  t.same(oldRec.events.map((e) => e.name), ['WFS_SRVE_PTR_MEDIAINSERTED'], 'no RETRACTBINSTATUS, SRVE MEDIAPRESENTED or MEDIAAUTORETRACTED from a 3.00 service');
  await old.close();
  const v320 = await openPtr(m, newDocPrinter('3.20'));
  t.equal((await v320.execute('WFS_CMD_PTR_SET_BLACK_MARK_MODE', { mode: 1 })).name, 'WFS_ERR_UNSUPP_COMMAND', 'SET_BLACK_MARK_MODE is 3.30');
  await v320.close();
  await done();
});
