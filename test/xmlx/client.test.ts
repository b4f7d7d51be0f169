import t, { type Test } from 'tap';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { XmlxClient } from '../../src/xmlx/client.ts';
import type { XmlxClientOptions } from '../../src/xmlx/client-api.ts';
import { Errno } from '../../src/xmlx/errors.ts';
import { memoText } from '../../src/xmlx/codec.ts';
import { startHost, tempDir } from './fixtures/helpers.ts';

type Fault = 'pass' | 'drop-after-execute' | 'drop-before' | 'delay' | 'http-500';

/** A real HTTP proxy in front of the host that can lose requests or answers. */
async function faultyProxy(t: Test, target: string, plan: (n: number) => Fault): Promise<{ url: string; seen: string[] }> {
  const seen: string[] = [];
  let n = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    // eslint-disable-next-line @typescript-eslint/no-misused-promises -- a test server: a failure shows as the client's error
    req.on('end', async () => {
      const body = Buffer.concat(chunks).toString('utf8');
      seen.push(body);
      const fault = plan(n++);
      if (fault === 'drop-before') return req.socket.destroy();
      if (fault === 'http-500') return res.writeHead(500).end('oops');
      const answer = await fetch(target, { method: 'POST', body, headers: { 'content-type': 'application/xml' } });
      const text = await answer.text();
      if (fault === 'drop-after-execute') return req.socket.destroy();
      if (fault === 'delay') await new Promise((r) => setTimeout(r, 400));
      if (!res.destroyed) res.writeHead(answer.status, { 'content-type': 'application/xml' }).end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/xmlx`, seen };
}

function clientOptions(dir: string, hostUrl: string, extra: Partial<XmlxClientOptions> = {}): XmlxClientOptions {
  return {
    hostUrl, journalPath: join(dir, 'journal.db'), auth: { userId: 'gateway', password: 'gateway-demo' },
    timeoutMs: 2_000, retry: { attempts: 4, initialDelayMs: 5, maxDelayMs: 20 }, ...extra,
  };
}

const pay = (key: string, amount = 100n) => ({ businessKey: key, payer: 'ALICE', payee: 'MERCHANT', amount, currency: 'USD', memo: 'PayId <42> & co' });

t.test('transfer succeeds once; the same business key never pays twice', async (t) => {
  const host = await startHost(t);
  const client = await XmlxClient.open(clientOptions(tempDir(t), host.url));
  t.teardown(() => client.close());
  const first = await client.transfer(pay('pay-1'));
  t.equal(first.status, 'succeeded');
  const again = await client.transfer(pay('pay-1'));
  t.same(again, first, 'answered from the journal');
  t.equal(host.store.countEntries(), 1);
  t.equal(client.transferIdFor('pay-1', 'ALICE'), first.transferId, 'deterministic');
  t.not(client.transferIdFor('pay-1', 'BOB'), first.transferId, 'per payer');
  t.same(client.journaledOutcome('pay-1', 'ALICE'), first);
  t.equal(client.journaledOutcome('nope', 'ALICE'), undefined);
  const conflict = await client.transfer(pay('pay-1', 999n));
  t.ok(conflict.status === 'failed' && conflict.errno === Errno.ALREADY && conflict.existingReceipt?.receiptId === (first.status === 'succeeded' && first.receipt.receiptId));
  const bal = await client.balance('ALICE', 'USD');
  t.ok(bal.status === 'ok' && bal.value[0].total === 99_900n);
  const hist = await client.history({ accountId: 'ALICE' });
  t.ok(hist.status === 'ok' && hist.value.length === 1);
  const refused = await client.balance('BOB-NOT-MINE');
  t.ok(refused.status === 'error' && refused.errno === Errno.NOT_AUTHORISED);
});

t.test('concurrent calls with one business key share one send', async (t) => {
  const host = await startHost(t);
  const client = await XmlxClient.open(clientOptions(tempDir(t), host.url));
  t.teardown(() => client.close());
  const outcomes = await Promise.all(Array.from({ length: 20 }, () => client.transfer(pay('same'))));
  t.ok(outcomes.every((o) => o.status === 'succeeded' && !o.duplicate));
  t.equal(host.store.countEntries(), 1);
});

t.test('a definite refusal is failed; an invalid instruction is refused before journaling', async (t) => {
  const host = await startHost(t);
  const client = await XmlxClient.open(clientOptions(tempDir(t), host.url));
  t.teardown(() => client.close());
  const poor = await client.transfer({ businessKey: 'big', payer: 'BOB', payee: 'MERCHANT', amount: 10_000n, currency: 'USD' });
  t.ok(poor.status === 'failed' && poor.errno === Errno.INSUFFICIENT_FUNDS && !poor.retryable);
  const negative = await client.transfer({ ...pay('neg'), amount: -1n });
  t.ok(negative.status === 'failed' && negative.errno === Errno.NAN);
  const blank = await client.transfer({ ...pay('blank'), payee: ' ' });
  t.ok(blank.status === 'failed' && blank.errno === Errno.CONTENT);
  t.same(client.journalCounts(), { pending: 0, succeeded: 0, failed: 1 });
});

t.test('answer lost after the host executed: unknown never becomes failed, and resolves to the original receipt', async (t) => {
  const host = await startHost(t);
  const proxy = await faultyProxy(t, host.url, (n) => (n < 2 ? 'drop-after-execute' : 'pass'));
  const client = await XmlxClient.open(clientOptions(tempDir(t), proxy.url));
  t.teardown(() => client.close());
  const outcome = await client.transfer(pay('lost-answer'));
  t.equal(outcome.status, 'succeeded');
  t.ok(outcome.status === 'succeeded' && outcome.duplicate, 'recovered through already + history');
  t.equal(host.store.countEntries(), 1, 'executed exactly once');
  const sends = proxy.seen.filter((b) => b.startsWith('<TransferRequest'));
  t.ok(sends.length >= 2 && sends.every((b) => b === sends[0]), 'every retry sent the same bytes');
});

t.test('timeouts and dropped connections leave the outcome unknown, resolvePending settles it', async (t) => {
  const host = await startHost(t);
  let healthy = false;
  const proxy = await faultyProxy(t, host.url, (n) => (healthy ? 'pass' : n % 3 === 0 ? 'delay' : n % 3 === 1 ? 'drop-before' : 'http-500'));
  const client = await XmlxClient.open(clientOptions(tempDir(t), proxy.url, { timeoutMs: 150, retry: { attempts: 3, initialDelayMs: 1, maxDelayMs: 2 } }));
  t.teardown(() => client.close());
  const outcome = await client.transfer(pay('flaky'));
  t.equal(outcome.status, 'unknown', 'never failed on a timeout');
  t.same(client.journalCounts(), { pending: 1, succeeded: 0, failed: 0 });
  healthy = true;
  t.same(await client.resolvePending(), { resolved: 1, unresolved: 0 });
  t.equal(host.store.countEntries(), 1);
  const final = client.journaledOutcome('flaky', 'ALICE');
  t.equal(final?.status, 'succeeded');
});

t.test('after a restart, pending transfers are resolved before new ones are sent', async (t) => {
  const host = await startHost(t);
  const dir = tempDir(t);
  let up = false;
  const proxy = await faultyProxy(t, host.url, () => (up ? 'pass' : 'drop-after-execute'));
  const first = await XmlxClient.open(clientOptions(dir, proxy.url, { retry: { attempts: 1, initialDelayMs: 1, maxDelayMs: 1 } }));
  t.equal((await first.transfer(pay('before-crash-1'))).status, 'unknown');
  t.equal((await first.transfer(pay('before-crash-2'))).status, 'unknown');
  await first.close();
  t.equal(host.store.countEntries(), 2, 'the host executed both; the client does not know');

  // Restarted while the host is still unreachable: nothing new is sent.
  const blocked = await XmlxClient.open(clientOptions(dir, 'http://127.0.0.1:9/xmlx', { timeoutMs: 200, retry: { attempts: 1, initialDelayMs: 1, maxDelayMs: 1 } }));
  const refused = await blocked.transfer(pay('new-one'));
  t.ok(refused.status === 'failed' && refused.errno === Errno.LATER && refused.retryable, 'new transfer refused, retryable');
  t.equal(blocked.journaledOutcome('new-one', 'ALICE'), undefined, 'and not journaled');
  await blocked.close();

  up = true;
  const restarted = await XmlxClient.open(clientOptions(dir, proxy.url));
  t.teardown(() => restarted.close());
  t.same(restarted.journalCounts(), { pending: 0, succeeded: 2, failed: 0 }, 'recovered on open');
  t.equal((await restarted.transfer(pay('new-one'))).status, 'succeeded');
  t.equal(host.store.countEntries(), 3);
  // The process after the restart sent exactly the bytes the first process sent.
  const sendsOf = (id: string): Set<string> => new Set(proxy.seen.filter((b) => b.startsWith('<TransferRequest') && b.includes(id)));
  for (const key of ['before-crash-1', 'before-crash-2']) {
    const sends = sendsOf(restarted.transferIdFor(key, 'ALICE'));
    t.equal(sends.size, 1, `${key}: one byte sequence across both processes`);
  }
  const id1 = restarted.transferIdFor('before-crash-1', 'ALICE');
  t.ok(proxy.seen.filter((b) => b.startsWith('<TransferRequest') && b.includes(id1)).length >= 2, 'sent before and after the restart');
});

t.test('100 clients send one payment at once: one ledger entry, 99 duplicates resolve to the same receipt', async (t) => {
  const host = await startHost(t);
  const dir = tempDir(t);
  const clients = await Promise.all(Array.from({ length: 100 }, (_, i) => XmlxClient.open(clientOptions(join(dir, `c${i}`), host.url))));
  t.teardown(() => Promise.all(clients.map((c) => c.close())));
  const outcomes = await Promise.all(clients.map((c) => c.transfer(pay('PAYID-shared'))));
  t.equal(host.store.countEntries(), 1);
  t.ok(outcomes.every((o) => o.status === 'succeeded'));
  const ids = new Set(outcomes.map((o) => (o.status === 'succeeded' ? o.receipt.receiptId : '')));
  t.equal(ids.size, 1, 'one receipt');
  t.equal(outcomes.filter((o) => o.status === 'succeeded' && o.duplicate).length, 99);
});

t.test('a credential refusal on a retry does not turn an unknown transfer into failed', async (t) => {
  const host = await startHost(t);
  const dir = tempDir(t);
  const proxy = await faultyProxy(t, host.url, () => 'drop-after-execute');
  const first = await XmlxClient.open(clientOptions(dir, proxy.url, { retry: { attempts: 1, initialDelayMs: 1, maxDelayMs: 1 } }));
  t.equal((await first.transfer(pay('cred'))).status, 'unknown');
  await first.close();
  const wrong = await XmlxClient.open(clientOptions(dir, host.url, { auth: { userId: 'gateway', password: 'rotated' }, retry: { attempts: 2, initialDelayMs: 1, maxDelayMs: 1 } }));
  t.teardown(() => wrong.close());
  t.equal((await wrong.transfer(pay('cred'))).status, 'unknown');
  t.same(wrong.journalCounts(), { pending: 1, succeeded: 0, failed: 0 });
});

t.test('token credentials work for queries and transfers', async (t) => {
  const host = await startHost(t);
  const client = await XmlxClient.open(clientOptions(tempDir(t), host.url, { auth: { userId: 'merchant', token: 'merchant-demo-token' } }));
  t.teardown(() => client.close());
  const balance = await client.balance('MERCHANT', 'USD');
  t.ok(balance.status === 'ok' && balance.value[0].total === 0n);
  const zero = await client.transfer({ businessKey: 'refund-0', payer: 'MERCHANT', payee: 'BOB', amount: 0n, currency: 'USD' });
  t.equal(zero.status, 'succeeded');
});

t.test('non-ASCII text and XML metacharacters survive journal, wire and ledger', async (t) => {
  const host = await startHost(t);
  const client = await XmlxClient.open(clientOptions(tempDir(t), host.url));
  t.teardown(() => client.close());
  const memo = 'Café ☕ — 10 × <espresso> & "crème" \'brûlée\'\n\tline two  ';
  const outcome = await client.transfer({ businessKey: 'unicode-ÄÖÜ-€', payer: 'ALICE', payee: 'MERCHANT', amount: 350n, currency: 'USD', memo });
  t.equal(outcome.status, 'succeeded');
  const mine = await client.history({ accountId: 'ALICE' });
  t.ok(mine.status === 'ok');
  if (mine.status === 'ok' && mine.value[0].operation.kind === 'transfer') {
    const raw = mine.value[0].operation.transfer.memo ?? '';
    t.equal(memoText(raw), memo, 'the memo text comes back exactly');
  }
});

t.test('with the host key configured, only receipts that verify count as proof', async (t) => {
  const host = await startHost(t);
  const other = await startHost(t);
  const dir = tempDir(t);
  const trusting = await XmlxClient.open(clientOptions(join(dir, 'a'), host.url, { hostPublicKey: host.receiptPublicKey }));
  t.teardown(() => trusting.close());
  t.equal((await trusting.transfer(pay('signed-1'))).status, 'succeeded');
  const wrongKey = await XmlxClient.open(clientOptions(join(dir, 'b'), host.url, { hostPublicKey: other.receiptPublicKey, retry: { attempts: 2, initialDelayMs: 1, maxDelayMs: 1 } }));
  t.teardown(() => wrongKey.close());
  const outcome = await wrongKey.transfer(pay('signed-2'));
  t.equal(outcome.status, 'unknown', 'an unverifiable receipt is neither success nor failure');
  t.equal(host.store.countEntries(), 2);
  // The already-path receipt (from History) is verified too.
  const second = await XmlxClient.open(clientOptions(join(dir, 'c'), host.url, { hostPublicKey: host.receiptPublicKey }));
  t.teardown(() => second.close());
  const dup = await second.transfer(pay('signed-1'));
  t.ok(dup.status === 'succeeded' && dup.duplicate);
});
