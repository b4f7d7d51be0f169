// A Consumer bridge and a Payment Handler bridge paying through the XML-X scheme against the reference host.
import t from 'tap';
import { element, type XmlElement } from '../../src/iotp-bridge/index.ts';
import { HOUR, decodeContent, isoIn, type Served } from './fixtures/helpers.ts';
import { world } from './fixtures/world.ts';

const WINDOW = { OkFrom: isoIn(-HOUR), OkTo: isoIn(HOUR) };
const window = () => WINDOW;

function asContent(el: XmlElement, name = 'PaySchemePackagedContent'): XmlElement {
  return { ...el, name };
}

async function consumerOrder(consumer: Served, payId: string, amount: string, instrument = 'alice-usd', currency = 'USD', direction = 'Debit') {
  const a = await consumer.send('StartPaymentConsumer', {
    BrandId: 'XMLX', PaymentInstrumentId: instrument, CurrCode: currency, Amount: amount, PayDirection: direction, ProtocolId: 'XMLX-1.0',
    ConsumerPayId: payId, ...window(),
  });
  return a;
}

function phStart(payId: string, consumerPayId: string, amount: string, order: XmlElement[], over: Record<string, string> = {}) {
  return ['StartPaymentPaymentHandler', {
    BrandId: 'XMLX', ConsumerPayId: consumerPayId, CurrCode: 'USD', Amount: amount, PayDirection: 'Debit', ProtocolId: 'XMLX-1.0',
    PaymentHandlerPayId: payId, MerchantOrgId: 'shop', ...window(), ...over,
  }, order] as const;
}

