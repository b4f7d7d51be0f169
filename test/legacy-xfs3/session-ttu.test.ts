// The TTU class through the real FFI path: status, capabilities and key detail on 3.30 and 3.00
// layouts, writing text and reading the simulated screen back, clear (area and whole), beep,
// resolutions, reading typed keys with key events (echo, password, backspace, cancel), reset,
// injected errors, and input the gateway refuses before it reaches the device; forms queried (3.00
// and 3.20 layouts), written with field warnings and errors, read field by field with defined keys.
import t from 'tap';
import { TTU_CK } from '../../src/legacy-xfs3/ttu/codec.ts';
import type { TtuExecuteMap, TtuFieldFailure, TtuInfoMap, TtuKey, TtuRead } from '../../src/legacy-xfs3/ttu/types.ts';
import type { LegacyXfsManager } from '../../src/legacy-xfs3/manager.ts';
import { sim, startManager, untilPending } from './helpers.ts';

let seq = 0;
function newTerminal(version = '3.30'): string {
  const name = `TTU-${process.pid}-${++seq}`;
  sim.addTextTerminal(name, version);
  return name;
}
const openTtu = (m: LegacyXfsManager, name: string, high = '3.30') =>
  m.open<TtuExecuteMap, TtuInfoMap>(name, { low: '3.00', high: high as `${number}.${number}` }, { serviceClass: 'TTU' });

const blank = (n: number): string => ' '.repeat(n);
const read: TtuRead = {
  numOfChars: 6, mode: 1, posX: 10, posY: 1, echoMode: 0, echoAttr: 0, cursor: true, flush: false, autoEnd: false,
  activeKeys: '0123456789', activeCommandKeys: [TTU_CK.BACKSPACE, TTU_CK.CLEAR], terminateCommandKeys: [TTU_CK.ENTER, TTU_CK.CANCEL],
};

t.test('status, capabilities and key detail on 3.30 and 3.00 services', async (t) => {
  const { m, done } = await startManager(t);
  const s = await openTtu(m, newTerminal('3.30'));
  const st = await s.getInfo('WFS_INF_TTU_STATUS', undefined);
  t.ok(st.ok, st.name);
  t.equal(st.data!.device, 0);
  t.equal(st.data!.keyboard, 1, 'keyboard on');
  t.same(st.data!.leds, [0, 0, 0, 0, 0, 0, 0, 0]);
  t.equal(st.data!.displaySizeX, 20);
  t.equal(st.data!.displaySizeY, 4);
  t.equal(st.data!.devicePosition, 3);
  t.equal(st.data!.antiFraudModule, 0);
  t.equal(st.data!.extra.Model, 'SIM-TTU-1');
  const caps = await s.getInfo('WFS_INF_TTU_CAPABILITIES', undefined);
  t.equal(caps.data!.class, 7);
  t.same(caps.data!.resolutions, [{ sizeX: 20, sizeY: 4 }, { sizeX: 40, sizeY: 16 }]);
  t.equal(caps.data!.cursor, true);
  t.equal(caps.data!.forms, true);
  t.equal(caps.data!.charSupport, 1);
  t.equal(caps.data!.powerSaveControl, false);
  t.same(caps.data!.synchronizableCommands, []);
  const kd = await s.getInfo('WFS_INF_TTU_KEY_DETAIL', undefined);
  t.equal(kd.data!.keys, '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ .');
  t.same(kd.data!.commandKeys, [1, 2, 3, 4, 24, 25, 26, 27]);
  t.same((await s.getInfo('WFS_INF_TTU_FORM_LIST', undefined)).data, ['WELCOME', 'AMOUNT', 'WIDE', 'LEGACY', 'BROKEN']);
  await s.close();

  const old = await openTtu(m, newTerminal('3.00'));
  const st0 = await old.getInfo('WFS_INF_TTU_STATUS', undefined);
  t.ok(st0.ok, st0.name);
  t.equal(st0.data!.displaySizeX, 20);
  t.equal(st0.data!.devicePosition, undefined, '3.00 status ends at lpszExtra');
  t.equal(st0.data!.extra.Model, 'SIM-TTU-1');
  const caps0 = await old.getInfo('WFS_INF_TTU_CAPABILITIES', undefined);
  t.equal(caps0.data!.powerSaveControl, undefined);
  t.same(caps0.data!.resolutions, [{ sizeX: 20, sizeY: 4 }, { sizeX: 40, sizeY: 16 }]);
  await old.close();
  await done();
});

