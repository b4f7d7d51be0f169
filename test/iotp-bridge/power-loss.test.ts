// Power loss under payments (issue 13, item 5). The XML-X host and the Payment Handler bridge run in
// their own processes under the power-loss shim; in each round payments are in flight when both are
// killed and every file is put back to its last fsync (what a machine that loses power keeps), then
// both start again and the Application Core settles what it has no final answer for. Checked after
// every round: no payment the Application Core was told had completed is lost or un-completed (the
// bridge's synchronous=NORMAL commits of a host's answer may vanish, to be derived again from the
// XML-X client's journal); and at the end the ledger holds exactly one transfer per payment.
// POWER_LOSS_ROUNDS=n runs more rounds (default 4).
import t from 'tap';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteDatabase } from '../../src/storage/sqlite.ts';
import { XmlxClient, startXmlxHost } from '../../src/xmlx/index.ts';
import { cutPower, powerLossEnv } from '../fixtures/power-loss/index.ts';
import { requestXml, tempDir } from './fixtures/helpers.ts';
import { amountOf, post, sendPayments, settleAfterRestart, sleep, startBridgeProcess, startHostProcess, type Child } from './fixtures/crash.ts';

const ROUNDS = Number(process.env.POWER_LOSS_ROUNDS ?? 4);
// ALICE's 1,000 USD of the demo seed pays about 650 payments of 1.00-1.99 USD.
if (!(ROUNDS >= 1 && ROUNDS <= 25)) throw new Error('POWER_LOSS_ROUNDS must be 1 to 25');
const PER_ROUND = 24;
// Random cut points, reproducible: the seed is printed; POWER_LOSS_SEED=s replays a run.
const SEED = Number(process.env.POWER_LOSS_SEED ?? Math.floor(Math.random() * 2 ** 31));
let state = SEED;
/** Park-Miller: enough to spread cut points, and replayable from the seed. */
const random = (): number => {
  state = (state * 48271) % 2147483647 || 1;
  return state / 2147483647;
};

