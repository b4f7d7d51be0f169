// Every process-state transition per trading role through the API, and suspension/resumption across a restart.
import t from 'tap';
import { join } from 'node:path';
import { IotpBridge, type XmlElement } from '../../src/iotp-bridge/index.ts';
import { HOUR, SCHEME_KEY, isoIn, serve, tempDir } from './fixtures/helpers.ts';
import { world } from './fixtures/world.ts';

const WINDOW = { OkFrom: isoIn(-HOUR), OkTo: isoIn(HOUR) };
const INSTRUMENTS = [{ id: 'card', name: 'Card', account: 'ALICE' }];

const consumerStart = (payId: string) => ({
  BrandId: 'XMLX', PaymentInstrumentId: 'card', CurrCode: 'USD', Amount: '1.00', PayDirection: 'Debit', ProtocolId: 'XMLX-1.0', ConsumerPayId: payId, ...WINDOW,
});
const announce = (payId: string) => ({ BrandId: 'XMLX', ProtocolId: 'XMLX-1.0', PayDirection: 'Debit', CurrCode: 'USD', Amount: '1.00', ConsumerPayId: payId });

t.test('Consumer: NotYetStarted -> Suspended -> NotYetStarted -> InProgress -> Suspended -> InProgress -> Failed; CompletedOk refused without a receipt', async (t) => {
  const dir = tempDir(t);
  const s = await serve(t, { logPath: join(dir, 'log.db'), roles: ['Consumer'], instruments: INSTRUMENTS });
  const change = async (state: string, code?: string) => (await s.send('ChangeProcessState', { PayId: 'C', ProcessState: state, CompletionCode: code })).body.attrs;
  await s.send('FindPaymentInstrument', announce('C'));
  t.match(await change('Suspended'), { ProcessState: 'Suspended' });
  t.match(await change('InProgress'), { ProcessState: 'Suspended' }, 'no InProgress without a payment order');
  t.match(await change('NotYetStarted'), { ProcessState: 'NotYetStarted' }, 'suspended in brand selection: back to NotYetStarted');
  t.match(await change('CompletedOk'), { ProcessState: 'NotYetStarted' }, 'declined: reported unchanged');
  t.equal((await s.send('StartPaymentConsumer', consumerStart('C'))).body.attrs.ContStatus, 'Continue');
  t.match(await change('InProgress'), { ProcessState: 'InProgress', PercentComplete: '10' });
  t.match(await change('NotYetStarted'), { ProcessState: 'InProgress' }, 'no way back to NotYetStarted from InProgress');
  t.match(await change('CompletedOk'), { ProcessState: 'InProgress' }, 'a consumer payment completes on a verified receipt only');
  t.match(await change('Suspended'), { ProcessState: 'Suspended', PercentComplete: '10' });
  t.match(await change('InProgress'), { ProcessState: 'InProgress' });
  t.match(await change('Failed', 'ConsCancelled'), { ProcessState: 'Failed', CompletionCode: 'ConsCancelled', PercentComplete: '100' });
  for (const state of ['NotYetStarted', 'InProgress', 'Suspended', 'CompletedOk', 'ProcessError']) {
    t.match(await change(state), { ProcessState: 'Failed' }, `final: ${state} is declined without an error`);
  }
  const events = s.bridge.log.events('C').map((e) => `${e.from ?? '-'}>${e.to}`);
  t.same(events, ['->NotYetStarted', 'NotYetStarted>Suspended', 'Suspended>NotYetStarted', 'NotYetStarted>InProgress', 'InProgress>Suspended', 'Suspended>InProgress', 'InProgress>Failed']);
  // ProcessError as the other final state.
  await s.send('FindPaymentInstrument', announce('C2'));
  t.match((await s.send('ChangeProcessState', { PayId: 'C2', ProcessState: 'ProcessError' })).body.attrs, { ProcessState: 'ProcessError', CompletionCode: 'Unspecified' });
});

