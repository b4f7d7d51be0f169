// npm run bench:iotp — StartPaymentPaymentHandler to completion per second through the IOTP bridge
// (payment log + reliable XML-X client) to the reference host, beside the XML-X client alone in the
// same run against the same host process; prints the bridge's overhead ratio.
// Options: --payments N per mode and round (default 1000) --rounds N (default 3) --concurrency N (default 32).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Fastify from 'fastify';
import { XmlxClient } from '../src/xmlx/client.ts';
import { IotpBridge, IotpClients, element, iotpRoutes, newClientToken, serializeXml, API_NAMESPACE, type IotpClientEntry } from '../src/iotp-bridge/index.ts';
import { encodeOrder } from '../src/iotp-bridge/scheme.ts';
import { startHostProcess } from './xmlx-host-process.ts';

const { values } = parseArgs({
  options: { payments: { type: 'string', default: '1000' }, concurrency: { type: 'string', default: '32' }, rounds: { type: 'string', default: '3' }, serve: { type: 'string' } },
});
const PAYMENTS = Number(values.payments);
const ROUNDS = Number(values.rounds);
const CONCURRENCY = Number(values.concurrency);
const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SCHEME_KEY = 'bench-scheme-key-0123456789';
const dir = values.serve === undefined ? mkdtempSync(join(tmpdir(), 'iotp-bench-')) : '';
const WINDOW = { OkFrom: new Date(Date.now() - 3_600_000).toISOString(), OkTo: new Date(Date.now() + 3_600_000).toISOString() };

const openClientIn = (url: string, label: string, workDir: string) => XmlxClient.open({
  hostUrl: url, journalPath: join(workDir, `journal-${label}.db`), auth: { userId: 'gateway', password: 'gateway-demo' }, timeoutMs: 30_000,
});
const openClient = (url: string, label: string) => openClientIn(url, label, dir);

async function timed(count: number, one: (i: number) => Promise<boolean>): Promise<number> {
  let next = 0;
  let failures = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < count) {
      const i = next++;
      if (!(await one(i))) failures += 1;
    }
  }));
  const ms = performance.now() - started;
  if (failures > 0) throw new Error(`${failures} payments did not complete`);
  return (count / ms) * 1000;
}

/** Baseline: the reliable client alone, one durable transfer per payment. */
async function clientAlone(url: string, label: string): Promise<number> {
  const client = await openClient(url, label);
  await client.transfer({ businessKey: `${label}-warm`, payer: 'ALICE', payee: 'MERCHANT', amount: 1n, currency: 'USD' });
  const rate = await timed(PAYMENTS, async (i) => (await client.transfer({ businessKey: `${label}-${i}`, payer: 'ALICE', payee: 'MERCHANT', amount: 1n, currency: 'USD' })).status === 'succeeded');
  await client.close();
  return rate;
}

function startRequest(label: string, i: number) {
  const cpid = `${label}-C${i}`;
  const order = encodeOrder(SCHEME_KEY, { consumerPayId: cpid, payer: 'ALICE', currencyId: 'USD', amount: '1', payDirection: 'Debit', okFrom: WINDOW.OkFrom, okTo: WINDOW.OkTo });
  return element('StartPaymentPaymentHandler', {
    BrandId: 'XMLX', ConsumerPayId: cpid, CurrCode: 'USD', Amount: '0.01', PayDirection: 'Debit', ProtocolId: 'XMLX-1.0', PaymentHandlerPayId: `${label}-P${i}`,
    MerchantOrgId: 'shop', ...WINDOW,
  }, [element('PaySchemePackagedContent', { Name: 'XmlxPaymentOrder', Content: 'XML', Transform: 'BASE64' }, [], Buffer.from(order).toString('base64'))]);
}

/** The bridge with its client and HTTP server, as the gateway runs it. */
async function openBridge(url: string, label: string, workDir: string, iotpClient?: IotpClientEntry) {
  const client = await openClientIn(url, label, workDir);
  const bridge = new IotpBridge({ logPath: join(workDir, `log-${label}.db`), roles: ['PaymentHandler'], host: client, schemeKey: SCHEME_KEY, merchantAccounts: { shop: 'MERCHANT' }, reconcileIntervalMs: 0 });
  const app = Fastify({ logger: false });
  await app.register(iotpRoutes, { prefix: '/iotp', bridge, clients: iotpClient === undefined ? 'none' : new IotpClients([iotpClient]) });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const endpoint = address !== null && typeof address !== 'string' ? `http://127.0.0.1:${address.port}/iotp/` : '';
  return { bridge, endpoint, close: async () => { await app.close(); await bridge.close(); await client.close(); } };
}

/** --serve: the bridge in its own process (the Application Core, here the load generator, is another one). */
async function serve(config: string): Promise<void> {
  const { hostUrl, label, workDir, client } = JSON.parse(config) as { hostUrl: string; label: string; workDir: string; client?: IotpClientEntry };
  const opened = await openBridge(hostUrl, label, workDir, client);
  process.stdout.write(`READY ${opened.endpoint}\n`);
  process.on('SIGTERM', () => void opened.close().then(() => process.exit(0)));
}

async function bridgeProcess(hostUrl: string, label: string, client?: IotpClientEntry): Promise<{ endpoint: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/iotp.bench.ts', '--serve', JSON.stringify({ hostUrl, label, workDir: dir, client })], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const endpoint = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
      const match = /READY (\S+)/.exec(out);
      if (match) resolve(match[1]);
    });
    child.on('exit', (code) => reject(new Error(`bridge process exited early (${code})`)));
  });
  return { endpoint, stop: () => new Promise<void>((resolve) => { child.once('exit', () => resolve()); child.kill('SIGTERM'); }) };
}

