// Rule 16: every log line passes the redactor; card data, PIN blocks and keys never appear in clear.
import t from 'tap';
import { Writable } from 'node:stream';
import { createLogger, redact, REDACTED } from '../../src/xfs4iot/logger.ts';
import { startRig } from './fixtures/rig.ts';

const TRACK2 = ';4761739001010010=22122011758928889?';

t.test('commands and completions carrying track data and keys are logged without them', async (t) => {
  const lines: string[] = [];
  const sink = new Writable({ write(chunk, _enc, cb) { lines.push(String(chunk)); cb(); } });
  const rig = await startRig({ logger: createLogger({ level: 'debug' }, sink) });
  t.teardown(() => rig.close());
  const client = await rig.client();
  await client.command('CardReader.WriteRawData', { data: [{ destination: 'track2', data: TRACK2 }] });
  const read = await client.command('CardReader.ReadRawData', { track2: true });
  t.equal((read.payload?.track2 as { data: string }).data, TRACK2, 'the client gets the data');
  await client.command('Crypto.CryptoData', { key: 'PINKEY-0123456789ABCDEF', cryptoData: 'F0F1F2F3F4F5F6F7' });
  await client.command('Crypto.CryptoData', { key: 'K', cryptoData: 'x', acmeCardNumber: '4761 7390 0101 0010' });
  const log = lines.join('');
  t.match(log, /CardReader\.WriteRawData/, 'the command was logged');
  t.match(log, /CardReader\.ReadRawData/, 'the completion was logged');
  for (const secret of ['4761739001010010', '22122011758928889', 'PINKEY-0123456789ABCDEF', 'F0F1F2F3F4F5F6F7', '4761 7390 0101 0010']) {
    t.notOk(log.includes(secret), `no clear ${secret}`);
  }
  t.ok(log.includes(REDACTED));
});

t.test('redact masks sensitive properties at any depth and PAN-like digits in any string', async (t) => {
  const out = redact({ a: { pinBlock: 'ABCDEF', b: [{ track1: 'B4761739001010010^X' }] }, note: 'card 4761739001010010 used', count: 3, key: null });
  t.same(out, { a: { pinBlock: REDACTED, b: [{ track1: REDACTED }] }, note: `card ${REDACTED} used`, count: 3, key: null });
});

t.test('PIN verification data, derivation inputs and the other tracks are redacted by name too', async (t) => {
  const lines: string[] = [];
  const sink = new Writable({ write(chunk, _enc, cb) { lines.push(String(chunk)); cb(); } });
  const log = createLogger({ level: 'debug' }, sink);
  // PinPad.LocalDES, PinPad.LocalVisa, PinPad.PresentIDC, KeyManagement.DeriveKey, ImportKeyToken and
  // CardReader.ReadRawData payloads as a client sends or receives them (values made up).
  log.debug({ payload: { validationData: 'A1B2C3D4', offset: '4223F', decTable: '0123456789012345', keyEncKey: 'KEK1', key: 'PINKEY' } }, 'LocalDES');
  log.debug({ payload: { pvv: '8317', pinOffset: '7011', inputData: { data: 'E2E2E2E2' } } }, 'LocalVisa / PresentIDC / DeriveKey');
  log.debug({ payload: { keyToken: '30820112', keyAcceptData: 'C0FFEE01', verificationData: '9F8E7D', verifyData: 'MACTOVERIFY' } }, 'ImportKeyToken / ImportKey / VerifyAuthentication');
  log.debug({ payload: { track1Front: { data: 'TRACKONEFRONT' }, track1JIS: { data: 'JISONEDATA' }, track3JIS: { data: 'JISTHREE' }, memoryChip: { data: 'MEMCHIP' }, frontImage: { data: 'IMGFRONT' }, dataRead: { value: 'CLESSDATA' } } }, 'ReadRawData');
  const out = lines.join('');
  for (const secret of ['A1B2C3D4', '4223F', '0123456789012345', '8317', '7011', 'E2E2E2E2', '30820112', 'C0FFEE01', '9F8E7D', 'MACTOVERIFY', 'TRACKONEFRONT', 'JISONEDATA', 'JISTHREE', 'MEMCHIP', 'IMGFRONT', 'CLESSDATA']) {
    t.notOk(out.includes(secret), `no clear ${secret}`);
  }
  t.match(out, /"keyEncKey":"KEK1"/, 'a key name is no secret');
});

t.test('with validateOutgoing, a backend event outside its schema is logged with X4I-031', async (t) => {
  const lines: string[] = [];
  const sink = new Writable({ write(chunk, _enc, cb) { lines.push(String(chunk)); cb(); } });
  const rig = await startRig({ logger: createLogger({ level: 'info' }, sink) });
  t.teardown(() => rig.close());
  const client = await rig.client();
  const got = client.nextUnsolicited('Common.ErrorEvent');
  rig.device.handle?.emitError('hardware', 'explode');
  await got;
  t.ok(lines.some((l) => l.includes('X4I-031') && l.includes('payload.action')), 'logged with the failing property');
});
