// Which XFS Manager the gateway loads when the configuration names no library, per platform and
// xfsManager.simulator, and which signals stop it gracefully.
import t from 'tap';
import { basename } from 'node:path';
import { defaultLibraries } from '../../src/config/defaults.ts';
import { parseConfig } from '../../src/config/load.ts';
import { stopSignals } from '../../src/main.ts';

t.test('Windows: the real XFS Manager unless xfsManager.simulator selects the simulator DLL', async (t) => {
  t.same(defaultLibraries('win32'), { managerLibrary: 'msxfs.dll', windowLibrary: 'user32.dll', simulated: false });
  t.same(defaultLibraries('win32', false), { managerLibrary: 'msxfs.dll', windowLibrary: 'user32.dll', simulated: false });
  const sim = defaultLibraries('win32', true);
  t.equal(basename(sim.managerLibrary), 'xfssim.dll');
  t.equal(sim.windowLibrary, sim.managerLibrary, 'the simulator is its own user32');
  t.equal(sim.simulated, true);
});

t.test('Linux: the simulator unless xfsManager.simulator is false', async (t) => {
  t.equal(basename(defaultLibraries('linux').managerLibrary), 'libxfssim.so');
  t.equal(defaultLibraries('linux').simulated, true);
  t.same(defaultLibraries('linux', false), { managerLibrary: 'msxfs.dll', windowLibrary: 'user32.dll', simulated: false });
});

t.test('xfsManager.simulator is a boolean key', async (t) => {
  t.equal(parseConfig({ profile: 'demo', xfsManager: { simulator: true } }, 'gateway.json', {}).xfsManager.simulator, true);
  let key = '';
  try { parseConfig({ profile: 'demo', xfsManager: { simulator: 'yes' } }, 'gateway.json', {}); } catch (error) { key = (error as { key?: string }).key ?? String(error); }
  t.equal(key, 'xfsManager.simulator', 'the error names the key');
});

t.test('Ctrl+Break and a closed console stop the gateway gracefully on Windows', async (t) => {
  t.same(stopSignals('win32'), ['SIGINT', 'SIGTERM', 'SIGBREAK', 'SIGHUP']);
  t.same(stopSignals('linux'), ['SIGINT', 'SIGTERM']);
});