t.test('write text at positions and read the screen back; clear, beep, resolution, reset', async (t) => {
  const { m, done } = await startManager(t);
  const name = newTerminal();
  const s = await openTtu(m, name);
  t.same(sim.ttuScreen(name), [blank(20), blank(20), blank(20), blank(20)]);
  t.ok((await s.execute('WFS_CMD_TTU_WRITE', { mode: 1, posX: 2, posY: 0, textAttr: 0, text: 'WELCOME' })).ok);
  t.ok((await s.execute('WFS_CMD_TTU_WRITE', { mode: 0, posX: 1, posY: 1, textAttr: 1, text: 'NEXT' })).ok, 'relative to the cursor');
  const screen = sim.ttuScreen(name);
  t.equal(screen[0], '  WELCOME' + blank(11));
  t.equal(screen[1], blank(10) + 'NEXT' + blank(6));
  t.ok((await s.execute('WFS_CMD_TTU_WRITE', { mode: 1, posX: 15, posY: 2, textAttr: 0, text: 'ABCDEFGH' })).ok);
  t.equal(sim.ttuScreen(name)[2], blank(15) + 'ABCDE', 'a long text goes on at the next row');
  t.equal(sim.ttuScreen(name)[3], 'FGH' + blank(17));
  t.equal((await s.execute('WFS_CMD_TTU_WRITE', { mode: 1, posX: 20, posY: 0, textAttr: 0, text: 'X' })).name, 'WFS_ERR_INVALID_DATA', 'off the screen');
  t.equal((await s.execute('WFS_CMD_TTU_WRITE', { mode: 1, posX: 0, posY: 0, textAttr: 0x10, text: 'X' })).name, 'WFS_ERR_INVALID_DATA', 'unknown attribute');
  const nul = await s.execute('WFS_CMD_TTU_WRITE', { mode: 1, posX: 0, posY: 0, textAttr: 0, text: 'A\u00e9' });
  t.equal(nul.origin, 'gateway', 'non-ASCII text never reaches the device');

  t.ok((await s.execute('WFS_CMD_TTU_CLEARSCREEN', { positionX: 2, positionY: 0, width: 3, height: 1 })).ok);
  t.equal(sim.ttuScreen(name)[0], blank(5) + 'COME' + blank(11), 'an area');
  t.equal((await s.execute('WFS_CMD_TTU_CLEARSCREEN', { positionX: 18, positionY: 0, width: 3, height: 1 })).name, 'WFS_ERR_INVALID_DATA');
  t.ok((await s.execute('WFS_CMD_TTU_CLEARSCREEN', undefined)).ok);
  t.same(sim.ttuScreen(name), [blank(20), blank(20), blank(20), blank(20)], 'the whole screen');

  t.ok((await s.execute('WFS_CMD_TTU_BEEP', { beep: 0x0004 })).ok);
  t.same(sim.ttuLastBeep(name), { beep: 4, count: 1 });
  t.equal((await s.execute('WFS_CMD_TTU_BEEP', { beep: 0x0040 })).name, 'WFS_ERR_INVALID_DATA');

  t.ok((await s.execute('WFS_CMD_TTU_SET_RESOLUTION', { sizeX: 40, sizeY: 16 })).ok);
  t.equal(sim.ttuScreen(name).length, 16);
  t.equal((await s.getInfo('WFS_INF_TTU_STATUS', undefined)).data!.displaySizeX, 40);
  t.equal((await s.execute('WFS_CMD_TTU_SET_RESOLUTION', { sizeX: 80, sizeY: 25 })).name, 'WFS_ERR_TTU_RESNOTSUPP');
  t.ok((await s.execute('WFS_CMD_TTU_WRITE', { mode: 1, posX: 30, posY: 15, textAttr: 0, text: 'BOTTOM' })).ok);
  t.equal(sim.ttuScreen(name)[15], blank(30) + 'BOTTOM' + blank(4));
  t.ok((await s.execute('WFS_CMD_TTU_RESET', undefined)).ok);
  t.same(sim.ttuScreen(name), [blank(20), blank(20), blank(20), blank(20)], 'reset: default resolution, blank');

  sim.failNext(name, 'WFS_ERR_TTU_CHARSETDATA');
  t.equal((await s.execute('WFS_CMD_TTU_WRITE', { mode: 1, posX: 0, posY: 0, textAttr: 0, text: 'X' })).name, 'WFS_ERR_TTU_CHARSETDATA');
  await s.close();
  await done();
});

