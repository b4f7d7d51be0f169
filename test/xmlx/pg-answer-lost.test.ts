// "Committed, but the answer never arrived": a TCP proxy between a host's store and a real
// PostgreSQL server lets execute_batch run and commit, waits for the server's ReadyForQuery (sent
// only after the commit), then cuts the connection instead of passing the answer on. The store
// must retry the same batch, recognise its own committed attempt, and answer with that entry's
// receipt: one ledger entry, no second posting, no "already" given to the original caller.
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import t, { type Test } from 'tap';
import { PgLedgerStore } from '../../src/xmlx/pg-store.ts';
import { startPgServer } from './fixtures/pg-server.ts';
import { transfer } from './store-contract.ts';

const T0 = 638_000_000_000_000_000n;
/** ReadyForQuery: 'Z', length 5, then the transaction status byte. */
const READY_FOR_QUERY = Buffer.from([0x5a, 0, 0, 0, 5]);

interface LossyProxy { port: number; cuts: number; arm(marker: string, times: number): void; close(): Promise<void> }

async function lossyProxy(upstreamPort: number): Promise<LossyProxy> {
  let armedMarker = '';
  let remaining = 0;
  const sockets = new Set<Socket>();
  const proxy: LossyProxy = {
    port: 0,
    cuts: 0,
    arm(marker, times) { armedMarker = marker; remaining = times; },
    close: () => new Promise<void>((resolve) => { for (const s of sockets) s.destroy(); server.close(() => resolve()); }),
  };
  const server: Server = createServer((client) => {
    const upstream = createConnection({ host: '127.0.0.1', port: upstreamPort });
    sockets.add(client).add(upstream);
    let cutting = false;
    let held: Buffer[] = [];
    const cut = () => { client.destroy(); upstream.destroy(); };
    client.on('data', (chunk) => {
      if (remaining > 0 && armedMarker !== '' && chunk.includes(armedMarker)) {
        remaining -= 1;
        cutting = true;
        held = [];
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      if (!cutting) return void client.write(chunk);
      held.push(chunk);
      // Everything the server says about the statement is held back; once it reports ready (the
      // commit is done), the connection dies with the answer undelivered.
      if (Buffer.concat(held).includes(READY_FOR_QUERY)) {
        proxy.cuts += 1;
        cut();
      }
    });
    client.on('error', cut).on('close', cut);
    upstream.on('error', cut).on('close', cut);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  proxy.port = typeof address === 'object' && address !== null ? address.port : 0;
  return proxy;
}

const pgServer = await startPgServer({ fsync: false });
t.teardown(() => pgServer.destroy());

async function storeBehindProxy(t: Test, name: string): Promise<{ store: PgLedgerStore; proxy: LossyProxy; direct: PgLedgerStore }> {
  const url = new URL(await pgServer.createDatabase(name));
  const proxy = await lossyProxy(Number(url.port));
  const proxied = new URL(url.toString());
  proxied.host = `127.0.0.1:${proxy.port}`;
  const store = await PgLedgerStore.open({ connectionString: proxied.toString(), poolSize: 2 });
  const direct = await PgLedgerStore.open({ connectionString: url.toString(), poolSize: 2 });
  t.teardown(async () => { await store.close(); await direct.close(); await proxy.close(); });
  await direct.seed({
    currencies: [{ currencyId: 'USD', decimals: 2 }],
    users: [{ userId: 'gateway', password: 'pw-gateway' }],
    accounts: [{ accountId: 'ALICE', users: ['gateway'], balances: { USD: 1_000n } }, { accountId: 'BOB', users: ['gateway'], balances: { USD: 0n } }],
  });
  return { store, proxy, direct };
}

t.test('the commit of a single transfer succeeds and its answer is lost: the retry answers executed, with the stored receipt, once', async (t) => {
  const { store, proxy, direct } = await storeBehindProxy(t, 'lost_one');
  proxy.arm('execute_batch', 1);
  const result = await store.execute(transfer('ALICE', 'BOB', 100n, 'L1'), T0);
  t.equal(proxy.cuts, 1, 'the answer of the committing attempt was cut off');
  t.equal(result.status, 'executed', 'the caller hears executed, not already');
  const stored = await direct.receiptByTransferId('ALICE', 'L1');
  t.ok(stored, 'the entry is in the ledger');
  if (result.status === 'executed') t.same(result.receipt, stored, 'the answer is the receipt the first attempt committed');
  t.equal(await direct.countEntries(), 1, 'one ledger entry');
  t.equal(await direct.balanceOf('ALICE', 'USD'), 900n, 'debited once');
  t.equal(await direct.balanceOf('BOB', 'USD'), 100n, 'credited once');
  t.same(await store.execute(transfer('ALICE', 'BOB', 100n, 'L1'), T0 + 1n), { status: 'already', receiptId: stored?.receiptId }, 'a later resend is already, same ReceiptId');
});

t.test('a group commit of many transfers loses its answer twice in a row: every caller gets its own receipt, each transfer posted once', async (t) => {
  const { store, proxy, direct } = await storeBehindProxy(t, 'lost_batch');
  proxy.arm('execute_batch', 2);
  const ids = Array.from({ length: 40 }, (_, i) => `B${i}`);
  const results = await Promise.all(ids.map((id) => store.execute(transfer('ALICE', 'BOB', 1n, id), T0)));
  t.ok(proxy.cuts >= 2, `answers cut off: ${proxy.cuts}`);
  t.same(results.map((r) => r.status), ids.map(() => 'executed'), 'every caller hears executed');
  const receiptIds = new Set(results.map((r) => (r.status === 'executed' ? r.receipt.receiptId : '')));
  t.equal(receiptIds.size, ids.length, 'each its own receipt');
  t.equal(await direct.countEntries(), ids.length, 'one ledger entry per transfer');
  t.equal(await direct.balanceOf('ALICE', 'USD'), 1_000n - BigInt(ids.length), 'debited once per transfer');
});
