// koffi bindings of the Windows Service Control Manager and Event Log API (advapi32.dll), and
// GetLastError. The only place that declares them; loaded on win32 only. Every entry point is WINAPI
// (__stdcall on 32-bit Windows).
import koffi from 'koffi';

type Fn = (...args: unknown[]) => unknown;

export interface ServiceStatus {
  dwServiceType: number;
  dwCurrentState: number;
  dwControlsAccepted: number;
  dwWin32ExitCode: number;
  dwServiceSpecificExitCode: number;
  dwCheckPoint: number;
  dwWaitHint: number;
}

export interface ServiceStatusProcess extends ServiceStatus {
  dwProcessId: number;
  dwServiceFlags: number;
}

export interface Advapi32 {
  OpenSCManagerW(machine: string | null, database: string | null, access: number): unknown;
  CreateServiceW(scm: unknown, name: string, displayName: string, access: number, type: number, start: number, errorControl: number,
    binaryPath: string, loadOrderGroup: null, tagId: null, dependencies: null, account: string | null, password: string | null): unknown;
  OpenServiceW(scm: unknown, name: string, access: number): unknown;
  DeleteService(service: unknown): boolean;
  StartServiceW(service: unknown, argc: number, argv: null): boolean;
  ControlService(service: unknown, control: number, status: Partial<ServiceStatus>): boolean;
  QueryServiceStatusEx(service: unknown, level: number, status: Partial<ServiceStatusProcess>, size: number, needed: [number]): boolean;
  ChangeServiceConfig2W(service: unknown, level: number, info: unknown): boolean;
  CloseServiceHandle(handle: unknown): boolean;
  StartServiceCtrlDispatcherW: Fn & { async(table: unknown, done: (error: unknown, ok: boolean) => void): void };
  RegisterServiceCtrlHandlerExW(name: string, handler: unknown, context: null): unknown;
  SetServiceStatus(handle: unknown, status: ServiceStatus): boolean;
  RegisterEventSourceW(server: null, source: string): unknown;
  ReportEventW(log: unknown, type: number, category: number, eventId: number, sid: null, count: number, size: number, strings: string[], data: null): boolean;
  DeregisterEventSource(log: unknown): boolean;
  GetLastError(): number;
  /**
   * Registers the two callbacks the dispatcher calls (koffi relays calls from the dispatcher's thread
   * to the JavaScript thread); `table` is the dispatch table naming the service, `handler` what
   * RegisterServiceCtrlHandlerExW takes; unregister() releases both.
   */
  callbacks(name: string, serviceMain: (argc: number, argv: unknown) => void, handler: (control: number, eventType: number, data: unknown, context: unknown) => number): {
    table: unknown;
    handler: unknown;
    unregister: () => void;
  };
  /** ChangeServiceConfig2W(SERVICE_CONFIG_DESCRIPTION). */
  setDescription(service: unknown, text: string): boolean;
  /** ChangeServiceConfig2W(SERVICE_CONFIG_FAILURE_ACTIONS, then _FLAG): restart after each delay, counts reset after resetSeconds. */
  setRestartOnFailure(service: unknown, delaysMs: number[], resetSeconds: number): boolean;
}

