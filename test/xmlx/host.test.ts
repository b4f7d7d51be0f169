import t from 'tap';
import { join } from 'node:path';
import { Errno } from '../../src/xmlx/errors.ts';
import { startXmlxHost } from '../../src/xmlx/host.ts';
import type { ErrorResponse, XmlxDocument } from '../../src/xmlx/types.ts';
import { AUTH, post, startHost, tempDir, transferRequest } from './fixtures/helpers.ts';

function errnoOf(doc: XmlxDocument): number | undefined {
  return doc.kind === 'ErrorResponse' ? doc.errno : undefined;
}

t.test('transfer: receipt, balances move, memo kept, rid echoed', async (t) => {
  const host = await startHost(t);
  const memo = ' <fx:r xmlns:fx="urn:x">1.5</fx:r>\n\t&amp; text ';
  const r = await post(host.url, transferRequest(AUTH.alice, { payer: 'ALICE', payee: 'MERCHANT', amount: 1594n, transferId: 'P1', memo }, 'rid-9'));
  t.equal(r.status, 200);
  t.equal(r.doc.kind, 'TransferResponse');
  if (r.doc.kind !== 'TransferResponse') return;
  t.equal(r.doc.rid, 'rid-9');
  t.equal(r.doc.receipt.userId, 'alice');
  t.equal(r.doc.receipt.time.toString().length, 18);
  t.equal(r.doc.receipt.operation.kind === 'transfer' && r.doc.receipt.operation.transfer.memo, memo, 'memo byte for byte through the ledger');
  t.equal(host.store.balanceOf('ALICE', 'USD'), 100_000n - 1594n);
  t.equal(host.store.balanceOf('MERCHANT', 'USD'), 1594n);
});

t.test('duplicate TransferId: errno 320 ALREADY, ledger untouched; other payer may reuse the id', async (t) => {
  const host = await startHost(t);
  const body = transferRequest(AUTH.gateway, { payer: 'ALICE', payee: 'MERCHANT', amount: 100n, transferId: 'DUP' });
  const first = await post(host.url, body);
  const second = await post(host.url, body);
  t.equal(first.doc.kind, 'TransferResponse');
  t.equal(errnoOf(second.doc), Errno.ALREADY);
  t.match((second.doc as ErrorResponse).additional, /R1/);
  const otherPayer = await post(host.url, transferRequest(AUTH.gateway, { payer: 'BOB', payee: 'MERCHANT', amount: 100n, transferId: 'DUP' }));
  t.equal(otherPayer.doc.kind, 'TransferResponse', 'TransferIds are unique per payer account');
  t.equal(host.store.countEntries(), 2);
  t.equal(host.store.balanceOf('ALICE', 'USD'), 99_900n);
});

t.test('100 concurrent copies of one transfer: one ledger entry, 99 already answers', async (t) => {
  const host = await startHost(t);
  const body = transferRequest(AUTH.gateway, { payer: 'ALICE', payee: 'MERCHANT', amount: 777n, transferId: 'RACE-1' });
  const answers = await Promise.all(Array.from({ length: 100 }, () => post(host.url, body)));
  const receipts = answers.filter((a) => a.doc.kind === 'TransferResponse');
  const already = answers.filter((a) => errnoOf(a.doc) === Errno.ALREADY);
  t.equal(receipts.length, 1);
  t.equal(already.length, 99);
  t.equal(host.store.countEntries(), 1);
  t.equal(host.store.balanceOf('ALICE', 'USD'), 100_000n - 777n);
  // Every duplicate resolves, through History by TransferId, to the one receipt.
  const receiptId = receipts[0].doc.kind === 'TransferResponse' ? receipts[0].doc.receipt.receiptId : '';
  const lookups = await Promise.all(already.map(() => post(host.url, `<HistoryRequest>${AUTH.gateway}<AccountId>ALICE</AccountId>`
    + '<Search><Tag>TransferId</Tag><Exact casesensitive="true">RACE-1</Exact></Search></HistoryRequest>')));
  for (const l of lookups) t.ok(l.doc.kind === 'HistoryResponse' && l.doc.receipts.length === 1 && l.doc.receipts[0].receiptId === receiptId);
});

