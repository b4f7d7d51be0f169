import { fromMinorUnits } from './amount.ts';
import { localPayId } from './namespace.ts';
import { checkBrand, checkMoney, checkProtocol, checkWindow, unknownPayId } from './checks.ts';
import type { PaymentInstrument } from './config.ts';
import { notify, type BridgeContext, type Handler } from './context.ts';
import { fail, iotpError, ok, type CallOutcome, type IotpError } from './errors.ts';
import type { PaymentRecord } from './log.ts';
import { packagedElement } from './response.ts';
import {
  CONTENT, XMLX_AUTH_ALGORITHM, authResponse, decodeFailure, decodeReceipt, encodeInquiry, encodeOrder, packaged, schemeDocName,
} from './scheme.ts';
import { fingerprint } from './handlers-payment-handler.ts';
import { businessError } from './transfers.ts';
import type { ValidCall } from './validate.ts';
import { element, type XmlElement } from './xml.ts';

function instrumentsFor(ctx: BridgeContext, currency: string): PaymentInstrument[] {
  return ctx.options.instruments.filter((i) => i.currencies === undefined || i.currencies.includes(currency));
}

type InstrumentPick = { ok: true; instrument: PaymentInstrument } | { ok: false; error: IotpError };

function pickInstrument(ctx: BridgeContext, call: ValidCall, currency: string | undefined): InstrumentPick {
  const id = call.attrs.PaymentInstrumentId;
  const candidates = currency === undefined ? ctx.options.instruments : instrumentsFor(ctx, currency);
  const at = { elementType: call.requestName, attName: 'PaymentInstrumentId' };
  if (id === undefined) {
    if (candidates.length === 1) return { ok: true, instrument: candidates[0] };
    return { ok: false, error: iotpError('AttMissing', at, { detail: `${candidates.length} payment instruments qualify; PaymentInstrumentId must choose one.` }) };
  }
  const instrument = ctx.options.instruments.find((i) => i.id === id);
  if (instrument === undefined) return { ok: false, error: iotpError('AttValIllegal', at, { detail: `payment instrument ${id} is unknown.` }) };
  if (!candidates.includes(instrument)) {
    return { ok: false, error: iotpError('AttValIllegal', { elementType: call.requestName, attName: 'CurrCode' }, { detail: `instrument ${id} does not pay in ${currency}.` }) };
  }
  return { ok: true, instrument };
}

/** The Consumer's payment exists from brand selection on (so ChangeProcessState may address it). */
function announce(ctx: BridgeContext, call: ValidCall): void {
  const payId = call.attrs.ConsumerPayId;
  if (ctx.log.get(payId) !== undefined) return;
  ctx.log.insert({
    payId, role: 'Consumer', state: 'NotYetStarted', brandId: call.attrs.BrandId, protocolId: call.attrs.ProtocolId,
    payDirection: call.attrs.PayDirection, currCodeType: call.attrs.CurrCodeType, currCode: call.attrs.CurrCode, amount: call.attrs.Amount,
    walletId: call.attrs.WalletID ?? null, statusKey: 'announced',
  }, 'brand selection');
}

export const findPaymentInstrument: Handler = async (ctx, call) => {
  const money = checkMoney(ctx, call);
  if (!money.ok) return fail(money.error);
  const served = checkBrand(call) === undefined && checkProtocol(call) === undefined;
  const existing = ctx.log.get(call.attrs.ConsumerPayId);
  if (existing !== undefined && existing.role !== 'Consumer') {
    return fail(iotpError('AttValIllegal', { elementType: call.requestName, attName: 'ConsumerPayId' }, { detail: 'this PayId belongs to another trading role.' }));
  }
  if (served) announce(ctx, call);
  const list = served ? instrumentsFor(ctx, call.attrs.CurrCode) : [];
  return ok(element('FindPaymentInstrumentResponse', {}, list.map((i) => element('PayInstrument', { Id: i.id, 'xml:lang': call.lang, PayInstName: i.name }))));
};

