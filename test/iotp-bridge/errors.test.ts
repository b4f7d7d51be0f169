// Every ErrorResponse the bridge produces from bad input, over real HTTP, with ErrorLocation checked.
import t, { type Test } from 'tap';
import { join } from 'node:path';
import { element } from '../../src/iotp-bridge/index.ts';
import { HOUR, content, isoIn, requestXml, readAnswer, serve, tempDir, type Served } from './fixtures/helpers.ts';

const INSTRUMENTS = [{ id: 'card-1', name: 'Alice USD', account: 'ALICE', currencies: ['USD'] }];

async function consumerMerchant(t: Parameters<typeof tempDir>[0]): Promise<Served> {
  const dir = tempDir(t);
  return serve(t, { logPath: join(dir, 'log.db'), roles: ['Consumer', 'Merchant'], instruments: INSTRUMENTS, maxRequestBytes: 4096 });
}

const startConsumer = (over: Record<string, string | undefined> = {}) => ({
  BrandId: 'XMLX', CurrCode: 'USD', Amount: '12.30', PayDirection: 'Debit', ProtocolId: 'XMLX-1.0', OkFrom: isoIn(-HOUR), OkTo: isoIn(HOUR),
  ConsumerPayId: 'C-1', PaymentInstrumentId: 'card-1', ...over,
});

function expectError(t: Test, a: ReturnType<typeof readAnswer>, code: string, location?: Record<string, string>): void {
  t.equal(a.error?.code, code, `ErrorCode ${code}`);
  t.ok((a.error?.desc ?? '').length > 0, 'ErrorDesc present');
  t.ok(['Warning', 'TransientError', 'HardError'].includes(a.error?.severity ?? ''), 'Severity valid');
  if (location !== undefined) t.match(a.error?.locations ?? [], [location], 'ErrorLocation names the element/attribute');
}

t.test('document level: XmlNotWellFrmd, XmlNotValid, MsgTooLarge, ElUnexpected, ElMissing', async (t) => {
  const s = await consumerMerchant(t);
  expectError(t, readAnswer(await s.post('<IotpPaymentApiRequest><InquirePendingPayment></IotpPaymentApiRequest>')), 'XmlNotWellFrmd', { ElementType: 'IotpPaymentApiRequest' });
  expectError(t, readAnswer(await s.post('')), 'XmlNotWellFrmd');
  expectError(t, readAnswer(await s.post('<IotpPaymentApiRequest>&bogus;</IotpPaymentApiRequest>')), 'XmlNotWellFrmd');
  expectError(t, readAnswer(await s.post('<!DOCTYPE IotpPaymentApiRequest [<!ENTITY a "aaaa">]><IotpPaymentApiRequest><InquirePendingPayment/></IotpPaymentApiRequest>')), 'XmlNotValid');
  expectError(t, readAnswer(await s.post(requestXml('InquirePendingPayment', { Passphrase: 'x'.repeat(5000) }))), 'MsgTooLarge');
  expectError(t, readAnswer(await s.post('<Hello/>')), 'ElUnexpected', { ElementType: 'Hello' });
  expectError(t, readAnswer(await s.post('<IotpPaymentApiRequest/>')), 'ElMissing', { ElementType: 'IotpPaymentApiRequest' });
  expectError(t, readAnswer(await s.post('<IotpPaymentApiRequest><InquirePendingPayment/><InquirePendingPayment/></IotpPaymentApiRequest>')), 'ElUnexpected');
  expectError(t, readAnswer(await s.post(requestXml('PayEverything'))), 'ElUnexpected', { ElementType: 'PayEverything' });
  expectError(t, readAnswer(await s.post('<IotpPaymentApiRequest xmlns="urn:other"><InquirePendingPayment/></IotpPaymentApiRequest>')), 'AttNotValid', { AttName: 'xmlns' });
  const ok = readAnswer(await s.post('<IotpPaymentApiRequest><InquirePendingPayment/></IotpPaymentApiRequest>'));
  t.equal(ok.body.name, 'InquirePendingPaymentResponse', 'the namespace attribute is #FIXED and may be omitted');
  t.equal(ok.root.attrs.xmlns, 'http://www.iotp.org/2000/08/PaymentAPI');
});

