import t from 'tap';
import { Errno } from '../../src/xmlx/errors.ts';
import { AUTH, post, startHost, transferRequest } from './fixtures/helpers.ts';

const transfer = (fields: { amount?: string; memo?: string; transferId?: string } = {}): string =>
  transferRequest(AUTH.alice, { payer: 'ALICE', payee: 'MERCHANT', amount: fields.amount ?? '100', transferId: fields.transferId ?? 'WF-1', memo: fields.memo });

const latin1 = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'latin1'));
/** "<?xml" and the rest in EBCDIC (code page 037) for the letters and signs used below. */
const ebcdic = (): Uint8Array => new Uint8Array([0x4c, 0x6f, 0xa7, 0x94, 0x93, 0x40, 0x6f, 0x6e]);

/** Documents XML 1.0 forbids, each of which the host must refuse with errno 10 before anything moves. */
const NOT_WELL_FORMED: Array<[string, string | Uint8Array]> = [
  ['&#0; in a Memo', transfer({ memo: 'a&#0;b' })],
  ['&#x1; in a Memo', transfer({ memo: 'a&#x1;b' })],
  ['&#xD800; (a lone surrogate) in a Memo', transfer({ memo: '&#xD800;' })],
  ['&#xFFFE; in a Memo', transfer({ memo: '&#xFFFE;' })],
  ['a literal U+0001 in a Memo', transfer({ memo: 'a\u0001b' })],
  ['invalid UTF-8 bytes', Buffer.concat([Buffer.from(transfer({ memo: 'x' }).replace('x</Memo>', '')), Buffer.from([0xc3, 0x28]), Buffer.from('</Memo></Transfer></TransferRequest>')])],
  ['EBCDIC', ebcdic()],
  ['encoding windows-1252 declared', `<?xml version="1.0" encoding="windows-1252"?>${transfer()}`],
  ['US-ASCII declared, a byte above 0x7F', latin1(`<?xml version="1.0" encoding="US-ASCII"?>${transfer({ memo: 'caf\u00e9' })}`)],
  ['UTF-16 declared without a byte order mark', `<?xml version="1.0" encoding="UTF-16"?>${transfer()}`],
  ["'--' inside a comment", `<!-- a -- b -->${transfer()}`],
  ['a comment ending in -', `<!-- a --->${transfer()}`],
];

t.test('every document XML 1.0 forbids: errno 10 over HTTP, nothing journaled', async (t) => {
  const host = await startHost(t);
  for (const [name, body] of NOT_WELL_FORMED) {
    const r = await post(host.url, body);
    t.equal(r.doc.kind, 'ErrorResponse', `${name}: refused`);
    t.equal(r.doc.kind === 'ErrorResponse' && r.doc.errno, Errno.BAD_XML, `${name}: errno 10`);
  }
  t.equal(host.store.countEntries(), 0, 'no ledger entry from any of them');
  t.equal(host.store.balanceOf('ALICE', 'USD'), 100_000n);
});

t.test('amounts: a 40-digit Amount is errno 26 (NAN), one beyond the 64-bit ledger errno 326 (LIMIT)', async (t) => {
  const host = await startHost(t);
  const forty = await post(host.url, transfer({ amount: '1'.repeat(40) }));
  t.equal(forty.doc.kind === 'ErrorResponse' && forty.doc.errno, Errno.NAN);
  const twenty = await post(host.url, transfer({ amount: '1'.repeat(20) }));
  t.equal(twenty.doc.kind === 'ErrorResponse' && twenty.doc.errno, Errno.LIMIT);
  t.equal(host.store.countEntries(), 0);
});

t.test('a declared ISO-8859-1 or a UTF-16 document is read in its encoding, not as UTF-8', async (t) => {
  const host = await startHost(t);
  const r = await post(host.url, latin1(`<?xml version="1.0" encoding="ISO-8859-1"?>${transfer({ memo: 'caf\u00e9', transferId: 'L1' })}`));
  t.equal(r.doc.kind, 'TransferResponse');
  const memo = r.doc.kind === 'TransferResponse' && r.doc.receipt.operation.kind === 'transfer' ? r.doc.receipt.operation.transfer.memo : undefined;
  t.equal(memo, 'caf\u00e9', 'byte 0xE9 read as é');
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`<?xml version="1.0" encoding="UTF-16"?>${transfer({ memo: '\u20ac5', transferId: 'L2' })}`, 'utf16le')]);
  const r16 = await post(host.url, new Uint8Array(utf16));
  const memo16 = r16.doc.kind === 'TransferResponse' && r16.doc.receipt.operation.kind === 'transfer' ? r16.doc.receipt.operation.transfer.memo : undefined;
  t.equal(memo16, '\u20ac5', 'UTF-16LE with its byte order mark');
  t.equal(host.store.countEntries(), 2);
});