t.test('brand compilation, brand selection, payment, receipt: the whole IOTP payment through XML-X', async (t) => {
  const w = await world(t);
  const { ph, consumer, host } = w;

  // Merchant: brand list.
  const brands = await ph.send('FindAcceptedPaymentBrand', { PayDirection: 'Debit', CurrCode: 'USD', Amount: '12.30', MerchantPayId: 'M-1', MerchantOrgId: 'shop' });
  t.match(brands.body, { name: 'FindAcceptedPaymentBrandResponse', children: [{ name: 'BrandItem', attrs: { BrandId: 'XMLX', BrandLogoNetLocn: 'http://127.0.0.1/xmlx.png' } }] });
  const none = await ph.send('FindAcceptedPaymentBrand', { PayDirection: 'Debit', CurrCode: 'CHF', Amount: '1', MerchantPayId: 'M-2' });
  t.same(none.body.children, [], 'a currency the merchant does not take: an empty brand list');
  const protocols = await ph.send('FindAcceptedPaymentProtocol', { PayDirection: 'Debit', CurrCode: 'USD', Amount: '12.30', MerchantPayId: 'M-1' });
  t.match(protocols.body.children[0], { name: 'ProtocolItem', attrs: { ProtocolId: 'XMLX-1.0', PayReqNetLocn: 'http://127.0.0.1/iotp' } });
  t.match(protocols.body.children[0].children, [{ name: 'CurrencyAmount', attrs: { CurrCode: 'USD', Amount: '12.30' } }, { name: 'Brand', attrs: { BrandId: 'XMLX' } }]);
  t.equal(protocols.body.children[1].name, 'BrandItem', 'without BrandId the brands come along');
  const init = await ph.send('GetPaymentInitializationData', { BrandId: 'XMLX', MerchantPayId: 'M-1', PayDirection: 'Debit', CurrCode: 'USD', Amount: '12.30', ProtocolId: 'XMLX-1.0', MerchantOrgId: 'shop', ...window() });
  t.equal(init.body.children[0].name, 'TradingRoleDataPackagedContent');
  t.equal(init.body.children[0].attrs.Name, 'Payment:XMLX', 'the trading role data name carries the Payment: prefix');
  t.match((await ph.send('InquireProcessState', { PayId: 'M-1' })).body.attrs, { ProcessState: 'InProgress' }, 'merchant payment InProgress from the first call');
  t.match((await ph.send('ChangeProcessState', { PayId: 'M-1', ProcessState: 'CompletedOk' })).body.attrs, { ProcessState: 'CompletedOk', PercentComplete: '100' });

  // Consumer: brand selection.
  const instruments = await consumer.send('FindPaymentInstrument', { BrandId: 'XMLX', ProtocolId: 'XMLX-1.0', PayDirection: 'Debit', CurrCode: 'USD', Amount: '12.30', ConsumerPayId: 'C-1' });
  t.same(instruments.body.children.map((c) => c.attrs.Id), ['alice-usd', 'bob-usd']);
  t.match((await consumer.send('InquireProcessState', { PayId: 'C-1' })).body.attrs, { ProcessState: 'NotYetStarted', PercentComplete: '0' });
  const possible = await consumer.send('CheckPaymentPossiblity', { BrandId: 'XMLX', PaymentInstrumentId: 'alice-usd', PayDirection: 'Debit', CurrCode: 'USD', Amount: '12.30', ProtocolId: 'XMLX-1.0', ConsumerPayId: 'C-1' });
  t.equal(possible.body.name, 'CheckPaymentPossiblityResponse', 'the RFC\'s other spelling is answered in kind');
  const tooMuch = await consumer.send('CheckPaymentPossibility', { BrandId: 'XMLX', PaymentInstrumentId: 'bob-usd', PayDirection: 'Debit', CurrCode: 'USD', Amount: '50.01', ProtocolId: 'XMLX-1.0', ConsumerPayId: 'C-x' });
  t.equal(tooMuch.error?.code, 'BusError', 'insufficient funds found by the balance check');

  // Consumer starts, Payment Handler executes.
  const start = await consumerOrder(consumer, 'C-1', '12.30');
  t.equal(start.body.attrs.ContStatus, 'Continue');
  const order = start.body.children;
  t.match(order, [{ name: 'PaySchemePackagedContent', attrs: { Name: 'XmlxPaymentOrder', Content: 'XML', Transform: 'BASE64' } }]);
  t.match(decodeContent(order[0]), /^<XmlxPaymentOrder Version="1" ConsumerPayId="C-1" Payer="ALICE" CurrencyId="USD" Amount="1230"/);
  const again = await consumerOrder(consumer, 'C-1', '12.30');
  t.same(again.body, start.body, 'StartPaymentConsumer repeated: the same answer');

  const before = host.store.countEntries();
  const paid = await ph.send(...phStart('P-1', 'C-1', '12.30', order));
  t.equal(paid.body.attrs.ContStatus, 'End', 'the scheme ends with the receipt');
  const receipt = paid.body.children[0];
  t.match(receipt.attrs, { Name: 'XmlxReceipt', Content: 'XML', Transform: 'BASE64' });
  t.match(decodeContent(receipt), /Payer="ALICE" Payee="MERCHANT" CurrencyId="USD" Amount="1230"/);
  t.equal(host.store.countEntries(), before + 1);
  t.equal(host.store.balanceOf('ALICE', 'USD'), 100_000n - 1230n);
  t.equal(host.store.balanceOf('MERCHANT', 'USD'), 1230n);
  const entry = host.store.entries().at(-1);
  t.equal(entry?.transferId, w.phClient.transferIdFor('iotp/ph/P-1', 'ALICE'), 'the TransferId is derived from PayId and payer');

  const repeat = await ph.send(...phStart('P-1', 'C-1', '12.30', order));
  t.same(repeat.body, paid.body, 'StartPaymentPaymentHandler repeated: the same answer');
  t.equal(host.store.countEntries(), before + 1, '... and no money moved twice');
  const other = await ph.send(...phStart('P-1', 'C-1', '12.31', order));
  t.match(other.error, { code: 'AttValIllegal', locations: [{ AttName: 'PaymentHandlerPayId' }] }, 'same PayId, different payment');
  const twin = await ph.send(...phStart('P-1b', 'C-1', '12.30', order));
  t.match(twin.error, { code: 'AttValIllegal', locations: [{ AttName: 'ConsumerPayId' }] }, 'the same consumer order under a fresh PayId is refused');
  t.equal(host.store.countEntries(), before + 1);

  // Payment Handler's view.
  const phState = await ph.send('InquireProcessState', { PayId: 'P-1' });
  t.match(phState.body.attrs, { ProcessState: 'CompletedOk', PercentComplete: '100', PayReceiptNameRefs: 'XmlxReceipt' });
  t.equal(phState.body.children[0].name, 'PackagedContent');
  const status = await ph.send('InquirePaymentStatus', { PaymentHandlerPayId: 'P-1' });
  t.match(status.body.attrs, { PaymentHandlerPayId: 'P-1', ProcessState: 'CompletedOk' });
  t.equal(status.body.children[0].attrs.Name, 'XmlxReceipt');
  t.equal((await ph.send('CheckPaymentReceipt', { PayId: 'P-1' }, [asContent(receipt, 'PackagedContent')])).body.name, 'CheckPaymentReceiptResponse');

  // Consumer receives the receipt.
  const done = await consumer.send('ContinueProcess', { PayId: 'C-1' }, [receipt]);
  t.equal(done.body.attrs.ContStatus, 'End');
  const cState = await consumer.send('InquireProcessState', { PayId: 'C-1' }, [], 'de');
  t.match(cState.body.attrs, { ProcessState: 'CompletedOk', 'xml:lang': 'de', StatusDesc: 'Zahlung abgeschlossen, Beleg geprüft' });
  const check = await consumer.send('CheckPaymentReceipt', { PayId: 'C-1' }, [asContent(receipt, 'PackagedContent')]);
  t.equal(check.body.name, 'CheckPaymentReceiptResponse', 'receipt verified: MAC, payment log, and the host history');
  const forged = decodeContent(receipt).replace('Amount="1230"', 'Amount="1"');
  const forgedEl = element('PackagedContent', { Name: 'XmlxReceipt', Content: 'XML', Transform: 'BASE64' }, [], Buffer.from(forged).toString('base64'));
  t.equal((await consumer.send('CheckPaymentReceipt', { PayId: 'C-1' }, [forgedEl])).error?.code, 'BusError', 'a forged receipt fails');
  t.equal((await consumer.send('CheckPaymentReceipt', { PayId: 'C-1' }, [])).error?.code, 'ElMissing');
  const expanded = await consumer.send('ExpandPaymentReceipt', { PayId: 'C-1' }, [asContent(receipt, 'PackagedContent')]);
  t.match(expanded.body.attrs, { BrandId: 'XMLX', Amount: '12.30', CurrCode: 'USD', PayDirection: 'Debit', ProtocolId: 'XMLX-1.0', PaymentInstrumentId: 'alice-usd' });
  t.match(expanded.body.attrs.TimeStamp, /^\d{4}-\d{2}-\d{2}T/);
  t.match(expanded.body.children.map((c) => c.attrs.PropertyType), ['TransferId', 'Payer', 'Payee', 'PayerAmount', 'PayeeAmount', 'ConsumerPayId', 'PaymentHandlerPayId']);

  // Inquiries backed by XML-X Balance and History.
  const inquiry = await consumer.send('PaymentInstrumentInquiry', { BrandId: 'XMLX', ProtocolId: 'XMLX-1.0', PaymentInstrumentId: 'alice-usd', PropertyTypeList: 'Balance LogEntries PayAmount0 PayParty0 Expiration' });
  const props = Object.fromEntries(inquiry.body.children.filter((c) => c.attrs.PropertyType !== 'Balance').map((c) => [c.attrs.PropertyType, c.attrs.PropertyValue]));
  t.ok(inquiry.body.children.some((c) => c.attrs.PropertyType === 'Balance' && c.attrs.PropertyValue === '987.70 USD'), 'Balance from the host');
  t.match(props, { LogEntries: '1', PayAmount0: '-12.30 USD', PayParty0: 'MERCHANT' });
  t.equal(inquiry.body.attrs.UnavailablePropertyList, 'Expiration');
  const startInquiry = await consumer.send('StartPaymentInquiry', { ConsumerPayId: 'C-1' });
  t.equal(startInquiry.body.children[0].attrs.Name, 'XmlxInquiry');
  const inquired = await ph.send('InquirePaymentStatus', { PaymentHandlerPayId: 'P-1' }, startInquiry.body.children);
  t.match(inquired.body.attrs, { ProcessState: 'CompletedOk' }, 'the consumer-initiated inquiry is answered by the payment handler');
  t.equal((await consumer.send('ContinueProcess', { PayId: 'C-1', ProcessType: 'Inquiry' }, inquired.body.children)).body.attrs.ContStatus, 'End');
  const wrongInquiry = await ph.send('InquirePaymentStatus', { PaymentHandlerPayId: 'P-1' }, [{ ...startInquiry.body.children[0], text: Buffer.from('<XmlxInquiry Version="1" ConsumerPayId="C-1" Payer="ALICE" Mac="x"/>').toString('base64') }]);
  t.equal(wrongInquiry.error?.code, 'EncapProtErr', 'an inquiry failing its MAC');

  // Logs: finished ones can go.
  t.same((await consumer.send('InquirePendingPayment')).body.children, []);
  t.equal((await consumer.send('RemovePaymentLog', { PayId: 'C-1' })).body.name, 'RemovePaymentLogResponse');
  t.equal((await consumer.send('InquireProcessState', { PayId: 'C-1' })).error?.code, 'AttValIllegal');
});