t.test('concurrent transfers share a commit but stay atomic one by one', async (t) => {
  const host = await startHost(t);
  // BOB holds 5,000: of ten concurrent payments of 1,000 exactly five fit.
  const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => post(host.url,
    transferRequest(AUTH.bob, { payer: 'BOB', payee: 'MERCHANT', amount: 1000n, transferId: `B${i}` }))));
  t.equal(answers.filter((a) => a.doc.kind === 'TransferResponse').length, 5);
  t.equal(answers.filter((a) => errnoOf(a.doc) === Errno.INSUFFICIENT_FUNDS).length, 5);
  t.equal(host.store.balanceOf('BOB', 'USD'), 0n);
  t.equal(host.store.balanceOf('MERCHANT', 'USD'), 5000n);
  t.equal(host.store.countEntries(), 5, 'a refused item rolled back alone');
});

t.test('refusals carry their errno', async (t) => {
  const host = await startHost(t);
  const cases: Array<[string, string, number]> = [
    ['insufficient funds', transferRequest(AUTH.bob, { payer: 'BOB', payee: 'MERCHANT', amount: 5001n }), Errno.INSUFFICIENT_FUNDS],
    ['wrong password', transferRequest('<Auth><UserId>alice</UserId><Password>nope</Password></Auth>', { payer: 'ALICE', payee: 'BOB', amount: 1n }), Errno.NOT_AUTHENTICATED],
    ['unknown user', transferRequest('<Auth><UserId>mallory</UserId><Password>x</Password></Auth>', { payer: 'ALICE', payee: 'BOB', amount: 1n }), Errno.UNKNOWN_USER],
    ['no auth method', transferRequest('<Auth><UserId>alice</UserId></Auth>', { payer: 'ALICE', payee: 'BOB', amount: 1n }), Errno.NOT_AUTHENTICATED],
    ['signature auth', transferRequest('<Auth><UserId>alice</UserId><Signature>x</Signature></Auth>', { payer: 'ALICE', payee: 'BOB', amount: 1n }), Errno.NOT_SUPPORTED],
    ['foreign account', transferRequest(AUTH.bob, { payer: 'ALICE', payee: 'BOB', amount: 1n }), Errno.NOT_AUTHORISED],
    ['system account', transferRequest(AUTH.gateway, { payer: '@FEES', payee: 'BOB', amount: 1n }), Errno.NOT_AUTHORISED],
    ['unknown payee', transferRequest(AUTH.alice, { payer: 'ALICE', payee: 'NOBODY', amount: 1n }), Errno.NO_SUCH_ACCOUNT],
    ['unknown currency', transferRequest(AUTH.alice, { payer: 'ALICE', payee: 'BOB', amount: 1n, currency: 'XAU' }), Errno.NO_SUCH_CURRENCY],
    ['no subaccount', transferRequest(AUTH.bob, { payer: 'BOB', payee: 'ALICE', amount: 1n, currency: 'EUR' }), Errno.NO_SUCH_ACCOUNT],
    ['payer is payee', transferRequest(AUTH.alice, { payer: 'ALICE', payee: 'ALICE', amount: 1n }), Errno.CONTENT],
    ['amount over the limit', transferRequest(AUTH.alice, { payer: 'ALICE', payee: 'BOB', amount: 2n ** 63n }), Errno.LIMIT],
    ['malformed', '<TransferRequest><Auth>', Errno.BAD_XML],
    ['response as request', '<ErrorResponse errno="1"/>', Errno.UNKNOWN_XMLX],
    ['empty body', '', Errno.EMPTY_XML],
  ];
  for (const [name, body, errno] of cases) {
    const r = await post(host.url, body);
    t.equal(r.status, 200, `${name}: HTTP 200`);
    t.equal(errnoOf(r.doc), errno, `${name}: errno ${errno}`);
  }
  t.equal(host.store.countEntries(), 0, 'nothing refused reached the ledger');
  t.equal(host.store.balanceOf('BOB', 'USD'), 5_000n);
  const big = await fetch(host.url, { method: 'POST', body: `<BalanceRequest>${' '.repeat(2 * 1024 * 1024)}</BalanceRequest>` });
  t.equal(big.status, 413);
  t.match(await big.text(), /errno="10"/);
});

