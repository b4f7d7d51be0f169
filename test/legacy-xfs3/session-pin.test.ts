// The PIN class through the real FFI path into the simulated encrypting PIN pad: status and
// capabilities on 3.30, 3.20 and 3.00 layouts, key details (with the 3.20 key block header), PIN entry with key events that never carry a
// digit, data entry, an ISO 9564 format 0 PIN block checked against node's own triple DES, key import
// (clear and under a key-encryption key), encryption, random numbers, initialization and errors.
import t from 'tap';
import { createCipheriv, createDecipheriv } from 'node:crypto';
import type { LegacyXfsManager } from '../../src/legacy-xfs3/manager.ts';
import { PIN_ALGORITHM, PIN_FK, PIN_FORMAT, PIN_MODE, PIN_USE } from '../../src/legacy-xfs3/pin/codec.ts';
import type { PinExecuteMap, PinInfoMap } from '../../src/legacy-xfs3/pin/types.ts';
import type { XfsSession } from '../../src/legacy-xfs3/types.ts';
import { runConsoleCommand } from '../../src/legacy-xfs3/sim-console.ts';
import { recorder, sim, startManager, untilPending } from './helpers.ts';

let seq = 0;
function newPin(version = '3.30'): string {
  const name = `PIN-${process.pid}-${++seq}`;
  sim.addService(name, 'PIN', version);
  return name;
}
const openPin = (m: LegacyXfsManager, name: string): Promise<XfsSession<PinExecuteMap, PinInfoMap>> =>
  m.open<PinExecuteMap, PinInfoMap>(name, { low: '3.00', high: '3.30' }, { serviceClass: 'PIN' });

const DIGITS = 0x3ff;
const pinEntry = { minLen: 4, maxLen: 6, autoEnd: false, activeKeys: DIGITS | PIN_FK.ENTER | PIN_FK.CANCEL | PIN_FK.CLEAR | PIN_FK.BACKSPACE, terminateKeys: PIN_FK.ENTER | PIN_FK.CANCEL };
const PIN_KEY = Buffer.from('0123456789ABCDEFFEDCBA9876543210', 'hex');

function tdesEcb(key: Buffer, data: Buffer, encrypt = true): Buffer {
  const algorithm = key.length === 16 ? 'des-ede-ecb' : 'des-ede3-ecb';
  const c = encrypt ? createCipheriv(algorithm, key, null) : createDecipheriv(algorithm, key, null);
  c.setAutoPadding(false);
  return Buffer.concat([c.update(data), c.final()]);
}

function iso0(pin: string, pan12: string): Buffer {
  const field = Buffer.from(`0${pin.length.toString(16)}${pin}`.padEnd(16, 'F'), 'hex');
  const panField = Buffer.from(`0000${pan12}`, 'hex');
  return Buffer.from(field.map((b, i) => b ^ panField[i]!));
}

