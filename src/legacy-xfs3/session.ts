// One open logical service. Encodes input, issues asynchronous calls, decodes completions and
// events with the codecs of its class and negotiated version, cancels on abort, guards timeouts,
// and goes offline / reopens with backoff when the service provider is lost.
import { EventEmitter } from 'node:events';
import { Arena } from './arena.ts';
import type { ClassCodecs, CodecContext, CommandCodec } from './codec.ts';
import { EncodeError } from './codec.ts';
import { codecsFor } from './codecs.ts';
import {
  resultName, WFS_ERR_CANCELED, WFS_ERR_CONNECTION_LOST, WFS_ERR_INVALID_DATA, WFS_ERR_INVALID_HSERVICE,
  WFS_ERR_TIMEOUT, WFS_ERR_UNSUPP_CATEGORY, WFS_ERR_UNSUPP_COMMAND, WFS_SUCCESS,
} from './errors.ts';
import type { LegacyXfsManager, RawResult } from './manager.ts';
import { DecodeError } from './memory.ts';
import type {
  CommandMap, RequestOptions, SessionEvents, SessionState, VersionRange, XfsCompletion, XfsEvent, XfsEventKind,
  XfsServiceClass, XfsSession, XfsVersion, XfsVersionInfo,
} from './types.ts';
import { versionNumber } from './version.ts';

const SYSE_UNDELIVERABLE_MSG = 1;
const DEFAULT_REOPEN = { initialDelayMs: 100, maxDelayMs: 5000 };

interface Inflight {
  requestId: number;
  finish(c: XfsCompletion<unknown>): void;
  onEvent?: (e: XfsEvent) => void;
}

export class SessionImpl extends EventEmitter<SessionEvents> implements XfsSession<CommandMap, CommandMap> {
  state: SessionState = 'online';
  private readonly codecs: ClassCodecs;
  private ctx: CodecContext;
  private readonly inflight = new Map<number, Inflight>();
  private reopenTimer: NodeJS.Timeout | undefined;
  private reopenDelay: number;

  constructor(
    private readonly manager: LegacyXfsManager,
    readonly logicalName: string,
    readonly serviceClass: XfsServiceClass,
    private readonly versions: VersionRange,
    public hService: number,
    public versionInfo: XfsVersionInfo,
    private readonly reopen = DEFAULT_REOPEN,
    private readonly registerEvents = true,
  ) {
    super();
    this.codecs = codecsFor(serviceClass);
    this.ctx = { mem: manager.mem, vnum: versionNumber(versionInfo.version) };
    this.reopenDelay = reopen.initialDelayMs;
  }

  get version(): XfsVersion {
    return this.versionInfo.version;
  }

  execute(command: string, data: unknown, options?: RequestOptions): Promise<XfsCompletion<never>> {
    return this.request('execute', command, data, options) as Promise<XfsCompletion<never>>;
  }

  getInfo(category: string, query: unknown, options?: RequestOptions): Promise<XfsCompletion<never>> {
    return this.request('info', category, query, options) as Promise<XfsCompletion<never>>;
  }

  private gateway(code: number, commandCode: number, detail: string): XfsCompletion<unknown> {
    return { ok: false, code, name: resultName(code, this.serviceClass), requestId: 0, commandCode, data: undefined, origin: 'gateway', detail };
  }

