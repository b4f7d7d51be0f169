// Child process of bench:xfs4iot for the device-command and slow-reader figures: the real gateway
// (publisher, bridge, koffi, pump) on a simulated CDM, as `npm start` would run it, with the
// configured limits. Reports its RSS and log volume on request.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { startGateway } from '../src/bridge/gateway.ts';
import { parseConfig } from '../src/config/load.ts';
import { LegacyXfsManager } from '../src/legacy-xfs3/manager.ts';
import { SimulatorControl, simulatorLibraries } from '../src/legacy-xfs3/simulator-control.ts';
import { createLogger } from '../src/xfs4iot/logger.ts';

const limits = JSON.parse(process.argv[2] ?? '{}') as Record<string, unknown>;
let logBytes = 0;
let logLines = 0;
const sink = new Writable({
  write(chunk: Buffer, _encoding, done) {
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
    const m = process.memoryUsage(); process.send?.({ heapTotal: m.heapTotal, heap: m.heapUsed, external: m.external, ab: m.arrayBuffers, rss: m.rss, logBytes, logLines, connections: gateway.publisher.connectionCount, liveResults: sim.liveResults(), pending: sim.pending('BenchCdm') });
  } else if (msg === 'stop') {
    void gateway.close().then(() => manager.shutdown()).then(() => process.exit(0));
  }
});