t.test('read: typed keys echo on the screen, key events, backspace, cancel, errors', async (t) => {
  const { m, done } = await startManager(t);
  const name = newTerminal('3.00');
  const s = await openTtu(m, name);
  const keys: TtuKey[] = [];
  const onEvent = (e: { name: string; data?: unknown }): void => { if (e.name === 'WFS_EXEE_TTU_KEY') keys.push(e.data as TtuKey); };
  const first = s.execute('WFS_CMD_TTU_READ', read, { onEvent });
  await untilPending(name);
  sim.ttuPressKeys(name, ['12A9', TTU_CK.BACKSPACE, '34', TTU_CK.ENTER]);   // A is not active: ignored
  const r1 = await first;
  t.ok(r1.ok, r1.name);
  t.equal(r1.data, '1234');
  t.same(keys, [
    { key: '1', commandKey: 0 }, { key: '2', commandKey: 0 }, { key: '9', commandKey: 0 }, { key: '', commandKey: TTU_CK.BACKSPACE },
    { key: '3', commandKey: 0 }, { key: '4', commandKey: 0 }, { key: '', commandKey: TTU_CK.ENTER },
  ]);
  t.equal(sim.ttuScreen(name)[1], blank(10) + '1234' + blank(6), 'echoed at the read position');

  const pw = s.execute('WFS_CMD_TTU_READ', { ...read, posY: 2, echoMode: 2, numOfChars: 4, autoEnd: true });
  await untilPending(name);
  sim.ttuPressKeys(name, ['98765']);
  t.equal((await pw).data, '9876', 'auto end after numOfChars');
  t.equal(sim.ttuScreen(name)[2], blank(10) + '****' + blank(6), 'password echo');
  t.equal(sim.ttuPendingKeys(name), 1, 'the key after auto end stays queued');

  const flushed = s.execute('WFS_CMD_TTU_READ', { ...read, flush: true });
  for (let i = 0; i < 300 && sim.ttuPendingKeys(name) > 0; i++) await new Promise((r) => setTimeout(r, 5));
  sim.ttuPressKeys(name, ['7', TTU_CK.ENTER]);
  t.equal((await flushed).data, '7', 'flush drops the keys typed before the read');

  const canceled = s.execute('WFS_CMD_TTU_READ', read);
  await untilPending(name);
  sim.ttuPressKeys(name, ['5', TTU_CK.CANCEL]);
  const byCancel = await canceled;
  t.ok(byCancel.ok, 'CANCEL as a terminate key ends READ like any other (KEYCANCELED is READ_FORM\'s)');
  t.equal(byCancel.data, '5');

  t.equal((await s.execute('WFS_CMD_TTU_READ', { ...read, activeKeys: '', activeCommandKeys: [] })).name, 'WFS_ERR_TTU_NOACTIVEKEYS');
  t.equal((await s.execute('WFS_CMD_TTU_READ', { ...read, activeKeys: 'a' })).name, 'WFS_ERR_TTU_KEYNOTSUPPORTED');
  t.equal((await s.execute('WFS_CMD_TTU_READ', { ...read, terminateCommandKeys: [TTU_CK.HELP] })).name, 'WFS_ERR_TTU_KEYNOTSUPPORTED');
  t.equal((await s.execute('WFS_CMD_TTU_READ', { ...read, posX: 30 })).name, 'WFS_ERR_INVALID_DATA');

  const ac = new AbortController();
  const waiting = s.execute('WFS_CMD_TTU_READ', read, { signal: ac.signal });
  await untilPending(name);
  ac.abort();
  t.equal((await waiting).name, 'WFS_ERR_CANCELED', 'a read waiting for keys can be canceled');
  t.throws(() => sim.ttuPressKeys(name, ['a']), /no key/);
  await s.close();
  await done();
});

