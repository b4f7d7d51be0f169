/**
 * The contract between the XFS4IoT protocol engine and a device implementation (issue 2, rule 13).
 *
 * A device implementation (the XFS 3.x bridge, the in-process test device, ...) describes one
 * service with a `ServiceDefinition` and hands it to the publisher. The engine owns everything
 * protocol-shaped: headers, acknowledges, requestIds, queuing, timeouts, Common.Cancel, message
 * versions, the whole Common interface and the WebSocket connections. The backend only sees
 * validated payloads and answers with results.
 *
 * - Every command declares its supported versions, each with the JSON schemas of its command and
 *   completion payloads. The engine compiles them once at start-up into the one registry keyed by
 *   message name + version; handlers receive payloads that already passed their schema.
 * - `execution` tells the queue what the command needs: `information` commands run at once, in
 *   parallel with anything; `device` commands name the device resources they occupy and wait only
 *   for those (seed 2.5.2).
 * - The handler gets a `CommandContext` whose `signal` aborts on Common.Cancel, on the header
 *   timeout and on disconnect (`signal.reason` says which). Expected failures are results: return a
 *   `CommandResult` with a completion code. Throwing means a broken invariant and is reported to the
 *   client as `internalError`.
 * - Solicited events go through `ctx.emitEvent`, unsolicited ones through
 *   `ServiceHandle.emitUnsolicited`, both rendered per connection in the message version that
 *   connection selected. Payloads may be a function of the major version when they differ.
 * - Status lives in a `StatusStore` the backend updates; the engine answers Common.Status from it and
 *   sends Common.StatusChangedEvent with only the changed properties. While `common.device` is
 *   `starting`, every command except Common.Status completes with `sequenceError`.
 * - The Common interface is implemented by the engine. A backend may contribute the capability
 *   content and the device-specific Common hooks (power save, command nonce).
 */
import type { StatusStore } from './status-store.ts';
import type { Logger } from 'pino';

export { StatusStore } from './status-store.ts';

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };
export interface JsonObject { [key: string]: JsonValue }

/** A JSON Schema (draft 2020-12 subset understood by ajv) for one message payload. */
export type PayloadSchema = Record<string, unknown>;

/** Completion codes of the seed, section 2.3.2.7 (`null` = success). */
export const COMPLETION_CODES = [
  'commandErrorCode', 'canceled', 'timeOut', 'deviceNotReady', 'hardwareError', 'internalError',
  'invalidCommand', 'invalidRequestID', 'unsupportedCommand', 'invalidData', 'userError',
  'unsupportedData', 'fraudAttempt', 'sequenceError', 'authorizationRequired', 'noCommandNonce',
  'invalidToken', 'invalidTokenNonce', 'invalidTokenHMAC', 'invalidTokenFormat',
  'invalidTokenKeyNoValue', 'notEnoughSpace',
] as const;
export type CompletionCode = (typeof COMPLETION_CODES)[number];

/** Interface names as they appear in Common.Capabilities `interfaces[].name`. */
export type InterfaceName =
  | 'Common' | 'CardReader' | 'CashAcceptor' | 'CashDispenser' | 'CashManagement' | 'PinPad'
  | 'Crypto' | 'KeyManagement' | 'Keyboard' | 'TextTerminal' | 'Printer' | 'BarcodeReader' | 'Camera'
  | 'Lights' | 'Auxiliaries' | 'VendorMode' | 'VendorApplication' | 'Storage' | 'Biometric' | 'Check'
  | 'MixedMedia' | 'Deposit' | 'German' | 'BanknoteNeutralization' | 'PowerManagement'
  /** Only on the discovery endpoint. */
  | 'ServicePublisher';

/** What a command's handler returns. `errorCode` goes into the completion payload as the spec says. */
export interface CommandResult {
  completionCode: CompletionCode | null;
  errorCode?: string;
  errorDescription?: string;
  payload?: JsonObject;
}

/** Why a command's signal aborted. */
export type AbortReason = 'cancel' | 'timeout' | 'disconnect' | 'shutdown';

/** A payload that differs between message major versions is given as a function of the major. */
export type VersionedPayload = JsonObject | undefined | ((major: number) => JsonObject | undefined);

export interface CommandContext {
  readonly name: string;
  /** The command message version the client sent, e.g. "2.0". */
  readonly version: string;
  /**
   * The major of the release whose shapes this command uses (the version the handler must honour): the
   * higher of command and completion major, so 3 for 2024-03's 2.0/3.0 and 3.0/2.0 pairs.
   */
  readonly major: number;
  /** Validated payload; `undefined` when the client sent none. */
  readonly payload: JsonObject | undefined;
  /** Aborts on Common.Cancel, header timeout, disconnect or shutdown; `signal.reason` is an `AbortReason`. */
  readonly signal: AbortSignal;
  readonly requestId: number;
  readonly connectionId: number;
  /** The header timeout the client gave, ms; 0 = none (a device layer may pass it on as its own timeout). */
  readonly timeoutMs: number;
  /** Sends a solicited event (declared in the interface's `events`) to the issuing connection only. */
  emitEvent(name: string, payload?: VersionedPayload): void;
  readonly log: Logger;
}

