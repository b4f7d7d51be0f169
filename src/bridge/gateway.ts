// Composition of the XFS 3.x bridge: one bridge service per configured logical service, all published
// by one XFS4IoT service publisher. The caller owns the XFS Manager (one per process).
import { readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import { isLoopback, startPublisher, type PublisherOptions, type ServicePublisher } from '../xfs4iot/publisher.ts';
import { EngineError, ERRORS } from '../xfs4iot/errors.ts';
import type { XfsManager, XfsServiceClass, XfsSession } from '../legacy-xfs3/types.ts';
import type { GatewayConfig, ServiceConfig } from '../config/types.ts';
import { ConfigError } from '../config/load.ts';
import { BridgeService } from './bridge-service.ts';
import { RecyclerService } from './recycler/recycler-service.ts';
import type { ServiceDefinition, StatusStore } from '../xfs4iot/backend.ts';
import { openOperationsJournal } from './operations-startup.ts';
import type { OperationsJournal } from './operations-journal.ts';
import type { ClassBinding } from './class-binding.ts';
import { DeviceGate } from './coordinator.ts';
import { bcrBinding } from './bcr/index.ts';
import { camBinding } from './cam/index.ts';
import { ttuBinding } from './ttu/index.ts';
import { vdmBinding } from './vdm/index.ts';
import { cdmBinding } from './cdm/index.ts';
import { cimBinding } from './cim/index.ts';
import { idcBinding } from './idc/index.ts';
import { pinBinding } from './pin/index.ts';
import { ptrBinding } from './ptr/index.ts';
import { siuBinding } from './siu/index.ts';
import { loadMappings } from './mapping-loader.ts';
import type { MappingSet } from './mapping-types.ts';
import { MappingUsage } from './usage.ts';

export const gatewayVersion = '0.1.0';

// Each 3.x class the bridge can publish. CDM, PIN, ... join here with their mapping files.
export const classBindings: Partial<Record<XfsServiceClass, ClassBinding<unknown, unknown>>> = {
  IDC: idcBinding as unknown as ClassBinding<unknown, unknown>,
  CDM: cdmBinding as unknown as ClassBinding<unknown, unknown>,
  CIM: cimBinding as unknown as ClassBinding<unknown, unknown>,
  PIN: pinBinding as unknown as ClassBinding<unknown, unknown>,
  PTR: ptrBinding as unknown as ClassBinding<unknown, unknown>,
  SIU: siuBinding as unknown as ClassBinding<unknown, unknown>,
  BCR: bcrBinding as unknown as ClassBinding<unknown, unknown>,
  CAM: camBinding as unknown as ClassBinding<unknown, unknown>,
  TTU: ttuBinding as unknown as ClassBinding<unknown, unknown>,
  VDM: vdmBinding as unknown as ClassBinding<unknown, unknown>,
};

export interface GatewayOptions {
  manager: XfsManager;
  logger: Logger;
  /** Replaces the XFS4IoT port sequence (tests use [0]). */
  ports?: readonly number[];
  mappingDir?: string;
  /** Outgoing messages checked against their schemas (tests). */
  validateOutgoing?: boolean;
  /** Records the mapping entries used (tests share one across gateways). */
  usage?: MappingUsage;
  /** Extra routes on the gateway's server before it listens (the IOTP Payment API). */
  configure?: PublisherOptions['configure'];
  /**
   * The operations journal, opened by the caller (main opens it before the payment stack, so that a
   * second gateway on the same journal stops before it starts anything); the gateway closes it.
   */
  journal?: OperationsJournal;
}

/** A published class moves cash or media: the gateway needs its operations journal (a card reader alone writes none). */
export function needsOperationsJournal(config: GatewayConfig): boolean {
  return config.services.some((s) => classBindings[s.class]?.journaledCommands !== undefined);
}

/** What the gateway publishes per configured service: a bridge service or a recycler composed of two. */
export interface PublishedBridge {
  readonly name: string;
  readonly store: StatusStore;
  definition(): ServiceDefinition;
  start(): Promise<void>;
  close(): Promise<void>;
}

export interface PublishedService {
  config: ServiceConfig;
  bridge: PublishedBridge;
}

export interface Gateway {
  readonly publisher: ServicePublisher;
  readonly services: PublishedService[];
  /** Services of the configuration that are not published, and why. */
  readonly skipped: Array<{ config: ServiceConfig; reason: string }>;
  readonly usage: MappingUsage;
  readonly mappings: MappingSet;
  close(): Promise<void>;
}

function readTlsFile(key: string, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new ConfigError('configuration', key, `cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}

type TlsConfig = NonNullable<GatewayConfig['server']['tls']>;

/** Reads the TLS files (their combination was checked with the configuration). */
function readTls(tls: TlsConfig) {
  return {
    ...(tls.pfx !== undefined ? { pfx: readTlsFile('server.tls.pfx', tls.pfx) } : {}),
    ...(tls.cert !== undefined ? { cert: readTlsFile('server.tls.cert', tls.cert) } : {}),
    ...(tls.key !== undefined ? { key: readTlsFile('server.tls.key', tls.key) } : {}),
    ...(tls.passphrase !== undefined ? { passphrase: tls.passphrase } : {}),
    ...(tls.ca !== undefined ? { ca: readTlsFile('server.tls.ca', tls.ca) } : {}),
  };
}

/**
 * Off loopback, whoever reaches the port is a stranger: the endpoints then need TLS with client
 * certificates (server.tls.ca), unless the operator states that the network is the ATM's own
 * (server.allowPlainRemote); even then, cash moves only for authenticated connections.
 */
function checkExposure(server: GatewayConfig['server']): void {
  if (isLoopback(server.host) || server.allowPlainRemote) return;
  if (server.tls === undefined) {
    throw new ConfigError('configuration', 'server.host', `${server.host} is not a loopback address: set server.tls with server.tls.ca (client certificates), or server.allowPlainRemote inside a secured ATM`);
  }
  if (server.tls.ca === undefined) {
    throw new ConfigError('configuration', 'server.tls.ca', `is required when server.host (${server.host}) is not a loopback address: remote clients must present certificates`);
  }
}

const TLS_ERROR = /^ERR_OSSL|^ERR_TLS|PEM|key values mismatch|mac verify failure|bad decrypt/i;

/** A bind or TLS failure at start-up as a configuration error naming its key; anything else as it is. */
function startError(error: unknown, explicitPort: boolean): unknown {
  if (error instanceof EngineError && error.code === ERRORS.NO_FREE_PORT.code) {
    const onlyUnavailable = /^(\d+:EADDRNOTAVAIL(, )?)+$/.test(error.message.slice(error.message.indexOf(': ') + 2));
    return new ConfigError('configuration', onlyUnavailable ? 'server.host' : 'server.port', onlyUnavailable ? 'is not an address of this machine (EADDRNOTAVAIL)' : `cannot be bound (${error.message})`);
  }
  const code = (error as NodeJS.ErrnoException).code ?? '';
  const message = (error as Error).message ?? String(error);
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new ConfigError('configuration', 'server.host', `cannot be bound (${code})`);
  if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EPERM') return new ConfigError('configuration', explicitPort ? 'server.port' : 'server.host', `cannot be bound (${code})`);
  if (TLS_ERROR.test(code) || TLS_ERROR.test(message)) return new ConfigError('configuration', 'server.tls', `the certificate, key or passphrase cannot be used (${message})`);
  return error;
}

async function openService(config: ServiceConfig, manager: XfsManager, registerEvents = true): Promise<XfsSession> {
  return manager.open(config.logicalName, config.versions, { timeout: config.openTimeoutMs, serviceClass: config.class, registerEvents });
}

export async function startGateway(config: GatewayConfig, options: GatewayOptions): Promise<Gateway> {
  const usage = options.usage ?? new MappingUsage();
  const log = options.logger;
  const services: PublishedService[] = [];
  const skipped: Gateway['skipped'] = [];
  let journal = options.journal;
  let mappings: MappingSet;
  let publisher: ServicePublisher;
  try {
    // Configuration faults that need no device or journal come first: a refused start leaves nothing open.
    mappings = loadMappings(options.mappingDir);
    checkExposure(config.server);
    const tls = config.server.tls && readTls(config.server.tls);
    journal ??= needsOperationsJournal(config) ? openOperationsJournal(config.operationsJournal, log) : undefined;
    const devices = new DeviceGate();
    const bridgeOf = (service: ServiceConfig, binding: ClassBinding<unknown, unknown>, logicalName: string, serviceClass: XfsServiceClass) => {
      const own = { ...service, logicalName, class: serviceClass };
      const beside = binding.besideResources !== undefined && service.cryptoSession !== false;
      const source = {
        logicalName,
        open: () => openService(own, options.manager),
        ...(beside ? { openBeside: () => openService(own, options.manager, false) } : {}),
      };
      return new BridgeService(binding, mappings, source, {
        name: service.xfs4iotName, logger: log, usage, gatewayVersion, statusPollMs: service.statusPollMs,
        openRetry: { initialDelayMs: config.xfsManager.reopenInitialDelayMs, maxDelayMs: config.xfsManager.reopenMaxDelayMs },
        timeouts: config.xfsManager.timeouts,
        ...(journal ? { journal } : {}),
        devices,
      });
    };
    for (const service of config.services) {
      const binding = classBindings[service.class];
      if (!binding) {
        skipped.push({ config: service, reason: `XFS 3.x class ${service.class} is not bridged yet` });
        continue;
      }
      const bridge = bridgeOf(service, binding, service.logicalName, service.class);
      if (service.cashInLogicalName === undefined) {
        services.push({ config: service, bridge });
        continue;
      }
      if (!mappings.recycler) throw new ConfigError('configuration', 'services.cashInLogicalName', 'the mapping directory has no recycler.json');
      const acceptor = bridgeOf(service, classBindings.CIM as ClassBinding<unknown, unknown>, service.cashInLogicalName, 'CIM');
      services.push({ config: service, bridge: new RecyclerService({ cdm: bridge, cim: acceptor }, mappings.recycler, usage, log.child({ service: service.xfs4iotName })) });
    }
    for (const { config: service, reason } of skipped) log.error({ logicalName: service.logicalName, service: service.xfs4iotName }, `service not published: ${reason}`);
    try {
      publisher = await startPublisher({
        services: services.map((entry) => entry.bridge.definition()),
        vendorName: config.server.vendorName,
        ...(config.server.publicHost !== undefined ? { publicHost: config.server.publicHost } : {}),
        host: config.server.host,
        ...(config.server.port !== undefined ? { port: config.server.port } : {}),
        ...(options.ports ? { ports: options.ports } : {}),
        ...(tls ? { tls } : {}),
        allowInsecure: config.server.allowPlainRemote,
        limits: config.limits,
        logger: log,
        validateOutgoing: options.validateOutgoing ?? false,
        ...(options.configure ? { configure: options.configure } : {}),
      });
    } catch (error) {
      await Promise.all(services.map((entry) => entry.bridge.close().catch(() => undefined)));
      throw startError(error, config.server.port !== undefined);
    }
  } catch (error) {
    // Whoever opened it, the journal's writer lock goes with a refused start: a corrected start in
    // this process (or the next one) must not find it held.
    journal?.close();
    throw error;
  }
  // Published first, so clients can connect while slow devices start (they see device "starting").
  await Promise.all(services.map((entry) => entry.bridge.start()));

  return {
    publisher, services, skipped, usage, mappings,
    close: async () => {
      await publisher.close();
      journal?.close();
    },
  };
}
