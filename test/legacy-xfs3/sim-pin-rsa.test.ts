// The simulated EPP's RSA (native/src/sim_pin_bn.c, sim_pin_rsa.c) checked against published and
// independent values, not against itself: the modular exponentiation against a NIST CAVP
// RSASSA-PKCS1-v1_5 vector (FIPS 186-3 SigGen15, CAVS 10.1 file SigGen15_186-3.rsp, [mod = 1024],
// the first SHAAlg = SHA256 entry: S^e mod n must be the EMSA-PKCS1-v1_5 encoding of SHA-256(Msg),
// which this test builds itself per RFC 8017 9.2), and a textbook case computed by hand.
import { createHash } from 'node:crypto';
import t from 'tap';
import koffi from 'koffi';
import { defaultSimulatorPath } from '../../src/legacy-xfs3/simulator-control.ts';

const BYTES = 256;   // the simulator's fixed operand size (2048-bit moduli; smaller ones zero-padded)
const lib = koffi.load(defaultSimulatorPath());
const modexpFn = lib.func('void SimPinRsaModexp(const uint8_t *base, const uint8_t *exp, uint32_t elen, const uint8_t *n, _Out_ uint8_t *out)') as
  (base: Buffer, exp: Buffer, elen: number, n: Buffer, out: Buffer) => void;

const pad = (b: Buffer): Buffer => Buffer.concat([Buffer.alloc(BYTES - b.length), b]);
function modexp(base: Buffer, exp: Buffer, n: Buffer): Buffer {
  const out = Buffer.alloc(BYTES);
  modexpFn(pad(base), exp, exp.length, pad(n), out);
  return out.subarray(BYTES - n.length);
}

/** EMSA-PKCS1-v1_5 with SHA-256 for a k-byte modulus (RFC 8017 9.2, the DigestInfo prefix of its note 1). */
function emsaSha256(msg: Buffer, k: number): Buffer {
  const t = Buffer.concat([Buffer.from('3031300d060960864801650304020105000420', 'hex'), createHash('sha256').update(msg).digest()]);
  return Buffer.concat([Buffer.from([0, 1]), Buffer.alloc(k - t.length - 3, 0xff), Buffer.from([0]), t]);
}

t.test('NIST CAVP SigGen15 (FIPS 186-3), mod 1024, SHA-256: S^e mod n is the encoded message', async (t) => {
  const n = Buffer.from('a3ecf80ff1804833c36a89a1583f58ef3332476a50a153e73ced17796139636045c131a6b17222ba8848f70150b18dfa390bfb1670ae982dfbc311fd0ede055564687af3805ca883944bb5ac9ec19b0e0cfbd9a314d70b17080c3d49b50cbf417062eb41bd639d67a5fb330ec55a0489fee08eeec97ed487c114b20393fe0aef', 'hex');
  const e = Buffer.from('1001', 'hex');
  const msg = Buffer.from('dfce08b64b9ea4014947012670548da4ceeee084dbfe509aac92bf096982b8050153bbdd1c5bd4385226729e9a19773b05558ce0acdfb74be6fd2fa8bfe36f58a68e89f066f1bd85584f4a27d6e884abf2d727ae683bebd6d295585b1b71dcc636491bf910a68670c3882fc60c08db7bff3c59f4f95b13c3d721e329657528d9', 'hex');
  const s = Buffer.from('8D9D30A87DF0C2F6CD651FCAF2B9AC1296287AD3D4B03132E330F08AB701FC197040D0A261F631E7E34478B592551E1F682395C9E2B54C8CE8B0C72C1B5A79748CC34F9152730A7F67FAE1225A4CE750F1D5D4E288176DF197E7503C88B5BAECEF3ABCF2875F111E6D7F7B4DC8AFA2ED3C1D7AD8E7CF45A77F0B1CB178518402', 'hex');
  t.equal(modexp(s, e, n).toString('hex'), emsaSha256(msg, n.length).toString('hex'));
  const wrong = Buffer.from(s);
  wrong[0] ^= 1;
  t.not(modexp(wrong, e, n).toString('hex'), emsaSha256(msg, n.length).toString('hex'), 'another signature does not give the encoded message');
});

t.test('small numbers: 4^13 mod 497 = 445 (by hand: 4^13 = 67108864 = 135027 * 497 + 445)', async (t) => {
  t.equal(modexp(Buffer.from([4]), Buffer.from([13]), Buffer.from([0x01, 0xf1])).readUInt16BE(0), 445);
});
