/**
 * The Payment Handler's money movements: one XML-X transfer per payment (TransferId derived from the
 * PayId and payer), and a compensating transfer when a transferred payment is cancelled. The payment
 * log is written before the host is asked; an unknown outcome leaves the payment InProgress.
 */
import { Errno } from '../xmlx/errors.ts';
import { localPayId } from './namespace.ts';
import type { TransferOutcome } from '../xmlx/client-api.ts';
import type { Receipt } from '../xmlx/types.ts';
import { notify, type BridgeContext } from './context.ts';
import { iotpError, type IotpError, type PackagedContent } from './errors.ts';
import type { PaymentRecord } from './log.ts';
import { CONTENT, encodeFailure, encodeReceipt, packaged, type SchemeReceipt } from './scheme.ts';

/**
 * The business key of a payment's reversal: one per payment, derived from its transfer's, so every
 * attempt at reversing carries the same TransferId and the host executes at most one of them.
 */
export const reversalKey = (transferKey: string): string => `${transferKey}/reversal`;

/** XML-X errno → IOTP payment CompletionCode (RFC 2801 7.16.2); technical errnos become ProcessError. */
export function completionFor(errno: number): { state: 'Failed' | 'ProcessError'; code: string } {
  switch (errno) {
    case Errno.INSUFFICIENT_FUNDS: return { state: 'Failed', code: 'InsuffFunds' };
    case Errno.NO_SUCH_CURRENCY: return { state: 'Failed', code: 'CurrNotSupp' };
    case Errno.NO_SUCH_ACCOUNT: case Errno.NO_SUCH_TARGET_USER: return { state: 'Failed', code: 'InstNotValid' };
    case Errno.USER_FROZEN: case Errno.USER_NOT_PERMITTED: case Errno.NOT_AUTHORISED: return { state: 'Failed', code: 'BadInstrument' };
    case Errno.LIMIT: return { state: 'Failed', code: 'InstNotValid' };
    default: return { state: 'ProcessError', code: 'Unspecified' };
  }
}

export function schemeReceiptOf(rec: PaymentRecord, receipt: Receipt): SchemeReceipt {
  if (receipt.operation.kind !== 'transfer') throw new Error(`receipt ${receipt.receiptId} is not a transfer receipt`);
  const t = receipt.operation.transfer;
  return {
    consumerPayId: rec.consumerPayId ?? '', paymentHandlerPayId: localPayId(rec.payId), transferId: t.transferId ?? '', receiptId: receipt.receiptId,
    time: receipt.time.toString().padStart(18, '0'), payer: t.payer, payee: t.payee, currencyId: t.currencyId, amount: t.amount.toString(),
    payerAmount: (receipt.payerAmount ?? t.amount).toString(), payeeAmount: (receipt.payeeAmount ?? t.amount).toString(),
    payDirection: rec.payDirection ?? 'Debit',
  };
}

export function receiptContent(ctx: BridgeContext, rec: PaymentRecord, elementName = 'PaySchemePackagedContent'): PackagedContent[] {
  return rec.receipt === null ? [] : [packaged(elementName, CONTENT.receipt, rec.receipt)];
}

export function failureContent(ctx: BridgeContext, rec: PaymentRecord): PackagedContent[] {
  const xml = encodeFailure(ctx.options.schemeKey, {
    consumerPayId: rec.consumerPayId ?? '', paymentHandlerPayId: localPayId(rec.payId), transferId: rec.transferId ?? '',
    completionCode: rec.completionCode ?? 'Unspecified', errno: String(rec.transferErrno ?? ''), text: rec.statusKey,
  });
  return [packaged('PaySchemePackagedContent', CONTENT.failure, xml)];
}

export function businessError(ctx: BridgeContext, rec: PaymentRecord, elementType: string, withContent: boolean): IotpError {
  return iotpError('BusError', { elementType, attName: 'PayId', elementRef: rec.payId }, {
    detail: `payment ${rec.payId} is ${rec.state}${rec.completionCode === null ? '' : ` (${rec.completionCode})`}.`,
    paySchemeContent: withContent && (rec.state === 'Failed' || rec.state === 'ProcessError') ? failureContent(ctx, rec) : undefined,
  });
}

