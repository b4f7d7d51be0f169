// The reliable client against a host it was not written with (test/xmlx/fixtures/rogue-host.ts): funds
// checked before the TransferId, answers dropped after executing, another serialiser, receipts signed
// by the documented canonical rule. Exactly once must hold all the same.
import t, { type Test } from 'tap';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { XmlxClient } from '../../src/xmlx/client.ts';
import { Errno } from '../../src/xmlx/errors.ts';
import type { XmlxClientOptions } from '../../src/xmlx/client-api.ts';
import { startRogueHost } from './fixtures/rogue-host.ts';
import { tempDir } from './fixtures/helpers.ts';

async function setUp(t: Test, options: Partial<XmlxClientOptions> = {}) {
  const host = await startRogueHost({ accounts: { ALICE: { USD: 100n }, BOB: { USD: 0n }, SHOP: { USD: 0n } }, users: { gateway: 'pw' } });
  t.teardown(() => host.close());
  const dir = tempDir(t);
  const journalPath = join(dir, 'journal.db');
  const client = await XmlxClient.open({
    hostUrl: host.url, journalPath, auth: { userId: 'gateway', password: 'pw' }, hostPublicKey: host.publicKeyPem,
    retry: { attempts: 4, initialDelayMs: 5, maxDelayMs: 20 }, timeoutMs: 2_000, ...options,
  });
  t.teardown(() => client.close());
  return { host, client, journalPath };
}

const pay = (amount: bigint, key = 'pay-1', memo?: string) => ({ businessKey: key, payer: 'ALICE', payee: 'SHOP', amount, currency: 'USD', ...(memo !== undefined ? { memo } : {}) });

/** Holds the journal's write lock from another connection, as another process could: the client's writes fail (busy). */
function lockJournal(path: string): () => void {
  const db = new DatabaseSync(path);
  db.exec('PRAGMA busy_timeout = 0');
  db.exec('BEGIN IMMEDIATE');
  return () => {
    db.exec('ROLLBACK');
    db.close();
  };
}

t.test('funds checked before the TransferId, first answer lost: the resend is refused 321, the history shows the execution: succeeded, once', async (t) => {
  const { host, client } = await setUp(t);
  host.faults.dropAnswers = 1;
  const outcome = await client.transfer(pay(100n));
  t.equal(outcome.status, 'succeeded', 'not failed: the refusal of a resend is settled by the history');
  t.ok(outcome.status === 'succeeded' && outcome.duplicate, 'the receipt recovered from the history');
  t.equal(host.executions('ALICE', client.transferIdFor('pay-1', 'ALICE')), 1);
  t.equal(host.balance('ALICE', 'USD'), 0n);
  t.same(client.journalCounts(), { pending: 0, succeeded: 1, failed: 0 });
});

t.test('a refusal of the first send is certain: failed at once, without a history lookup', async (t) => {
  const { host, client } = await setUp(t);
  const outcome = await client.transfer(pay(500n));
  t.match(outcome, { status: 'failed', errno: Errno.INSUFFICIENT_FUNDS, retryable: false });
  t.equal(host.entries(), 0);
});

t.test('receipts of another serialiser verify by the canonical rule (memo with markup characters and non-ASCII)', async (t) => {
  const { client } = await setUp(t);
  const outcome = await client.transfer(pay(7n, 'memo-1', ' Caf\u00e9 <b>&</b> ]]> \u20ac5 '));
  t.equal(outcome.status, 'succeeded', 'the rogue host signs its own XML, and the signature verifies');
});

t.test('a receipt whose signature does not verify is an alarm, not a retry: never resent, reported as such', async (t) => {
  const other = await startRogueHost({ accounts: {}, users: {} });
  const otherKey = other.publicKeyPem;
  await other.close();
  const { host, client } = await setUp(t, { hostPublicKey: otherKey });
  const first = await client.transfer(pay(10n));
  t.match(first, { status: 'unknown', alarm: 'receiptSignature' });
  t.equal(host.transferRequests(), 1, 'sent once, not retried');
  const again = await client.transfer(pay(10n));
  t.match(again, { status: 'unknown', alarm: 'receiptSignature' }, 'the same business key: the alarm, from the journal');
  const summary = await client.resolvePending();
  t.same(summary, { resolved: 0, unresolved: 0 }, 'an alarmed row is not part of the settling pass');
  t.equal(host.transferRequests(), 1, 'still one request');
  t.equal(host.executions('ALICE', first.transferId), 1);
});