t.test('status, capabilities, key and function key details on 3.30 and 3.00', async (t) => {
  const { m, done } = await startManager(t);
  const s = await openPin(m, newPin('3.30'));
  const st = await s.getInfo('WFS_INF_PIN_STATUS', undefined);
  t.ok(st.ok, st.name);
  t.equal(st.data!.device, 0);
  t.equal(st.data!.encStat, 0, 'ready');
  t.equal(st.data!.guidLights!.length, 32);
  const caps = await s.getInfo('WFS_INF_PIN_CAPABILITIES', undefined);
  t.equal(caps.data!.class, 4);
  t.equal(caps.data!.pinFormats, PIN_FORMAT.ISO0);
  t.equal(caps.data!.algorithms, 0x2e3, 'DES and 3DES ECB/CBC, DES MAC, 3DES MAC');
  t.equal(caps.data!.desKeyLength, 7);
  t.equal(caps.data!.pinCanPersistAfterUse, true);
  t.same((await s.getInfo('WFS_INF_PIN_KEY_DETAIL', undefined)).data!.map((k) => [k.keyName, k.use, k.loaded]),
    [['PinKey1', 2, true], ['DataKey1', 5, true], ['MasterKey1', 0x20, true]]);
  t.same((await s.getInfo('WFS_INF_PIN_KEY_DETAIL', 'DataKey1')).data!.map((k) => k.keyName), ['DataKey1']);
  t.equal((await s.getInfo('WFS_INF_PIN_KEY_DETAIL', 'Nope')).name, 'WFS_ERR_PIN_KEYNOTFOUND');
  const fk = await s.getInfo('WFS_INF_PIN_FUNCKEY_DETAIL', { fdkMask: 0xffffffff });
  t.same(fk.data, { funcMask: 0x1ffff, fdks: [] });
  await s.close();

  const old = await openPin(m, newPin('3.00'));
  const st0 = await old.getInfo('WFS_INF_PIN_STATUS', undefined);
  t.equal(st0.data!.guidLights, undefined, '3.00 status has no guidance lights');
  t.equal(st0.data!.extra.Model, 'SIM-EPP-1');
  const caps0 = await old.getInfo('WFS_INF_PIN_CAPABILITIES', undefined);
  t.equal(caps0.data!.desKeyLength, undefined);
  t.equal(caps0.data!.keyCheckModes, 3);
  t.equal((await old.getInfo('WFS_INF_PIN_KEY_DETAIL', undefined)).data!.length, 3);
  t.equal((await old.getInfo('WFS_INF_PIN_KEY_DETAIL', 'PinKey1')).data![0]!.keyBlockHeader, undefined, '3.00 key detail has no key block header');
  await old.close();
  await done();
});

t.test('a 3.20 pad: status, capabilities and key details with their 3.20 fields, without the 3.30 ones', async (t) => {
  const { m, done } = await startManager(t);
  // the simulator allocates exactly the negotiated struct, so a 3.30 read of a 3.20 struct would
  // take the bytes of the strings after it for wDESKeyLength and the 3.30 pointers
  const s = await openPin(m, newPin('3.20'));
  t.equal(s.version.text, '3.20');
  const st = await s.getInfo('WFS_INF_PIN_STATUS', undefined);
  t.equal(st.data!.guidLights!.length, 32, 'dwGuidLights');
  t.equal(st.data!.autoBeepMode, 0);
  t.equal(st.data!.certificateState, 1, 'dwCertificateState: WFS_PIN_CERT_PRIMARY, the issuer is its CA');
  t.equal(st.data!.devicePosition, 0);
  t.equal(st.data!.antiFraudModule, 0, 'wAntiFraudModule: the 3.20 status is the 3.30 one');
  const caps = await s.getInfo('WFS_INF_PIN_CAPABILITIES', undefined);
  t.equal(caps.data!.autoBeep, 0xf, 'fwAutoBeep');
  t.equal(caps.data!.hsmVendor, 'SIM-HSM', 'lpsHSMVendor');
  t.equal(caps.data!.antiFraudModule, false, 'bAntiFraudModule, the last 3.20 field');
  t.equal(caps.data!.desKeyLength, undefined, 'wDESKeyLength is 3.30');
  t.equal(caps.data!.synchronizableCommands, undefined);
  t.same((await s.getInfo('WFS_INF_PIN_KEY_DETAIL', undefined)).data!.map((k) => [k.keyName, k.keyBlockHeader]),
    [['PinKey1', 'B0000P0TE01E0000'], ['DataKey1', 'B0000D0TB01E0000'], ['MasterKey1', 'B0000K0TB01E0000']]);
  await s.close();
  await done();
});