export const checkPaymentPossibility: Handler = async (ctx, call) => {
  const semantic = checkBrand(call) ?? checkProtocol(call);
  if (semantic !== undefined) return fail(semantic);
  const money = checkMoney(ctx, call);
  if (!money.ok) return fail(money.error);
  const pick = pickInstrument(ctx, call, call.attrs.CurrCode);
  if (!pick.ok) return fail(pick.error);
  if (call.attrs.PayDirection === 'Debit' && ctx.host !== undefined) {
    const balance = await ctx.host.balance(pick.instrument.account, call.attrs.CurrCode);
    if (balance.status === 'unavailable') {
      return fail(iotpError('TransportError', { elementType: call.requestName }, { detail: `payment host unreachable: ${balance.reason}`, minRetrySecs: ctx.options.minRetrySecs }));
    }
    if (balance.status === 'error') {
      return fail(iotpError('BusError', { elementType: call.requestName, attName: 'PaymentInstrumentId' }, { detail: `the payment host refused the balance inquiry: ${balance.text}.` }));
    }
    const total = balance.value.find((b) => b.currencyId === call.attrs.CurrCode)?.total ?? 0n;
    if (total < money.minor) {
      return fail(iotpError('BusError', { elementType: call.requestName, attName: 'Amount' }, { detail: 'insufficient funds on the selected payment instrument.' }));
    }
  }
  announce(ctx, call);
  return ok(element(`${call.requestName}Response`));
};

function orderElement(ctx: BridgeContext, rec: PaymentRecord): XmlElement[] {
  return rec.orderContent === null ? [] : [packagedElement(packaged('PaySchemePackagedContent', CONTENT.order, rec.orderContent))];
}

export const startPaymentConsumer: Handler = async (ctx, call) => {
  const a = call.attrs;
  const payId = a.ConsumerPayId;
  const print = fingerprint(call);
  const existing = ctx.log.get(payId);
  if (existing !== undefined && existing.role !== 'Consumer') {
    return fail(iotpError('AttValIllegal', { elementType: call.requestName, attName: 'ConsumerPayId' }, { detail: 'this PayId belongs to another trading role.' }));
  }
  if (existing !== undefined && existing.fingerprint !== null) {
    if (existing.fingerprint !== print) {
      return fail(iotpError('AttValIllegal', { elementType: call.requestName, attName: 'ConsumerPayId' }, { detail: `ConsumerPayId ${payId} already identifies a different payment.` }));
    }
    if (existing.state === 'InProgress') return ok(element('StartPaymentConsumerResponse', { ContStatus: 'Continue' }, orderElement(ctx, existing)));
    if (existing.state === 'CompletedOk') return ok(element('StartPaymentConsumerResponse', { ContStatus: 'End' }));
    return fail(businessError(ctx, existing, call.requestName, false));
  }
  if (existing !== undefined && existing.state !== 'NotYetStarted') return fail(businessError(ctx, existing, call.requestName, false));
  const semantic = checkBrand(call) ?? checkProtocol(call) ?? checkWindow(ctx, call, true);
  if (semantic !== undefined) return fail(semantic);
  const money = checkMoney(ctx, call);
  if (!money.ok) return fail(money.error);
  const pick = pickInstrument(ctx, call, a.CurrCode);
  if (!pick.ok) return fail(pick.error);
  const orderXml = encodeOrder(ctx.options.schemeKey, {
    consumerPayId: localPayId(payId), payer: pick.instrument.account, currencyId: a.CurrCode, amount: money.minor.toString(), payDirection: a.PayDirection,
    okFrom: a.OkFrom, okTo: a.OkTo,
  });
  const fields = {
    brandId: a.BrandId, protocolId: a.ProtocolId, payDirection: a.PayDirection, currCodeType: a.CurrCodeType, currCode: a.CurrCode, amount: a.Amount,
    amountMinor: money.minor.toString(), okFrom: a.OkFrom, okTo: a.OkTo, instrumentId: pick.instrument.id, payer: pick.instrument.account,
    walletId: a.WalletID ?? null, fingerprint: print, orderContent: orderXml, callbackFunction: a.CallBackFunction ?? null,
    callbackLangs: a.CallBackLanguageList ?? null,
  };
  if (existing === undefined) ctx.log.insert({ payId, role: 'Consumer', state: 'NotYetStarted', ...fields }, 'payment started without brand selection');
  else ctx.log.update(payId, fields);
  const rec = ctx.log.transition(payId, 'InProgress', { stage: 'order', statusKey: 'orderIssued' }, 'payment order issued');
  notify(ctx, rec);
  return ok(element('StartPaymentConsumerResponse', { ContStatus: 'Continue' }, orderElement(ctx, rec)));
};