t.test('element and attribute DTD codes', async (t) => {
  const s = await consumerMerchant(t);
  expectError(t, await s.send('StartPaymentConsumer', startConsumer({ BrandId: undefined })), 'AttMissing', { ElementType: 'StartPaymentConsumer', AttName: 'BrandId' });
  expectError(t, await s.send('StartPaymentConsumer', startConsumer({ Colour: 'red' })), 'AttUnexpected', { AttName: 'Colour' });
  expectError(t, await s.send('StartPaymentConsumer', startConsumer({ PayDirection: 'Sideways' })), 'AttNotValid', { AttName: 'PayDirection' });
  expectError(t, await s.send('ChangeProcessState', { PayId: 'x', ProcessState: 'Done' }), 'AttNotValid', { AttName: 'ProcessState' });
  expectError(t, await s.send('ChangeProcessState', { PayId: 'x', ProcessState: 'Failed', CompletionCode: 'not a token' }), 'AttNotValid', { AttName: 'CompletionCode' });
  expectError(t, await s.send('ContinueProcess', { PayId: 'C-1' }), 'ElMissing', { ElementType: 'PaySchemePackagedContent' });
  expectError(t, await s.send('InquireProcessState', { PayId: 'C-1' }, [element('Surprise')]), 'ElUnexpected', { ElementType: 'Surprise' });
  expectError(t, await s.send('ResumePaymentConsumer', { ConsumerPayId: 'C-1' }, [], 'en'), 'AttValIllegal', { AttName: 'ConsumerPayId' });
  expectError(t, await s.send('Authenticate', { AuthenticationId: 'a' }), 'ElMissing', { ElementType: 'Algorithm' });
  expectError(t, await s.send('StartPaymentConsumer', startConsumer(), [element('ProtocolBrand', { ProtocolId: 'XMLX-1.0', ProtocolBrandId: 'XMLX' }), element('ProtocolBrand', { ProtocolId: 'XMLX-1.0', ProtocolBrandId: 'XMLX' })]), 'ElUnexpected', { ElementType: 'ProtocolBrand' });
  expectError(t, await s.send('StartPaymentConsumer', startConsumer(), [element('ProtocolBrand', { ProtocolId: 'XMLX-1.0' })]), 'AttMissing', { ElementType: 'ProtocolBrand', AttName: 'ProtocolBrandId' });
  const badBase64 = element('PaySchemePackagedContent', { Name: 'XmlxReceipt', Transform: 'BASE64' }, [], '***not base64***');
  expectError(t, await s.send('ContinueProcess', { PayId: 'C-1' }, [badBase64]), 'ElContIllegal', { ElementType: 'PaySchemePackagedContent' });
  const nested = element('PaySchemePackagedContent', { Name: 'X' }, [element('Inner')]);
  expectError(t, await s.send('ContinueProcess', { PayId: 'C-1' }, [nested]), 'ElUnexpected', { ElementType: 'Inner' });
  const text = readAnswer(await s.post('<IotpPaymentApiRequest><InquirePendingPayment>text</InquirePendingPayment></IotpPaymentApiRequest>'));
  expectError(t, text, 'ElContIllegal', { ElementType: 'InquirePendingPayment' });
});

