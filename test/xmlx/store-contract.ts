// The ledger store contract: what the request handlers rely on, run against every store
// (store-sqlite.test.ts, store-postgres.test.ts). A store passes when it behaves exactly alike here.
import type { Test } from 'tap';
import { FEE_ACCOUNT, TOKEN_FLOAT_ACCOUNT } from '../../src/xmlx/entry-row.ts';
import { Errno } from '../../src/xmlx/errors.ts';
import type { SeedSpec } from '../../src/xmlx/host-api.ts';
import type { ExecuteResult, LedgerStore, NewEntry } from '../../src/xmlx/store.ts';
import type { Receipt } from '../../src/xmlx/types.ts';

export interface StoreFactory {
  /** A store on a new, empty database; `reopen` opens another store on the same database. */
  fresh(t: Test): Promise<{ store: LedgerStore; reopen(): Promise<LedgerStore> }>;
}

const SEED: SeedSpec = {
  currencies: [{ currencyId: 'USD', decimals: 2 }, { currencyId: 'EUR', decimals: 2 }],
  users: [{ userId: 'gateway', password: 'pw-gateway' }, { userId: 'tok', token: 'tok-token' }],
  accounts: [
    { accountId: 'ALICE', users: ['gateway'], balances: { USD: 1_000n, EUR: 50n } },
    { accountId: 'BOB', users: ['gateway'], balances: { USD: 300n } },
    { accountId: 'MERCHANT', users: ['gateway'], balances: { USD: 0n } },
    { accountId: 'CREDIT', users: ['gateway'], floor: -500n, balances: { USD: 0n } },
  ],
};

const T0 = 638_000_000_000_000_000n;

export function transfer(payer: string, payee: string, amount: bigint, transferId: string | null, extra: { currency?: string; fee?: bigint; memo?: string } = {}): NewEntry {
  const currencyId = extra.currency ?? 'USD';
  const fee = extra.fee ?? 0n;
  return {
    operation: { kind: 'transfer', transfer: { payer, payee, currencyId, amount, ...(transferId !== null ? { transferId } : {}), ...(extra.memo !== undefined ? { memo: extra.memo } : {}) } },
    userId: 'gateway', idemAccount: payer, transferId, payer, payee, currencyId, amount, payerAmount: amount + fee, payeeAmount: amount,
    postings: [
      { accountId: payer, currencyId, delta: -(amount + fee), enforceFloor: true },
      ...(fee > 0n ? [{ accountId: FEE_ACCOUNT, currencyId, delta: fee, enforceFloor: false }] : []),
      { accountId: payee, currencyId, delta: amount, enforceFloor: false },
    ],
  };
}

function withdraw(payer: string, amount: bigint, transferId: string, tokenId: string): NewEntry {
  return {
    operation: { kind: 'withdraw', withdraw: { payer, currencyId: 'USD', amount, valueToken: { type: 'hmac1', data: '' }, transferId } },
    userId: 'gateway', idemAccount: payer, transferId, payer, payee: TOKEN_FLOAT_ACCOUNT, currencyId: 'USD', amount, payerAmount: amount, payeeAmount: amount,
    postings: [{ accountId: payer, currencyId: 'USD', delta: -amount, enforceFloor: true }, { accountId: TOKEN_FLOAT_ACCOUNT, currencyId: 'USD', delta: amount, enforceFloor: false }],
    issuedToken: { tokenId, token: { type: 'hmac1', data: `token-${tokenId}` } },
  };
}

function settle(payee: string, amount: bigint, transferId: string, tokenId: string): NewEntry {
  return {
    operation: { kind: 'settle', settle: { payee, valueToken: { type: 'hmac1', data: `token-${tokenId}` }, transferId } },
    userId: 'gateway', idemAccount: payee, transferId, payer: TOKEN_FLOAT_ACCOUNT, payee, currencyId: 'USD', amount, payerAmount: amount, payeeAmount: amount,
    postings: [{ accountId: TOKEN_FLOAT_ACCOUNT, currencyId: 'USD', delta: -amount, enforceFloor: false }, { accountId: payee, currencyId: 'USD', delta: amount, enforceFloor: false }],
    settledTokenId: tokenId,
  };
}

