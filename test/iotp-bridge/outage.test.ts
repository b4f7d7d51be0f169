// The payment host unreachable mid-payment, then back: CompletedOk exactly once, or Failed with nothing moved (net).
import t from 'tap';
import type { XmlElement } from '../../src/iotp-bridge/index.ts';
import { HOUR, isoIn, type Served } from './fixtures/helpers.ts';
import { world } from './fixtures/world.ts';

const WINDOW = { OkFrom: isoIn(-HOUR), OkTo: isoIn(HOUR) };

async function order(consumer: Served, payId: string, amount: string): Promise<XmlElement[]> {
  const a = await consumer.send('StartPaymentConsumer', {
    BrandId: 'XMLX', PaymentInstrumentId: 'alice-usd', CurrCode: 'USD', Amount: amount, PayDirection: 'Debit', ProtocolId: 'XMLX-1.0', ConsumerPayId: payId, ...WINDOW,
  });
  return a.body.children;
}

const start = (payId: string, cpid: string, amount: string, content: XmlElement[]) => ['StartPaymentPaymentHandler', {
  BrandId: 'XMLX', ConsumerPayId: cpid, CurrCode: 'USD', Amount: amount, PayDirection: 'Debit', ProtocolId: 'XMLX-1.0', PaymentHandlerPayId: payId, MerchantOrgId: 'shop', ...WINDOW,
}, content] as const;

t.test('the host executes but its answer is lost; back again: CompletedOk exactly once', async (t) => {
  const { ph, consumer, host, proxy } = await world(t);
  const content = await order(consumer, 'C-lost', '7.25');
  const before = host.store.countEntries();
  proxy.mode = 'dropResponse';
  const first = await ph.send(...start('P-lost', 'C-lost', '7.25', content));
  t.match(first.error, { code: 'MsgBeingProc', severity: 'TransientError', minRetrySecs: '2' });
  t.ok(proxy.forwarded >= 1, 'the host did receive the transfer');
  t.equal(host.store.countEntries(), before + 1, 'and executed it once');
  t.match((await ph.send('InquireProcessState', { PayId: 'P-lost' })).body.attrs, { ProcessState: 'InProgress' }, 'unknown outcome: InProgress');
  t.same((await ph.send('InquirePendingPayment')).body.children.map((c) => c.attrs.PayId), ['P-lost']);
  t.equal((await ph.send('RemovePaymentLog', { PayId: 'P-lost' })).error?.code, 'BusError', 'an unfinished payment stays in the log');
  const stillLost = await ph.send('ResumePaymentPaymentHandler', { PaymentHandlerPayId: 'P-lost' });
  t.equal(stillLost.error?.code, 'MsgBeingProc');
  proxy.mode = 'pass';
  const retried = await ph.send(...start('P-lost', 'C-lost', '7.25', content));
  t.equal(retried.body.attrs.ContStatus, 'End', 'the retry with the same TransferId recovers the receipt');
  t.equal(host.store.countEntries(), before + 1, 'still exactly one transfer');
  t.equal(host.store.balanceOf('MERCHANT', 'USD'), 725n);
  t.match((await ph.send('InquireProcessState', { PayId: 'P-lost' })).body.attrs, { ProcessState: 'CompletedOk' });
  t.same((await ph.send('InquirePendingPayment')).body.children, []);
  t.equal((await consumer.send('ContinueProcess', { PayId: 'C-lost' }, retried.body.children)).body.attrs.ContStatus, 'End');
});

