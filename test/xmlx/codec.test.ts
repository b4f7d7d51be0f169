import t from 'tap';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  memoFromText, memoText, parseFragment, parseXmlx, serializeFragment, serializeXmlx, type Fragments,
} from '../../src/xmlx/codec.ts';
import type { Receipt, Transfer, XmlxDocument } from '../../src/xmlx/types.ts';

const dir = fileURLToPath(new URL('./fixtures/', import.meta.url));
const fixture = (name: string): string => readFileSync(dir + name, 'utf8');

/** Root element name of each fixture file that is a fragment rather than a document. */
const fragmentOf: Record<string, keyof Fragments> = {
  'transfer.xml': 'Transfer',
  'transfer-memo-xml.xml': 'Transfer',
  'receipt.xml': 'Receipt',
  'receipt-withdraw.xml': 'Receipt',
  'receipt-augmented.xml': 'Receipt',
  'withdraw.xml': 'Withdraw',
  'settle.xml': 'Settle',
  'balance-negative.xml': 'Balance',
  'search-exact.xml': 'Search',
  'search-exact-casesensitive.xml': 'Search',
  'search-contains.xml': 'Search',
  'search-range.xml': 'Search',
  'composite-search.xml': 'CompositeSearch',
  'sort.xml': 'Sort',
};

function roundTripFragment<K extends keyof Fragments>(name: K, xml: string): { first: Fragments[K]; second: Fragments[K]; text: string } {
  const first = parseFragment(name, xml);
  if (!first.ok) throw new Error(`${name}: ${first.error.errno} ${first.error.text}`);
  const text = serializeFragment(name, first.value);
  const second = parseFragment(name, text);
  if (!second.ok) throw new Error(`${name} re-parse: ${second.error.errno} ${second.error.text}`);
  return { first: first.value, second: second.value, text };
}

function roundTripDocument(xml: string): { first: XmlxDocument; second: XmlxDocument; text: string } {
  const first = parseXmlx(xml);
  if (!first.ok) throw new Error(`${first.error.errno} ${first.error.text}`);
  const text = serializeXmlx(first.value);
  const second = parseXmlx(text);
  if (!second.ok) throw new Error(`re-parse: ${second.error.errno} ${second.error.text}`);
  return { first: first.value, second: second.value, text };
}

t.test('every seed example parses and serialises back to an equivalent document', async (t) => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.xml'));
  t.ok(files.length >= 25, 'fixtures present');
  for (const file of files) {
    const xml = fixture(file);
    const fragment = fragmentOf[file];
    const { first, second, text } = fragment ? roundTripFragment(fragment, xml) : roundTripDocument(xml);
    t.strictSame(second, first, `${file} round trip`);
    // Serialising the re-parsed value is a fixed point: equivalent documents have one form.
    const again = fragment ? serializeFragment(fragment, second as never) : serializeXmlx(second as XmlxDocument);
    t.equal(again, text, `${file} serialisation is stable`);
  }
});

t.test('Transfer: ids trimmed, Amount exact bigint, Memo byte for byte', async (t) => {
  const r = parseFragment('Transfer', fixture('transfer.xml'));
  t.ok(r.ok);
  if (!r.ok) return;
  t.strictSame(r.value, {
    payee: 'E3491', payer: '34201-543', currencyId: 'USD', amount: 1594n, transferId: 'P9348235',
    memo: ' French Roast 1kg ', feeHint: 'add',
  } satisfies Transfer);
  const nested = parseFragment('Transfer', fixture('transfer-memo-xml.xml'));
  t.ok(nested.ok);
  if (!nested.ok) return;
  const raw = fixture('transfer-memo-xml.xml');
  const expected = raw.slice(raw.indexOf('<Memo>') + 6, raw.indexOf('</Memo>'));
  t.equal(nested.value.memo, expected, 'nested XML, tabs, entities and CDATA kept exactly');
  t.ok(serializeFragment('Transfer', nested.value).includes(`<Memo>${expected}</Memo>`));
  t.equal(memoText(memoFromText('a < b & c')), 'a < b & c');
  // XML end-of-line normalisation turns a raw CR into LF; memoFromText writes CR as &#13; so it survives.
  const crlf = ' line one\r\nline two\r ';
  const viaWire = parseFragment('Transfer', serializeFragment('Transfer', { payee: 'a', payer: 'b', currencyId: 'c', amount: 1n, memo: memoFromText(crlf) }));
  t.ok(viaWire.ok && memoText(viaWire.value.memo ?? '') === crlf, 'CR LF kept through the wire');
});

