// The service publisher: one fastify server on one port for all services (seed 2.2.3), discovery at
// /xfs4iot/v1.0, services at /xfs4iot/v1.0/<name>, anything else HTTP 404 without upgrade.
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import Fastify, { type FastifyInstance } from 'fastify';
import websocket from '@fastify/websocket';
import type { Logger } from 'pino';
import type { WebSocket } from 'ws';
import type { ServiceDefinition, ServiceHandle } from './backend.ts';
import { commonInterface } from './common-interface.ts';
import { Connection } from './connection.ts';
import type { UnsolicitedRequestId } from './encode.ts';
import { EngineError, ERRORS } from './errors.ts';
import { DEFAULT_LIMITS, type EngineLimits } from './limits.ts';
import { LogLimiter } from './log-limiter.ts';
import { silentLogger } from './logger.ts';
import { bindFirstFree, portSequence } from './port-sequence.ts';
import { servicePublisherInterface } from './publisher-interface.ts';
import { ServiceHost } from './service-host.ts';
import { StatusStore } from './status-store.ts';

export const API_PATH = '/xfs4iot/v1.0';
const SERVICE_NAME = /^[a-z0-9][a-z0-9._~-]*$/;
const WILDCARD = new Set(['0.0.0.0', '::', '::0', '[::]']);

function hostPart(host: string): string {
  const bare = host.startsWith('::ffff:') && host.includes('.') ? host.slice(7) : host;
  return bare.includes(':') && !bare.startsWith('[') ? `[${bare}]` : bare;
}

export interface PublisherOptions {
  readonly services: readonly ServiceDefinition[];
  readonly vendorName?: string;
  /** Address to bind; default 127.0.0.1. */
  readonly host?: string;
  /** Explicit port (0 = ephemeral); when absent the port sequence is used. */
  readonly port?: number;
  /** Replaces the seed's port sequence (tests, or sites that reserve other ports). */
  readonly ports?: readonly number[];
  /**
   * TLS: the publisher serves wss. With `ca`, clients are asked for a certificate; a connection whose
   * certificate verifies against `ca` is authenticated (may move cash), one without stays read-only.
   * `pfx` (+ `passphrase`) instead of `cert`/`key`, as Windows operators keep them.
   */
  readonly tls?: {
    readonly key?: string | Buffer; readonly cert?: string | Buffer; readonly pfx?: Buffer; readonly passphrase?: string; readonly ca?: string | Buffer;
  };
  /** Allows plain ws on a non-loopback address (only inside a physically secured enclosure). */
  readonly allowInsecure?: boolean;
  /**
   * Host name put in service URIs (with the bound port); default: the bound address, or for a
   * wildcard bind the local address the client reached. Never the client's Host header.
   */
  readonly publicHost?: string;
  readonly limits?: Partial<EngineLimits>;
  /** See README: requestId of unsolicited messages, omitted (default) or 0. */
  readonly unsolicitedRequestId?: UnsolicitedRequestId;
  /** Checks backend completions against their schemas (tests); off on the hot path by default. */
  readonly validateOutgoing?: boolean;
  readonly logger?: Logger;
  /** Runs before the server listens: register extra routes or plugins (e.g. the IOTP bridge's POST routes). */
  readonly configure?: (app: FastifyInstance) => void | Promise<void>;
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.') || host.startsWith('::ffff:127.');
}

/** A client on this machine, or one whose certificate verified against the configured CA. */
function isAuthenticated(tcp: Socket): boolean {
  if (tcp.remoteAddress !== undefined && isLoopback(tcp.remoteAddress)) return true;
  return (tcp as TLSSocket).authorized === true;
}

export class ServicePublisher {
  /** The fastify instance: register extra routes/plugins (e.g. the IOTP bridge) before `listen()`. */
  readonly app: FastifyInstance;
  readonly limits: EngineLimits;
  readonly log: Logger;
  private readonly hosts = new Map<string, ServiceHost>();
  private readonly connections = new Map<number, Connection>();
  private readonly discovery: ServiceHost;
  private readonly limiter: LogLimiter;
  private boundPort = 0;

