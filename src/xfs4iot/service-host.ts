// Runs one published service: resolves accepted commands against the registry, queues them by
// resource, executes them with timeouts and cancelation, and fans events out to connections.
import { movesCash } from './cash-commands.ts';
import type { ValidateFunction } from 'ajv';
import type { Logger } from 'pino';
import { COMPLETION_CODES, type CommandResult, type InterfaceDefinition, type JsonObject, type VersionedPayload } from './backend.ts';
import { CommandRun, type EventSink } from './command-run.ts';
import type { ActiveCommand, CommandHost, Connection } from './connection.ts';
import type { DecodedCommand } from './decode.ts';
import { encodeCompletion, encodeCompletionRaw, encodeEvent, encodeUnsolicited, completionPayload, type UnsolicitedRequestId } from './encode.ts';
import { ERRORS, type ErrorKey } from './errors.ts';
import { describeSchemaError, MessageRegistry, resolveCommandVersion } from './registry.ts';
import type { LogLimiter } from './log-limiter.ts';
import { ResourceQueue } from './resource-queue.ts';
import { isSpecCommand } from './spec-catalogue.ts';
import type { StatusStore } from './status-store.ts';

/** Engine-internal result: Common handlers may pre-serialise or act after their completion is sent. */
export interface InternalResult extends CommandResult {
  payloadJson?: string;
  afterCompletion?: () => void;
}

export interface ServiceHostOptions {
  readonly name: string;
  readonly interfaces: readonly InterfaceDefinition[];
  readonly status: StatusStore;
  readonly log: Logger;
  /** Repeated refusals (one per rejected command) are summarised instead of logged one by one. */
  readonly limiter?: LogLimiter;
  readonly unsolicitedRequestId: UnsolicitedRequestId;
  readonly validateOutgoing: boolean;
  /** Told when a connection of this service goes away. */
  readonly connectionClosed?: (connectionId: number) => void;
}

const NO_RESOURCES: readonly string[] = [];
const KNOWN_CODES = new Set<string>(COMPLETION_CODES);

/** A handler result the engine cannot send is a broken invariant of the backend. */
function checkResult(result: CommandResult | undefined): CommandResult {
  if (!result || typeof result !== 'object') throw new Error('handler returned no result');
  if (result.completionCode !== null && !KNOWN_CODES.has(result.completionCode)) throw new Error(`unknown completionCode ${String(result.completionCode)}`);
  return result;
}
const MAX_TIMER_MS = 0x7fffffff;

export class ServiceHost implements CommandHost, EventSink {
  readonly name: string;
  readonly registry: MessageRegistry;
  readonly status: StatusStore;
  readonly log: Logger;
  readonly connections = new Set<Connection>();
  private readonly queue = new ResourceQueue<CommandRun>();
  private readonly options: ServiceHostOptions;
  private unsubscribeStatus?: () => void;

  constructor(options: ServiceHostOptions) {
    this.options = options;
    this.name = options.name;
    this.registry = new MessageRegistry(options.interfaces);
    this.status = options.status;
    this.log = options.log;
    if (this.registry.events.has('Common.StatusChangedEvent')) {
      this.unsubscribeStatus = this.status.onChange((changed) => this.emitUnsolicited('Common.StatusChangedEvent', (major) => this.status.renderChange(changed, major)));
    }
  }

  attach(conn: Connection): void {
    this.connections.add(conn);
  }