t.test('amounts beyond 2^53 and 2^64 stay exact', async (t) => {
  const big = '123456789012345678901234567890';
  const r = parseFragment('Transfer', `<Transfer><Payee>a</Payee><Payer>b</Payer><CurrencyId>X</CurrencyId><Amount>${big}</Amount></Transfer>`);
  t.ok(r.ok);
  if (r.ok) {
    t.equal(r.value.amount, BigInt(big));
    t.match(serializeFragment('Transfer', r.value), `<Amount>${big}</Amount>`);
  }
});

t.test('Receipt: time 18 digits exact, fees, signature, withdraw token', async (t) => {
  const r = parseFragment('Receipt', fixture('receipt.xml'));
  t.ok(r.ok);
  if (!r.ok) return;
  const receipt: Receipt = r.value;
  t.equal(receipt.time, 123456789012345678n);
  t.equal(receipt.payeeAmount, 4500n);
  t.equal(receipt.payerAmount, 4597n);
  t.strictSame(receipt.signature, { type: 'DSA', data: 'Blob' });
  t.equal(receipt.operation.kind, 'transfer');
  const w = parseFragment('Receipt', fixture('receipt-withdraw.xml'));
  t.ok(w.ok);
  if (w.ok) {
    t.strictSame(w.value.valueToken, { type: 'soxbrn', data: '098zyx765wvu543tsr210qpo' });
    t.equal(w.value.operation.kind, 'withdraw');
  }
  const small = parseFragment('Receipt', '<Receipt><ReceiptId>R</ReceiptId><Time>42</Time><Transfer><Payee>a</Payee><Payer>b</Payer><CurrencyId>X</CurrencyId><Amount>1</Amount></Transfer><UserId></UserId></Receipt>');
  t.ok(small.ok);
  if (small.ok) {
    t.equal(small.value.time, 42n);
    t.match(serializeFragment('Receipt', small.value), '<Time>000000000000000042</Time>', 'written as 18 digits');
    t.equal(small.value.userId, '', 'empty UserId accepted');
  }
  const augmented = parseFragment('Receipt', fixture('receipt-augmented.xml'));
  t.ok(augmented.ok && augmented.value.userName === 'Erwin van der Koogh' && augmented.value.userId === 'ew01');
});

t.test('requests: Auth methods, rid echo, composite batch, searches', async (t) => {
  const pw = parseXmlx(fixture('transfer-request-password.xml'));
  t.ok(pw.ok && pw.value.kind === 'TransferRequest' && pw.value.auth.method.kind === 'password'
    && pw.value.auth.method.password === 'TestTest');
  const sig = parseXmlx(fixture('transfer-request-signature.xml'));
  t.ok(sig.ok && sig.value.kind === 'TransferRequest' && sig.value.rid === 'token'
    && sig.value.auth.method.kind === 'signature');
  const tok = parseXmlx(fixture('transfer-request-token.xml'));
  t.ok(tok.ok && tok.value.kind === 'TransferRequest' && tok.value.auth.method.kind === 'token'
    && tok.value.auth.method.token === 'Magic String');
  const none = parseXmlx(fixture('history-request.xml'));
  t.ok(none.ok && none.value.kind === 'HistoryRequest' && none.value.auth.method.kind === 'none');
  const batch = parseXmlx(fixture('composite-request.xml'));
  t.ok(batch.ok && batch.value.kind === 'CompositeRequest' && batch.value.requests.length === 2);
  const hist = parseXmlx(fixture('history-request-search-sort.xml'));
  t.ok(hist.ok);
  if (hist.ok && hist.value.kind === 'HistoryRequest') {
    t.strictSame(hist.value.sort, [{ tag: 'Time', ascend: true }, { tag: 'PayeeId', ascend: false }, { tag: 'ReceiptId', ascend: true }]);
    const search = hist.value.search;
    t.equal(search?.kind, 'composite');
    if (search?.kind === 'composite') {
      t.equal(search.logic, 'and');
      t.equal(search.items.length, 3);
      t.strictSame(search.items[2], { kind: 'search', not: true, tag: 'PayerId', match: { kind: 'contains', value: 'You/12', caseSensitive: false } });
    }
  }
  const bal = parseFragment('Balance', fixture('balance-negative.xml'));
  t.ok(bal.ok && bal.value.total === -4523n);
  const err = parseXmlx(fixture('error-response.xml'));
  t.strictSame(err.ok && err.value, { kind: 'ErrorResponse', errno: 666, rid: 'token', text: 'Wrong Password', additional: 'Check the Postit note on your monitor' });
});