export function beingProcessed(ctx: BridgeContext, elementType: string, detail: string): IotpError {
  return iotpError('MsgBeingProc', { elementType, attName: 'PayId' }, { detail, minRetrySecs: ctx.options.minRetrySecs });
}

function mustHost(ctx: BridgeContext) {
  if (ctx.host === undefined) throw new Error('the Payment Handler role needs options.host (the reliable XML-X client)');
  return ctx.host;
}

/**
 * Records a transfer outcome. The state moves only from InProgress: a payment suspended meanwhile
 * keeps its state and carries the outcome into its resumption.
 */
export function applyTransferOutcome(ctx: BridgeContext, rec: PaymentRecord, outcome: TransferOutcome): PaymentRecord {
  let next: PaymentRecord;
  // A definitive outcome is in the client's durable journal already: its record here can be re-derived.
  if (outcome.status === 'succeeded') {
    const receipt = encodeReceipt(ctx.options.schemeKey, schemeReceiptOf(rec, outcome.receipt));
    const patch = { transferStatus: 'succeeded' as const, transferId: outcome.transferId, receipt, stage: 'receipt' as const, statusKey: 'completed' };
    next = rec.state === 'InProgress'
      ? ctx.log.transition(rec.payId, 'CompletedOk', patch, `transfer ${outcome.transferId} executed`, 'rederivable')
      : ctx.log.update(rec.payId, patch, 'rederivable');
  } else if (outcome.status === 'failed' && !outcome.retryable) {
    const { state, code } = completionFor(outcome.errno);
    const patch = { transferStatus: 'failed' as const, transferErrno: outcome.errno, completionCode: code, statusKey: state === 'Failed' ? 'failed' : 'processError' };
    next = rec.state === 'InProgress'
      ? ctx.log.transition(rec.payId, state, patch, `transfer refused: errno ${outcome.errno}`, 'rederivable')
      : ctx.log.update(rec.payId, patch, 'rederivable');
  } else {
    const alarmed = outcome.status === 'unknown' && outcome.alarm !== undefined;
    if (alarmed) ctx.options.onError?.(new Error(`payment ${rec.payId}: ${outcome.reason} (TransferId ${outcome.transferId})`));
    next = ctx.log.update(rec.payId, {
      transferStatus: 'unknown', statusKey: alarmed ? 'receiptUnverified' : 'transferUnknown', transferErrno: outcome.status === 'failed' ? outcome.errno : null,
    });
  }
  if (next.state !== rec.state || next.statusKey !== rec.statusKey) notify(ctx, next);
  return next;
}

/** Carries the payment's transfer to the host (again: same business key, same TransferId). */
export async function executeTransfer(ctx: BridgeContext, rec: PaymentRecord): Promise<PaymentRecord> {
  const host = mustHost(ctx);
  if (rec.transferKey === null || rec.payer === null || rec.payee === null || rec.amountMinor === null || rec.currCode === null) {
    throw new Error(`payment ${rec.payId} lacks its transfer data`);
  }
  const outcome = await host.transfer({
    businessKey: rec.transferKey, payer: rec.payer, payee: rec.payee, amount: BigInt(rec.amountMinor), currency: rec.currCode,
    memo: `IOTP payment ${rec.payId}${rec.consumerPayId === null ? '' : ` / consumer ${rec.consumerPayId}`}`,
  });
  return applyTransferOutcome(ctx, ctx.log.get(rec.payId) ?? rec, outcome);
}

