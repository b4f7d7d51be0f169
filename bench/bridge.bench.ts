// `npm run bench:bridge`: CardReader.ReadRawData and Common.Status through the whole gateway
// (WebSocket, engine, bridge, koffi, message pump, simulator with zero device time), beside the device
// layer alone (the same 3.x calls on the session) and the protocol engine alone (a backend that answers
// at once), all in one run. Prints p50/p99 and the gateway's own overhead.
import { performance } from 'node:perf_hooks';
import { LegacyXfsManager } from '../src/legacy-xfs3/manager.ts';
import { SimulatorControl, simulatorLibraries } from '../src/legacy-xfs3/simulator-control.ts';
import type { XfsSession } from '../src/legacy-xfs3/types.ts';
import { Xfs4IotClient } from '../src/xfs4iot/client.ts';
import { startPublisher } from '../src/xfs4iot/publisher.ts';
import { StatusStore, type CommandContext, type JsonObject, type ServiceDefinition } from '../src/xfs4iot/backend.ts';
import { silentLogger } from '../src/xfs4iot/logger.ts';
import { parseConfig } from '../src/config/load.ts';
import { startGateway } from '../src/bridge/gateway.ts';
import { cardReadsUnderPaymentLoad } from './payments-load.ts';
import { depositFigures } from './deposit.ts';
import { storageReadFigures } from './storage-read.ts';

const iterations = Number(process.env.BENCH_ITERATIONS ?? 5000);
const warmup = Math.min(1000, Math.floor(iterations / 5));

export interface Figures { p50: number; p99: number; mean: number }

// The operations compared are measured in turn, round after round, so that the machine's noise
// (GC, other processes) falls on all of them alike.
async function measure(ops: Array<() => Promise<unknown>>): Promise<Figures[]> {
  for (let i = 0; i < warmup; i++) for (const op of ops) await op();
  const samples = ops.map(() => new Float64Array(iterations));
  for (let i = 0; i < iterations; i++) {
    for (const [k, op] of ops.entries()) {
      const start = performance.now();
      await op();
      samples[k][i] = (performance.now() - start) * 1000;
    }
  }
  return samples.map((list) => {
    list.sort();
    const at = (q: number) => list[Math.min(list.length - 1, Math.floor(q * list.length))];
    return { p50: at(0.5), p99: at(0.99), mean: list.reduce((a, b) => a + b, 0) / list.length };
  });
}

// A card reader service with ReadRawData only, on the engine; `read` is the whole device side.
function readerService(name: string, read: (ctx: CommandContext) => Promise<void>, track2: string): ServiceDefinition {
  return {
    name,
    status: new StatusStore({ common: { device: 'online' }, cardReader: { media: 'present' } }),
    capabilities: () => ({}),
    interfaces: [{
      name: 'CardReader',
      commands: [{
        name: 'CardReader.ReadRawData',
        versions: [{ version: '2.0', payload: { type: 'object', properties: { track2: { type: 'boolean' } } } }],
        execution: { kind: 'device', resources: ['card'] },
        handler: async (ctx) => {
          await read(ctx);
          return { completionCode: null, payload: { track2: { data: track2 } } };
        },
      }],
    }],
  };
}

// The engine calling the device layer directly (the same two 3.x calls the bridge makes per
// ReadRawData), without any bridge code: whole - this = what the bridge's own code costs.
function engineOnDevice(session: XfsSession, track2: string): ServiceDefinition {
  return readerService('direct', async (ctx) => {
    await session.execute('WFS_CMD_IDC_READ_RAW_DATA', { sources: 2 }, { signal: ctx.signal });
    await session.getInfo('WFS_INF_IDC_STATUS', undefined);
  }, track2);
}

function engineAlone(track2: string): ServiceDefinition {
  return readerService('engine', async () => {}, track2);
}

const us = (value: number) => `${value.toFixed(1).padStart(8)} µs`;

