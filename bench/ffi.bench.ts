// npm run bench:ffi — the XFS 3.x device layer on the simulator with zero device time.
// 1. WFS_INF_IDC_STATUS round trip through the whole asynchronous path (WFSAsyncGetInfo, the
//    simulator posts WFS_GETINFO_COMPLETE, the pump thread's GetMessageA wakes, the main thread
//    decodes and WFSFreeResult) versus the same query made synchronously with koffi
//    (WFSGetInfo + the same decode + WFSFreeResult) in the same run.
//    The round trip is measured twice: with the pump's default poll before sleeping
//    (pumpSpinMicros, see src/legacy-xfs3/pump-worker.mjs) and with pumpSpinMicros 0 (the pump
//    sleeps in GetMessageA at once, as before the poll existed).
// 2. Commands per second through the pump with 64 requests in flight.
// Figures are printed; the machine is shared, so compare the ratio rather than absolute times.
import { defaultPumpSpinMicros, LegacyXfsManager } from '../src/legacy-xfs3/manager.ts';
import { SimulatorControl, simulatorLibraries } from '../src/legacy-xfs3/simulator-control.ts';
import { idcCodecs } from '../src/legacy-xfs3/idc/codec.ts';
import { loadavg } from 'node:os';
import { readStruct } from '../src/legacy-xfs3/memory.ts';
import { WFSRESULT } from '../src/legacy-xfs3/structs-api.ts';
import type { IdcExecuteMap, IdcInfoMap } from '../src/legacy-xfs3/idc/types.ts';

const ROUND_TRIPS = Number(process.env.BENCH_ROUND_TRIPS ?? 20000);
const COMMANDS = Number(process.env.BENCH_COMMANDS ?? 50000);
const IN_FLIGHT = 64;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

function stats(samples: number[]): { p50: number; p90: number; p99: number; mean: number } {
  const s = [...samples].sort((a, b) => a - b);
  return { p50: percentile(s, 0.5), p90: percentile(s, 0.9), p99: percentile(s, 0.99), mean: s.reduce((a, b) => a + b, 0) / s.length };
}

const fmt = (n: number): string => n.toFixed(1).padStart(8);

async function main(): Promise<void> {
  const sim = SimulatorControl.load();
  const name = `BENCH-IDC-${process.pid}`;
  sim.addService(name, 'IDC', '3.30');
  sim.setDelay(name, 0, 0);
  // Baseline in the same run: the pump sleeping at once.
  const m0 = await LegacyXfsManager.start({ ...simulatorLibraries(), appId: 'bench-nospin', pumpSpinMicros: 0 });
  const s0 = await m0.open<IdcExecuteMap, IdcInfoMap>(name, { low: '3.00', high: '3.30' }, { serviceClass: 'IDC' });
  for (let i = 0; i < 2000; i++) await s0.getInfo('WFS_INF_IDC_STATUS', undefined);
  const noSpinSamples: number[] = [];
  for (let i = 0; i < ROUND_TRIPS; i++) {
    const t0 = performance.now();
    const r = await s0.getInfo('WFS_INF_IDC_STATUS', undefined);
    noSpinSamples.push((performance.now() - t0) * 1000);
    if (!r.ok) throw new Error(r.name);
  }
  await s0.close();
  await m0.shutdown();
  const z = stats(noSpinSamples);

  const spin = defaultPumpSpinMicros();
  const m = await LegacyXfsManager.start({ ...simulatorLibraries(), appId: 'bench', pumpSpinMicros: spin });
  const s = await m.open<IdcExecuteMap, IdcInfoMap>(name, { low: '3.00', high: '3.30' }, { serviceClass: 'IDC' });
  const decode = idcCodecs.info.get('WFS_INF_IDC_STATUS')!.decode!;
  const ctx = { mem: m.mem, vnum: 330 };
  const out: [bigint | null] = [null];

  const syncOnce = (): void => {
    const hr = m.api.WFSGetInfo(s.hService, 201, 0n, 0, out);
    if (hr !== 0) throw new Error(`WFSGetInfo ${hr}`);
    const r = readStruct(m.mem, out[0]!, WFSRESULT);
    decode(ctx, r.ptr('lpBuffer'));
    m.api.WFSFreeResult(out[0]!);
  };

  // Warm-up of both paths (JIT, koffi call stubs, worker).
  for (let i = 0; i < 2000; i++) { await s.getInfo('WFS_INF_IDC_STATUS', undefined); syncOnce(); }

  const asyncSamples: number[] = [];
  const syncSamples: number[] = [];
  for (let i = 0; i < ROUND_TRIPS; i++) {
    const t0 = performance.now();
    const r = await s.getInfo('WFS_INF_IDC_STATUS', undefined);
    asyncSamples.push((performance.now() - t0) * 1000);
    if (!r.ok) throw new Error(r.name);
    const t1 = performance.now();
    syncOnce();
    syncSamples.push((performance.now() - t1) * 1000);
  }
  const a = stats(asyncSamples);
  const y = stats(syncSamples);

  const throughput = async (label: string, issue: () => Promise<{ ok: boolean }>): Promise<number> => {
    let issued = 0;
    let failed = 0;
    const t0 = performance.now();
    const lane = async (): Promise<void> => {
      while (issued < COMMANDS) {
        issued++;
        if (!(await issue()).ok) failed++;
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
    const secs = (performance.now() - t0) / 1000;
    if (failed) throw new Error(`${label}: ${failed} failed`);
    return COMMANDS / secs;
  };
  const execPerSec = await throughput('execute', () => s.execute('WFS_CMD_IDC_RESET_COUNT', undefined));
  const infoPerSec = await throughput('getInfo', () => s.getInfo('WFS_INF_IDC_STATUS', undefined));

  await s.close();
  await m.shutdown();
  const leaked = sim.liveResults();

  process.stdout.write([
    `XFS 3.x device layer on the simulator (zero device time), ${ROUND_TRIPS} round trips, node ${process.version}, ${process.platform}-${process.arch}, load ${loadavg()[0].toFixed(2)}`,
    '',
    'WFS_INF_IDC_STATUS round trip (µs)          p50      p90      p99     mean',
    `${`  async, pump polls ${spin} µs`.padEnd(38)}${fmt(a.p50)} ${fmt(a.p90)} ${fmt(a.p99)} ${fmt(a.mean)}`,
    `${'  async, pump sleeps at once (0 µs)'.padEnd(38)}${fmt(z.p50)} ${fmt(z.p90)} ${fmt(z.p99)} ${fmt(z.mean)}`,
    `${'  sync:  koffi WFSGetInfo + decode'.padEnd(38)}${fmt(y.p50)} ${fmt(y.p90)} ${fmt(y.p99)} ${fmt(y.mean)}`,
    `  ratio async/sync p50: ${(a.p50 / y.p50).toFixed(1)}x (sleeping pump ${(z.p50 / y.p50).toFixed(1)}x)    target: async p50 < 50 µs -> ${a.p50 < 50 ? 'met' : 'NOT met'}`,
    '',
    `Throughput through the pump, ${IN_FLIGHT} in flight, ${COMMANDS} each`,
    `  WFS_CMD_IDC_RESET_COUNT executes/s: ${Math.round(execPerSec)}`,
    `  WFS_INF_IDC_STATUS queries/s:       ${Math.round(infoPerSec)}`,
    `  results still allocated after the run: ${leaked}`,
    '',
  ].join('\n'));
}

await main();
