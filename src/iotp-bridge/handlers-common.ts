import { fromMinorUnits } from './amount.ts';
import { localPayId, ownerOf } from './namespace.ts';
import { unknownPayId } from './checks.ts';
import { notify, stateAttrs, type BridgeContext, type Handler } from './context.ts';
import { fail, iotpError, ok, type CallOutcome } from './errors.ts';
import { continueConsumer, receiptMismatch } from './handlers-consumer.ts';
import { continuePaymentHandler } from './handlers-payment-handler.ts';
import type { PaymentRecord } from './log.ts';
import { packagedElement } from './response.ts';
import type { ProcessState } from './schema.ts';
import { CONTENT, XMLX_AUTH_ALGORITHM, XMLX_BRAND_ID, XMLX_PROTOCOL_ID, decodeReceipt, packaged } from './scheme.ts';
import { canTransition, isFinal } from './states.ts';
import { beingProcessed, businessError, reconcileFromHistory, reconcileFromJournal, reverseTransfer } from './transfers.ts';
import type { ValidCall } from './validate.ts';
import { element, type XmlElement } from './xml.ts';
import { isoFromTicks } from '../xmlx/time.ts';

function lookup(ctx: BridgeContext, call: ValidCall): PaymentRecord | undefined {
  const rec = ctx.log.get(call.attrs.PayId);
  return rec === undefined ? undefined : reconcileFromJournal(ctx, rec);
}

export const inquireProcessState: Handler = async (ctx, call) => {
  const rec = lookup(ctx, call);
  if (rec === undefined) return fail(unknownPayId(call, 'PayId'));
  const contents = rec.receipt === null ? [] : [packagedElement(packaged('PackagedContent', CONTENT.receipt, rec.receipt))];
  return ok(element('InquireProcessStateResponse', {
    ...stateAttrs(ctx, rec, call.lang), PayReceiptNameRefs: rec.receipt === null ? undefined : CONTENT.receipt,
  }, contents));
};

function stateResponse(ctx: BridgeContext, rec: PaymentRecord, call: ValidCall): CallOutcome<XmlElement> {
  return ok(element('ChangeProcessStateResponse', stateAttrs(ctx, rec, call.lang)));
}

const DEFAULT_CANCEL_CODE: Record<PaymentRecord['role'], string> = { Consumer: 'ConsCancelled', PaymentHandler: 'PaymtCancelled', Merchant: 'Unspecified' };

/**
 * ChangeProcessState: the Application Core asks, the bridge agrees or reports the state it keeps
 * (final states never change and are reported, not refused, as RFC 3867 4.3.6 requires).
 */
export const changeProcessState: Handler = async (ctx, call) => {
  let rec = lookup(ctx, call);
  if (rec === undefined) return fail(unknownPayId(call, 'PayId'));
  const target = call.attrs.ProcessState as ProcessState;
  if (rec.state === target || isFinal(rec.state)) return stateResponse(ctx, rec, call);
  const moveTo = (to: ProcessState, patch: Parameters<typeof ctx.log.transition>[2], note: string) => {
    rec = ctx.log.transition(call.attrs.PayId, to, patch, note);
    notify(ctx, rec);
    return stateResponse(ctx, rec, call);
  };
  switch (target) {
    case 'Suspended':
      if (!canTransition(rec.role, rec.state, 'Suspended')) return stateResponse(ctx, rec, call);
      return moveTo('Suspended', { suspendedFrom: rec.state, statusKey: 'suspended' }, 'suspended by the application core');
    case 'InProgress':
    case 'NotYetStarted': {
      if (rec.state !== 'Suspended' && !(rec.role === 'Merchant' && target === 'InProgress')) return stateResponse(ctx, rec, call);
      if (!canTransition(rec.role, rec.state, target)) return stateResponse(ctx, rec, call);
      if (target === 'InProgress' && rec.role === 'Consumer' && rec.orderContent === null) return stateResponse(ctx, rec, call);
      const moved = moveTo(target, { suspendedFrom: null, statusKey: target === 'InProgress' ? 'started' : 'announced' }, `set to ${target} by the application core`);
      if (rec.role === 'PaymentHandler' && rec.state === 'InProgress' && rec.transferStatus === 'succeeded') {
        // The transfer completed while the payment was suspended: resuming completes it.
        return moveTo('CompletedOk', { stage: 'receipt', statusKey: 'completed' }, 'transfer had completed during suspension');
      }
      return moved;
    }
    case 'CompletedOk': {
      // Only the Merchant's order processing completes on the Application Core's word; payments complete on money.
      if (rec.role === 'Merchant' && canTransition(rec.role, rec.state, 'CompletedOk')) {
        return moveTo('CompletedOk', { statusKey: 'completed' }, 'order request transmitted');
      }
      if (rec.role === 'PaymentHandler' && rec.transferStatus === 'succeeded' && rec.state === 'InProgress') {
        return moveTo('CompletedOk', { stage: 'receipt', statusKey: 'completed' }, 'completion confirmed');
      }
      return stateResponse(ctx, rec, call);
    }
    case 'Failed':
    case 'ProcessError':
      return cancel(ctx, rec, call, target);
  }
};

