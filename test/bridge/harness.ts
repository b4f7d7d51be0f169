// A gateway on the simulator for the bridge tests: real XFS Manager path (koffi, pump, sessions),
// real publisher on an ephemeral port, real WebSocket client. Each gateway gets its own simulated
// logical service, so cases never share device state.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { Logger } from 'pino';
import { LegacyXfsManager } from '../../src/legacy-xfs3/manager.ts';
import { SimulatorControl, simulatorLibraries } from '../../src/legacy-xfs3/simulator-control.ts';
import { recordConformance } from '../fixtures/conformance.ts';
import { Xfs4IotClient, type Message } from '../../src/xfs4iot/client.ts';
import { createLogger } from '../../src/xfs4iot/logger.ts';
import { parseConfig } from '../../src/config/load.ts';
import { startGateway, type Gateway } from '../../src/bridge/gateway.ts';
import type { MappingUsage } from '../../src/bridge/usage.ts';
import { SIM_CONTROL_PREFIX, simControlRoutes } from '../../src/bridge/sim-control.ts';

export type SimVersion = 'idc330' | 'idc300';

let manager: Promise<LegacyXfsManager> | undefined;
let serial = 0;

export function sharedManager(): Promise<LegacyXfsManager> {
  manager ??= LegacyXfsManager.start({
    ...simulatorLibraries(),
    appId: 'bridge-tests',
    reopen: { initialDelayMs: 20, maxDelayMs: 200 },
  });
  return manager;
}

export async function shutdownManager(): Promise<void> {
  if (manager) await (await manager).shutdown();
  manager = undefined;
}

/** Log lines as parsed JSON objects, for assertions on warnings (and on the absence of card data). */
export class LogCapture {
  readonly lines: Array<Record<string, unknown>> = [];
  readonly raw: string[] = [];
  readonly logger: Logger;

  constructor(level = 'debug') {
    const sink = new Writable({
      write: (chunk: Buffer, _encoding, done) => {
        for (const line of chunk.toString('utf8').split('\n')) {
          if (!line) continue;
          this.raw.push(line);
          this.lines.push(JSON.parse(line) as Record<string, unknown>);
        }
        done();
      },
    });
    this.logger = createLogger({ level }, sink);
  }

  warnings(): string[] {
    return this.lines.filter((line) => Number(line.level) >= 40).map((line) => String(line.msg));
  }
}

export interface TestGateway {
  gateway: Gateway;
  client: Xfs4IotClient;
  sim: SimulatorControl;
  logicalName: string;
  log: LogCapture;
  unsolicited: Message[];
  close(): Promise<void>;
}

/** What a gateway on one simulated logical service of one 3.x class needs to know. */
export type SimClass = Parameters<SimulatorControl['addService']>[1];

export interface ClassGatewaySpec {
  cls: SimClass;
  xfs3Version: string;
  xfs4iotName: string;
  validateOutgoing: boolean;
  usage?: MappingUsage;
  log?: LogCapture;
  configLogLevel?: string;
  /** Shapes the simulated service before the gateway opens it (e.g. a document printer). */
  prepare?: (sim: SimulatorControl, logicalName: string) => void;
  /** Configuration sections besides services (e.g. limits, server.publicHost). */
  config?: { server?: Record<string, unknown>; limits?: Record<string, unknown>; xfsManager?: Record<string, unknown>; service?: Record<string, unknown> };
  /** The operations journal file (default: a new temporary file, deleted at close). */
  journalPath?: string;
  /** Serve the simulator control endpoint (/simulator) as `npm start` does on the simulator. */
  simControl?: boolean;
  /** More simulated services published beside the one under test (their logical names: `<cls>_<pid>_<n>`). */
  companions?: Array<{ cls: SimClass; xfs3Version: string; xfs4iotName: string }>;
}

export async function startClassGateway(spec: ClassGatewaySpec): Promise<TestGateway> {
  const sim = SimulatorControl.load();
  const logicalName = `${spec.cls}_${process.pid}_${++serial}`;
  sim.addService(logicalName, spec.cls, spec.xfs3Version);
  spec.prepare?.(sim, logicalName);
  const companions = (spec.companions ?? []).map((c) => {
    const name = `${c.cls}_${process.pid}_${++serial}`;
    sim.addService(name, c.cls, c.xfs3Version);
    return { logicalName: name, class: c.cls, xfs4iotName: c.xfs4iotName, statusPollMs: 0, openTimeoutMs: 5000 };
  });
  const journalDir = spec.journalPath === undefined ? mkdtempSync(join(tmpdir(), 'ops-journal-')) : undefined;
  const config = parseConfig({
    services: [{ logicalName, class: spec.cls, xfs4iotName: spec.xfs4iotName, statusPollMs: 0, openTimeoutMs: 5000, ...spec.config?.service }, ...companions],
    operationsJournal: { path: spec.journalPath ?? join(journalDir ?? '', 'operations.db') },
    server: { port: 0, ...spec.config?.server },
    ...(spec.config?.limits ? { limits: spec.config.limits } : {}),
    ...(spec.config?.xfsManager ? { xfsManager: spec.config.xfsManager } : {}),
    payments: { enabled: false },
    logging: { level: spec.configLogLevel ?? 'debug' },
  });
  const log = spec.log ?? new LogCapture();
  const services = config.services.map((s) => ({ logicalName: s.logicalName, class: s.class, xfs4iotName: s.xfs4iotName }));
  const gateway = await startGateway(config, {
    manager: await sharedManager(), logger: log.logger, usage: spec.usage, validateOutgoing: spec.validateOutgoing,
    ...(spec.simControl ? { configure: async (app) => { await app.register(simControlRoutes, { prefix: SIM_CONTROL_PREFIX, services, sim, log: log.logger }); } } : {}),
  });
  const client = await Xfs4IotClient.connect(gateway.publisher.url(spec.xfs4iotName));
  recordConformance(client.socket);
  const unsolicited: Message[] = [];
  client.onUnsolicited((message) => unsolicited.push(message));
  return {
    gateway, client, sim, logicalName, log, unsolicited,
    close: async () => {
      await client.close();
      await gateway.close();
      if (journalDir !== undefined) rmSync(journalDir, { recursive: true, force: true });
    },
  };
}

export function startTestGateway(version: SimVersion, usage?: MappingUsage): Promise<TestGateway> {
  return startClassGateway({ cls: 'IDC', xfs3Version: version === 'idc330' ? '3.30' : '3.00', xfs4iotName: 'cardreader', validateOutgoing: false, usage });
}

/** Subset match: every property of `expected` is in `actual` with a matching value; arrays match element by element. */
export function matches(actual: unknown, expected: unknown): boolean {
  if (expected === null || typeof expected !== 'object') return actual === expected;
  if (Array.isArray(expected)) {
    return Array.isArray(actual) && actual.length === expected.length && expected.every((item, i) => matches(actual[i], item));
  }
  if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return false;
  return Object.entries(expected).every(([key, value]) => matches((actual as Record<string, unknown>)[key], value));
}

export function valueAt(object: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), object);
}

export async function waitFor<T>(probe: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
