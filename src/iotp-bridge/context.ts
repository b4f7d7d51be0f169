import type { CallOutcome } from './errors.ts';
import type { ResolvedOptions, PaymentHostPort } from './config.ts';
import { statusText } from './i18n.ts';
import type { PaymentLog, PaymentRecord } from './log.ts';
import { pickLanguage } from './i18n.ts';
import type { ProgressHub } from './progress.ts';
import { percentFor } from './states.ts';
import type { ValidCall } from './validate.ts';
import type { XmlElement } from './xml.ts';
import { fromMinorUnits } from './amount.ts';
import { localPayId, ownerOf } from './namespace.ts';

export interface BridgeContext {
  options: ResolvedOptions;
  log: PaymentLog;
  host: PaymentHostPort | undefined;
  hub: ProgressHub;
  now(): Date;
  /** The authenticated IOTP client of this call (its PayIds are namespaced); undefined in process. */
  caller?: string;
}

export type Handler = (ctx: BridgeContext, call: ValidCall) => Promise<CallOutcome<XmlElement>>;

/** Text variables of a payment's status description. */
function statusVars(ctx: BridgeContext, rec: PaymentRecord): Record<string, string> {
  const decimals = rec.currCode === null ? undefined : ctx.options.currencyDecimals[rec.currCode];
  const amount = rec.amountMinor !== null && decimals !== undefined ? fromMinorUnits(BigInt(rec.amountMinor), decimals) : (rec.amount ?? '');
  return { amount, currency: rec.currCode ?? '' };
}

/** ProcessState, PercentComplete, CompletionCode, xml:lang and StatusDesc of a payment, as the RFC's responses carry them. */
export function stateAttrs(ctx: BridgeContext, rec: PaymentRecord, lang: string): Record<string, string | undefined> {
  const l = pickLanguage(lang);
  return {
    ProcessState: rec.state,
    PercentComplete: String(percentFor(rec.state, rec.stage)),
    CompletionCode: rec.state === 'Failed' || rec.state === 'ProcessError' ? (rec.completionCode ?? 'Unspecified') : undefined,
    'xml:lang': l,
    StatusDesc: statusText(rec.statusKey, l, statusVars(ctx, rec)),
  };
}

/** Publishes a payment's current state as a CallBack (SSE listeners and the callback URL). */
export function notify(ctx: BridgeContext, rec: PaymentRecord): void {
  ctx.options.logger?.info({ payId: rec.payId, role: rec.role, state: rec.state, completionCode: rec.completionCode, transferId: rec.transferId, reversalId: rec.reversalId }, 'iotp payment state');
  const lang = pickLanguage(rec.callbackLangs ?? undefined);
  const attrs = stateAttrs(ctx, rec, lang);
  const owner = ownerOf(rec.payId);
  ctx.hub.publish(
    {
      payId: localPayId(rec.payId), ...(owner === undefined ? {} : { owner }), processState: rec.state, percentComplete: Number(attrs.PercentComplete), completionCode: attrs.CompletionCode,
      lang, statusDesc: attrs.StatusDesc ?? '', contentSoftwareId: ctx.options.contentSoftwareId,
    },
    rec.callbackFunction,
  );
}
