// The PTR class through the real FFI path: status, capabilities, forms and media, printing a form
// (read back from the simulated printer), field warnings and errors, eject/take, retract, reset,
// supplies thresholds, and the 3.00 layouts.
import t from 'tap';
import { PTR_CTRL } from '../../src/legacy-xfs3/ptr/codec.ts';
import type { PtrExecuteMap, PtrInfoMap } from '../../src/legacy-xfs3/ptr/types.ts';
import type { LegacyXfsManager } from '../../src/legacy-xfs3/manager.ts';
import { recorder, sim, startManager } from './helpers.ts';

let seq = 0;
function newPrinter(version = '3.30'): string {
  const name = `PTR-${process.pid}-${++seq}`;
  sim.addService(name, 'PTR', version);
  return name;
}
const openPtr = (m: LegacyXfsManager, name: string, high = '3.30') =>
  m.open<PtrExecuteMap, PtrInfoMap>(name, { low: '3.00', high: high as `${number}.${number}` }, { serviceClass: 'PTR' });

t.test('status, capabilities, forms and media on 3.30 and 3.00 services', async (t) => {
  const { m, done } = await startManager(t);
  const s = await openPtr(m, newPrinter('3.30'));
  const st = await s.getInfo('WFS_INF_PTR_STATUS', undefined);
  t.ok(st.ok, st.name);
  t.equal(st.data!.media, 1, 'no media');
  t.equal(st.data!.paper.length, 16);
  t.equal(st.data!.paper[0], 0, 'paper full');
  t.same(st.data!.retractBins, [{ state: 0, count: 0 }]);
  t.equal(st.data!.blackMarkMode, 0);
  t.equal(st.data!.paperType![0], 0);
  const caps = await s.getInfo('WFS_INF_PTR_CAPABILITIES', undefined);
  t.equal(caps.data!.class, 1);
  t.equal(caps.data!.type, 1, 'receipt printer');
  t.same(caps.data!.maxRetract, [10]);
  t.equal(caps.data!.control, PTR_CTRL.EJECT | PTR_CTRL.CUT | PTR_CTRL.FLUSH | PTR_CTRL.RETRACT);
  t.equal(caps.data!.controlEx, caps.data!.control);
  t.equal(caps.data!.extra.Model, 'SIM-PTR-1');
  t.same((await s.getInfo('WFS_INF_PTR_FORM_LIST', undefined)).data, ['RECEIPT', 'BALANCE']);
  t.same((await s.getInfo('WFS_INF_PTR_MEDIA_LIST', undefined)).data, ['RECEIPT80']);
  const form = await s.getInfo('WFS_INF_PTR_QUERY_FORM', { formName: 'RECEIPT' });
  t.same(form.data!.fields, ['TITLE', 'DATE', 'ACCOUNT', 'AMOUNT', 'LINE']);
  t.equal(form.data!.base, 2, 'row/column');
  t.equal(form.data!.languageId, 0x0409);
  t.equal((await s.getInfo('WFS_INF_PTR_QUERY_FORM', { formName: 'NOPE' })).name, 'WFS_ERR_PTR_FORMNOTFOUND');
  const media = await s.getInfo('WFS_INF_PTR_QUERY_MEDIA', { mediaName: 'RECEIPT80' });
  t.equal(media.data!.sizeWidth, 80);
  t.equal((await s.getInfo('WFS_INF_PTR_QUERY_MEDIA', { mediaName: 'A4' })).name, 'WFS_ERR_PTR_MEDIANOTFOUND');
  const fields = await s.getInfo('WFS_INF_PTR_QUERY_FIELD', { formName: 'RECEIPT' });
  t.same(fields.data!.map((f) => [f.fieldName, f.class, f.indexCount]), [['TITLE', 0, 0], ['DATE', 1, 0], ['ACCOUNT', 1, 0], ['AMOUNT', 2, 0], ['LINE', 1, 3]]);
  t.equal(fields.data![0]!.initialValue, 'SIMULATED BANK');
  t.equal(fields.data![0]!.coercivity, 0);
  const one = await s.getInfo('WFS_INF_PTR_QUERY_FIELD', { formName: 'RECEIPT', fieldName: 'AMOUNT' });
  t.same(one.data!.map((f) => f.fieldName), ['AMOUNT']);
  t.equal((await s.getInfo('WFS_INF_PTR_QUERY_FIELD', { formName: 'RECEIPT', fieldName: 'X' })).name, 'WFS_ERR_PTR_FIELDNOTFOUND');
  const bad = await s.getInfo('WFS_INF_PTR_QUERY_FORM', { formName: 'A\0B' });
  t.equal(bad.origin, 'gateway', 'a name with NUL never reaches the device');
  await s.close();

  const old = await openPtr(m, newPrinter('3.00'));
  const st0 = await old.getInfo('WFS_INF_PTR_STATUS', undefined);
  t.ok(st0.ok);
  t.equal(st0.data!.guidLights, undefined);
  t.equal(st0.data!.blackMarkMode, undefined);
  t.same(st0.data!.retractBins, [{ state: 0, count: 0 }]);
  const caps0 = await old.getInfo('WFS_INF_PTR_CAPABILITIES', undefined);
  t.equal(caps0.data!.mediaPresented, undefined);
  t.equal(caps0.data!.controlEx, undefined);
  const f0 = await old.getInfo('WFS_INF_PTR_QUERY_FIELD', { formName: 'BALANCE', fieldName: 'BALANCE' });
  t.equal(f0.data![0]!.coercivity, undefined, '3.00 field has no coercivity');
  t.equal(f0.data![0]!.languageId, undefined, 'nor a language');
  const form0 = await old.getInfo('WFS_INF_PTR_QUERY_FORM', { formName: 'BALANCE' });
  t.same(form0.data!.fields, ['TITLE', 'ACCOUNT', 'BALANCE']);
  t.equal(form0.data!.languageId, undefined, '3.00 form header has no language');
  t.equal(f0.data![0]!.class, 2);
  await old.close();
  await done();
});

