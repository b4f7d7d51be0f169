// The PIN class's key check values, digests and MACs through the real FFI path, checked against
// published values, not against the simulator: the KCV of the ANSI X9.24 test key
// 0123456789ABCDEFFEDCBA9876543210 (08D7B4), FIPS 180-4's SHA-1 and SHA-256 examples, FIPS 81's DES
// CBC example as a CBC-MAC, and an X9.19 retail MAC computed independently with OpenSSL (node's
// des-ede-ecb, single DES as EDE with K1 = K2); plus MAINTAIN_PIN, KEYPRESS_BEEP (3.20), the PCI PTS
// device id (3.20), ILLEGAL_KEY_ACCESS on a key used against its use, and what 3.00 refuses.
import t from 'tap';
import { createCipheriv, createDecipheriv } from 'node:crypto';
import type { LegacyXfsManager } from '../../src/legacy-xfs3/manager.ts';
import { PIN_ALGORITHM, PIN_FK, PIN_FORMAT, PIN_MODE, PIN_USE } from '../../src/legacy-xfs3/pin/codec.ts';
import type { PinExecuteMap, PinInfoMap } from '../../src/legacy-xfs3/pin/types.ts';
import type { XfsSession } from '../../src/legacy-xfs3/types.ts';
import { recorder, sim, startManager, untilPending } from './helpers.ts';

let seq = 0;
function newPin(version = '3.30'): string {
  const name = `PINV-${process.pid}-${++seq}`;
  sim.addService(name, 'PIN', version);
  return name;
}
const openPin = (m: LegacyXfsManager, name: string): Promise<XfsSession<PinExecuteMap, PinInfoMap>> =>
  m.open<PinExecuteMap, PinInfoMap>(name, { low: '3.00', high: '3.30' }, { serviceClass: 'PIN' });
const hex = (s: string): Buffer => Buffer.from(s, 'hex');

/** Single DES block encrypt/decrypt through OpenSSL's two-key EDE with K1 = K2. */
function des(key: Buffer, block: Buffer, encrypt: boolean): Buffer {
  const k = Buffer.concat([key, key]);
  const c = encrypt ? createCipheriv('des-ede-ecb', k, null) : createDecipheriv('des-ede-ecb', k, null);
  c.setAutoPadding(false);
  return Buffer.concat([c.update(block), c.final()]);
}
/** ANSI X9.19: DES CBC-MAC with K1 (zero IV), the last block decrypted with K2 and encrypted with K1. */
function retailMac(key: Buffer, data: Buffer): Buffer {
  let chain: Buffer = Buffer.alloc(8);
  for (let i = 0; i < data.length; i += 8) chain = des(key.subarray(0, 8), Buffer.from(data.subarray(i, i + 8).map((b, j) => b ^ chain[j])), true);
  return des(key.subarray(0, 8), des(key.subarray(8, 16), chain, false), true);
}

