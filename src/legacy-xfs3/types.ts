/**
 * The contract between the XFS 3.x device layer and its users (the bridge).
 *
 * ## Opening
 * `const session = await manager.open(logicalName, { low: '3.00', high: '3.30' })`
 * resolves once WFS_OPEN_COMPLETE arrived and the window of the pump is registered for all event
 * classes. The version the service provider negotiated (`session.version`) chooses the struct
 * layouts of every later encode/decode, so callers never see version differences except that
 * fields added by a later 3.x version are `undefined` on an older service.
 * `open` rejects with an {@link XfsError} when the service cannot be opened (unknown logical name,
 * version mismatch, connection lost); nothing else in the session API throws for device failures.
 *
 * ## Commands and queries
 * `execute(command, data, options)` and `getInfo(category, query, options)` take and return plain
 * JS objects (per-class types in idc/types.ts / cdm/types.ts, keyed by the 3.x constant name, for
 * example `'WFS_CMD_IDC_READ_RAW_DATA'`). They always resolve with an {@link XfsCompletion}:
 * `ok` is true exactly when hResult is WFS_SUCCESS; otherwise `code` is the numeric 3.x hResult
 * and `name` its symbolic name, generic (`WFS_ERR_TIMEOUT`) or class-specific
 * (`WFS_ERR_IDC_NOMEDIA`). Failures that happen before anything reached the service (bad input,
 * session offline or closed) carry `origin: 'gateway'` and a `detail` text; nothing was sent.
 * - `timeout` (ms) is given to the service provider as dwTimeOut; it completes with
 *   WFS_ERR_TIMEOUT. A local guard cancels the request if the provider does not honour it.
 * - `signal` (AbortSignal) calls WFSCancelAsyncRequest; the completion then carries
 *   WFS_ERR_CANCELED (or the real result if the device finished first).
 * - `onEvent` receives the WFS_EXECUTE_EVENTs raised for this very request (matched by RequestID),
 *   in order, before the completion resolves.
 *
 * ## Events
 * `session.on('event', ev)` receives every execute, service, user and system event of the
 * service (execute events also go to the `onEvent` of their request). `session.on('state', s)`
 * reports 'online' | 'offline' | 'closed'. When the provider is lost (WFS_ERR_CONNECTION_LOST in
 * any result or returned by a call; after WFS_SYSE_UNDELIVERABLE_MSG a status query checks) or
 * the pump thread dies, the session goes 'offline', completes every pending request with
 * WFS_ERR_CONNECTION_LOST (origin 'gateway': the outcome on the device is unknown) and reopens
 * with exponential backoff, going 'online' again (new hService, same object). While offline,
 * requests complete at once with WFS_ERR_CONNECTION_LOST and nothing is sent.
 *
 * ## Closing
 * `close()` cancels what is pending, deregisters and calls WFSAsyncClose; the session ends in
 * 'closed'. Every WFSRESULT received is freed with WFSFreeResult exactly once, whether or not
 * anyone still waits for it.
 */
import type { EventEmitter } from 'node:events';

/** 3.x service classes; the simulator implements IDC and CDM today. */
export type XfsServiceClass = 'IDC' | 'CDM' | 'CIM' | 'PIN' | 'PTR' | 'SIU' | 'TTU' | 'BCR' | 'CAM' | 'VDM';

/** "3.30" style text; major.minor with two minor digits. */
export type XfsVersionText = `${number}.${number}`;

export interface VersionRange {
  low: XfsVersionText;
  high: XfsVersionText;
}

/** A negotiated version, e.g. { major: 3, minor: 30, word: 0x1e03, text: '3.30' }. */
export interface XfsVersion {
  major: number;
  minor: number;
  /** The 3.x version word: major in the low byte, minor in the high byte. */
  word: number;
  text: string;
}

/** What WFSOpen reported about the service and SPI (WFSVERSION, decoded). */
export interface XfsVersionInfo {
  version: XfsVersion;
  low: XfsVersion;
  high: XfsVersion;
  description: string;
  systemStatus: string;
}

export type CompletionOrigin = 'service' | 'gateway';

export interface XfsCompletion<T> {
  ok: boolean;
  /** hResult: 0 for success, negative 3.x error code otherwise. */
  code: number;
  /** Symbolic name of `code`, e.g. 'WFS_SUCCESS', 'WFS_ERR_CANCELED', 'WFS_ERR_IDC_NOMEDIA'. */
  name: string;
  /** RequestID given by the XFS Manager; 0 when the request never reached it. */
  requestId: number;
  /** The command code or info category. */
  commandCode: number;
  /** Decoded output; present on success and, for commands whose errors still carry output, on failure. */
  data: T | undefined;
  origin: CompletionOrigin;
  /** Human-readable reason for gateway-side failures (never contains sensitive data). */
  detail?: string;
  /**
   * The request may have run on the device and nobody saw how it ended: a provider that answered
   * neither its timeout nor a cancel, a provider lost or a pump thread dead while it was in flight.
   * Never a failure to act on as if nothing happened.
   */
  outcomeUnknown?: boolean;
  /** The caller's input did not fit the 3.x layout (too long, out of range); nothing was sent. */
  inputRejected?: true;
  /** tsTimestamp of the WFSRESULT as ISO text (service origin only). */
  timestamp?: string;
}

export type XfsEventKind = 'execute' | 'service' | 'user' | 'system';