t.test('semantic codes: AttValIllegal on Amount, CurrCode, BrandId, ProtocolId, OkFrom/OkTo, PayId; ValueTooSmall/Large; ElInconsistent', async (t) => {
  const s = await consumerMerchant(t);
  expectError(t, await s.send('StartPaymentConsumer', startConsumer({ Amount: '12.305' })), 'AttValIllegal', { AttName: 'Amount' });
  expectError(t, await s.send('StartPaymentConsumer', startConsumer({ Amount: '1,00' })), 'AttValIllegal', { AttName: 'Amount' });
  expectError(t, await s.send('StartPaymentConsumer', startConsumer({ CurrCode: 'XYZ' })), 'AttValIllegal', { AttName: 'CurrCode' });
  expectError(t, await s.send('StartPaymentConsumer', startConsumer({ CurrCodeType: 'IOTP' })), 'AttValIllegal', { AttName: 'CurrCodeType' });
  expectError(t, await s.send('StartPaymentConsumer', startConsumer({ BrandId: 'VISA' })), 'AttValIllegal', { AttName: 'BrandId' });
  expectError(t, await s.send('StartPaymentConsumer', startConsumer({ ProtocolId: 'SETv1.0' })), 'AttValIllegal', { AttName: 'ProtocolId' });
  expectError(t, await s.send('StartPaymentConsumer', startConsumer({ OkFrom: 'yesterday' })), 'AttValIllegal', { AttName: 'OkFrom' });
  expectError(t, await s.send('StartPaymentConsumer', startConsumer({ OkTo: '2026-13-45' })), 'AttValIllegal', { AttName: 'OkTo' });
  expectError(t, await s.send('StartPaymentConsumer', startConsumer({ OkFrom: isoIn(HOUR), OkTo: isoIn(2 * HOUR) })), 'ValueTooLarge', { AttName: 'OkFrom' });
  expectError(t, await s.send('StartPaymentConsumer', startConsumer({ OkFrom: isoIn(-2 * HOUR), OkTo: isoIn(-HOUR) })), 'ValueTooSmall', { AttName: 'OkTo' });
  expectError(t, await s.send('StartPaymentConsumer', startConsumer({ OkFrom: isoIn(HOUR), OkTo: isoIn(-HOUR) })), 'ElInconsistent', { AttName: 'OkFrom' });
  expectError(t, await s.send('StartPaymentConsumer', startConsumer({ PaymentInstrumentId: 'card-9' })), 'AttValIllegal', { AttName: 'PaymentInstrumentId' });
  expectError(t, await s.send('StartPaymentConsumer', startConsumer({ CurrCode: 'EUR' })), 'AttValIllegal', { AttName: 'CurrCode' });
  for (const call of ['InquireProcessState', 'ChangeProcessState', 'RemovePaymentLog', 'ContinueProcess', 'CheckPaymentReceipt', 'ExpandPaymentReceipt']) {
    const attrs: Record<string, string> = { PayId: 'NOPE' };
    if (call === 'ChangeProcessState') attrs.ProcessState = 'Failed';
    const children = call === 'ContinueProcess' ? [content('PaySchemePackagedContent', 'XmlxReceipt', '<x/>')] : [];
    expectError(t, await s.send(call, attrs, children), 'AttValIllegal', { ElementType: call, AttName: 'PayId' });
  }
  expectError(t, await s.send('StartPaymentInquiry', { ConsumerPayId: 'NOPE' }), 'AttValIllegal', { AttName: 'ConsumerPayId' });
  expectError(t, await s.send('ManagePaymentSoftware', { Action: 'New', BrandId: 'XMLX', ProtocolId: 'XMLX-1.0' }), 'AttValIllegal', { AttName: 'Action' });
  expectError(t, await s.send('PaymentInstrumentInquiry', { BrandId: 'XMLX', ProtocolId: 'XMLX-1.0', PropertyTypeList: 'Colour', PaymentInstrumentId: 'card-1' }), 'AttValIllegal', { AttName: 'PropertyTypeList' });
});