/**
 * No transfer row in the reliable client's journal: it was never sent (the client journals before
 * its first send) and, with this payment's lock held, nobody is sending it now.
 */
function neverSent(ctx: BridgeContext, rec: PaymentRecord): boolean {
  return ctx.host !== undefined && rec.transferKey !== null && rec.payer !== null && ctx.host.journaledOutcome(rec.transferKey, rec.payer) === undefined;
}

/** Cancelation. A transfer whose outcome is open is settled first; an executed one is reversed. */
async function cancel(ctx: BridgeContext, start: PaymentRecord, call: ValidCall, target: 'Failed' | 'ProcessError'): Promise<CallOutcome<XmlElement>> {
  let rec = start;
  const code = call.attrs.CompletionCode ?? (target === 'ProcessError' ? 'Unspecified' : DEFAULT_CANCEL_CODE[rec.role]);
  if (rec.role === 'PaymentHandler' && (rec.transferStatus === 'pending' || rec.transferStatus === 'unknown')) {
    // A cancel never sends the transfer in order to reverse it: it learns what happened (journal,
    // then the host's history) and cancels outright only what provably never left the journal.
    rec = await reconcileFromHistory(ctx, rec);
    if (isFinal(rec.state)) return stateResponse(ctx, rec, call);
    if ((rec.transferStatus === 'pending' || rec.transferStatus === 'unknown') && neverSent(ctx, rec)) {
      rec = ctx.log.transition(rec.payId, target, { completionCode: code, statusKey: target === 'Failed' ? 'cancelled' : 'processError', transferStatus: 'none' }, 'cancelled before its transfer was sent');
      notify(ctx, rec);
      return stateResponse(ctx, rec, call);
    }
    if (rec.transferStatus === 'pending' || rec.transferStatus === 'unknown') {
      return fail(beingProcessed(ctx, call.requestName, 'the transfer outcome is still unknown; the cancelation is retried once the payment host answers.'));
    }
  }
  if (rec.role === 'PaymentHandler' && rec.transferStatus === 'succeeded') {
    const reversal = await reverseTransfer(ctx, rec);
    if (reversal.status === 'unknown') return fail(beingProcessed(ctx, call.requestName, 'the reversal awaits the payment host\'s answer.'));
    if (reversal.status === 'refused') {
      return fail(iotpError('BusError', { elementType: call.requestName, attName: 'PayId', elementRef: rec.payId }, { detail: `the payment host refused the reversal (errno ${reversal.errno}).` }));
    }
    rec = ctx.log.transition(rec.payId, target, { completionCode: code, statusKey: 'reversed' }, `cancelled, transfer reversed by ${reversal.rec.reversalId ?? ''}`);
    notify(ctx, rec);
    return stateResponse(ctx, rec, call);
  }
  if (!canTransition(rec.role, rec.state, target)) return stateResponse(ctx, rec, call);
  rec = ctx.log.transition(rec.payId, target, { completionCode: code, statusKey: target === 'Failed' ? 'cancelled' : 'processError' }, 'cancelled by the application core');
  notify(ctx, rec);
  return stateResponse(ctx, rec, call);
}

