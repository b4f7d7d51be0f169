// Runs the whole gateway: configuration, logging, the XFS Manager, the bridge services, the XFS4IoT
// publisher and the payments (IOTP Payment API on the same server, XML-X host embedded or external).
// `npm start` with no configuration runs on the bundled simulator with the demo payment host.
import { existsSync, mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { getHeapStatistics } from 'node:v8';
import type { FastifyInstance } from 'fastify';
import { pino, type Logger } from 'pino';
import rollingFile from 'pino-roll';
import { createLogger } from './xfs4iot/logger.ts';
import { HEAP_FLAGS } from './heap-flags.ts';
import { LegacyXfsManager } from './legacy-xfs3/manager.ts';
import { ConfigError, loadConfig } from './config/load.ts';
import { defaultLibraries } from './config/defaults.ts';
import type { GatewayConfig, PaymentsConfig } from './config/types.ts';
import { SCHEME_KEY_ENV } from './config/payments.ts';
import { iotpRoutes, API_NAMESPACE, IotpClients, newClientToken } from './iotp-bridge/index.ts';
import { needsOperationsJournal, startGateway, type Gateway } from './bridge/gateway.ts';
import { openOperationsJournal } from './bridge/operations-startup.ts';
import type { OperationsJournal } from './bridge/operations-journal.ts';
import { MappingError } from './bridge/mapping-loader.ts';
import { startSimulatedCustomer } from './bridge/simulated-customer.ts';
import { attachSimulatorConsole } from './legacy-xfs3/sim-console.ts';
import { SimulatorControl } from './legacy-xfs3/simulator-control.ts';
import { SIM_CONTROL_PREFIX, simControlRoutes } from './bridge/sim-control.ts';
import { logicalServices } from './config/logical-services.ts';
import { startPaymentsWorker, type PaymentsWorker } from './payments/worker-client.ts';

export interface LogOutput {
  log: Logger;
  /** Writes one finished line (the payments thread's) to the same destination. */
  writeLine: (line: string) => void;
  /** Flushes what is buffered (before the process exits). */
  flush: () => void;
}

/**
 * Standard error, or logging.file as a rotated series (pino-roll: gateway.log is written as
 * gateway.1.log, gateway.2.log, ...; at logging.rotateMegabytes the next number starts, and only the
 * newest logging.keepFiles besides the current one are kept), so that a service running for years
 * cannot fill the disk. This thread is the file's only writer.
 */
export async function logOutput(config: GatewayConfig): Promise<LogOutput> {
  const { file, rotateMegabytes, keepFiles } = config.logging;
  const destination = file
    ? await rollingFile({ file: resolve(file), size: `${rotateMegabytes}m`, limit: { count: keepFiles }, mkdir: true })
    : pino.destination(2);
  return {
    log: createLogger({ level: config.logging.level }, destination),
    writeLine: (line) => { destination.write(line); },
    flush: () => { try { destination.flushSync(); } catch { /* nothing buffered or already closed */ } },
  };
}

async function startManager(config: GatewayConfig) {
  const defaults = defaultLibraries(process.platform, config.xfsManager.simulator);
  return LegacyXfsManager.start({
    managerLibrary: config.xfsManager.library ?? defaults.managerLibrary,
    windowLibrary: config.xfsManager.windowLibrary ?? config.xfsManager.library ?? defaults.windowLibrary,
    appId: config.xfsManager.appId,
    services: logicalServices(config.services).map((s) => ({ logicalName: s.logicalName, serviceClass: s.class, xfs4iotServiceName: s.xfs4iotName, versions: s.versions })),
    reopen: { initialDelayMs: config.xfsManager.reopenInitialDelayMs, maxDelayMs: config.xfsManager.reopenMaxDelayMs },
    pumpSpinMicros: config.xfsManager.pumpSpinMicros,
  });
}

interface Payments {
  config: PaymentsConfig;
  /** The payment stack (host, bridge, journals) on its own thread. */
  worker: PaymentsWorker;
  clients: IotpClients;
  /** Demo profile: the generated demo client's token and the file that holds it. */
  demo?: { token: string; file: string };
}

/** The payment stack in its worker thread, then the IOTP clients who may call it. */
async function startPayments(config: GatewayConfig, output: LogOutput): Promise<Payments> {
  const worker = await startPaymentsWorker({ config: config.payments, logging: { level: config.logging.level, toParent: config.logging.file !== undefined } }, output.log, output.writeLine);
  try {
    const demo = config.payments.profile === 'demo' ? writeDemoCredentials(worker.dataDir) : undefined;
    const clients = new IotpClients([...config.payments.iotp.clients, ...(demo ? [demo.entry] : [])]);
    return { config: config.payments, worker, clients, ...(demo ? { demo: { token: demo.token, file: demo.file } } : {}) };
  } catch (error) {
    await worker.close();
    throw new ConfigError('configuration', 'payments.dataDir', error instanceof Error ? error.message : String(error));
  }
}

/**
 * Demo profile: a fresh IOTP client token at every start, written where only this user can read it,
 * so that even the demo's payment API is not open to whoever reaches the port.
 */
function writeDemoCredentials(dataDir: string) {
  const { token, entry } = newClientToken('demo');
  const file = join(dataDir, 'demo-credentials.json');
  writeFileSync(file, `${JSON.stringify({ note: 'demo profile only: regenerated at every start', iotpClient: entry.id, authorization: `Bearer ${token}` }, null, 2)}\n`, { mode: 0o600 });
  return { token, entry, file };
}

/** Closes the payments worker: the bridge (payment log, journal), then the host it talks to. */
async function closePayments(payments: Payments | undefined): Promise<void> {
  if (!payments) return;
  await payments.worker.close();
}

function httpBase(gateway: Gateway, config: GatewayConfig): string {
  const host = config.server.host.includes(':') ? `[${config.server.host}]` : config.server.host;
  return `${gateway.publisher.secure ? 'https' : 'http'}://${host}:${gateway.publisher.port}`;
}

// Answers on a fresh data directory (the Merchant's brand list for a 12.30 USD payment, which starts
// Merchant payment M-try-1); pasted again it gets the same answer.
const EXAMPLE_IOTP_REQUEST = `<IotpPaymentApiRequest xmlns="${API_NAMESPACE}" xml:lang="en">`
  + '<FindAcceptedPaymentBrand PayDirection="Debit" CurrCodeType="ISO4217-A" CurrCode="USD" Amount="12.30" MerchantPayId="M-try-1"/>'
  + '</IotpPaymentApiRequest>';

function paymentLines(payments: Payments, endpoint: string): string[] {
  const { config } = payments;
  const keyNote = {
    config: 'from payments.iotp.schemeKey',
    env: `from ${SCHEME_KEY_ENV}`,
    demo: `DEMO KEY, FOR TRYING OUT ONLY: set payments.iotp.schemeKey or ${SCHEME_KEY_ENV} before real payments`,
  }[config.iotp.schemeKeySource];
  return [
    `payments: IOTP Payment API (RFC 3867)  POST ${endpoint}`,
    `  CallBacks (server-sent events)  GET ${endpoint}/events`,
    `  XML-X payment host  ${payments.worker.hostUrl}${payments.worker.embeddedHost ? ' (embedded, demo accounts)' : ' (external)'}`,
    `  data directory  ${payments.worker.dataDir}`,
    `  IOTP scheme key: ${keyNote}`,
    ...(payments.demo ? [`  IOTP client token (demo profile, regenerated at every start): ${payments.demo.file}`] : [`  IOTP clients: ${config.iotp.clients.map((c) => c.id).join(', ')}`]),
    `try: curl -s ${endpoint} -H 'content-type: application/xml' -H 'authorization: ${payments.demo ? `Bearer ${payments.demo.token}` : 'Bearer <client token>'}' --data '${EXAMPLE_IOTP_REQUEST}'`,
  ];
}

function announce(gateway: Gateway, simulated: boolean, payments: Payments | undefined, config: GatewayConfig): void {
  const lines = [`xfs4iot-gateway: service discovery at ${gateway.publisher.url()}${simulated ? ' (devices: XFS 3.x simulator)' : ''}`];
  if (config.profile === 'demo') lines.push('profile: DEMO (built-in demo accounts and keys, for trying out only; a configuration file runs the production profile)');
  for (const { config, bridge } of gateway.services) lines.push(`  ${gateway.publisher.url(bridge.name)}  <- XFS 3.x ${config.class} '${config.logicalName}'${config.cashInLogicalName ? ` + CIM '${config.cashInLogicalName}' (recycler)` : ''}`);
  for (const { config, reason } of gateway.skipped) lines.push(`  not published: ${config.xfs4iotName} (${reason})`);
  const inSequence = [80, 443, ...Array.from({ length: 11 }, (_, i) => 5846 + i)].includes(gateway.publisher.port);
  lines.push(`try: npx xfs4iot-gateway call ${gateway.services[0]?.bridge.name ?? '<service>'} Common.Status${inSequence ? '' : ` --port ${gateway.publisher.port}`}`);
  if (payments) lines.push(...paymentLines(payments, `${httpBase(gateway, config)}${payments.config.iotp.prefix}`));
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** How a host other than a console (the Windows service) starts, watches and stops the gateway. */
export interface RunHooks {
  /** Resolves when the gateway is to stop (besides the stop signals). */
  stop?: Promise<void>;
  /** The gateway serves: every service published. */
  started?: () => void;
  /** A start-up failure, one line (default: standard error). */
  error?: (line: string) => void;
  /** logging.file when the configuration names none. */
  defaultLogFile?: string;
}

/** Runs the gateway; whatever fails at start-up is one line on standard error, never a stack trace. */
export async function run(args: string[], hooks: RunHooks = {}): Promise<number> {
  const report = hooks.error ?? ((line: string) => { process.stderr.write(`${line}\n`); });
  try {
    return await runGateway(args, hooks, report);
  } catch (error) {
    report(`start-up error: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
    return 1;
  }
}

async function runGateway(args: string[], hooks: RunHooks, report: (line: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { config: { type: 'string', short: 'c' }, mappings: { type: 'string' } } });
  let config: GatewayConfig;
  try {
    config = loadConfig(values.config ?? positionals[0] ?? process.env.XFS4IOT_GATEWAY_CONFIG);
  } catch (error) {
    if (error instanceof ConfigError) {
      report(`configuration error: ${error.message}`);
      return 2;
    }
    throw error;
  }
  if (config.logging.file === undefined && hooks.defaultLogFile !== undefined) config.logging.file = hooks.defaultLogFile;
  const output = await logOutput(config);
  const { log } = output;
  warnIfHeapUnbounded(log);
  const configName = values.config ?? positionals[0] ?? 'configuration';
  // A configuration fault found while starting: one line naming the file and the key, exit code 2.
  const configFault = (error: unknown): number => {
    if (!(error instanceof ConfigError)) throw error;
    report(`configuration error: ${configName}: ${error.key}: ${error.problem}`);
    return 2;
  };
  // Taken before the payment stack starts: a second gateway on this journal stops here, before it runs
  // payments beside the first one.
  let journal: OperationsJournal | undefined;
  try {
    journal = needsOperationsJournal(config) ? openOperationsJournal(config.operationsJournal, log) : undefined;
  } catch (error) {
    return configFault(error);
  }
  let payments: Payments | undefined;
  try {
    payments = config.payments.enabled ? await startPayments(config, output) : undefined;
  } catch (error) {
    journal?.close();
    return configFault(error);
  }
  const served = payments;
  const libraries = defaultLibraries(process.platform, config.xfsManager.simulator);
  const simulated = config.xfsManager.library === undefined && libraries.simulated;
  const configure = async (app: FastifyInstance) => {
    if (served) await app.register(iotpRoutes, { prefix: config.payments.iotp.prefix, bridge: served.worker, clients: served.clients });
    // Scripts and test clients drive the simulated devices here (loopback only); absent on real devices.
    if (simulated) {
      const services = logicalServices(config.services).map((s) => ({ logicalName: s.logicalName, class: s.class, xfs4iotName: s.xfs4iotName }));
      await app.register(simControlRoutes, { prefix: SIM_CONTROL_PREFIX, services, sim: SimulatorControl.load(libraries.managerLibrary), log });
    }
  };
  let manager: LegacyXfsManager;
  try {
    manager = await startManager(config);
    // The simulated dispenser keeps its notes, tray and shutter across restarts, as a real one does.
    if (simulated) {
      const stateDir = resolve(config.simulator.stateDir);
      mkdirSync(stateDir, { recursive: true });
      SimulatorControl.load(libraries.managerLibrary).setStateDir(stateDir);
    }
  } catch (error) {
    journal?.close();
    await closePayments(payments);
    throw error;
  }
  let gateway: Gateway;
  try {
    // From here the gateway owns the journal: it closes it when it stops or fails to start.
    gateway = await startGateway(config, { manager, logger: log, ...(values.mappings ? { mappingDir: values.mappings } : {}), configure, ...(journal ? { journal } : {}) });
  } catch (error) {
    await manager.shutdown();
    await closePayments(payments);
    if (error instanceof MappingError) {
      report(`mapping error: ${error.message}`);
      return 2;
    }
    return configFault(error);
  }
  announce(gateway, simulated, payments, config);
  if (simulated && config.simulator.demoCard) {
    const readers = gateway.services.filter((s) => s.config.class === 'IDC').map((s) => s.config.logicalName);
    startSimulatedCustomer(readers, log);
    process.stdout.write('simulator: a test card waits at the slot of every card reader (simulator.demoCard)\n');
  }
  // A developer at a terminal drives the simulated devices (insert a card, take notes, press PIN keys,
  // make the next command fail...) from the same console; a service manager's stdin is no terminal.
  const detachConsole = simulated && process.stdin.isTTY ? attachSimulatorConsole(process.stdin, process.stdout) : undefined;
  if (detachConsole) process.stdout.write("simulator console: type 'help' for the commands that drive the simulated devices\n");
  if (simulated) {
    const inSequence = [80, 443, ...Array.from({ length: 11 }, (_, i) => 5846 + i)].includes(gateway.publisher.port);
    const flags = `${gateway.publisher.secure ? ' --secure' : ''}${inSequence ? '' : ` --port ${gateway.publisher.port}`}`;
    process.stdout.write(`simulator control (this machine only): POST ${httpBase(gateway, config)}${SIM_CONTROL_PREFIX}/<logicalName>/<verb>; try: npx xfs4iot-gateway sim${flags} list\n`);
  }
  hooks.started?.();
  await new Promise<void>((resolve) => {
    for (const signal of stopSignals()) process.once(signal, resolve);
    void hooks.stop?.then(resolve);
  });
  // The server first (no new IOTP or XFS4IoT requests; in-flight ones finish), then the bridge's payment
  // log and journal, then the host it was talking to, then the devices.
  detachConsole?.();
  await gateway.close();
  await closePayments(payments);
  await manager.shutdown();
  log.info('gateway stopped: server closed, payment journals closed, devices released');
  output.flush();
  return 0;
}

export { HEAP_FLAGS } from './heap-flags.ts';

/**
 * Without a heap bound V8 lets a flood of garbage (32 clients that send and never read) grow the
 * process to 300-600 MB and keeps the freed pages for about 30 s; with HEAP_FLAGS it stayed under
 * 200 MB (bench:xfs4iot), about five times the largest live heap measured.
 */
function warnIfHeapUnbounded(log: Logger): void {
  const limitMb = Math.round(getHeapStatistics().heap_size_limit / (1024 * 1024));
  if (limitMb > 1024) log.warn({ heapLimitMb: limitMb, flags: HEAP_FLAGS.join(' ') }, 'the JavaScript heap is not bounded: start node with these flags (README, Deploying on an ATM)');
  else log.info({ heapLimitMb: limitMb }, 'JavaScript heap limit');
}

/**
 * Signals that stop the gateway gracefully. On Windows, Ctrl+Break (SIGBREAK) and closing the console
 * window (SIGHUP) would otherwise end node.exe without closing the journals; SIGTERM is never
 * delivered there but stays harmless.
 */
export function stopSignals(platform: NodeJS.Platform = process.platform): NodeJS.Signals[] {
  return platform === 'win32' ? ['SIGINT', 'SIGTERM', 'SIGBREAK', 'SIGHUP'] : ['SIGINT', 'SIGTERM'];
}

// Run as the main module (node dist/main.js, npm start) rather than imported by the CLI. Compared as real
// paths: a symlinked install, a space in the path or a Windows drive letter must still start.
const script = process.argv[1];
if (script && existsSync(script) && realpathSync(script) === fileURLToPath(import.meta.url)) {
  process.exitCode = await run(process.argv.slice(2));
}