  constructor(private readonly options: PublisherOptions) {
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    if (options.limits?.maxConnectionsPerService === undefined) this.limits = { ...this.limits, maxConnectionsPerService: this.limits.maxConnections };
    this.log = options.logger ?? silentLogger();
    this.limiter = new LogLimiter(this.log, { intervalMs: this.limits.logIntervalMs, burst: this.limits.logBurst });
    const bindHost = options.host ?? '127.0.0.1';
    if (!options.tls && !options.allowInsecure && !isLoopback(bindHost)) {
      throw new EngineError('INSECURE_NOT_LOOPBACK', bindHost);
    }
    for (const def of options.services) this.addService(def);
    this.discovery = new ServiceHost({
      name: '', status: new StatusStore({ common: { device: 'online' } }), log: this.log,
      limiter: this.limiter,
      interfaces: [servicePublisherInterface({
        vendorName: options.vendorName ?? 'xfs4iot-gateway',
        serviceUris: (id) => this.serviceUris(this.connections.get(id)),
      })],
      unsolicitedRequestId: options.unsolicitedRequestId ?? 'omit', validateOutgoing: options.validateOutgoing ?? false,
    });
    this.app = Fastify({
      logger: false,
      ...(options.tls ? { https: { ...options.tls, ...(options.tls.ca ? { requestCert: true, rejectUnauthorized: false } : {}) } } : {}),
    });
    this.app.register(websocket, { options: { maxPayload: this.limits.maxMessageBytes } });
    this.app.register(async (app) => {
      app.get(API_PATH, { websocket: true }, (socket, req) => this.onSocket(socket, this.discovery, req.raw.socket));
      app.get<{ Params: { service: string } }>(`${API_PATH}/:service`, {
        websocket: true,
        preValidation: async (req, reply) => {
          if (!this.hosts.has(req.params.service)) await reply.code(404).send();
        },
      }, (socket, req) => this.onSocket(socket, this.hosts.get(req.params.service) as ServiceHost, req.raw.socket));
    });
  }

  get port(): number {
    return this.boundPort;
  }

  get secure(): boolean {
    return this.options.tls !== undefined;
  }

  /** Discovery URI, or a service URI when `service` is given. */
  url(service?: string): string {
    const host = this.options.publicHost ?? this.options.host ?? '127.0.0.1';
    return `${this.secure ? 'wss' : 'ws'}://${hostPart(host)}:${this.boundPort}${API_PATH}${service ? `/${service}` : ''}`;
  }

  /** Open WebSocket connections (discovery and services). */
  get connectionCount(): number {
    return this.connections.size;
  }

  service(name: string): ServiceHost | undefined {
    return this.hosts.get(name);
  }

  async listen(): Promise<number> {
    const host = this.options.host ?? '127.0.0.1';
    const ports = this.options.port !== undefined ? [this.options.port] : (this.options.ports ?? portSequence(this.secure));
    await this.options.configure?.(this.app);
    await this.app.ready();
    this.boundPort = await bindFirstFree(ports, async (port) => {
      await this.app.listen({ port, host });
      const address = this.app.server.address();
      return typeof address === 'object' && address ? address.port : port;
    });
    this.log.info({ port: this.boundPort, secure: this.secure, services: [...this.hosts.keys()] }, 'service publisher listening');
    return this.boundPort;
  }

  async close(): Promise<void> {
    for (const host of this.hosts.values()) host.shutdown();
    for (const conn of this.connections.values()) conn.close('GOING_AWAY');
    this.limiter.flushAll();
    await this.app.close();
    for (const def of this.options.services) await def.close?.();
  }

  /** Publishes another service; allowed after `listen()` (e.g. a device whose 3.x session opened late). */
  addService(def: ServiceDefinition): void {
    if (!SERVICE_NAME.test(def.name)) throw new EngineError('BAD_SERVICE_DEFINITION', `service name '${def.name}' must be lower case`);
    if (this.hosts.has(def.name)) throw new EngineError('BAD_SERVICE_DEFINITION', `duplicate service ${def.name}`);
    const log = this.log.child({ service: def.name });
    const common = commonInterface({
      host: () => host,
      connection: (id) => this.connections.get(id),
      definition: def,
      maxPendingPerConnection: this.limits.maxPendingPerConnection,
    });
    const host: ServiceHost = new ServiceHost({
      name: def.name, interfaces: [common, ...def.interfaces], status: def.status, log, limiter: this.limiter,
      unsolicitedRequestId: this.options.unsolicitedRequestId ?? 'omit', validateOutgoing: this.options.validateOutgoing ?? false,
      ...(def.connectionClosed ? { connectionClosed: (id: number) => def.connectionClosed?.(id) } : {}),
    });
    this.hosts.set(def.name, host);
    const running = host;
    const handle: ServiceHandle = {
      name: def.name,
      log,
      emitUnsolicited: (name, payload) => running.emitUnsolicited(name, payload),
      emitError: (eventId, action, vendorDescription) => running.emitUnsolicited('Common.ErrorEvent', {
        eventId, action, ...(vendorDescription !== undefined ? { vendorDescription } : {}),
      }),
    };
    void Promise.resolve(def.attach?.(handle)).catch((err: unknown) => log.error({ err: String(err) }, 'service attach failed'));
  }