export const removePaymentLog: Handler = async (ctx, call) => {
  const result = ctx.log.removeFinished(call.attrs.PayId);
  if (result === 'unknown') return fail(unknownPayId(call, 'PayId'));
  if (result === 'unfinished') {
    const rec = ctx.log.get(call.attrs.PayId);
    if (rec !== undefined) return fail(businessError(ctx, rec, call.requestName, false));
  }
  return ok(element('RemovePaymentLogResponse'));
};

export const inquirePendingPayment: Handler = async (ctx) => {
  // A client sees its own payments only; the in-process API (no caller) sees every payment.
  const mine = (r: PaymentRecord) => ctx.caller === undefined || ownerOf(r.payId) === ctx.caller;
  const pending = ctx.log.listPending().filter(mine).map((r) => reconcileFromJournal(ctx, r)).filter((r) => !isFinal(r.state) || r.reversalStatus === 'pending' || r.reversalStatus === 'unknown');
  return ok(element('InquirePendingPaymentResponse', {}, pending.map((r) => element('PaymentId', { PayId: r.payId }))));
};

function receiptOf(ctx: BridgeContext, call: ValidCall) {
  const content = call.packaged.find((p) => p.name === CONTENT.receipt) ?? call.packaged.find((p) => p.name === undefined);
  if (content === undefined) return { ok: false as const, error: iotpError('ElMissing', { elementType: 'PackagedContent', attName: 'Name' }, { detail: `the ${CONTENT.receipt} packaged content is required.` }) };
  const decoded = decodeReceipt(ctx.options.schemeKey, content.body);
  if (!decoded.ok) return { ok: false as const, error: iotpError('BusError', { elementType: 'PackagedContent', attName: 'PayId' }, { detail: `receipt rejected: ${decoded.reason}.` }) };
  return { ok: true as const, receipt: decoded.value };
}

/** Verifies a receipt: its MAC, its agreement with the payment log, and its presence in the payer's history at the host. */
export const checkPaymentReceipt: Handler = async (ctx, call) => {
  const rec = lookup(ctx, call);
  if (rec === undefined) return fail(unknownPayId(call, 'PayId'));
  const decoded = receiptOf(ctx, call);
  if (!decoded.ok) return fail(decoded.error);
  const r = decoded.receipt;
  const at = { elementType: call.requestName, attName: 'PayId', elementRef: rec.payId };
  const mismatch = receiptMismatch(rec, r) ?? (rec.role === 'PaymentHandler' && r.paymentHandlerPayId !== localPayId(rec.payId) ? `the receipt is for payment ${r.paymentHandlerPayId}` : undefined)
    ?? (rec.transferId !== null && r.transferId !== rec.transferId ? `the receipt's TransferId ${r.transferId} is not the payment's ${rec.transferId}` : undefined);
  if (mismatch !== undefined) return fail(iotpError('BusError', at, { detail: `${mismatch}.` }));
  if (ctx.host !== undefined) {
    const history = await ctx.host.history({
      accountId: r.payer, currencyId: r.currencyId, search: { kind: 'search', not: false, tag: 'TransferId', match: { kind: 'exact', value: r.transferId, caseSensitive: true } },
    });
    if (history.status === 'unavailable') {
      return fail(iotpError('TransportError', { elementType: call.requestName }, { detail: `payment host unreachable: ${history.reason}`, minRetrySecs: ctx.options.minRetrySecs }));
    }
    if (history.status === 'error') return fail(iotpError('BusError', at, { detail: `the payment host refused the history inquiry: ${history.text}.` }));
    const found = history.value.find((h) => h.receiptId === r.receiptId);
    const t = found?.operation.kind === 'transfer' ? found.operation.transfer : undefined;
    if (t === undefined || t.amount.toString() !== r.amount || t.payee !== r.payee || t.payer !== r.payer || (t.transferId ?? '') !== r.transferId) {
      return fail(iotpError('BusError', at, { detail: `receipt ${r.receiptId} is not in the payment host's records as presented.` }));
    }
  }
  return ok(element('CheckPaymentReceiptResponse'));
};

