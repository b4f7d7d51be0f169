// Main-thread side of the message pump: starts the worker, learns the window handle, hands every
// (message, LPWFSRESULT) to a handler and stops the worker by posting it a private message.
import { Worker } from 'node:worker_threads';
import koffi from 'koffi';

/** WM_APP + 0x7F1: tells the pump to leave its loop (never an XFS message). */
export const PUMP_STOP = 0x8000 + 0x7f1;
const WM_NULL = 0;

export type PumpHandler = (message: number, lParam: bigint) => void;

/** Messages the pump thread may have taken and not yet seen routed (it waits when the ring is full). */
const RING_CAPACITY = 4096;

/**
 * The hand-over ring shared with the pump thread: it writes each message it takes off its queue
 * there before announcing it, so what a dying thread had taken is still routed (and freed) here.
 */
class HandOver {
  readonly ring = new SharedArrayBuffer(RING_CAPACITY * 2 * 8);
  /** Int32 write index, read index, and (tests) messages left before an injected crash. */
  readonly control = new SharedArrayBuffer(12);
  private readonly slots = new BigInt64Array(this.ring);
  private readonly index = new Int32Array(this.control);

  constructor(private readonly handler: PumpHandler) {}

  /** Tests: the thread throws right after taking its n-th next message (n >= 1). */
  crashAfter(n: number): void {
    Atomics.store(this.index, 2, n);
  }

  /** Routes everything written and not yet routed; frees the thread if it waits for room. */
  drain(): void {
    const written = Atomics.load(this.index, 0);
    for (let r = Atomics.load(this.index, 1); r !== written; r++) {
      const slot = (r % RING_CAPACITY) * 2;
      const message = Number(this.slots[slot]);
      const lParam = BigInt.asUintN(64, this.slots[slot + 1]);
      Atomics.store(this.index, 1, r + 1);
      this.handler(message, lParam);
    }
    Atomics.notify(this.index, 1);
  }
}

interface User32Main {
  post: (hwnd: bigint, msg: number, wp: number, lp: bigint) => number;
  destroy: (hwnd: bigint) => number;
}

const bound = new Map<string, User32Main>();
function user32(path: string): User32Main {
  let u = bound.get(path);
  if (!u) {
    const lib = koffi.load(path);
    u = {
      post: lib.func('int32_t __stdcall PostMessageA(void *hWnd, uint32_t Msg, uintptr_t wParam, void *lParam)') as User32Main['post'],
      destroy: lib.func('int32_t __stdcall DestroyWindow(void *hWnd)') as User32Main['destroy'],
    };
    bound.set(path, u);
  }
  return u;
}

/** Pumps still running; woken when the process exits so their threads can be torn down. */
const live = new Set<Pump>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // A pump thread blocked in GetMessageA cannot be terminated; without this, a process ending
  // without shutdown() (process.exit, an uncaught exception) would hang in its exit.
  process.on('exit', () => { for (const p of live) p.wake(); });
}

export class Pump {
  private stopping = false;

  private constructor(private readonly worker: Worker, readonly hwnd: bigint, private readonly u: User32Main, private readonly handOver: HandOver) {}

  /** Tests: the thread dies by an exception right after taking its n-th next message off the queue. */
  crashAfter(n: number): void {
    this.handOver.crashAfter(n);
  }

  /**
   * Starts a pump thread. `onLost` is called if the thread ends without stop() (a crash): its
   * window is then destroyed from here, which on the simulator frees what was still queued and
   * on Windows is done by the system when the thread ends. `spinMicros`: how long the thread
   * polls for the next message before it sleeps in GetMessageA (see pump-worker.mjs).
   */
  static start(windowLibrary: string, handler: PumpHandler, onLost?: (reason: string) => void, spinMicros = 0): Promise<Pump> {
    const u = user32(windowLibrary);
    const handOver = new HandOver(handler);
    // Plain JavaScript needing no loader: an empty execArgv keeps TypeScript/test loaders of the
    // parent out of the pump thread (they would add hundreds of milliseconds to its start).
    const worker = new Worker(new URL('./pump-worker.mjs', import.meta.url), {
      workerData: { windowLibrary, stopMessage: PUMP_STOP, spinMicros, ring: handOver.ring, control: handOver.control },
      execArgv: [],
    });
    return new Promise((resolve, reject) => {
      let pump: Pump | undefined;
      worker.on('message', (m: unknown) => {
        if (m === 0) {
          handOver.drain();
          return;
        }
        const ev = m as { type: string; hwnd?: bigint; message?: string };
        if (ev.type === 'ready') {
          pump = new Pump(worker, ev.hwnd!, u, handOver);
          live.add(pump);
          installExitHook();
          resolve(pump);
        } else if (ev.type === 'error') reject(new Error(`message pump: ${ev.message}`));
      });
      worker.once('error', (e) => { if (!pump) reject(e); });
      worker.once('exit', (code) => {
        // Whatever the thread took before it ended is routed, announced or not.
        handOver.drain();
        if (pump) live.delete(pump);
        if (!pump) { reject(new Error(`message pump exited during start (${code})`)); return; }
        if (pump.stopping) return;
        u.destroy(pump.hwnd);
        onLost?.(`message pump thread ended unexpectedly (exit ${code})`);
      });
    });
  }

  /** Makes the thread leave GetMessageA and its loop (used when the process exits). */
  wake(): void {
    this.stopping = true;
    this.u.post(this.hwnd, PUMP_STOP, 0, 0n);
  }

  /** Stops the pump thread; messages still queued for its window are discarded by the manager. */
  async stop(): Promise<void> {
    this.stopping = true;
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    if (!this.u.post(this.hwnd, PUMP_STOP, 0, 0n)) await this.worker.terminate();
    await exited;
  }

  /** Ends the thread abruptly, as a crash would (recovery is then the manager's job). */
  async kill(): Promise<void> {
    const done = this.worker.terminate();
    // The thread sits in GetMessageA; a WM_NULL returns it to JavaScript so it can be terminated.
    this.u.post(this.hwnd, WM_NULL, 0, 0n);
    await done;
  }
}
