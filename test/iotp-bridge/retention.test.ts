// Retention of the ATM's payment data (payments.retentionDays): finished payments and the settled
// journal rows nobody names any more are deleted, so the two files stay bounded over years; a payment
// still open keeps its row and its journal row; a payment asked for again after its rows are gone is
// not paid twice (same TransferId, answered by the host as already executed). Real SQLite files, a
// real host over HTTP.
import t from 'tap';
import { join } from 'node:path';
import pino from 'pino';
import { DatabaseSync } from 'node:sqlite';
import { parseConfig } from '../../src/config/load.ts';
import { startPaymentsStack } from '../../src/payments/stack.ts';
import { DEMO_IOTP, openEmbeddedIotp, prunePaymentData } from '../../src/iotp-bridge/index.ts';
import { startXmlxHost } from '../../src/xmlx/index.ts';
import { HOUR, isoIn, readAnswer, requestXml, tempDir, type Answer } from './fixtures/helpers.ts';

const DAY = 86_400_000;
const W = { OkFrom: isoIn(-HOUR), OkTo: isoIn(HOUR) };

t.test('prunePaymentData: finished payments and unnamed settled transfers go; open ones stay; a payment sent again is not paid twice', async (t) => {
  const dir = tempDir(t, 'retention-');
  const host = await startXmlxHost({ dbPath: join(dir, 'host.db'), port: 0, logger: false });
  t.teardown(() => host.close());
  const iotp = await openEmbeddedIotp({ dataDir: join(dir, 'data'), hostUrl: host.url, auth: { userId: 'gateway', password: 'gateway-demo' }, schemeKey: 'retention-scheme-key-0123', ...DEMO_IOTP });
  t.teardown(() => iotp.close());
  const call = async (name: string, attrs: Record<string, string>, children: Parameters<typeof requestXml>[2] = []): Promise<Answer> =>
    readAnswer(await iotp.bridge.handleXml(requestXml(name, attrs, children)));
  const bob = () => host.store.balanceOf('BOB', 'USD') ?? 0n;

  const start = bob();
  const order = await call('StartPaymentConsumer', { BrandId: 'XMLX', PaymentInstrumentId: 'bob', CurrCode: 'USD', Amount: '10.00', PayDirection: 'Debit', ProtocolId: 'XMLX-1.0', ConsumerPayId: 'C-1', ...W });
  const pay = () => call('StartPaymentPaymentHandler', {
    BrandId: 'XMLX', ConsumerPayId: 'C-1', CurrCode: 'USD', Amount: '10.00', PayDirection: 'Debit', ProtocolId: 'XMLX-1.0', PaymentHandlerPayId: 'P-1', MerchantOrgId: 'shop', ...W,
  }, order.body.children);
  t.equal((await pay()).body.attrs.ContStatus, 'End', 'P-1 paid');
  t.equal(start - bob(), 1000n);

  // A payment the bridge is still working on, whose transfer the journal already holds settled.
  t.match(await iotp.client.transfer({ businessKey: 'iotp/ph/P-open', payer: 'ALICE', payee: 'MERCHANT', amount: 5n, currency: 'USD' }), { status: 'succeeded' });
  iotp.bridge.log.insert({ payId: 'P-open', role: 'PaymentHandler', state: 'InProgress', transferKey: 'iotp/ph/P-open', payer: 'ALICE', payee: 'MERCHANT', transferStatus: 'succeeded' });
  // A settled transfer no payment names.
  t.match(await iotp.client.transfer({ businessKey: 'loose-1', payer: 'ALICE', payee: 'MERCHANT', amount: 5n, currency: 'USD' }), { status: 'succeeded' });

  t.same(prunePaymentData(iotp.bridge, iotp.client, 400), { payments: 0, transfers: 0 }, 'nothing is old yet');
  const later = Date.now() + 401 * DAY;
  t.same(prunePaymentData(iotp.bridge, iotp.client, 400, later), { payments: 1, transfers: 2 }, "P-1 and its transfer, and the loose transfer");
  t.equal(iotp.bridge.log.get('C-1')?.state, 'InProgress', 'the consumer side, never continued, is not finished: it stays');
  t.equal(iotp.bridge.log.get('P-1'), undefined, 'P-1 is gone from the log');
  t.same(iotp.bridge.log.events('P-1'), [], 'with its history');
  t.equal(iotp.bridge.log.get('P-open')?.state, 'InProgress', 'the open payment stays');
  t.ok(iotp.client.journaledOutcome('iotp/ph/P-open', 'ALICE'), 'and so does its journal row (a missing one reads as never sent)');
  t.equal(iotp.client.journaledOutcome('loose-1', 'ALICE'), undefined, 'the loose transfer is gone');
  t.equal(iotp.client.journaledOutcome('iotp/ph/P-1', 'BOB'), undefined, "P-1's transfer is gone");

  const again = await pay();
  t.equal(again.body.attrs.ContStatus, 'End', 'P-1 sent again completes');
  t.equal(start - bob(), 1000n, 'BOB has paid 10.00 once: the host knew the TransferId');
});

t.test('the payment stack deletes what is past payments.retentionDays when it starts', async (t) => {
  const dir = tempDir(t, 'retention-');
  const dataDir = join(dir, 'data');
  const config = parseConfig({ profile: 'demo', payments: { dataDir, xmlxHost: { port: 0 } } }, 'gateway.json', {}).payments;
  t.equal(config.retentionDays, 400, 'kept 400 days unless configured');
  const first = await startPaymentsStack(config, pino({ level: 'silent' }));
  t.match(await first.iotp.client.transfer({ businessKey: 'old-1', payer: 'ALICE', payee: 'MERCHANT', amount: 5n, currency: 'USD' }), { status: 'succeeded' });
  t.match(await first.iotp.client.transfer({ businessKey: 'new-1', payer: 'ALICE', payee: 'MERCHANT', amount: 5n, currency: 'USD' }), { status: 'succeeded' });
  const oldId = first.iotp.client.transferIdFor('old-1', 'ALICE');
  await first.close();
  // 401 days pass for one of them.
  const journal = new DatabaseSync(join(dataDir, 'iotp-xmlx-journal.db'));
  journal.prepare('UPDATE transfers SET resolved_ms = resolved_ms - ? WHERE transfer_id = ?').run(401 * DAY, oldId);
  journal.close();

  const lines: string[] = [];
  const second = await startPaymentsStack(config, pino({ level: 'info' }, { write: (line: string) => { lines.push(line); } }));
  t.teardown(() => second.close());
  t.equal(second.iotp.client.journaledOutcome('old-1', 'ALICE'), undefined, 'the transfer settled 401 days ago is gone');
  t.ok(second.iotp.client.journaledOutcome('new-1', 'ALICE'), 'the recent one stays');
  t.ok(lines.some((l) => /finished entries past their retention deleted/.test(l) && /"transfers":1/.test(l)), 'and the deletion is logged');
});

t.test('payments.retentionDays under 30 is a configuration error naming the key', async (t) => {
  t.throws(() => parseConfig({ profile: 'demo', payments: { retentionDays: 7 } }, 'gateway.json', {}), { name: 'ConfigError', key: 'payments.retentionDays' });
});