t.test('forms: list, header and fields on 3.30 and 3.00 layouts, errors', async (t) => {
  const { m, done } = await startManager(t);
  const s = await openTtu(m, newTerminal('3.30'));
  const h = await s.getInfo('WFS_INF_TTU_QUERY_FORM', { formName: 'AMOUNT' });
  t.ok(h.ok, h.name);
  t.same(h.data, { formName: 'AMOUNT', width: 20, height: 4, versionMajor: 1, versionMinor: 2, charSupport: 1, fields: ['PROMPT', 'AMOUNT', 'CODE', 'HINT'], languageId: 0 });
  const all = await s.getInfo('WFS_INF_TTU_QUERY_FIELD', { formName: 'AMOUNT' });
  t.same(all.data!.map((f) => [f.fieldName, f.type, f.class, f.access, f.overflow, f.format]), [
    ['PROMPT', 0, 1, 2, 0, ''], ['AMOUNT', 0, 2, 1, 0, 'NUMERIC'], ['CODE', 2, 0, 1, 1, ''], ['HINT', 0, 0, 3, 1, ''],
  ]);
  const one = await s.getInfo('WFS_INF_TTU_QUERY_FIELD', { formName: 'WELCOME', fieldName: 'NAME' });
  t.same(one.data, [{ fieldName: 'NAME', type: 0, class: 0, access: 2, overflow: 1, format: '', languageId: 0 }]);
  t.equal((await s.getInfo('WFS_INF_TTU_QUERY_FORM', { formName: 'NOSUCH' })).name, 'WFS_ERR_TTU_FORMNOTFOUND');
  t.equal((await s.getInfo('WFS_INF_TTU_QUERY_FORM', { formName: 'BROKEN' })).name, 'WFS_ERR_TTU_FORMINVALID');
  t.equal((await s.getInfo('WFS_INF_TTU_QUERY_FIELD', { formName: 'WELCOME', fieldName: 'NOSUCH' })).name, 'WFS_ERR_TTU_FIELDNOTFOUND');
  t.equal((await s.getInfo('WFS_INF_TTU_QUERY_FIELD', { formName: 'LEGACY', fieldName: 'OLD' })).name, 'WFS_ERR_TTU_FIELDINVALID');
  t.equal((await s.getInfo('WFS_INF_TTU_QUERY_FORM', { formName: 'A=B' })).origin, 'gateway', 'a name with = never reaches the device');
  await s.close();
  const old = await openTtu(m, newTerminal('3.00'));
  const h0 = await old.getInfo('WFS_INF_TTU_QUERY_FORM', { formName: 'WELCOME' });
  t.equal(h0.data!.languageId, undefined, '3.00 header ends at lpszFields');
  t.same(h0.data!.fields, ['TITLE', 'GREETING', 'NAME', 'FOOTER']);
  const f0 = await old.getInfo('WFS_INF_TTU_QUERY_FIELD', { formName: 'WELCOME', fieldName: 'TITLE' });
  t.same(f0.data, [{ fieldName: 'TITLE', type: 0, class: 1, access: 2, overflow: 0, format: '' }]);
  await old.close();
  await done();
});