t.test('Merchant: InProgress on the first call -> Suspended -> InProgress -> CompletedOk; Failed; ProcessError', async (t) => {
  const dir = tempDir(t);
  const s = await serve(t, { logPath: join(dir, 'log.db'), roles: ['Merchant'] });
  const brand = (id: string) => s.send('FindAcceptedPaymentBrand', { PayDirection: 'Debit', CurrCode: 'EUR', Amount: '3', MerchantPayId: id });
  const change = async (id: string, state: string) => (await s.send('ChangeProcessState', { PayId: id, ProcessState: state })).body.attrs;
  await brand('M1');
  t.match(await change('M1', 'Suspended'), { ProcessState: 'Suspended' });
  t.match(await change('M1', 'NotYetStarted'), { ProcessState: 'Suspended' }, 'only a Consumer goes back to NotYetStarted');
  t.match(await change('M1', 'InProgress'), { ProcessState: 'InProgress' });
  t.match(await change('M1', 'CompletedOk'), { ProcessState: 'CompletedOk' });
  await brand('M2');
  t.match(await change('M2', 'Failed'), { ProcessState: 'Failed', CompletionCode: 'Unspecified' });
  await brand('M3');
  t.match(await change('M3', 'ProcessError'), { ProcessState: 'ProcessError' });
  t.equal((await s.send('ContinueProcess', { PayId: 'M1' }, [{ name: 'PaySchemePackagedContent', attrs: {}, children: [], text: 'x' }])).error?.code, 'ReqNotSupp');
  t.same((await s.send('InquirePendingPayment')).body.children, []);
});

t.test('Payment Handler: InProgress -> Suspended -> InProgress -> CompletedOk; the log records each transition', async (t) => {
  const { ph, consumer, proxy } = await world(t);
  const order: XmlElement[] = (await consumer.send('StartPaymentConsumer', { ...consumerStart('C-ph'), PaymentInstrumentId: 'alice-usd' })).body.children;
  proxy.mode = 'refuse';
  await ph.send('StartPaymentPaymentHandler', {
    BrandId: 'XMLX', ConsumerPayId: 'C-ph', CurrCode: 'USD', Amount: '1.00', PayDirection: 'Debit', ProtocolId: 'XMLX-1.0', PaymentHandlerPayId: 'P', MerchantOrgId: 'shop', ...WINDOW,
  }, order);
  t.match((await ph.send('ChangeProcessState', { PayId: 'P', ProcessState: 'CompletedOk' })).body.attrs, { ProcessState: 'InProgress' }, 'no completion without the money');
  t.match((await ph.send('ChangeProcessState', { PayId: 'P', ProcessState: 'Suspended' })).body.attrs, { ProcessState: 'Suspended' });
  t.match((await ph.send('ChangeProcessState', { PayId: 'P', ProcessState: 'InProgress' })).body.attrs, { ProcessState: 'InProgress' });
  proxy.mode = 'pass';
  t.equal((await ph.send('ResumePaymentPaymentHandler', { PaymentHandlerPayId: 'P' })).body.attrs.ContStatus, 'End');
  const events = ph.bridge.log.events('P').map((e) => `${e.from ?? '-'}>${e.to}`);
  t.same(events, ['->NotYetStarted', 'NotYetStarted>InProgress', 'InProgress>Suspended', 'Suspended>InProgress', 'InProgress>CompletedOk']);
  t.equal((await ph.send('ResumePaymentPaymentHandler', { PaymentHandlerPayId: 'nope' })).error?.code, 'AttValIllegal');
});

t.test('suspension survives a restart: ResumePaymentConsumer on a new bridge over the same log', async (t) => {
  const dir = tempDir(t);
  const logPath = join(dir, 'log.db');
  const first = new IotpBridge({ logPath, roles: ['Consumer'], instruments: INSTRUMENTS, schemeKey: SCHEME_KEY });
  const started = await first.request('StartPaymentConsumer', consumerStart('C-r'));
  const order = started.children[0].children;
  await first.request('ChangeProcessState', { PayId: 'C-r', ProcessState: 'Suspended' });
  await first.close();

  const second = new IotpBridge({ logPath, roles: ['Consumer'], instruments: INSTRUMENTS, schemeKey: SCHEME_KEY });
  t.teardown(() => second.close());
  const pending = await second.request('InquirePendingPayment', {});
  t.same(pending.children[0].children.map((c) => c.attrs.PayId), ['C-r']);
  const resumed = await second.request('ResumePaymentConsumer', { ConsumerPayId: 'C-r', CallBackFunction: 'sse', CallBackLanguageList: 'de en' });
  t.equal(resumed.children[0].attrs.ContStatus, 'Continue');
  t.same(resumed.children[0].children, order, 'the same payment order as before the restart');
  const state = await second.request('InquireProcessState', { PayId: 'C-r' });
  t.equal(state.children[0].attrs.ProcessState, 'InProgress');
  // A payment never started answers AttNotSupp naming ConsumerPayId, as the RFC allows.
  await second.request('FindPaymentInstrument', announce('C-new'));
  const notStarted = await second.request('ResumePaymentConsumer', { ConsumerPayId: 'C-new' });
  t.match(notStarted.children[0].attrs, { ErrorCode: 'AttNotSupp' });
  t.match(notStarted.children[0].children[0].attrs, { AttName: 'ConsumerPayId' });
});