  accept(conn: Connection, cmd: DecodedCommand): void {
    if (this.log.isLevelEnabled('debug')) {
      this.log.debug({ connection: conn.id, requestId: cmd.requestId, name: cmd.name, version: cmd.version, payload: cmd.payload }, 'command');
    }
    const entry = this.registry.commands.get(cmd.name);
    if (!entry) {
      const known = isSpecCommand(cmd.name) && this.registry.providesInterface(cmd.name.slice(0, cmd.name.indexOf('.')));
      this.reply(conn, cmd, known ? 'UNSUPPORTED_COMMAND' : 'UNKNOWN_COMMAND', `${cmd.name}`);
      return;
    }
    const version = resolveCommandVersion(entry, cmd.major, conn.commandMajors.get(cmd.name));
    if (!version) {
      const offered = [...new Set([...entry.byMajor.values()].map((v) => v.version))].join(', ');
      this.reply(conn, cmd, 'UNSUPPORTED_VERSION', `${cmd.name} ${cmd.version} not supported; supported: ${offered}`);
      return;
    }
    if (!conn.authenticated && movesCash(cmd.name)) {
      this.logLimited('warn', ERRORS.AUTHORIZATION_REQUIRED.code, { connection: conn.id, name: cmd.name }, 'cash command refused: connection not authenticated');
      this.reply(conn, cmd, 'AUTHORIZATION_REQUIRED', cmd.name, version.completionVersion);
      return;
    }
    if (version.validate && !version.validate(cmd.payload ?? {})) {
      this.reply(conn, cmd, 'INVALID_PAYLOAD', describeSchemaError(version.validate.errors), version.completionVersion);
      return;
    }
    if (cmd.name !== 'Common.Status' && this.status.deviceState === 'starting') {
      this.reply(conn, cmd, 'DEVICE_STARTING', undefined, version.completionVersion);
      return;
    }
    const exec = entry.def.execution;
    const run = new CommandRun(conn, cmd.requestId, entry, version, cmd.payload, exec.kind === 'device' ? exec.resources : NO_RESOURCES, this.log, this);
    conn.active.set(run.requestId, run);
    // Beyond setTimeout's range (~24.8 days) Node would fire at once; such a timeout is as good as none.
    if (cmd.timeout > 0 && cmd.timeout <= MAX_TIMER_MS) {
      run.timeoutMs = cmd.timeout;
      run.timer = setTimeout(() => this.timeOut(run), cmd.timeout);
    }
    if (exec.kind === 'information') void this.execute(run);
    else for (const ready of this.queue.enqueue(run)) void this.execute(ready);
  }

  /** Common.Cancel semantics (seed 2.5.3): returns the runs matched; cancels them after `then`. */
  matchForCancel(conn: Connection, requestIds: readonly number[] | undefined): ActiveCommand[] {
    const all = [...conn.active.values()];
    return requestIds ? all.filter((r) => requestIds.includes(r.requestId)) : all;
  }

  cancel(matched: readonly ActiveCommand[]): void {
    for (const r of matched) {
      const run = r as CommandRun;
      if (run.finished) continue;
      if (run.state === 'queued') {
        this.queue.remove(run);
        this.complete(run, this.errorResult('CANCELED'));
      } else {
        run.abort('cancel');
      }
    }
  }

  emitUnsolicited(name: string, payload?: VersionedPayload): void {
    const entry = this.registry.events.get(name);
    if (!entry) throw new Error(`unsolicited ${name} is not declared by service ${this.name}`);
    const encoded = new Map<number, string | null>();
    for (const conn of this.connections) {
      const major = this.eventMajor(conn, name, entry.lowestMajor);
      let text = encoded.get(major);
      if (text === undefined) {
        const body = typeof payload === 'function' ? payload(major) : payload;
        const versionEntry = entry.byMajor.get(major);
        this.checkOutgoing(name, body, versionEntry?.validate);
        text = body === undefined && typeof payload === 'function' ? null : encodeUnsolicited(name, versionEntry?.version ?? '', body, this.options.unsolicitedRequestId);
        encoded.set(major, text);
      }
      if (text !== null) conn.send(text);
    }
  }