export const resumePaymentConsumer: Handler = async (ctx, call) => {
  const payId = call.attrs.ConsumerPayId;
  let rec = ctx.log.get(payId);
  if (rec === undefined || rec.role !== 'Consumer') return fail(unknownPayId(call, 'ConsumerPayId'));
  if (call.attrs.CallBackFunction !== undefined) {
    rec = ctx.log.update(payId, { callbackFunction: call.attrs.CallBackFunction, callbackLangs: call.attrs.CallBackLanguageList ?? rec.callbackLangs });
  }
  if (rec.state === 'Suspended' && rec.orderContent !== null) {
    rec = ctx.log.transition(payId, 'InProgress', { suspendedFrom: null, statusKey: 'orderIssued' }, 'resumed');
    notify(ctx, rec);
  }
  if (rec.state === 'InProgress') return ok(element('ResumePaymentConsumerResponse', { ContStatus: 'Continue' }, orderElement(ctx, rec)));
  if (rec.state === 'CompletedOk') return ok(element('ResumePaymentConsumerResponse', { ContStatus: 'End' }));
  if (rec.state === 'NotYetStarted' || rec.state === 'Suspended') {
    // Suspended during brand selection: the RFC's way to ask for a new payment request.
    if (rec.state === 'Suspended') notify(ctx, ctx.log.transition(payId, 'NotYetStarted', { suspendedFrom: null, statusKey: 'announced' }, 'resumed into brand selection'));
    return fail(iotpError('AttNotSupp', { elementType: call.requestName, attName: 'ConsumerPayId' }, { detail: 'no payment order was issued yet; repeat brand selection.' }));
  }
  return fail(businessError(ctx, rec, call.requestName, false));
};

/** Checks a scheme receipt against the Consumer's own record of the payment. */
export function receiptMismatch(rec: PaymentRecord, r: { consumerPayId: string; payer: string; payee: string; currencyId: string; amount: string; payDirection: string }): string | undefined {
  if (rec.role === 'Consumer' && r.consumerPayId !== localPayId(rec.payId)) return `the receipt is for consumer payment ${r.consumerPayId}`;
  const account = r.payDirection === 'Credit' ? r.payee : r.payer;
  if (rec.payer !== null && account !== rec.payer && rec.role === 'Consumer') return `the receipt names account ${account}, not ${rec.payer}`;
  if (rec.currCode !== null && r.currencyId !== rec.currCode) return `the receipt is in ${r.currencyId}, not ${rec.currCode}`;
  if (rec.amountMinor !== null && r.amount !== rec.amountMinor) return `the receipt is for ${r.amount}, not ${rec.amountMinor}`;
  if (rec.payDirection !== null && r.payDirection !== rec.payDirection) return `the receipt is a ${r.payDirection}, not a ${rec.payDirection}`;
  return undefined;
}

