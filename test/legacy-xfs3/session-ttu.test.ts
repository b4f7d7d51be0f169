// The TTU class through the real FFI path: status, capabilities and key detail on 3.30 and 3.00
// layouts, writing text and reading the simulated screen back, clear (area and whole), beep,
// resolutions, reading typed keys with key events (echo, password, backspace, cancel), reset,
// injected errors, and input the gateway refuses before it reaches the device.
import t from 'tap';
import { TTU_CK } from '../../src/legacy-xfs3/codec-ttu.ts';
import type { TtuExecuteMap, TtuInfoMap, TtuKey, TtuRead } from '../../src/legacy-xfs3/ttu-types.ts';
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
  t.equal(caps.data!.forms, false);
  t.equal(caps.data!.charSupport, 1);
  t.equal(caps.data!.powerSaveControl, false);
  t.same(caps.data!.synchronizableCommands, []);
  const kd = await s.getInfo('WFS_INF_TTU_KEY_DETAIL', undefined);
  t.equal(kd.data!.keys, '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ .');
  t.same(kd.data!.commandKeys, [1, 2, 3, 4, 24, 25, 26, 27]);
  t.same((await s.getInfo('WFS_INF_TTU_FORM_LIST', undefined)).data, []);
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
  t.equal((await canceled).name, 'WFS_ERR_TTU_KEYCANCELED');

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
