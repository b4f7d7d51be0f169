// Card-reader round trips while the payment side writes to its databases, for bench:bridge: the
// payment stack on the gateway's own event loop (as before issue 13) and in its worker thread (as
// the gateway runs it now). The load: IOTP FindAcceptedPaymentBrand calls, each of which starts a
// Merchant payment and commits it to the payment log (SQLite, fsync per commit).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseConfig } from '../src/config/load.ts';
import { API_NAMESPACE } from '../src/iotp-bridge/index.ts';
import type { IotpEndpoint } from '../src/iotp-bridge/endpoint.ts';
import { silentLogger } from '../src/xfs4iot/logger.ts';
import { startPaymentsStack } from '../src/payments/stack.ts';
import { startPaymentsWorker } from '../src/payments/worker-client.ts';

interface Figures { p50: number; p99: number }

const request = (n: number) => `<IotpPaymentApiRequest xmlns="${API_NAMESPACE}" xml:lang="en">`
  + `<FindAcceptedPaymentBrand PayDirection="Debit" CurrCodeType="ISO4217-A" CurrCode="USD" Amount="12.30" MerchantPayId="bench-${n}"/></IotpPaymentApiRequest>`;

/** Keeps `concurrency` payment requests in flight until stopped; returns how many were answered. */
function burst(endpoint: IotpEndpoint, concurrency: number): { stop: () => Promise<number> } {
  let running = true;
  let answered = 0;
  let n = 0;
  const lane = async () => {
    while (running) {
      n += 1;
      await endpoint.handleXml(request(n));
      answered += 1;
      // Requests arrive as I/O: each lane yields to the event loop as an HTTP request would.
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  const lanes = Array.from({ length: concurrency }, () => lane());
  return { stop: async () => { running = false; await Promise.all(lanes); return answered; } };
}

async function sample(op: () => Promise<unknown>, iterations: number): Promise<Figures> {
  const list = new Float64Array(iterations);
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    await op();
    list[i] = (performance.now() - start) * 1000;
  }
  list.sort();
  return { p50: list[Math.floor(0.5 * iterations)], p99: list[Math.min(iterations - 1, Math.floor(0.99 * iterations))] };
}

export async function cardReadsUnderPaymentLoad(read: () => Promise<unknown>, iterations: number): Promise<void> {
  const us = (v: number) => `${v.toFixed(1).padStart(8)} µs`;
  const dir = mkdtempSync(join(tmpdir(), 'bench-payments-'));
  const payments = parseConfig({ payments: { dataDir: dir }, logging: { level: 'silent' } }, 'bench', {}, 'demo').payments;
  const line = (label: string, f: Figures, rate?: number) =>
    process.stdout.write(`${label.padEnd(50)} p50 ${us(f.p50)}  p99 ${us(f.p99)}${rate === undefined ? '' : `   (${Math.round(rate)} payment requests/s meanwhile)`}\n`);
  process.stdout.write(`\nReadRawData while the payment side commits (${iterations} reads each, 16 payment requests in flight):\n`);
  for (let i = 0; i < 200; i++) await read();
  line('no payment load', await sample(read, iterations));

  const inProcess = await startPaymentsStack(payments, silentLogger());
  let load = burst(inProcess.iotp.bridge, 16);
  let t0 = performance.now();
  let figures = await sample(read, iterations);
  let done = await load.stop();
  line('payments on the same event loop', figures, done / ((performance.now() - t0) / 1000));
  await inProcess.close();

  const worker = await startPaymentsWorker({ config: { ...payments, dataDir: join(dir, 'w') }, logging: { level: 'silent', toParent: false } }, silentLogger());
  load = burst(worker, 16);
  t0 = performance.now();
  figures = await sample(read, iterations);
  done = await load.stop();
  line('payments in their worker thread (as the gateway runs)', figures, done / ((performance.now() - t0) / 1000));
  await worker.close();
  rmSync(dir, { recursive: true, force: true });
}
