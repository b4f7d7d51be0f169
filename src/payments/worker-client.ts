// The main thread's side of the payments worker: an IotpEndpoint for the HTTP routes that forwards
// each request to the worker and fans its CallBacks out to the event streams.
import { Worker } from 'node:worker_threads';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import { ConfigError } from '../config/load.ts';
import type { IotpEndpoint } from '../iotp-bridge/endpoint.ts';
import type { ProgressEvent, ProgressListener } from '../iotp-bridge/progress.ts';
import type { FromWorker, PaymentsWorkerData, ToWorker } from './protocol.ts';

export interface PaymentsWorker extends IotpEndpoint {
  hostUrl: string;
  dataDir: string;
  embeddedHost: boolean;
  close(): Promise<void>;
}

// dist/ holds worker.js beside this file, the sources worker.ts: the same extension as this module.
const WORKER_URL = new URL(`./worker${extname(fileURLToPath(import.meta.url))}`, import.meta.url);

/** `writeLine` receives the worker's log lines when `data.logging.toParent` is set. */
export async function startPaymentsWorker(data: PaymentsWorkerData, log: Logger, writeLine: (line: string) => void = () => undefined): Promise<PaymentsWorker> {
  const worker = new Worker(WORKER_URL, { workerData: data });
  const pending = new Map<number, (xml: string) => void>();
  const listeners = new Set<ProgressListener>();
  let nextId = 0;
  let closed: (() => void) | undefined;
  let exited = false;

  const ready = await new Promise<Extract<FromWorker, { kind: 'ready' }>>((resolve, reject) => {
    worker.once('error', (error) => reject(new ConfigError('runtime', 'payments', error.message)));
    worker.once('exit', (code) => reject(new ConfigError('runtime', 'payments', `the payments worker stopped at start-up (exit ${code})`)));
    worker.on('message', (message: FromWorker) => {
      if (message.kind === 'log') writeLine(message.line);
      else if (message.kind === 'ready') resolve(message);
      else if (message.kind === 'startFailed') {
        void worker.terminate();
        reject(new ConfigError(message.file, message.key, message.problem));
      }
    });
  });
  worker.removeAllListeners('message');
  worker.removeAllListeners('error');
  worker.removeAllListeners('exit');

  const unanswered = (): string => '';
  worker.on('message', (message: FromWorker) => {
    switch (message.kind) {
      case 'answer': {
        const resolve = pending.get(message.id);
        pending.delete(message.id);
        resolve?.(message.xml);
        break;
      }
      case 'event':
        for (const listener of listeners) listener(message.event);
        break;
      case 'log':
        writeLine(message.line);
        break;
      case 'error':
        log.error({ err: message.message }, 'payments worker: internal error');
        break;
      case 'closed':
        closed?.();
        break;
      default:
        break;
    }
  });
  worker.on('error', (error) => log.error({ err: error.message }, 'payments worker failed'));
  worker.on('exit', (code) => {
    exited = true;
    if (closed === undefined) log.error({ code }, 'payments worker stopped: the IOTP API answers nothing until the gateway restarts');
    for (const resolve of pending.values()) resolve(unanswered());
    pending.clear();
    closed?.();
  });

  const options = { maxRequestBytes: ready.maxRequestBytes, contentSoftwareId: ready.contentSoftwareId, logger: log };
  return {
    options,
    hostUrl: ready.hostUrl,
    dataDir: ready.dataDir,
    embeddedHost: ready.embeddedHost,
    handleXml(xml, caller) {
      if (exited) return Promise.reject(new Error('the payments worker has stopped'));
      nextId += 1;
      const id = nextId;
      const body = typeof xml === 'string' ? new TextEncoder().encode(xml) : xml;
      const message: ToWorker = caller === undefined ? { kind: 'xml', id, body } : { kind: 'xml', id, body, caller };
      return new Promise<string>((resolve, reject) => {
        pending.set(id, (answer) => (answer === '' ? reject(new Error('the payments worker stopped before it answered')) : resolve(answer)));
        worker.postMessage(message);
      });
    },
    subscribe(listener: (event: ProgressEvent) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: () => new Promise<void>((resolve) => {
      if (exited) {
        resolve();
        return;
      }
      closed = () => {
        closed = () => undefined;
        void worker.terminate().then(() => resolve());
      };
      worker.postMessage({ kind: 'close' } satisfies ToWorker);
    }),
  };
}
