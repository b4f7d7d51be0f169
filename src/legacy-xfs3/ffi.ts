// koffi bindings of the XFS Manager (msxfs.dll or the simulator) and of native memory access.
// Every XFS entry point is WINAPI, declared __stdcall so a 32-bit Windows process calls it right
// (koffi ignores the convention where the platform has only one). This folder is the only place
// in the project that declares FFI bindings; the pump worker declares its user32 subset itself.
import koffi from 'koffi';
import type { NativeMemory } from './memory.ts';

export interface ManagerLibraryPaths {
  /** msxfs.dll, or the simulator's shared library. */
  managerLibrary: string;
  /** C runtime providing strnlen: msvcrt.dll on Windows; null = the process itself. */
  crtLibrary?: string | null;
}

type Fn = (...args: unknown[]) => unknown;

export interface XfsApi {
  WFSStartUp(versions: number, wfsVersion: bigint): number;
  WFSCleanUp(): number;
  WFSCreateAppHandle(out: [bigint | null]): number;
  WFSDestroyAppHandle(hApp: bigint): number;
  WFSOpen(name: string, hApp: bigint, appId: string, trace: number, timeout: number, versions: number,
    srvc: bigint, spi: bigint, hService: [number]): number;
  WFSAsyncOpen(name: string, hApp: bigint, appId: string, trace: number, timeout: number, hService: [number],
    hWnd: bigint, versions: number, srvc: bigint, spi: bigint, requestId: [number]): number;
  WFSRegister(hService: number, classes: number, hWndReg: bigint): number;
  WFSAsyncRegister(hService: number, classes: number, hWndReg: bigint, hWnd: bigint, requestId: [number]): number;
  WFSDeregister(hService: number, classes: number, hWndReg: bigint): number;
  WFSAsyncDeregister(hService: number, classes: number, hWndReg: bigint, hWnd: bigint, requestId: [number]): number;
  WFSExecute(hService: number, command: number, data: bigint, timeout: number, result: [bigint | null]): number;
  WFSAsyncExecute(hService: number, command: number, data: bigint, timeout: number, hWnd: bigint, requestId: [number]): number;
  WFSGetInfo(hService: number, category: number, query: bigint, timeout: number, result: [bigint | null]): number;
  WFSAsyncGetInfo(hService: number, category: number, query: bigint, timeout: number, hWnd: bigint, requestId: [number]): number;
  WFSCancelAsyncRequest(hService: number, requestId: number): number;
  WFSFreeResult(result: bigint): number;
  WFSClose(hService: number): number;
  WFSAsyncClose(hService: number, hWnd: bigint, requestId: [number]): number;
  WFSLock(hService: number, timeout: number, result: [bigint | null]): number;
  WFSUnlock(hService: number): number;
}

