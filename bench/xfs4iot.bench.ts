// npm run bench:xfs4iot — Common.Status round trip through the engine beside a bare `ws` echo server
// measured in the same run (ratios, not absolute times), commands/s over 1 and 8 connections, and the
// resident memory of a publisher with 10 services x 10 connections (measured in a child process).
// Load generators run in child processes: client and service do not share one event loop.
import { fork, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { WebSocket, WebSocketServer } from 'ws';
import { startPublisher } from '../src/xfs4iot/publisher.ts';
import { TestDevice } from '../src/xfs4iot/test-device.ts';

const STATUS = (id: number): string => `{"header":{"type":"command","name":"Common.Status","version":"2.0","requestId":${id}}}`;
const LATENCY_SAMPLES = Number(process.env.BENCH_SAMPLES ?? 3000);
const THROUGHPUT_MS = Number(process.env.BENCH_MS ?? 1500);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const WINDOW = 32;

function open(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** A round trip ends at the first message whose header type is `completion` (the echo echoes a command, so any reply counts). */
function isDone(text: string, echo: boolean): boolean {
  const m = JSON.parse(text) as { header: { type: string } };
  return echo || m.header.type === 'completion';
}

async function latency(url: string, echo: boolean): Promise<{ p50: number; p99: number }> {
  const ws = await open(url);
  const samples: number[] = [];
  let id = 0;
  await new Promise<void>((resolve) => {
    let started = 0n;
    const next = (): void => {
      if (samples.length === LATENCY_SAMPLES) {
        resolve();
        return;
      }
      started = process.hrtime.bigint();
      ws.send(STATUS(++id));
    };
    ws.on('message', (data) => {
      if (!isDone(data.toString(), echo)) return;
      samples.push(Number(process.hrtime.bigint() - started) / 1000);
      next();
    });
    next();
  });
  ws.close();
  samples.sort((a, b) => a - b);
  return { p50: samples[Math.floor(samples.length * 0.5)], p99: samples[Math.floor(samples.length * 0.99)] };
}

async function throughput(url: string, echo: boolean, connections: number): Promise<number> {
  const sockets = await Promise.all(Array.from({ length: connections }, () => open(url)));
  let done = 0;
  let running = true;
  const t0 = Date.now();
  await Promise.all(sockets.map((ws) => new Promise<void>((resolve) => {
    let id = 0;
    let inFlight = 0;
    const pump = (): void => {
      while (running && inFlight < WINDOW) {
        inFlight++;
        ws.send(STATUS(++id));
      }
      if (!running && inFlight === 0) resolve();
    };
    ws.on('message', (data) => {
      if (!isDone(data.toString(), echo)) return;
      inFlight--;
      done++;
      pump();
    });
    pump();
  })).concat([new Promise<void>((r) => setTimeout(() => { running = false; r(); }, THROUGHPUT_MS))]));
  const elapsed = (Date.now() - t0) / 1000;
  for (const ws of sockets) ws.close();
  return done / elapsed;
}

const MEMORY_SERVER = fileURLToPath(new URL('./xfs4iot-memory-server.mjs', import.meta.url));

/** Brings dist/ up to date with the same step `npm start` runs first, so the figure is the product's. */
function buildDist(): void {
  const built = spawnSync(process.execPath, [fileURLToPath(new URL('../scripts/build-js.mjs', import.meta.url))], { stdio: 'inherit' });
  if (built.status !== 0) throw new Error('bench: building dist/ failed');
}

async function memory(compiled: boolean): Promise<number> {
  const child = compiled
    ? fork(MEMORY_SERVER, ['dist'], { execArgv: ['--expose-gc'] })
    : fork(MEMORY_SERVER, ['src'], { execArgv: ['--import', 'tsx', '--expose-gc'] });
  const next = <T>(): Promise<T> => new Promise((resolve) => child.once('message', (m) => resolve(m as T)));
  const { port } = await next<{ port: number }>();
  const sockets: WebSocket[] = [];
  for (let s = 0; s < 10; s++) {
    for (let c = 0; c < 10; c++) sockets.push(await open(`ws://127.0.0.1:${port}/xfs4iot/v1.0/device${s}`));
  }
  // Every connection does some work so per-connection state exists.
  await Promise.all(sockets.map((ws) => new Promise<void>((resolve) => {
    let n = 0;
    ws.on('message', (d) => {
      if (isDone(d.toString(), false) && ++n === 20) resolve();
    });
    for (let i = 1; i <= 20; i++) ws.send(STATUS(i));
  })));
  child.send('rss');
  const { rss } = await next<{ rss: number }>();
  for (const ws of sockets) ws.close();
  child.send('stop');
  return rss / (1024 * 1024);
}

type Job = { kind: 'latency'; url: string; echo: boolean } | { kind: 'throughput'; url: string; echo: boolean; connections: number };

/** The load runs in a child process so the server under test has its event loop (and a core) to itself. */
function inWorker<T>(job: Job): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ['--job', JSON.stringify(job)], { execArgv: ['--import', 'tsx'] });
    child.once('message', (m) => resolve(m as T));
    child.once('error', reject);
  });
}

