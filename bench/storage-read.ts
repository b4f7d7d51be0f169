// The status read before a cash-in end's completion, as the status keeper applies it: one unit's count
// changed, the status too. The shipped CIM binding builds units one by one (UnitBuilds: only the unit
// whose 3.x input changed is built and compared); the baseline in the same run is the same binding
// building and comparing every unit at each read. The 3.x data comes from the simulated 3.30 acceptor
// through the FFI, each read a fresh copy as a decode would give.
import { performance } from 'node:perf_hooks';
import type { LegacyXfsManager } from '../src/legacy-xfs3/manager.ts';
import type { SimulatorControl } from '../src/legacy-xfs3/simulator-control.ts';
import { cimBinding } from '../src/bridge/cim/index.ts';
import { readCimCapabilities, readCimDevice, type CimCaps, type CimDevice } from '../src/bridge/cim/device.ts';
import { buildStorage } from '../src/bridge/cim/storage-units.ts';
import type { ClassBinding } from '../src/bridge/class-binding.ts';
import { EnumTables } from '../src/bridge/enums.ts';
import { loadMappings } from '../src/bridge/mapping-loader.ts';
import { StatusKeeper } from '../src/bridge/status-keeper.ts';
import { MappingUsage } from '../src/bridge/usage.ts';
import { StatusStore } from '../src/xfs4iot/backend.ts';

export async function storageReadFigures(manager: LegacyXfsManager, sim: SimulatorControl, rounds = 20_000): Promise<void> {
  sim.addService('BenchStorageRead', 'CIM', '3.30');
  const session = await manager.open('BenchStorageRead', { low: '3.00', high: '3.30' }, { serviceClass: 'CIM' });
  const getInfo = (category: string) => session.getInfo(category, undefined);
  const first = await readCimDevice(getInfo);
  const caps = await readCimCapabilities(getInfo);
  await session.close();
  if (!first.ok || !caps.ok) throw new Error('cannot read the simulated cash acceptor');
  const device = first.data as CimDevice;
  const mappings = loadMappings();
  const usage = new MappingUsage();
  const cim = mappings.classes.get('CIM');
  if (!cim) throw new Error('no CIM mapping');
  const enums = new EnumTables([{ file: 'generic.json', tables: mappings.generic.enums }, { file: 'cim.json', tables: cim.enums }], usage, () => undefined);
  const everyUnit: ClassBinding<CimCaps, CimDevice> = { ...cimBinding, storageUnits: undefined, buildStorage: (status, _caps, e) => buildStorage(status, e) };
  let announced = 0;
  const keepers = [cimBinding, everyUnit].map((binding) => ({
    keeper: new StatusKeeper(binding, enums, new StatusStore({ common: { device: 'online' } }), usage, () => { announced++; }),
    view: { version: session.version, capabilities: caps.data as CimCaps, status: device, exchangeActive: false },
  }));
  const warm = Math.floor(rounds / 10);
  const samples = [new Float64Array(rounds), new Float64Array(rounds)];
  for (let i = 0; i < warm + rounds; i++) {
    // The note went into one unit (a different one each read, as deposits over several cassettes do)
    // and the acceptor's state changed with it.
    const k = i % device.cashUnits.length;
    const order = i % 2 ? [0, 1] : [1, 0];
    for (const j of order) {
      const cashUnits = structuredClone(device.cashUnits);
      cashUnits[k].count += i;
      cashUnits[k].cashInCount += i;
      const read: CimDevice = { ...device, cashUnits, status: { ...structuredClone(device.status), acceptor: i % 2 } };
      const t0 = performance.now();
      keepers[j].keeper.apply(keepers[j].view, read, true, false);
      if (i >= warm) samples[j][i - warm] = (performance.now() - t0) * 1000;
    }
  }
  const p50 = (list: Float64Array) => list.sort()[list.length >> 1];
  const [perUnit, all] = samples.map(p50);
  process.stdout.write(`\nstatus read after a cash-in end (${device.cashUnits.length} units, one changed per read, status changed; ${rounds} reads each, interleaved; ${announced} StorageChangedEvents)\n`);
  process.stdout.write(`${'apply, units built one by one (shipped)'.padEnd(52)} p50 ${perUnit.toFixed(1).padStart(8)} µs\n`);
  process.stdout.write(`${'apply, every unit built and compared (baseline)'.padEnd(52)} p50 ${all.toFixed(1).padStart(8)} µs   ratio ${(all / perUnit).toFixed(2)}\n`);
}