export interface XfsEvent {
  kind: XfsEventKind;
  /** dwEventID, e.g. 203 for WFS_EXEE_IDC_MEDIAINSERTED or 4 for WFS_SYSE_DEVICE_STATUS. */
  eventId: number;
  /** Symbolic name, e.g. 'WFS_EXEE_IDC_MEDIAINSERTED'; 'UNKNOWN_<id>' when not known. */
  name: string;
  /** For execute events: the RequestID of the command that raised it; 0 otherwise. */
  requestId: number;
  hService: number;
  /** hResult carried by the event (usually 0). */
  code: number;
  /** Decoded payload (per-class types), undefined for events without data. */
  data: unknown;
  timestamp: string;
  /** Set when the payload could not be decoded (corrupt length, unknown layout). */
  decodeError?: string;
}

export interface RequestOptions {
  /** Milliseconds; 0 or undefined = WFS_INDEFINITE_WAIT. */
  timeout?: number;
  signal?: AbortSignal;
  /** Execute events of this request, in arrival order. */
  onEvent?: (event: XfsEvent) => void;
}

export type SessionState = 'online' | 'offline' | 'closed';

/** A request the watchdog gave up on, or its result arriving after that. */
export interface StalledRequest {
  kind: 'execute' | 'info';
  /** 3.x command or category name. */
  command: string;
  requestId: number;
  timeoutMs: number;
  /** The late result's hResult name ('late' only). */
  result?: string;
}

export interface SessionEvents {
  event: [XfsEvent];
  state: [SessionState, { code: number; name: string; detail?: string }];
  /** The provider neither completed a request within its dwTimeOut nor honoured the cancel: it was completed WFS_ERR_TIMEOUT (gateway). */
  stalled: [StalledRequest];
  /** The real result of a stalled request arrived after all (only its memory is released). */
  late: [StalledRequest];
  /** A request was handed to the XFS Manager (the device is now busy with it). */
  sent: ['execute' | 'info', string];
}

/**
 * Per-class maps from 3.x command / category name to payload types. `In` is what the caller
 * gives (use `undefined` when the command takes no data), `Out` what the completion carries.
 */
export interface CommandSpec<In, Out> {
  in: In;
  out: Out;
}

export type CommandMap = Record<string, CommandSpec<unknown, unknown>>;

export interface XfsSession<Exec extends CommandMap = CommandMap, Info extends CommandMap = CommandMap>
  extends EventEmitter<SessionEvents> {
  readonly logicalName: string;
  readonly serviceClass: XfsServiceClass;
  /** Current hService (changes after a reopen); 0 while offline. */
  readonly hService: number;
  readonly version: XfsVersion;
  readonly versionInfo: XfsVersionInfo;
  readonly state: SessionState;

  execute<K extends keyof Exec & string>(
    command: K, data: Exec[K]['in'], options?: RequestOptions,
  ): Promise<XfsCompletion<Exec[K]['out']>>;

  getInfo<K extends keyof Info & string>(
    category: K, query: Info[K]['in'], options?: RequestOptions,
  ): Promise<XfsCompletion<Info[K]['out']>>;

  /** Cancels pending requests, deregisters, closes. Idempotent. */
  close(): Promise<void>;
}

/** One logical service of the configuration. */
export interface LogicalServiceConfig {
  /** XFS logical name, e.g. 'CardReader1' (HKLM\SOFTWARE\XFS\LOGICAL_SERVICES\<name>). */
  logicalName: string;
  serviceClass: XfsServiceClass;
  /** Name under which the bridge publishes it as an XFS4IoT service, e.g. 'CardReader1'. */
  xfs4iotServiceName: string;
  versions?: VersionRange;
}

export interface LegacyXfsConfig {
  /** msxfs.dll on Windows; the simulator's shared library elsewhere. */
  managerLibrary: string;
  /** user32.dll on Windows; the simulator's shared library elsewhere. */
  windowLibrary: string;
  /** Application id given to WFSOpen. */
  appId: string;
  services: LogicalServiceConfig[];
  /** Reopen backoff after a lost service: first and maximum delay (ms). */
  reopen?: { initialDelayMs: number; maxDelayMs: number };
}

export class XfsError extends Error {
  readonly code: number;
  readonly codeName: string;
  constructor(code: number, codeName: string, message: string) {
    super(message);
    this.name = 'XfsError';
    this.code = code;
    this.codeName = codeName;
  }
}

export interface OpenOptions {
  /** dwTimeOut of WFSAsyncOpen (ms, 0 = indefinite). */
  timeout?: number;
  signal?: AbortSignal;
  /** Class expected of the service; defaults to the configured one for the logical name. */
  serviceClass?: XfsServiceClass;
  /**
   * false: no WFSRegister, so the session gets only the execute events of its own requests (a second
   * session to a service another session already hears the events of). Default true.
   */
  registerEvents?: boolean;
}

/**
 * The XFS Manager as the bridge sees it: one per process (WFSStartUp..WFSCleanUp), one pump
 * thread, any number of sessions. Sessions are typed by class via the per-class command maps,
 * e.g. `open<IdcExecuteMap, IdcInfoMap>('CardReader1', { low: '3.00', high: '3.30' })`.
 */
export interface XfsManager {
  open<Exec extends CommandMap = CommandMap, Info extends CommandMap = CommandMap>(
    logicalName: string, versions: VersionRange, options?: OpenOptions,
  ): Promise<XfsSession<Exec, Info>>;
  /** Closes every session, stops the pump, WFSCleanUp. */
  shutdown(): Promise<void>;
}
