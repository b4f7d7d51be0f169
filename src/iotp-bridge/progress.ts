import type { ProcessState } from './schema.ts';
import { API_NAMESPACE } from './schema.ts';
import { element, serializeXml } from './xml.ts';

/** One CallBack of RFC 3867 section 5: what the bridge reports whenever state or progress changes. */
export interface ProgressEvent {
  /** The PayId as its owner knows it. */
  payId: string;
  /** The IOTP client that owns the payment; absent for payments of the in-process API. */
  owner?: string;
  processState: ProcessState;
  percentComplete: number;
  completionCode?: string;
  lang: string;
  statusDesc: string;
  contentSoftwareId: string;
}

export type ProgressListener = (event: ProgressEvent) => void;

export interface ProgressHubOptions {
  /** Where CallBack requests go when a payment names no URL of its own. */
  callbackUrl?: string;
  /** Per-delivery timeout of the callback URL (default 5,000 ms). */
  callbackTimeoutMs?: number;
  onDeliveryError?: (url: string, error: unknown) => void;
}

/** The CallBack call as an IotpPaymentApiRequest document, as delivered to a callback URL and in SSE. */
export function callBackDocument(e: ProgressEvent, declaration = true): string {
  const callBack = element('CallBack', {
    ContentSoftwareID: e.contentSoftwareId, PayId: e.payId, ProcessState: e.processState, PercentComplete: String(e.percentComplete),
    CompletionCode: e.completionCode, 'xml:lang': e.lang, StatusDesc: e.statusDesc,
  });
  return serializeXml(element('IotpPaymentApiRequest', { xmlns: API_NAMESPACE }, [callBack]), declaration);
}

function isHttpUrl(s: string | null | undefined): s is string {
  return typeof s === 'string' && /^https?:\/\//i.test(s);
}

/**
 * Fans progress out to in-process listeners (the SSE route subscribes here) and, for payments whose
 * CallBackFunction is an http(s) URL or when a default URL is configured, POSTs the CallBack document.
 */
export class ProgressHub {
  readonly #listeners = new Set<ProgressListener>();
  readonly #options: ProgressHubOptions;
  readonly #deliveries = new Set<Promise<void>>();
  /** Per URL, the last delivery: CallBacks of one destination are posted in order, one at a time. */
  readonly #chains = new Map<string, Promise<void>>();

  constructor(options: ProgressHubOptions = {}) {
    this.#options = options;
  }

  subscribe(listener: ProgressListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  publish(event: ProgressEvent, callbackFunction: string | null | undefined): void {
    for (const l of this.#listeners) l(event);
    const url = isHttpUrl(callbackFunction) ? callbackFunction : this.#options.callbackUrl;
    if (url !== undefined) this.#deliver(url, event);
  }

  /** Waits until every callback POST started so far has finished (tests, shutdown). */
  async drain(): Promise<void> {
    await Promise.all([...this.#deliveries]);
  }

  #deliver(url: string, event: ProgressEvent): void {
    const body = callBackDocument(event);
    const send = async () => {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/xml; charset=utf-8' },
        body,
        signal: AbortSignal.timeout(this.#options.callbackTimeoutMs ?? 5000),
      });
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`callback answered HTTP ${res.status}`);
    };
    const previous = this.#chains.get(url) ?? Promise.resolve();
    const delivery: Promise<void> = previous
      .then(send)
      .catch((error: unknown) => this.#options.onDeliveryError?.(url, error))
      .finally(() => {
        this.#deliveries.delete(delivery);
        if (this.#chains.get(url) === delivery) this.#chains.delete(url);
      });
    this.#chains.set(url, delivery);
    this.#deliveries.add(delivery);
  }
}
