// Runs the whole gateway: configuration, logging, the XFS Manager, the bridge services and the
// XFS4IoT publisher. `npm start` with no configuration runs on the bundled simulator.
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { createLogger } from './xfs4iot/logger.ts';
import { LegacyXfsManager } from './legacy-xfs3/manager.ts';
import { ConfigError, loadConfig } from './config/load.ts';
import { defaultLibraries } from './config/defaults.ts';
import type { GatewayConfig } from './config/types.ts';
import { startGateway, type Gateway } from './bridge/gateway.ts';
import { MappingError } from './bridge/mapping-loader.ts';
import { startSimulatedCustomer } from './bridge/simulated-customer.ts';

function logger(config: GatewayConfig) {
  const destination = config.logging.file ? pino.destination({ dest: config.logging.file, mkdir: true, sync: false }) : pino.destination(2);
  return createLogger({ level: config.logging.level }, destination);
}

async function startManager(config: GatewayConfig) {
  const defaults = defaultLibraries();
  return LegacyXfsManager.start({
    managerLibrary: config.xfsManager.library ?? defaults.managerLibrary,
    windowLibrary: config.xfsManager.windowLibrary ?? config.xfsManager.library ?? defaults.windowLibrary,
    appId: config.xfsManager.appId,
    services: config.services.map((s) => ({ logicalName: s.logicalName, serviceClass: s.class, xfs4iotServiceName: s.xfs4iotName, versions: s.versions })),
    reopen: { initialDelayMs: config.xfsManager.reopenInitialDelayMs, maxDelayMs: config.xfsManager.reopenMaxDelayMs },
  });
}

function announce(gateway: Gateway, simulated: boolean): void {
  const lines = [`xfs4iot-gateway: service discovery at ${gateway.publisher.url()}${simulated ? ' (devices: XFS 3.x simulator)' : ''}`];
  for (const { config, bridge } of gateway.services) lines.push(`  ${gateway.publisher.url(bridge.name)}  <- XFS 3.x ${config.class} '${config.logicalName}'`);
  for (const { config, reason } of gateway.skipped) lines.push(`  not published: ${config.xfs4iotName} (${reason})`);
  const inSequence = [80, 443, ...Array.from({ length: 11 }, (_, i) => 5846 + i)].includes(gateway.publisher.port);
  lines.push(`try: npx xfs4iot-gateway call ${gateway.services[0]?.bridge.name ?? '<service>'} Common.Status${inSequence ? '' : ` --port ${gateway.publisher.port}`}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { config: { type: 'string', short: 'c' }, mappings: { type: 'string' } } });
  let config: GatewayConfig;
  try {
    config = loadConfig(values.config ?? positionals[0] ?? process.env.XFS4IOT_GATEWAY_CONFIG);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`configuration error: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const log = logger(config);
  const manager = await startManager(config);
  let gateway: Gateway;
  try {
    gateway = await startGateway(config, { manager, logger: log, ...(values.mappings ? { mappingDir: values.mappings } : {}) });
  } catch (error) {
    await manager.shutdown();
    if (error instanceof MappingError) {
      process.stderr.write(`mapping error: ${error.message}\n`);
      return 2;
    }
    if (error instanceof ConfigError) {
      process.stderr.write(`configuration error: ${values.config ?? positionals[0] ?? 'configuration'}: ${error.key}: ${error.problem}\n`);
      return 2;
    }
    throw error;
  }
  const simulated = config.xfsManager.library === undefined && defaultLibraries().simulated;
  announce(gateway, simulated);
  if (simulated && config.simulator.demoCard) {
    const readers = gateway.services.filter((s) => s.config.class === 'IDC').map((s) => s.config.logicalName);
    startSimulatedCustomer(readers, log);
    process.stdout.write('simulator: a test card waits at the slot of every card reader (simulator.demoCard)\n');
  }
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await gateway.close();
  await manager.shutdown();
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await run(process.argv.slice(2));
}
