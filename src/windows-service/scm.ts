// The Service Control Manager operations behind `xfs4iot-gateway service install|uninstall|start|
// stop|status`, on the advapi32 bindings. Expected failures (no such service, access denied, already
// running) are results with the Win32 error number and a sentence; nothing here throws for them.
import type { Advapi32, ServiceStatusProcess } from './advapi32.ts';

export const STATE_NAMES: Record<number, string> = {
  1: 'stopped', 2: 'start pending', 3: 'stop pending', 4: 'running', 5: 'continue pending', 6: 'pause pending', 7: 'paused',
};
const STOPPED = 1;
const RUNNING = 4;

const ACCESS = { SCM_CONNECT: 0x0001, SCM_CREATE: 0x0002, SERVICE_ALL: 0xf01ff, QUERY: 0x0004, START: 0x0010, STOP: 0x0020, DELETE: 0x10000 } as const;

/** Win32 errors worth a sentence of their own. */
const WIN32_ERRORS: Record<number, string> = {
  5: 'access denied: run from an elevated (administrator) prompt',
  1056: 'the service is already running',
  1060: 'no such service is installed',
  1062: 'the service is not running',
  1072: 'the service is marked for deletion: close the Services console and any tool holding it, then try again',
  1073: 'a service of that name is already installed',
  1053: 'the service did not answer the start or control request in time',
};

export interface Outcome { ok: boolean; message: string; win32Error?: number }

function failure(api: Advapi32, what: string): Outcome {
  const code = api.GetLastError();
  return { ok: false, win32Error: code, message: `${what}: ${WIN32_ERRORS[code] ?? `Win32 error ${code}`}` };
}

export interface InstallOptions {
  name: string;
  displayName: string;
  description: string;
  commandLine: string;
  /** null: LocalSystem. */
  account: string | null;
  password: string | null;
  autoStart: boolean;
}

export class ServiceControl {
  constructor(private readonly api: Advapi32) {}

  // Handles are closed once the body (which may wait for a state) has finished.
  private async withManager<T extends Outcome>(access: number, body: (scm: unknown) => T | Promise<T>, what: string): Promise<T | Outcome> {
    const scm = this.api.OpenSCManagerW(null, null, access);
    if (!scm) return failure(this.api, `${what}: cannot open the Service Control Manager`);
    try {
      return await body(scm);
    } finally {
      this.api.CloseServiceHandle(scm);
    }
  }

  private async withService<T extends Outcome>(name: string, access: number, body: (service: unknown) => T | Promise<T>, what: string): Promise<T | Outcome> {
    return this.withManager(ACCESS.SCM_CONNECT, async (scm): Promise<T | Outcome> => {
      const service = this.api.OpenServiceW(scm, name, access);
      if (!service) return failure(this.api, `${what} ${name}`);
      try {
        return await body(service);
      } finally {
        this.api.CloseServiceHandle(service);
      }
    }, what);
  }

  install(options: InstallOptions): Promise<Outcome> {
    return this.withManager(ACCESS.SCM_CONNECT | ACCESS.SCM_CREATE, (scm) => {
      const service = this.api.CreateServiceW(scm, options.name, options.displayName, ACCESS.SERVICE_ALL, 0x10 /* SERVICE_WIN32_OWN_PROCESS */,
        options.autoStart ? 2 : 3 /* SERVICE_AUTO_START : SERVICE_DEMAND_START */, 1 /* SERVICE_ERROR_NORMAL */, options.commandLine,
        null, null, null, options.account, options.password);
      if (!service) return failure(this.api, `install ${options.name}`);
      try {
        const notes: string[] = [];
        if (!this.api.setDescription(service, options.description)) notes.push(`description not set (Win32 error ${this.api.GetLastError()})`);
        // Restart after 5 s, 30 s, then every 60 s; the count of failures resets after a day.
        if (!this.api.setRestartOnFailure(service, [5_000, 30_000, 60_000], 86_400)) notes.push(`restart on failure not set (Win32 error ${this.api.GetLastError()})`);
        return { ok: true, message: `installed ${options.name} (${options.autoStart ? 'automatic' : 'manual'} start${notes.length ? `; ${notes.join('; ')}` : ''}): ${options.commandLine}` };
      } finally {
        this.api.CloseServiceHandle(service);
      }
    }, 'install');
  }