t.test('token auth, balances with negative totals, zero-valued transfer', async (t) => {
  const host = await startHost(t);
  const r = await post(host.url, transferRequest(AUTH.gateway, { payer: 'ATM-CASH', payee: 'BOB', amount: 250n }));
  t.equal(r.doc.kind, 'TransferResponse');
  const bal = await post(host.url, `<BalanceRequest>${AUTH.gateway}<AccountId>ATM-CASH</AccountId><CurrencyId>USD</CurrencyId></BalanceRequest>`);
  t.match(bal.text, /<Total negative="true">250<\/Total>/);
  t.ok(bal.doc.kind === 'BalanceResponse' && bal.doc.balances[0].total === -250n);
  const all = await post(host.url, `<BalanceRequest>${AUTH.merchantToken}<AccountId>MERCHANT</AccountId></BalanceRequest>`);
  t.ok(all.doc.kind === 'BalanceResponse' && all.doc.balances.length === 3, 'one Balance per subaccount');
  const zero = await post(host.url, transferRequest(AUTH.alice, { payer: 'ALICE', payee: 'BOB', amount: 0n, transferId: 'CANCEL-1' }));
  t.equal(zero.doc.kind, 'TransferResponse', 'a zero-valued transfer can take a TransferId to cancel it');
  const batch = await post(host.url, `<CompositeRequest rid="b"><BalanceRequest rid="1">${AUTH.bob}<AccountId>BOB</AccountId></BalanceRequest>`
    + `${transferRequest(AUTH.bob, { payer: 'BOB', payee: 'ALICE', amount: 1n }, '2')}`
    + `<BalanceRequest rid="3">${AUTH.bob}<AccountId>ALICE</AccountId></BalanceRequest></CompositeRequest>`);
  t.equal(batch.doc.kind, 'CompositeResponse');
  if (batch.doc.kind === 'CompositeResponse') {
    t.same(batch.doc.responses.map((x) => [x.kind, x.rid]), [['BalanceResponse', '1'], ['TransferResponse', '2'], ['ErrorResponse', '3']]);
    t.equal(batch.doc.rid, 'b');
  }
});

t.test('fee hook: PayerAmount and PayeeAmount differ, fee account credited', async (t) => {
  const host = await startHost(t, { fees: (tr) => ({ payerAmount: tr.amount + 74n, payeeAmount: tr.amount - 23n }) });
  const r = await post(host.url, transferRequest(AUTH.alice, { payer: 'ALICE', payee: 'MERCHANT', amount: 4523n }));
  t.ok(r.doc.kind === 'TransferResponse');
  if (r.doc.kind !== 'TransferResponse') return;
  t.equal(r.doc.receipt.payerAmount, 4597n);
  t.equal(r.doc.receipt.payeeAmount, 4500n);
  t.equal(host.store.balanceOf('ALICE', 'USD'), 100_000n - 4597n);
  t.equal(host.store.balanceOf('MERCHANT', 'USD'), 4500n);
  t.equal(host.store.balanceOf('@FEES', 'USD'), 97n);
  const bad = await startHost(t, { fees: (tr) => ({ payerAmount: tr.amount, payeeAmount: tr.amount + 1n }) });
  const refused = await post(bad.url, transferRequest(AUTH.alice, { payer: 'ALICE', payee: 'MERCHANT', amount: 10n }));
  t.equal(errnoOf(refused.doc), Errno.CONFIG, 'a fee policy that creates money is refused');
});