t.test('print a form, read it back, eject, take; field warnings and errors', async (t) => {
  const { m, done } = await startManager(t);
  const name = newPrinter();
  const s = await openPtr(m, name);
  const rec = recorder(s);
  const seen: string[] = [];
  const printed = await s.execute('WFS_CMD_PTR_PRINT_FORM', {
    formName: 'RECEIPT', mediaName: 'RECEIPT80', mediaControl: PTR_CTRL.CUT | PTR_CTRL.EJECT,
    fields: ['DATE=2026-11-21', 'AMOUNT=EUR 50.00', 'LINE[1]=Thank you', 'NOSUCH=1', 'ACCOUNT=123456789012345678901234567890'],
  }, { onEvent: (e) => seen.push(`${e.name}:${JSON.stringify(e.data)}`) });
  t.ok(printed.ok, printed.name);
  t.same(seen, [
    'WFS_EXEE_PTR_FIELDWARNING:{"formName":"RECEIPT","fieldName":"NOSUCH","failure":3}',
    'WFS_EXEE_PTR_FIELDWARNING:{"formName":"RECEIPT","fieldName":"ACCOUNT","failure":2}',
    'WFS_EXEE_PTR_MEDIAPRESENTED:{"wadIndex":1,"totalWads":1}',
  ]);
  t.equal(sim.printerOutput(name), 'SIMULATED BANK\nDATE: 2026-11-21\nACCOUNT: 12345678901234567890\nAMOUNT: EUR 50.00\nLINE: Thank you\n<cut>\n');
  t.equal(sim.printerMedia(name).media, 5, 'at the exit slot');
  t.equal((await s.getInfo('WFS_INF_PTR_STATUS', undefined)).data!.media, 5);
  const taken = rec.next('WFS_SRVE_PTR_MEDIATAKEN');
  sim.takeMedia(name);
  await taken;
  t.equal(sim.printerMedia(name).media, 1);
  t.throws(() => sim.takeMedia(name), /refused/, 'nothing left to take');

  const errs: string[] = [];
  const missing = await s.execute('WFS_CMD_PTR_PRINT_FORM', { formName: 'RECEIPT', mediaControl: 0, fields: ['DATE=x'] },
    { onEvent: (e) => errs.push(`${e.name}:${(e.data as { fieldName: string }).fieldName}`) });
  t.equal(missing.name, 'WFS_ERR_PTR_FIELDERROR');
  t.same(errs, ['WFS_EXEE_PTR_FIELDERROR:AMOUNT']);
  t.equal((await s.execute('WFS_CMD_PTR_PRINT_FORM', { formName: 'NOPE', mediaControl: 0, fields: [] })).name, 'WFS_ERR_PTR_FORMNOTFOUND');
  t.equal((await s.execute('WFS_CMD_PTR_PRINT_FORM', { formName: 'RECEIPT', mediaName: 'A4', mediaControl: 0, fields: ['AMOUNT=1'] })).name, 'WFS_ERR_PTR_MEDIANOTFOUND');
  const badInput = await s.execute('WFS_CMD_PTR_PRINT_FORM', { formName: 'RECEIPT', mediaControl: 0, fields: ['no equals sign'] });
  t.equal(badInput.origin, 'gateway');
  t.equal((await s.execute('WFS_CMD_PTR_CONTROL_MEDIA', { mediaControl: PTR_CTRL.EJECT })).name, 'WFS_ERR_PTR_NOMEDIAPRESENT');
  t.equal((await s.execute('WFS_CMD_PTR_CONTROL_MEDIA', { mediaControl: PTR_CTRL.STACK })).name, 'WFS_ERR_UNSUPP_DATA');
  await s.close();
  await done();
});