t.test('a refused transfer: Failed with the IOTP completion code, nothing moved, the consumer learns it', async (t) => {
  const { ph, consumer, host } = await world(t);
  const start = await consumerOrder(consumer, 'C-poor', '60.00', 'bob-usd');
  const before = host.store.countEntries();
  const refused = await ph.send(...phStart('P-poor', 'C-poor', '60.00', start.body.children));
  t.match(refused.error, { code: 'BusError', severity: 'HardError', locations: [{ AttName: 'PayId' }] });
  t.equal(refused.error?.content[0]?.attrs.Name, 'XmlxFailure', 'the failure travels to the consumer in the error');
  t.match((await ph.send('InquireProcessState', { PayId: 'P-poor' })).body.attrs, { ProcessState: 'Failed', CompletionCode: 'InsuffFunds' });
  t.equal(host.store.countEntries(), before);
  const repeat = await ph.send(...phStart('P-poor', 'C-poor', '60.00', start.body.children));
  t.same(repeat.error, refused.error, 'the same answer again');
  const failure = refused.error?.content[0];
  if (failure === undefined) throw new Error('no failure content');
  t.equal((await consumer.send('ContinueProcess', { PayId: 'C-poor' }, [failure])).body.attrs.ContStatus, 'End');
  t.match((await consumer.send('InquireProcessState', { PayId: 'C-poor' })).body.attrs, { ProcessState: 'Failed', CompletionCode: 'InsuffFunds' });
  t.equal((await ph.send('RemovePaymentLog', { PayId: 'P-poor' })).body.name, 'RemovePaymentLogResponse');
});