t.test('history: search and sort in SQL', async (t) => {
  const host = await startHost(t);
  const pays: Array<[string, string, bigint, string]> = [
    ['ALICE', 'MERCHANT', 300n, 'A-1'], ['ALICE', 'BOB', 100n, 'a-2'], ['ALICE', 'MERCHANT', 200n, 'A-3'], ['BOB', 'ALICE', 50n, 'B-1'],
  ];
  for (const [payer, payee, amount, transferId] of pays) {
    const r = await post(host.url, transferRequest(AUTH.gateway, { payer, payee, amount, transferId }));
    t.equal(r.doc.kind, 'TransferResponse');
  }
  const history = async (criteria: string): Promise<string[]> => {
    const r = await post(host.url, `<HistoryRequest rid="h">${AUTH.alice}<AccountId>ALICE</AccountId><CurrencyId>USD</CurrencyId>${criteria}</HistoryRequest>`);
    if (r.doc.kind !== 'HistoryResponse') throw new Error(r.text);
    t.equal(r.doc.rid, 'h');
    t.ok(r.doc.when && /^[0-9]{18}$/.test(r.doc.when));
    return r.doc.receipts.map((x) => (x.operation.kind === 'transfer' ? x.operation.transfer.transferId ?? '' : ''));
  };
  t.same(await history(''), ['A-1', 'a-2', 'A-3', 'B-1'], 'payer or payee, ledger order');
  t.same(await history('<Search><Tag>TransferId</Tag><Exact>a-1</Exact></Search>'), ['A-1'], 'Exact is case-insensitive by default');
  t.same(await history('<Search><Tag>TransferId</Tag><Exact casesensitive="true">a-1</Exact></Search>'), []);
  t.same(await history('<Search><Tag>PayeeId</Tag><Contains>merch</Contains></Search>'), ['A-1', 'A-3']);
  t.same(await history('<Search><Tag>Amount</Tag><From>100</From><Till>200</Till></Search>'), ['a-2', 'A-3']);
  t.same(await history('<Search><Tag>Amount</Tag><From>150</From></Search>'), ['A-1', 'A-3'], 'open-ended range');
  t.same(await history('<Search not="true"><Tag>PayeeId</Tag><Exact>MERCHANT</Exact></Search>'), ['a-2', 'B-1']);
  t.same(await history('<CompositeSearch logic="or"><Search><Tag>Amount</Tag><Exact>50</Exact></Search>'
    + '<CompositeSearch logic="and"><Search><Tag>PayeeId</Tag><Exact>MERCHANT</Exact></Search><Search><Tag>Amount</Tag><Till>250</Till></Search></CompositeSearch>'
    + '</CompositeSearch>'), ['A-3', 'B-1'], 'nested composite');
  t.same(await history('<Sort><Tag ascend="false">Amount</Tag></Sort>'), ['A-1', 'A-3', 'a-2', 'B-1']);
  t.same(await history('<Search><Tag>Time</Tag><From>0</From></Search><Sort><Tag>PayeeId</Tag><Tag ascend="false">Amount</Tag></Sort>'), ['B-1', 'a-2', 'A-1', 'A-3']);
  const unsupported = await post(host.url, `<HistoryRequest>${AUTH.alice}<AccountId>ALICE</AccountId><Search><Tag>Colour</Tag><Exact>red</Exact></Search></HistoryRequest>`);
  t.equal(errnoOf(unsupported.doc), Errno.NOT_SUPPORTED);
  const notTime = await post(host.url, `<HistoryRequest>${AUTH.alice}<AccountId>ALICE</AccountId><Search><Tag>Amount</Tag><Exact>ten</Exact></Search></HistoryRequest>`);
  t.equal(errnoOf(notTime.doc), Errno.NAN);
  const terms = '<Search><Tag>Amount</Tag><Exact>1</Exact></Search>'.repeat(101);
  const tooManyTerms = await post(host.url, `<HistoryRequest>${AUTH.alice}<AccountId>ALICE</AccountId><CompositeSearch logic="or">${terms}</CompositeSearch></HistoryRequest>`);
  t.equal(errnoOf(tooManyTerms.doc), Errno.TOO_MANY);
  const foreign = await post(host.url, `<HistoryRequest>${AUTH.bob}<AccountId>ALICE</AccountId></HistoryRequest>`);
  t.equal(errnoOf(foreign.doc), Errno.NOT_AUTHORISED);
  const small = await startHost(t, { maxHistoryReceipts: 2 });
  for (let i = 0; i < 3; i += 1) await post(small.url, transferRequest(AUTH.alice, { payer: 'ALICE', payee: 'BOB', amount: 1n }));
  const tooMany = await post(small.url, `<HistoryRequest>${AUTH.alice}<AccountId>ALICE</AccountId></HistoryRequest>`);
  t.equal(errnoOf(tooMany.doc), Errno.LIMIT);
});

