// The XFS Manager as one object: WFSStartUp, the application handle, the message pump and the
// router that matches every WFSRESULT to its request (RequestID) or session (hService), lets the
// owner decode it, and then frees it with WFSFreeResult exactly once.
import { availableParallelism } from 'node:os';
import { WFSDEVSTATUS, WFSHWERROR, WFSRESULT, WFSUNDEVMSG, WFSVERSION } from './structs-api.ts';
import { resultName, WFS_ERR_CONNECTION_LOST, WFS_ERR_INTERNAL_ERROR, WFS_SUCCESS } from './errors.ts';
import { loadManager, nativeMemory } from './ffi.ts';
import type { XfsApi } from './ffi.ts';
import { readBytes, readString, readStruct } from './memory.ts';
import type { NativeMemory } from './memory.ts';
import { Pump } from './pump.ts';
import { fromWord, rangeWord } from './version.ts';
import { XfsError } from './types.ts';
import type {
  CommandMap, LogicalServiceConfig, OpenOptions, VersionRange, XfsEventKind, XfsManager, XfsServiceClass,
  XfsSession, XfsVersionInfo,
} from './types.ts';
import { SessionImpl } from './session.ts';

const WM_USER = 0x400;
export const MSG = {
  OPEN_COMPLETE: WM_USER + 1, CLOSE_COMPLETE: WM_USER + 2, LOCK_COMPLETE: WM_USER + 3, UNLOCK_COMPLETE: WM_USER + 4,
  REGISTER_COMPLETE: WM_USER + 5, DEREGISTER_COMPLETE: WM_USER + 6, GETINFO_COMPLETE: WM_USER + 7,
  EXECUTE_COMPLETE: WM_USER + 8, EXECUTE_EVENT: WM_USER + 20, SERVICE_EVENT: WM_USER + 21, USER_EVENT: WM_USER + 22,
  SYSTEM_EVENT: WM_USER + 23,
} as const;
const EVENT_KIND: Record<number, XfsEventKind> = {
  [MSG.EXECUTE_EVENT]: 'execute', [MSG.SERVICE_EVENT]: 'service', [MSG.USER_EVENT]: 'user', [MSG.SYSTEM_EVENT]: 'system',
};
export const ALL_EVENT_CLASSES = 1 | 2 | 4 | 8;

/** The WFSRESULT header, read before the owner decodes lpBuffer. */
export interface RawResult {
  message: number;
  requestId: number;
  hService: number;
  code: number;
  /** dwCommandCode / dwEventID */
  commandCode: number;
  lpBuffer: bigint;
  timestamp: string;
}

export interface PendingRequest {
  hService: number;
  /** Called synchronously with the result; lpBuffer is freed right after it returns. */
  settle(result: RawResult): void;
}

export interface ManagerOptions {
  managerLibrary: string;
  windowLibrary: string;
  crtLibrary?: string | null;
  appId?: string;
  services?: LogicalServiceConfig[];
  reopen?: { initialDelayMs: number; maxDelayMs: number };
  /** Extra time after a request's own timeout before the gateway cancels it itself. */
  guardGraceMs?: number;
  /**
   * Microseconds the pump thread polls for the next message before it sleeps (0: never polls).
   * Default: DEFAULT_PUMP_SPIN_MICROS with two or more CPUs, 0 on a single CPU, where polling
   * would only take time from the threads that produce the messages.
   */
  pumpSpinMicros?: number;
}

// 50, not the 200 it was: on a two-CPU machine a longer poll takes the CPU the event loop and the
// provider need (the deposit commands through the whole gateway, bench/deposit-only.ts: 10-45% slower
// at 200 than at 50), while a round trip is about as quick at 50 (bench:ffi p50 34.5-35.5 vs 33.4-35.0
// µs in the same hour) and its p99 halves (103-114 vs 232-234 µs).
export const DEFAULT_PUMP_SPIN_MICROS = 50;
export function defaultPumpSpinMicros(cpus = availableParallelism()): number {
  return cpus > 1 ? DEFAULT_PUMP_SPIN_MICROS : 0;
}

export interface ManagerCounters {
  results: number;
  freed: number;
  freeFailures: number;
  orphans: number;
}

