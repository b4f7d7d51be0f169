// Several XML-X host processes on one PostgreSQL ledger (a server this file starts): the same
// TransferIds sent to two hosts at once, a host SIGKILLed mid-burst behind a load balancer, the
// database crash-restarted mid-burst. Every transfer must be in the ledger exactly once and every
// retry answered with the original receipt.
import t, { type Test } from 'tap';
import { join } from 'node:path';
import pg from 'pg';
import { startHostProcess, type HostProcess } from '../../bench/xmlx-host-process.ts';
import { deriveTransferId, XmlxClient } from '../../src/xmlx/client.ts';
import { Errno } from '../../src/xmlx/errors.ts';
import type { Receipt } from '../../src/xmlx/types.ts';
import { startBalancer } from './fixtures/balancer.ts';
import { AUTH, post, tempDir, transferRequest } from './fixtures/helpers.ts';
import { startPgServer } from './fixtures/pg-server.ts';

const server = await startPgServer({ fsync: false });
t.teardown(() => server.destroy());
let databases = 0;

async function hosts(t: Test, count: number): Promise<{ url: string; procs: HostProcess[]; start(): Promise<HostProcess> }> {
  const url = await server.createDatabase(`fleet_${(databases += 1)}`);
  const procs: HostProcess[] = [];
  const start = async () => {
    const proc = await startHostProcess(tempDir(t), { postgresUrl: url, poolSize: 4 });
    procs.push(proc);
    t.teardown(() => proc.stop());
    return proc;
  };
  // Started at once: they race for the schema migration and the demo seed.
  await Promise.all(Array.from({ length: count }, start));
  return { url, procs, start };
}

async function ledger(url: string): Promise<Map<string, { receiptId: string; amount: bigint }>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ seq: string; transfer_id: string; amount: string }>('SELECT seq, transfer_id, amount FROM xmlx.entries');
    const byId = new Map<string, { receiptId: string; amount: bigint }>();
    for (const row of rows) {
      if (byId.has(row.transfer_id)) throw new Error(`TransferId ${row.transfer_id} twice in the ledger`);
      byId.set(row.transfer_id, { receiptId: `R${row.seq}`, amount: BigInt(row.amount) });
    }
    return byId;
  } finally {
    await client.end();
  }
}

async function balance(url: string, account: string): Promise<bigint> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ balance: string }>(`SELECT balance FROM xmlx.subaccounts WHERE account_id = $1 AND currency_id = 'USD'`, [account]);
    return BigInt(rows[0].balance);
  } finally {
    await client.end();
  }
}

/** Pays `count` transfers through the reliable client, calling `at(done)` after each completion; checks the ledger after. */
async function burst(t: Test, fleetUrl: string, lbUrl: string, count: number, at: (done: number) => Promise<void>): Promise<void> {
  const client = await XmlxClient.open({
    hostUrl: lbUrl, journalPath: join(tempDir(t), 'journal.db'), auth: { userId: 'gateway', password: 'gateway-demo' },
    timeoutMs: 60_000, retry: { attempts: 3, initialDelayMs: 10, maxDelayMs: 200 },
  });
  const receipts = new Map<number, { receipt: Receipt; duplicate: boolean }>();
  let next = 0;
  let done = 0;
  await Promise.all(Array.from({ length: 16 }, async () => {
    while (next < count) {
      const i = next++;
      for (;;) {
        const outcome = await client.transfer({ businessKey: `b-${i}`, payer: 'ALICE', payee: 'MERCHANT', amount: BigInt(i + 1), currency: 'USD' });
        if (outcome.status === 'succeeded') {
          receipts.set(i, { receipt: outcome.receipt, duplicate: outcome.duplicate });
          break;
        }
        if (outcome.status === 'failed' && !outcome.retryable) throw new Error(`transfer ${i} failed: ${outcome.errno} ${outcome.text}`);
      }
      done += 1;
      await at(done);
    }
  }));
  await client.close();

  const entries = await ledger(fleetUrl);
  t.equal(entries.size, count, 'one ledger entry per payment');
  let total = 0n;
  let mismatched = 0;
  for (let i = 0; i < count; i += 1) {
    const entry = entries.get(deriveTransferId('', 'ALICE', `b-${i}`));
    const answered = receipts.get(i);
    if (!entry || entry.amount !== BigInt(i + 1) || answered?.receipt.receiptId !== entry.receiptId) mismatched += 1;
    total += BigInt(i + 1);
  }
  t.equal(mismatched, 0, 'every payment answered with the receipt of its one ledger entry');
  t.equal(await balance(fleetUrl, 'ALICE'), 100_000n - total, 'the payer paid each once');
  t.equal(await balance(fleetUrl, 'MERCHANT'), total, 'the payee received each once');
  t.comment(`${[...receipts.values()].filter((r) => r.duplicate).length} receipts recovered through "already"`);
}

