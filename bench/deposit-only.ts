// The deposit figures of bench:bridge alone (bench/deposit.ts), e.g. for profiling:
//   node --import tsx --cpu-prof bench/deposit-only.ts
// PUMP_SPIN_MICROS=<n> runs them with another xfsManager.pumpSpinMicros than the default.
import { LegacyXfsManager } from '../src/legacy-xfs3/manager.ts';
import { SimulatorControl, simulatorLibraries } from '../src/legacy-xfs3/simulator-control.ts';
import { depositFigures } from './deposit.ts';

const manager = await LegacyXfsManager.start({ ...simulatorLibraries(), appId: 'bench-deposit',
  ...(process.env.PUMP_SPIN_MICROS ? { pumpSpinMicros: Number(process.env.PUMP_SPIN_MICROS) } : {}),
});
await depositFigures(manager, SimulatorControl.load());
await manager.shutdown();