t.test('PIN entry: key events never carry a digit; the PIN block is ISO 9564 format 0 under the key', async (t) => {
  const { m, done } = await startManager(t);
  const name = newPin();
  const s = await openPin(m, name);
  const keys: Array<{ completion: number; digit: number }> = [];
  const entry = s.execute('WFS_CMD_PIN_GET_PIN', pinEntry, { onEvent: (e) => { if (e.name === 'WFS_EXEE_PIN_KEY') keys.push(e.data as { completion: number; digit: number }); } });
  await untilPending(name);
  sim.pressKeys(name, '129B34E');   // 1 2 9, backspace, 3 4, enter: PIN 1234
  const done1 = await entry;
  t.ok(done1.ok, done1.name);
  t.same(done1.data, { digits: 4, completion: 1 });
  t.same(keys, [
    { completion: 6, digit: 0 }, { completion: 6, digit: 0 }, { completion: 6, digit: 0 },
    { completion: 8, digit: PIN_FK.BACKSPACE },
    { completion: 6, digit: 0 }, { completion: 6, digit: 0 },
    { completion: 1, digit: PIN_FK.ENTER },
  ]);
  const block = await s.execute('WFS_CMD_PIN_GET_PINBLOCK', { customerData: '400000123456', padding: 0xf, format: PIN_FORMAT.ISO0, key: 'PinKey1' });
  t.ok(block.ok, block.name);
  t.same(block.data, tdesEcb(PIN_KEY, iso0('1234', '400000123456')), 'triple DES of the ISO 0 block');
  t.same(tdesEcb(PIN_KEY, block.data!, false), iso0('1234', '400000123456'));
  const again = await s.execute('WFS_CMD_PIN_GET_PINBLOCK', { customerData: '400000123456', padding: 0xf, format: PIN_FORMAT.ISO0, key: 'PinKey1' });
  t.equal(again.name, 'WFS_ERR_PIN_NOPIN', 'the PIN does not persist after use');

  sim.pressKeys(name, '12E345678E');   // enter below the minimum is ignored; 6 digits max
  const long = await s.execute('WFS_CMD_PIN_GET_PIN', pinEntry);
  t.same(long.data, { digits: 6, completion: 1 });
  t.equal(sim.pendingKeys(name), 0);
  t.equal((await s.execute('WFS_CMD_PIN_GET_PINBLOCK', { customerData: '1', padding: 15, format: PIN_FORMAT.IBM3624, key: 'PinKey1' })).name, 'WFS_ERR_PIN_FORMATNOTSUPP');
  t.equal((await s.execute('WFS_CMD_PIN_GET_PINBLOCK', { customerData: '1', padding: 15, format: PIN_FORMAT.ISO0, key: 'DataKey1' })).name, 'WFS_ERR_PIN_USEVIOLATION');
  t.equal((await s.execute('WFS_CMD_PIN_GET_PINBLOCK', { customerData: '1', padding: 15, format: PIN_FORMAT.ISO0, key: 'Missing' })).name, 'WFS_ERR_PIN_KEYNOTFOUND');

  sim.pressKeys(name, '99C');
  t.same((await s.execute('WFS_CMD_PIN_GET_PIN', pinEntry)).data, { digits: 0, completion: 2 }, 'cancel discards the digits');
  t.equal((await s.execute('WFS_CMD_PIN_GET_PINBLOCK', { customerData: '1', padding: 15, format: PIN_FORMAT.ISO0, key: 'PinKey1' })).name, 'WFS_ERR_PIN_NOPIN');

  sim.pressKeys(name, '1234');
  t.same((await s.execute('WFS_CMD_PIN_GET_PIN', { ...pinEntry, maxLen: 4, autoEnd: true })).data, { digits: 4, completion: 0 }, 'auto end');
  t.equal((await s.execute('WFS_CMD_PIN_GET_PIN', { ...pinEntry, activeKeys: 0 })).name, 'WFS_ERR_PIN_NOACTIVEKEYS');
  t.equal((await s.execute('WFS_CMD_PIN_GET_PIN', { ...pinEntry, terminateKeys: 0 })).name, 'WFS_ERR_PIN_NOTERMINATEKEYS');
  t.equal((await s.execute('WFS_CMD_PIN_GET_PIN', { ...pinEntry, minLen: 8 })).name, 'WFS_ERR_PIN_MINIMUMLENGTH');
  t.equal((await s.execute('WFS_CMD_PIN_GET_PIN', { ...pinEntry, activeKeys: 0x80000000 })).name, 'WFS_ERR_PIN_KEYNOTSUPPORTED');

  const ac = new AbortController();
  const waiting = s.execute('WFS_CMD_PIN_GET_PIN', pinEntry, { signal: ac.signal });
  await untilPending(name);
  ac.abort();
  t.equal((await waiting).name, 'WFS_ERR_CANCELED', 'an entry waiting for keys can be canceled');
  await s.close();
  await done();
});

