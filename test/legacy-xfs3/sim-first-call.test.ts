// A control verb as the very first call into the simulator of a process (a script or a bench that
// shapes a default service before starting the manager) used to deadlock: the verb held the
// simulator's lock when its one-time initialisation took the same lock. Each verb runs in a fresh
// process, bounded by a timeout.
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const control = fileURLToPath(new URL('../../src/legacy-xfs3/simulator-control.ts', import.meta.url));
const verbs: Record<string, string> = {
  setDelay: "sim.setDelay('CardReader1', 0, 0)",
  idcMedia: "sim.idcMedia('CardReader1')",
  siuGetPort: "sim.siuGetPort('SIU1', 1, 0)",
  insertCard: "sim.insertCard('CardReader1', { track2: ';4761739001010119=25122011143804489?' })",
};

for (const [name, call] of Object.entries(verbs)) {
  t.test(`${name} as the first call of a process returns`, async (t) => {
    const script = `import { SimulatorControl } from ${JSON.stringify(control)}; const sim = SimulatorControl.load(); ${call}; process.stdout.write('done');`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20_000 });
    t.equal(r.signal, null, `not killed by the timeout (${r.stderr})`);
    t.equal(r.stdout, 'done');
  });
}
