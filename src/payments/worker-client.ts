// The main thread's side of the payments worker: an IotpEndpoint for the HTTP routes that forwards
// each request to the worker and fans its CallBacks out to the event streams. A worker that ends by
// itself (a crash, an out-of-memory) is started again, with a growing pause, so that payments come
// back without anyone restarting the service; until then every request is answered at once with a
// transient IOTP error, and the event streams stay open across the restart.
import { Worker } from 'node:worker_threads';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import { ConfigError } from '../config/load.ts';
import { EndpointUnavailableError, type IotpEndpoint } from '../iotp-bridge/endpoint.ts';
import type { ProgressEvent, ProgressListener } from '../iotp-bridge/progress.ts';
import type { FromWorker, PaymentsWorkerData, ToWorker } from './protocol.ts';

export interface PaymentsWorker extends IotpEndpoint {
  hostUrl: string;
  dataDir: string;
  embeddedHost: boolean;
  close(): Promise<void>;
  /** Tests: ends the thread the way a crash would (no close, requests in flight unanswered). */
  kill(): Promise<void>;
}

export interface RestartPolicy {
  /** Pause before the first restart; doubled after each restart that did not stay up (default 1 s). */
  firstDelayMs: number;
  /** The longest pause; a worker that ran this long counts as stable again (default 60 s). */
  maxDelayMs: number;
}

const DEFAULT_RESTART: RestartPolicy = { firstDelayMs: 1000, maxDelayMs: 60_000 };

// dist/ holds worker.js beside this file, the sources worker.ts: the same extension as this module.
const WORKER_URL = new URL(`./worker${extname(fileURLToPath(import.meta.url))}`, import.meta.url);

type Ready = Extract<FromWorker, { kind: 'ready' }>;

/** One payments thread, from its start to its end. */
interface PaymentsThread {
  ready: Ready;
  /** Resolves with the answer; rejects with EndpointUnavailableError if the thread ends first. */
  send(xml: string | Uint8Array, caller: string | undefined): Promise<string>;
  close(): Promise<void>;
  kill(): Promise<void>;
}

async function startThread(data: PaymentsWorkerData, log: Logger, writeLine: (line: string) => void, onEvent: (event: ProgressEvent) => void, onLost: (code: number) => void): Promise<PaymentsThread> {
  const worker = new Worker(WORKER_URL, { workerData: data });
  const pending = new Map<number, { resolve: (xml: string) => void; reject: (error: Error) => void }>();
  let nextId = 0;
  let closed: (() => void) | undefined;
  let exited = false;

  const ready = await new Promise<Ready>((resolve, reject) => {
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

  worker.on('message', (message: FromWorker) => {
    switch (message.kind) {
      case 'answer': {
        const waiting = pending.get(message.id);
        pending.delete(message.id);
        waiting?.resolve(message.xml);
        break;
      }
      case 'event':
        onEvent(message.event);
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
    // Taken by the thread, never answered: the payment may have been journaled and sent to the host.
    const lost = new EndpointUnavailableError('the payment service stopped before it answered; the outcome of this request is not known: send it again unchanged (same PayId) once the service is back, it is never carried out twice.', 1);
    for (const waiting of pending.values()) waiting.reject(lost);
    pending.clear();
    if (closed === undefined) onLost(code);
    else closed();
  });

  return {
    ready,
    send(xml, caller) {
      nextId += 1;
      const id = nextId;
      const body = typeof xml === 'string' ? new TextEncoder().encode(xml) : xml;
      const message: ToWorker = caller === undefined ? { kind: 'xml', id, body } : { kind: 'xml', id, body, caller };
      return new Promise<string>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage(message);
      });
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
    kill: async () => {
      await worker.terminate();
    },
  };
}

/**
 * Starts the payments thread; a configuration or start-up error rejects (the gateway does not start).
 * `writeLine` receives the worker's log lines when `data.logging.toParent` is set.
 */
export async function startPaymentsWorker(data: PaymentsWorkerData, log: Logger, writeLine: (line: string) => void = () => undefined, restart: RestartPolicy = DEFAULT_RESTART): Promise<PaymentsWorker> {
  const listeners = new Set<ProgressListener>();
  const fanOut = (event: ProgressEvent) => { for (const listener of listeners) listener(event); };
  let current: PaymentsThread | undefined;
  let startedAt = Date.now();
  let delayMs = restart.firstDelayMs;
  let retryAt = 0;
  let timer: NodeJS.Timeout | undefined;
  let restarting: Promise<void> | undefined;
  let closing = false;

  const schedule = () => {
    retryAt = Date.now() + delayMs;
    timer = setTimeout(() => { restarting = restartNow(); }, delayMs);
    delayMs = Math.min(delayMs * 2, restart.maxDelayMs);
  };
  const onLost = (code: number) => {
    current = undefined;
    if (closing) return;
    if (Date.now() - startedAt >= restart.maxDelayMs) delayMs = restart.firstDelayMs;
    log.error({ code, restartInMs: delayMs }, 'payments worker stopped: IOTP requests are answered TransportError until it is running again');
    schedule();
  };
  const restartNow = async () => {
    timer = undefined;
    try {
      const thread = await startThread(data, log, writeLine, fanOut, onLost);
      if (closing) {
        await thread.close();
        return;
      }
      current = thread;
      startedAt = Date.now();
      log.warn({ hostUrl: thread.ready.hostUrl }, 'payments worker running again: its journals were recovered as after a restart');
    } catch (error) {
      if (closing) return;
      log.error({ err: error instanceof Error ? error.message : String(error), restartInMs: delayMs }, 'payments worker restart failed');
      schedule();
    }
  };

  current = await startThread(data, log, writeLine, fanOut, onLost);
  const { ready } = current;
  return {
    options: { maxRequestBytes: ready.maxRequestBytes, contentSoftwareId: ready.contentSoftwareId, logger: log },
    hostUrl: ready.hostUrl,
    dataDir: ready.dataDir,
    embeddedHost: ready.embeddedHost,
    handleXml(xml, caller) {
      if (current === undefined) {
        const retrySecs = Math.max(1, Math.ceil((retryAt - Date.now()) / 1000));
        return Promise.reject(new EndpointUnavailableError('the payment service is restarting; nothing of this request was taken: send it again later.', retrySecs));
      }
      return current.send(xml, caller);
    },
    subscribe(listener: ProgressListener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: async () => {
      closing = true;
      if (timer !== undefined) clearTimeout(timer);
      // A thread starting now closes itself once it is up (restartNow sees `closing`).
      await restarting;
      await current?.close();
    },
    kill: async () => {
      await current?.kill();
    },
  };
}
