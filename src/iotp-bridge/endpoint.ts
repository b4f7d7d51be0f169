import type { Logger } from 'pino';
import type { ProgressListener } from './progress.ts';

/**
 * What the HTTP routes need of a bridge: the IotpBridge itself in process, or the gateway's proxy to
 * the payments worker thread.
 */
export interface IotpEndpoint {
  readonly options: { maxRequestBytes: number; contentSoftwareId: string; logger?: Logger; onError?: (error: unknown) => void };
  /**
   * A request document in, a response document out; never rejects for a bad request. Rejects with
   * EndpointUnavailableError only when the payment software cannot answer (the routes turn it into a
   * TransportError).
   */
  handleXml(xml: string | Uint8Array, caller?: string): Promise<string>;
  subscribe(listener: ProgressListener): () => void;
}

/**
 * The payment software cannot answer now (the gateway's payments thread is restarting): the routes
 * answer a TransportError with this retry hint, never a generic failure.
 */
export class EndpointUnavailableError extends Error {
  constructor(message: string, readonly retrySecs: number) {
    super(message);
    this.name = 'EndpointUnavailableError';
  }
}
