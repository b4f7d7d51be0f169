// A real payment world for the bridge tests: the reference XML-X host, reliable clients with their own
// journals, bridges over HTTP, and a proxy in front of the host that can refuse or drop traffic.
import { createServer, request as httpRequest, type Server } from 'node:http';
import { join } from 'node:path';
import { XmlxClient, startXmlxHost, type XmlxHost } from '../../src/xmlx/index.ts';
import { serve, tempDir, type Served } from './helpers.ts';

export type ProxyMode = 'pass' | 'refuse' | 'dropResponse';

export interface HostProxy {
  url: string;
  mode: ProxyMode;
  forwarded: number;
  close(): Promise<void>;
}

/** An HTTP proxy to the host: 'refuse' cuts the connection unanswered, 'dropResponse' lets the host act but loses its answer. */
export async function startProxy(target: string): Promise<HostProxy> {
  const targetUrl = new URL(target);
  const state: HostProxy = { url: '', mode: 'pass', forwarded: 0, close: async () => undefined };
  const server: Server = createServer((req, res) => {
    if (state.mode === 'refuse') {
      req.socket.destroy();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const mode = state.mode;
      const upstream = httpRequest({
        hostname: targetUrl.hostname, port: targetUrl.port, path: targetUrl.pathname, method: 'POST', headers: { 'content-type': req.headers['content-type'] ?? 'application/xml' },
      }, (up) => {
        const body: Buffer[] = [];
        up.on('data', (c: Buffer) => body.push(c));
        up.on('end', () => {
          state.forwarded += 1;
          if (mode === 'dropResponse') {
            req.socket.destroy();
            return;
          }
          res.writeHead(up.statusCode ?? 502, { 'content-type': up.headers['content-type'] ?? 'application/xml' });
          res.end(Buffer.concat(body));
        });
      });
      upstream.on('error', () => req.socket.destroy());
      upstream.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  state.url = `http://127.0.0.1:${address.port}${targetUrl.pathname}`;
  state.close = () => new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
  return state;
}

interface Teardown {
  teardown(fn: () => unknown): void;
}

export interface World {
  dir: string;
  host: XmlxHost;
  proxy: HostProxy;
  phClient: XmlxClient;
  consumerClient: XmlxClient;
  /** Payment Handler and Merchant bridge. */
  ph: Served;
  /** Consumer bridge (wallet of ALICE and BOB). */
  consumer: Served;
}

export const CLIENT_TIMING = { timeoutMs: 1500, retry: { attempts: 2, initialDelayMs: 10, maxDelayMs: 50 } };

export async function openPaymentHandlerClient(dir: string, hostUrl: string): Promise<XmlxClient> {
  return XmlxClient.open({ hostUrl, journalPath: join(dir, 'ph-journal.db'), auth: { userId: 'gateway', password: 'gateway-demo' }, ...CLIENT_TIMING });
}

export async function world(t: Teardown): Promise<World> {
  const dir = tempDir(t, 'iotp-world-');
  const host = await startXmlxHost({ dbPath: join(dir, 'host.db'), port: 0, logger: false });
  t.teardown(() => host.close());
  const proxy = await startProxy(host.url);
  t.teardown(() => proxy.close());
  const phClient = await openPaymentHandlerClient(dir, proxy.url);
  t.teardown(() => phClient.close());
  const consumerClient = await XmlxClient.open({ hostUrl: host.url, journalPath: join(dir, 'consumer-journal.db'), auth: { userId: 'gateway', password: 'gateway-demo' }, ...CLIENT_TIMING });
  t.teardown(() => consumerClient.close());
  const ph = await serve(t, {
    logPath: join(dir, 'ph-log.db'), roles: ['PaymentHandler', 'Merchant'], host: phClient, merchantAccounts: { shop: 'MERCHANT' },
    reconcileIntervalMs: 0, acceptedCurrencies: ['USD', 'EUR', 'JPY'], payReqNetLocn: 'http://127.0.0.1/iotp', brandLogoNetLocn: 'http://127.0.0.1/xmlx.png',
  });
  const consumer = await serve(t, {
    logPath: join(dir, 'consumer-log.db'), roles: ['Consumer'], host: consumerClient, reconcileIntervalMs: 0,
    instruments: [
      { id: 'alice-usd', name: 'Alice checking', account: 'ALICE', currencies: ['USD', 'EUR', 'JPY'] },
      { id: 'bob-usd', name: 'Bob checking', account: 'BOB', currencies: ['USD'] },
    ],
  });
  return { dir, host, proxy, phClient, consumerClient, ph, consumer };
}
