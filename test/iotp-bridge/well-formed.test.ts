// XML 1.0 on the IOTP Payment API: every document XML forbids is refused with XmlNotWellFrmd through
// real HTTP before anything is journaled; amounts are bounded per currency; and an answer stays
// well-formed whatever was stored before these checks existed.
import t from 'tap';
import { join } from 'node:path';
import { element } from '../../src/iotp-bridge/index.ts';
import { HOUR, isoIn, readAnswer, requestXml, serve, tempDir } from './fixtures/helpers.ts';

const INSTRUMENTS = [{ id: 'card', name: 'Card', account: 'ALICE' }];
const start = (attrs: Record<string, string> = {}) => ({
  BrandId: 'XMLX', PaymentInstrumentId: 'card', CurrCode: 'USD', Amount: '1.00', PayDirection: 'Debit', ProtocolId: 'XMLX-1.0',
  ConsumerPayId: 'C', OkFrom: isoIn(-HOUR), OkTo: isoIn(HOUR), ...attrs,
});
/** Without its XML declaration, so that a case can put its own first. */
const startXml = (attrs: Record<string, string> = {}) => requestXml('StartPaymentConsumer', start(attrs)).replace(/^<\?xml[^>]*\?>/, '');
const withPayId = (raw: string) => startXml({ ConsumerPayId: 'PAYID' }).replace('ConsumerPayId="PAYID"', `ConsumerPayId="${raw}"`);
const latin1 = (text: string) => new Uint8Array(Buffer.from(text, 'latin1'));

const NOT_WELL_FORMED: Array<[string, string | Uint8Array]> = [
  ['&#0; in an attribute', withPayId('a&#0;')],
  ['&#x1; in an attribute', withPayId('a&#x1;')],
  ['&#xD800; (a lone surrogate)', withPayId('&#xD800;')],
  ['a PayId of &#1;&#xFFFE;', withPayId('&#1;&#xFFFE;')],
  ['a literal U+0001', withPayId('a\u0001')],
  ['invalid UTF-8 bytes', Buffer.concat([Buffer.from(withPayId('X').split('X')[0]), Buffer.from([0xff, 0xfe, 0x41]), Buffer.from(withPayId('X').split('X')[1])])],
  ['EBCDIC', new Uint8Array([0x4c, 0x6f, 0xa7, 0x94, 0x93, 0x40, 0x6f, 0x6e])],
  ['encoding EBCDIC-CP-US declared', `<?xml version="1.0" encoding="EBCDIC-CP-US"?>${startXml()}`],
  ['US-ASCII declared, a byte above 0x7F', latin1(`<?xml version="1.0" encoding="US-ASCII"?>${withPayId('caf\u00e9')}`)],
  ["'--' inside a comment", `<!-- a -- b -->${startXml()}`],
  ['a comment ending in -', `${startXml()}<!-- a --->`],
];

async function postBytes(url: string, body: string | Uint8Array): Promise<string> {
  const res = await fetch(`${url}/`, { method: 'POST', headers: { 'content-type': 'application/xml' }, body });
  return res.text();
}

t.test('every document XML 1.0 forbids: XmlNotWellFrmd over HTTP, nothing journaled', async (t) => {
  const s = await serve(t, { logPath: join(tempDir(t), 'log.db'), roles: ['Consumer'], instruments: INSTRUMENTS });
  for (const [name, body] of NOT_WELL_FORMED) {
    const answer = readAnswer(await postBytes(s.url, body));
    t.equal(answer.error?.code, 'XmlNotWellFrmd', `${name}: XmlNotWellFrmd`);
    t.equal(answer.error?.severity, 'HardError', `${name}: a hard error`);
  }
  t.same((await s.send('InquirePendingPayment')).body.children, [], 'no payment journaled from any of them');
});

t.test('a declared ISO-8859-1 document is read as ISO-8859-1', async (t) => {
  const s = await serve(t, { logPath: join(tempDir(t), 'log.db'), roles: ['Consumer'], instruments: INSTRUMENTS });
  const answer = readAnswer(await postBytes(s.url, latin1(`<?xml version="1.0" encoding="ISO-8859-1"?>${withPayId('caf\u00e9')}`)));
  t.notOk(answer.error, 'accepted');
  t.same((await s.send('InquirePendingPayment')).body.children.map((c) => c.attrs.PayId), ['caf\u00e9'], 'byte 0xE9 is é');
});

t.test('amounts: at most 18 digits of the smallest unit, per currency; a 40-digit Amount is AttValIllegal', async (t) => {
  const s = await serve(t, { logPath: join(tempDir(t), 'log.db'), roles: ['Consumer'], instruments: INSTRUMENTS });
  for (const [amount, currency] of [['1'.repeat(40), 'USD'], [`${'9'.repeat(17)}.00`, 'USD'], ['1'.repeat(16), 'KWD']]) {
    const answer = await s.send('StartPaymentConsumer', start({ Amount: amount, CurrCode: currency, ConsumerPayId: `A${amount.length}${currency}` }));
    t.equal(answer.error?.code, 'AttValIllegal', `${amount.length} characters in ${currency}: refused`);
    t.same(answer.error?.locations.map((l) => l.AttName), ['Amount'], 'located at Amount');
  }
  const fits = await s.send('StartPaymentConsumer', start({ Amount: `${'9'.repeat(16)}.99`, ConsumerPayId: 'FITS' }));
  t.not(fits.error?.locations.map((l) => l.AttName).join(), 'Amount', '16 whole digits and 2 decimals in USD are read');
});

t.test('whatever was stored, an answer is well-formed XML: characters outside XML 1.0 are replaced', async (t) => {
  const s = await serve(t, { logPath: join(tempDir(t), 'log.db'), roles: ['Consumer'], instruments: INSTRUMENTS });
  // The trusted in-process API takes an element, not a document: the way such a value can be stored.
  const stored = await s.bridge.call(element('IotpPaymentApiRequest', {}, [element('StartPaymentConsumer', start({ ConsumerPayId: 'X\u0001\uFFFE\uD800' }))]));
  t.not(stored.children[0]?.name, 'ErrorResponse', 'stored');
  const raw = await s.post(requestXml('InquirePendingPayment'));
  t.notOk(raw.includes('\u0001') || raw.includes('\uFFFE'), 'no forbidden character written');
  const pending = readAnswer(raw);
  t.same(pending.body.children.map((c) => c.attrs.PayId), ['X\uFFFD\uFFFD\uFFFD'], 'each replaced by U+FFFD, and the answer parses');
});