t.test('an outcome the journal cannot take is not final, and an observed refusal is never resent', async (t) => {
  const { host, client, journalPath } = await setUp(t);
  // Executed, but the success cannot be journaled.
  let gate = host.holdNext();
  const running = client.transfer(pay(30n, 'ok-1'));
  await gate.arrived;
  let unlock = lockJournal(journalPath);
  gate.release();
  const unjournaled = await running;
  t.equal(unjournaled.status, 'unknown', 'a receipt that could not be journaled is reported unknown, not succeeded');
  unlock();
  const settled = await client.transfer(pay(30n, 'ok-1'));
  t.equal(settled.status, 'succeeded', 'journaled on the next call');
  t.equal(host.transferRequests(), 1, 'without sending it again');

  // Refused, and the refusal cannot be journaled; then funds arrive.
  gate = host.holdNext();
  const refusing = client.transfer(pay(1_000n, 'big-1'));
  await gate.arrived;
  unlock = lockJournal(journalPath);
  gate.release();
  t.equal((await refusing).status, 'unknown', 'a refusal that could not be journaled is reported unknown, not failed');
  unlock();
  host.credit('ALICE', 'USD', 10_000n);
  const final = await client.transfer(pay(1_000n, 'big-1'));
  t.match(final, { status: 'failed', errno: Errno.INSUFFICIENT_FUNDS }, 'the observed refusal is journaled and stands');
  t.equal(host.transferRequests(), 2, 'the refused transfer was not sent again, though it would now succeed');
  t.equal(host.executions('ALICE', final.transferId), 0);
});

t.test('resendRefused sends a refused transfer again under the same TransferId', async (t) => {
  const { host, client } = await setUp(t);
  const instruction = { businessKey: 'rev-1', payer: 'BOB', payee: 'ALICE', amount: 5n, currency: 'USD' };
  const refused = await client.transfer(instruction);
  t.match(refused, { status: 'failed', errno: Errno.INSUFFICIENT_FUNDS });
  host.credit('BOB', 'USD', 5n);
  t.match(await client.transfer(instruction), { status: 'failed' }, 'without the option: the journaled refusal');
  const resent = await client.transfer({ ...instruction, resendRefused: true });
  t.match(resent, { status: 'succeeded', transferId: refused.transferId }, 'the same TransferId');
  t.equal(host.executions('BOB', refused.transferId), 1);
  const twice = await client.transfer({ ...instruction, resendRefused: true });
  t.match(twice, { status: 'succeeded' }, 'a succeeded transfer is never resent');
  t.equal(host.executions('BOB', refused.transferId), 1);
});

t.test('late, reordered answers to 40 concurrent payments with dropped answers: each executed exactly once', async (t) => {
  const { host, client } = await setUp(t);
  host.credit('ALICE', 'USD', 10_000n);
  host.faults.delayMs = [0, 30];
  host.faults.dropAnswers = 8;
  const outcomes = await Promise.all(Array.from({ length: 40 }, (_, i) => client.transfer(pay(10n, `burst-${i}`))));
  const unknown = outcomes.filter((o) => o.status === 'unknown').length;
  t.equal(unknown, 0, 'every outcome settled');
  for (const o of outcomes) t.equal(host.executions('ALICE', o.transferId), o.status === 'succeeded' ? 1 : 0);
  t.equal(host.balance('SHOP', 'USD'), 10n * BigInt(outcomes.filter((o) => o.status === 'succeeded').length));
  t.equal(outcomes.filter((o) => o.status === 'succeeded').length, 40);
});
