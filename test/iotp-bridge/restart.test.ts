// A Payment Handler bridge killed (SIGKILL) in the middle of 100 payments and started again: each payment
// ends completed exactly once, the unfinished ones are found through InquirePendingPayment, and the host's
// ledger agrees with the payment log.
import t from 'tap';
import { join } from 'node:path';
import { XmlxClient, startXmlxHost } from '../../src/xmlx/index.ts';
import { requestXml, tempDir, type Answer } from './fixtures/helpers.ts';
import { post, settleAfterRestart, sleep, startBridgeProcess, startRequest } from './fixtures/crash.ts';

const N = 100;

t.test('kill -9 in the middle of 100 payments, restart, resolve', async (t) => {
  const dir = tempDir(t, 'iotp-restart-');
  const host = await startXmlxHost({ dbPath: join(dir, 'host.db'), port: 0, logger: false });
  t.teardown(() => host.close());
  const base = host.store.countEntries();

  let first = await startBridgeProcess(dir, host.url);
  t.teardown(() => first.kill());
  const answers = new Map<number, Answer>();
  // An Application Core with 10 payments in flight at a time; the process dies once 40 are answered.
  let next = 0;
  const worker = async () => {
    while (next < N && answers.size < 40) {
      const i = next;
      next += 1;
      try {
        answers.set(i, await post(first.url, startRequest(i)));
      } catch {
        return;
      }
    }
  };
  let stopped = false;
  const workers = Promise.all(Array.from({ length: 10 }, worker)).finally(() => (stopped = true));
  while (answers.size < 40 && !stopped) await sleep(1);
  first.child.kill('SIGKILL');
  await workers;
  t.ok(answers.size >= 40, 'the bridge answered before it was killed');
  const executedAtKill = host.store.countEntries() - base;
  t.ok(executedAtKill < N, `killed with ${executedAtKill} of ${N} transfers executed and ${answers.size} answers delivered`);

  first = await startBridgeProcess(dir, host.url);
  const url = first.url;
  const pending = (await post(url, requestXml('InquirePendingPayment'))).body.children.map((c) => c.attrs.PayId);
  const unanswered: number[] = [];
  for (let i = 0; i < N; i += 1) if (answers.get(i)?.body.attrs.ContStatus !== 'End') unanswered.push(i);
  for (const payId of pending) t.ok(unanswered.includes(Number(payId.slice(2))), `${payId} pending only if its answer was lost`);

  const ids = await XmlxClient.open({ hostUrl: host.url, journalPath: join(dir, 'ids.db'), auth: { userId: 'gateway', password: 'gateway-demo' } });
  t.teardown(() => ids.close());
  const executed = new Set(host.store.entries().slice(base).map((e) => e.transferId));
  const kinds = { completed: 0, pending: 0, neverLogged: 0 };
  for (const i of unanswered) {
    const state = await post(url, requestXml('InquireProcessState', { PayId: `P-${i}` }));
    if (state.error?.code === 'AttValIllegal') {
      kinds.neverLogged += 1;
      t.notOk(executed.has(ids.transferIdFor(`iotp/ph/P-${i}`, 'ALICE')), `P-${i} unknown to the log, so no money moved for it`);
    } else if (state.body.attrs.ProcessState === 'CompletedOk') kinds.completed += 1;
    else {
      kinds.pending += 1;
      t.ok(pending.includes(`P-${i}`), `P-${i} (${state.body.attrs.ProcessState}) is listed by InquirePendingPayment`);
    }
  }
  t.comment(`after the restart, of ${unanswered.length} unanswered payments: ${JSON.stringify(kinds)}`);

  // What an Application Core does after the power failure: ask, then resume or resend.
  for (const i of unanswered) await settleAfterRestart(url, i);
  const states = await Promise.all(Array.from({ length: N }, (_, i) => post(url, requestXml('InquireProcessState', { PayId: `P-${i}` }))));
  t.same(states.map((s) => s.body.attrs.ProcessState), Array(N).fill('CompletedOk'), 'every payment completed');
  t.same((await post(url, requestXml('InquirePendingPayment'))).body.children, [], 'nothing left pending');
  first.child.kill('SIGKILL');
  const entries = host.store.entries().slice(base);
  t.equal(entries.length, N, 'the host executed exactly one transfer per payment');
  const expectedIds = new Set(Array.from({ length: N }, (_, i) => ids.transferIdFor(`iotp/ph/P-${i}`, 'ALICE')));
  t.same(new Set(entries.map((e) => e.transferId)), expectedIds, 'with the TransferIds derived from the PayIds');
  const total = Array.from({ length: N }, (_, i) => BigInt(100 + i)).reduce((a, b) => a + b, 0n);
  t.equal(host.store.balanceOf('MERCHANT', 'USD'), total, 'the merchant received each payment once');
  t.equal(host.store.balanceOf('ALICE', 'USD'), 100_000n - total);
});
