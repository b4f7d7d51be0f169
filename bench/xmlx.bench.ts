// npm run bench:xmlx — durable transfers per second, reliable client -> reference host over loopback
// HTTP (host in its own process; both on SQLite WAL with synchronous=FULL commits), beside a bare
// SQLite insert loop of the same rows in the same run; then codec throughput.
// Options: --transfers N (default 5000) --concurrency N (default 128) --sequential N (default 300).
import { SqliteDatabase } from '../src/storage/sqlite.ts';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { XmlxClient } from '../src/xmlx/client.ts';
import { parseFragment, parseXmlx, serializeFragment, serializeXmlx } from '../src/xmlx/codec.ts';
import { nowTicks } from '../src/xmlx/time.ts';
import type { HistoryResponse, Receipt, Transfer } from '../src/xmlx/types.ts';
import { startHostProcess } from './xmlx-host-process.ts';

const { values } = parseArgs({ options: { transfers: { type: 'string', default: '5000' }, concurrency: { type: 'string', default: '128' }, sequential: { type: 'string', default: '300' } } });
const TRANSFERS = Number(values.transfers);
const CONCURRENCY = Number(values.concurrency);
const SEQUENTIAL = Number(values.sequential);
const dir = mkdtempSync(join(tmpdir(), 'xmlx-bench-'));

function rate(count: number, ms: number): string {
  return `${Math.round((count / ms) * 1000).toLocaleString('en-US')}/s`;
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux; 0 elsewhere). */
function cpuSecondsOf(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** The baseline: one synchronous commit per ledger-like row, nothing else. */
function bareInsertLoop(count: number): number {
  const db = new SqliteDatabase(join(dir, 'bare.db'));
  db.exec(`CREATE TABLE entries (seq INTEGER PRIMARY KEY, time INTEGER, payer TEXT, payee TEXT, currency_id TEXT, amount INTEGER,
    transfer_id TEXT, UNIQUE (payer, transfer_id))`);
  const insert = db.prepare('INSERT INTO entries (time, payer, payee, currency_id, amount, transfer_id) VALUES (?, ?, ?, ?, ?, ?)');
  const started = performance.now();
  for (let i = 0; i < count; i += 1) insert.run(nowTicks(), 'ALICE', 'MERCHANT', 'USD', 1n, `T${i.toString(16).padStart(32, '0')}`);
  const ms = performance.now() - started;
  db.close();
  return ms;
}

async function durableTransfers(url: string, count: number, label: string, concurrency: number): Promise<number> {
  const client = await XmlxClient.open({
    hostUrl: url, journalPath: join(dir, `journal-${label}.db`), auth: { userId: 'gateway', password: 'gateway-demo' }, timeoutMs: 30_000,
  });
  await client.transfer({ businessKey: `${label}-warm`, payer: 'ALICE', payee: 'MERCHANT', amount: 1n, currency: 'USD' });
  let next = 0;
  let failures = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < count) {
      const i = next++;
      const outcome = await client.transfer({ businessKey: `${label}-${i}`, payer: 'ALICE', payee: 'MERCHANT', amount: 1n, currency: 'USD' });
      if (outcome.status !== 'succeeded') failures += 1;
    }
  }));
  const ms = performance.now() - started;
  await client.close();
  if (failures > 0) throw new Error(`${failures} transfers did not succeed`);
  return ms;
}

function throughput(label: string, fn: () => unknown, minMs = 1500): string {
  for (let i = 0; i < 50; i += 1) fn();
  let n = 0;
  const started = performance.now();
  while (performance.now() - started < minMs) {
    fn();
    n += 1;
  }
  const ms = performance.now() - started;
  return `${label.padEnd(46)} ${rate(n, ms).padStart(12)}  (${((ms / n) * 1000).toFixed(1)} µs each)`;
}

function sampleTransfer(i: number): Transfer {
  return { payee: 'MERCHANT', payer: 'ALICE', currencyId: 'USD', amount: BigInt(1000 + i), transferId: `T${i.toString(16).padStart(32, '0')}`, memo: 'PayId 4711 &amp; co' };
}

async function main(): Promise<void> {
  console.log(`xmlx benchmark: ${TRANSFERS} transfers, concurrency ${CONCURRENCY}, node ${process.version}`);
  const host = await startHostProcess(dir);
  try {
    const bareMs = bareInsertLoop(TRANSFERS);
    const hostCpuBefore = cpuSecondsOf(host.pid);
    const clientCpuBefore = process.cpuUsage();
    const durableMs = await durableTransfers(host.url, TRANSFERS, 'run', CONCURRENCY);
    const clientCpu = process.cpuUsage(clientCpuBefore);
    const hostCpu = cpuSecondsOf(host.pid) - hostCpuBefore;
    const sequentialMs = await durableTransfers(host.url, SEQUENTIAL, 'one-by-one', 1);
    const durableRate = (TRANSFERS / durableMs) * 1000;
    const bareRate = (TRANSFERS / bareMs) * 1000;
    console.log('');
    console.log(`durable transfers client -> host (loopback HTTP)  ${rate(TRANSFERS, durableMs).padStart(10)}   target >= 2,000/s: ${durableRate >= 2000 ? 'met' : 'NOT met'}`);
    console.log(`bare SQLite insert loop, same rows (baseline)     ${rate(TRANSFERS, bareMs).padStart(10)}`);
    console.log(`ratio durable transfers / bare inserts            ${(durableRate / bareRate).toFixed(2).padStart(10)}`);
    console.log(`CPU per durable transfer: client ${Math.round((clientCpu.user + clientCpu.system) / TRANSFERS)} µs,`
      + ` host ${Math.round((hostCpu * 1e6) / TRANSFERS)} µs (load average now ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores)`);
    console.log(`one at a time (concurrency 1): ${rate(SEQUENTIAL, sequentialMs)}, ${(sequentialMs / SEQUENTIAL).toFixed(2)} ms per durable transfer`
      + ` (bare insert: ${(bareMs / TRANSFERS).toFixed(2)} ms per commit)`);
  } finally {
    await host.stop();
  }

  const transfer = sampleTransfer(1);
  const transferXml = serializeFragment('Transfer', transfer);
  const receipts: Receipt[] = Array.from({ length: 1000 }, (_, i) => ({
    receiptId: `R${i + 1}`, time: nowTicks(), operation: { kind: 'transfer', transfer: sampleTransfer(i) }, userId: 'gateway',
  }));
  const history: HistoryResponse = { kind: 'HistoryResponse', when: nowTicks().toString(), receipts };
  const historyXml = serializeXmlx(history);
  console.log('');
  console.log(`codec (Transfer ${transferXml.length} bytes; HistoryResponse of 1,000 receipts ${(historyXml.length / 1024).toFixed(0)} KiB)`);
  console.log(throughput('parse Transfer', () => parseFragment('Transfer', transferXml)));
  console.log(throughput('serialise Transfer', () => serializeFragment('Transfer', transfer)));
  console.log(throughput('parse HistoryResponse (1,000 receipts)', () => parseXmlx(historyXml)));
  console.log(throughput('serialise HistoryResponse (1,000 receipts)', () => serializeXmlx(history)));
  const check = parseXmlx(historyXml);
  if (!check.ok || check.value.kind !== 'HistoryResponse' || check.value.receipts.length !== 1000) throw new Error('history did not round-trip');
}

try {
  await main();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