function isoTime(bytes: Uint8Array): string {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const w = (i: number): number => dv.getUint16(2 * i, true);
  const t = Date.UTC(w(0), w(1) - 1, w(3), w(4), w(5), w(6), w(7));
  return Number.isNaN(t) ? new Date(0).toISOString() : new Date(t).toISOString();
}

export class LegacyXfsManager implements XfsManager {
  readonly pending = new Map<number, PendingRequest>();
  readonly counters: ManagerCounters = { results: 0, freed: 0, freeFailures: 0, orphans: 0 };
  private readonly sessionsByHandle = new Map<number, SessionImpl>();
  private readonly sessions = new Set<SessionImpl>();
  private ownsStartUp = false;
  /** Between a pump crash and its replacement: calls fail at once instead of using a dead window. */
  private pumpDown = false;
  private readonly closeLater: number[] = [];
  private shuttingDown = false;

  private constructor(
    readonly api: XfsApi,
    readonly mem: NativeMemory,
    readonly options: ManagerOptions,
    readonly hApp: bigint,
    private pump: Pump | undefined,
  ) {}

  get hwnd(): bigint {
    return this.pump?.hwnd ?? 0n;
  }

  static async start(options: ManagerOptions): Promise<LegacyXfsManager> {
    const api = loadManager(options.managerLibrary);
    const mem = nativeMemory(options.crtLibrary);
    const version = mem.alloc(WFSVERSION.at(mem.ptrSize).size);
    const hr = api.WFSStartUp(rangeWord({ low: '2.00', high: '3.30' }), version);
    mem.free(version);
    if (hr !== WFS_SUCCESS && hr !== -1) throw new XfsError(hr, resultName(hr), `WFSStartUp failed: ${resultName(hr)}`);
    const app: [bigint | null] = [null];
    const ah = api.WFSCreateAppHandle(app);
    if (ah !== WFS_SUCCESS) throw new XfsError(ah, resultName(ah), `WFSCreateAppHandle failed: ${resultName(ah)}`);
    const manager = new LegacyXfsManager(api, mem, options, app[0] ?? 0n, undefined);
    manager.ownsStartUp = hr === WFS_SUCCESS;
    manager.pump = await manager.startPump();
    return manager;
  }

  private startPump(): Promise<Pump> {
    return Pump.start(this.options.windowLibrary, (m, l) => this.route(m, l), (reason) => void this.recoverPump(reason),
      this.options.pumpSpinMicros ?? defaultPumpSpinMicros());
  }

  /** The pump thread for tests and diagnostics. */
  get currentPump(): Pump | undefined {
    return this.pump;
  }

  /**
   * The pump thread died: nothing more arrives for the requests in flight. Start a new pump,
   * complete what was pending, and let every session reopen on the new window.
   */
  private async recoverPump(reason: string): Promise<void> {
    if (this.shuttingDown) return;
    this.pumpDown = true;
    const stale = [...this.pending.entries()];
    this.pending.clear();
    for (const s of this.sessions) s.connectionLost(WFS_ERR_INTERNAL_ERROR, reason);
    for (const [requestId, p] of stale) {
      p.settle({ message: 0, requestId, hService: p.hService, code: WFS_ERR_INTERNAL_ERROR, commandCode: 0, lpBuffer: 0n,
        timestamp: new Date().toISOString() });
    }
    for (let attempt = 0; !this.shuttingDown; attempt++) {
      try {
        this.pump = await this.startPump();
        this.pumpDown = false;
        // Handles of the sessions that went offline are closed now that completions can arrive.
        for (const h of this.closeLater.splice(0)) void this.rawClose(h);
        return;
      } catch {
        await new Promise((r) => setTimeout(r, Math.min(100 * 2 ** attempt, 5000)));
      }
    }
  }