t.test('data entry reports every key; clear, backspace and enter are keys like any other', async (t) => {
  const { m, done } = await startManager(t);
  const name = newPin('3.00');
  const s = await openPin(m, name);
  const rec = recorder(s);
  sim.pressKeys(name, '5.0E');
  const data = await s.execute('WFS_CMD_PIN_GET_DATA', { maxLen: 10, autoEnd: false, activeKeys: DIGITS | PIN_FK.DECPOINT | PIN_FK.ENTER, terminateKeys: PIN_FK.ENTER });
  t.ok(data.ok, data.name);
  t.same(data.data, { keys: [{ completion: 6, digit: PIN_FK.FIVE }, { completion: 6, digit: PIN_FK.DECPOINT }, { completion: 6, digit: PIN_FK.ZERO }, { completion: 1, digit: PIN_FK.ENTER }], completion: 1 });
  t.equal(rec.events.filter((e) => e.name === 'WFS_EXEE_PIN_KEY').length, 4);
  sim.pressKeys(name, 'H12');   // help is not active: ignored
  const auto = await s.execute('WFS_CMD_PIN_GET_DATA', { maxLen: 2, autoEnd: true, activeKeys: DIGITS, terminateKeys: 0 });
  t.same(auto.data, { keys: [{ completion: 6, digit: PIN_FK.ONE }, { completion: 6, digit: PIN_FK.TWO }], completion: 0 });
  t.throws(() => sim.pressKeys(name, '1X'), /unknown key/);
  await s.close();
  await done();
});

