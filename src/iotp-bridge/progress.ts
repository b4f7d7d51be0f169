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
  /** Origins CallBacks may go to; a URL elsewhere is never contacted (reported through onDeliveryError). */
  allowedOrigins: readonly string[];
  /** Largest answer read from a callback URL (default 64 KiB); the rest is dropped unread. */
  maxAnswerBytes?: number;
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

export function isHttpUrl(s: string | null | undefined): s is string {
  return typeof s === 'string' && /^https?:\/\//i.test(s);
}

/** Whether a callback URL's origin (scheme, host, port) is one of the allowed origins. */
export function callbackAllowed(url: string, allowedOrigins: readonly string[]): boolean {
  try {
    const parsed = new URL(url);
    return (parsed.protocol === 'https:' || parsed.protocol === 'http:') && parsed.username === '' && parsed.password === '' && allowedOrigins.includes(parsed.origin);
  } catch {
    return false;
  }
}

/** Reads an answer up to a limit and abandons the rest, so a hostile callback URL cannot fill memory. */
async function drainAtMost(res: Response, limit: number): Promise<void> {
  const reader = res.body?.getReader();
  if (reader === undefined) return;
  let read = 0;
  for (;;) {
    const { value, done } = (await reader.read()) as { value: Uint8Array; done: false } | { value: undefined; done: true };
    if (done) return;
    read += value.byteLength;
    if (read > limit) {
      await reader.cancel();
      return;
    }
  }
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

  constructor(options: ProgressHubOptions = { allowedOrigins: [] }) {
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
    if (!callbackAllowed(url, this.#options.allowedOrigins)) {
      this.#options.onDeliveryError?.(url, new Error('the callback URL is not on the allow-list (payments.iotp.callbackOrigins); nothing sent'));
      return;
    }
    const body = callBackDocument(event);
    const limit = this.#options.maxAnswerBytes ?? 64 * 1024;
    const send = async () => {
      // No redirects: a 3xx would lead the POST to a destination nobody allowed.
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/xml; charset=utf-8' },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.#options.callbackTimeoutMs ?? 5000),
      });
      await drainAtMost(res, limit);
      if (res.status >= 300 && res.status < 400) throw new Error(`callback answered a redirect (HTTP ${res.status}); redirects are not followed`);
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