t.test('a credit (refund): the merchant account pays the consumer', async (t) => {
  const { ph, consumer, host } = await world(t);
  host.store.seed({ accounts: [{ accountId: 'MERCHANT', users: ['merchant', 'gateway'], balances: { USD: 10_000n } }] });
  const start = await consumerOrder(consumer, 'C-refund', '5.00', 'alice-usd', 'USD', 'Credit');
  const paid = await ph.send(...phStart('P-refund', 'C-refund', '5.00', start.body.children, { PayDirection: 'Credit' }));
  t.equal(paid.body.attrs.ContStatus, 'End', paid.error?.desc ?? '');
  t.match(decodeContent(paid.body.children[0]), /Payer="MERCHANT" Payee="ALICE"/);
  t.equal((await consumer.send('ContinueProcess', { PayId: 'C-refund' }, [paid.body.children[0]])).body.attrs.ContStatus, 'End');
});

t.test('scheme content checks: MAC, consistency, missing order', async (t) => {
  const { ph, consumer } = await world(t);
  const start = await consumerOrder(consumer, 'C-2', '1.00');
  const order = start.body.children[0];
  const tampered = { ...order, text: Buffer.from(decodeContent(order).replace('Payer="ALICE"', 'Payer="BOB"')).toString('base64') };
  t.match((await ph.send(...phStart('P-2', 'C-2', '1.00', [tampered]))).error, { code: 'EncapProtErr', locations: [{ ElementType: 'PaySchemePackagedContent' }] });
  t.match((await ph.send(...phStart('P-2', 'C-2', '2.00', [order]))).error, { code: 'ElInconsistent', locations: [{ AttName: 'Amount' }] });
  t.match((await ph.send(...phStart('P-2', 'C-2', '1.00', []))).error, { code: 'ElMissing', locations: [{ ElementType: 'PaySchemePackagedContent' }] });
  t.match((await ph.send(...phStart('P-2', 'C-2', '1.00', [order], { MerchantOrgId: 'elsewhere' }))).error, { code: 'AttValIllegal', locations: [{ AttName: 'MerchantOrgId' }] });
  t.match((await ph.send(...phStart('P-2', 'C-2', '1.00', [order], { OkTo: isoIn(-1000), OkFrom: isoIn(-HOUR) }))).error, { code: 'ValueTooSmall', locations: [{ AttName: 'OkTo' }] });
  t.equal((await consumer.send('ContinueProcess', { PayId: 'C-2' }, [order])).error?.code, 'EncapProtErr', 'the consumer wants a receipt, not an order');
});