t.test('key import, encryption, random numbers, initialization and reset', async (t) => {
  const { m, done } = await startManager(t);
  const name = newPin();
  const s = await openPin(m, name);
  const rec = recorder(s);
  const key = Buffer.from('00112233445566778899AABBCCDDEEFF', 'hex');
  const imp = await s.execute('WFS_CMD_PIN_IMPORT_KEY', { key: 'MyData', value: key, use: PIN_USE.CRYPT });
  t.ok(imp.ok, imp.name);
  t.same(imp.data, tdesEcb(key, Buffer.alloc(8)).subarray(0, 3), 'the key check value is 3 bytes of zeros encrypted');
  const plain = Buffer.from('Hello PIN pad!!!');
  const enc = await s.execute('WFS_CMD_PIN_CRYPT', { mode: PIN_MODE.ENCRYPT, key: 'MyData', algorithm: PIN_ALGORITHM.TRIDESECB, padding: 0, data: plain });
  t.same(enc.data, tdesEcb(key, plain));
  const dec = await s.execute('WFS_CMD_PIN_CRYPT', { mode: PIN_MODE.DECRYPT, key: 'MyData', algorithm: PIN_ALGORITHM.TRIDESECB, padding: 0, data: enc.data! });
  t.same(dec.data, plain);
  const iv = Buffer.from('0102030405060708', 'hex');
  const cbc = await s.execute('WFS_CMD_PIN_CRYPT', { mode: PIN_MODE.ENCRYPT, key: 'MyData', algorithm: PIN_ALGORITHM.TRIDESCBC, startValue: iv, padding: 0xff, data: Buffer.from('abc') });
  const c = createCipheriv('des-ede-cbc', key, iv);
  c.setAutoPadding(false);
  t.same(cbc.data, Buffer.concat([c.update(Buffer.from('abc\xff\xff\xff\xff\xff', 'latin1')), c.final()]), 'CBC with padding');
  t.equal((await s.execute('WFS_CMD_PIN_CRYPT', { mode: PIN_MODE.ENCRYPT, key: 'PinKey1', algorithm: PIN_ALGORITHM.TRIDESECB, padding: 0, data: plain })).name, 'WFS_ERR_PIN_USEVIOLATION');
  t.equal((await s.execute('WFS_CMD_PIN_CRYPT', { mode: PIN_MODE.ENCRYPT, key: 'MyData', algorithm: 0x4, padding: 0, data: plain })).name, 'WFS_ERR_PIN_ALGORITHMNOTSUPP');
  const rnd = await s.execute('WFS_CMD_PIN_CRYPT', { mode: PIN_MODE.RANDOM, algorithm: 0, padding: 0 });
  t.equal(rnd.data!.length, 8);

  // A PIN key sent encrypted under the master key (key-encryption key).
  const master = Buffer.from('111111111111111122222222222222223333333333333333', 'hex');
  const wrapped = tdesEcb(master, PIN_KEY);
  t.ok((await s.execute('WFS_CMD_PIN_IMPORT_KEY', { key: 'PinKey2', encKey: 'MasterKey1', value: wrapped, use: PIN_USE.FUNCTION })).ok);
  sim.pressKeys(name, '4321E');
  t.ok((await s.execute('WFS_CMD_PIN_GET_PIN', pinEntry)).ok);
  const block = await s.execute('WFS_CMD_PIN_GET_PINBLOCK', { customerData: '000000000001', padding: 15, format: PIN_FORMAT.ISO0, key: 'PinKey2' });
  t.same(block.data, tdesEcb(PIN_KEY, iso0('4321', '000000000001')), 'the unwrapped key made the PIN block');
  t.equal((await s.execute('WFS_CMD_PIN_IMPORT_KEY', { key: 'Bad', value: Buffer.alloc(5), use: PIN_USE.CRYPT })).name, 'WFS_ERR_PIN_INVALIDKEYLENGTH');
  t.equal((await s.execute('WFS_CMD_PIN_IMPORT_KEY', { key: 'Bad', encKey: 'DataKey1', value: Buffer.alloc(16), use: PIN_USE.CRYPT })).name, 'WFS_ERR_PIN_USEVIOLATION');
  t.ok((await s.execute('WFS_CMD_PIN_IMPORT_KEY', { key: 'MyData', use: 0 })).ok, 'use 0 without a value deletes the key');
  t.equal((await s.getInfo('WFS_INF_PIN_KEY_DETAIL', 'MyData')).name, 'WFS_ERR_PIN_KEYNOTFOUND');

  const initialized = rec.next('WFS_SRVE_PIN_INITIALIZED');
  const init = await s.execute('WFS_CMD_PIN_INITIALIZATION', undefined);
  t.ok(init.ok, init.name);
  t.same(init.data, Buffer.from('SIMEPP01'));
  t.same((await initialized).data, { ident: Buffer.from('SIMEPP01'), key: null });
  t.same((await s.getInfo('WFS_INF_PIN_KEY_DETAIL', undefined)).data, [], 'initialization deletes every key');
  t.equal((await s.getInfo('WFS_INF_PIN_STATUS', undefined)).data!.encStat, 5, 'initialized');
  sim.pressKeys(name, '77');
  t.ok((await s.execute('WFS_CMD_PIN_RESET', undefined)).ok);
  t.equal(sim.pendingKeys(name), 0, 'reset forgets keys pressed ahead');
  await s.close();
  await done();
});

t.test('the developer console presses keys on the pin pad', async (t) => {
  const { m, done } = await startManager(t);
  const name = newPin();
  const s = await openPin(m, name);
  t.equal(runConsoleCommand(`keys ${name} 2580E`, sim), `5 key(s) pressed on ${name}`);
  t.same((await s.execute('WFS_CMD_PIN_GET_PIN', pinEntry)).data, { digits: 4, completion: 1 });
  t.match(runConsoleCommand(`keys ${name} 12X`, sim), /^error: .*unknown key/);
  t.equal(sim.pendingKeys(name), 0, 'a line with an unknown key presses nothing');
  t.equal(runConsoleCommand('add PinConsole1 PIN 3.00', sim), 'PinConsole1 added');
  await s.close();
  await done();
});
