// One XFS4IoT service backed by one XFS 3.x logical service: implements the engine's backend
// (ServiceDefinition) for any class binding, driven by that class's mapping file.
import { releaseHasErrorCode } from '../xfs4iot/release-definitions.ts';
import type { Logger } from 'pino';
import {
  StatusStore, type CommandContext, type CommandDefinition, type CommandResult, type JsonObject, type ServiceDefinition, type ServiceHandle,
  type VersionedPayload,
} from '../xfs4iot/backend.ts';
import type { SessionState, XfsCompletion, XfsEvent, XfsSession } from '../legacy-xfs3/types.ts';
import { ERRORS } from '../xfs4iot/errors.ts';
import type { ClassBinding } from './class-binding.ts';
import { journaledCommand } from './journaled-execute.ts';
import { EnumTables } from './enums.ts';
import { ErrorMap, undecodableErrorCodeAsData } from './error-map.ts';
import type { ClassMapping, CommandEntry, MappingSet } from './mapping-types.ts';
import type { CommandCall, DeviceView } from './translator.ts';
import { StatusKeeper } from './status-keeper.ts';
import { SystemEvents } from './system-events.ts';
import { DeviceGate, type Coordinator } from './coordinator.ts';
import { commandVersions, serviceInterfaces } from './service-interfaces.ts';
import { DEFAULT_CALL_TIMEOUTS, type BridgeServiceOptions, type CallTimeouts, type SessionSource } from './bridge-options.ts';

export { DEFAULT_CALL_TIMEOUTS, type BridgeServiceOptions, type CallTimeouts, type SessionSource } from './bridge-options.ts';

// Common.Status / Common.Capabilities are rendered by the engine from what this service keeps.
// How long a device event's status read waits for more events or a completion to share it with.
const REFRESH_SOON_MS = 5;
const engineRendered = new Set(['Common.Status', 'Common.Capabilities']);
const NOTHING_JOURNALED: ReadonlySet<string> = new Set();
const NO_FLUSH = (): void => undefined;

interface Running {
  name: string;
  ctx: CommandContext;
}


export class BridgeService<Caps, Status> {
  readonly store = new StatusStore({ common: { device: 'starting' } });
  private readonly mapping: ClassMapping;
  private readonly enums: EnumTables;
  private readonly errors: ErrorMap;
  private readonly systemEvents: SystemEvents;
  private readonly eventsByCode = new Map<number, string>();
  private readonly running = new Set<Running>();
  private handle: ServiceHandle | undefined;
  private device: DeviceView<Caps, Status> | undefined;
  private capabilityContent: JsonObject = {};
  private refreshing: Promise<void> | undefined;
  private refreshAgain = false;
  private refreshTimer: NodeJS.Timeout | undefined;
  /** Units a 3.x event said changed, announced by the next read even if they look the same (true: all). */
  private forceStorage: boolean | Set<string> = false;
  /** The next read asks the storage too (anyone but a command that keeps the storage asked for it). */
  private fullReadDue = true;
  private poll: NodeJS.Timeout | undefined;
  private readonly log: Logger;
  private readonly keeper: StatusKeeper<Caps, Status>;
  private session: XfsSession | undefined;
  /** The second session of ClassBinding.besideResources, when the provider gave one. */
  private beside: XfsSession | undefined;
  private openFailure: string | undefined;
  private openTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly timeouts: CallTimeouts;
  private readonly devices: DeviceGate;
  private readonly coordinator: Coordinator | undefined;