  private onSocket(socket: WebSocket, host: ServiceHost, tcp: Socket): void {
    if (!this.admit(host)) {
      const entry = ERRORS.TOO_MANY_CONNECTIONS;
      this.limiter.write('warn', entry.code, { code: entry.code, service: host.name || 'discovery', open: this.connections.size }, entry.text);
      socket.close(entry.close, entry.text);
      return;
    }
    const authority = this.authorityFor(tcp);
    const conn = new Connection(socket, {
      accept: (c, cmd) => host.accept(c, cmd),
      disconnected: (c) => {
        this.connections.delete(c.id);
        this.log.info({ connection: c.id, service: host.name || 'discovery', pending: c.active.size }, 'client disconnected');
        host.disconnected(c);
      },
      endpoint: host,
    }, this.limits, this.log, { authority, secure: this.secure, authenticated: isAuthenticated(tcp) }, this.limiter);
    this.connections.set(conn.id, conn);
    host.attach(conn);
    this.log.info({ connection: conn.id, service: host.name || 'discovery', open: this.connections.size }, 'client connected');
  }

  /**
   * Admission (issue 12, item 2). Discovery has a budget of its own; services share one and each has
   * its own ceiling. When the budget a new socket needs is full, the oldest connection that has been
   * open idleGraceMs without a single valid command is closed to make room; only when there is none is
   * the newcomer refused (1013). So idle sockets cannot lock out a client that talks, nor discovery.
   */
  private admit(host: ServiceHost): boolean {
    const all = [...this.connections.values()];
    const discovery = host === this.discovery;
    const pools: Connection[][] = discovery
      ? [all.filter((c) => c.host.endpoint === this.discovery)]
      : [all.filter((c) => c.host.endpoint === host), all.filter((c) => c.host.endpoint !== this.discovery)];
    const budgets = discovery ? [this.limits.maxDiscoveryConnections] : [this.limits.maxConnectionsPerService, this.limits.maxConnections];
    const now = Date.now();
    for (let i = 0; i < pools.length; i++) {
      if (pools[i].length < budgets[i]) continue;
      const idle = pools[i].filter((c) => !c.spoken && now - c.openedAt >= this.limits.idleGraceMs).sort((a, b) => a.openedAt - b.openedAt);
      const victim = idle[0];
      if (!victim) return false;
      victim.close('IDLE_EVICTED');
    }
    return true;
  }

  /**
   * The API chapter wants full URIs, machine name and port included. They come from configuration
   * (publicHost, else the bound address) and the bound port, so a client's Host header (which omits
   * port 80, and which anybody can forge) never shapes them; a wildcard bind uses the local address
   * the client actually reached.
   */
  private authorityFor(tcp: Socket | undefined): string {
    const bound = this.options.host ?? '127.0.0.1';
    const host = this.options.publicHost ?? (WILDCARD.has(bound) ? (tcp?.localAddress ?? '127.0.0.1') : bound);
    return `${hostPart(host)}:${this.boundPort}`;
  }

  private serviceUris(conn: Connection | undefined): string[] {
    const scheme = this.secure ? 'wss' : 'ws';
    const authority = conn?.authority ?? this.authorityFor(undefined);
    return [...this.hosts.keys()].map((name) => `${scheme}://${authority}${API_PATH}/${name}`);
  }
}

/** Creates and starts a publisher. */
export async function startPublisher(options: PublisherOptions): Promise<ServicePublisher> {
  const publisher = new ServicePublisher(options);
  await publisher.listen();
  return publisher;
}