async function main(): Promise<void> {
  const sim = SimulatorControl.load();
  const logicalName = 'BenchCardReader';
  sim.addService(logicalName, 'IDC', '3.30');
  const manager = await LegacyXfsManager.start({ ...simulatorLibraries(), appId: 'bench-bridge' });
  const config = parseConfig({
    services: [{ logicalName, class: 'IDC', xfs4iotName: 'cardreader', statusPollMs: 0 }],
    server: { port: 0 },
    payments: { enabled: false },
    logging: { level: 'silent' },
  });
  const gateway = await startGateway(config, { manager, logger: silentLogger() });
  const client = await Xfs4IotClient.connect(gateway.publisher.url('cardreader'));

  // A card in the reader: every ReadRawData then reads at once (zero device time).
  sim.insertCard(logicalName, { track2: ';4761739001010119=29122011143804489?' });
  const first = await client.command('CardReader.ReadRawData', { track2: true });
  if (first.header.completionCode) throw new Error(`ReadRawData failed: ${first.header.completionCode}`);
  const track2 = String((first.payload?.track2 as JsonObject).data);

  const session: XfsSession = await manager.open('BenchCardReader', { low: '3.00', high: '3.30' }, { serviceClass: 'IDC' });
  const engine = await startPublisher({ services: [engineAlone(track2), engineOnDevice(session, track2)], port: 0, logger: silentLogger() });
  const engineClient = await Xfs4IotClient.connect(engine.url('engine'));
  const directClient = await Xfs4IotClient.connect(engine.url('direct'));

  const print = (label: string, figures: Figures) =>
    process.stdout.write(`${label.padEnd(50)} p50 ${us(figures.p50)}  p99 ${us(figures.p99)}  mean ${us(figures.mean)}\n`);
  const compare = async (entries: Array<[string, () => Promise<unknown>]>) => {
    const figures = await measure(entries.map(([, op]) => op));
    entries.forEach(([label], i) => print(label, figures[i]));
    return figures;
  };

  process.stdout.write(`bridge benchmark: ${iterations} sequential round trips each, after ${warmup} warm-up, operations interleaved round by round (simulator, zero device time)\n\n`);
  const [readWhole, , readDevice, readEngine, readDirect] = await compare([
    ['ReadRawData: whole gateway', () => client.command('CardReader.ReadRawData', { track2: true })],
    ['ReadRawData: device layer alone, execute only', () => session.execute('WFS_CMD_IDC_READ_RAW_DATA', { sources: 2 })],
    // What the bridge asks of the device per ReadRawData: the command, then the status read that
    // keeps Common.Status exact when the completion goes out.
    ['ReadRawData: device layer alone, execute + status', async () => {
      await session.execute('WFS_CMD_IDC_READ_RAW_DATA', { sources: 2 });
      await session.getInfo('WFS_INF_IDC_STATUS', undefined);
    }],
    ['ReadRawData: engine alone (instant backend)', () => engineClient.command('CardReader.ReadRawData', { track2: true })],
    ['ReadRawData: engine + device layer, no bridge code', () => directClient.command('CardReader.ReadRawData', { track2: true })],
  ]);
  const [statusWhole, statusDevice, statusEngine] = await compare([
    ['Common.Status: whole gateway', () => client.command('Common.Status')],
    ['Common.Status: device layer alone (getInfo)', () => session.getInfo('WFS_INF_IDC_STATUS', undefined)],
    ['Common.Status: engine alone', () => engineClient.command('Common.Status')],
  ]);

  const overhead = (label: string, whole: Figures, device: Figures, engineOnly: Figures) => {
    const p50 = whole.p50 - device.p50 - engineOnly.p50;
    const p99 = whole.p99 - device.p99 - engineOnly.p99;
    process.stdout.write(`${label.padEnd(50)} p50 ${us(p50)}  p99 ${us(p99)}   (whole - device - engine)\n`);
    process.stdout.write(`${''.padEnd(50)} p50 ${us(whole.p50 - device.p50)}  p99 ${us(whole.p99 - device.p99)}   (whole - device: the gateway's cost over a direct 3.x call)\n`);
    return whole.p50 - device.p50;
  };
  process.stdout.write('\nbridge overhead\n');
  const readOverhead = overhead('ReadRawData', readWhole, readDevice, readEngine);
  // Common.Status makes no 3.x call (see the note), so its parts are the engine alone.
  process.stdout.write(`${'Common.Status'.padEnd(50)} p50 ${us(statusWhole.p50 - statusEngine.p50)}  p99 ${us(statusWhole.p99 - statusEngine.p99)}   (whole - engine; device layer for reference: getInfo above)\n`);
  void statusDevice;
  process.stdout.write(`${'ReadRawData: bridge code alone'.padEnd(50)} p50 ${us(readWhole.p50 - readDirect.p50)}  p99 ${us(readWhole.p99 - readDirect.p99)}   (whole - engine calling the device layer directly)\n`);
  process.stdout.write(`\ntarget: gateway overhead under 200 µs p50 (ReadRawData whole - device = ${readOverhead.toFixed(1)} µs): ${readOverhead < 200 ? 'met' : 'NOT met'}\n`);
  process.stdout.write(`ratio: ReadRawData whole gateway / (device + engine) = ${(readWhole.p50 / (readDevice.p50 + readEngine.p50)).toFixed(2)} at p50\n`);
  process.stdout.write('note: Common.Status is answered from the status the bridge keeps current (3.x events, refresh after every command); it makes no 3.x call. Every execute command reads the 3.x status before its completion is sent.\n');

  await depositFigures(manager, sim);
  await storageReadFigures(manager, sim);

  await cardReadsUnderPaymentLoad(() => client.command('CardReader.ReadRawData', { track2: true }), Math.min(iterations, 3000));

  await directClient.close();
  await engineClient.close();
  await engine.close();
  await client.close();
  await gateway.close();
  await session.close();
  await manager.shutdown();
}

await main();