  constructor(
    private readonly binding: ClassBinding<Caps, Status>,
    mappings: MappingSet,
    private readonly source: SessionSource,
    private readonly options: BridgeServiceOptions,
  ) {
    const mapping = mappings.classes.get(binding.serviceClass);
    if (!mapping) throw new Error(`no mapping file for class ${binding.serviceClass}`);
    this.mapping = mapping;
    this.log = options.logger.child({ service: options.name, logicalName: source.logicalName });
    this.timeouts = options.timeouts ?? DEFAULT_CALL_TIMEOUTS;
    const warn = (message: string, details: Record<string, unknown>) => this.log.warn(details, message);
    this.enums = new EnumTables([{ file: 'generic.json', tables: mappings.generic.enums }, { file: binding.mappingFile, tables: mapping.enums }], options.usage, warn);
    this.errors = new ErrorMap(binding.mappingFile, mapping, mappings.generic, options.usage);
    this.systemEvents = new SystemEvents(mappings.generic, this.enums, options.usage, warn);
    for (const [name, entry] of Object.entries(mapping.events)) this.eventsByCode.set(entry.code, name);
    this.keeper = new StatusKeeper(binding, this.enums, this.store, options.usage, (name, payload) => this.emitUnsolicited(name, payload));
    this.devices = options.devices ?? new DeviceGate();
    this.coordinator = binding.createCoordinator?.({
      execute: (command, data) => this.ownExecute(command, data),
      devices: this.devices, service: options.name, log: this.log,
    });
    this.checkTranslators();
  }

  /** A 3.x command on the gateway's own account (a coordinator's), bounded like a client's. */
  private async ownExecute(command: string, data: unknown): Promise<XfsCompletion<unknown>> {
    if (!this.session) throw new Error(`the XFS 3.x service ${this.source.logicalName} is not open`);
    const done = await this.session.execute(command, data, { timeout: this.timeouts.waitMs });
    void this.refresh();
    return done;
  }

  // A translator named in the mapping but missing in code is a start-up error naming the entry.
  private checkTranslators(): void {
    for (const [name, entry] of Object.entries(this.mapping.commands)) {
      if (engineRendered.has(name)) continue;
      if (!(entry.translator in this.binding.commandTranslators)) {
        throw new Error(`mappings/${this.binding.mappingFile}: commands['${name}'].translator: no translator '${entry.translator}'`);
      }
      if (!name.startsWith('Common.') && !this.binding.commandSchemas[name]) {
        throw new Error(`mappings/${this.binding.mappingFile}: commands['${name}']: no payload schema in the ${this.binding.serviceClass} binding`);
      }
    }
    for (const [name, entry] of Object.entries(this.mapping.events)) {
      if (entry.translator && !(entry.translator in this.binding.eventTranslators)) {
        throw new Error(`mappings/${this.binding.mappingFile}: events['${name}'].translator: no translator '${entry.translator}'`);
      }
    }
  }

  get name(): string {
    return this.options.name;
  }

  /**
   * Opens the 3.x service and reads capabilities and status; the service leaves "starting" once this
   * resolves. A service that cannot be opened (powered off, not installed yet) is reported offline
   * and opened again with backoff, so the XFS4IoT service stays published.
   */
  async start(): Promise<void> {
    await this.tryOpen(this.options.openRetry?.initialDelayMs ?? 1000);
    if (this.options.statusPollMs && this.options.statusPollMs > 0) {
      this.poll = setInterval(() => void this.refresh(), this.options.statusPollMs);
      this.poll.unref();
    }
  }

  private async tryOpen(delayMs: number): Promise<void> {
    if (this.closed) return;
    let session: XfsSession;
    try {
      session = await this.source.open();
    } catch (error) {
      this.openFailure = (error as Error).message;
      this.log.error({ err: this.openFailure, retryInMs: delayMs }, 'cannot open the XFS 3.x logical service; device reported offline');
      this.keeper.patch({ common: { device: 'offline' } });
      const next = Math.min(delayMs * 2, this.options.openRetry?.maxDelayMs ?? 30000);
      this.openTimer = setTimeout(() => void this.tryOpen(next), delayMs);
      this.openTimer.unref();
      return;
    }
    if (this.closed) {
      await session.close();
      return;
    }
    this.session = session;
    this.openFailure = undefined;
    session.on('event', (event) => this.onSessionEvent(event));
    session.on('state', (state, reason) => this.onSessionState(state, reason));
    this.watchResults(session);
    await this.openBeside();
    await this.refresh();
  }

