// `xfs4iot-gateway service install|uninstall|start|stop|status|run`: the gateway as a Windows service,
// registered with the Service Control Manager through its own API (advapi32 via koffi, already a
// dependency: nothing else ships, no wrapper executable to trust or update). install checks the
// configuration first, so a service never starts into a configuration error.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config/load.ts';
import { serviceCommandLine } from './command-line.ts';

const USAGE = `usage: xfs4iot-gateway service <verb> [--name <service name>]
  install --config <file> [--display-name <text>] [--account <user> (password in XFS4IOT_SERVICE_PASSWORD)] [--manual]
  uninstall | start | stop | status
  run      (what the Service Control Manager starts; not for a console)
  --name defaults to xfs4iot-gateway; start/stop/uninstall wait up to --wait seconds (120).`;

export async function run(args: string[]): Promise<number> {
  const [verb, ...rest] = args;
  let values: { name?: string; config?: string; 'display-name'?: string; account?: string; manual?: boolean; wait?: string };
  try {
    ({ values } = parseArgs({
      args: rest, allowPositionals: false,
      options: { name: { type: 'string' }, config: { type: 'string', short: 'c' }, 'display-name': { type: 'string' }, account: { type: 'string' }, manual: { type: 'boolean' }, wait: { type: 'string' } },
    }));
  } catch (error) {
    process.stderr.write(`service: ${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    return 2;
  }
  if (!verb || !['install', 'uninstall', 'start', 'stop', 'status', 'run'].includes(verb)) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  if (process.platform !== 'win32') {
    process.stderr.write('service: Windows services exist on Windows only; elsewhere let the init system (systemd, ...) run `node <heap flags> bin/xfs4iot-gateway.mjs start --config <file>` (README, Deploying on an ATM)\n');
    return 2;
  }
  const name = values.name ?? 'xfs4iot-gateway';
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$/.test(name)) {
    process.stderr.write(`service: --name ${JSON.stringify(name)}: letters, digits, '_', '.', '-' only (at most 80)\n`);
    return 2;
  }
  const waitMs = Number(values.wait ?? 120) * 1000;
  if (!Number.isFinite(waitMs) || waitMs <= 0) {
    process.stderr.write(`service: --wait ${values.wait}: a number of seconds\n`);
    return 2;
  }
  const { loadAdvapi32 } = await import('./advapi32.ts');
  const api = loadAdvapi32();
  if (verb === 'run') {
    const { runAsService } = await import('./service-host.ts');
    const main = await import('../main.ts');
    return runAsService(api, { name, gatewayArgs: values.config ? ['--config', values.config] : [], runGateway: main.run });
  }
  const { ServiceControl } = await import('./scm.ts');
  const control = new ServiceControl(api);
  let outcome;
  switch (verb) {
    case 'install': {
      if (!values.config) {
        process.stderr.write('service install: --config <file> is required (a service runs the production profile from its configuration)\n');
        return 2;
      }
      const config = resolve(values.config);
      try {
        loadConfig(config);
      } catch (error) {
        if (error instanceof ConfigError) {
          process.stderr.write(`service install: configuration error: ${error.message}\n`);
          return 2;
        }
        throw error;
      }
      outcome = await control.install({
        name, displayName: values['display-name'] ?? 'XFS4IoT gateway', description: 'XFS4IoT service publisher over the XFS 3.x service providers, with the IOTP payment bridge',
        commandLine: serviceCommandLine({ nodeExe: process.execPath, launcher: fileURLToPath(new URL('../../bin/xfs4iot-gateway.mjs', import.meta.url)), name, config }),
        account: values.account ?? null, password: values.account ? process.env.XFS4IOT_SERVICE_PASSWORD ?? null : null,
        autoStart: values.manual !== true,
      });
      break;
    }
    case 'uninstall': outcome = await control.uninstall(name, waitMs); break;
    case 'start': outcome = await control.start(name, waitMs); break;
    case 'stop': outcome = await control.stop(name, waitMs); break;
    default: outcome = await control.status(name); break;
  }
  (outcome.ok ? process.stdout : process.stderr).write(`${outcome.message}\n`);
  return outcome.ok ? 0 : 1;
}