  status(name: string): Promise<Outcome & { state?: string }> {
    return this.withService(name, ACCESS.QUERY, (service): Outcome & { state?: string } => {
      const status = this.query(service);
      if (!status) return failure(this.api, `status ${name}`);
      const state = STATE_NAMES[status.dwCurrentState] ?? `state ${status.dwCurrentState}`;
      const detail = status.dwCurrentState === STOPPED ? ` (last exit code ${status.dwWin32ExitCode === 1066 ? status.dwServiceSpecificExitCode : status.dwWin32ExitCode})` : ` (process ${status.dwProcessId})`;
      return { ok: true, message: `${name}: ${state}${detail}`, state };
    }, 'status');
  }

  private query(service: unknown): ServiceStatusProcess | undefined {
    const status: Partial<ServiceStatusProcess> = {};
    const needed: [number] = [0];
    return this.api.QueryServiceStatusEx(service, 0 /* SC_STATUS_PROCESS_INFO */, status, 36, needed) ? status as ServiceStatusProcess : undefined;
  }

  /** Polls until the state is `want` or the service stopped, for at most `ms`. */
  private async waitFor(service: unknown, want: number, ms: number): Promise<ServiceStatusProcess | undefined> {
    const until = Date.now() + ms;
    let status = this.query(service);
    while (status && status.dwCurrentState !== want && !(want !== STOPPED && status.dwCurrentState === STOPPED) && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      status = this.query(service);
    }
    return status;
  }

  async start(name: string, waitMs: number): Promise<Outcome> {
    return this.withService(name, ACCESS.START | ACCESS.QUERY, async (service): Promise<Outcome> => {
      if (!this.api.StartServiceW(service, 0, null)) return failure(this.api, `start ${name}`);
      const status = await this.waitFor(service, RUNNING, waitMs);
      if (status?.dwCurrentState === RUNNING) return { ok: true, message: `${name}: running (process ${status.dwProcessId})` };
      const exit = status ? (status.dwWin32ExitCode === 1066 ? status.dwServiceSpecificExitCode : status.dwWin32ExitCode) : undefined;
      return { ok: false, message: `${name}: ${status ? STATE_NAMES[status.dwCurrentState] : 'unknown state'} after ${waitMs / 1000} s${exit ? ` (exit code ${exit})` : ''}: see the Application event log and the gateway's log file` };
    }, 'start');
  }

  async stop(name: string, waitMs: number): Promise<Outcome> {
    return this.withService(name, ACCESS.STOP | ACCESS.QUERY, async (service): Promise<Outcome> => {
      const status: Partial<ServiceStatusProcess> = {};
      if (!this.api.ControlService(service, 1 /* SERVICE_CONTROL_STOP */, status)) return failure(this.api, `stop ${name}`);
      const after = await this.waitFor(service, STOPPED, waitMs);
      return after?.dwCurrentState === STOPPED
        ? { ok: true, message: `${name}: stopped` }
        : { ok: false, message: `${name}: still ${after ? STATE_NAMES[after.dwCurrentState] : 'unknown'} after ${waitMs / 1000} s` };
    }, 'stop');
  }

  async uninstall(name: string, waitMs: number): Promise<Outcome> {
    const running = await this.status(name);
    if (running.ok && running.state !== 'stopped') {
      const stopped = await this.stop(name, waitMs);
      if (!stopped.ok) return stopped;
    }
    return this.withService(name, ACCESS.DELETE, (service): Outcome => (this.api.DeleteService(service)
      ? { ok: true, message: `uninstalled ${name}` }
      : failure(this.api, `uninstall ${name}`)), 'uninstall');
  }
}
