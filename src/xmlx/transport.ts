// The one place the client writes to a socket: an HTTP(S) POST of one XML-X document, answered by
// one document, over keep-alive connections (node:http Agent; cheaper per request than fetch).
// Anything short of a parsed XML-X response is "no answer": the caller treats the outcome as unknown.
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { DEFAULT_CODEC_LIMITS, parseXmlx } from './codec.ts';
import type { XmlxDocument } from './types.ts';

export type Exchange =
  | { answered: true; document: XmlxDocument }
  | { answered: false; reason: string };

/** Largest response body read (a 10,000-receipt history is about 3 MiB). */
const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
const RESPONSE_LIMITS = { ...DEFAULT_CODEC_LIMITS, maxBytes: MAX_RESPONSE_BYTES };

/** TLS of the connection to the host: whom to trust (ca) and what to present (cert/key or pfx). */
export interface ClientTls {
  /** PEM CA certificates the host's certificate must chain to (default: the system's roots). */
  ca?: Buffer | string;
  cert?: Buffer | string;
  key?: Buffer | string;
  pfx?: Buffer;
  passphrase?: string;
}

export class XmlxTransport {
  private readonly url: URL;
  private readonly agent: HttpAgent;
  private readonly send: typeof httpRequest;

  constructor(hostUrl: string, maxSockets = 64, tls: ClientTls = {}) {
    this.url = new URL(hostUrl);
    if (this.url.protocol !== 'http:' && this.url.protocol !== 'https:') throw new TypeError(`hostUrl must be http(s): ${hostUrl}`);
    const secure = this.url.protocol === 'https:';
    // The host's certificate is always verified (rejectUnauthorized is never turned off).
    this.agent = secure ? new HttpsAgent({ keepAlive: true, maxSockets, ...tls, rejectUnauthorized: true }) : new HttpAgent({ keepAlive: true, maxSockets });
    this.send = secure ? httpsRequest : httpRequest;
  }

  post(body: string, timeoutMs: number): Promise<Exchange> {
    return new Promise<Exchange>((resolve) => {
      let settled = false;
      const finish = (exchange: Exchange): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(exchange);
      };
      const payload = Buffer.from(body, 'utf8');
      const req = this.send(this.url, {
        method: 'POST',
        agent: this.agent,
        headers: { 'content-type': 'application/xml; charset=utf-8', accept: 'application/xml', 'content-length': payload.length },
      }, (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_RESPONSE_BYTES) {
            req.destroy();
            finish({ answered: false, reason: 'response too large' });
          } else {
            chunks.push(chunk);
          }
        });
        res.on('error', (error) => finish({ answered: false, reason: `response cut off: ${error.message}` }));
        res.on('aborted', () => finish({ answered: false, reason: 'response cut off' }));
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          if (!res.complete) return finish({ answered: false, reason: 'response cut off' });
          if (status >= 500) return finish({ answered: false, reason: `host answered HTTP ${status}` });
          const parsed = parseXmlx(Buffer.concat(chunks), RESPONSE_LIMITS);
          if (!parsed.ok) return finish({ answered: false, reason: `HTTP ${status} with an unreadable body (errno ${parsed.error.errno})` });
          finish({ answered: true, document: parsed.value });
        });
      });
      const timer = setTimeout(() => {
        req.destroy();
        finish({ answered: false, reason: `no answer within ${timeoutMs} ms` });
      }, timeoutMs);
      req.on('error', (error) => finish({ answered: false, reason: `connection failed: ${error.message}` }));
      req.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
