import { resolveOptions, type IotpBridgeOptions, type ResolvedOptions } from './config.ts';
import type { BridgeContext, Handler } from './context.ts';
import { fail, iotpError, type CallOutcome } from './errors.ts';
import {
  callBack, changeProcessState, checkPaymentReceipt, continueProcess, expandPaymentReceipt, inquirePendingPayment, inquireProcessState,
  managePaymentSoftware, removePaymentLog,
} from './handlers-common.ts';
import {
  authenticate, checkPaymentPossibility, findPaymentInstrument, paymentInstrumentInquiry, resumePaymentConsumer, startPaymentConsumer,
  startPaymentInquiry,
} from './handlers-consumer.ts';
import { checkAuthResponse, findAcceptedPaymentBrand, findAcceptedPaymentProtocol, getPaymentInitializationData, inquireAuthChallenge } from './handlers-merchant.ts';
import { inquirePaymentStatus, resumePaymentPaymentHandler, startPaymentPaymentHandler } from './handlers-payment-handler.ts';
import { PaymentLog } from './log.ts';
import { callbackAllowed, isHttpUrl, ProgressHub, type ProgressListener } from './progress.ts';
import { apiResponse } from './response.ts';
import { API_NAMESPACE, type CallName } from './schema.ts';
import { ROLES, type Role } from './states.ts';
import { reconcileFromJournal } from './transfers.ts';
import { validateRequest } from './validate.ts';
import { localResponse, namespaced, OWNED_PAYID_ATTR } from './namespace.ts';
import { element, parseXml, serializeXml, type XmlElement } from './xml.ts';

/** Table 1 of RFC 3867: the trading roles that implement each call (must, should or might). */
export const CALL_ROLES: Record<CallName, readonly Role[]> = {
  FindAcceptedPaymentBrand: ['Merchant'],
  FindAcceptedPaymentProtocol: ['Merchant'],
  GetPaymentInitializationData: ['Merchant'],
  FindPaymentInstrument: ['Consumer'],
  CheckPaymentPossibility: ['Consumer'],
  StartPaymentConsumer: ['Consumer'],
  StartPaymentPaymentHandler: ['PaymentHandler'],
  ResumePaymentConsumer: ['Consumer'],
  ResumePaymentPaymentHandler: ['PaymentHandler'],
  ContinueProcess: ['Consumer', 'PaymentHandler'],
  InquireProcessState: ROLES,
  ChangeProcessState: ROLES,
  CheckPaymentReceipt: ['Consumer', 'PaymentHandler'],
  ExpandPaymentReceipt: ['Consumer', 'PaymentHandler'],
  RemovePaymentLog: ROLES,
  InquireAuthChallenge: ['Merchant'],
  Authenticate: ['Consumer'],
  CheckAuthResponse: ['Merchant'],
  PaymentInstrumentInquiry: ['Consumer'],
  InquirePendingPayment: ['Consumer', 'PaymentHandler', 'Merchant'],
  StartPaymentInquiry: ['Consumer'],
  InquirePaymentStatus: ['PaymentHandler'],
  ManagePaymentSoftware: ROLES,
  CallBack: ROLES,
};

const HANDLERS: Record<CallName, Handler> = {
  FindAcceptedPaymentBrand: findAcceptedPaymentBrand,
  FindAcceptedPaymentProtocol: findAcceptedPaymentProtocol,
  GetPaymentInitializationData: getPaymentInitializationData,
  FindPaymentInstrument: findPaymentInstrument,
  CheckPaymentPossibility: checkPaymentPossibility,
  StartPaymentConsumer: startPaymentConsumer,
  StartPaymentPaymentHandler: startPaymentPaymentHandler,
  ResumePaymentConsumer: resumePaymentConsumer,
  ResumePaymentPaymentHandler: resumePaymentPaymentHandler,
  ContinueProcess: continueProcess,
  InquireProcessState: inquireProcessState,
  ChangeProcessState: changeProcessState,
  InquireAuthChallenge: inquireAuthChallenge,
  Authenticate: authenticate,
  CheckAuthResponse: checkAuthResponse,
  CheckPaymentReceipt: checkPaymentReceipt,
  ExpandPaymentReceipt: expandPaymentReceipt,
  RemovePaymentLog: removePaymentLog,
  PaymentInstrumentInquiry: paymentInstrumentInquiry,
  InquirePendingPayment: inquirePendingPayment,
  ManagePaymentSoftware: managePaymentSoftware,
  StartPaymentInquiry: startPaymentInquiry,
  InquirePaymentStatus: inquirePaymentStatus,
  CallBack: callBack,
};