t.test('the host unreachable; suspended; cancelled once back: the cancel sends nothing, the client settles the transfer, then it is reversed; Failed, nothing moved net', async (t) => {
  const { ph, consumer, host, proxy } = await world(t);
  const content = await order(consumer, 'C-cancel', '3.00');
  const before = host.store.countEntries();
  proxy.mode = 'refuse';
  t.equal((await ph.send(...start('P-cancel', 'C-cancel', '3.00', content))).error?.code, 'MsgBeingProc');
  t.equal(host.store.countEntries(), before, 'nothing reached the host');
  const stillDown = await ph.send('ChangeProcessState', { PayId: 'P-cancel', ProcessState: 'Failed' });
  t.equal(stillDown.error?.code, 'MsgBeingProc', 'a cancel with the outcome open waits for the host');
  t.match((await ph.send('ChangeProcessState', { PayId: 'P-cancel', ProcessState: 'Suspended' })).body.attrs, { ProcessState: 'Suspended' });
  proxy.mode = 'pass';
  // Journaled and maybe delivered: only the host's history or the reliable client's own resend can
  // settle it. The cancel asks the history and sends nothing.
  const waiting = await ph.send('ChangeProcessState', { PayId: 'P-cancel', ProcessState: 'Failed', CompletionCode: 'ConsCancelled' });
  t.equal(waiting.error?.code, 'MsgBeingProc', 'the outcome is still open: the cancel waits');
  t.equal(host.store.countEntries(), before, 'and it did not execute the transfer in order to reverse it');
  await ph.bridge.settle();
  t.equal(host.store.countEntries(), before + 1, 'the reliable client settled its journaled transfer');
  const cancelled = await ph.send('ChangeProcessState', { PayId: 'P-cancel', ProcessState: 'Failed', CompletionCode: 'ConsCancelled' });
  t.match(cancelled.body.attrs, { ProcessState: 'Failed', CompletionCode: 'ConsCancelled', PercentComplete: '100' });
  t.equal(host.store.balanceOf('ALICE', 'USD'), 100_000n, 'the payer has every cent back');
  t.equal(host.store.balanceOf('MERCHANT', 'USD'), 0n);
  const entries = host.store.entries().slice(before);
  t.equal(entries.length, 2, 'the transfer and its compensating transfer');
  t.match(entries[1], { payer: 'MERCHANT', payee: 'ALICE', amount: 300n });
  t.not(entries[0].transferId, entries[1].transferId, 'the reversal has its own TransferId');
  const logged = ph.bridge.log.get('P-cancel');
  t.match(logged, { state: 'Failed', transferStatus: 'succeeded', transferId: entries[0].transferId, reversalStatus: 'succeeded', reversalId: entries[1].transferId }, 'both transfers are in the payment log');
  t.equal(entries[1].transferId, ph.bridge.options.host?.transferIdFor('iotp/ph/P-cancel/reversal', 'MERCHANT'), 'the reversal TransferId is deterministic too');
  t.match(logged?.reversalReceipt, /Payer="MERCHANT" Payee="ALICE"/);
  const again = await ph.send('ChangeProcessState', { PayId: 'P-cancel', ProcessState: 'Failed' });
  t.match(again.body.attrs, { ProcessState: 'Failed' });
  t.equal(host.store.entries().length, before + 2, 'repeating the cancel reverses nothing twice');
  t.match((await ph.send('ChangeProcessState', { PayId: 'P-cancel', ProcessState: 'CompletedOk' })).body.attrs, { ProcessState: 'Failed' }, 'final states never change');
});

t.test('the host unreachable, then back: resumption completes once; a cancel with no transfer moves nothing', async (t) => {
  const { ph, consumer, host, proxy } = await world(t);
  const content = await order(consumer, 'C-resume', '1.00');
  const before = host.store.countEntries();
  proxy.mode = 'refuse';
  t.equal((await ph.send(...start('P-resume', 'C-resume', '1.00', content))).error?.code, 'MsgBeingProc');
  t.match((await ph.send('ChangeProcessState', { PayId: 'P-resume', ProcessState: 'Suspended' })).body.attrs, { ProcessState: 'Suspended', PercentComplete: '50' });
  t.equal((await ph.send(...start('P-resume', 'C-resume', '1.00', content))).error?.code, 'BusError', 'a suspended payment is resumed, not restarted');
  proxy.mode = 'pass';
  const resumed = await ph.send('ResumePaymentPaymentHandler', { PaymentHandlerPayId: 'P-resume' });
  t.equal(resumed.body.attrs.ContStatus, 'End');
  t.equal(host.store.countEntries(), before + 1);
  const resumedAgain = await ph.send('ResumePaymentPaymentHandler', { PaymentHandlerPayId: 'P-resume' });
  t.same(resumedAgain.body, resumed.body, 'resumption repeated: the same answer');
  t.equal(host.store.countEntries(), before + 1);

  // A consumer payment cancelled before any order reached a payment handler.
  await order(consumer, 'C-never', '2.00');
  const c = await consumer.send('ChangeProcessState', { PayId: 'C-never', ProcessState: 'Failed' });
  t.match(c.body.attrs, { ProcessState: 'Failed', CompletionCode: 'ConsCancelled' });
  t.equal(host.store.countEntries(), before + 1);
});

