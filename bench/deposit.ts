// The deposit commands through the whole gateway (CashInStart, CashIn, CashInEnd on a simulated 3.x
// cash acceptor with zero device time) beside the same 3.x calls made on the device layer directly:
// the command plus the status read the bridge makes before each completion (the status; after
// CashInEnd also the cash units, which CashInStart and CashIn on an acceptor with an escrow cannot
// change) and the level 2/3 notes of CashIn and CashInEnd. One note per deposit, into the cash-in
// unit, so that the units never fill during the run. A fourth run per command is the protocol engine
// calling the same 3.x calls with no bridge code, which splits the gateway's own cost in two.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { LegacyXfsManager } from '../src/legacy-xfs3/manager.ts';
import type { SimulatorControl } from '../src/legacy-xfs3/simulator-control.ts';
import type { XfsSession } from '../src/legacy-xfs3/types.ts';
import { Xfs4IotClient } from '../src/xfs4iot/client.ts';
import type { JsonObject } from '../src/xfs4iot/backend.ts';
import { silentLogger } from '../src/xfs4iot/logger.ts';
import { parseConfig } from '../src/config/load.ts';
import { startGateway } from '../src/bridge/gateway.ts';
import { startPublisher } from '../src/xfs4iot/publisher.ts';
import { StatusStore, type CommandDefinition, type ServiceDefinition } from '../src/xfs4iot/backend.ts';
import type { Figures } from './bridge.bench.ts';

const us = (value: number) => `${value.toFixed(1).padStart(8)} µs`;

/** The full status read the bridge makes after a command that may move notes into units: status and cash units, asked at once as the bridge does. */
async function statusRead(session: XfsSession): Promise<void> {
  await Promise.all([session.getInfo('WFS_INF_CIM_STATUS', undefined), session.getInfo('WFS_INF_CIM_CASH_UNIT_INFO', undefined)]);
}

/** The read after CashInStart and CashIn (readCimState): the status alone. */
async function stateRead(session: XfsSession): Promise<void> {
  await session.getInfo('WFS_INF_CIM_STATUS', undefined);
}

function must(done: { ok: boolean; name: string }, what: string): void {
  if (!done.ok) throw new Error(`${what}: ${done.name}`);
}

// Longer than the bridge's wait before it reads the status after a device event (REFRESH_SOON_MS).
const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

/**
 * The protocol engine calling the device layer directly: a CashAcceptor service whose handlers make
 * the same 3.x calls as the direct runs and answer with a completion like the gateway's, without any
 * bridge code (no translation, journal, events, status or storage keeping). Whole gateway - this = what
 * the bridge's own code costs; this - direct = what the WebSocket round trip, the engine and the
 * bench's client (in this thread) cost.
 */
function engineOnDevice(calls: Array<[string, () => Promise<unknown>, JsonObject | undefined]>): ServiceDefinition {
  const command = ([name, run, payload]: [string, () => Promise<unknown>, JsonObject | undefined]): CommandDefinition => ({
    name,
    versions: [{ version: '2.0', payload: { type: 'object' } }],
    execution: { kind: 'device', resources: ['device'] },
    handler: async () => {
      await run();
      return { completionCode: null, ...(payload ? { payload } : {}) };
    },
  });
  return {
    name: 'cashacceptor',
    status: new StatusStore({ common: { device: 'online' } }),
    capabilities: () => ({}),
    interfaces: [{ name: 'CashAcceptor', commands: calls.map(command) }],
  };
}

function figuresOf(list: Float64Array): Figures {
  list.sort();
  const at = (q: number) => list[Math.min(list.length - 1, Math.floor(q * list.length))];
  return { p50: at(0.5), p99: at(0.99), mean: list.reduce((a, b) => a + b, 0) / list.length };
}