/** Calls that change a payment: one at a time per PayId; a second arrival answers MsgBeingProc. */
const PAYMENT_KEY: Partial<Record<CallName, string>> = {
  FindAcceptedPaymentBrand: 'MerchantPayId',
  FindAcceptedPaymentProtocol: 'MerchantPayId',
  GetPaymentInitializationData: 'MerchantPayId',
  FindPaymentInstrument: 'ConsumerPayId',
  CheckPaymentPossibility: 'ConsumerPayId',
  StartPaymentConsumer: 'ConsumerPayId',
  StartPaymentPaymentHandler: 'PaymentHandlerPayId',
  ResumePaymentConsumer: 'ConsumerPayId',
  ResumePaymentPaymentHandler: 'PaymentHandlerPayId',
  ContinueProcess: 'PayId',
  ChangeProcessState: 'PayId',
  RemovePaymentLog: 'PayId',
  InquirePaymentStatus: 'PaymentHandlerPayId',
};

/**
 * The IOTP Payment Bridge: one instance per payment log. Every request gets exactly one
 * IotpPaymentApiResponse; expected failures are ErrorResponses, never exceptions.
 */
export class IotpBridge {
  readonly options: ResolvedOptions;
  readonly log: PaymentLog;
  readonly hub: ProgressHub;
  readonly #ctx: BridgeContext;
  readonly #busy = new Set<string>();
  readonly #timer: NodeJS.Timeout | undefined;
  #closed = false;
  #settling: Promise<number> | undefined;

  constructor(options: IotpBridgeOptions) {
    this.options = resolveOptions(options);
    if (this.options.roles.includes('PaymentHandler') && this.options.host === undefined) {
      throw new Error('IotpBridge: the PaymentHandler role needs options.host (the reliable XML-X client)');
    }
    if (this.options.schemeKey.length < 16) throw new Error('IotpBridge: options.schemeKey must be at least 16 characters');
    this.log = new PaymentLog(this.options.logPath);
    this.hub = new ProgressHub({
      callbackUrl: this.options.callbackUrl,
      allowedOrigins: this.options.callbackOrigins,
      onDeliveryError: (url, error) => this.options.onError?.(new Error(`callback to ${url} failed: ${String(error)}`)),
    });
    this.#ctx = { options: this.options, log: this.log, host: this.options.host, hub: this.hub, now: () => this.options.clock() };
    this.reconcile();
    if (this.options.reconcileIntervalMs > 0 && this.options.host !== undefined) {
      this.#timer = setInterval(() => void this.settle(), this.options.reconcileIntervalMs);
      this.#timer.unref();
    }
  }