export async function continueConsumer(ctx: BridgeContext, rec: PaymentRecord, call: ValidCall): Promise<CallOutcome<XmlElement>> {
  const end = (contents: XmlElement[] = []) => ok(element('ContinueProcessResponse', { ContStatus: 'End' }, contents));
  const content = call.packaged[0];
  const doc = schemeDocName(content.body);
  if (doc === CONTENT.receipt) {
    const r = decodeReceipt(ctx.options.schemeKey, content.body);
    if (!r.ok) return fail(iotpError('EncapProtErr', { elementType: 'PaySchemePackagedContent' }, { detail: r.reason }));
    const mismatch = receiptMismatch(rec, r.value);
    if (mismatch !== undefined) return fail(iotpError('EncapProtErr', { elementType: 'PaySchemePackagedContent' }, { detail: `${mismatch}.` }));
    if (rec.state === 'CompletedOk') return end();
    if (rec.state !== 'InProgress') return fail(businessError(ctx, rec, call.requestName, false));
    const next = ctx.log.transition(rec.payId, 'CompletedOk', {
      receipt: content.body, transferId: r.value.transferId, transferStatus: 'succeeded', payee: r.value.payee, stage: 'receipt', statusKey: 'receiptVerified',
    }, `receipt ${r.value.receiptId} accepted`);
    notify(ctx, next);
    return end();
  }
  if (doc === CONTENT.failure) {
    const f = decodeFailure(ctx.options.schemeKey, content.body);
    if (!f.ok) return fail(iotpError('EncapProtErr', { elementType: 'PaySchemePackagedContent' }, { detail: f.reason }));
    if (f.value.consumerPayId !== localPayId(rec.payId)) return fail(iotpError('EncapProtErr', { elementType: 'PaySchemePackagedContent' }, { detail: 'the failure report is for another payment.' }));
    if (rec.state === 'Failed' || rec.state === 'ProcessError') return end();
    if (rec.state !== 'InProgress' && rec.state !== 'Suspended') return fail(businessError(ctx, rec, call.requestName, false));
    const next = ctx.log.transition(rec.payId, 'Failed', { completionCode: f.value.completionCode, transferStatus: 'failed', transferId: f.value.transferId, statusKey: 'failed' }, 'payment handler reported failure');
    notify(ctx, next);
    return end();
  }
  return fail(iotpError('EncapProtErr', { elementType: 'PaySchemePackagedContent', attName: 'Name' }, { detail: `unexpected scheme content ${doc ?? '(not XML)'}.` }));
}

export const startPaymentInquiry: Handler = async (ctx, call) => {
  const rec = ctx.log.get(call.attrs.ConsumerPayId);
  if (rec === undefined || rec.role !== 'Consumer') return fail(unknownPayId(call, 'ConsumerPayId'));
  if (rec.payer === null) return fail(businessError(ctx, rec, call.requestName, false));
  const xml = encodeInquiry(ctx.options.schemeKey, { consumerPayId: localPayId(rec.payId), payer: rec.payer });
  return ok(element('StartPaymentInquiryResponse', {}, [packagedElement(packaged('PaySchemePackagedContent', CONTENT.inquiry, xml))]));
};

export const authenticate: Handler = async (ctx, call) => {
  const algorithm = call.element.children.find((c) => c.name === 'Algorithm');
  const name = algorithm?.attrs.name ?? algorithm?.attrs.Name;
  if (name !== XMLX_AUTH_ALGORITHM) {
    return fail(iotpError('BusError', { elementType: 'Algorithm', attName: 'name' }, { detail: `only ${XMLX_AUTH_ALGORITHM} is supported.` }));
  }
  const challenge = call.packaged.find((p) => p.element === 'AuthReqPackagedContent');
  if (challenge === undefined) return fail(iotpError('ElMissing', { elementType: 'AuthReqPackagedContent' }, { detail: 'the challenge is required.' }));
  const response = authResponse(ctx.options.schemeKey, call.attrs.AuthenticationId, challenge.body);
  return ok(element('AuthenticateResponse', {}, [packagedElement(packaged('AuthResPackagedContent', CONTENT.response, response), 'AuthResPackagedContent')]));
};

const GENERIC_PROPERTIES = ['Balance', 'Limit', 'PaymentLimit', 'Expiration', 'Identifier', 'LogEntries'];
const MAX_LOG_ENTRIES = 10;

