// The deposit figures of bench:bridge alone (bench/deposit.ts), e.g. for profiling:
//   node --import tsx --cpu-prof bench/deposit-only.ts
import { LegacyXfsManager } from '../src/legacy-xfs3/manager.ts';
import { SimulatorControl, simulatorLibraries } from '../src/legacy-xfs3/simulator-control.ts';
import { depositFigures } from './deposit.ts';

const manager = await LegacyXfsManager.start({ ...simulatorLibraries(), appId: 'bench-deposit' });
await depositFigures(manager, SimulatorControl.load());
await manager.shutdown();