export async function depositFigures(manager: LegacyXfsManager, sim: SimulatorControl): Promise<void> {
  // The cash-in unit holds 1,000 notes: warm-up and rounds stay below that.
  const rounds = Math.min(Number(process.env.BENCH_ITERATIONS ?? 5000), 800);
  const warm = Math.min(100, Math.floor(rounds / 5));
  // Two gateways: the operations journal on disk (as on an ATM: each journaled step commits with an
  // fsync before the 3.x call and after it) and on a RAM file system, which shows the gateway's code
  // apart from the disk's fsync time.
  const dirs = [mkdtempSync(join(tmpdir(), 'bench-deposit-')), mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'bench-deposit-'))];
  const gateways = await Promise.all(dirs.map(async (dir, i) => {
    const logicalName = `BenchCashAcceptor${i}`;
    sim.addService(logicalName, 'CIM', '3.30');
    const config = parseConfig({
      services: [{ logicalName, class: 'CIM', xfs4iotName: 'cashacceptor', statusPollMs: 0 }],
      server: { port: 0 }, payments: { enabled: false }, logging: { level: 'silent' }, operationsJournal: { path: join(dir, 'operations.db') },
    });
    const gateway = await startGateway(config, { manager, logger: silentLogger() });
    return { logicalName, gateway, client: await Xfs4IotClient.connect(gateway.publisher.url('cashacceptor')) };
  }));
  sim.addService('BenchCashAcceptorDirect', 'CIM', '3.30');
  const session = await manager.open('BenchCashAcceptorDirect', { low: '3.00', high: '3.30' }, { serviceClass: 'CIM' });
  const start = { tellerId: 0, useRecycleUnits: false, outputPosition: 0, inputPosition: 0 };
  // The 3.x calls per command, on a session (the direct runs' and the engine's own).
  const deviceCalls: Array<(on: XfsSession) => Promise<void>> = [
    async (on) => { must(await on.execute('WFS_CMD_CIM_CASH_IN_START', start), 'CASH_IN_START'); await stateRead(on); },
    async (on) => { must(await on.execute('WFS_CMD_CIM_CASH_IN', undefined), 'CASH_IN'); await Promise.all([on.getInfo('WFS_INF_CIM_GET_P6_INFO', undefined), stateRead(on)]); },
    async (on) => { must(await on.execute('WFS_CMD_CIM_CASH_IN_END', undefined), 'CASH_IN_END'); await Promise.all([on.getInfo('WFS_INF_CIM_GET_P6_INFO', undefined), statusRead(on)]); },
  ];
  sim.addService('BenchCashAcceptorEngine', 'CIM', '3.30');
  const engineSession = await manager.open('BenchCashAcceptorEngine', { low: '3.00', high: '3.30' }, { serviceClass: 'CIM' });
  const fit = { fit: 1, unfit: 0, suspect: 0, counterfeit: 0, inked: 0 };
  const engine = await startPublisher({
    services: [engineOnDevice([
      ['CashAcceptor.CashInStart', () => deviceCalls[0](engineSession), undefined],
      ['CashAcceptor.CashIn', () => deviceCalls[1](engineSession), { items: { unrecognized: 0, typeEUR20: fit } }],
      ['CashAcceptor.CashInEnd', () => deviceCalls[2](engineSession), { storage: { unit2: { deposited: { unrecognized: 0, typeEUR20: fit } } } }],
    ])],
    port: 0, logger: silentLogger(),
  });
  const engineClient = await Xfs4IotClient.connect(engine.url('cashacceptor'));
  const ok = async (client: Xfs4IotClient, name: string, payload?: JsonObject) => {
    const m = await client.command(name, payload);
    if (m.header.completionCode) throw new Error(`${name}: ${m.header.completionCode} ${m.header.errorDescription ?? ''}`);
  };
  // The 3.x calls the gateway makes per command, made directly and as the gateway makes them: the
  // command, then the level 2/3 notes (CashIn, and CashInEnd for the units' fitness) beside the status
  // read before the completion (CashInEnd's also answers the units' CASHUNITINFOCHANGED events that
  // arrive just before it completes).
  const [disk, ram] = gateways.map((g) => g.client);
  const ops: Array<[string, (c: Xfs4IotClient) => Promise<unknown>, () => Promise<unknown>]> = [
    ['CashInStart', (c) => ok(c, 'CashAcceptor.CashInStart', { useRecycleUnits: false }), () => deviceCalls[0](session)],
    ['CashIn', (c) => ok(c, 'CashAcceptor.CashIn'), () => deviceCalls[1](session)],
    ['CashInEnd', (c) => ok(c, 'CashAcceptor.CashInEnd'), () => deviceCalls[2](session)],
  ];
  const samples = ops.map(() => [new Float64Array(rounds), new Float64Array(rounds), new Float64Array(rounds), new Float64Array(rounds)]);
  for (let i = 0; i < warm + rounds; i++) {
    for (const [k, [, whole, direct]] of ops.entries()) {
      if (k === 1) {
        // The customer's bunch, laid before CashIn and not timed; the gateway's refresh of the
        // ITEMSINSERTED event it raises settles first.
        for (const g of gateways) sim.cimInsertItems(g.logicalName, '1x3');
        sim.cimInsertItems('BenchCashAcceptorDirect', '1x3');
        sim.cimInsertItems('BenchCashAcceptorEngine', '1x3');
        await settle();
      }
      for (const [j, op] of [() => whole(disk), () => whole(ram), direct, () => whole(engineClient)].entries()) {
        const t0 = performance.now();
        await op();
        if (i >= warm) samples[k][j][i - warm] = (performance.now() - t0) * 1000;
      }
    }
  }
  process.stdout.write(`\ndeposit (CIM 3.30, one note per deposit, ${rounds} deposits after ${warm} warm-up, each command interleaved with the same 3.x calls made directly)\n`);
  for (const [k, [name]] of ops.entries()) {
    const [whole, inRam, direct, engineDirect] = samples[k].map(figuresOf);
    const code = inRam.p50 - direct.p50;
    process.stdout.write(`${`${name}: whole gateway, journal on disk`.padEnd(52)} p50 ${us(whole.p50)}  p99 ${us(whole.p99)}\n`);
    process.stdout.write(`${`${name}: whole gateway, journal in RAM`.padEnd(52)} p50 ${us(inRam.p50)}  p99 ${us(inRam.p99)}\n`);
    process.stdout.write(`${`${name}: the same 3.x calls, device layer alone`.padEnd(52)} p50 ${us(direct.p50)}  p99 ${us(direct.p99)}\n`);
    process.stdout.write(`${`${name}: gateway's own cost (journal in RAM - direct)`.padEnd(52)} p50 ${us(code)}  p99 ${us(inRam.p99 - direct.p99)}   target < 200 µs p50: ${code < 200 ? 'met' : 'NOT met'}; ratio ${(inRam.p50 / direct.p50).toFixed(2)}\n`);
    process.stdout.write(`${`${name}: the journal's disk commits (disk - RAM)`.padEnd(52)} p50 ${us(whole.p50 - inRam.p50)}\n`);
    process.stdout.write(`${`${name}: engine + the same 3.x calls, no bridge code`.padEnd(52)} p50 ${us(engineDirect.p50)}  p99 ${us(engineDirect.p99)}\n`);
    process.stdout.write(`${'  of the own cost: WebSocket, engine and client'.padEnd(52)} p50 ${us(engineDirect.p50 - direct.p50)}   (engine + calls - direct)\n`);
    process.stdout.write(`${'  of the own cost: the bridge\'s code'.padEnd(52)} p50 ${us(inRam.p50 - engineDirect.p50)}   (journal in RAM - engine + calls: translation, journal, events, status)\n`);
  }
  for (const g of gateways) {
    await g.client.close();
    await g.gateway.close();
  }
  await engineClient.close();
  await engine.close();
  await engineSession.close();
  await session.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
}