function executed(t: Test, result: ExecuteResult, what: string): Receipt {
  if (result.status !== 'executed') {
    t.fail(`${what}: expected executed, got ${JSON.stringify(result, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))}`);
    throw new Error(what);
  }
  return result.receipt;
}

export function storeContract(t: Test, factory: StoreFactory): void {
  const seeded = async (t: Test) => {
    const opened = await factory.fresh(t);
    await opened.store.seed(SEED);
    return opened;
  };

  t.test('a new database is created once; secrets persist across opens', async (t) => {
    const { store, reopen } = await factory.fresh(t);
    t.equal(store.created, true);
    const key = await store.secret('k1');
    t.equal(key.length, 32);
    t.same(await store.secret('k1'), key, 'same secret on the second ask');
    t.notSame(await store.secret('k2'), key, 'a different name, a different secret');
    const again = await reopen();
    t.equal(again.created, false, 'reopening does not create');
    t.same(await again.secret('k1'), key, 'another store on the same database has the same secret');
  });

  t.test('seeded users, permissions, accounts and currencies', async (t) => {
    const { store } = await seeded(t);
    const user = await store.findUser('gateway');
    t.equal(user?.userId, 'gateway');
    t.equal(user?.frozen, false);
    t.ok(user?.passwordHash && !user.passwordHash.includes('pw-gateway'), 'password stored as a hash');
    t.equal(user?.tokenHash, null);
    t.ok((await store.findUser('tok'))?.tokenHash, 'token stored as a hash');
    t.equal(await store.findUser('nobody'), undefined);
    t.equal(await store.mayUse('gateway', 'ALICE'), true);
    t.equal(await store.mayUse('tok', 'ALICE'), false);
    t.equal(await store.accountExists('BOB'), true);
    t.equal(await store.accountExists(FEE_ACCOUNT), true, 'system accounts exist');
    t.equal(await store.accountExists('NOPE'), false);
    t.equal(await store.currencyExists('EUR'), true);
    t.equal(await store.currencyExists('GBP'), false);
    t.same(await store.balances('ALICE', undefined, T0), [
      { accountId: 'ALICE', currencyId: 'EUR', total: 50n, time: T0 }, { accountId: 'ALICE', currencyId: 'USD', total: 1_000n, time: T0 }]);
    t.same(await store.balances('ALICE', 'USD', T0), [{ accountId: 'ALICE', currencyId: 'USD', total: 1_000n, time: T0 }]);
  });

  t.test('a transfer executes once; its TransferId again is "already" with the same ReceiptId', async (t) => {
    const { store } = await seeded(t);
    const receipt = executed(t, await store.execute(transfer('ALICE', 'BOB', 100n, 'T1', { fee: 5n, memo: 'rent & co' }), T0), 'first');
    t.match(receipt, { time: T0, userId: 'gateway', payerAmount: 105n, operation: { kind: 'transfer', transfer: { payer: 'ALICE', payee: 'BOB', amount: 100n, transferId: 'T1', memo: 'rent & co' } } });
    t.same(await store.receiptByTransferId('ALICE', 'T1'), receipt, 'the lookup gives the receipt the execution gave');
    t.same(await store.execute(transfer('ALICE', 'BOB', 100n, 'T1'), T0 + 1n), { status: 'already', receiptId: receipt.receiptId });
    t.equal(await store.balanceOf('ALICE', 'USD'), 895n);
    t.equal(await store.balanceOf('BOB', 'USD'), 400n);
    t.equal(await store.balanceOf(FEE_ACCOUNT, 'USD'), 5n);
    t.equal(await store.countEntries(), 1);
    t.same(await store.entries(), [{ receiptId: receipt.receiptId, kind: 'transfer', payer: 'ALICE', payee: 'BOB', currencyId: 'USD', amount: 100n, transferId: 'T1' }]);
    t.equal(await store.receiptByTransferId('BOB', 'T1'), undefined, 'TransferIds are per payer account');
    executed(t, await store.execute(transfer('BOB', 'ALICE', 1n, 'T1'), T0), 'same TransferId, other payer');
    executed(t, await store.execute(transfer('ALICE', 'BOB', 1n, null), T0), 'no TransferId');
    executed(t, await store.execute(transfer('ALICE', 'BOB', 1n, null), T0), 'no TransferId, again');
    t.equal(await store.countEntries(), 4);
  });

  t.test('refusals write nothing', async (t) => {
    const { store } = await seeded(t);
    t.same(await store.execute(transfer('BOB', 'ALICE', 301n, 'X1'), T0), { status: 'refused', errno: Errno.INSUFFICIENT_FUNDS, text: "insufficient funds in 'BOB'" });
    t.match(await store.execute(transfer('ALICE', 'GHOST', 1n, 'X2'), T0), { status: 'refused', errno: Errno.NO_SUCH_ACCOUNT });
    t.match(await store.execute(transfer('MERCHANT', 'ALICE', 1n, 'X3', { currency: 'EUR' }), T0), { status: 'refused', errno: Errno.NO_SUCH_ACCOUNT }, 'no EUR subaccount to pay from');
    t.equal(await store.countEntries(), 0);
    t.equal(await store.balanceOf('BOB', 'USD'), 300n);
    t.equal(await store.balanceOf('GHOST', 'USD'), undefined);
    executed(t, await store.execute(transfer('BOB', 'ALICE', 300n, 'X1'), T0), 'a refused TransferId stays usable');
    executed(t, await store.execute(transfer('CREDIT', 'ALICE', 500n, 'C1'), T0), 'down to a negative floor');
    t.match(await store.execute(transfer('CREDIT', 'ALICE', 1n, 'C2'), T0), { status: 'refused', errno: Errno.INSUFFICIENT_FUNDS }, 'not below it');
    executed(t, await store.execute(transfer('ALICE', 'MERCHANT', 10n, 'E1', { currency: 'EUR' }), T0), 'a credit opens a subaccount');
    t.equal(await store.balanceOf('MERCHANT', 'EUR'), 10n);
  });

  t.test('withdraw issues a token, settle spends it once', async (t) => {
    const { store } = await seeded(t);
    const w = executed(t, await store.execute(withdraw('ALICE', 200n, 'W1', 'tok-1'), T0), 'withdraw');
    t.same(w.valueToken, { type: 'hmac1', data: 'token-tok-1' });
    t.same(await store.receiptByTransferId('ALICE', 'W1'), w);
    const s = executed(t, await store.execute(settle('MERCHANT', 200n, 'S1', 'tok-1'), T0), 'settle');
    t.match(s.operation, { kind: 'settle', settle: { payee: 'MERCHANT', transferId: 'S1' } });
    t.same(await store.execute(settle('MERCHANT', 200n, 'S2', 'tok-1'), T0), { status: 'refused', errno: Errno.TOKEN_SPENT, text: 'token already settled' });
    t.same(await store.execute(settle('MERCHANT', 200n, 'S3', 'tok-unknown'), T0), { status: 'refused', errno: Errno.BAD_TOKEN, text: 'token was never issued here' });
    t.same(await store.execute(settle('MERCHANT', 200n, 'S1', 'tok-1'), T0), { status: 'already', receiptId: s.receiptId });
    t.equal(await store.balanceOf('MERCHANT', 'USD'), 200n);
    t.equal(await store.balanceOf(TOKEN_FLOAT_ACCOUNT, 'USD'), 0n);
    t.equal(await store.countEntries(), 2);
  });

  t.test('the same TransferId twenty times at once: one execution, nineteen "already"', async (t) => {
    const { store } = await seeded(t);
    // The SQLite store answers synchronously, PostgreSQL with a promise: Promise.all takes both.
    // eslint-disable-next-line @typescript-eslint/await-thenable
    const results = await Promise.all(Array.from({ length: 20 }, () => store.execute(transfer('ALICE', 'BOB', 7n, 'SAME'), T0)));
    const winners = results.filter((r) => r.status === 'executed');
    t.equal(winners.length, 1);
    const id = winners[0].status === 'executed' ? winners[0].receipt.receiptId : '';
    t.same(results.filter((r) => r.status === 'already'), Array.from({ length: 19 }, () => ({ status: 'already', receiptId: id })));
    t.equal(await store.balanceOf('ALICE', 'USD'), 993n);
  });

  t.test('concurrent debits never go below the floor; a refusal in a burst affects no one else', async (t) => {
    const { store } = await seeded(t);
    // The SQLite store answers synchronously, PostgreSQL with a promise: Promise.all takes both.
    // eslint-disable-next-line @typescript-eslint/await-thenable
    const results = await Promise.all(Array.from({ length: 45 }, (_, i) => store.execute(
      i % 9 === 4 ? transfer('ALICE', 'GHOST', 1n, `G${i}`) : transfer('BOB', 'MERCHANT', 10n, `D${i}`), T0)));
    t.equal(results.filter((r) => r.status === 'executed').length, 30, 'exactly 300 / 10 debits');
    t.equal(results.filter((r) => r.status === 'refused' && r.errno === Errno.INSUFFICIENT_FUNDS).length, 10);
    t.equal(results.filter((r) => r.status === 'refused' && r.errno === Errno.NO_SUCH_ACCOUNT).length, 5);
    t.equal(await store.balanceOf('BOB', 'USD'), 0n);
    t.equal(await store.balanceOf('MERCHANT', 'USD'), 300n);
  });

  t.test('history: search, sort, limit', async (t) => {
    const { store } = await seeded(t);
    for (const [i, [payee, memo]] of (['BOB', 'MERCHANT', 'BOB', 'MERCHANT'] as const).map((p, i) => [p, i % 2 ? 'Coffee' : 'rent'] as const).entries()) {
      executed(t, await store.execute(transfer('ALICE', payee, BigInt(10 + i), `H${i}`, { memo }), T0 + BigInt(i)), `h${i}`);
    }
    const all = await store.history({ accountId: 'ALICE', limit: 10 });
    t.same(Array.isArray(all) && all.map((r) => r.operation.kind === 'transfer' && r.operation.transfer.transferId), ['H0', 'H1', 'H2', 'H3'], 'ledger order');
    const sorted = await store.history({ accountId: 'ALICE', limit: 10, sort: [{ tag: 'Payee', ascend: false }, { tag: 'Amount', ascend: false }] });
    t.same(Array.isArray(sorted) && sorted.map((r) => r.operation.kind === 'transfer' && r.operation.transfer.transferId), ['H3', 'H1', 'H2', 'H0']);
    const coffee = await store.history({ accountId: 'ALICE', limit: 10, search: { kind: 'search', not: false, tag: 'Memo', match: { kind: 'exact', value: 'COFFEE', caseSensitive: false } } });
    t.equal(Array.isArray(coffee) && coffee.length, 2, 'case-insensitive exact match');
    const none = await store.history({ accountId: 'ALICE', limit: 10, search: { kind: 'search', not: false, tag: 'Memo', match: { kind: 'exact', value: 'COFFEE', caseSensitive: true } } });
    t.same(none, [], 'case-sensitive exact match');
    const range = await store.history({ accountId: 'ALICE', limit: 10, search: {
      kind: 'composite', not: false, logic: 'and', items: [
        { kind: 'search', not: false, tag: 'Amount', match: { kind: 'range', from: '11', till: '12' } },
        { kind: 'search', not: true, tag: 'Payee', match: { kind: 'contains', value: 'ERCH', caseSensitive: true } }],
    } });
    t.same(Array.isArray(range) && range.map((r) => r.operation.kind === 'transfer' && r.operation.transfer.transferId), ['H2']);
    t.equal(await store.history({ accountId: 'ALICE', limit: 3 }), 'too-many');
    t.same(await store.history({ accountId: 'BOB', limit: 10, currencyId: 'EUR' }), []);
    const bob = await store.history({ accountId: 'BOB', limit: 10 });
    t.same(bob, (Array.isArray(all) ? all : []).filter((r) => r.operation.kind === 'transfer' && r.operation.transfer.payee === 'BOB'), 'the payee sees its receipts, as stored');
  });
}