t.test('Withdraw and Settle with hmac1 tokens', async (t) => {
  const host = await startHost(t);
  const withdraw = await post(host.url, `<TransferRequest>${AUTH.alice}<Withdraw><Payer>ALICE</Payer><CurrencyId>USD</CurrencyId>`
    + '<Amount>1594</Amount><ValueToken type="hmac1"> </ValueToken><TransferId>W1</TransferId><Memo> French Roast 1kg </Memo></Withdraw></TransferRequest>');
  t.equal(withdraw.doc.kind, 'TransferResponse');
  if (withdraw.doc.kind !== 'TransferResponse') return;
  const token = withdraw.doc.receipt.valueToken;
  t.ok(token && token.type === 'hmac1' && token.data.length > 40);
  t.equal(host.store.balanceOf('ALICE', 'USD'), 100_000n - 1594n);
  const settle = (data: string, extra = '', transferId = 'S1'): string => `<TransferRequest>${AUTH.merchantToken}<Settle><Payee>MERCHANT</Payee>`
    + `<ValueToken type="hmac1">${data}</ValueToken>${extra}<TransferId>${transferId}</TransferId></Settle></TransferRequest>`;
  const tampered = (token?.data ?? '').replace(/^./, (c) => (c === 'e' ? 'f' : 'e'));
  t.equal(errnoOf((await post(host.url, settle(tampered))).doc), Errno.BAD_TOKEN, 'a forged token fails');
  t.equal(errnoOf((await post(host.url, settle(token?.data ?? '', '<Amount>1</Amount>'))).doc), Errno.BAD_TOKEN, 'amount must match the token');
  const settled = await post(host.url, settle(token?.data ?? '', '<CurrencyId>USD</CurrencyId><Amount>1594</Amount>'));
  t.equal(settled.doc.kind, 'TransferResponse');
  t.equal(host.store.balanceOf('MERCHANT', 'USD'), 1594n);
  t.equal(errnoOf((await post(host.url, settle(token?.data ?? '', '', 'S2'))).doc), Errno.TOKEN_SPENT, 'a token settles once');
  t.equal(errnoOf((await post(host.url, settle(token?.data ?? ''))).doc), Errno.ALREADY, 'the same Settle again is already');
  t.equal(host.store.balanceOf('@TOKENS', 'USD'), 0n);
  const history = await post(host.url, `<HistoryRequest>${AUTH.alice}<AccountId>ALICE</AccountId></HistoryRequest>`);
  t.ok(history.doc.kind === 'HistoryResponse' && history.doc.receipts[0].operation.kind === 'withdraw'
    && history.doc.receipts[0].valueToken?.data === token?.data, 'withdraw receipts keep their token');
  const unsupported = await post(host.url, `<TransferRequest>${AUTH.alice}<Withdraw><Payer>ALICE</Payer><CurrencyId>USD</CurrencyId>`
    + '<Amount>1</Amount><ValueToken type="sox3"/></Withdraw></TransferRequest>');
  t.equal(errnoOf(unsupported.doc), Errno.NOT_SUPPORTED);
});