/**
 * StartPaymentPaymentHandler in, ContStatus End with the receipt out: in-process, or XML over HTTP to a
 * bridge process, unauthenticated or as a configured IOTP client with its bearer token.
 */
async function throughBridge(url: string, label: string, http: boolean, authenticated = false): Promise<number> {
  const requests = Array.from({ length: PAYMENTS + 1 }, (_, i) => element('IotpPaymentApiRequest', { xmlns: API_NAMESPACE }, [startRequest(label, i)]));
  if (http) {
    const credentials = authenticated ? newClientToken('bench') : undefined;
    const remote = await bridgeProcess(url, label, credentials?.entry);
    const bodies = requests.map((r) => serializeXml(r));
    const headers: Record<string, string> = { 'content-type': 'application/xml', ...(credentials ? { authorization: `Bearer ${credentials.token}` } : {}) };
    const one = async (i: number): Promise<boolean> => {
      const res = await fetch(remote.endpoint, { method: 'POST', headers, body: bodies[i] });
      return (await res.text()).includes('ContStatus="End"');
    };
    try {
      if (!(await one(PAYMENTS))) throw new Error('warm-up payment did not complete');
      return await timed(PAYMENTS, one);
    } finally {
      await remote.stop();
    }
  }
  const local = await openBridge(url, label, dir);
  const one = async (i: number): Promise<boolean> => (await local.bridge.call(requests[i])).children[0].attrs.ContStatus === 'End';
  try {
    if (!(await one(PAYMENTS))) throw new Error('warm-up payment did not complete');
    return await timed(PAYMENTS, one);
  } finally {
    await local.close();
  }
}

/**
 * What authentication adds per request, measured apart from the noisy end-to-end rates: checking one
 * bearer token against a configured client list (SHA-256 and a constant-time compare).
 */
function authenticationMicros(): number {
  const entries = Array.from({ length: 50 }, (_, i) => newClientToken(`client-${i}`));
  const clients = new IotpClients(entries.map((e) => e.entry));
  const header = `Bearer ${entries[25].token}`;
  const n = 200_000;
  for (let i = 0; i < 10_000; i++) clients.authenticate(header);
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) if (!clients.authenticate(header).ok) throw new Error('token refused');
  return Number(process.hrtime.bigint() - start) / 1000 / n;
}

const fmt = (r: number) => `${Math.round(r).toLocaleString('en-US')}/s`.padStart(10);

async function main(): Promise<void> {
  console.log(`iotp benchmark: ${ROUNDS} rounds of ${PAYMENTS} payments per mode, concurrency ${CONCURRENCY}, node ${process.version}; host in its own process`);
  console.log('modes alternate within each round, so that drift of the machine hits all of them alike');
  const host = await startHostProcess(dir);
  const rates: Record<'client' | 'bridge' | 'http' | 'auth', number[]> = { client: [], bridge: [], http: [], auth: [] };
  try {
    for (let round = 1; round <= ROUNDS; round += 1) {
      rates.client.push(await clientAlone(host.url, `base${round}`));
      rates.bridge.push(await throughBridge(host.url, `bridge${round}`, false));
      rates.http.push(await throughBridge(host.url, `http${round}`, true));
      rates.auth.push(await throughBridge(host.url, `auth${round}`, true, true));
      console.log(`round ${round}: client alone ${fmt(rates.client.at(-1) ?? 0).trim()}, bridge in-process ${fmt(rates.bridge.at(-1) ?? 0).trim()}, bridge over HTTP ${fmt(rates.http.at(-1) ?? 0).trim()}, over HTTP authenticated ${fmt(rates.auth.at(-1) ?? 0).trim()}`);
    }
  } finally {
    await host.stop();
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const baseline = median(rates.client);
  const inProcess = median(rates.bridge);
  const overHttp = median(rates.http);
  const authenticated = median(rates.auth);
  console.log('');
  console.log('medians of the rounds:');
  console.log(`XML-X reliable client alone (baseline): transfer to receipt    ${fmt(baseline)}`);
  console.log(`StartPaymentPaymentHandler -> CompletedOk, in-process API      ${fmt(inProcess)}   overhead ratio ${(baseline / inProcess).toFixed(2)}x`);
  console.log(`StartPaymentPaymentHandler -> CompletedOk, XML over HTTP       ${fmt(overHttp)}   overhead ratio ${(baseline / overHttp).toFixed(2)}x`);
  console.log(`StartPaymentPaymentHandler -> CompletedOk, HTTP + bearer token ${fmt(authenticated)}   authentication costs ${(((overHttp - authenticated) / overHttp) * 100).toFixed(1)}% of payments/s (target < 10%)`);
  console.log('(over HTTP: the bridge in its own process, the load generator in this one; authenticated: a configured IOTP client, its PayIds namespaced)');
  const authMicros = authenticationMicros();
  const paymentMicros = 1e6 / overHttp;
  console.log(`token check alone (50 clients configured): ${authMicros.toFixed(2)} µs per request = ${((authMicros / paymentMicros) * 100).toFixed(2)}% of the ${Math.round(paymentMicros)} µs of machine time one HTTP payment takes`);
}

if (values.serve !== undefined) {
  await serve(values.serve);
} else {
  try {
    await main();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