  /** A provider's stalled and late results, on whichever session the command ran. */
  private watchResults(session: XfsSession): void {
    session.on('stalled', (r) => this.log.error({ ...r, code: ERRORS.PROVIDER_STALLED.code }, `${ERRORS.PROVIDER_STALLED.text}: completed as timed out, outcome on the device unknown, resource released`));
    session.on('late', (r) => {
      this.log.warn({ ...r, code: ERRORS.PROVIDER_LATE_RESULT.code }, ERRORS.PROVIDER_LATE_RESULT.text);
      // Its client was told timeOut (unknown): the counts and status it changed reach every client as
      // status and storage events, so what the device really did is not only in the log.
      void this.refresh(true);
    });
  }

  /** Best effort: a provider that refuses a second session leaves every command on the first. */
  private async openBeside(): Promise<void> {
    if (!this.source.openBeside || this.beside) return;
    try {
      const beside = await this.source.openBeside();
      if (this.closed) {
        await beside.close();
        return;
      }
      this.beside = beside;
      this.watchResults(beside);
      this.log.info({ resources: this.binding.besideResources }, 'second XFS 3.x session open for commands that use only these resources');
    } catch (error) {
      this.log.warn({ err: (error as Error).message }, 'no second XFS 3.x session: every command shares the first');
    }
  }

  /** The session a command runs on: the second one if all its resources are the binding's beside resources. */
  private sessionFor(entry: CommandEntry): XfsSession {
    const beside = this.beside;
    const resources = entry.resources ?? ['device'];
    if (beside && beside.state === 'online' && resources.every((r) => this.binding.besideResources?.includes(r))) return beside;
    return this.session as XfsSession;
  }

  private async loadDevice(): Promise<void> {
    if (!this.session) return;
    const session = this.session;
    const getInfo = this.infoOf(session);
    const caps = this.binding.readCapabilities ? await this.binding.readCapabilities(getInfo) : await session.getInfo(this.binding.capabilitiesCategory, undefined);
    this.fullReadDue = false;
    const status = await this.readStatus(this.session);
    if (!caps.ok || !status.ok) {
      const failed = caps.ok ? status : caps;
      this.log.error({ code: failed.code, name: failed.name }, 'cannot read the XFS 3.x capabilities/status; device reported offline');
      this.keeper.patch({ common: { device: 'offline' } });
      return;
    }
    this.device = {
      version: this.session.version,
      capabilities: caps.data as Caps,
      status: status.data as Status,
      exchangeActive: this.device?.exchangeActive ?? false,
    };
    this.capabilityContent = this.binding.buildCapabilities(this.device.capabilities, this.enums, this.session.versionInfo, this.options.gatewayVersion);
    this.options.usage.mark(`${this.binding.mappingFile}:commands/Common.Capabilities`);
    this.keeper.apply(this.device, this.device.status, false);
  }

  /**
   * A device event asks for a read soon rather than at once: a provider posts the events of a command
   * (the units' CASHUNITINFOCHANGED of a CASH_IN_END) just before its completion, and the read before
   * that completion goes out then covers them all, instead of one read per event and one after.
   */
  private refreshSoon(forceStorage: boolean | readonly string[]): void {
    this.forceUnits(forceStorage);
    this.refreshTimer ??= setTimeout(() => {
      this.refreshTimer = undefined;
      void this.refresh();
    }, REFRESH_SOON_MS);
  }

  private forceUnits(units: boolean | readonly string[]): void {
    if (this.forceStorage === true || units === false) return;
    if (units === true) this.forceStorage = true;
    else this.forceStorage = new Set([...(this.forceStorage || []), ...units]);
  }

  /**
   * Re-reads the status; concurrent calls coalesce into one more read. `scope` 'state': the caller
   * knows the storage did not change (binding.keepsStorage); the read is a full one if anyone else asks.
   */
  refresh(forceStorage: boolean | readonly string[] = false, scope: 'state' | 'full' = 'full'): Promise<void> {
    this.forceUnits(forceStorage);
    if (scope === 'full') this.fullReadDue = true;
    // This read starts after every event that asked for one: it covers them.
    if (this.refreshTimer) {
      clearTimeout(this.refreshTimer);
      this.refreshTimer = undefined;
    }
    if (this.refreshing) {
      this.refreshAgain = true;
      return this.refreshing;
    }
    // Its reads go out now, in the caller's step (a journal close due after them waits for that); the
    // loop awaits before it can end, so `refreshing` is set before its finally clears it.
    this.refreshing = this.refreshLoop();
    return this.refreshing;
  }