t.test('write form: fields at their places, warnings go on, errors stop before anything is drawn', async (t) => {
  const { m, done } = await startManager(t);
  const name = newTerminal('3.20');
  const s = await openTtu(m, name);
  const failures: Array<[string, TtuFieldFailure]> = [];
  const onEvent = (e: { name: string; data?: unknown }): void => { failures.push([e.name, e.data as TtuFieldFailure]); };
  const ok = await s.execute('WFS_CMD_TTU_WRITE_FORM', { formName: 'WELCOME', clearScreen: true, fields: { GREETING: 'GOOD MORNING', NAME: 'ALEXANDRA MILLER', FOOTER: 'PLEASE WAIT', COLOUR: 'RED' } }, { onEvent });
  t.ok(ok.ok, ok.name);
  t.same(sim.ttuScreen(name), ['SIMULATED BANK' + blank(6), 'GOOD MORNING' + blank(8), 'ALEXANDRA MI' + blank(8), 'PLEASE WAIT' + blank(9)],
    'static text, fields, NAME truncated to 12, FOOTER (overwrite) printed past its 8');
  t.same(failures, [
    ['WFS_EXEE_TTU_FIELDWARNING', { formName: 'WELCOME', fieldName: 'NAME', failure: 2 }],
    ['WFS_EXEE_TTU_FIELDWARNING', { formName: 'WELCOME', fieldName: 'COLOUR', failure: 3 }],
  ]);
  failures.length = 0;
  const bad = await s.execute('WFS_CMD_TTU_WRITE_FORM', { formName: 'WELCOME', clearScreen: true, fields: { TITLE: 'X', NAME: 'BOB' } }, { onEvent });
  t.equal(bad.name, 'WFS_ERR_TTU_FIELDERROR');
  t.same(failures, [
    ['WFS_EXEE_TTU_FIELDERROR', { formName: 'WELCOME', fieldName: 'TITLE', failure: 1 }],
    ['WFS_EXEE_TTU_FIELDERROR', { formName: 'WELCOME', fieldName: 'GREETING', failure: 0 }],
  ], 'a static field written and a required one missing');
  t.equal(sim.ttuScreen(name)[1], 'GOOD MORNING' + blank(8), 'nothing drawn');
  failures.length = 0;
  t.equal((await s.execute('WFS_CMD_TTU_WRITE_FORM', { formName: 'WELCOME', clearScreen: false, fields: { GREETING: 'X'.repeat(21) } }, { onEvent })).name, 'WFS_ERR_TTU_FIELDERROR');
  t.same(failures, [['WFS_EXEE_TTU_FIELDERROR', { formName: 'WELCOME', fieldName: 'GREETING', failure: 2 }]], 'overflow of a terminate field');
  t.equal((await s.execute('WFS_CMD_TTU_WRITE_FORM', { formName: 'AMOUNT', clearScreen: false, fields: { AMOUNT: '1' } })).name, 'WFS_ERR_TTU_FIELDERROR', 'a read-only field');
  t.equal((await s.execute('WFS_CMD_TTU_WRITE_FORM', { formName: 'WIDE', clearScreen: false, fields: {} })).name, 'WFS_ERR_TTU_MEDIAOVERFLOW', '40x16 on 20x4');
  t.equal((await s.execute('WFS_CMD_TTU_WRITE_FORM', { formName: 'NOSUCH', clearScreen: false, fields: {} })).name, 'WFS_ERR_TTU_FORMNOTFOUND');
  t.equal((await s.execute('WFS_CMD_TTU_WRITE_FORM', { formName: 'BROKEN', clearScreen: false, fields: {} })).name, 'WFS_ERR_TTU_FORMINVALID');
  t.equal((await s.execute('WFS_CMD_TTU_WRITE_FORM', { formName: 'WELCOME', clearScreen: false, fields: { GREETING: 'caf\u00e9' } })).origin, 'gateway');
  t.ok((await s.execute('WFS_CMD_TTU_SET_RESOLUTION', { sizeX: 40, sizeY: 16 })).ok);
  t.ok((await s.execute('WFS_CMD_TTU_WRITE_FORM', { formName: 'WIDE', clearScreen: true, fields: { LINE: 'FORTY COLUMNS' } })).ok, 'fits at 40x16');
  t.equal(sim.ttuScreen(name)[0], 'FORTY COLUMNS' + blank(27));
  await s.close();
  await done();
});