t.test('the database is created on first start, seeded once, and survives a restart', async (t) => {
  const dir = tempDir(t);
  const dbPath = join(dir, 'nested', 'host.db');
  const first = await startXmlxHost({ dbPath, logger: false });
  await post(first.url, transferRequest(AUTH.alice, { payer: 'ALICE', payee: 'BOB', amount: 5n, transferId: 'X' }));
  await first.close();
  const second = await startXmlxHost({ dbPath, logger: false });
  t.teardown(() => second.close());
  t.equal(second.store.balanceOf('ALICE', 'USD'), 99_995n, 'demo seed not re-applied over real balances');
  t.equal(errnoOf((await post(second.url, transferRequest(AUTH.alice, { payer: 'ALICE', payee: 'BOB', amount: 5n, transferId: 'X' }))).doc), Errno.ALREADY);
});

t.test('receipts are signed with Ed25519 over their canonical form', async (t) => {
  const { verifyReceipt } = await import('../../src/xmlx/receipt-signature.ts');
  const host = await startHost(t);
  const r = await post(host.url, transferRequest(AUTH.alice, { payer: 'ALICE', payee: 'MERCHANT', amount: 42n, transferId: 'SIG-1', memo: ' <x a="1">y</x> ' }));
  t.ok(r.doc.kind === 'TransferResponse');
  if (r.doc.kind !== 'TransferResponse') return;
  const receipt = r.doc.receipt;
  t.equal(receipt.signature?.type, 'ed25519');
  t.ok(verifyReceipt(receipt, host.receiptPublicKey), 'verifies with the host key');
  if (receipt.operation.kind === 'transfer') {
    const forged = { ...receipt, operation: { kind: 'transfer' as const, transfer: { ...receipt.operation.transfer, amount: 4200n } } };
    t.notOk(verifyReceipt(forged, host.receiptPublicKey), 'a changed amount breaks it');
  }
  const other = await startHost(t);
  t.notOk(verifyReceipt(receipt, other.receiptPublicKey), 'another host key does not verify it');
  const history = await post(host.url, `<HistoryRequest>${AUTH.alice}<AccountId>ALICE</AccountId></HistoryRequest>`);
  t.ok(history.doc.kind === 'HistoryResponse' && verifyReceipt(history.doc.receipts[0], host.receiptPublicKey)
    && history.doc.receipts[0].signature?.data === receipt.signature?.data, 'history carries the same signature');
  const unsigned = await startHost(t, { signReceipts: false });
  const u = await post(unsigned.url, transferRequest(AUTH.alice, { payer: 'ALICE', payee: 'MERCHANT', amount: 1n }));
  t.ok(u.doc.kind === 'TransferResponse' && u.doc.receipt.signature === undefined);
});

t.test('a host-side failure answers HTTP 500 with errno 1, never a crash', async (t) => {
  const dir = tempDir(t);
  const host = await startXmlxHost({ dbPath: join(dir, 'h.db'), logger: false });
  t.teardown(() => host.close());
  // Pull the database away underneath the running host.
  (host.store as unknown as { close(): void }).close();
  const response = await fetch(host.url, { method: 'POST', body: transferRequest(AUTH.alice, { payer: 'ALICE', payee: 'BOB', amount: 1n }) });
  t.equal(response.status, 500);
  t.match(await response.text(), /<ErrorResponse errno="1">/);
  const again = await fetch(host.url, { method: 'POST', body: '<BalanceRequest/>' });
  t.equal(again.status, 200, 'the host still answers');
});