  disconnected(conn: Connection): void {
    this.connections.delete(conn);
    for (const r of conn.active.values()) {
      const run = r as CommandRun;
      run.finished = true;
      clearTimeout(run.timer);
      if (run.state === 'queued') {
        this.queue.remove(run);
        this.log.info({ connection: conn.id, requestId: run.requestId, name: run.name }, 'queued command dropped on disconnect');
        continue;
      }
      const exec = run.entry.def.execution;
      if (exec.kind === 'information' || exec.onDisconnect !== 'runToCompletion') run.abort('disconnect');
    }
    conn.active.clear();
    this.options.connectionClosed?.(conn.id);
  }

  shutdown(): void {
    this.unsubscribeStatus?.();
    for (const conn of this.connections) {
      for (const r of conn.active.values()) (r as CommandRun).abort('shutdown');
    }
  }

  private eventMajor(conn: Connection, name: string, lowest: number): number {
    return conn.eventMajors.get(name) ?? lowest;
  }

  private async execute(run: CommandRun): Promise<void> {
    run.state = 'executing';
    let result: CommandResult;
    try {
      result = checkResult(await run.entry.def.handler(run));
    } catch (err) {
      result = this.failure(run, err);
    }
    try {
      this.settle(run, result);
    } catch (err) {
      // Never an unhandled rejection: the process serves every other client.
      this.log.error({ code: ERRORS.HANDLER_FAILED.code, name: run.name, requestId: run.requestId, err: String(err) }, 'command settlement failed');
    }
  }

  private failure(run: CommandRun, err: unknown): CommandResult {
    if (run.abortReason === 'cancel') return this.errorResult('CANCELED');
    if (run.abortReason === 'timeout') return this.errorResult('TIMED_OUT');
    const message = err instanceof Error ? err.message : String(err);
    this.log.error({ code: ERRORS.HANDLER_FAILED.code, name: run.name, requestId: run.requestId, err: message }, ERRORS.HANDLER_FAILED.text);
    return { completionCode: 'internalError', errorDescription: `${run.name} failed: ${message}` };
  }

  private settle(run: CommandRun, result: CommandResult): void {
    if (run.resources.length > 0) {
      for (const ready of this.queue.finish(run)) void this.execute(ready);
    }
    if (!run.finished) {
      // A movement whose header timeout expired ends as the device ended it: a cancel it honoured is the
      // client's timeOut; anything else (it finished, or failed on its own) is the real outcome.
      this.complete(run, run.abortReason === 'timeout' && result.completionCode === 'canceled' ? this.errorResult('TIMED_OUT') : result);
      return;
    }
    if (run.abortReason === 'timeout' && (result.completionCode === 'canceled' || result.completionCode === 'timeOut')) {
      // The device honoured the cancel the header timeout sent (WFS_ERR_CANCELED, or the handler gave
      // up on the abort signal): the client already has its timeOut, and that is what this command
      // ended as, not a cancel anybody asked for.
      this.log.debug({ connection: run.conn.id, requestId: run.requestId, name: run.name, completionCode: 'timeOut' }, 'timed-out command ended by the device');
      return;
    }
    // The client already has its answer (timeout) or is gone: the device outcome must not vanish.
    const level = run.resources.length > 0 ? 'warn' : 'debug';
    this.log[level]({ connection: run.conn.id, requestId: run.requestId, name: run.name, completionCode: result.completionCode, errorCode: result.errorCode, payload: result.payload },
      'outcome of a command whose client no longer waits for it');
  }

  private timeOut(run: CommandRun): void {
    if (run.finished) return;
    if (run.state === 'queued') this.queue.remove(run);
    else {
      run.abort('timeout');
      // Cash and media movements (runToCompletion): answering timeOut while the device may still
      // dispense would tell the client "nothing happened" too early. The completion waits for the
      // device layer, which bounds its own calls (dwTimeOut and a watchdog).
      const exec = run.entry.def.execution;
      if (exec.kind === 'device' && exec.onDisconnect === 'runToCompletion') {
        this.log.info({ connection: run.conn.id, requestId: run.requestId, name: run.name }, 'header timeout expired: cancel requested, waiting for the device to end the command');
        return;
      }
    }
    this.complete(run, this.errorResult('TIMED_OUT'));
  }