  /** Every message of the pump goes through here; the result is freed exactly once. */
  route(message: number, lParam: bigint): void {
    if (lParam === 0n) return;
    this.counters.results++;
    try {
      const r = readStruct(this.mem, lParam, WFSRESULT);
      const raw: RawResult = {
        message, requestId: r.u32('RequestID'), hService: r.u16('hService'), code: r.i32('hResult'),
        commandCode: r.u32('dwCommandCodeOrEventID'), lpBuffer: r.ptr('lpBuffer'), timestamp: isoTime(r.bytesOf('tsTimestamp')),
      };
      const kind = EVENT_KIND[message];
      if (kind) {
        const session = this.sessionsByHandle.get(raw.hService);
        if (session) session.onEvent(kind, raw, this.pending.has(raw.requestId));
        else this.counters.orphans++;
      } else {
        const p = this.pending.get(raw.requestId);
        if (p) {
          this.pending.delete(raw.requestId);
          p.settle(raw);
        } else this.counters.orphans++;
      }
    } finally {
      const fr = this.api.WFSFreeResult(lParam);
      if (fr === WFS_SUCCESS) this.counters.freed++;
      else this.counters.freeFailures++;
    }
  }

  /** Issues an asynchronous call; on success the completion will reach `settle`. Returns hResult. */
  submit(hService: number, call: (requestId: [number]) => number, settle: (r: RawResult) => void): { hr: number; requestId: number } {
    if (this.pumpDown) return { hr: WFS_ERR_CONNECTION_LOST, requestId: 0 };
    const out: [number] = [0];
    const hr = call(out);
    if (hr === WFS_SUCCESS) this.pending.set(out[0], { hService, settle });
    return { hr, requestId: hr === WFS_SUCCESS ? out[0] : 0 };
  }

