// The reference XML-X payment host: fastify answering HTTP POSTs of XML-X documents. Transport
// choice: one XML-X document per POST body, the response document in the HTTP response. XML-X
// errors travel as ErrorResponse documents with HTTP 200 (the protocol's own error channel);
// HTTP 500 only when the host itself failed, so a client treats it as "unknown" and retries.
import Fastify from 'fastify';
import type { Logger } from 'pino';
import { DEFAULT_CODEC_LIMITS, serializeXmlx } from './codec.ts';
import { PasswordCheckCache } from './credentials.ts';
import { DEMO_SEED } from './demo.ts';
import { Errno } from './errors.ts';
import type { AsyncHostStoreAdmin, TokenScheme, XmlxHost, XmlxHostOptions } from './host-api.ts';
import { handleDocument, noFees, type HandlerDeps } from './host-handlers.ts';
import { createXmlxLogger } from './logger.ts';
import { LoginGuard } from './login-guard.ts';
import { SqliteLedgerStore } from './sqlite-store.ts';
import type { PgLedgerStore } from './pg-store.ts';
import type { LedgerStore } from './store.ts';
import { hmacTokenScheme } from './tokens.ts';
import { receiptSigner } from './receipt-signature.ts';

export const XML_CONTENT_TYPE = 'application/xml; charset=utf-8';

function silentLogger(): Logger {
  return createXmlxLogger({ level: 'silent' });
}

/** Starts a host on `options.port` (0 = ephemeral); resolves once it listens. */
/** A host that would be reachable off this machine over plain HTTP: refused before anything opens. */
export class InsecureHostError extends Error {
  readonly code = 'XMLX_PLAIN_REMOTE';
  constructor(host: string) {
    super(`plain HTTP on ${host} would carry passwords across the network in clear: configure TLS (key and cert, or pfx)`);
    this.name = 'InsecureHostError';
  }
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

/** With `postgres` the host's store is networked and its admin access asynchronous. */
export function startXmlxHost(options: XmlxHostOptions & { postgres: NonNullable<XmlxHostOptions['postgres']> }): Promise<XmlxHost<AsyncHostStoreAdmin>>;
export function startXmlxHost(options: XmlxHostOptions & { postgres?: undefined }): Promise<XmlxHost>;
export function startXmlxHost(options: XmlxHostOptions): Promise<XmlxHost | XmlxHost<AsyncHostStoreAdmin>>;
export async function startXmlxHost(options: XmlxHostOptions): Promise<XmlxHost | XmlxHost<AsyncHostStoreAdmin>> {
  const bindHost = options.host ?? '127.0.0.1';
  if (options.tls === undefined && !isLoopback(bindHost) && options.insecureAllowPlainRemote !== true) throw new InsecureHostError(bindHost);
  const logger = options.logger === false ? silentLogger() : options.logger ?? createXmlxLogger({ name: 'xmlx-host' });
  const store: LedgerStore & (SqliteLedgerStore | PgLedgerStore) = options.postgres
    // Loaded only when configured: a SQLite host (npm start) never loads the PostgreSQL client.
    ? await (await import('./pg-store.ts')).PgLedgerStore.open({ ...options.postgres, logger })
    : new SqliteLedgerStore(options.dbPath);
  try {
    return await serve(options, bindHost, logger, store);
  } catch (error) {
    await store.close();
    throw error;
  }
}

async function serve(options: XmlxHostOptions, bindHost: string, logger: Logger, store: SqliteLedgerStore | PgLedgerStore): Promise<XmlxHost | XmlxHost<AsyncHostStoreAdmin>> {
  if (store.created && options.seedDemo !== false) await store.seed(DEMO_SEED);
  const signer = receiptSigner(await store.secret('receipt-ed25519-seed'));
  const schemes = new Map<string, TokenScheme>();
  for (const scheme of [hmacTokenScheme(await store.secret('token-hmac-key')), ...(options.tokenSchemes ?? [])]) schemes.set(scheme.type, scheme);
  const maxBytes = options.maxDocumentBytes ?? DEFAULT_CODEC_LIMITS.maxBytes;
  const deps: HandlerDeps = {
    store,
    fees: options.fees ?? noFees,
    tokenSchemes: schemes,
    passwords: new PasswordCheckCache(),
    guard: new LoginGuard(options.lockout),
    maxHistoryReceipts: options.maxHistoryReceipts ?? 10_000,
    sign: options.signReceipts === false ? async (receipt) => receipt : signer.sign,
    limits: { ...DEFAULT_CODEC_LIMITS, maxBytes },
    logger,
  };

  // fastify's own request logging stays off: it would log URLs and headers we do not control.
  const app = Fastify({ logger: false, bodyLimit: maxBytes + 1024, keepAliveTimeout: 30_000, ...(options.tls ? { https: { ...options.tls, ...(options.tls.ca ? { requestCert: true, rejectUnauthorized: true } : {}) } } : {}) });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  const path = options.path ?? '/xmlx';
  app.post(path, async (request, reply) => {
    const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const started = process.hrtime.bigint();
    try {
      const response = await handleDocument(deps, body, request.ip);
      const errno = response.kind === 'ErrorResponse' ? response.errno : undefined;
      logger.debug({ kind: response.kind, rid: response.rid, errno, us: Number((process.hrtime.bigint() - started) / 1000n) }, 'xmlx request');
      return reply.code(200).type(XML_CONTENT_TYPE).send(serializeXmlx(response));
    } catch (error) {
      logger.error({ err: error instanceof Error ? { message: error.message, stack: error.stack } : String(error) }, 'xmlx host failure');
      return reply.code(500).type(XML_CONTENT_TYPE)
        .send(serializeXmlx({ kind: 'ErrorResponse', errno: Errno.INTERNAL, text: 'internal server error' }));
    }
  });
  app.setErrorHandler((error: { statusCode?: number; message?: string }, _request, reply) => {
    // Transport-level refusals (body too large, ...) still answer in XML-X.
    const tooLarge = error.statusCode === 413;
    void reply.code(tooLarge ? 413 : error.statusCode ?? 500).type(XML_CONTENT_TYPE).send(serializeXmlx({
      kind: 'ErrorResponse', errno: tooLarge ? Errno.BAD_XML : Errno.INTERNAL,
      text: tooLarge ? `document larger than ${maxBytes} bytes` : 'request could not be handled',
    }));
  });

  const address = await app.listen({ port: options.port ?? 0, host: bindHost });
  const url = new URL(path, address.replace('[::1]', '127.0.0.1')).toString();
  // The connection string is not logged: it may carry the database password.
  logger.info({ url, db: options.postgres ? 'postgres' : options.dbPath, created: store.created }, 'xmlx host listening');
  let closed = false;
  const host = {
    url,
    receiptPublicKey: signer.publicKeyPem,
    async close() {
      if (closed) return;
      closed = true;
      await app.close();
      await store.close();
    },
  };
  return store instanceof SqliteLedgerStore ? { ...host, store } : { ...host, store };
}