  private async refreshLoop(): Promise<void> {
    try {
      do {
        this.refreshAgain = false;
        try {
          await this.readAndApplyStatus();
        } catch (error) {
          // A status the builders cannot digest must not fail the command that asked for the read.
          this.log.warn({ err: (error as Error).message }, 'status refresh failed on unexpected XFS 3.x data');
        }
      } while (this.refreshAgain);
    } finally {
      // Cleared in the same step as the last look at refreshAgain: a refresh() asked for after that
      // look starts a read of its own instead of getting this loop's promise, which read too early.
      this.refreshing = undefined;
    }
  }

  private async readAndApplyStatus(): Promise<void> {
    if (!this.device) {
      await this.loadDevice();
      return;
    }
    if (!this.session) return;
    // Decided before the read goes out: a full read asked for while this one runs comes after it.
    const full = this.fullReadDue || this.forceStorage !== false || !this.binding.readState;
    this.fullReadDue = false;
    const status = full ? await this.readStatus(this.session) : await this.readState(this.session, this.device);
    // Units an event named stay due until a read that saw the units.
    const force = full ? this.forceStorage : false;
    if (full) this.forceStorage = false;
    if (status.ok && this.device) this.keeper.apply(this.device, status.data as Status, true, force);
    else this.log.warn({ code: status.code, name: status.name }, 'status refresh failed');
  }

  /** The status reads' WFSGetInfo: the configured info timeout. */
  private infoOf(session: XfsSession): (category: string) => Promise<XfsCompletion<unknown>> {
    return (category) => session.getInfo(category, undefined, { timeout: this.timeouts.infoMs });
  }

  private readStatus(session: XfsSession): Promise<XfsCompletion<unknown>> {
    const getInfo = this.infoOf(session);
    return this.binding.readStatus ? this.binding.readStatus(getInfo, this.device?.status) : getInfo(this.binding.statusCategory);
  }

  private readState(session: XfsSession, device: DeviceView<Caps, Status>): Promise<XfsCompletion<unknown>> {
    return (this.binding.readState as NonNullable<ClassBinding<Caps, Status>['readState']>)(this.infoOf(session), device.status);
  }

  private emitUnsolicited(name: string, payload?: VersionedPayload): void {
    if (!this.handle) return;
    this.handle.emitUnsolicited(name, payload);
  }

  private onSessionState(state: SessionState, reason: { code: number; name: string; detail?: string }): void {
    if (state === 'closed') return;
    this.log.warn({ state, code: reason.code, name: reason.name }, 'XFS 3.x session state changed');
    if (state === 'online') {
      this.keeper.patch({});
      this.loadDevice().catch((error: unknown) => this.log.warn({ err: (error as Error).message }, 'reading the reopened XFS 3.x service failed'));
    } else {
      this.keeper.patch({ common: { device: 'offline' } });
    }
  }

  private onSessionEvent(event: XfsEvent): void {
    if (event.kind === 'execute') return; // delivered through the request's onEvent
    const classEvent = this.eventsByCode.get(event.eventId);
    if (event.kind === 'system' && !(classEvent && this.mapping.events[classEvent]?.type === 'system')) {
      const outcome = this.systemEvents.translate(event);
      if (outcome.statusPatch) this.keeper.patch(outcome.statusPatch);
      if (outcome.error) this.handle?.emitError(outcome.error.eventId, outcome.error.action, outcome.error.description);
      if (outcome.refresh) void this.refresh();
      return;
    }
    this.handleClassEvent(event, undefined);
  }

