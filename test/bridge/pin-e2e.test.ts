// The PIN bridge end to end (the contract suite of class-suite.ts): every case of
// cases/pin-cases.json, every error of pin.json injected into the simulator, a PIN entry canceled by
// Common.Cancel, the seed's pin pad / encryptor queuing example, and a trace-level log that holds no
// PIN block, key, crypto data or PAN digits. Finally every command, event and error entry of pin.json
// must have been used by one of them.
import { X509Certificate, createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import t, { type Test } from 'tap';
import type { JsonObject } from '../../src/xfs4iot/backend.ts';
import type { Message } from '../../src/xfs4iot/client.ts';
import { classSuite } from './class-suite.ts';
import { LogCapture, startClassGateway, waitFor, type TestGateway } from './harness.ts';

type PinSimVersion = 'pin330' | 'pin320' | 'pin300' | 'pin330ets';

const DIGIT_KEYS = new Set(['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine']);
const digitKeys = Object.fromEntries([...DIGIT_KEYS].map((name) => [name, { terminate: false }]));
const hexKeys = { ...digitKeys, ...Object.fromEntries(['a', 'b', 'c', 'd', 'e', 'f'].map((name) => [name, { terminate: false }])) };

// The simulated EPP manufacturer's public key (pair 3 of native/src/sim_pin_rsa_keys.c), as a host
// gets it from the manufacturer, never from the EPP.
const ISSUER = createPublicKey([
  '-----BEGIN PUBLIC KEY-----',
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEApc2KMIBKruEdoGWTrKJv',
  'JoHkv7VtLvJ4E89OQuYlg5EMt8ZhcRhXX+4Is9jDjranzYgX5CINhWii7DrBEEr3',
  'Hqw8YCsuXh4vern3EfuuirYG0/BhdF/nJgLkKapjLv6jnE5Jy8Vg3FianWnkCqmS',
  'E2Qd0TnpivyA4Ph/MnxXJ2S3MJfJgp+eLgZoZJy03qUzNUVzusbAHDXBHgYGRIPv',
  'JpUG1GO663I5lstMU0/QfFqNl985cIOttByNyEmQvHoekFu49K6GV7TEKsD4qV5b',
  'j0CO8VkAGLpnO5Tggrv1q+n4HJYUVJwLeRRvc5SGsbM8W59zuUfMDIYrXiJ1utaz',
  '+wIDAQAB',
  '-----END PUBLIC KEY-----',
].join('\n'));

const suite = classSuite<PinSimVersion>({
  cls: 'PIN',
  mappingFile: 'pin.json',
  casesFile: 'pin-cases.json',
  xfs4iotName: 'pinpad',
  versions: { pin330: '3.30', pin320: '3.20', pin300: '3.00', pin330ets: '3.30' },
  // pin330ets: the 3.30 pad as a touch screen (ETS): it takes DEFINE_LAYOUT and raises WFS_EXEE_PIN_LAYOUT.
  prepare: (sim, name, version) => { if (version === 'pin330ets') sim.pinTouchScreen(name, true); },
  validateOutgoing: false,
  configLogLevel: 'trace',
  simSteps: {
    pressKeys: (step, { gw }) => gw.sim.pressKeys(gw.logicalName, String(step.keys)),
    // A chip card already drawn into the simulated ATM's card reader, its chip powered: what a PIN
    // pad's PRESENT_IDC reaches.
    chipCard: (step, { gw }) => gw.sim.insertCard('CardReader1', { atr: String(step.atr), inside: true }),
  },
  checkCompletion: (t, label, expect, events) => {
    if (!expect.noDigits) return;
    const digits = events.filter((e) => DIGIT_KEYS.has(String(e.payload?.digit)) || /^[a-f]$/.test(String(e.payload?.digit)));
    t.same(digits.map((e) => e.payload), [], `${label}: no KeyEvent names a digit`);
    t.ok(events.length > 0, `${label}: KeyEvents were sent`);
  },
  samplePayloads: {
    'Keyboard.PinEntry': { minLen: 4, maxLen: 6, activeKeys: { ...digitKeys, enter: { terminate: true } } },
    'Keyboard.DataEntry': { maxLen: 6, activeKeys: { ...digitKeys, enter: { terminate: true } } },
    'Keyboard.Reset': undefined,
    'PinPad.GetPinBlock': { customerData: '400000123456', format: 'iso0', key: 'PinKey1' },
    'PinPad.SetPinBlockData': { customerData: '400000123456', format: 'iso0', key: 'PinKey1' },
    'PinPad.Reset': undefined,
    'Crypto.CryptoData': { key: 'DataKey1', data: 'AAAAAAAAAAA=' },
    'Crypto.GenerateRandom': undefined,
    'KeyManagement.ImportKey': { key: 'K1', value: 'ABEiM0RVZneImaq7zN3u/w==' },
    'KeyManagement.DeleteKey': { key: 'PinKey1' },
    'KeyManagement.Initialization': undefined,
    'KeyManagement.Reset': undefined,
    'KeyManagement.GenerateKCV': { key: 'PinKey1', keyCheckMode: 'zero' },
    'PinPad.LocalDES': { validationData: '4000001234562000', key: 'PinKey1', decTable: '0123456789012345' },
    'PinPad.PresentIDC': { chipProtocol: 'chipT0', chipData: 'ACAAgAgk//////////8=', algorithmData: { pinPointer: 6, pinOffset: 0 } },
    'PinPad.LocalVisa': { pan: '001234562001', pvv: '5328', key: 'PinKey1' },
    'KeyManagement.DeriveKey': { key: 'SessionKey', keyGenKey: 'PinKey1', inputData: 'VGhlIHF1ZmM=' },
    'Crypto.GenerateAuthentication': { key: 'DataKey1', data: 'AAAAAAAAAAA=' },
    'Crypto.VerifyAuthentication': { key: 'DataKey1', data: 'AAAAAAAAAAA=', verifyData: 'AAAAAAAAAAA=' },
    'Crypto.Digest': { hashAlgorithm: 'sha256', data: 'YWJj' },
    'PinPad.MaintainPin': { maintainPIN: true },
    'Keyboard.KeypressBeep': { mode: { active: true } },
    'KeyManagement.GenerateRSAKeyPair': { key: 'HostRsa', use: 'rsaPrivateSign' },
    'KeyManagement.ExportRSADeviceSignedItem': { exportItemType: 'deviceId', signatureAlgorithm: 'rsassaPkcs1V15' },
    'KeyManagement.ExportRSAIssuerSignedItem': { exportItemType: 'deviceId' },
    'KeyManagement.GetCertificate': { getCertificate: 'verificationkey' },
    'KeyManagement.StartKeyExchange': undefined,
    'KeyManagement.LoadCertificate': { certificateData: 'MAA=' },
    'KeyManagement.ReplaceCertificate': { replaceCertificate: 'MAA=' },
    'KeyManagement.StartAuthenticate': { command: { initialization: {} } },
    'Keyboard.SecureKeyEntry': { keyLen: 'number32', activeKeys: { ...hexKeys, enter: { terminate: true } } },
    'Keyboard.DefineLayout': { layout: { pin: [{ xPos: 0, yPos: 0, xSize: 300, ySize: 400, keys: [{ xPos: 0, yPos: 0, xSize: 100, ySize: 100, key: 'one' }] }] } },
  },
  errorInjection: { version: 'pin330', executeOnly: true, dedupe: true },
});
const { samplePayloads } = suite;
const startPinGateway = (version: PinSimVersion, log?: LogCapture) => suite.start(version, log);

suite.caseTable();
suite.errorInjection(async (t, gw) => {
  // GetKeyDetail is a query: its error comes from the simulator itself.
  const missing = await gw.client.command('KeyManagement.GetKeyDetail', { keyName: 'NoSuchKey' });
  t.equal(missing.payload?.errorCode, 'keyNotFound');
});

t.test('Common.Cancel ends a PIN entry waiting for the customer', async (t) => {
  const gw = await startPinGateway('pin330');
  t.teardown(() => gw.close());
  const entry = gw.client.send('Keyboard.PinEntry', samplePayloads['Keyboard.PinEntry']);
  await entry.acknowledged;
  await waitFor(() => (gw.sim.pending(gw.logicalName) > 0 ? true : undefined), 3000, 'the GET_PIN on the device');
  gw.sim.pressKeys(gw.logicalName, '12');
  await waitFor(() => (entry.events.filter((e) => e.header.name === 'Keyboard.KeyEvent').length === 2 ? true : undefined), 3000, 'two key events');
  const cancel = await gw.client.command('Common.Cancel', { requestIds: [entry.requestId] });
  t.equal(cancel.header.completionCode ?? null, null);
  const done = await entry.completion;
  t.equal(done.header.completionCode, 'canceled');
  gw.sim.pressKeys(gw.logicalName, '1234E');
  const again = await gw.client.command('Keyboard.PinEntry', samplePayloads['Keyboard.PinEntry']);
  t.same(again.payload, { digits: 4, completion: 'enter' }, 'the pad takes a new PIN entry after the cancel');
});

/** DataEntry, CryptoData, PinEntry, GenerateRandom sent at once; the order of their completions. */
async function queuingExample(t: Test, gw: TestGateway, beside: boolean): Promise<string[]> {
  const order: string[] = [];
  const track = (name: string, pending: { completion: Promise<Message> }) => pending.completion.then((m) => { order.push(name); return m; });
  const dataEntry = gw.client.send('Keyboard.DataEntry', samplePayloads['Keyboard.DataEntry']);
  const data = track('DataEntry', dataEntry);
  await dataEntry.acknowledged;
  await waitFor(() => (gw.sim.pending(gw.logicalName) === 1 ? true : undefined), 3000, 'the GET_DATA on the device');
  const crypto = track('CryptoData', gw.client.send('Crypto.CryptoData', samplePayloads['Crypto.CryptoData']));
  const pinEntry = track('PinEntry', gw.client.send('Keyboard.PinEntry', samplePayloads['Keyboard.PinEntry']));
  const random = track('GenerateRandom', gw.client.send('Crypto.GenerateRandom'));
  if (beside) {
    await waitFor(() => (order.length === 2 ? true : undefined), 3000, 'CryptoData and GenerateRandom completed beside the entry');
    t.same(order, ['CryptoData', 'GenerateRandom'], 'both cryptographic commands completed while the customer had not typed');
    t.equal(gw.sim.pending(gw.logicalName), 1, 'only the GET_DATA is on the device; PinEntry is held by the engine (pin pad busy)');
  } else {
    await waitFor(() => (gw.sim.pending(gw.logicalName) === 2 ? true : undefined), 3000, 'DataEntry and CryptoData both handed to the device');
    await new Promise((resolve) => setTimeout(resolve, 50));
    t.equal(gw.sim.pending(gw.logicalName), 2, 'PinEntry (pin pad busy) and GenerateRandom (encryptor busy) are held by the engine');
    t.equal(order.length, 0, 'nothing completed while the customer has not typed');
  }
  gw.sim.pressKeys(gw.logicalName, '7E');
  await data;
  await crypto;
  gw.sim.pressKeys(gw.logicalName, '2468E');
  t.same((await pinEntry).payload, { digits: 4, completion: 'enter' });
  t.equal((await random).header.completionCode ?? null, null);
  return order;
}

t.test('the seed\'s queuing example: entries use the pin pad, cryptography the encryptor, which has a 3.x session of its own', async (t) => {
  // The engine hands CryptoData to the device while DataEntry waits for the customer (other
  // resource) and holds PinEntry back until the pin pad is free. CryptoData and GenerateRandom go
  // to the second 3.x session, which the pad runs beside the GET_DATA.
  const gw = await startPinGateway('pin330');
  t.teardown(() => gw.close());
  t.same(await queuingExample(t, gw, true), ['CryptoData', 'GenerateRandom', 'DataEntry', 'PinEntry']);
});

t.test('with cryptoSession false the same commands share one 3.x session and wait behind the entries', async (t) => {
  // A 3.x service runs one session's requests one at a time: CryptoData waits behind GET_DATA, and
  // GenerateRandom, started by the engine when CryptoData freed the encryptor, behind the GET_PIN
  // that started just before it.
  const gw = await startClassGateway({ cls: 'PIN', xfs3Version: '3.30', xfs4iotName: 'pinpad', validateOutgoing: false, config: { service: { cryptoSession: false } } });
  t.teardown(() => gw.close());
  t.same(await queuingExample(t, gw, false), ['DataEntry', 'CryptoData', 'PinEntry', 'GenerateRandom']);
});

t.test('a trace-level log holds no PIN block, key, crypto data or PAN digits', async (t) => {
  const log = new LogCapture('trace');
  const gw = await startPinGateway('pin330', log);
  t.teardown(() => gw.close());
  const key = 'ABEiM0RVZneImaq7zN3u/w==';
  t.equal((await gw.client.command('KeyManagement.ImportKey', { key: 'LogKey', keyAttributes: { keyUsage: 'D0' }, value: key })).header.completionCode ?? null, null);
  const plain = 'U2VjcmV0IHBheWxvYWQhIQ==';
  const enc = await gw.client.command('Crypto.CryptoData', { key: 'LogKey', data: plain });
  const cipher = String(enc.payload?.data);
  gw.sim.pressKeys(gw.logicalName, '8642E');
  t.same((await gw.client.command('Keyboard.PinEntry', samplePayloads['Keyboard.PinEntry'])).payload, { digits: 4, completion: 'enter' });
  const block = await gw.client.command('PinPad.GetPinBlock', { customerData: '493817265012', format: 'iso0', key: 'PinKey1' });
  const pinBlock = String(block.payload?.pinBlock);
  t.ok(pinBlock.length > 8, 'a PIN block came back');
  t.ok(log.lines.some((line) => line.msg === 'command' && line.name === 'PinPad.GetPinBlock'), 'commands and their payloads are logged');
  t.ok(log.lines.some((line) => line.msg === 'completion' && line.name === 'PinPad.GetPinBlock'), 'completions and their payloads are logged');
  const all = log.raw.join('\n');
  for (const [what, secret] of [['key value (base64)', key], ['key value (hex)', '00112233445566778899aabbccddeeff'], ['plain data', plain], ['cipher data', cipher],
    ['PIN block', pinBlock], ['PAN digits', '493817265012']]) {
    t.notOk(all.toLowerCase().includes(secret.toLowerCase()), `no ${what} in the log`);
  }
  t.notOk(/"digit":"(?:zero|one|two|three|four|five|six|seven|eight|nine)"/.test(all), 'no PIN digit name in the log');
});

t.test('the signed public key a host gets verifies with node:crypto, not with the simulator', async (t) => {
  // The host's side of remote key loading with two-party signatures: it takes the EPP's signing key
  // (exported with signatureAlgorithm na, as a host would get it at manufacture), then checks the
  // generated key's export against it with OpenSSL's RSA (node:crypto), the simulator's C bignum
  // playing no part in the check.
  const gw = await startPinGateway('pin330');
  t.teardown(() => gw.close());
  const pkcs1 = (b64: unknown) => createPublicKey({ key: Buffer.from(String(b64), 'base64'), format: 'der', type: 'pkcs1' });
  const epp = await gw.client.command('KeyManagement.ExportRSADeviceSignedItem', { exportItemType: 'publicKey', name: 'EPPSigKey', signatureAlgorithm: 'na' });
  const eppKey = pkcs1(epp.payload?.value);
  t.same(eppKey.asymmetricKeyDetails, { modulusLength: 2048, publicExponent: 65537n }, 'the EPP signs with RSA-2048, exponent 65537');
  const generated = await gw.client.command('KeyManagement.GenerateRSAKeyPair', { key: 'HostRsa', use: 'rsaPrivateSign', exponentValue: 'exponent16' });
  t.equal(generated.header.completionCode ?? null, null);
  const out = await gw.client.command('KeyManagement.ExportRSADeviceSignedItem', { exportItemType: 'publicKey', name: 'HostRsa', sigKey: 'EPPSigKey', signatureAlgorithm: 'rsassaPkcs1V15' });
  const value = Buffer.from(String(out.payload?.value), 'base64');
  const signature = Buffer.from(String(out.payload?.signature), 'base64');
  const selfSignature = Buffer.from(String(out.payload?.selfSignature), 'base64');
  const hostKey = pkcs1(out.payload?.value);
  t.not(hostKey.export({ format: 'der', type: 'pkcs1' }).toString('hex'), eppKey.export({ format: 'der', type: 'pkcs1' }).toString('hex'), 'a key pair of its own');
  t.ok(verify('sha256', value, eppKey, signature), 'the EPP signature (RSASSA-PKCS1-v1_5, SHA-256) verifies under the EPP key');
  t.ok(verify('sha256', value, hostKey, selfSignature), 'the self-signature verifies under the exported key itself');
  t.notOk(verify('sha256', value, hostKey, signature), 'the EPP signature is not the self-signature');
  const tampered = Buffer.from(value);
  tampered[tampered.length - 1] ^= 1;
  t.notOk(verify('sha256', tampered, eppKey, signature), 'a changed key does not verify');
  const id = await gw.client.command('KeyManagement.ExportRSADeviceSignedItem', { exportItemType: 'deviceId', signatureAlgorithm: 'rsassaPkcs1V15' });
  t.ok(verify('sha256', Buffer.from(String(id.payload?.value), 'base64'), eppKey, Buffer.from(String(id.payload?.signature), 'base64')), 'the signed EPP ID verifies');
});

t.test('the issuer-signed EPP key verifies with node:crypto under the issuer key the host has out of band', async (t) => {
  const gw = await startPinGateway('pin330');
  t.teardown(() => gw.close());
  const payloads: JsonObject[] = [{ exportItemType: 'publicKey', name: 'EPPSigKey' }, { exportItemType: 'deviceId' }];
  for (const payload of payloads) {
    const out = await gw.client.command('KeyManagement.ExportRSAIssuerSignedItem', payload);
    t.equal(out.payload?.rsaSignatureAlgorithm, 'rsassaPkcs1V15');
    const value = Buffer.from(String(out.payload?.value), 'base64');
    t.ok(verify('sha256', value, ISSUER, Buffer.from(String(out.payload?.signature), 'base64')), `the issuer's signature of the ${String(payload.exportItemType)} verifies`);
  }
});

/** DER TLV at offset: tag, start of the contents, end (short and long definite lengths only). */
function tlv(der: Buffer, at: number): { tag: number; start: number; end: number } {
  const first = der[at + 1];
  const lengthBytes = first & 0x80 ? first & 0x7f : 0;
  const length = lengthBytes ? der.subarray(at + 2, at + 2 + lengthBytes).readUIntBE(0, lengthBytes) : first;
  const start = at + 2 + lengthBytes;
  return { tag: der[at], start, end: start + length };
}

/** The first certificate of a PKCS#7 SignedData (RFC 5652: ContentInfo, [0] SignedData, its [0] certificates). */
function firstCertificate(p7: Buffer): Buffer {
  const contentInfo = tlv(p7, 0);
  const oid = tlv(p7, contentInfo.start);
  const explicit = tlv(p7, oid.end);
  const signedData = tlv(p7, explicit.start);
  let at = signedData.start;
  for (;;) {
    const field = tlv(p7, at);
    if (field.tag === 0xa0) return p7.subarray(field.start, tlv(p7, field.start).end);
    if (field.end >= signedData.end) throw new Error('no certificates in the PKCS#7');
    at = field.end;
  }
}

t.test('GetCertificate: the PKCS#7 carries an X.509 certificate of the EPP key, signed by the issuer', async (t) => {
  const gw = await startPinGateway('pin330');
  t.teardown(() => gw.close());
  const got = await gw.client.command('KeyManagement.GetCertificate', { getCertificate: 'verificationkey' });
  const cert = new X509Certificate(firstCertificate(Buffer.from(String(got.payload?.certificate), 'base64')));
  const epp = await gw.client.command('KeyManagement.ExportRSADeviceSignedItem', { exportItemType: 'publicKey', name: 'EPPSigKey', signatureAlgorithm: 'na' });
  const der = (k: KeyObject): string => k.export({ format: 'der', type: 'spki' }).toString('hex');
  t.equal(der(cert.publicKey), der(createPublicKey({ key: Buffer.from(String(epp.payload?.value), 'base64'), format: 'der', type: 'pkcs1' })), 'the certified key is the EPP signing key');
  t.ok(cert.verify(ISSUER), 'the certificate is signed by the issuer');
  t.notOk(cert.verify(cert.publicKey), 'and not by the EPP key itself');
  t.match(cert.subject, /SIMEPP01/);
});

t.test('StartKeyExchange gives an 8-byte random item, a new one each time', async (t) => {
  const gw = await startPinGateway('pin330');
  t.teardown(() => gw.close());
  const items = [];
  for (let i = 0; i < 2; i++) items.push(Buffer.from(String((await gw.client.command('KeyManagement.StartKeyExchange')).payload?.randomItem), 'base64'));
  t.same(items.map((b) => b.length), [8, 8]);
  t.notOk(items[0].equals(items[1]), 'two items differ (a collision has probability 2^-64)');
});

// ---- the certificate scheme: the test PKI of the certificate cases, checked with node:crypto ----

/** The payload of the step of a pin-cases.json case that carries this note. */
function casePayload(id: string, note: string): JsonObject {
  const file = JSON.parse(readFileSync(new URL('./cases/pin-cases.json', import.meta.url), 'utf8')) as { cases: Array<{ id: string; steps: Array<{ note?: string; payload?: JsonObject }> }> };
  const payload = file.cases.find((c) => c.id === id)?.steps.find((step) => step.note === note)?.payload;
  if (!payload) throw new Error(`no step '${note}' in case ${id}`);
  return payload;
}
const CERT_CASE = 'certificates-load-replace-and-authenticate-on-3.30';
const message = (note: string, field = 'certificateData'): Buffer => Buffer.from(String(casePayload(CERT_CASE, note)[field]), 'base64');

/** The TLVs directly inside the constructed element el. */
function children(der: Buffer, el: { start: number; end: number }): Array<{ tag: number; start: number; end: number }> {
  const out = [];
  for (let at = el.start; at < el.end; at = out[out.length - 1].end) out.push(tlv(der, at));
  return out;
}

/** A SignedData's content (the eContent octets) and its first signer's signed attributes (re-tagged as the SET OF that is signed) and signature. */
function signedData(p7: Buffer): { content: Buffer; signedAttributes?: Buffer; signature: Buffer } {
  const contentInfo = tlv(p7, 0);
  const [, explicit] = children(p7, contentInfo);
  const fields = children(p7, tlv(p7, explicit.start));
  const [, wrapped] = children(p7, fields[2]);
  const octets = tlv(p7, wrapped.start);
  const signerInfo = tlv(p7, fields[fields.length - 1].start);
  const parts = children(p7, signerInfo);
  const attributes = parts.find((part) => part.tag === 0xa0);
  const signature = parts[parts.length - 1];
  const whole = attributes ? Buffer.from(p7.subarray(attributes.start - (attributes.end - attributes.start < 128 ? 2 : attributes.end - attributes.start < 256 ? 3 : 4), attributes.end)) : undefined;
  if (whole) whole[0] = 0x31;
  return { content: p7.subarray(octets.start, octets.end), signedAttributes: whole, signature: p7.subarray(signature.start, signature.end) };
}

/** The digest algorithm OID (hex) and digest of a DigestedData (RFC 5652 7). */
function digestedData(p7: Buffer): { type: string; algorithm: string; digest: Buffer } {
  const [type, explicit] = children(p7, tlv(p7, 0));
  const fields = children(p7, tlv(p7, explicit.start));
  const oid = tlv(p7, fields[1].start);
  const digest = fields[fields.length - 1];
  return { type: p7.subarray(type.start, type.end).toString('hex'), algorithm: p7.subarray(oid.start, oid.end).toString('hex'), digest: p7.subarray(digest.start, digest.end) };
}
const pkcs1Sha256 = (cert: X509Certificate): Buffer => createHash('sha256').update(cert.publicKey.export({ format: 'der', type: 'pkcs1' })).digest();
const verifiesSigned = (p7: Buffer, key: KeyObject): boolean => {
  const { content, signedAttributes, signature } = signedData(p7);
  return verify('sha256', signedAttributes ?? content, key, signature);
};

t.test('the certificate cases\' test PKI, checked with node:crypto: what the EPP takes is what OpenSSL verifies', async (t) => {
  const host1 = new X509Certificate(firstCertificate(message('host 1, signed by the CA')));
  const rogue = new X509Certificate(firstCertificate(message('rogue host, self-signed')));
  const byHost1 = message('host 2 in SignedData of host 1 (signed attributes)');
  const byCa = message('host 2 in SignedData of the CA (no signed attributes)');
  const replace = message('the new CA in SignedData of the CA', 'replaceCertificate');
  const replaceRogue = message('the new CA signed by the rogue host: ReplaceCertificate has no signatureInvalid', 'replaceCertificate');
  const newCa = new X509Certificate(firstCertificate(signedData(replace).content));
  const host3 = new X509Certificate(firstCertificate(message('host 3, signed by the new CA')));
  t.ok(host1.verify(ISSUER), 'host 1 (accepted) is certified by the issuer');
  t.notOk(rogue.verify(ISSUER), 'the rogue host (refused: signatureInvalid) is not');
  t.ok(verifiesSigned(byHost1, host1.publicKey) && !verifiesSigned(byHost1, ISSUER), 'the certHost replacement (accepted while host 1 is bound) is signed by host 1, not by the CA');
  t.ok(signedData(byHost1).signedAttributes && !signedData(byCa).signedAttributes, 'one replacement has signed attributes, the other none');
  t.ok(verifiesSigned(byCa, ISSUER), 'the CA replacement is signed by the CA');
  t.ok(verifiesSigned(replace, ISSUER) && !verifiesSigned(replaceRogue, ISSUER), 'the CA replacement (accepted) is signed by the CA, the rogue one (refused) not');
  t.ok(host3.verify(newCa.publicKey) && !host3.verify(ISSUER), 'host 3 (accepted after the replacement) is certified by the new CA, not by the issuer');
  const tampered = Buffer.from(signedData(byCa).content);
  tampered[tampered.length - 10] ^= 1;
  t.notOk(verify('sha256', tampered, ISSUER, signedData(byCa).signature), 'a changed content does not verify (the check can fail)');
});

t.test('LoadCertificate and ReplaceCertificate answer with the SHA-256 thumbprint of the key the EPP took', async (t) => {
  const SHA256 = '608648016503040201';
  const DIGESTED_DATA = '2a864886f70d010705';
  for (const version of ['pin330', 'pin320'] as const) {
    const gw = await startPinGateway(version);
    t.teardown(() => gw.close());
    const p7 = message('host 1, signed by the CA');
    const loaded = await gw.client.command('KeyManagement.LoadCertificate', { certificateData: p7.toString('base64') });
    const answer = digestedData(Buffer.from(String(loaded.payload?.rsaData), 'base64'));
    t.same({ type: answer.type, algorithm: answer.algorithm }, { type: DIGESTED_DATA, algorithm: SHA256 }, `${version}: a DigestedData with SHA-256`);
    t.equal(answer.digest.toString('hex'), pkcs1Sha256(new X509Certificate(firstCertificate(p7))).toString('hex'), `${version}: its digest is node:crypto's SHA-256 of host 1's RSAPublicKey`);
    const replace = message('the new CA in SignedData of the CA', 'replaceCertificate');
    const replaced = await gw.client.command('KeyManagement.ReplaceCertificate', { replaceCertificate: replace.toString('base64') });
    const newCa = new X509Certificate(firstCertificate(signedData(replace).content));
    t.equal(digestedData(Buffer.from(String(replaced.payload?.newCertificateData), 'base64')).digest.toString('hex'), pkcs1Sha256(newCa).toString('hex'), `${version}: ReplaceCertificate's digest is the new CA key's`);
  }
});

t.test('StartAuthenticate: a fresh nonce and the command ID the authority signs', async (t) => {
  const gw = await startPinGateway('pin330');
  t.teardown(() => gw.close());
  const data = async (command: JsonObject): Promise<Buffer> => Buffer.from(String((await gw.client.command('KeyManagement.StartAuthenticate', { command })).payload?.dataToSign), 'base64');
  const init = [await data({ initialization: {} }), await data({ initialization: {} })];
  const del = await data({ deleteKey: { key: 'PinKey1' } });
  t.same(init.map((b) => b.length), [12, 12]);
  t.equal(init[0].readUInt32BE(8), 409, 'WFS_CMD_PIN_INITIALIZATION');
  t.equal(del.readUInt32BE(8), 403, 'WFS_CMD_PIN_IMPORT_KEY (a deletion)');
  t.notOk(init[0].subarray(0, 8).equals(init[1].subarray(0, 8)), 'two nonces differ');
});

t.test('StartAuthenticate signers: the 3.x signer bits and the TR-34 modifier', async (t) => {
  const { signersOf } = await import('../../src/bridge/pin/certificates.ts');
  const on = (bits: number) => Object.entries(signersOf(bits)).filter(([, v]) => v).map(([k]) => k);
  t.same(on(0x2 | 0x4 | 0x8 | 0x10 | 0x20 | 0x40), ['certHost', 'sigHost', 'ca', 'hl', 'cbcmac', 'cmac']);
  t.same(on(0x10000000 | 0x2 | 0x8 | 0x10 | 0x4), ['sigHost', 'certHostTr34', 'caTr34', 'hlTr34']);
  t.same(on(0x20000000 | 0x40000000 | 0x80000000), ['reserved1', 'reserved2', 'reserved3']);
  t.same(on(0x1), [], 'WFS_PIN_SIGNER_NONE has no XFS4IoT flag');
});

t.test('a floating touch frame moves as a whole, inside the screen, from one entry to the next', async (t) => {
  const gw = await startPinGateway('pin330ets');
  t.teardown(() => gw.close());
  const names = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'a', 'b', 'c', 'd', 'e', 'f'];
  const keys = names.map((key, i) => ({ xPos: 10 + (i % 4) * 50, yPos: 10 + Math.floor(i / 4) * 50, xSize: 40, ySize: 40, key }));
  const frame = { xPos: 0, yPos: 0, xSize: 220, ySize: 220, float: { x: true, y: true }, keys };
  t.equal((await gw.client.command('Keyboard.DefineLayout', { layout: { secure: [frame] } })).header.completionCode ?? null, null);
  const places = new Set<string>();
  for (let run = 0; run < 4; run++) {
    gw.sim.pressKeys(gw.logicalName, '0123456789abcdef');
    const entry = gw.client.send('Keyboard.SecureKeyEntry', { keyLen: 'number16', autoEnd: true, activeKeys: hexKeys });
    t.equal((await entry.completion).payload?.digits, 16);
    const shown = entry.events.find((e) => e.header.name === 'Keyboard.LayoutEvent')?.payload?.secure as Array<{ xPos: number; yPos: number; xSize: number; ySize: number; keys: Array<{ xPos: number; yPos: number; key: string }> }>;
    const [moved] = shown;
    t.ok(moved.xPos + moved.xSize <= 800 && moved.yPos + moved.ySize <= 480, `run ${run}: the frame stays on the 800 x 480 screen`);
    t.same(moved.keys.map((k) => [k.key, k.xPos - moved.xPos, k.yPos - moved.yPos]), keys.map((k) => [k.key, k.xPos, k.yPos]), `run ${run}: every key keeps its place in the frame`);
    places.add(`${moved.xPos},${moved.yPos}`);
  }
  t.ok(places.size > 1, `the frame was shown at ${places.size} places in 4 entries (the same place every time has probability below 1e-13)`);
});

suite.coverageWalk();