  private async request(kind: 'execute' | 'info', name: string, data: unknown, options: RequestOptions = {}): Promise<XfsCompletion<unknown>> {
    const codec: CommandCodec | undefined = kind === 'execute' ? this.codecs.execute.get(name) : this.codecs.info.get(name);
    if (!codec) {
      return this.gateway(kind === 'execute' ? WFS_ERR_UNSUPP_COMMAND : WFS_ERR_UNSUPP_CATEGORY, 0,
        `${name} is not a ${this.serviceClass} ${kind === 'execute' ? 'command' : 'category'} known to the gateway`);
    }
    if (this.state === 'closed') return this.gateway(WFS_ERR_INVALID_HSERVICE, codec.code, 'the session is closed');
    if (this.state === 'offline') return this.gateway(WFS_ERR_CONNECTION_LOST, codec.code, 'the service is offline; reopening');
    if (options.signal?.aborted) return this.gateway(WFS_ERR_CANCELED, codec.code, 'aborted before it was sent');
    const timeout = options.timeout ?? 0;
    if (!Number.isInteger(timeout) || timeout < 0 || timeout > 0xffffffff) {
      return this.gateway(WFS_ERR_INVALID_DATA, codec.code, 'timeout must be a non-negative integer of milliseconds');
    }

    const mem = this.manager.mem;
    const arena = new Arena(mem.ptrSize);
    let ptr = 0n;
    try {
      const root = codec.encode ? codec.encode(arena, data, this.ctx) : null;
      if (root) ptr = arena.commit(mem, root);
    } catch (e) {
      arena.release(mem);
      if (e instanceof EncodeError) return { ...this.gateway(WFS_ERR_INVALID_DATA, codec.code, e.message), inputRejected: true };
      throw e;
    }

    const hService = this.hService;
    const ctx = this.ctx;
    return new Promise<XfsCompletion<unknown>>((resolve) => {
      let guard: NodeJS.Timeout | undefined;
      let abandon: NodeJS.Timeout | undefined;
      let done = false;
      const onAbort = (): void => { this.manager.api.WFSCancelAsyncRequest(hService, requestId); };
      const finish = (c: XfsCompletion<unknown>): void => {
        if (done) return;
        done = true;
        clearTimeout(guard);
        clearTimeout(abandon);
        options.signal?.removeEventListener('abort', onAbort);
        this.inflight.delete(requestId);
        resolve(c);
      };
      let abandoned = false;
      const settle = (raw: RawResult): void => {
        arena.release(mem);
        if (abandoned) this.emit('late', { kind, command: name, requestId: raw.requestId, timeoutMs: timeout, result: resultName(raw.code, this.serviceClass) });
        if (done) return;
        let out: unknown;
        let code = raw.code;
        let detail: string | undefined;
        if (codec.decode && raw.lpBuffer !== 0n) {
          try {
            out = codec.decode(ctx, raw.lpBuffer);
          } catch (e) {
            if (!(e instanceof DecodeError)) throw e;
            code = WFS_ERR_INVALID_DATA;
            detail = `the service's output could not be decoded: ${e.message}`;
          }
        }
        finish({
          ok: code === WFS_SUCCESS, code, name: resultName(code, this.serviceClass), requestId: raw.requestId,
          commandCode: raw.commandCode || codec.code, data: out, origin: detail ? 'gateway' : 'service', timestamp: raw.timestamp,
          ...(detail ? { detail } : {}),
        });
        if (code === WFS_ERR_CONNECTION_LOST) this.lost(code, 'the service provider reported the connection lost');
      };
      const api = this.manager.api;
      const hwnd = this.manager.hwnd;
      const { hr, requestId } = this.manager.submit(hService, (req) => (kind === 'execute'
        ? api.WFSAsyncExecute(hService, codec.code, ptr, timeout, hwnd, req)
        : api.WFSAsyncGetInfo(hService, codec.code, ptr, timeout, hwnd, req)), settle);
      if (hr !== WFS_SUCCESS) {
        arena.release(mem);
        resolve({ ok: false, code: hr, name: resultName(hr, this.serviceClass), requestId: 0, commandCode: codec.code, data: undefined, origin: 'service' });
        if (hr === WFS_ERR_CONNECTION_LOST) this.lost(hr, 'the XFS Manager reported the connection lost');
        return;
      }
      this.inflight.set(requestId, { requestId, finish, onEvent: options.onEvent });
      options.signal?.addEventListener('abort', onAbort, { once: true });
      this.emit('sent', kind, name);
      if (timeout > 0) {
        // The provider owns dwTimeOut; this guard only acts when it does not honour it.
        guard = setTimeout(() => {
          api.WFSCancelAsyncRequest(hService, requestId);
          abandon = setTimeout(() => {
            // The watchdog: a provider deaf to dwTimeOut and to the cancel must not hold the caller
            // (and the device resource it holds) for ever. The outcome on the device is unknown.
            abandoned = true;
            finish({ ...this.gateway(WFS_ERR_TIMEOUT, codec.code, 'the service did not complete the request after its timeout and a cancel; its outcome on the device is unknown'), outcomeUnknown: true });
            this.emit('stalled', { kind, command: name, requestId, timeoutMs: timeout });
          }, this.manager.options.guardGraceMs ?? 2000);
        }, timeout + (this.manager.options.guardGraceMs ?? 2000));
      }
    });
  }

  onEvent(kind: XfsEventKind, raw: RawResult, forPendingRequest: boolean): void {
    const codec = this.codecs.events.get(`${kind}:${raw.commandCode}`);
    const ev: XfsEvent = {
      kind, eventId: raw.commandCode, name: codec?.name ?? (kind === 'system' ? systemEventName(raw.commandCode) : `UNKNOWN_${raw.commandCode}`),
      requestId: kind === 'execute' ? raw.requestId : 0, hService: raw.hService, code: raw.code, data: undefined,
      timestamp: raw.timestamp,
    };
    try {
      if (codec?.decode && raw.lpBuffer !== 0n) ev.data = codec.decode(this.ctx, raw.lpBuffer);
      else if (kind === 'system' && raw.lpBuffer !== 0n) ev.data = decodeSystemEvent(this.manager, raw);
    } catch (e) {
      if (!(e instanceof DecodeError)) throw e;
      ev.decodeError = e.message;
    }
    if (kind === 'execute' && forPendingRequest) this.inflight.get(raw.requestId)?.onEvent?.(ev);
    this.emit('event', ev);
    if (kind === 'system' && raw.commandCode === SYSE_UNDELIVERABLE_MSG) void this.probe();
  }