t.test('authentication: challenge, response, check', async (t) => {
  const { ph, consumer } = await world(t);
  const challenge = await ph.send('InquireAuthChallenge', { AuthenticationId: 'auth-1' }, [element('Algorithm', { ID: 'x', name: 'XMLX-HMAC-SHA256' })]);
  const [req, algorithm] = challenge.body.children;
  t.equal(algorithm.attrs.name, 'XMLX-HMAC-SHA256');
  t.equal((await ph.send('InquireAuthChallenge', { AuthenticationId: 'a' }, [element('Algorithm', { ID: 'x', name: 'urn:rsa:md5' })])).error?.code, 'BusError');
  const answer = await consumer.send('Authenticate', { AuthenticationId: 'auth-1' }, [algorithm, req]);
  const res = answer.body.children[0];
  t.equal(res.name, 'AuthResPackagedContent');
  t.match((await ph.send('CheckAuthResponse', { AuthenticationId: 'auth-1' }, [algorithm, req, res])).body.attrs, { ProcessState: 'CompletedOk' });
  t.match((await ph.send('CheckAuthResponse', { AuthenticationId: 'auth-2' }, [algorithm, req, res])).body.attrs, { ProcessState: 'Failed', CompletionCode: 'AuthError' });
  t.equal((await consumer.send('Authenticate', { AuthenticationId: 'a' }, [element('Algorithm', { ID: 'x', name: 'other' }), req])).error?.code, 'BusError');
  t.match((await consumer.send('ManagePaymentSoftware', {})).body.attrs, { AuthNames: 'XMLX-HMAC-SHA256' });
  t.equal((await consumer.send('CallBack', { PayId: 'C-9', ProcessState: 'InProgress', PercentComplete: '10', StatusDesc: 'hi' })).body.name, 'CallBackResponse');
});
