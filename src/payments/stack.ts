// The payment side of the gateway: the XML-X host (embedded unless an external one is configured) and
// the IOTP bridge with its reliable client. It runs in its own worker thread (payments/worker.ts), so
// the SQLite commits and fsyncs of the payment log, the journal and the host never hold up the event
// loop that serves card readers, PIN pads and dispensers.
import { createPublicKey } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Logger } from 'pino';
import { ConfigError } from '../config/load.ts';
import type { PaymentsConfig } from '../config/types.ts';
import { SCHEME_KEY_ENV } from '../config/payments.ts';
import { SqliteUnavailableError } from '../storage/sqlite.ts';
import { InUseError, WriterLock } from '../storage/writer-lock.ts';
import { InsecureHostError, startXmlxHost, type XmlxHost } from '../xmlx/index.ts';
import { openEmbeddedIotp, type EmbeddedIotp } from '../iotp-bridge/index.ts';

export interface PaymentsStack {
  iotp: EmbeddedIotp;
  /** The embedded host; absent with an external one. */
  host?: XmlxHost<unknown>;
  hostUrl: string;
  dataDir: string;
  close(): Promise<void>;
}

export function startupError(key: string, error: unknown): ConfigError {
  if (error instanceof ConfigError) return error;
  // Not the data directory's fault: this Node.js cannot open a database at all.
  if (error instanceof SqliteUnavailableError) return new ConfigError('runtime', 'Node.js', error.message);
  const code = (error as NodeJS.ErrnoException).code;
  return new ConfigError('configuration', key, `${code ?? (error as Error).message}${code ? ` (${(error as Error).message})` : ''}`);
}

/** How long a start waits for the previous holder of the data directory to end (a service restart). */
const LOCK_WAIT_MS = 5000;

/**
 * The XML-X host (embedded unless an external one is configured), then the IOTP bridge talking to it,
 * holding the data directory's writer lock (<dataDir>/payments.lock) until closed: a second gateway
 * on the same directory would retry and settle this one's payments in flight as interrupted ones.
 */
export async function startPaymentsStack(config: PaymentsConfig, log: Logger, options: { lockWaitMs?: number } = {}): Promise<PaymentsStack> {
  const dataDir = resolve(config.dataDir);
  let lock: WriterLock;
  try {
    mkdirSync(dataDir, { recursive: true });
    lock = WriterLock.take(join(dataDir, 'payments'), options.lockWaitMs ?? LOCK_WAIT_MS);
  } catch (error) {
    if (error instanceof InUseError) {
      throw new ConfigError('configuration', 'payments.dataDir', `${error.message}: one gateway uses a payment data directory; stop the other one or give this one its own`);
    }
    throw startupError('payments.dataDir', error);
  }
  try {
    const stack = await startUnlocked(config, log, dataDir);
    return {
      ...stack,
      close: async () => {
        try {
          await stack.close();
        } finally {
          lock.release();
        }
      },
    };
  } catch (error) {
    lock.release();
    throw error;
  }
}

async function startUnlocked(config: PaymentsConfig, log: Logger, dataDir: string): Promise<PaymentsStack> {
  let host: XmlxHost<unknown> | undefined;
  if (config.xmlxHost.embedded) {
    try {
      const pg = config.xmlxHost.postgres;
      host = await startXmlxHost({
        dbPath: join(dataDir, 'xmlx-host.db'), host: config.xmlxHost.host, port: config.xmlxHost.port, logger: log.child({ component: 'xmlx-host' }),
        ...(pg ? { postgres: { connectionString: pg.url, poolSize: pg.poolSize } } : {}),
      });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (error instanceof InsecureHostError) throw new ConfigError('configuration', 'payments.xmlxHost.host', error.message);
      if (code === 'EADDRINUSE' || code === 'EADDRNOTAVAIL' || code === 'EACCES') throw startupError('payments.xmlxHost.port', error);
      throw startupError(config.xmlxHost.store === 'postgres' ? 'payments.xmlxHost.postgres.url' : 'payments.dataDir', error);
    }
  }
  const hostUrl = host?.url ?? config.xmlxHost.url ?? '';
  // Also in the log: a Windows service's standard output is read by nobody.
  if (config.iotp.schemeKeySource === 'demo') log.warn(`IOTP scheme key: the public demo key is in use; set payments.iotp.schemeKey or ${SCHEME_KEY_ENV}`);
  try {
    const iotp = await openEmbeddedIotp({
      dataDir, hostUrl, retentionDays: config.retentionDays,
      auth: { userId: config.xmlx.userId, password: config.xmlx.password },
      schemeKey: config.iotp.schemeKey,
      logger: log.child({ component: 'iotp' }),
      client: { ...hostKey(config, host?.receiptPublicKey), ...(config.xmlx.tls ? { tls: readClientTls(config.xmlx.tls) } : {}) },
      roles: config.iotp.roles,
      instruments: config.iotp.instruments,
      merchantAccounts: config.iotp.merchants,
      payerAccounts: config.iotp.payerAccounts,
      callbackOrigins: config.iotp.callbackOrigins,
    });
    return {
      iotp, hostUrl, dataDir, ...(host ? { host } : {}),
      close: async () => {
        await iotp.close();
        await host?.close();
      },
    };
  } catch (error) {
    await host?.close();
    throw startupError('payments.dataDir', error);
  }
}

function readConfigFile(key: string, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new ConfigError('configuration', key, `cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}

/** The key receipts must verify against: the configured one, else the embedded host's own. */
function hostKey(config: PaymentsConfig, embeddedKey: string | undefined): { hostPublicKey?: string } {
  const path = config.xmlx.hostPublicKey;
  if (path === undefined) return embeddedKey === undefined ? {} : { hostPublicKey: embeddedKey };
  const pem = readConfigFile('payments.xmlx.hostPublicKey', path).toString('utf8');
  try {
    createPublicKey(pem);
  } catch (error) {
    throw new ConfigError('configuration', 'payments.xmlx.hostPublicKey', `${path} holds no PEM public key (${(error as Error).message})`);
  }
  return { hostPublicKey: pem };
}

function readClientTls(tls: NonNullable<PaymentsConfig['xmlx']['tls']>) {
  if (tls.pfx !== undefined && (tls.cert !== undefined || tls.key !== undefined)) throw new ConfigError('configuration', 'payments.xmlx.tls.pfx', 'cannot be combined with cert and key');
  if ((tls.cert === undefined) !== (tls.key === undefined)) throw new ConfigError('configuration', tls.cert === undefined ? 'payments.xmlx.tls.cert' : 'payments.xmlx.tls.key', 'cert and key go together');
  return {
    ...(tls.ca !== undefined ? { ca: readConfigFile('payments.xmlx.tls.ca', tls.ca) } : {}),
    ...(tls.cert !== undefined ? { cert: readConfigFile('payments.xmlx.tls.cert', tls.cert) } : {}),
    ...(tls.key !== undefined ? { key: readConfigFile('payments.xmlx.tls.key', tls.key) } : {}),
    ...(tls.pfx !== undefined ? { pfx: readConfigFile('payments.xmlx.tls.pfx', tls.pfx) } : {}),
    ...(tls.passphrase !== undefined ? { passphrase: tls.passphrase } : {}),
  };
}