t.test('published vectors: KCV of the X9.24 test key, SHA-1 and SHA-256, a DES CBC-MAC and an X9.19 MAC', async (t) => {
  const { m, done } = await startManager(t);
  const s = await openPin(m, newPin());
  const caps = await s.getInfo('WFS_INF_PIN_CAPABILITIES', undefined);
  t.equal(caps.data!.algorithms & (PIN_ALGORITHM.DESMAC | PIN_ALGORITHM.TRIDESMAC), PIN_ALGORITHM.DESMAC | PIN_ALGORITHM.TRIDESMAC, 'MAC algorithms offered');
  t.equal(caps.data!.keyCheckModes, 3, 'KCVSELF and KCVZERO');

  const kcv = await s.execute('WFS_CMD_PIN_GENERATE_KCV', { key: 'PinKey1', keyCheckMode: 2 });
  t.ok(kcv.ok, kcv.name);
  t.equal(kcv.data!.toString('hex').toUpperCase(), '08D7B4', 'KCVZERO of 0123456789ABCDEFFEDCBA9876543210 (the X9.24 test BDK): 08D7B4');
  const self = await s.execute('WFS_CMD_PIN_GENERATE_KCV', { key: 'PinKey1', keyCheckMode: 1 });
  const k = hex('0123456789ABCDEFFEDCBA9876543210');
  const ede = createCipheriv('des-ede-ecb', k, null);
  ede.setAutoPadding(false);
  t.same(self.data, Buffer.concat([ede.update(k.subarray(0, 8)), ede.final()]), 'KCVSELF: the key\'s first 8 bytes under the key (OpenSSL)');
  t.equal((await s.execute('WFS_CMD_PIN_GENERATE_KCV', { key: 'PinKey1', keyCheckMode: 4 })).name, 'WFS_ERR_PIN_MODENOTSUPPORTED');
  t.equal((await s.execute('WFS_CMD_PIN_GENERATE_KCV', { key: 'NoSuchKey', keyCheckMode: 2 })).name, 'WFS_ERR_PIN_KEYNOTFOUND');

  const abc = Buffer.from('abc');
  const long = Buffer.from('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq');
  const digest = async (alg: number, data: Buffer): Promise<string> => (await s.execute('WFS_CMD_PIN_DIGEST', { hashAlgorithm: alg, data })).data!.toString('hex');
  t.equal(await digest(1, abc), 'a9993e364706816aba3e25717850c26c9cd0d89d', 'FIPS 180-4 SHA-1("abc")');
  t.equal(await digest(1, long), '84983e441c3bd26ebaae4aa1f95129e5e54670f1', 'FIPS 180-4 SHA-1 two-block example');
  t.equal(await digest(2, abc), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad', 'FIPS 180-4 SHA-256("abc")');
  t.equal(await digest(2, long), '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1', 'FIPS 180-4 SHA-256 two-block example');
  t.equal(await digest(2, Buffer.alloc(0)), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', 'SHA-256 of nothing');
  t.equal((await s.execute('WFS_CMD_PIN_DIGEST', { hashAlgorithm: 4, data: abc })).name, 'WFS_ERR_PIN_ALGORITHMNOTSUPP');

  // FIPS 81 Appendix C: DES CBC, key 0123456789ABCDEF, IV 1234567890ABCDEF, "Now is the time for all "
  // -> last cipher block 683788499A7C05F6, which is the CBC-MAC (X9.9) of that text with that IV.
  t.ok((await s.execute('WFS_CMD_PIN_IMPORT_KEY', { key: 'MacKey8', value: hex('0123456789ABCDEF'), use: PIN_USE.MACING })).ok);
  const fips81 = await s.execute('WFS_CMD_PIN_CRYPT', {
    mode: PIN_MODE.ENCRYPT, key: 'MacKey8', algorithm: PIN_ALGORITHM.DESMAC, startValue: hex('1234567890ABCDEF'), padding: 0, data: Buffer.from('Now is the time for all '),
  });
  t.ok(fips81.ok, fips81.name);
  t.equal(fips81.data!.toString('hex').toUpperCase(), '683788499A7C05F6', 'FIPS 81 CBC example as a DES MAC');
  const text = Buffer.from('Now is the time for all ');
  const x919 = await s.execute('WFS_CMD_PIN_CRYPT', { mode: PIN_MODE.ENCRYPT, key: 'DataKey1', algorithm: PIN_ALGORITHM.TRIDESMAC, padding: 0, data: text });
  t.same(x919.data, retailMac(hex('89ABCDEF0123456776543210FEDCBA98'), text), 'X9.19 retail MAC as OpenSSL computes it');
  const padded = await s.execute('WFS_CMD_PIN_CRYPT', { mode: PIN_MODE.ENCRYPT, key: 'DataKey1', algorithm: PIN_ALGORITHM.TRIDESMAC, padding: 0, data: Buffer.from('12345') });
  t.same(padded.data, retailMac(hex('89ABCDEF0123456776543210FEDCBA98'), Buffer.concat([Buffer.from('12345'), Buffer.alloc(3)])), 'a short last block padded with bPadding');
  t.equal((await s.execute('WFS_CMD_PIN_CRYPT', { mode: PIN_MODE.DECRYPT, key: 'DataKey1', algorithm: PIN_ALGORITHM.TRIDESMAC, padding: 0, data: text })).name, 'WFS_ERR_PIN_MODENOTSUPPORTED');

  const illegal = recorder(s).next('WFS_SRVE_PIN_ILLEGAL_KEY_ACCESS');
  t.equal((await s.execute('WFS_CMD_PIN_CRYPT', { mode: PIN_MODE.ENCRYPT, key: 'PinKey1', algorithm: PIN_ALGORITHM.TRIDESMAC, padding: 0, data: text })).name, 'WFS_ERR_PIN_USEVIOLATION', 'a PIN key is no MAC key');
  t.same((await illegal).data, { keyName: 'PinKey1', errorCode: -407 }, 'ILLEGAL_KEY_ACCESS names the key and the error');
  await s.close();
  await done();
});

t.test('MAINTAIN_PIN keeps the PIN for a second PIN block; KEYPRESS_BEEP; the PCI PTS id; 3.00 has none of them', async (t) => {
  const { m, done } = await startManager(t);
  const name = newPin('3.20');
  const s = await openPin(m, name);
  const st0 = await s.getInfo('WFS_INF_PIN_STATUS', undefined);
  t.equal(st0.data!.autoBeepMode, 0);
  t.ok((await s.execute('WFS_CMD_PIN_KEYPRESS_BEEP', { mode: 3 })).ok);
  t.equal((await s.getInfo('WFS_INF_PIN_STATUS', undefined)).data!.autoBeepMode, 3, 'beep on active and inactive keys');
  t.equal((await s.execute('WFS_CMD_PIN_KEYPRESS_BEEP', { mode: 4 })).name, 'WFS_ERR_INVALID_DATA');
  const caps = await s.getInfo('WFS_INF_PIN_CAPABILITIES', undefined);
  t.equal(caps.data!.pinCanPersistAfterUse, true);
  t.equal(caps.data!.autoBeep, 0xf, 'both beeps available and selectable');
  const id = await s.getInfo('WFS_INF_PIN_QUERY_PCIPTS_DEVICE_ID', undefined);
  t.same(id.data, { manufacturerIdentifier: 'xfs4iot-gateway simulator', modelIdentifier: 'SIM-EPP-1', hardwareIdentifier: 'HW-1.0', firmwareIdentifier: 'FW-3.30', applicationIdentifier: 'APP-1.0' });

  t.ok((await s.execute('WFS_CMD_PIN_MAINTAIN_PIN', { maintainPin: true })).ok);
  const entry = s.execute('WFS_CMD_PIN_GET_PIN', { minLen: 4, maxLen: 6, autoEnd: false, activeKeys: 0x3ff | PIN_FK.ENTER, terminateKeys: PIN_FK.ENTER });
  await untilPending(name);
  sim.pressKeys(name, '1234E');
  t.ok((await entry).ok);
  const block = { customerData: '4000001234562000', padding: 0xf, format: PIN_FORMAT.ISO0, key: 'PinKey1' };
  const first = await s.execute('WFS_CMD_PIN_GET_PINBLOCK', block);
  const second = await s.execute('WFS_CMD_PIN_GET_PINBLOCK', block);
  t.ok(first.ok && second.ok, 'the PIN outlives its first PIN block');
  t.same(first.data, second.data);
  t.ok((await s.execute('WFS_CMD_PIN_MAINTAIN_PIN', { maintainPin: false })).ok);
  t.equal((await s.execute('WFS_CMD_PIN_GET_PINBLOCK', block)).name, 'WFS_ERR_PIN_NOPIN', 'cleared when maintenance ends');
  await s.close();

  const old = await openPin(m, newPin('3.00'));
  t.equal((await old.execute('WFS_CMD_PIN_MAINTAIN_PIN', { maintainPin: true })).name, 'WFS_ERR_UNSUPP_COMMAND');
  t.equal((await old.execute('WFS_CMD_PIN_KEYPRESS_BEEP', { mode: 1 })).name, 'WFS_ERR_UNSUPP_COMMAND');
  t.equal((await old.getInfo('WFS_INF_PIN_QUERY_PCIPTS_DEVICE_ID', undefined)).name, 'WFS_ERR_UNSUPP_CATEGORY');
  t.equal((await old.execute('WFS_CMD_PIN_GENERATE_KCV', { key: 'PinKey1', keyCheckMode: 2 })).data!.toString('hex').toUpperCase(), '08D7B4', 'KCV and digest are 3.0x commands');
  await old.close();
  await done();
});

/** Three-key triple DES, CBC, no padding (OpenSSL). */
function tdesCbc(key: Buffer, iv: Buffer, data: Buffer): Buffer {
  const c = createCipheriv('des-ede3-cbc', key, iv);
  c.setAutoPadding(false);
  return Buffer.concat([c.update(data), c.final()]);
}

t.test('DERIVE_KEY (ZKA): the derived key is the input under the key generating key, checked by its KCV', async (t) => {
  const { m, done } = await startManager(t);
  const name = newPin();
  const s = await openPin(m, name);
  t.equal((await s.getInfo('WFS_INF_PIN_CAPABILITIES', undefined)).data!.derivationAlgorithms, 1, 'WFS_PIN_CHIP_ZKA');
  // NIST SP 800-67's triple-DES example key and plaintext: its first ciphertext block is A826FD8CE53B855F.
  const kgk = hex('0123456789ABCDEF23456789ABCDEF01456789ABCDEF0123');
  t.ok((await s.execute('WFS_CMD_PIN_IMPORT_KEY', { key: 'Kgk', value: kgk, use: PIN_USE.FUNCTION })).ok);
  const derived = await s.execute('WFS_CMD_PIN_DERIVE_KEY', { algorithm: 1, key: 'Derived', keyGenKey: 'Kgk', padding: 0, inputData: Buffer.from('The qufc') });
  t.ok(derived.ok, derived.name);
  const kcv = await s.execute('WFS_CMD_PIN_GENERATE_KCV', { key: 'Derived', keyCheckMode: 2 });
  t.same(kcv.data, des(hex('A826FD8CE53B855F'), Buffer.alloc(8), true).subarray(0, 3), 'KCV of the published first block A826FD8CE53B855F');

  // Two blocks (a double-length key), padded with 0xFF, under an IV that a start value key encrypts.
  t.ok((await s.execute('WFS_CMD_PIN_IMPORT_KEY', { key: 'IvKey', value: hex('89ABCDEF0123456776543210FEDCBA98'), use: PIN_USE.CRYPT })).ok);
  const iv = hex('1122334455667788');
  const encryptedIv = Buffer.from(createCipheriv('des-ede-ecb', hex('89ABCDEF0123456776543210FEDCBA98'), null).setAutoPadding(false).update(iv));
  const input = Buffer.from('4000001234562');
  t.ok((await s.execute('WFS_CMD_PIN_DERIVE_KEY', { algorithm: 1, key: 'Derived2', keyGenKey: 'Kgk', startValueKey: 'IvKey', startValue: encryptedIv, padding: 0xff, inputData: input })).ok);
  const expected = tdesCbc(kgk, iv, Buffer.concat([input, Buffer.alloc(3, 0xff)]));
  const ede = createCipheriv('des-ede-ecb', expected, null);
  ede.setAutoPadding(false);
  t.same((await s.execute('WFS_CMD_PIN_GENERATE_KCV', { key: 'Derived2', keyCheckMode: 2 })).data, ede.update(Buffer.alloc(8)).subarray(0, 3), 'KCV of the CBC derivation (OpenSSL)');

  t.equal((await s.execute('WFS_CMD_PIN_DERIVE_KEY', { algorithm: 2, key: 'X', keyGenKey: 'Kgk', padding: 0, inputData: Buffer.from('12345678') })).name, 'WFS_ERR_PIN_ALGORITHMNOTSUPP');
  t.equal((await s.execute('WFS_CMD_PIN_DERIVE_KEY', { algorithm: 1, key: 'X', keyGenKey: 'IvKey', padding: 0, inputData: Buffer.from('12345678') })).name, 'WFS_ERR_PIN_USEVIOLATION', 'a crypt key generates no keys');
  t.equal((await s.execute('WFS_CMD_PIN_DERIVE_KEY', { algorithm: 1, key: 'X', keyGenKey: 'Nope', padding: 0, inputData: Buffer.from('12345678') })).name, 'WFS_ERR_PIN_KEYNOTFOUND');
  await s.close();
  await done();
});

/** IBM 3624 natural PIN (OpenSSL): validation data padded to 16 hex digits, encrypted, decimalised. */
function naturalPin(pvk: Buffer, validation: string, padding: string, table: string, length: number): string {
  const c = createCipheriv('des-ede-ecb', pvk, null);
  c.setAutoPadding(false);
  const hexDigits = c.update(Buffer.from(validation.padEnd(16, padding), 'hex')).toString('hex').toUpperCase();
  return [...hexDigits.slice(0, length)].map((h) => table[Number.parseInt(h, 16)]).join('');
}

t.test('LOCAL_DES: IBM 3624 verification of the entered PIN against the natural PIN and offset', async (t) => {
  const { m, done } = await startManager(t);
  const name = newPin();
  const s = await openPin(m, name);
  const table = '0123456789012345';
  const natural = naturalPin(hex('0123456789ABCDEFFEDCBA9876543210'), '4000001234562000', 'F', table, 4);
  const offset = [...'1234'].map((d, i) => String((Number(d) - Number(natural[i]) + 10) % 10)).join('');
  const verify = async (off: string) => {
    const entry = s.execute('WFS_CMD_PIN_GET_PIN', { minLen: 4, maxLen: 6, autoEnd: false, activeKeys: 0x3ff | PIN_FK.ENTER, terminateKeys: PIN_FK.ENTER });
    await untilPending(name);
    sim.pressKeys(name, '1234E');
    t.ok((await entry).ok);
    return s.execute('WFS_CMD_PIN_LOCAL_DES', { validationData: '4000001234562000', offset: off, padding: 0xf, maxPin: 6, valDigits: 16, noLeadingZero: false, key: 'PinKey1', decTable: table });
  };
  const good = await verify(offset);
  t.equal(good.ok && good.data, true, `PIN 1234 = natural ${natural} + offset ${offset} (computed with OpenSSL)`);
  const wrong = offset.replace(/^./, (d) => String((Number(d) + 1) % 10));
  const bad = await verify(wrong);
  t.equal(bad.ok && bad.data, false, 'another offset: the PIN does not verify');
  t.equal((await s.execute('WFS_CMD_PIN_LOCAL_DES', { validationData: '4000001234562000', offset, padding: 0xf, maxPin: 6, valDigits: 16, noLeadingZero: false, key: 'PinKey1', decTable: table })).name,
    'WFS_ERR_PIN_NOPIN', 'each verification uses up the entered PIN');
  t.equal((await s.execute('WFS_CMD_PIN_LOCAL_DES', { validationData: '4000001234562000', offset, padding: 0xf, maxPin: 6, valDigits: 16, noLeadingZero: false, key: 'DataKey1', decTable: table })).name,
    'WFS_ERR_PIN_USEVIOLATION', 'a data key is no PIN verification key');
  await s.close();
  await done();
});