t.test('read form: fields filled in turn, password echo, required fields, keys defined on 3.20, not on 3.00', async (t) => {
  const { m, done } = await startManager(t);
  const name = newTerminal('3.30');
  const s = await openTtu(m, name);
  const keys: TtuKey[] = [];
  const onEvent = (e: { name: string; data?: unknown }): void => { if (e.name === 'WFS_EXEE_TTU_KEY') keys.push(e.data as TtuKey); };
  const all = s.execute('WFS_CMD_TTU_READ_FORM', { formName: 'AMOUNT' }, { onEvent });
  await untilPending(name);
  sim.ttuPressKeys(name, ['123456', '9', TTU_CK.ENTER, 'HELLO', TTU_CK.ENTER]);   // AMOUNT ends when full; 9 starts CODE
  const r = await all;
  t.ok(r.ok, r.name);
  t.same(r.data, { AMOUNT: '123456', CODE: '9', HINT: 'HELLO' });
  t.equal(keys.length, 14, 'one key event per accepted key');
  t.same(sim.ttuScreen(name).slice(0, 4), ['ENTER AMOUNT' + blank(8), '123456' + blank(14), '*' + blank(19), 'HELLO' + blank(15)]);

  t.ok((await s.execute('WFS_CMD_TTU_DEFINE_KEYS', { activeKeys: '0123456789', activeCommandKeys: [TTU_CK.BACKSPACE], terminateCommandKeys: [TTU_CK.ENTER, TTU_CK.CANCEL] })).ok);
  const some = s.execute('WFS_CMD_TTU_READ_FORM', { formName: 'AMOUNT', fieldNames: ['CODE'] });
  await untilPending(name);
  sim.ttuPressKeys(name, ['4A2', TTU_CK.CLEAR, '77', TTU_CK.ENTER]);   // A and CLEAR are not active
  t.same((await some).data, { CODE: '4277' }, 'only the named field; keys outside the defined set ignored');
  const canceled = s.execute('WFS_CMD_TTU_READ_FORM', { formName: 'AMOUNT' });
  await untilPending(name);
  sim.ttuPressKeys(name, ['1', TTU_CK.CANCEL]);
  t.equal((await canceled).name, 'WFS_ERR_TTU_KEYCANCELED');
  const empty = s.execute('WFS_CMD_TTU_READ_FORM', { formName: 'AMOUNT', fieldNames: ['AMOUNT'] });
  await untilPending(name);
  sim.ttuPressKeys(name, [TTU_CK.ENTER]);
  t.equal((await empty).name, 'WFS_ERR_TTU_FIELDERROR', 'a required field left empty');
  t.equal((await s.execute('WFS_CMD_TTU_READ_FORM', { formName: 'WELCOME', fieldNames: ['NAME'] })).name, 'WFS_ERR_TTU_FIELDERROR', 'a write-only field');
  t.equal((await s.execute('WFS_CMD_TTU_DEFINE_KEYS', { activeKeys: 'a', activeCommandKeys: [], terminateCommandKeys: [] })).name, 'WFS_ERR_TTU_KEYNOTSUPPORTED');
  t.equal((await s.execute('WFS_CMD_TTU_DEFINE_KEYS', { activeKeys: '', activeCommandKeys: [], terminateCommandKeys: [] })).name, 'WFS_ERR_TTU_NOACTIVEKEYS');
  await s.close();
  const old = await openTtu(m, newTerminal('3.00'));
  t.equal((await old.execute('WFS_CMD_TTU_DEFINE_KEYS', { activeKeys: '1', activeCommandKeys: [], terminateCommandKeys: [] })).name, 'WFS_ERR_UNSUPP_COMMAND', '3.00 has no DEFINE_KEYS');
  await old.close();
  await done();
});