export type Execution =
  /** Only returns information: runs at once, in parallel with anything. */
  | { readonly kind: 'information' }
  /**
   * Uses the named device resources exclusively (e.g. ['pinpad'], ['encryptor']).
   * `onDisconnect`: 'abort' (default) aborts the handler when its connection goes; 'runToCompletion'
   * lets it finish (use for operations that must not be interrupted mid-way). Either way the outcome is
   * logged.
   */
  | { readonly kind: 'device'; readonly resources: readonly string[]; readonly onDisconnect?: 'abort' | 'runToCompletion' };

/**
 * One selectable version of a command, identified by the higher of its command and completion majors
 * (what Common.SetVersions selects). The seed pairs equal majors (2023-2: 2.0/2.0); 2024-03 pairs some
 * 2.0 commands with 3.0 completions (e.g. Common.Status: `{ version: '2.0', completionVersion: '3.0' }`)
 * and some 3.0 commands with 2.0 completions (Lights.SetLight: `{ version: '3.0', completionVersion:
 * '2.0' }`). A connection gets the lowest major unless it sent a higher header major or selected one
 * with SetVersions. Common.Capabilities lists the command versions.
 */
export interface CommandVersion {
  /** Command message version, "X.Y". */
  readonly version: string;
  /** Schema of the command payload; absent = the message defines no properties. */
  readonly payload?: PayloadSchema;
  /** Completion message version; defaults to `version`. Its major may differ from the command's. */
  readonly completionVersion?: string;
  /** Schema of the completion payload (checked only when the engine validates outgoing messages). */
  readonly completion?: PayloadSchema;
}

export interface CommandDefinition {
  /** Full name, "Interface.Command". */
  readonly name: string;
  /** One entry per supported major version. */
  readonly versions: readonly CommandVersion[];
  readonly execution: Execution;
  handler(ctx: CommandContext): Promise<CommandResult>;
}

export interface EventVersion {
  readonly version: string;
  readonly payload?: PayloadSchema;
}

export interface EventDefinition {
  /** Full name, "Interface.SomethingEvent". */
  readonly name: string;
  readonly kind: 'event' | 'unsolicited';
  readonly versions: readonly EventVersion[];
}

export interface InterfaceDefinition {
  readonly name: InterfaceName;
  readonly commands: readonly CommandDefinition[];
  readonly events?: readonly EventDefinition[];
}

/**
 * Common.Capabilities content from the backend: `common` (serviceVersion, deviceInformation, ...) and
 * one object per interface keyed like the payload property (`cardReader`, `cashDispenser`, ...).
 * The engine adds `interfaces` itself.
 */
export type CapabilitiesContent = JsonObject;

/** Device-specific parts of the Common interface. Absent hooks: see each one. */
export interface CommonHooks {
  /** Common.PowerSaveControl; absent = `unsupportedCommand`. */
  powerSaveControl?(maxPowerSaveRecoveryTime: number, ctx: CommandContext): Promise<CommandResult>;
  /** Common.GetCommandNonce; absent = the engine keeps a software nonce. */
  getCommandNonce?(ctx: CommandContext): Promise<CommandResult>;
  /** Common.ClearCommandNonce; absent = the engine clears its software nonce. */
  clearCommandNonce?(ctx: CommandContext): Promise<CommandResult>;
}

/** What the engine gives a backend once its service is published. */
export interface ServiceHandle {
  readonly name: string;
  /** Broadcasts an unsolicited message to every connection of this service. */
  emitUnsolicited(name: string, payload?: VersionedPayload): void;
  /** Common.ErrorEvent convenience: eventId hardware|software|user|fraudAttempt, action per spec. */
  emitError(eventId: 'hardware' | 'software' | 'user' | 'fraudAttempt', action: string | null, vendorDescription?: string): void;
  readonly log: Logger;
}

export interface ServiceDefinition {
  /** Lower-case service name, the last URI segment: /xfs4iot/v1.0/<name>. */
  readonly name: string;
  /** Interfaces beyond Common (the engine provides Common). */
  readonly interfaces: readonly InterfaceDefinition[];
  /** Status content; `common.device` drives the starting state. */
  readonly status: StatusStore;
  /** Capability content per rendered major of Common.Capabilities (2 = 2023-2, 3 = 2024-03). */
  capabilities(major: number): CapabilitiesContent;
  readonly common?: CommonHooks;
  /** Called once when the service is published. */
  attach?(handle: ServiceHandle): void | Promise<void>;
  /** A client connection of this service went away (its registrations end with it). */
  connectionClosed?(connectionId: number): void;
  /** Called when the publisher closes, after every connection is gone. */
  close?(): void | Promise<void>;
}