  private complete(run: CommandRun, result: InternalResult): void {
    if (run.finished) return;
    run.finished = true;
    clearTimeout(run.timer);
    run.conn.active.delete(run.requestId);
    const version = run.versionEntry.completionVersion;
    if (this.log.isLevelEnabled('debug')) {
      this.log.debug({ connection: run.conn.id, requestId: run.requestId, name: run.name, completionCode: result.completionCode, payload: result.payload }, 'completion');
    }
    if (result.payloadJson !== undefined && result.completionCode === null) {
      run.conn.send(encodeCompletionRaw(run.name, version, run.requestId, result.payloadJson));
    } else {
      if (this.options.validateOutgoing && result.completionCode === null && run.versionEntry.validateCompletion
        && !run.versionEntry.validateCompletion(completionPayload(result) ?? {})) {
        const detail = describeSchemaError(run.versionEntry.validateCompletion.errors);
        this.log.error({ code: ERRORS.OUTGOING_INVALID.code, name: run.name, detail }, ERRORS.OUTGOING_INVALID.text);
        result = { completionCode: 'internalError', errorDescription: `completion invalid: ${detail}` };
      }
      let text: string;
      try {
        text = encodeCompletion(run.name, version, run.requestId, result);
      } catch (err) {
        // e.g. a payload JSON cannot represent (BigInt, cycle): the client still gets an answer.
        this.log.error({ code: ERRORS.HANDLER_FAILED.code, name: run.name, requestId: run.requestId, err: String(err) }, 'completion could not be encoded');
        text = encodeCompletion(run.name, version, run.requestId, { completionCode: 'internalError', errorDescription: 'completion could not be encoded' });
      }
      run.conn.send(text);
    }
    result.afterCompletion?.();
  }

  /** Called through `ctx.emitEvent`. */
  emitEvent(run: CommandRun, name: string, payload: VersionedPayload): void {
    const entry = this.registry.events.get(name);
    if (!entry || entry.def.kind !== 'event') throw new Error(`event ${name} is not declared by service ${this.name}`);
    if (run.finished) return;
    const major = this.eventMajor(run.conn, name, entry.lowestMajor);
    const body = typeof payload === 'function' ? payload(major) : payload;
    const versionEntry = entry.byMajor.get(major);
    this.checkOutgoing(name, body, versionEntry?.validate);
    run.conn.send(encodeEvent(name, versionEntry?.version ?? '', run.requestId, body));
  }

  /** Test aid (validateOutgoing): a backend event that does not match its own schema is logged loudly. */
  private checkOutgoing(name: string, body: JsonObject | undefined, validate: ValidateFunction | undefined): void {
    if (!this.options.validateOutgoing || !validate || body === undefined || validate(body)) return;
    const entry = ERRORS.OUTGOING_INVALID;
    this.log.error({ code: entry.code, name, detail: describeSchemaError(validate.errors) }, entry.text);
  }

  private logLimited(level: 'info' | 'warn', code: string, obj: Record<string, unknown>, msg: string): void {
    if (this.options.limiter) this.options.limiter.write(level, code, obj, msg);
    else this.log[level](obj, msg);
  }

  private errorResult(key: ErrorKey, detail?: string): CommandResult {
    const entry = ERRORS[key] as { completion: CommandResult['completionCode']; text: string };
    return { completionCode: entry.completion, errorDescription: detail ?? entry.text };
  }

  /** Completion for a command that never runs: after the null acknowledge, as the seed requires. */
  private reply(conn: Connection, cmd: DecodedCommand, key: ErrorKey, detail?: string, version?: string): void {
    const entry = ERRORS[key];
    this.logLimited('info', entry.code, { code: entry.code, connection: conn.id, requestId: cmd.requestId, name: cmd.name, detail }, entry.text);
    conn.send(encodeCompletion(cmd.name, version ?? cmd.version, cmd.requestId, this.errorResult(key, detail)));
  }
}