t.test('two host processes, the same TransferIds sent to both at once: one executes, the other says already with its ReceiptId', async (t) => {
  const fleet = await hosts(t, 2);
  const [a, b] = fleet.procs;
  const N = 100;
  const send = (url: string, i: number) => post(url, transferRequest(AUTH.gateway, { payer: 'ALICE', payee: 'MERCHANT', amount: BigInt(i + 1), transferId: `DUP-${i}` }));
  const pairs = await Promise.all(Array.from({ length: N }, (_, i) => Promise.all([send(a.url, i), send(b.url, i)])));
  let wrong = 0;
  const original = new Map<number, string>();
  for (const [i, answers] of pairs.entries()) {
    const receipts = answers.flatMap((x) => (x.doc.kind === 'TransferResponse' ? [x.doc.receipt.receiptId] : []));
    const already = answers.flatMap((x) => (x.doc.kind === 'ErrorResponse' && x.doc.errno === Errno.ALREADY ? [x.doc.additional] : []));
    if (receipts.length !== 1 || already.length !== 1 || already[0] !== `original ReceiptId ${receipts[0]}`) wrong += 1;
    else original.set(i, receipts[0]);
  }
  t.equal(wrong, 0, 'each pair: one receipt, one "already" naming it');
  const entries = await ledger(fleet.url);
  t.equal(entries.size, N, 'each TransferId once in the ledger');
  t.equal(await balance(fleet.url, 'ALICE'), 100_000n - BigInt((N * (N + 1)) / 2), 'seeded once, each amount debited once');
  const retries = await Promise.all(Array.from({ length: N }, (_, i) => send(i % 2 ? a.url : b.url, i)));
  t.equal(retries.filter((r, i) => r.doc.kind === 'ErrorResponse' && r.doc.errno === Errno.ALREADY && r.doc.additional === `original ReceiptId ${original.get(i)}`).length, N,
    'a later retry at either host names the original receipt');
});

t.test('a host process SIGKILLed mid-burst behind a load balancer: every transfer exactly once', async (t) => {
  const fleet = await hosts(t, 3);
  const lb = await startBalancer(fleet.procs.map((p) => p.url));
  t.teardown(() => lb.close());
  await burst(t, fleet.url, lb.url, 300, async (done) => {
    if (done === 60) await fleet.procs[0].kill();
    if (done === 150) {
      await fleet.procs[1].kill();
      lb.backends.push((await fleet.start()).url);
    }
  });
});

t.test('the database crash-restarted mid-burst: hosts retry, every transfer exactly once', async (t) => {
  const fleet = await hosts(t, 2);
  const lb = await startBalancer(fleet.procs.map((p) => p.url));
  t.teardown(() => lb.close());
  let restarts = 0;
  await burst(t, fleet.url, lb.url, 300, async (done) => {
    if (done === 80 || done === 200) {
      restarts += 1;
      await server.crash();
      await server.start();
    }
  });
  t.equal(restarts, 2);
});