async function runJob(job: Job): Promise<unknown> {
  return job.kind === 'latency' ? latency(job.url, job.echo) : throughput(job.url, job.echo, job.connections);
}

async function main(): Promise<void> {
  buildDist();
  const echo = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  echo.on('connection', (ws) => ws.on('message', (d) => ws.send(d.toString())));
  await new Promise<void>((r) => echo.once('listening', () => r()));
  const echoUrl = `ws://127.0.0.1:${(echo.address() as { port: number }).port}`;
  const publisher = await startPublisher({ port: 0, services: [new TestDevice().definition()] });
  const gwUrl = publisher.url('testdevice');

  // Warm-up so both sides run optimised code.
  // The machine is shared and noisy: echo and gateway alternate over several rounds and each figure
  // is the median across rounds, the ratio the median of the per-round ratios.
  type Lat = { p50: number; p99: number };
  const median = (xs: number[]): number => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
  await inWorker<Lat>({ kind: 'latency', url: echoUrl, echo: true });
  await inWorker<Lat>({ kind: 'latency', url: gwUrl, echo: false });
  const lat: { e: Lat; g: Lat }[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    lat.push({ e: await inWorker<Lat>({ kind: 'latency', url: echoUrl, echo: true }), g: await inWorker<Lat>({ kind: 'latency', url: gwUrl, echo: false }) });
  }
  const tput = async (connections: number): Promise<{ e: number; g: number; ratio: number }> => {
    const rounds: { e: number; g: number }[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      rounds.push({
        e: await inWorker<number>({ kind: 'throughput', url: echoUrl, echo: true, connections }),
        g: await inWorker<number>({ kind: 'throughput', url: gwUrl, echo: false, connections }),
      });
    }
    return { e: median(rounds.map((x) => x.e)), g: median(rounds.map((x) => x.g)), ratio: median(rounds.map((x) => x.g / x.e)) };
  };
  const le = { p50: median(lat.map((x) => x.e.p50)), p99: median(lat.map((x) => x.e.p99)) };
  const lg = { p50: median(lat.map((x) => x.g.p50)), p99: median(lat.map((x) => x.g.p99)) };
  const p50Ratio = median(lat.map((x) => x.g.p50 / x.e.p50));
  const p99Ratio = median(lat.map((x) => x.g.p99 / x.e.p99));
  const t1 = await tput(1);
  const t8 = await tput(8);
  await publisher.close();
  echo.close();
  const rssBuilt = await memory(true);
  const rssTsx = await memory(false);

  const f = (n: number, d = 0): string => n.toFixed(d);
  const rows = [
    ['metric', 'bare ws echo', 'xfs4iot Common.Status', 'ratio', 'target'],
    ['round trip p50 (µs), 1 conn', f(le.p50), f(lg.p50), f(p50Ratio, 2), '<= 2.00'],
    ['round trip p99 (µs), 1 conn', f(le.p99), f(lg.p99), f(p99Ratio, 2), ''],
    [`commands/s, 1 conn (window ${WINDOW})`, f(t1.e), f(t1.g), f(t1.ratio, 2), ''],
    [`commands/s, 8 conns (window ${WINDOW})`, f(t8.e), f(t8.g), f(t8.ratio, 2), '>= 15000'],
    ['RSS MB, 10 services x 10 conns (dist/, as npm start)', '', f(rssBuilt, 1), '', '< 100'],
    ['RSS MB, same, run under tsx', '', f(rssTsx, 1), '', ''],
  ];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const r of rows) process.stdout.write(`| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |\n`);
  process.stdout.write(`\nmedians of ${ROUNDS} alternating rounds; ${LATENCY_SAMPLES} round trips and ${THROUGHPUT_MS} ms of load per round; node ${process.version}\n`);
}

const jobAt = process.argv.indexOf('--job');
if (jobAt > 0) {
  process.send?.(await runJob(JSON.parse(process.argv[jobAt + 1]) as Job));
  process.disconnect?.();
} else await main();