export const expandPaymentReceipt: Handler = async (ctx, call) => {
  const rec = lookup(ctx, call);
  if (rec === undefined) return fail(unknownPayId(call, 'PayId'));
  const decoded = receiptOf(ctx, call);
  if (!decoded.ok) return fail(decoded.error);
  const r = decoded.receipt;
  const decimals = ctx.options.currencyDecimals[r.currencyId] ?? 0;
  const amount = (v: string) => fromMinorUnits(BigInt(v), decimals);
  const prop = (type: string, value: string, desc: string) => element('PaymentProperty', { PropertyType: type, PropertyValue: value, PropertyDesc: desc });
  return ok(element('ExpandPaymentReceiptResponse', {
    BrandId: XMLX_BRAND_ID, PaymentInstrumentId: rec.instrumentId ?? undefined, Amount: amount(r.amount), CurrCodeType: 'ISO4217-A', CurrCode: r.currencyId,
    PayDirection: r.payDirection, TimeStamp: isoFromTicks(BigInt(r.time)), ProtocolId: XMLX_PROTOCOL_ID, ProtocolBrandId: XMLX_BRAND_ID,
    ProtocolTransId: r.receiptId, 'xml:lang': call.lang,
  }, [
    prop('TransferId', r.transferId, 'XML-X TransferId'),
    prop('Payer', r.payer, 'Paying account'),
    prop('Payee', r.payee, 'Receiving account'),
    prop('PayerAmount', amount(r.payerAmount), 'Amount debited from the payer'),
    prop('PayeeAmount', amount(r.payeeAmount), 'Amount credited to the payee'),
    prop('ConsumerPayId', r.consumerPayId, 'Consumer payment identifier'),
    prop('PaymentHandlerPayId', r.paymentHandlerPayId, 'Payment handler payment identifier'),
  ]));
};

export const continueProcess: Handler = async (ctx, call) => {
  const rec = lookup(ctx, call);
  if (rec === undefined) return fail(unknownPayId(call, 'PayId'));
  if (rec.role === 'Consumer') return continueConsumer(ctx, rec, call);
  if (rec.role === 'PaymentHandler') return continuePaymentHandler(ctx, rec, call);
  return fail(iotpError('ReqNotSupp', { elementType: call.requestName }, { detail: 'merchant payments exchange no payment scheme components.' }));
};

export const managePaymentSoftware: Handler = async (ctx, call) => {
  if (call.attrs.Action !== undefined) {
    return fail(iotpError('AttValIllegal', { elementType: call.requestName, attName: 'Action' }, { detail: 'payment instruments are configured on the gateway, not managed through the API.' }));
  }
  return ok(element('ManagePaymentSoftwareResponse', { WalletID: call.attrs.WalletID, AuthNames: XMLX_AUTH_ALGORITHM }));
};

/** A CallBack sent to the bridge (by Existing Payment Software) is relayed to the progress listeners. */
export const callBack: Handler = async (ctx, call) => {
  const a = call.attrs;
  const rec = ctx.log.get(a.PayId);
  const owner = ownerOf(a.PayId);
  ctx.hub.publish({
    payId: localPayId(a.PayId), ...(owner === undefined ? {} : { owner }), processState: (a.ProcessState as ProcessState | undefined) ?? rec?.state ?? 'InProgress',
    percentComplete: Number.isInteger(Number(a.PercentComplete)) ? Number(a.PercentComplete) : 0, completionCode: a.CompletionCode,
    lang: call.lang, statusDesc: a.StatusDesc ?? '', contentSoftwareId: a.ContentSoftwareID ?? ctx.options.contentSoftwareId,
  }, undefined);
  return ok(element('CallBackResponse'));
};