t.test('answer lost: InquirePaymentStatus finds the transfer in the host history once the host is reachable', async (t) => {
  const { ph, consumer, host, proxy } = await world(t);
  const content = await order(consumer, 'C-hist', '2.50');
  const before = host.store.countEntries();
  proxy.mode = 'dropResponse';
  t.equal((await ph.send(...start('P-hist', 'C-hist', '2.50', content))).error?.code, 'MsgBeingProc');
  const blind = await ph.send('InquirePaymentStatus', { PaymentHandlerPayId: 'P-hist' });
  t.match(blind.body.attrs, { PaymentHandlerPayId: 'P-hist', ProcessState: 'InProgress' }, 'history unreachable: still InProgress');
  proxy.mode = 'pass';
  const status = await ph.send('InquirePaymentStatus', { PaymentHandlerPayId: 'P-hist' });
  t.match(status.body.attrs, { ProcessState: 'CompletedOk' });
  t.equal(status.body.children[0]?.attrs.Name, 'XmlxReceipt', 'the receipt the host kept');
  t.equal(host.store.countEntries(), before + 1, 'found, not sent again');
  const resumed = await ph.send('ResumePaymentPaymentHandler', { PaymentHandlerPayId: 'P-hist' });
  t.same(resumed.body.children, status.body.children, 'the same receipt on resumption');
  t.equal((await consumer.send('ContinueProcess', { PayId: 'C-hist' }, resumed.body.children)).body.attrs.ContStatus, 'End');
});

t.test('unknown outcome, host back: the bridge settles it on its own (reliable client resolves, log follows)', async (t) => {
  const { ph, consumer, host, proxy } = await world(t, { reconcileIntervalMs: 50 });
  const content = await order(consumer, 'C-auto', '0.99');
  const before = host.store.countEntries();
  proxy.mode = 'refuse';
  t.equal((await ph.send(...start('P-auto', 'C-auto', '0.99', content))).error?.code, 'MsgBeingProc');
  t.match((await ph.send('InquireProcessState', { PayId: 'P-auto' })).body.attrs, { ProcessState: 'InProgress' });
  proxy.mode = 'pass';
  let state = '';
  for (let i = 0; i < 100 && state !== 'CompletedOk'; i += 1) {
    await new Promise((r) => setTimeout(r, 50));
    state = (await ph.send('InquireProcessState', { PayId: 'P-auto' })).body.attrs.ProcessState;
  }
  t.equal(state, 'CompletedOk', 'completed without another request from the Application Core');
  t.equal(host.store.countEntries(), before + 1);
  t.same((await ph.send('InquirePendingPayment')).body.children, []);
});