  /** Retention: deletes the finished payments last changed before `cutoffMs` that no request is working on. */
  pruneFinished(cutoffMs: number): number {
    return this.log.pruneFinished(cutoffMs, (payId) => this.#busy.has(payId));
  }

  /** The HTTP/XML entry point: a request document in, a response document out. */
  async handleXml(xml: string | Uint8Array, caller?: string): Promise<string> {
    if ((typeof xml === 'string' ? Buffer.byteLength(xml, 'utf8') : xml.byteLength) > this.options.maxRequestBytes) {
      return this.#document(fail(iotpError('MsgTooLarge', { elementType: 'IotpPaymentApiRequest' }, { detail: `the limit is ${this.options.maxRequestBytes} bytes.` })), 'en');
    }
    const parsed = parseXml(xml);
    if (!parsed.ok) {
      const code = parsed.reason === 'notWellFormed' ? 'XmlNotWellFrmd' : 'XmlNotValid';
      return this.#document(fail(iotpError(code, { elementType: 'IotpPaymentApiRequest' }, { detail: `${parsed.detail}.` })), 'en');
    }
    return serializeXml(await this.call(parsed.root, caller));
  }

  /**
   * The in-process entry point: an IotpPaymentApiRequest element in, an IotpPaymentApiResponse element
   * out. `caller` is the authenticated IOTP client: it sees and manages only the payments of its own
   * PayId namespace. Without it (trusted in-process callers) PayIds are used as given.
   */
  async call(request: XmlElement, caller?: string): Promise<XmlElement> {
    const lang = request.attrs['xml:lang'] ?? 'en';
    const valid = validateRequest(request);
    if (!valid.ok) return apiResponse(valid, lang, this.options.contentSoftwareId);
    const call = valid.value;
    const callback = call.attrs.CallBackFunction;
    if (isHttpUrl(callback) && !callbackAllowed(callback, this.options.callbackOrigins)) {
      return apiResponse(fail(iotpError('AttValIllegal', { elementType: call.requestName, attName: 'CallBackFunction' }, {
        detail: 'CallBacks go only to the origins the gateway is configured for (payments.iotp.callbackOrigins).',
      })), call.lang, this.options.contentSoftwareId);
    }
    if (caller === undefined) return apiResponse(await this.#dispatch(this.#ctx, call.call, call), call.lang, this.options.contentSoftwareId);
    const owned = OWNED_PAYID_ATTR[call.call];
    if (owned !== undefined && call.attrs[owned] !== undefined) call.attrs[owned] = namespaced(caller, call.attrs[owned]);
    const outcome = await this.#dispatch({ ...this.#ctx, caller }, call.call, call);
    return localResponse(caller, apiResponse(outcome, call.lang, this.options.contentSoftwareId));
  }

  /** Convenience for in-process callers: one call by name, attributes and child elements. */
  async request(callName: CallName | 'CheckPaymentPossiblity', attrs: Record<string, string | undefined>, children: XmlElement[] = [], lang = 'en'): Promise<XmlElement> {
    const root = element('IotpPaymentApiRequest', { xmlns: API_NAMESPACE, 'xml:lang': lang }, [element(callName, attrs, children)]);
    return this.call(root);
  }

  subscribe(listener: ProgressListener): () => void {
    return this.hub.subscribe(listener);
  }

  /** Brings payments whose transfer outcome was open up to date with the reliable client's journal. */
  reconcile(): number {
    if (this.#closed || this.options.host === undefined) return 0;
    let settled = 0;
    try {
      for (const rec of this.log.listPending()) {
        if (this.#busy.has(rec.payId)) continue;
        const next = reconcileFromJournal(this.#ctx, rec);
        if (next.transferStatus !== rec.transferStatus) settled += 1;
      }
    } catch (error) {
      this.options.onError?.(error);
    }
    return settled;
  }

  /**
   * Lets the reliable client settle the transfers whose outcome is open (it resends them with their
   * TransferIds), then takes the outcomes into the payment log. Runs on the reconcile timer.
   */
  async settle(): Promise<number> {
    const host = this.options.host;
    if (this.#closed || host === undefined || this.#settling !== undefined) return this.#settling ?? Promise.resolve(0);
    const open = this.log.listPending().some((r) => r.transferStatus === 'pending' || r.transferStatus === 'unknown');
    if (!open) return 0;
    this.#settling = (async () => {
      try {
        await host.resolvePending();
        return this.reconcile();
      } catch (error) {
        this.options.onError?.(error);
        return 0;
      } finally {
        this.#settling = undefined;
      }
    })();
    return this.#settling;
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#settling;
    if (this.#timer !== undefined) clearInterval(this.#timer);
    await this.hub.drain();
    this.log.close();
  }

  async #dispatch(ctx: BridgeContext, name: CallName, call: Parameters<Handler>[1]): Promise<CallOutcome<XmlElement>> {
    const roles = CALL_ROLES[name];
    if (!roles.some((r) => this.options.roles.includes(r))) {
      return fail(iotpError('ReqNotSupp', { elementType: call.requestName }, { detail: `this bridge plays ${this.options.roles.join(', ')}; ${call.requestName} belongs to ${roles.join(', ')}.` }));
    }
    const keyAttr = PAYMENT_KEY[name];
    const payId = keyAttr === undefined ? undefined : call.attrs[keyAttr];
    if (payId !== undefined && this.#busy.has(payId)) {
      return fail(iotpError('MsgBeingProc', { elementType: call.requestName, attName: keyAttr }, {
        detail: `an earlier request for payment ${payId} is still being processed.`, minRetrySecs: this.options.minRetrySecs,
      }));
    }
    if (payId !== undefined) this.#busy.add(payId);
    try {
      return await HANDLERS[name](ctx, call);
    } catch (error) {
      this.options.onError?.(error);
      return fail(iotpError('UnknownError', { elementType: call.requestName }, {
        detail: 'the bridge met an internal error; the payment log keeps the last consistent state.', swVendorErrorRef: error instanceof Error ? error.name : 'internal',
      }));
    } finally {
      if (payId !== undefined) this.#busy.delete(payId);
    }
  }

  #document(outcome: CallOutcome<XmlElement>, lang: string): string {
    return serializeXml(apiResponse(outcome, lang, this.options.contentSoftwareId));
  }
}
