// npm run bench:xfs4iot — Common.Status round trip through the engine (answered from the status cache:
// the engine's own cost) beside a bare `ws` echo server measured in the same run (ratios, not absolute
// times), commands/s over 1 and 8 connections, the resident memory of a publisher with 10 services x
// 10 connections; then the real gateway on a simulated dispenser (bridge, koffi, pump): a device
// command (CashDispenser.Denominate, a 3.x execute) beside Common.Status on the same service, and RSS
// and log volume under 32 clients that send Storage.GetStorage and never read.
// Load generators run in child processes: client and service do not share one event loop.
import { fork, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { WebSocket, WebSocketServer } from 'ws';
import { startPublisher } from '../src/xfs4iot/publisher.ts';
import { TestDevice } from '../src/xfs4iot/test-device.ts';

const STATUS = (id: number): string => `{"header":{"type":"command","name":"Common.Status","version":"2.0","requestId":${id}}}`;
const DENOMINATE = (id: number): string => `{"header":{"type":"command","name":"CashDispenser.Denominate","version":"2.0","requestId":${id}},"payload":{"request":{"denomination":{"service":{"currencies":{"EUR":80},"mix":"mix1"}}}}}`;
const GET_STORAGE = (id: number): string => `{"header":{"type":"command","name":"Storage.GetStorage","version":"2.0","requestId":${id}}}`;
const COMMANDS = { status: STATUS, denominate: DENOMINATE };
type CommandName = keyof typeof COMMANDS;
const LATENCY_SAMPLES = Number(process.env.BENCH_SAMPLES ?? 3000);
const THROUGHPUT_MS = Number(process.env.BENCH_MS ?? 1500);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const WINDOW = 32;
/** How long after the slow readers leave memory is measured again (V8 keeps freed pages pooled until its memory reducer returns them, within about 30 s of the load ending). */
const AFTER_MS = Number(process.env.BENCH_AFTER_MS ?? 30_000);

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

async function latency(url: string, echo: boolean, command: CommandName = 'status'): Promise<{ p50: number; p99: number }> {
  const make = COMMANDS[command];
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
      ws.send(make(++id));
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

async function throughput(url: string, echo: boolean, connections: number, command: CommandName = 'status'): Promise<number> {
  const make = COMMANDS[command];
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
        ws.send(make(++id));
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
/** The node flags of `npm start` (package.json), so the servers measured "as npm start runs it" run with them. */
function startFlags(): string[] {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { scripts: { start: string } };
  return pkg.scripts.start.split(/\s+/).filter((word) => word.startsWith('--'));
}

function buildDist(): void {
  const built = spawnSync(process.execPath, [fileURLToPath(new URL('../scripts/build-js.mjs', import.meta.url))], { stdio: 'inherit' });
  if (built.status !== 0) throw new Error('bench: building dist/ failed');
}

async function memory(compiled: boolean): Promise<number> {
  const child = compiled
    ? fork(MEMORY_SERVER, ['dist'], { execArgv: ['--expose-gc', ...startFlags()] })
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

type Job = { kind: 'latency'; url: string; echo: boolean; command?: CommandName }
  | { kind: 'throughput'; url: string; echo: boolean; connections: number; command?: CommandName }
  | { kind: 'slowReaders'; url: string; clients: number; ms: number };

/**
 * Clients that send Storage.GetStorage as fast as they can and never read an answer (their sockets
 * paused); one the gateway drops (its send buffer over the bound) connects again. Returns the drops.
 */
async function slowReaders(url: string, clients: number, ms: number): Promise<number> {
  let drops = 0;
  let running = true;
  const client = async (): Promise<void> => {
    while (running) {
      const ws = await open(url).catch(() => undefined);
      if (ws === undefined) continue;
      (ws as unknown as { _socket: { pause(): void } })._socket.pause();
      await new Promise<void>((resolve) => {
        let id = 0;
        ws.once('close', () => { drops++; resolve(); });
        const flood = (): void => {
          if (!running) { ws.terminate(); return; }
          for (let i = 0; i < 50 && ws.readyState === WebSocket.OPEN; i++) ws.send(GET_STORAGE(++id));
          if (ws.readyState === WebSocket.OPEN) setTimeout(flood, 1);
        };
        flood();
      });
    }
  };
  const all = Promise.all(Array.from({ length: clients }, client));
  await new Promise((r) => setTimeout(r, ms));
  running = false;
  await all;
  return drops - clients;
}

/** The load runs in a child process so the server under test has its event loop (and a core) to itself. */
function inWorker<T>(job: Job): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ['--job', JSON.stringify(job)], { execArgv: ['--import', 'tsx'] });
    child.once('message', (m) => resolve(m as T));
    child.once('error', reject);
  });
}

async function runJob(job: Job): Promise<unknown> {
  if (job.kind === 'latency') return latency(job.url, job.echo, job.command);
  if (job.kind === 'throughput') return throughput(job.url, job.echo, job.connections, job.command);
  return slowReaders(job.url, job.clients, job.ms);
}

const CDM_SERVER = fileURLToPath(new URL('./cdm-gateway-server.mjs', import.meta.url));
interface ServerReport { rss: number; heapTotal: number; heap: number; external: number; ab: number; logBytes: number; logLines: number; connections: number; liveResults: number }