const DECLARATIONS: [keyof XfsApi, string][] = [
  ['WFSStartUp', 'int32_t __stdcall WFSStartUp(uint32_t dwVersionsRequired, void *lpWFSVersion)'],
  ['WFSCleanUp', 'int32_t __stdcall WFSCleanUp()'],
  ['WFSCreateAppHandle', 'int32_t __stdcall WFSCreateAppHandle(_Out_ void **lphApp)'],
  ['WFSDestroyAppHandle', 'int32_t __stdcall WFSDestroyAppHandle(void *hApp)'],
  ['WFSOpen', 'int32_t __stdcall WFSOpen(const char *lpszLogicalName, void *hApp, const char *lpszAppID, uint32_t dwTraceLevel, uint32_t dwTimeOut, uint32_t dwSrvcVersionsRequired, void *lpSrvcVersion, void *lpSPIVersion, _Out_ uint16_t *lphService)'],
  ['WFSAsyncOpen', 'int32_t __stdcall WFSAsyncOpen(const char *lpszLogicalName, void *hApp, const char *lpszAppID, uint32_t dwTraceLevel, uint32_t dwTimeOut, _Out_ uint16_t *lphService, void *hWnd, uint32_t dwSrvcVersionsRequired, void *lpSrvcVersion, void *lpSPIVersion, _Out_ uint32_t *lpRequestID)'],
  ['WFSRegister', 'int32_t __stdcall WFSRegister(uint16_t hService, uint32_t dwEventClass, void *hWndReg)'],
  ['WFSAsyncRegister', 'int32_t __stdcall WFSAsyncRegister(uint16_t hService, uint32_t dwEventClass, void *hWndReg, void *hWnd, _Out_ uint32_t *lpRequestID)'],
  ['WFSDeregister', 'int32_t __stdcall WFSDeregister(uint16_t hService, uint32_t dwEventClass, void *hWndReg)'],
  ['WFSAsyncDeregister', 'int32_t __stdcall WFSAsyncDeregister(uint16_t hService, uint32_t dwEventClass, void *hWndReg, void *hWnd, _Out_ uint32_t *lpRequestID)'],
  ['WFSExecute', 'int32_t __stdcall WFSExecute(uint16_t hService, uint32_t dwCommand, void *lpCmdData, uint32_t dwTimeOut, _Out_ void **lppResult)'],
  ['WFSAsyncExecute', 'int32_t __stdcall WFSAsyncExecute(uint16_t hService, uint32_t dwCommand, void *lpCmdData, uint32_t dwTimeOut, void *hWnd, _Out_ uint32_t *lpRequestID)'],
  ['WFSGetInfo', 'int32_t __stdcall WFSGetInfo(uint16_t hService, uint32_t dwCategory, void *lpQueryDetails, uint32_t dwTimeOut, _Out_ void **lppResult)'],
  ['WFSAsyncGetInfo', 'int32_t __stdcall WFSAsyncGetInfo(uint16_t hService, uint32_t dwCategory, void *lpQueryDetails, uint32_t dwTimeOut, void *hWnd, _Out_ uint32_t *lpRequestID)'],
  ['WFSCancelAsyncRequest', 'int32_t __stdcall WFSCancelAsyncRequest(uint16_t hService, uint32_t RequestID)'],
  ['WFSFreeResult', 'int32_t __stdcall WFSFreeResult(void *lpResult)'],
  ['WFSClose', 'int32_t __stdcall WFSClose(uint16_t hService)'],
  ['WFSAsyncClose', 'int32_t __stdcall WFSAsyncClose(uint16_t hService, void *hWnd, _Out_ uint32_t *lpRequestID)'],
  ['WFSLock', 'int32_t __stdcall WFSLock(uint16_t hService, uint32_t dwTimeOut, _Out_ void **lppResult)'],
  ['WFSUnlock', 'int32_t __stdcall WFSUnlock(uint16_t hService)'],
];

const loaded = new Map<string, XfsApi>();

/** Binds the XFS Manager API of `path` (cached per path: one library image per process). */
export function loadManager(path: string): XfsApi {
  const cached = loaded.get(path);
  if (cached) return cached;
  const lib = koffi.load(path);
  const api: Partial<Record<keyof XfsApi, Fn>> = {};
  for (const [name, decl] of DECLARATIONS) api[name] = lib.func(decl) as Fn;
  const bound = api as unknown as XfsApi;
  loaded.set(path, bound);
  return bound;
}

let strnlenFn: ((p: bigint, n: number) => number) | undefined;
let memcpyFn: ((dst: bigint | Uint8Array, src: bigint | Uint8Array, n: number) => unknown) | undefined;

/** Native memory through koffi: copies in and out, strnlen from the C runtime. */
export function nativeMemory(crtLibrary: string | null = process.platform === 'win32' ? 'msvcrt.dll' : null): NativeMemory {
  if (!strnlenFn || !memcpyFn) {
    const crt = koffi.load(crtLibrary);
    strnlenFn = crt.func('size_t strnlen(void *s, size_t n)') as (p: bigint, n: number) => number;
    memcpyFn = crt.func('void *memcpy(void *dst, void *src, size_t n)') as (dst: bigint | Uint8Array, src: bigint | Uint8Array, n: number) => unknown;
  }
  const strnlen = strnlenFn;
  const memcpy = memcpyFn;
  return {
    ptrSize: koffi.sizeof('void *'),
    // memcpy through the C runtime, not koffi.decode/koffi.view: those keep native memory per call
    // (about 20 and 200 bytes, measured under Node 22 / koffi 3.3), which a device answering thousands
    // of queries turned into hundreds of megabytes.
    read(ptr: bigint, len: number): Uint8Array {
      const out = new Uint8Array(len);
      if (len > 0) memcpy(out, ptr, len);
      return out;
    },
    strnlen(ptr: bigint, cap: number): number {
      return Number(strnlen(ptr, cap));
    },
    alloc(size: number): bigint {
      return koffi.alloc('uint8_t', Math.max(size, 1)) as bigint;
    },
    write(ptr: bigint, bytes: Uint8Array): void {
      if (bytes.length) memcpy(ptr, bytes, bytes.length);
    },
    free(ptr: bigint): void {
      koffi.free(ptr);
    },
  };
}

export const POINTER_SIZE = koffi.sizeof('void *');