  /** After an undeliverable message: a cheap status query tells whether the provider is still there. */
  private async probe(): Promise<void> {
    const status = [...this.codecs.info.values()][0];
    if (!status || this.state !== 'online') return;
    const c = await this.getInfo(status.name, undefined, { timeout: 5000 });
    if (c.code === WFS_ERR_CONNECTION_LOST) this.lost(c.code, 'status probe after an undeliverable message');
  }

  /** Called by the manager when the provider or the pump is gone. */
  connectionLost(code: number, detail: string): void {
    this.lost(code, detail);
  }

  private lost(code: number, detail: string): void {
    if (this.state !== 'online') return;
    this.state = 'offline';
    const old = this.hService;
    this.manager.unbindHandle(old);
    // Their results, if they ever come, only release the input memory (finish ignores a second call).
    for (const f of [...this.inflight.values()]) {
      f.finish({ ok: false, code: WFS_ERR_CONNECTION_LOST, name: resultName(WFS_ERR_CONNECTION_LOST), requestId: f.requestId,
        commandCode: 0, data: undefined, origin: 'gateway', detail: `the service provider was lost (${detail}); the outcome of this request on the device is unknown`, outcomeUnknown: true });
    }
    void this.manager.rawClose(old);
    this.hService = 0;
    this.emit('state', 'offline', { code, name: resultName(code, this.serviceClass), detail });
    this.scheduleReopen();
  }

  private scheduleReopen(): void {
    this.reopenTimer = setTimeout(() => void this.tryReopen(), this.reopenDelay);
    this.reopenDelay = Math.min(this.reopenDelay * 2, this.reopen.maxDelayMs);
  }

  private async tryReopen(): Promise<void> {
    this.reopenTimer = undefined;
    if (this.state !== 'offline') return;
    try {
      const { hService, versionInfo } = await this.manager.rawOpen(this.logicalName, this.versions, 0, undefined, this.registerEvents);
      if (this.state !== 'offline') { await this.manager.rawClose(hService); return; }
      this.hService = hService;
      this.versionInfo = versionInfo;
      this.ctx = { mem: this.manager.mem, vnum: versionNumber(versionInfo.version) };
      this.manager.bindHandle(hService, this);
      this.state = 'online';
      this.reopenDelay = this.reopen.initialDelayMs;
      this.emit('state', 'online', { code: WFS_SUCCESS, name: 'WFS_SUCCESS', detail: 'reopened' });
    } catch {
      if (this.state === 'offline') this.scheduleReopen();
    }
  }

  async close(): Promise<void> {
    if (this.state === 'closed') return;
    const wasOnline = this.state === 'online';
    this.state = 'closed';
    clearTimeout(this.reopenTimer);
    if (wasOnline) {
      const h = this.hService;
      if (this.inflight.size) this.manager.api.WFSCancelAsyncRequest(h, 0);
      // Closing completes the cancelled requests; waiting for them keeps every result freed before the pump stops.
      await this.manager.rawClose(h);
      for (let i = 0; i < 200 && this.inflight.size > 0; i++) await new Promise((r) => setTimeout(r, 10));
      this.manager.unbindHandle(h);
    }
    this.hService = 0;
    this.manager.forget(this);
    this.emit('state', 'closed', { code: WFS_SUCCESS, name: 'WFS_SUCCESS' });
  }
}

const SYSTEM_EVENTS = ['', 'WFS_SYSE_UNDELIVERABLE_MSG', 'WFS_SYSE_HARDWARE_ERROR', 'WFS_SYSE_VERSION_ERROR',
  'WFS_SYSE_DEVICE_STATUS', 'WFS_SYSE_APP_DISCONNECT', 'WFS_SYSE_SOFTWARE_ERROR', 'WFS_SYSE_USER_ERROR',
  'WFS_SYSE_LOCK_REQUESTED', 'WFS_SYSE_FRAUD_ATTEMPT'];

function systemEventName(id: number): string {
  return SYSTEM_EVENTS[id] || `UNKNOWN_${id}`;
}

function decodeSystemEvent(manager: LegacyXfsManager, raw: RawResult): unknown {
  return manager.decodeSystemEvent(raw.commandCode, raw.lpBuffer);
}