t.test('raw data, retract, reset, reset count, supplies thresholds', async (t) => {
  const { m, done } = await startManager(t);
  const name = newPrinter();
  const s = await openPtr(m, name);
  const rec = recorder(s);
  sim.clearPrinterOutput(name);
  const raw = await s.execute('WFS_CMD_PTR_RAW_DATA', { inputData: false, data: Buffer.from('HELLO\n') });
  t.ok(raw.ok, raw.name);
  t.equal(raw.data, undefined);
  t.equal(sim.printerOutput(name), 'HELLO\n');
  const withInput = await s.execute('WFS_CMD_PTR_RAW_DATA', { inputData: true, data: Buffer.alloc(0) });
  t.same(withInput.data, Buffer.alloc(0));

  sim.setPrinterRetractBin(name, 1, 2, 3);
  const high = rec.next('WFS_USRE_PTR_RETRACTBINTHRESHOLD');
  const r = await s.execute('WFS_CMD_PTR_RETRACT_MEDIA', { binNumber: 0 });
  t.ok(r.ok, r.name);
  t.equal(r.data, 1, 'retracted to bin 1');
  t.same((await high).data, { binNumber: 1, state: 4 });
  t.equal((await s.execute('WFS_CMD_PTR_RETRACT_MEDIA', { binNumber: 0 })).name, 'WFS_ERR_PTR_NOMEDIAPRESENT');
  t.same((await s.getInfo('WFS_INF_PTR_STATUS', undefined)).data!.retractBins, [{ state: 4, count: 2 }]);

  await s.execute('WFS_CMD_PTR_RAW_DATA', { inputData: false, data: Buffer.from('X\n') });
  const detected = rec.next('WFS_SRVE_PTR_MEDIADETECTED');
  t.ok((await s.execute('WFS_CMD_PTR_RESET', { mediaControl: PTR_CTRL.RETRACT, retractBinNumber: 1 })).ok);
  t.same((await detected).data, { position: 6, retractBinNumber: 1 });
  t.equal((await s.execute('WFS_CMD_PTR_RESET', undefined)).ok, true, 'reset with nothing inside');
  const full = await s.execute('WFS_CMD_PTR_RAW_DATA', { inputData: false, data: Buffer.from('Y\n') });
  t.ok(full.ok);
  t.equal((await s.execute('WFS_CMD_PTR_RETRACT_MEDIA', { binNumber: 1 })).name, 'WFS_ERR_PTR_RETRACTBINFULL');
  const emptied = rec.next('WFS_USRE_PTR_RETRACTBINTHRESHOLD');
  t.ok((await s.execute('WFS_CMD_PTR_RESET_COUNT', { binNumber: 1 })).ok);
  t.same((await emptied).data, { binNumber: 1, state: 0 });

  const low = rec.next('WFS_USRE_PTR_PAPERTHRESHOLD');
  sim.setPrinterSupplies(name, 1, 0);
  t.same((await low).data, { paperSource: 2, threshold: 1 });
  const toner = rec.next('WFS_USRE_PTR_TONERTHRESHOLD');
  sim.setPrinterSupplies(name, 2, 1);
  t.same((await toner).data, { threshold: 1 });
  t.equal((await s.execute('WFS_CMD_PTR_RAW_DATA', { inputData: false, data: Buffer.from('Z') })).name, 'WFS_ERR_PTR_PAPEROUT');
  t.ok((await s.execute('WFS_CMD_PTR_RETRACT_MEDIA', { binNumber: 1 })).ok, 'the unprinted sheet of Y goes to the emptied bin');
  t.equal((await s.execute('WFS_CMD_PTR_DISPENSE_PAPER', { paperSource: 2 })).name, 'WFS_ERR_PTR_PAPEROUT');
  sim.setPrinterSupplies(name, 0, 0);
  t.equal((await s.execute('WFS_CMD_PTR_DISPENSE_PAPER', { paperSource: 4 })).name, 'WFS_ERR_PTR_SOURCEINVALID', 'no lower paper source');
  sim.clearPrinterOutput(name);
  t.ok((await s.execute('WFS_CMD_PTR_DISPENSE_PAPER', { paperSource: 1 })).ok, 'a blank sheet from any source');
  t.equal(sim.printerOutput(name), '<blank>\n<cut>\n');
  t.equal(sim.printerMedia(name).media, 5, 'the sheet waits at the exit slot');
  t.equal((await s.execute('WFS_CMD_PTR_DISPENSE_PAPER', { paperSource: 2 })).name, 'WFS_ERR_PTR_SEQUENCEINVALID', 'not while a sheet waits');
  sim.takeMedia(name);
  sim.failNext(name, 'WFS_ERR_PTR_PAPERJAMMED');
  t.equal((await s.execute('WFS_CMD_PTR_CONTROL_MEDIA', { mediaControl: PTR_CTRL.FLUSH })).code, -122);
  await s.close();
  await done();
});