t.test('state changes are logged with PayId and state, never the pass phrase', async (t) => {
  const { default: pino } = await import('pino');
  const lines: string[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
  const dir = tempDir(t);
  const s = await serve(t, { logPath: join(dir, 'log.db'), roles: ['Consumer'], instruments: INSTRUMENTS, logger });
  await s.send('StartPaymentConsumer', { ...consumerStart('C-log'), WalletID: 'w1', Passphrase: 'open sesame 1234' });
  await s.send('ChangeProcessState', { PayId: 'C-log', ProcessState: 'Failed', Passphrase: 'open sesame 1234' });
  const states = lines.map((l) => JSON.parse(l) as { payId: string; state: string });
  t.same(states.map((l) => [l.payId, l.state]), [['C-log', 'InProgress'], ['C-log', 'Failed']]);
  t.notMatch(lines.join('\n'), /sesame/, 'no pass phrase in the log');
  const { readFileSync, existsSync } = await import('node:fs');
  for (const file of ['log.db', 'log.db-wal']) {
    const path = join(dir, file);
    if (existsSync(path)) t.notOk(readFileSync(path).includes('sesame'), `no pass phrase in ${file}`);
  }
});

t.test('Payment Handler: InProgress -> ProcessError on a technical refusal (wrong host credentials); nothing moved', async (t) => {
  const { host, consumer } = await world(t);
  const dir = tempDir(t);
  const { XmlxClient } = await import('../../src/xmlx/index.ts');
  const badClient = await XmlxClient.open({ hostUrl: host.url, journalPath: join(dir, 'j.db'), auth: { userId: 'gateway', password: 'wrong' }, timeoutMs: 2000, retry: { attempts: 1 } });
  t.teardown(() => badClient.close());
  const ph = await serve(t, { logPath: join(dir, 'log.db'), roles: ['PaymentHandler'], host: badClient, merchantAccounts: { shop: 'MERCHANT' }, reconcileIntervalMs: 0 });
  const order: XmlElement[] = (await consumer.send('StartPaymentConsumer', { ...consumerStart('C-tech'), PaymentInstrumentId: 'alice-usd' })).body.children;
  const before = host.store.countEntries();
  const a = await ph.send('StartPaymentPaymentHandler', {
    BrandId: 'XMLX', ConsumerPayId: 'C-tech', CurrCode: 'USD', Amount: '1.00', PayDirection: 'Debit', ProtocolId: 'XMLX-1.0', PaymentHandlerPayId: 'P-tech', MerchantOrgId: 'shop', ...WINDOW,
  }, order);
  t.equal(a.error?.code, 'BusError');
  t.match((await ph.send('InquireProcessState', { PayId: 'P-tech' })).body.attrs, { ProcessState: 'ProcessError', CompletionCode: 'Unspecified' });
  t.equal(host.store.countEntries(), before);
  // A wallet with two instruments for the currency needs the choice.
  const ambiguous = await consumer.send('CheckPaymentPossibility', { BrandId: 'XMLX', PayDirection: 'Debit', CurrCode: 'USD', Amount: '1', ProtocolId: 'XMLX-1.0', ConsumerPayId: 'C-amb' });
  t.match(ambiguous.error, { code: 'AttMissing', locations: [{ AttName: 'PaymentInstrumentId' }] });
});
