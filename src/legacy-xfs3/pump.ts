// Main-thread side of the message pump: starts the worker, learns the window handle, hands every
// (message, LPWFSRESULT) to a handler and stops the worker by posting it a private message.
import { Worker } from 'node:worker_threads';
import koffi from 'koffi';

/** WM_APP + 0x7F1: tells the pump to leave its loop (never an XFS message). */
export const PUMP_STOP = 0x8000 + 0x7f1;

export type PumpHandler = (message: number, lParam: bigint) => void;

export class Pump {
  private constructor(
    private readonly worker: Worker,
    readonly hwnd: bigint,
    private readonly postMessage: (hwnd: bigint, msg: number, wp: number, lp: bigint) => number,
  ) {}

  static start(windowLibrary: string, handler: PumpHandler): Promise<Pump> {
    const user32 = koffi.load(windowLibrary);
    const post = user32.func('int32_t __stdcall PostMessageA(void *hWnd, uint32_t Msg, uintptr_t wParam, void *lParam)') as
      (hwnd: bigint, msg: number, wp: number, lp: bigint) => number;
    const worker = new Worker(new URL('./pump-worker.mjs', import.meta.url), {
      workerData: { windowLibrary, stopMessage: PUMP_STOP },
    });
    return new Promise((resolve, reject) => {
      let pump: Pump | undefined;
      worker.on('message', (m: unknown) => {
        if (Array.isArray(m)) {
          for (let i = 0; i < m.length; i += 2) handler(m[i] as number, m[i + 1] as bigint);
          return;
        }
        const ev = m as { type: string; hwnd?: bigint; message?: string };
        if (ev.type === 'ready') {
          pump = new Pump(worker, ev.hwnd!, post);
          resolve(pump);
        } else if (ev.type === 'error') reject(new Error(`message pump: ${ev.message}`));
      });
      worker.once('error', (e) => { if (!pump) reject(e); });
    });
  }

  /** Stops the pump thread; messages still queued for its window are discarded by the manager. */
  async stop(): Promise<void> {
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    if (!this.postMessage(this.hwnd, PUMP_STOP, 0, 0n)) await this.worker.terminate();
    await exited;
  }
}
