// Stage 3 of npm run test:windows: the gateway as a Windows service under Wine (its services.exe is a
// Service Control Manager): `service install` (configuration checked first), `service start` (waits
// for RUNNING, which the gateway reports once every service is published), a card read through it
// from the Linux side, `service status`, `service stop` (a graceful stop: the payment journals and the
// devices closed before STOPPED), the log written under ProgramData, `service uninstall`.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { windowsNode } from './windows-gateway.mjs';

const NAME = 'xfs4iot-lane';

export function freePort() {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Runs `xfs4iot-gateway service <args>` under Wine; stdout and stderr through a file (never a pipe). */
function serviceVerb({ wine, exe, root, env, work }, args) {
  const file = join(work, 'verb.txt');
  const fd = openSync(file, 'w');
  const started = performance.now();
  const r = spawnSync(wine, [exe, join(root, 'bin', 'xfs4iot-gateway.mjs'), 'service', ...args, '--name', NAME], { env, cwd: work, stdio: ['ignore', fd, fd], timeout: 240_000 });
  closeSync(fd);
  return { status: r.status, output: readFileSync(file, 'utf8').trim(), ms: performance.now() - started };
}

export async function serviceUnderWine({ root, arch, env, wine }) {
  const exe = windowsNode(root, arch);
  const work = join(root, 'native', 'build', `wine-service-${arch}`);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const port = await freePort();
  writeFileSync(join(work, 'gateway.json'), JSON.stringify({
    profile: 'demo',
    xfsManager: { simulator: true, windowLibrary: 'user32.dll' },
    services: [{ logicalName: 'CardReader1', class: 'IDC', xfs4iotName: 'cardreader1' }],
    server: { port },
    payments: { dataDir: join(work, 'payments') },
  }, null, 2));
  const ctx = { wine, exe, root, env, work };
  const figures = {};
  const verb = (...args) => serviceVerb(ctx, args);
  verb('uninstall'); // a service left by an interrupted run
  try {
    const bad = join(work, 'bad.json');
    writeFileSync(bad, JSON.stringify({ server: { port: 'eighty' } }));
    const refused = verb('install', '--config', bad);
    if (refused.status !== 2 || !/configuration error.*server\.port/.test(refused.output)) throw new Error(`install with a bad configuration: exit ${refused.status}: ${refused.output}`);
    const install = verb('install', '--config', join(work, 'gateway.json'));
    if (install.status !== 0) throw new Error(`service install: exit ${install.status}: ${install.output}`);
    const again = verb('install', '--config', join(work, 'gateway.json'));
    if (again.status !== 1 || !/already installed/.test(again.output)) throw new Error(`a second install: exit ${again.status}: ${again.output}`);
    const start = verb('start');
    if (start.status !== 0 || !/running/.test(start.output)) throw new Error(`service start: exit ${start.status}: ${start.output}`);
    figures.startMs = start.ms;
    const status = verb('status');
    if (status.status !== 0 || !/: running \(process \d+\)/.test(status.output)) throw new Error(`service status: ${status.output}`);
    const { Xfs4IotClient } = await import(new URL('../dist/xfs4iot/client.js', import.meta.url).href);
    const reader = await Xfs4IotClient.connect(`ws://127.0.0.1:${port}/xfs4iot/v1.0/cardreader1`);
    const t0 = performance.now();
    const read = await reader.command('CardReader.ReadRawData', { track2: true }, { timeout: 60_000 });
    figures.readMs = performance.now() - t0;
    await reader.close();
    const track2 = Buffer.from(String(read.payload?.track2?.data ?? ''), 'base64').toString('latin1');
    if ((read.header.completionCode ?? null) !== null || !track2.includes('4761739001010119')) throw new Error(`card read through the service: ${JSON.stringify(read)}`);
    const stop = verb('stop');
    if (stop.status !== 0 || !/stopped/.test(stop.output)) throw new Error(`service stop: exit ${stop.status}: ${stop.output}`);
    figures.stopMs = stop.ms;
    const stopped = verb('status');
    if (!/: stopped \(last exit code 0\)/.test(stopped.output)) throw new Error(`status after stop: ${stopped.output}`);
    // No logging.file in the configuration: the service writes under %ProgramData% (Wine gives services
    // only %ALLUSERSPROFILE%, C:\users\Public; on Windows both are C:\ProgramData).
    const logs = [join(env.WINEPREFIX, 'drive_c', 'ProgramData', NAME, 'logs'), join(env.WINEPREFIX, 'drive_c', 'users', 'Public', NAME, 'logs')].find((d) => existsSync(d)) ?? 'ProgramData';
    const names = existsSync(logs) ? readdirSync(logs).filter((f) => /^gateway\.\d+\.log$/.test(f)) : [];
    const text = names.map((f) => readFileSync(join(logs, f), 'utf8')).join('');
    if (!/service publisher listening/.test(text) || !/"thread":"payments"/.test(text) || !/"msg":"gateway stopped/.test(text)) throw new Error(`no gateway log under ${logs}: ${names.join(', ') || 'none'}`);
    figures.logFiles = names.length;
    const uninstall = verb('uninstall');
    if (uninstall.status !== 0) throw new Error(`service uninstall: exit ${uninstall.status}: ${uninstall.output}`);
    const gone = verb('status');
    if (gone.status !== 1 || !/no such service/.test(gone.output)) throw new Error(`status after uninstall: ${gone.output}`);
    return figures;
  } finally {
    verb('uninstall');
  }
}