t.test('roles the bridge does not play: ReqNotSupp, never an invented success', async (t) => {
  const s = await consumerMerchant(t);
  const a = await s.send('StartPaymentPaymentHandler', {
    BrandId: 'XMLX', CurrCode: 'USD', Amount: '1.00', PayDirection: 'Debit', ProtocolId: 'XMLX-1.0', OkFrom: isoIn(-HOUR), OkTo: isoIn(HOUR),
    PaymentHandlerPayId: 'P-1', MerchantOrgId: 'shop',
  });
  expectError(t, a, 'ReqNotSupp', { ElementType: 'StartPaymentPaymentHandler' });
  expectError(t, await s.send('InquirePaymentStatus', { PaymentHandlerPayId: 'P-1' }), 'ReqNotSupp');
  expectError(t, await s.send('ResumePaymentPaymentHandler', { PaymentHandlerPayId: 'P-1' }), 'ReqNotSupp');
});

t.test('a payment being processed answers MsgBeingProc with MinRetrySecs', async (t) => {
  const s = await consumerMerchant(t);
  // Two StartPaymentConsumer for one PayId in the same tick: the second finds the first in flight.
  const attrs = startConsumer({ ConsumerPayId: 'C-busy' });
  const [a, b] = await Promise.all([s.send('StartPaymentConsumer', attrs), s.send('StartPaymentConsumer', attrs)]);
  const codes = [a.error?.code, b.error?.code];
  const busy = [a, b].find((x) => x.error !== undefined);
  if (busy === undefined) {
    t.pass('both requests were served one after the other (no overlap on this run): same answer twice');
    t.equal(a.body.attrs.ContStatus, b.body.attrs.ContStatus);
  } else {
    t.same(codes.filter((c) => c !== undefined), ['MsgBeingProc']);
    t.equal(busy.error?.severity, 'TransientError');
    t.equal(busy.error?.minRetrySecs, '2');
  }
});

t.test('hostile names: prototype keys as calls, children, attributes and values never reach an object lookup', async (t) => {
  const s = await consumerMerchant(t);
  for (const name of ['constructor', '__proto__']) {
    expectError(t, readAnswer(await s.post(requestXml(name))), 'XmlNotValid', { ElementType: 'IotpPaymentApiRequest' });
    expectError(t, await s.send('InquireProcessState', { PayId: 'x' }, [element(name)]), 'XmlNotValid');
    expectError(t, readAnswer(await s.post(`<IotpPaymentApiRequest><InquireProcessState PayId="x" ${name}="y"/></IotpPaymentApiRequest>`)), 'XmlNotValid');
  }
  for (const name of ['toString', 'hasOwnProperty', 'valueOf']) {
    expectError(t, readAnswer(await s.post(requestXml(name))), 'ElUnexpected', { ElementType: name });
    expectError(t, await s.send('InquireProcessState', { PayId: 'x' }, [element(name)]), 'ElUnexpected', { ElementType: name });
    expectError(t, await s.send('InquireProcessState', { PayId: 'x', [name]: 'y' }), 'AttUnexpected', { AttName: name });
  }
  for (const value of ['constructor', '__proto__', 'toString']) {
    expectError(t, await s.send('InquireProcessState', { PayId: value }), 'AttValIllegal', { AttName: 'PayId' });
  }
  const inProcess = await s.bridge.request('InquireProcessState', JSON.parse('{"PayId":"x","__proto__":"y"}') as Record<string, string>);
  t.match(inProcess.children[0].attrs, { ErrorCode: 'AttUnexpected' }, 'an in-process __proto__ attribute is an unexpected attribute');
  const lang = await s.send('InquirePendingPayment', {}, [], 'constructor');
  t.equal(lang.body.name, 'InquirePendingPaymentResponse');
  const cb = await s.send('StartPaymentConsumer', startConsumer({ ConsumerPayId: 'C-proto', CallBackLanguageList: 'constructor toString' }));
  t.equal(cb.body.attrs.ContStatus, 'Continue', 'unknown callback languages fall back to English');
});
