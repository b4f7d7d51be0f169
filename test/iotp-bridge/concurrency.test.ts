// Requests that overlap on one payment, made deterministic by a host that holds the first transfer
// until the test lets it go. These pin the bridge's per-PayId lock and the reliable client's one
// in-flight send per TransferId: scripts/mutation-locks.mjs removes each and expects a failure here.
import t from 'tap';
import type { XmlElement } from '../../src/iotp-bridge/index.ts';
import { HOUR, isoIn, type Served } from './fixtures/helpers.ts';
import { world } from './fixtures/world.ts';
import type { RogueHost } from '../xmlx/fixtures/rogue-host.ts';

process.env.XMLX_TEST_HOST = 'rogue';
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

t.test('while a payment\'s transfer is at the host, every other request for it is MsgBeingProc; then it completes once', async (t) => {
  const { ph, consumer, host } = await world(t);
  const rogue = host as RogueHost;
  const content = await order(consumer, 'C-1', '4.00');
  const gate = rogue.holdNext();
  const first = ph.send(...start('P-1', 'C-1', '4.00', content));
  await gate.arrived;
  const again = await ph.send(...start('P-1', 'C-1', '4.00', content));
  t.equal(again.error?.code, 'MsgBeingProc', 'the same start again, while the first is at the host');
  const suspend = await ph.send('ChangeProcessState', { PayId: 'P-1', ProcessState: 'Suspended' });
  t.equal(suspend.error?.code, 'MsgBeingProc', 'a state change while the transfer is at the host');
  const cancel = await ph.send('ChangeProcessState', { PayId: 'P-1', ProcessState: 'Failed' });
  t.equal(cancel.error?.code, 'MsgBeingProc', 'a cancel while the transfer is at the host');
  t.equal(rogue.transferRequests(), 1, 'one transfer request at the host');
  gate.release();
  const done = await first;
  t.equal(done.body.attrs.ContStatus, 'End', 'the first request completes the payment');
  t.match((await ph.send('InquireProcessState', { PayId: 'P-1' })).body.attrs, { ProcessState: 'CompletedOk' });
  t.equal(rogue.store.countEntries(), 1, 'one ledger entry');
  t.equal(rogue.transferRequests(), 1, 'and one request in all');
});

t.test('twenty concurrent transfers of one business key: one request reaches the host', async (t) => {
  const { phClient, host } = await world(t);
  const rogue = host as RogueHost;
  const gate = rogue.holdNext();
  const instruction = { businessKey: 'same-key', payer: 'ALICE', payee: 'MERCHANT', amount: 100n, currency: 'USD' };
  const first = phClient.transfer(instruction);
  await gate.arrived;
  const rest = Array.from({ length: 19 }, () => phClient.transfer(instruction));
  // Let the others reach the point where they would send.
  await new Promise((r) => setImmediate(r));
  await new Promise((r) => setTimeout(r, 50));
  gate.release();
  const outcomes = await Promise.all([first, ...rest]);
  t.ok(outcomes.every((o) => o.status === 'succeeded'), 'all succeed');
  t.equal(rogue.transferRequests(), 1, 'one request: concurrent callers share the one in-flight send');
  t.equal(rogue.store.countEntries(), 1);
});