export const paymentInstrumentInquiry: Handler = async (ctx, call) => {
  const semantic = checkBrand(call) ?? checkProtocol(call);
  if (semantic !== undefined) return fail(semantic);
  const pick = pickInstrument(ctx, call, undefined);
  if (!pick.ok) return fail(pick.error);
  const account = pick.instrument.account;
  const requested = call.attrs.PropertyTypeList.trim().split(/\s+/);
  const unknownType = requested.find((p) => p !== 'all' && !GENERIC_PROPERTIES.includes(p) && !/^Pay(Amount|Party|Time)-?\d+$/.test(p));
  if (unknownType !== undefined) {
    return fail(iotpError('AttValIllegal', { elementType: call.requestName, attName: 'PropertyTypeList' }, { detail: `property type ${unknownType} is not known for brand XMLX.` }));
  }
  if (ctx.host === undefined) return fail(iotpError('ReqNotSupp', { elementType: call.requestName }, { detail: 'no payment host is configured.' }));
  const all = requested.includes('all');
  const wants = (p: string) => all || requested.includes(p);
  const props: XmlElement[] = [];
  const unavailable: string[] = [];
  const unavailableReason = (reason: string) => iotpError('TransportError', { elementType: call.requestName }, { detail: `payment host unreachable: ${reason}`, minRetrySecs: ctx.options.minRetrySecs });
  const prop = (type: string, value: string, desc: string) => props.push(element('PaymentInstrumentProperty', { PropertyType: type, PropertyValue: value, PropertyDesc: desc }));
  if (wants('Identifier')) prop('Identifier', account, 'XML-X account');
  if (wants('Balance')) {
    const b = await ctx.host.balance(account);
    if (b.status === 'unavailable') return fail(unavailableReason(b.reason));
    if (b.status === 'error') unavailable.push('Balance');
    else for (const bal of b.value) {
      const decimals = ctx.options.currencyDecimals[bal.currencyId] ?? 0;
      prop('Balance', `${fromMinorUnits(bal.total, decimals)} ${bal.currencyId}`, `Balance in ${bal.currencyId}`);
    }
  }
  const historyWanted = all || requested.some((p) => p === 'LogEntries' || /^Pay(Amount|Party|Time)-?\d+$/.test(p));
  if (historyWanted) {
    const h = await ctx.host.history({ accountId: account, sort: [{ tag: 'Time', ascend: false }] });
    if (h.status === 'unavailable') return fail(unavailableReason(h.reason));
    if (h.status === 'error') unavailable.push('LogEntries');
    else {
      const receipts = h.value.filter((r) => r.operation.kind === 'transfer').sort((x, y) => (x.time < y.time ? 1 : x.time > y.time ? -1 : 0));
      if (wants('LogEntries')) prop('LogEntries', String(receipts.length), 'Number of recorded payment transactions');
      receipts.forEach((r, n) => {
        if (r.operation.kind !== 'transfer') return;
        const t = r.operation.transfer;
        const decimals = ctx.options.currencyDecimals[t.currencyId] ?? 0;
        const outgoing = t.payer === account;
        const signed = `${outgoing ? '-' : ''}${fromMinorUnits(t.amount, decimals)} ${t.currencyId}`;
        if (wants(`PayAmount${n}`) || (all && n < MAX_LOG_ENTRIES)) prop(`PayAmount${n}`, signed, `Amount of payment ${n}`);
        if (wants(`PayParty${n}`) || (all && n < MAX_LOG_ENTRIES)) prop(`PayParty${n}`, outgoing ? t.payee : t.payer, `Remote party of payment ${n}`);
        if (wants(`PayTime${n}`) || (all && n < MAX_LOG_ENTRIES)) prop(`PayTime${n}`, r.time.toString().padStart(18, '0'), `XML-X time of payment ${n}`);
      });
    }
  }
  for (const p of requested) {
    if (p === 'all' || props.some((e) => e.attrs.PropertyType === p)) continue;
    unavailable.push(p);
  }
  if (all) for (const p of ['Limit', 'PaymentLimit', 'Expiration']) unavailable.push(p);
  const unique = [...new Set(unavailable)];
  return ok(element('PaymentInstrumentInquiryResponse', { 'xml:lang': call.lang, UnavailablePropertyList: unique.length > 0 ? unique.join(' ') : undefined }, props));
};
