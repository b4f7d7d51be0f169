// The payments worker thread: runs the payment stack (payments/stack.ts) and answers the main thread's
// IOTP requests. Everything that commits to SQLite, and so every fsync, happens on this thread.
import { parentPort, workerData } from 'node:worker_threads';
import { pino } from 'pino';
import { ConfigError } from '../config/load.ts';
import { createLogger } from '../xfs4iot/logger.ts';
import { startPaymentsStack, type PaymentsStack } from './stack.ts';
import type { FromWorker, PaymentsWorkerData, ToWorker } from './protocol.ts';

const port = parentPort;
if (port === null) throw new Error('payments/worker.ts runs as a worker thread only');
const data = workerData as PaymentsWorkerData;
const send = (message: FromWorker): void => port.postMessage(message);

// With a log file, the main thread writes (and rotates) it: this thread hands it each line.
const destination: { write(line: string): void; flushSync?: () => void } = data.logging.toParent
  ? { write: (line: string) => send({ kind: 'log', line }) }
  : pino.destination(2);
const log = createLogger({ level: data.logging.level }, destination).child({ thread: 'payments' });

let stack: PaymentsStack | undefined;
try {
  stack = await startPaymentsStack(data.config, log);
} catch (error) {
  const e = error instanceof ConfigError ? error : new ConfigError('runtime', '', error instanceof Error ? error.message : String(error));
  send({ kind: 'startFailed', file: e.file, key: e.key, problem: e.problem, runtime: !(error instanceof ConfigError) });
}

if (stack !== undefined) {
  const running = stack;
  const bridge = running.iotp.bridge;
  bridge.subscribe((event) => send({ kind: 'event', event }));
  port.on('message', (message: ToWorker) => {
    if (message.kind === 'xml') {
      bridge.handleXml(message.body, message.caller).then(
        (xml) => send({ kind: 'answer', id: message.id, xml }),
        // handleXml answers every request itself; reaching here is a broken invariant.
        (error: unknown) => send({ kind: 'error', message: error instanceof Error ? error.message : String(error) }),
      );
      return;
    }
    running.close().then(
      () => { destination.flushSync?.(); send({ kind: 'closed' }); },
      (error: unknown) => { log.error({ err: error instanceof Error ? error.message : String(error) }, 'payments close failed'); send({ kind: 'closed' }); },
    );
  });
  send({
    kind: 'ready', hostUrl: running.hostUrl, dataDir: running.dataDir, embeddedHost: running.host !== undefined,
    maxRequestBytes: bridge.options.maxRequestBytes, contentSoftwareId: bridge.options.contentSoftwareId,
  });
}