  /** Class events: execute events with their command's context, service/user events without. */
  private handleClassEvent(event: XfsEvent, ctx: CommandContext | undefined): void {
    if (event.decodeError) {
      this.log.warn({ event: event.name, eventId: event.eventId, decodeError: event.decodeError }, 'XFS 3.x event could not be decoded; ignored');
      return;
    }
    const name = this.eventsByCode.get(event.eventId);
    const entry = name ? this.mapping.events[name] : undefined;
    if (!name || !entry) {
      this.log.warn({ eventId: event.eventId, name: event.name, kind: event.kind }, 'XFS 3.x event not in the mapping; ignored');
      return;
    }
    this.options.usage.mark(`${this.binding.mappingFile}:events/${name}`);
    if (entry.action === 'drop' || !entry.xfs4iot) {
      this.log.debug({ event: name }, 'XFS 3.x event without XFS4IoT counterpart');
      return;
    }
    const translator = entry.translator ? this.binding.eventTranslators[entry.translator] : undefined;
    if (!this.device) return;
    const outcome = translator ? translator(event, { enums: this.enums, device: this.device, coordinator: this.coordinator }) : {};
    if (outcome.warning) this.log.warn({ event: name }, outcome.warning);
    if (outcome.statusPatch) this.keeper.patch(outcome.statusPatch);
    const target = entry.xfs4iot;
    const definition = this.binding.events[target];
    const sendable = !outcome.warning && (outcome.payload !== undefined || !entry.translator);
    if (definition && sendable) {
      if (definition.kind === 'unsolicited') this.emitUnsolicited(target, outcome.payload);
      else {
        const solicitor = ctx ?? this.solicitorFor(entry.solicitedBy);
        if (solicitor) solicitor.emitEvent(target, outcome.payload);
        else this.log.info({ event: name }, 'solicited XFS4IoT event without a running command; not sent');
      }
    }
    // Service and user events say the device changed: the status difference becomes StatusChangedEvent.
    if (outcome.refresh || outcome.storageChanged || event.kind !== 'execute') this.refreshSoon(outcome.storageChanged ?? false);
  }

  private solicitorFor(commands: string[] | undefined): CommandContext | undefined {
    if (!commands) return undefined;
    for (const running of this.running) if (commands.includes(running.name)) return running.ctx;
    return undefined;
  }

  /** The translator's view of one command, and the journal close due before its completion goes out. */
  private commandCall(name: string, entry: CommandEntry, ctx: CommandContext): { call: CommandCall<Caps, Status>; flushJournal: () => void; completionRead: () => Promise<void> } {
    const device = this.device as DeviceView<Caps, Status>;
    const session = this.sessionFor(entry);
    const onEvent = (event: XfsEvent): void => this.handleClassEvent(event, ctx);
    const bounded = (classMs: number): number => (ctx.timeoutMs > 0 && (classMs === 0 || ctx.timeoutMs < classMs) ? ctx.timeoutMs : classMs);
    const executeOptions = { signal: ctx.signal, onEvent, timeout: bounded(entry.runToCompletion ? this.timeouts.movementMs : this.timeouts.waitMs) };
    const infoOptions = { signal: ctx.signal, onEvent, timeout: bounded(this.timeouts.infoMs) };
    const execute = (command: string, data: unknown) => session.execute(command, data, executeOptions);
    const journal = this.options.journal;
    const journaled = journal
      ? journaledCommand(journal, this.binding.journaledCommands ?? NOTHING_JOURNALED, this.log, {
        service: this.options.name, logicalName: this.source.logicalName, command: name, connection: ctx.connectionId, requestId: ctx.requestId, request: ctx.payload,
      }, execute, session)
      : undefined;
    const flushJournal = journaled ? journaled.flush : NO_FLUSH;
    let completionRead: Promise<void> | undefined;
    const readScope = this.binding.keepsStorage?.(name, device.capabilities) ? 'state' : 'full';
    const statusRead = (): Promise<void> => (completionRead ??= this.refresh(false, readScope));
    const call: CommandCall<Caps, Status> = {
      name,
      payload: ctx.payload,
      major: ctx.major,
      connectionId: ctx.connectionId,
      enums: this.enums,
      device,
      coordinator: this.coordinator,
      execute: journaled?.execute ?? execute,
      ...(journaled ? { journal: journaled.view } : {}),
      getInfo: (category, query) => session.getInfo(category, query, infoOptions),
      failure: (completion: XfsCompletion<unknown>) => {
        const outcome = this.errors.resolve(completion, entry, (errorCode) => releaseHasErrorCode(name, ctx.major, errorCode));
        if (outcome.offline) this.keeper.patch({ common: { device: 'offline' } });
        return outcome.result;
      },
      refresh: () => this.refresh(),
      statusRead,
      warn: (message, details) => this.log.warn({ command: name, ...details }, message),
    };
    return { call, flushJournal, completionRead: statusRead };
  }

