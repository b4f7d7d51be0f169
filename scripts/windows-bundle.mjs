// Stage 4 of npm run test:windows: the offline bundle (npm run bundle:win) as an ATM engineer uses it,
// under Wine: unzipped to C:\xfs4iot-gateway, install.cmd without a configuration writes the sample and
// stops, install.cmd with one installs and starts the Windows service from the bundle's own node.exe
// and node_modules (nothing fetched, nothing compiled), a card is read through it, uninstall.cmd.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { bundleWindows } from './bundle-win.mjs';
import { freePort } from './windows-service.mjs';

const NAME = 'xfs4iot-bundle';

function cmd({ wine, env, driveC }, script, args) {
  const file = join(driveC, 'cmd-output.txt');
  const fd = openSync(file, 'w');
  const started = performance.now();
  const r = spawnSync(wine, ['cmd', '/c', `C:\\xfs4iot-gateway\\${script}`, ...args], { env, cwd: driveC, stdio: ['ignore', fd, fd], timeout: 300_000 });
  closeSync(fd);
  return { status: r.status, output: readFileSync(file, 'utf8').trim(), ms: performance.now() - started };
}

export async function bundleUnderWine({ arch, env, wine }) {
  const bundle = bundleWindows(arch);
  const driveC = join(env.WINEPREFIX, 'drive_c');
  rmSync(join(driveC, 'xfs4iot-gateway'), { recursive: true, force: true });
  const unzip = spawnSync('unzip', ['-q', '-o', bundle.zip, '-d', driveC], { stdio: 'inherit' });
  if (unzip.error || unzip.status !== 0) throw new Error(`unzip failed (apt-get install unzip)${unzip.error ? `: ${unzip.error.message}` : ''}`);
  const ctx = { wine, env, driveC };
  const data = join(driveC, 'ProgramData', NAME);
  rmSync(data, { recursive: true, force: true });
  cmd(ctx, 'uninstall.cmd', [NAME]);
  try {
    const missing = cmd(ctx, 'install.cmd', [`C:\\ProgramData\\${NAME}\\gateway.json`, NAME]);
    if (missing.status !== 1 || !/sample configuration was written/.test(missing.output) || !existsSync(join(data, 'gateway.json'))) {
      throw new Error(`install.cmd without a configuration: exit ${missing.status}: ${missing.output}`);
    }
    // The sample is for a real ATM: install refuses it until it is edited (no IOTP client yet).
    const sample = cmd(ctx, 'install.cmd', [`C:\\ProgramData\\${NAME}\\gateway.json`, NAME]);
    if (sample.status !== 2 || !/configuration error/.test(sample.output)) throw new Error(`install.cmd with the unedited sample: exit ${sample.status}: ${sample.output}`);
    const port = await freePort();
    mkdirSync(data, { recursive: true });
    writeFileSync(join(data, 'gateway.json'), JSON.stringify({
      $comment: 'the lane: the bundled simulator instead of msxfs.dll',
      profile: 'demo',
      xfsManager: { simulator: true, windowLibrary: 'user32.dll' },
      services: [{ logicalName: 'CardReader1', class: 'IDC', xfs4iotName: 'cardreader1' }],
      server: { port },
      payments: { dataDir: `C:\\ProgramData\\${NAME}\\data` },
      logging: { level: 'info', file: `C:\\ProgramData\\${NAME}\\logs\\gateway.log` },
    }, null, 2));
    const install = cmd(ctx, 'install.cmd', [`C:\\ProgramData\\${NAME}\\gateway.json`, NAME]);
    if (install.status !== 0 || !/running/.test(install.output)) throw new Error(`install.cmd: exit ${install.status}: ${install.output}`);
    const { Xfs4IotClient } = await import(new URL('../dist/xfs4iot/client.js', import.meta.url).href);
    const reader = await Xfs4IotClient.connect(`ws://127.0.0.1:${port}/xfs4iot/v1.0/cardreader1`);
    const read = await reader.command('CardReader.ReadRawData', { track2: true }, { timeout: 60_000 });
    await reader.close();
    const track2 = Buffer.from(String(read.payload?.track2?.data ?? ''), 'base64').toString('latin1');
    if ((read.header.completionCode ?? null) !== null || !track2.includes('4761739001010119')) throw new Error(`card read through the bundle's service: ${JSON.stringify(read)}`);
    const uninstall = cmd(ctx, 'uninstall.cmd', [NAME]);
    if (uninstall.status !== 0 || !/uninstalled/.test(uninstall.output)) throw new Error(`uninstall.cmd: exit ${uninstall.status}: ${uninstall.output}`);
    const log = readFileSync(join(data, 'logs', 'gateway.1.log'), 'utf8');
    if (!/gateway stopped/.test(log)) throw new Error('the bundle\'s service did not log a graceful stop');
    return { zipMb: bundle.bytes / 1024 / 1024, installMs: install.ms };
  } finally {
    cmd(ctx, 'uninstall.cmd', [NAME]);
  }
}
