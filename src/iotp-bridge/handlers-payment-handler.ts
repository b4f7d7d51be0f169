import { createHash } from 'node:crypto';
import { checkBrand, checkMoney, checkProtocol, checkWindow, unknownPayId } from './checks.ts';
import { notify, stateAttrs, type BridgeContext, type Handler } from './context.ts';
import { fail, iotpError, ok, type CallOutcome } from './errors.ts';
import { isUniqueViolation, type PaymentRecord } from './log.ts';
import { packagedElement } from './response.ts';
import { CONTENT, decodeInquiry, decodeOrder } from './scheme.ts';
import { beingProcessed, businessError, executeTransfer, failureContent, reconcileFromHistory, reconcileFromJournal, receiptContent } from './transfers.ts';
import type { ValidCall } from './validate.ts';
import { element, type XmlElement } from './xml.ts';

const VOLATILE_ATTRS = new Set(['WalletID', 'WalletId', 'Passphrase', 'CallBackFunction', 'CallBackLanguageList', 'xml:lang']);

/** What makes two requests "the same request": every attribute that defines the payment, and the packaged content. */
export function fingerprint(call: ValidCall): string {
  const attrs = Object.entries(call.attrs).filter(([k]) => !VOLATILE_ATTRS.has(k)).sort(([a], [b]) => a.localeCompare(b));
  const contents = call.packaged.map((p) => `${p.element}/${p.name ?? ''}/${p.body}`).sort();
  return createHash('sha256').update(JSON.stringify([call.call, attrs, contents])).digest('hex');
}

function continuation(call: ValidCall, status: 'End' | 'Continue', contents: XmlElement[] = []): XmlElement {
  return element(`${call.requestName}Response`, { ContStatus: status }, contents);
}

/** The answer a Payment Handler payment gives in its current state: the same for every repetition. */
export function paymentHandlerAnswer(ctx: BridgeContext, rec: PaymentRecord, call: ValidCall): CallOutcome<XmlElement> {
  switch (rec.state) {
    case 'CompletedOk':
      return ok(continuation(call, 'End', receiptContent(ctx, rec).map((pc) => packagedElement(pc))));
    case 'Failed':
    case 'ProcessError':
      return fail(businessError(ctx, rec, call.requestName, true));
    case 'InProgress':
      return fail(beingProcessed(ctx, call.requestName, `the transfer of payment ${rec.payId} awaits the payment host's answer.`));
    default:
      return fail(businessError(ctx, rec, call.requestName, false));
  }
}

/** Drives an InProgress payment as far as the host allows, then answers. */
async function drive(ctx: BridgeContext, rec: PaymentRecord, call: ValidCall): Promise<CallOutcome<XmlElement>> {
  let current = rec;
  if (current.state === 'InProgress' && (current.transferStatus === 'pending' || current.transferStatus === 'unknown')) {
    current = await executeTransfer(ctx, current);
  } else if (current.state === 'InProgress' && current.transferStatus === 'succeeded') {
    current = ctx.log.transition(current.payId, 'CompletedOk', { stage: 'receipt', statusKey: 'completed' }, 'resumed after transfer');
    notify(ctx, current);
  }
  return paymentHandlerAnswer(ctx, current, call);
}

