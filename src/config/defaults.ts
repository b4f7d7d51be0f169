// Library paths when the configuration names none: the XFS Manager and user32 on Windows, the bundled
// simulator (built by `npm install` / `npm run build`) elsewhere.
import { defaultSimulatorPath } from '../legacy-xfs3/simulator-control.ts';

// xfsManager.simulator chooses explicitly: true selects the simulator on Windows too (cross-built as
// native/build/xfssim.dll), false insists on a real XFS Manager; unset means the platform's default.
export function defaultLibraries(platform: NodeJS.Platform = process.platform, simulator?: boolean): { managerLibrary: string; windowLibrary: string; simulated: boolean } {
  if (simulator === false || (simulator === undefined && platform === 'win32')) return { managerLibrary: 'msxfs.dll', windowLibrary: 'user32.dll', simulated: false };
  const simulatorPath = defaultSimulatorPath(platform);
  return { managerLibrary: simulatorPath, windowLibrary: simulatorPath, simulated: true };
}
