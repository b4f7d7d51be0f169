// `xfs4iot-gateway service run`: what the Service Control Manager starts. It hands the process to the
// SCM (StartServiceCtrlDispatcherW, on a koffi worker thread: it blocks until the service stops),
// whose ServiceMain and control handler koffi relays to this thread; the gateway runs through
// main.ts's hooks: RUNNING once every service is published, STOP/SHUTDOWN a graceful stop (server,
// payment journals, devices), STOPPED with the exit code. Start, stop and fatal errors go to the
// Application event log; the gateway's own log is a rotated file under ProgramData by default.
import { join } from 'node:path';
import type { Advapi32, ServiceStatus } from './advapi32.ts';

const STATE = { STOPPED: 1, START_PENDING: 2, STOP_PENDING: 3, RUNNING: 4 } as const;
const CONTROL = { STOP: 1, INTERROGATE: 4, SHUTDOWN: 5 } as const;
const EVENT = { ERROR: 1, WARNING: 2, INFORMATION: 4 } as const;
const ERROR_FAILED_SERVICE_CONTROLLER_CONNECT = 1063;
const ERROR_SERVICE_SPECIFIC_ERROR = 1066;
const ERROR_CALL_NOT_IMPLEMENTED = 120;

/** Where a service's logs go when its configuration names no logging.file. */
export function defaultServiceLogFile(name: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(env.ProgramData ?? env.ALLUSERSPROFILE ?? 'C:\\ProgramData', name, 'logs', 'gateway.log');
}

type RunGateway = (args: string[], hooks: import('../main.ts').RunHooks) => Promise<number>;

export interface HostOptions {
  name: string;
  /** Arguments for the gateway (--config ...). */
  gatewayArgs: string[];
  runGateway: RunGateway;
}

/** Event Log entries under the service's name (the source); a failure to log never stops the service. */
class EventLog {
  private readonly handle: unknown;
  constructor(private readonly api: Advapi32, source: string) {
    this.handle = api.RegisterEventSourceW(null, source);
  }

  write(type: number, eventId: number, text: string): void {
    if (!this.handle) return;
    try {
      this.api.ReportEventW(this.handle, type, 0, eventId, null, 1, 0, [text.slice(0, 31_000)], null);
    } catch {
      // the event log is a courtesy; the log file has the same
    }
  }

  close(): void {
    if (this.handle) this.api.DeregisterEventSource(this.handle);
  }
}

export async function runAsService(api: Advapi32, options: HostOptions): Promise<number> {
  const events = new EventLog(api, options.name);
  let statusHandle: unknown;
  let checkPoint = 0;
  const report = (state: number, waitHint = 0, exitCode = 0): void => {
    const status: ServiceStatus = {
      dwServiceType: 0x10,
      dwCurrentState: state,
      dwControlsAccepted: state === STATE.RUNNING ? 0x1 | 0x4 /* STOP | SHUTDOWN */ : 0,
      dwWin32ExitCode: exitCode === 0 ? 0 : ERROR_SERVICE_SPECIFIC_ERROR,
      dwServiceSpecificExitCode: exitCode,
      dwCheckPoint: state === STATE.RUNNING || state === STATE.STOPPED ? 0 : ++checkPoint,
      dwWaitHint: waitHint,
    };
    if (statusHandle) api.SetServiceStatus(statusHandle, status);
  };

  let requestStop: () => void = () => undefined;
  const stop = new Promise<void>((resolve) => { requestStop = resolve; });
  let finished: (code: number) => void = () => undefined;
  const gatewayExit = new Promise<number>((resolve) => { finished = resolve; });
  // Lines the gateway prints for a console (where to connect) go into the start event instead.
  const announced: string[] = [];
  const errors: string[] = [];
  const restoreOutput = captureStdio(announced);

  const callbacks = api.callbacks(options.name, () => {
    statusHandle = api.RegisterServiceCtrlHandlerExW(options.name, callbacks.handler, null);
    report(STATE.START_PENDING, 120_000);
    options.runGateway(options.gatewayArgs, {
      stop,
      started: () => {
        report(STATE.RUNNING);
        events.write(EVENT.INFORMATION, 1, `${options.name} started (process ${process.pid}).\n${announced.join('')}`);
      },
      error: (line) => { errors.push(line); },
      defaultLogFile: defaultServiceLogFile(options.name),
    }).then(finished, (error: unknown) => {
      errors.push(`start-up error: ${error instanceof Error ? error.message : String(error)}`);
      finished(1);
    });
  }, (control) => {
    if (control === CONTROL.STOP || control === CONTROL.SHUTDOWN) {
      // The payment journals and the devices are closed before STOPPED: up to a minute when a
      // dispense is running to completion.
      report(STATE.STOP_PENDING, 60_000);
      requestStop();
      return 0;
    }
    return control === CONTROL.INTERROGATE ? 0 : ERROR_CALL_NOT_IMPLEMENTED;
  });

  const dispatcher = new Promise<{ ok: boolean; error: number }>((resolve) => {
    api.StartServiceCtrlDispatcherW.async(callbacks.table, (err: unknown, ok: boolean) => {
      resolve({ ok: !err && ok, error: ok ? 0 : api.GetLastError() });
    });
  });
  // The dispatcher returns at once when no SCM started this process, else when STOPPED is reported.
  const first = await Promise.race([dispatcher.then((d) => ({ kind: 'dispatcher' as const, ...d })), gatewayExit.then((code) => ({ kind: 'exit' as const, code }))]);
  let code: number;
  if (first.kind === 'dispatcher') {
    restoreOutput();
    callbacks.unregister();
    events.close();
    if (first.error === ERROR_FAILED_SERVICE_CONTROLLER_CONNECT) {
      process.stderr.write(`service run: only the Service Control Manager starts this; use 'xfs4iot-gateway service start --name ${options.name}'\n`);
      return 2;
    }
    process.stderr.write(`service run: StartServiceCtrlDispatcherW failed (Win32 error ${first.error})\n`);
    return 1;
  } else {
    code = first.code;
  }
  if (code === 0) events.write(EVENT.INFORMATION, 2, `${options.name} stopped: journals closed, devices released.`);
  else events.write(EVENT.ERROR, 3, `${options.name} stopped with exit code ${code}.\n${errors.join('\n')}`);
  restoreOutput();
  report(STATE.STOPPED, 0, code);
  await dispatcher;
  callbacks.unregister();
  events.close();
  return code;
}

/** A service has no console: what would go to standard output is kept for the event log. */
function captureStdio(lines: string[]): () => void {
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  const keep = (chunk: unknown): boolean => {
    if (lines.length < 200) lines.push(String(chunk));
    return true;
  };
  process.stdout.write = keep;
  process.stderr.write = keep;
  return () => {
    process.stdout.write = out;
    process.stderr.write = err;
  };
}