/** Settles the journal's view of an unresolved transfer without sending anything. */
export function reconcileFromJournal(ctx: BridgeContext, rec: PaymentRecord): PaymentRecord {
  if (ctx.host === undefined || rec.transferKey === null || rec.payer === null) return rec;
  if (rec.transferStatus !== 'pending' && rec.transferStatus !== 'unknown') return rec;
  const outcome = ctx.host.journaledOutcome(rec.transferKey, rec.payer);
  if (outcome === undefined || outcome.status === 'unknown' || (outcome.status === 'failed' && outcome.retryable)) return rec;
  return applyTransferOutcome(ctx, rec, outcome);
}

/**
 * Asks the host's history whether an open transfer was executed (a read, safe to repeat). Found: the
 * payment takes the host's receipt. Not found proves nothing (the request may still be on its way),
 * so the outcome stays open for the reliable client to settle.
 */
export async function reconcileFromHistory(ctx: BridgeContext, start: PaymentRecord): Promise<PaymentRecord> {
  const rec = reconcileFromJournal(ctx, start);
  if (ctx.host === undefined || rec.role !== 'PaymentHandler' || rec.transferId === null || rec.payer === null) return rec;
  if (rec.transferStatus !== 'pending' && rec.transferStatus !== 'unknown') return rec;
  const transferId = rec.transferId;
  const history = await ctx.host.history({
    accountId: rec.payer, currencyId: rec.currCode ?? undefined,
    search: { kind: 'search', not: false, tag: 'TransferId', match: { kind: 'exact', value: transferId, caseSensitive: true } },
  });
  if (history.status !== 'ok') return rec;
  const found = history.value.find((r) => r.operation.kind === 'transfer' && r.operation.transfer.transferId === transferId);
  if (found === undefined) return rec;
  return applyTransferOutcome(ctx, ctx.log.get(rec.payId) ?? rec, { status: 'succeeded', transferId, receipt: found, duplicate: true });
}

export type ReversalResult = { status: 'reversed'; rec: PaymentRecord } | { status: 'unknown'; rec: PaymentRecord } | { status: 'refused'; rec: PaymentRecord; errno: number };

/** The compensating transfer of a cancelled, already transferred payment: payee pays the payer back. */
export async function reverseTransfer(ctx: BridgeContext, rec: PaymentRecord): Promise<ReversalResult> {
  const host = mustHost(ctx);
  if (rec.transferKey === null || rec.payer === null || rec.payee === null || rec.amountMinor === null || rec.currCode === null) {
    throw new Error(`payment ${rec.payId} lacks its transfer data`);
  }
  const key = reversalKey(rec.transferKey);
  // A reversal the host refused for certain never executed: a new attempt resends it under the same
  // TransferId, so that however many attempts there are, the customer is refunded at most once.
  const again = rec.reversalStatus === 'failed';
  const attempt = again ? (rec.reversalAttempt ?? 1) + 1 : (rec.reversalAttempt ?? 1);
  ctx.log.update(rec.payId, { reversalId: host.transferIdFor(key, rec.payee), reversalStatus: 'pending', reversalAttempt: attempt });
  let current: PaymentRecord;
  const outcome = await host.transfer({
    businessKey: key, payer: rec.payee, payee: rec.payer, amount: BigInt(rec.amountMinor), currency: rec.currCode,
    memo: `Reversal of IOTP payment ${rec.payId} (TransferId ${rec.transferId ?? ''})`, ...(again ? { resendRefused: true } : {}),
  });
  if (outcome.status === 'succeeded') {
    const receipt = encodeReceipt(ctx.options.schemeKey, schemeReceiptOf(rec, outcome.receipt));
    current = ctx.log.update(rec.payId, { reversalStatus: 'succeeded', reversalId: outcome.transferId, reversalReceipt: receipt });
    return { status: 'reversed', rec: current };
  }
  if (outcome.status === 'failed' && !outcome.retryable) {
    current = ctx.log.update(rec.payId, { reversalStatus: 'failed' });
    return { status: 'refused', rec: current, errno: outcome.errno };
  }
  current = ctx.log.update(rec.payId, { reversalStatus: 'unknown' });
  return { status: 'unknown', rec: current };
}