  private async runCommand(name: string, entry: CommandEntry, ctx: CommandContext): Promise<CommandResult> {
    if (!this.device || !this.session) {
      return { completionCode: 'deviceNotReady', errorDescription: `the XFS 3.x service ${this.source.logicalName} is not available${this.openFailure ? `: ${this.openFailure}` : ''}` };
    }
    const held = entry.kind === 'execute' ? this.devices.refusal(this.options.name) : undefined;
    if (held) return held;
    const translator = this.binding.commandTranslators[entry.translator];
    const running: Running = { name, ctx };
    this.running.add(running);
    const { call, flushJournal, completionRead } = this.commandCall(name, entry, ctx);
    try {
      const result = undecodableErrorCodeAsData(name, ctx.major, await translator(call));
      this.options.usage.mark(`${this.binding.mappingFile}:commands/${name}`);
      // The status is read before the completion goes out, so that a client that asks Common.Status
      // after the completion sees the device as the command left it (and StatusChangedEvent comes first).
      if (entry.kind === 'execute') await completionRead();
      return result;
    } catch (error) {
      // Malformed 3.x output (a shape the translator did not expect) must not take the service down.
      this.log.warn({ command: name, err: (error as Error).message }, 'translator failed on XFS 3.x data');
      return { completionCode: 'internalError', errorDescription: `${name}: unexpected XFS 3.x data` };
    } finally {
      // The movement's outcome is in the journal before the client hears it.
      flushJournal();
      this.running.delete(running);
    }
  }

  private commandDefinition(name: string, entry: CommandEntry): CommandDefinition {
    return {
      name,
      versions: commandVersions(name, this.binding.commandSchemas[name]),
      execution: entry.kind === 'info'
        ? { kind: 'information' }
        : { kind: 'device', resources: entry.resources ?? ['device'], onDisconnect: entry.runToCompletion ? 'runToCompletion' : 'abort' },
      handler: (ctx) => this.runCommand(name, entry, ctx),
    };
  }

  definition(): ServiceDefinition {
    const interfaces = serviceInterfaces(this.mapping, this.binding, (name, entry) => this.commandDefinition(name, entry));
    const powerSave = this.mapping.commands['Common.PowerSaveControl'];
    return {
      name: this.options.name,
      interfaces,
      status: this.store,
      capabilities: () => {
        this.options.usage.mark(`${this.binding.mappingFile}:commands/Common.Capabilities`);
        return this.capabilityContent;
      },
      common: powerSave
        ? { powerSaveControl: (_time, ctx) => this.runCommand('Common.PowerSaveControl', powerSave, ctx) }
        : undefined,
      attach: (handle) => {
        this.handle = handle;
      },
      ...(this.coordinator?.connectionClosed ? { connectionClosed: (id: number) => this.coordinator?.connectionClosed?.(id) } : {}),
      close: () => this.close(),
    };
  }

  /** The storage units as the last status read left them (empty before the first read). */
  storageUnits(): JsonObject {
    return this.keeper.units;
  }

  async close(): Promise<void> {
    if (this.poll) clearInterval(this.poll);
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.closed = true;
    if (this.openTimer) clearTimeout(this.openTimer);
    await this.refreshing?.catch(() => undefined);
    await Promise.all([this.session?.close(), this.beside?.close()]);
  }
}