t.test('a transfer settled while the payment is suspended: the state waits for resumption, which completes it', async (t) => {
  const { ph, consumer, host, proxy } = await world(t, { reconcileIntervalMs: 50 });
  const content = await order(consumer, 'C-susp', '0.50');
  proxy.mode = 'refuse';
  t.equal((await ph.send(...start('P-susp', 'C-susp', '0.50', content))).error?.code, 'MsgBeingProc');
  t.match((await ph.send('ChangeProcessState', { PayId: 'P-susp', ProcessState: 'Suspended' })).body.attrs, { ProcessState: 'Suspended' });
  proxy.mode = 'pass';
  for (let i = 0; i < 100 && ph.bridge.log.get('P-susp')?.transferStatus !== 'succeeded'; i += 1) await new Promise((r) => setTimeout(r, 50));
  t.match(ph.bridge.log.get('P-susp'), { state: 'Suspended', transferStatus: 'succeeded' }, 'settled by the client, still Suspended');
  const resumed = await ph.send('ChangeProcessState', { PayId: 'P-susp', ProcessState: 'InProgress' });
  t.match(resumed.body.attrs, { ProcessState: 'CompletedOk' });
  t.same(ph.bridge.log.events('P-susp').slice(-3).map((e) => e.to), ['Suspended', 'InProgress', 'CompletedOk']);
  t.equal(host.store.balanceOf('MERCHANT', 'USD'), 50n);
});

t.test('a reversal the host refuses (merchant account spent): state kept, BusError; funded again, a new attempt under the same TransferId reverses', async (t) => {
  const { ph, consumer, host, proxy, dir } = await world(t, { reconcileIntervalMs: 50 });
  const { XmlxClient } = await import('../../src/xmlx/index.ts');
  const { join } = await import('node:path');
  const content = await order(consumer, 'C-rev', '5.00');
  proxy.mode = 'refuse';
  t.equal((await ph.send(...start('P-rev', 'C-rev', '5.00', content))).error?.code, 'MsgBeingProc');
  t.match((await ph.send('ChangeProcessState', { PayId: 'P-rev', ProcessState: 'Suspended' })).body.attrs, { ProcessState: 'Suspended' });
  proxy.mode = 'pass';
  for (let i = 0; i < 100 && ph.bridge.log.get('P-rev')?.transferStatus !== 'succeeded'; i += 1) await new Promise((r) => setTimeout(r, 50));
  t.match(ph.bridge.log.get('P-rev'), { state: 'Suspended', transferStatus: 'succeeded' });
  // The merchant's money is spent out of band before the cancelation arrives.
  host.store.seed({ accounts: [{ accountId: 'SPEND', users: ['gateway'], balances: { USD: 0n } }] });
  const other = await XmlxClient.open({ hostUrl: host.url, journalPath: join(dir, 'other.db'), auth: { userId: 'gateway', password: 'gateway-demo' } });
  t.teardown(() => other.close());
  t.equal((await other.transfer({ businessKey: 'spend', payer: 'MERCHANT', payee: 'SPEND', amount: 500n, currency: 'USD' })).status, 'succeeded');
  const refused = await ph.send('ChangeProcessState', { PayId: 'P-rev', ProcessState: 'Failed' });
  t.match(refused.error, { code: 'BusError', locations: [{ AttName: 'PayId' }] });
  t.match(ph.bridge.log.get('P-rev'), { state: 'Suspended', reversalStatus: 'failed', reversalAttempt: 1 });
  t.same((await ph.send('InquirePendingPayment')).body.children.map((c) => c.attrs.PayId), ['P-rev'], 'still to be resolved');
  t.equal((await other.transfer({ businessKey: 'refund', payer: 'SPEND', payee: 'MERCHANT', amount: 500n, currency: 'USD' })).status, 'succeeded');
  const cancelled = await ph.send('ChangeProcessState', { PayId: 'P-rev', ProcessState: 'Failed' });
  t.match(cancelled.body.attrs, { ProcessState: 'Failed', CompletionCode: 'PaymtCancelled' });
  const rec = ph.bridge.log.get('P-rev');
  t.match(rec, { reversalStatus: 'succeeded', reversalAttempt: 2 });
  t.equal(rec?.reversalId, ph.bridge.options.host?.transferIdFor('iotp/ph/P-rev/reversal', 'MERCHANT'), 'one TransferId for every attempt: the customer is refunded at most once');
  t.equal(host.store.entries().filter((e) => e.transferId === rec?.reversalId).length, 1);
  t.equal(host.store.balanceOf('ALICE', 'USD'), 100_000n, 'the payer is whole again');
  t.same((await ph.send('InquirePendingPayment')).body.children, []);
});
