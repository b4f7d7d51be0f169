// All 24 calls of RFC 3867 are parsed and answered: exactly one response each, the call's own
// response element or an ErrorResponse with an RFC error code; calls of roles the bridge does not
// play answer ReqNotSupp; host trouble answers TransportError; an internal fault answers UnknownError.
import t from 'tap';
import { join } from 'node:path';
import { CALL_NAMES, CALL_ROLES, IOTP_ERROR_CODES, element, type CallName, type XmlElement } from '../../src/iotp-bridge/index.ts';
import { XmlxClient } from '../../src/xmlx/index.ts';
import { HOUR, isoIn, serve, tempDir } from './fixtures/helpers.ts';

const W = { OkFrom: isoIn(-HOUR), OkTo: isoIn(HOUR) };
const MONEY = { PayDirection: 'Debit', CurrCode: 'USD', Amount: '1.00' };
const PSC = element('PaySchemePackagedContent', { Name: 'XmlxReceipt' }, [], 'x');
const ALG = element('Algorithm', { ID: 'a', name: 'XMLX-HMAC-SHA256' });

const MINIMAL: Record<CallName, [Record<string, string>, XmlElement[]]> = {
  FindAcceptedPaymentBrand: [{ ...MONEY, MerchantPayId: 'M' }, []],
  FindAcceptedPaymentProtocol: [{ ...MONEY, MerchantPayId: 'M' }, []],
  GetPaymentInitializationData: [{ ...MONEY, ...W, BrandId: 'XMLX', MerchantPayId: 'M', ProtocolId: 'XMLX-1.0' }, []],
  FindPaymentInstrument: [{ ...MONEY, BrandId: 'XMLX', ProtocolId: 'XMLX-1.0', ConsumerPayId: 'C' }, []],
  CheckPaymentPossibility: [{ ...MONEY, BrandId: 'XMLX', ProtocolId: 'XMLX-1.0', ConsumerPayId: 'C' }, []],
  StartPaymentConsumer: [{ ...MONEY, ...W, BrandId: 'XMLX', ProtocolId: 'XMLX-1.0', ConsumerPayId: 'C' }, []],
  StartPaymentPaymentHandler: [{ ...MONEY, ...W, BrandId: 'XMLX', ProtocolId: 'XMLX-1.0', PaymentHandlerPayId: 'P', MerchantOrgId: 'shop' }, []],
  ResumePaymentConsumer: [{ ConsumerPayId: 'C' }, []],
  ResumePaymentPaymentHandler: [{ PaymentHandlerPayId: 'P' }, []],
  ContinueProcess: [{ PayId: 'C' }, [PSC]],
  InquireProcessState: [{ PayId: 'C' }, []],
  ChangeProcessState: [{ PayId: 'C', ProcessState: 'Suspended' }, []],
  InquireAuthChallenge: [{ AuthenticationId: 'A' }, []],
  Authenticate: [{ AuthenticationId: 'A' }, [ALG, element('AuthReqPackagedContent', {}, [], 'challenge')]],
  CheckAuthResponse: [{ AuthenticationId: 'A' }, [ALG, element('AuthReqPackagedContent', {}, [], 'c'), element('AuthResPackagedContent', {}, [], 'r')]],
  CheckPaymentReceipt: [{ PayId: 'C' }, []],
  ExpandPaymentReceipt: [{ PayId: 'C' }, []],
  RemovePaymentLog: [{ PayId: 'C' }, []],
  PaymentInstrumentInquiry: [{ BrandId: 'XMLX', ProtocolId: 'XMLX-1.0', PropertyTypeList: 'Identifier' }, []],
  InquirePendingPayment: [{}, []],
  ManagePaymentSoftware: [{}, []],
  StartPaymentInquiry: [{ ConsumerPayId: 'C' }, []],
  InquirePaymentStatus: [{ PaymentHandlerPayId: 'P' }, []],
  CallBack: [{ PayId: 'C', ProcessState: 'InProgress' }, []],
};

t.test('the registry holds the 24 calls of section 3', async (t) => {
  t.equal(CALL_NAMES.length, 24);
  t.same(Object.keys(MINIMAL).sort(), [...CALL_NAMES].sort());
});

t.test('a Consumer-only bridge: every call answered once; other roles\' calls ReqNotSupp', async (t) => {
  const dir = tempDir(t);
  // The host port points at a closed port: host trouble must come back as TransportError, not a crash.
  const client = await XmlxClient.open({ hostUrl: 'http://127.0.0.1:9/xmlx', journalPath: join(dir, 'j.db'), auth: { userId: 'gateway', password: 'x' }, timeoutMs: 300, retry: { attempts: 1 } });
  t.teardown(() => client.close());
  const s = await serve(t, { logPath: join(dir, 'log.db'), roles: ['Consumer'], host: client, instruments: [{ id: 'i', name: 'I', account: 'ALICE' }] });
  const table: string[] = [];
  for (const name of CALL_NAMES) {
    const [attrs, children] = MINIMAL[name];
    const a = await s.send(name, attrs, children);
    t.equal(a.root.children.length, 1, `${name}: one answer`);
    const code = a.error?.code;
    if (code === undefined) t.equal(a.body.name, `${name}Response`, `${name}: its own response element`);
    else t.ok(code in IOTP_ERROR_CODES && code !== 'UnknownError', `${name}: RFC error ${code}`);
    if (!CALL_ROLES[name].includes('Consumer')) t.equal(code, 'ReqNotSupp', `${name} belongs to ${CALL_ROLES[name].join('/')}`);
    table.push(`${name}: ${code ?? 'ok'}`);
  }
  t.comment(table.join('\n'));
  const possible = await s.send('CheckPaymentPossibility', { ...MONEY, BrandId: 'XMLX', ProtocolId: 'XMLX-1.0', ConsumerPayId: 'C', PaymentInstrumentId: 'i' });
  t.match(possible.error, { code: 'TransportError', severity: 'TransientError' }, 'balance check with the host unreachable');
  t.ok(Number(possible.error?.minRetrySecs) > 0);
});

t.test('an internal fault is an UnknownError response, not a crash', async (t) => {
  const dir = tempDir(t);
  const errors: unknown[] = [];
  const s = await serve(t, { logPath: join(dir, 'log.db'), roles: ['Consumer'], onError: (e) => errors.push(e) });
  s.bridge.log.close();
  const a = await s.send('InquireProcessState', { PayId: 'C' });
  t.match(a.error, { code: 'UnknownError', severity: 'HardError' });
  t.equal(errors.length, 1, 'reported to onError');
  t.equal((await s.send('InquirePendingPayment')).error?.code, 'UnknownError', 'and the next request is answered too');
});
