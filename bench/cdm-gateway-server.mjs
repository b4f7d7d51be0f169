// Child process of bench:xfs4iot for the device-command and slow-reader figures: the real gateway
// (publisher, bridge, koffi, pump) on a simulated CDM with the configured limits (argv[2], JSON),
// loaded from dist/ as `npm start` runs it or from src/ under `--import tsx` (argv[3] = 'dist' |
// 'src'). Reports its memory and log volume on request. Plain JavaScript so the same code serves both.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';

const [dir, ext] = process.argv[3] === 'src' ? ['../src/', '.ts'] : ['../dist/', '.js'];
const load = (module) => import(new URL(`${dir}${module}${ext}`, import.meta.url).href);
const { startGateway } = await load('bridge/gateway');
const { parseConfig } = await load('config/load');
const { LegacyXfsManager } = await load('legacy-xfs3/manager');
const { SimulatorControl, simulatorLibraries } = await load('legacy-xfs3/simulator-control');
const { createLogger } = await load('xfs4iot/logger');

const limits = JSON.parse(process.argv[2] ?? '{}');
let logBytes = 0;
let logLines = 0;
const sink = new Writable({
  write(chunk, _encoding, done) {
    logBytes += chunk.length;
    for (const byte of chunk) if (byte === 10) logLines++;
    done();
  },
});
const journalDir = mkdtempSync(join(tmpdir(), 'bench-journal-'));
process.on('exit', () => rmSync(journalDir, { recursive: true, force: true }));
const sim = SimulatorControl.load();
sim.addService('BenchCdm', 'CDM', '3.30');
const config = parseConfig({
  services: [{ logicalName: 'BenchCdm', class: 'CDM', xfs4iotName: 'cashdispenser', statusPollMs: 0 }],
  server: { port: 0 },
  limits,
  payments: { enabled: false },
  operationsJournal: { path: join(journalDir, 'operations.db') },
  logging: { level: 'info' },
});
const manager = await LegacyXfsManager.start({ ...simulatorLibraries(), appId: 'bench' });
const gateway = await startGateway(config, { manager, logger: createLogger({ level: 'info' }, sink) });
process.send?.({ port: gateway.publisher.port });
process.on('message', (msg) => {
  if (msg === 'rss') {
    globalThis.gc?.();
    const m = process.memoryUsage();
    process.send?.({
      heapTotal: m.heapTotal, heap: m.heapUsed, external: m.external, ab: m.arrayBuffers, rss: m.rss, logBytes, logLines,
      connections: gateway.publisher.connectionCount, liveResults: sim.liveResults(), pending: sim.pending('BenchCdm'),
    });
  } else if (msg === 'stop') {
    void gateway.close().then(() => manager.shutdown()).then(() => process.exit(0));
  }
});