/** The real gateway on a simulated dispenser: a device command beside Common.Status, then 32 slow readers. */
async function deviceFigures(serverFlags: string[] = startFlags()): Promise<{ status: { p50: number; rate: number }; device: { p50: number; rate: number }; rss: { idle: number; flood: number; after: number }; log: ServerReport; drops: number }> {
  // From dist/, as npm start runs it (main() built it first).
  const child = fork(CDM_SERVER, [process.env.BENCH_LIMITS ?? '{}', 'dist'], { execArgv: ['--expose-gc', ...serverFlags] });
  const next = <T>(): Promise<T> => new Promise((resolve) => child.once('message', (m) => resolve(m as T)));
  const { port } = await next<{ port: number }>();
  const url = `ws://127.0.0.1:${port}/xfs4iot/v1.0/cashdispenser`;
  const report = async (): Promise<ServerReport> => {
    child.send('rss');
    return next<ServerReport>();
  };
  await inWorker({ kind: 'latency', url, echo: false, command: 'denominate' });
  const statusLat = await inWorker<{ p50: number }>({ kind: 'latency', url, echo: false, command: 'status' });
  const deviceLat = await inWorker<{ p50: number }>({ kind: 'latency', url, echo: false, command: 'denominate' });
  const statusRate = await inWorker<number>({ kind: 'throughput', url, echo: false, connections: 1, command: 'status' });
  const deviceRate = await inWorker<number>({ kind: 'throughput', url, echo: false, connections: 1, command: 'denominate' });
  const idle = await report();
  if (process.env.BENCH_DEBUG) process.stderr.write(`idle: ${JSON.stringify(idle)}\n`);
  const flood = inWorker<number>({ kind: 'slowReaders', url, clients: 32, ms: 10_000 });
  await new Promise((r) => setTimeout(r, 9_000));
  const during = await report();
  if (process.env.BENCH_DEBUG) process.stderr.write(`during: ${JSON.stringify(during)}\n`);
  const drops = await flood;
  await new Promise((r) => setTimeout(r, AFTER_MS));
  const after = await report();
  if (process.env.BENCH_DEBUG) process.stderr.write(`after: ${JSON.stringify(after)}\n`);
  child.send('stop');
  const mb = (n: number): number => n / (1024 * 1024);
  return {
    status: { p50: statusLat.p50, rate: statusRate }, device: { p50: deviceLat.p50, rate: deviceRate },
    rss: { idle: mb(idle.rss), flood: mb(during.rss), after: mb(after.rss) }, log: { ...after, logBytes: after.logBytes - idle.logBytes, logLines: after.logLines - idle.logLines }, drops,
  };
}

async function main(): Promise<void> {
  buildDist();
  if (process.argv.includes('--device-only')) {
    // Only the simulated-dispenser figures (device command, slow readers): quicker when tuning those.
    const cdm = await deviceFigures(process.env.BENCH_SERVER_FLAGS?.split(' ').filter(Boolean));
    process.stdout.write(`Denominate p50 ${cdm.device.p50.toFixed(0)} µs, ${cdm.device.rate.toFixed(0)}/s; Common.Status p50 ${cdm.status.p50.toFixed(0)} µs\n`);
    process.stdout.write(`32 slow readers for 10 s: RSS ${cdm.rss.flood.toFixed(1)} MB during (idle before ${cdm.rss.idle.toFixed(1)} MB, ${AFTER_MS / 1000} s after ${cdm.rss.after.toFixed(1)} MB; target < 300), ${cdm.drops} drops, log ${(cdm.log.logBytes / 1024).toFixed(1)} KB in ${cdm.log.logLines} lines\n`);
    return;
  }
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
  const cdm = await deviceFigures();
  // Baseline in the same run: the same gateway started without the heap flags of `npm start`.
  const unbounded = await deviceFigures([]);

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
  const device = [
    ['the gateway on a simulated dispenser (dist/)', 'Common.Status (cache)', 'CashDispenser.Denominate (3.x execute)', 'ratio', 'target'],
    ['round trip p50 (µs), 1 conn', f(cdm.status.p50), f(cdm.device.p50), f(cdm.device.p50 / cdm.status.p50, 2), ''],
    [`commands/s, 1 conn (window ${WINDOW})`, f(cdm.status.rate), f(cdm.device.rate), f(cdm.device.rate / cdm.status.rate, 2), ''],
  ];
  const dw = device[0].map((_, i) => Math.max(...device.map((r) => r[i].length)));
  process.stdout.write('\n');
  for (const r of device) process.stdout.write(`| ${r.map((c, i) => c.padEnd(dw[i])).join(' | ')} |\n`);
  process.stdout.write(`\n32 slow readers (Storage.GetStorage, never read) for 10 s, as npm start runs it (${startFlags().join(' ')}): RSS ${f(cdm.rss.flood, 1)} MB during (idle before ${f(cdm.rss.idle, 1)} MB, ${AFTER_MS / 1000} s after ${f(cdm.rss.after, 1)} MB; target < 300), ${cdm.drops} connections dropped, log ${f(cdm.log.logBytes / 1024, 1)} KB in ${cdm.log.logLines} lines\n`);
  process.stdout.write(`the same without heap flags (baseline): RSS ${f(unbounded.rss.flood, 1)} MB during (idle before ${f(unbounded.rss.idle, 1)} MB, ${AFTER_MS / 1000} s after ${f(unbounded.rss.after, 1)} MB); ratio ${f(cdm.rss.flood / unbounded.rss.flood, 2)}; Denominate p50 ${f(unbounded.device.p50)} µs vs ${f(cdm.device.p50)} µs with them\n`);
}

const jobAt = process.argv.indexOf('--job');
if (jobAt > 0) {
  process.send?.(await runJob(JSON.parse(process.argv[jobAt + 1]) as Job));
  process.disconnect?.();
} else await main();