  /** WFSAsyncOpen + WFSAsyncRegister for every event class (unless `register` is false). */
  rawOpen(logicalName: string, versions: VersionRange, timeout: number, signal?: AbortSignal, register = true): Promise<{ hService: number; versionInfo: XfsVersionInfo }> {
    if (signal?.aborted) return Promise.reject(new XfsError(-4, 'WFS_ERR_CANCELED', `open of '${logicalName}' aborted before it was sent`));
    const size = WFSVERSION.at(this.mem.ptrSize).size;
    const srvc = this.mem.alloc(size);
    const spi = this.mem.alloc(size);
    const release = (): void => { this.mem.free(srvc); this.mem.free(spi); };
    return new Promise((resolve, reject) => {
      const hOut: [number] = [0];
      let word: number;
      try { word = rangeWord(versions); } catch (e) { release(); reject(e instanceof Error ? e : new Error(String(e))); return; }
      const pendingOpen = { requestId: 0 };
      const onAbort = (): void => { this.api.WFSCancelAsyncRequest(hOut[0], pendingOpen.requestId); };
      const fail = (code: number, what: string): void => reject(new XfsError(code, resultName(code), `${what} '${logicalName}' failed: ${resultName(code)}`));
      const { hr, requestId } = this.submit(0, (req) => this.api.WFSAsyncOpen(logicalName, this.hApp, this.options.appId ?? 'xfs4iot-gateway',
        0, timeout, hOut, this.hwnd, word, srvc, spi, req), (raw) => {
        signal?.removeEventListener('abort', onAbort);
        const v = readStruct(this.mem, srvc, WFSVERSION);
        const info: XfsVersionInfo = {
          version: fromWord(v.u16('wVersion')), low: fromWord(v.u16('wLowVersion')), high: fromWord(v.u16('wHighVersion')),
          description: v.chars('szDescription'), systemStatus: v.chars('szSystemStatus'),
        };
        release();
        if (raw.code !== WFS_SUCCESS) { fail(raw.code, 'WFSAsyncOpen'); return; }
        const h = raw.hService || hOut[0];
        if (signal?.aborted) { void this.rawClose(h); fail(-4, 'WFSAsyncOpen'); return; }
        if (!register) { resolve({ hService: h, versionInfo: info }); return; }
        const reg = this.submit(h, (req) => this.api.WFSAsyncRegister(h, ALL_EVENT_CLASSES, this.hwnd, this.hwnd, req), (rr) => {
          if (rr.code === WFS_SUCCESS) { resolve({ hService: h, versionInfo: info }); return; }
          void this.rawClose(h);
          fail(rr.code, 'WFSAsyncRegister');
        });
        if (reg.hr !== WFS_SUCCESS) { void this.rawClose(h); fail(reg.hr, 'WFSAsyncRegister'); }
      });
      if (hr !== WFS_SUCCESS) {
        release();
        fail(hr, 'WFSAsyncOpen');
        return;
      }
      pendingOpen.requestId = requestId;
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** WFSAsyncClose; resolves with its hResult (never rejects). */
  rawClose(hService: number): Promise<number> {
    if (this.pumpDown) {
      this.closeLater.push(hService);
      return Promise.resolve(WFS_ERR_CONNECTION_LOST);
    }
    return new Promise((resolve) => {
      const { hr } = this.submit(hService, (req) => this.api.WFSAsyncClose(hService, this.hwnd, req), (r) => resolve(r.code));
      if (hr !== WFS_SUCCESS) resolve(hr);
    });
  }

  bindHandle(hService: number, session: SessionImpl): void {
    this.sessionsByHandle.set(hService, session);
  }
  unbindHandle(hService: number): void {
    this.sessionsByHandle.delete(hService);
  }

  serviceClassOf(logicalName: string, options?: OpenOptions): XfsServiceClass {
    const cls = options?.serviceClass ?? this.options.services?.find((s) => s.logicalName === logicalName)?.serviceClass;
    if (!cls) throw new XfsError(-43, 'WFS_ERR_SERVICE_NOT_FOUND', `no service class configured for logical service '${logicalName}'`);
    return cls;
  }

  async open<Exec extends CommandMap = CommandMap, Info extends CommandMap = CommandMap>(
    logicalName: string, versions: VersionRange, options?: OpenOptions,
  ): Promise<XfsSession<Exec, Info>> {
    if (this.shuttingDown) throw new XfsError(-39, 'WFS_ERR_NOT_STARTED', 'the XFS manager is shutting down');
    const cls = this.serviceClassOf(logicalName, options);
    const register = options?.registerEvents !== false;
    const { hService, versionInfo } = await this.rawOpen(logicalName, versions, options?.timeout ?? 0, options?.signal, register);
    const session = new SessionImpl(this, logicalName, cls, versions, hService, versionInfo, this.options.reopen, register);
    this.sessions.add(session);
    this.bindHandle(hService, session);
    return session;
  }

  /** Payloads of the system events every class shares. */
  decodeSystemEvent(eventId: number, ptr: bigint): unknown {
    if (eventId === 4) {
      const r = readStruct(this.mem, ptr, WFSDEVSTATUS);
      return { physicalName: readString(this.mem, r.ptr('lpszPhysicalName')),
        workstationName: readString(this.mem, r.ptr('lpszWorkstationName')), state: r.u32('dwState') };
    }
    if (eventId === 2 || eventId === 6 || eventId === 7) {
      // HARDWARE_ERROR, SOFTWARE_ERROR and USER_ERROR share the WFSHWERROR layout.
      const r = readStruct(this.mem, ptr, WFSHWERROR);
      return { logicalName: readString(this.mem, r.ptr('lpszLogicalName')), physicalName: readString(this.mem, r.ptr('lpszPhysicalName')),
        workstationName: readString(this.mem, r.ptr('lpszWorkstationName')), appId: readString(this.mem, r.ptr('lpszAppID')),
        action: r.u32('dwAction'), description: readBytes(this.mem, r.ptr('lpbDescription'), r.u32('dwSize')) };
    }
    if (eventId === 1) {
      const r = readStruct(this.mem, ptr, WFSUNDEVMSG);
      return { logicalName: readString(this.mem, r.ptr('lpszLogicalName')),
        workstationName: readString(this.mem, r.ptr('lpszWorkstationName')), appId: readString(this.mem, r.ptr('lpszAppID')),
        description: readBytes(this.mem, r.ptr('lpbDescription'), r.u32('dwSize')), message: r.u32('dwMsg') };
    }
    return undefined;
  }

  forget(session: SessionImpl): void {
    this.sessions.delete(session);
  }

  async shutdown(): Promise<void> {
    if (this.shuttingDown) return;
    this.shuttingDown = true;
    await Promise.all([...this.sessions].map((s) => s.close()));
    // Requests abandoned earlier may still complete: give them a moment so their results are freed.
    for (let i = 0; i < 50 && this.pending.size > 0; i++) await new Promise((r) => setTimeout(r, 10));
    await this.pump?.stop();
    this.api.WFSDestroyAppHandle(this.hApp);
    if (this.ownsStartUp) this.api.WFSCleanUp();
  }
}