export function loadAdvapi32(): Advapi32 {
  const advapi = koffi.load('advapi32.dll');
  const kernel = koffi.load('kernel32.dll');
  // Types registered by name for the declarations below, which refer to them as text.
  koffi.pointer('SC_HANDLE', koffi.opaque());
  koffi.pointer('HANDLE_EL', koffi.opaque());
  koffi.struct('SERVICE_STATUS', {
    dwServiceType: 'uint32_t', dwCurrentState: 'uint32_t', dwControlsAccepted: 'uint32_t', dwWin32ExitCode: 'uint32_t',
    dwServiceSpecificExitCode: 'uint32_t', dwCheckPoint: 'uint32_t', dwWaitHint: 'uint32_t',
  });
  koffi.struct('SERVICE_STATUS_PROCESS', {
    dwServiceType: 'uint32_t', dwCurrentState: 'uint32_t', dwControlsAccepted: 'uint32_t', dwWin32ExitCode: 'uint32_t',
    dwServiceSpecificExitCode: 'uint32_t', dwCheckPoint: 'uint32_t', dwWaitHint: 'uint32_t', dwProcessId: 'uint32_t', dwServiceFlags: 'uint32_t',
  });
  const ServiceMain = koffi.proto('void __stdcall ServiceMainW(uint32_t argc, void *argv)');
  const HandlerEx = koffi.proto('uint32_t __stdcall HandlerEx(uint32_t control, uint32_t eventType, void *eventData, void *context)');
  // One service and the terminating null entry, laid out as the SERVICE_TABLE_ENTRYW array.
  koffi.struct('SERVICE_TABLE', {
    name: 'const char16_t *', main: koffi.pointer(ServiceMain), endName: 'void *', endMain: 'void *',
  });
  koffi.struct('SERVICE_DESCRIPTION', { description: 'const char16_t *' });
  koffi.struct('SC_ACTION', { type: 'int32_t', delay: 'uint32_t' });
  koffi.struct('SERVICE_FAILURE_ACTIONS', {
    resetPeriod: 'uint32_t', rebootMsg: 'const char16_t *', command: 'const char16_t *', count: 'uint32_t', actions: 'SC_ACTION *',
  });
  koffi.struct('SERVICE_FAILURE_ACTIONS_FLAG', { onNonCrashFailures: 'int32_t' });
  const declarations: [keyof Advapi32, Fn][] = [
    ['OpenSCManagerW', advapi.func('SC_HANDLE __stdcall OpenSCManagerW(const char16_t *machine, const char16_t *database, uint32_t access)')],
    ['CreateServiceW', advapi.func('SC_HANDLE __stdcall CreateServiceW(SC_HANDLE scm, const char16_t *name, const char16_t *display, uint32_t access, uint32_t type, uint32_t start, uint32_t errorControl, const char16_t *path, const char16_t *group, void *tag, const char16_t *dependencies, const char16_t *account, const char16_t *password)')],
    ['OpenServiceW', advapi.func('SC_HANDLE __stdcall OpenServiceW(SC_HANDLE scm, const char16_t *name, uint32_t access)')],
    ['DeleteService', advapi.func('bool __stdcall DeleteService(SC_HANDLE service)')],
    ['StartServiceW', advapi.func('bool __stdcall StartServiceW(SC_HANDLE service, uint32_t argc, void *argv)')],
    ['ControlService', advapi.func('bool __stdcall ControlService(SC_HANDLE service, uint32_t control, _Out_ SERVICE_STATUS *status)')],
    ['QueryServiceStatusEx', advapi.func('bool __stdcall QueryServiceStatusEx(SC_HANDLE service, int level, _Out_ SERVICE_STATUS_PROCESS *status, uint32_t size, _Out_ uint32_t *needed)')],
    ['ChangeServiceConfig2W', advapi.func('bool __stdcall ChangeServiceConfig2W(SC_HANDLE service, uint32_t level, void *info)')],
    ['CloseServiceHandle', advapi.func('bool __stdcall CloseServiceHandle(SC_HANDLE handle)')],
    ['StartServiceCtrlDispatcherW', advapi.func('bool __stdcall StartServiceCtrlDispatcherW(const SERVICE_TABLE *table)')],
    ['RegisterServiceCtrlHandlerExW', advapi.func('void * __stdcall RegisterServiceCtrlHandlerExW(const char16_t *name, HandlerEx *handler, void *context)')],
    ['SetServiceStatus', advapi.func('bool __stdcall SetServiceStatus(void *handle, const SERVICE_STATUS *status)')],
    ['RegisterEventSourceW', advapi.func('HANDLE_EL __stdcall RegisterEventSourceW(const char16_t *server, const char16_t *source)')],
    ['ReportEventW', advapi.func('bool __stdcall ReportEventW(HANDLE_EL log, uint16_t type, uint16_t category, uint32_t eventId, void *sid, uint16_t count, uint32_t size, const char16_t **strings, void *data)')],
    ['DeregisterEventSource', advapi.func('bool __stdcall DeregisterEventSource(HANDLE_EL log)')],
    ['GetLastError', kernel.func('uint32_t __stdcall GetLastError()')],
  ];
  const api = Object.fromEntries(declarations) as unknown as Advapi32;
  api.callbacks = (name, serviceMain, handler) => {
    const main = koffi.register(serviceMain, koffi.pointer(ServiceMain));
    const control = koffi.register(handler, koffi.pointer(HandlerEx));
    return {
      table: { name, main, endName: null, endMain: null },
      handler: control,
      unregister: () => { koffi.unregister(main); koffi.unregister(control); },
    };
  };
  const change = (service: unknown, level: number, info: unknown): boolean => api.ChangeServiceConfig2W(service, level, info);
  api.setDescription = (service, text) => change(service, 1, koffi.as({ description: text }, 'SERVICE_DESCRIPTION *'));
  api.setRestartOnFailure = (service, delaysMs, resetSeconds) => {
    const actions: unknown = koffi.alloc('SC_ACTION', delaysMs.length);
    try {
      koffi.encode(actions, koffi.array('SC_ACTION', delaysMs.length), delaysMs.map((delay) => ({ type: 1 /* SC_ACTION_RESTART */, delay })));
      const set = change(service, 2, koffi.as({ resetPeriod: resetSeconds, rebootMsg: null, command: null, count: delaysMs.length, actions }, 'SERVICE_FAILURE_ACTIONS *'));
      // A stop with a non-zero exit code counts as a failure too, not only a crash.
      const flag = change(service, 4, koffi.as({ onNonCrashFailures: 1 }, 'SERVICE_FAILURE_ACTIONS_FLAG *'));
      return set && flag;
    } finally {
      koffi.free(actions);
    }
  };
  return api;
}