/** The payment log's states as the disk has them after a cut, read from a copy (opening the file itself would checkpoint it behind the shim's back). */
function paymentStatesOnDisk(dir: string): Map<string, string> {
  const copy = tempDirNow();
  try {
    for (const f of ['ph-log.db', 'ph-log.db-wal']) if (existsSync(join(dir, f))) copyFileSync(join(dir, f), join(copy, f));
    const db = new SqliteDatabase(join(copy, 'ph-log.db'));
    try {
      const rows = db.prepare('SELECT pay_id, state FROM payments').all() as { pay_id: string; state: string }[];
      return new Map(rows.map((r) => [r.pay_id.slice(r.pay_id.lastIndexOf('|') + 1), r.state]));
    } finally {
      db.close();
    }
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

const tempDirNow = () => mkdtempSync(join(tmpdir(), 'iotp-power-copy-'));

async function processState(url: string, i: number): Promise<string> {
  const state = await post(url, requestXml('InquireProcessState', { PayId: `P-${i}` }));
  return state.error?.code ?? state.body.attrs.ProcessState;
}

t.test(`power cut in the middle of payments, ${ROUNDS} rounds: nothing acknowledged is lost, every transfer exactly once`, async (t) => {
  const dir = tempDir(t, 'iotp-power-');
  const env = powerLossEnv(dir);
  const hostDb = join(dir, 'host.db');
  let host: Child = await startHostProcess(hostDb, env);
  let bridge: Child = await startBridgeProcess(dir, host.url, env);
  t.teardown(async () => {
    await bridge.kill();
    await host.kill();
  });

  const totals = { acknowledged: 0, rederived: 0, unanswered: 0, rolledBack: new Set<string>(), vanished: new Set<string>() };
  for (let round = 0; round < ROUNDS; round += 1) {
    const from = round * PER_ROUND;
    const to = from + PER_ROUND;
    // Where the power goes in a busy round: after a random number of answers (1 to PER_ROUND - 4).
    const cutAfter = 1 + Math.floor(random() * (PER_ROUND - 4));
    let traffic: ReturnType<typeof sendPayments>;
    if (round % 2 === 0) {
      // Busy: 8 in flight, the power goes while some are at the host.
      traffic = sendPayments(bridge.url, from, to, 8);
      while (traffic.answers.size < cutAfter) await sleep(1);
    } else {
      // Quiet: one payment alone, the power goes right after its answer, before any other commit
      // could sync the bridge's last (NORMAL) one.
      traffic = sendPayments(bridge.url, from, from + 1, 1);
      await traffic.done;
    }
    await Promise.all([bridge.kill(), host.kill()]);
    await traffic.done;
    const cut = cutPower(dir);
    for (const f of cut.rolledBack) totals.rolledBack.add(f);
    for (const f of cut.vanished) totals.vanished.add(f);

    const survived = paymentStatesOnDisk(dir);
    host = await startHostProcess(hostDb, env);
    bridge = await startBridgeProcess(dir, host.url, env);
    const acknowledged = [...traffic.answers].filter(([, a]) => a.body.attrs.ContStatus === 'End' && a.error === undefined).map(([i]) => i);
    totals.acknowledged += acknowledged.length;
    for (const i of acknowledged) {
      const onDisk = survived.get(`P-${i}`);
      t.ok(onDisk !== undefined, `P-${i}: answered completed before the power cut, still in the payment log after it`);
      if (onDisk !== 'CompletedOk') totals.rederived += 1;
      // Not settled by the Application Core: the bridge must find the outcome by itself.
      let state = await processState(bridge.url, i);
      for (let tries = 0; state !== 'CompletedOk' && tries < 200; tries += 1) {
        await sleep(50);
        state = await processState(bridge.url, i);
      }
      t.equal(state, 'CompletedOk', `P-${i}: completed, as the Application Core was told`);
    }
    for (let i = from; i < to; i += 1) {
      if (acknowledged.includes(i)) continue;
      totals.unanswered += 1;
      await settleAfterRestart(bridge.url, i);
    }
  }
  const n = ROUNDS * PER_ROUND;
  const states = await Promise.all(Array.from({ length: n }, (_, i) => processState(bridge.url, i)));
  t.same(states, Array<string>(n).fill('CompletedOk'), 'every payment completed');
  t.same((await post(bridge.url, requestXml('InquirePendingPayment'))).body.children, [], 'nothing left pending');
  if (ROUNDS >= 2) t.ok(totals.rederived > 0, 'a cut lost a NORMAL commit at least once (else this test no longer covers that loss)');
  t.comment(`seed ${SEED}: ${ROUNDS} power cuts, ${n} payments: ${totals.acknowledged} acknowledged before a cut (${totals.rederived} of them not CompletedOk in the payment log after the cut: completed again from the client journal), ${totals.unanswered} settled by the Application Core; files rolled back: ${[...totals.rolledBack].sort().join(', ')}; vanished: ${[...totals.vanished].sort().join(', ') || 'none'}`);
  await bridge.kill();
  await host.kill();

  // The ledger, read by this process once both are down.
  const seeded = await startXmlxHost({ dbPath: join(tempDir(t, 'iotp-power-seed-'), 'host.db'), port: 0, logger: false });
  const base = seeded.store.countEntries();
  await seeded.close();
  const ledger = await startXmlxHost({ dbPath: hostDb, port: 0, logger: false });
  t.teardown(() => ledger.close());
  const ids = await XmlxClient.open({ hostUrl: ledger.url, journalPath: join(tempDir(t, 'iotp-power-ids-'), 'ids.db'), auth: { userId: 'gateway', password: 'gateway-demo' } });
  t.teardown(() => ids.close());
  const entries = ledger.store.entries().slice(base);
  t.equal(entries.length, n, 'the host executed exactly one transfer per payment');
  t.same(new Set(entries.map((e) => e.transferId)), new Set(Array.from({ length: n }, (_, i) => ids.transferIdFor(`iotp/ph/P-${i}`, 'ALICE'))), 'with the TransferIds derived from the PayIds');
  const total = Array.from({ length: n }, (_, i) => BigInt(amountOf(i))).reduce((a, b) => a + b, 0n);
  t.equal(ledger.store.balanceOf('MERCHANT', 'USD'), total, 'the merchant received each payment once');
  t.equal(ledger.store.balanceOf('ALICE', 'USD'), 100_000n - total, 'the payer was debited each payment once');
});