export const startPaymentPaymentHandler: Handler = async (ctx, call) => {
  const a = call.attrs;
  const payId = a.PaymentHandlerPayId;
  const print = fingerprint(call);
  const existing = ctx.log.get(payId);
  if (existing !== undefined) {
    if (existing.role !== 'PaymentHandler' || existing.fingerprint !== print) {
      return fail(iotpError('AttValIllegal', { elementType: call.requestName, attName: 'PaymentHandlerPayId' }, {
        detail: `PaymentHandlerPayId ${payId} already identifies a different payment.`,
      }));
    }
    return drive(ctx, reconcileFromJournal(ctx, existing), call);
  }
  const semantic = checkBrand(call) ?? checkProtocol(call) ?? checkWindow(ctx, call, true);
  if (semantic !== undefined) return fail(semantic);
  const money = checkMoney(ctx, call);
  if (!money.ok) return fail(money.error);
  const merchantAccount = Object.hasOwn(ctx.options.merchantAccounts, a.MerchantOrgId) ? ctx.options.merchantAccounts[a.MerchantOrgId] : undefined;
  if (merchantAccount === undefined) {
    return fail(iotpError('AttValIllegal', { elementType: call.requestName, attName: 'MerchantOrgId' }, { detail: `merchant ${a.MerchantOrgId} has no account at this payment handler.` }));
  }
  const orderContent = call.packaged.find((p) => p.element === 'PaySchemePackagedContent' && (p.name === undefined || p.name === CONTENT.order));
  if (orderContent === undefined) {
    return fail(iotpError('ElMissing', { elementType: 'PaySchemePackagedContent' }, { detail: `the ${CONTENT.order} of the consumer is required.` }));
  }
  const order = decodeOrder(ctx.options.schemeKey, orderContent.body);
  if (!order.ok) return fail(iotpError('EncapProtErr', { elementType: 'PaySchemePackagedContent', attName: 'Name' }, { detail: order.reason }));
  const o = order.value;
  const inconsistent: string[] = [];
  if (o.amount !== money.minor.toString()) inconsistent.push('Amount');
  if (o.currencyId !== a.CurrCode) inconsistent.push('CurrCode');
  if (o.payDirection !== a.PayDirection) inconsistent.push('PayDirection');
  if (a.ConsumerPayId !== undefined && o.consumerPayId !== a.ConsumerPayId) inconsistent.push('ConsumerPayId');
  if (inconsistent.length > 0) {
    return fail(iotpError('ElInconsistent', inconsistent.map((attName) => ({ elementType: call.requestName, attName })), {
      detail: `the payment order disagrees with the request on ${inconsistent.join(', ')}.`,
    }));
  }
  const allowed = ctx.options.payerAccounts;
  if (allowed !== undefined && !allowed.includes(o.payer) && !ctx.options.instruments.some((i) => i.account === o.payer)) {
    return fail(iotpError('BusError', { elementType: 'PaySchemePackagedContent', attName: 'Name' }, {
      detail: `the payment order names account ${o.payer}, which this payment handler may not ${a.PayDirection === 'Debit' ? 'debit' : 'credit'}.`,
    }));
  }
  const debit = a.PayDirection === 'Debit';
  const payer = debit ? o.payer : merchantAccount;
  const payee = debit ? merchantAccount : o.payer;
  const twin = ctx.log.findPaymentHandlerByConsumer(payer, o.consumerPayId);
  if (twin !== undefined) {
    return fail(iotpError('AttValIllegal', { elementType: call.requestName, attName: 'ConsumerPayId' }, {
      detail: `the consumer's payment ${o.consumerPayId} is already handled as payment ${twin.payId}.`,
    }));
  }
  if (ctx.host === undefined) throw new Error('the Payment Handler role needs options.host');
  const transferKey = `iotp/ph/${payId}`;
  const inserted = ctx.log.insertDurably({
    payId, role: 'PaymentHandler', state: 'NotYetStarted', brandId: a.BrandId, protocolId: a.ProtocolId, payDirection: a.PayDirection,
    currCodeType: a.CurrCodeType, currCode: a.CurrCode, amount: a.Amount, amountMinor: money.minor.toString(), okFrom: a.OkFrom, okTo: a.OkTo,
    consumerPayId: o.consumerPayId, merchantOrgId: a.MerchantOrgId, walletId: a.WalletID ?? null, payer, payee, transferKey,
    transferId: ctx.host.transferIdFor(transferKey, payer), transferStatus: 'pending', fingerprint: print, statusKey: 'started',
    callbackFunction: a.CallBackFunction ?? null, callbackLangs: a.CallBackLanguageList ?? null, orderContent: orderContent.body,
  }, 'payment request received', { to: 'InProgress', patch: { stage: 'transfer', statusKey: 'transferring' }, note: 'transfer journaled' });
  let started: PaymentRecord;
  try {
    started = await inserted;
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return fail(iotpError('AttValIllegal', { elementType: call.requestName, attName: 'ConsumerPayId' }, {
      detail: `the consumer's payment ${o.consumerPayId} is already handled by another payment.`,
    }));
  }
  notify(ctx, started);
  return drive(ctx, started, call);
};

export const resumePaymentPaymentHandler: Handler = async (ctx, call) => {
  const payId = call.attrs.PaymentHandlerPayId;
  let rec = ctx.log.get(payId);
  if (rec === undefined || rec.role !== 'PaymentHandler') return fail(unknownPayId(call, 'PaymentHandlerPayId'));
  if (call.attrs.CallBackFunction !== undefined) {
    rec = ctx.log.update(payId, { callbackFunction: call.attrs.CallBackFunction, callbackLangs: call.attrs.CallBackLanguageList ?? rec.callbackLangs });
  }
  rec = reconcileFromJournal(ctx, rec);
  if (rec.state === 'NotYetStarted') {
    return fail(iotpError('AttNotSupp', { elementType: call.requestName, attName: 'PaymentHandlerPayId' }, { detail: 'the payment never started; send a new payment request.' }));
  }
  if (rec.state === 'Suspended') {
    rec = ctx.log.transition(payId, 'InProgress', { suspendedFrom: null, statusKey: 'transferring' }, 'resumed');
    notify(ctx, rec);
  }
  return drive(ctx, rec, call);
};

/** Consumer-initiated inquiry at the Payment Handler: the state, and the receipt or failure for the consumer. */
export const inquirePaymentStatus: Handler = async (ctx, call) => {
  const payId = call.attrs.PaymentHandlerPayId;
  let rec = ctx.log.get(payId);
  if (rec === undefined || rec.role !== 'PaymentHandler') return fail(unknownPayId(call, 'PaymentHandlerPayId'));
  const inquiry = call.packaged.find((p) => p.name === CONTENT.inquiry);
  if (inquiry !== undefined) {
    const q = decodeInquiry(ctx.options.schemeKey, inquiry.body);
    const wrong = !q.ok ? q.reason : q.value.consumerPayId !== rec.consumerPayId ? 'the inquiry names another consumer payment' : undefined;
    if (wrong !== undefined) return fail(iotpError('EncapProtErr', { elementType: 'PaySchemePackagedContent' }, { detail: `${wrong}.` }));
  }
  rec = await reconcileFromHistory(ctx, rec);
  const contents = rec.state === 'CompletedOk' ? receiptContent(ctx, rec) : rec.state === 'Failed' || rec.state === 'ProcessError' ? failureContent(ctx, rec) : [];
  const { PercentComplete: _unused, ...attrs } = stateAttrs(ctx, rec, call.lang);
  return ok(element('InquirePaymentStatusResponse', { PaymentHandlerPayId: payId, ...attrs }, contents.map((pc) => packagedElement(pc))));
};

/** ContinueProcess at the Payment Handler: the scheme finishes in one exchange, so this re-drives and repeats the answer. */
export async function continuePaymentHandler(ctx: BridgeContext, rec: PaymentRecord, call: ValidCall): Promise<CallOutcome<XmlElement>> {
  const current = reconcileFromJournal(ctx, rec);
  if (current.state === 'Suspended' || current.state === 'NotYetStarted') return fail(businessError(ctx, current, call.requestName, false));
  return drive(ctx, current, call);
}
