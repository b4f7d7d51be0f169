// Library paths when the configuration names none: the XFS Manager and user32 on Windows, the bundled
// simulator (built by `npm install` / `npm run build`) elsewhere.
import { defaultSimulatorPath } from '../legacy-xfs3/simulator-control.ts';

export function defaultLibraries(platform: NodeJS.Platform = process.platform): { managerLibrary: string; windowLibrary: string; simulated: boolean } {
  if (platform === 'win32') return { managerLibrary: 'msxfs.dll', windowLibrary: 'user32.dll', simulated: false };
  const simulator = defaultSimulatorPath();
  return { managerLibrary: simulator, windowLibrary: simulator, simulated: true };
}
