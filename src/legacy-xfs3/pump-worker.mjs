// The message pump: runs on its own worker thread, owns a hidden message-only window and blocks
// in GetMessageA. Each XFS message (message, lParam = the LPWFSRESULT address) is handed to the main
// thread, which decodes and frees it. Messages already queued are drained with PeekMessageA and
// announced with one postMessage. Same code on Windows (user32.dll)
// and Linux (the simulator exports the same functions). Plain JavaScript so the worker starts
// without a TypeScript loader (loader hooks do not reach worker threads on Node 20).
// After each batch the thread polls PeekMessageA for up to `spinMicros` before it blocks again:
// a completion that arrives within that window skips one sleeping-thread wake-up (the largest
// part of the round trip on a virtual machine: ~90 -> ~36 µs p50 in bench:ffi), at the price of
// at most that much CPU per burst of messages. 0 blocks at once.
// Every message taken off the queue is first written to a ring in shared memory (ring.mjs layout:
// pairs of message and lParam, a write and a read index) and only then announced: if this thread
// dies, by an exception or terminate(), the main thread still routes (and frees) what it had taken.
import { parentPort, workerData } from 'node:worker_threads';
import koffi from 'koffi';

const { windowLibrary, stopMessage, spinMicros, ring, control } = workerData;
const slots = new BigInt64Array(ring);
const index = new Int32Array(control);
const capacity = slots.length / 2;

/** Hands one message over through the ring; waits while the main thread is a full ring behind. */
function keep(message, lParam) {
  const w = Atomics.load(index, 0);
  for (let r = Atomics.load(index, 1); w - r >= capacity; r = Atomics.load(index, 1)) Atomics.wait(index, 1, r, 50);
  const slot = (w % capacity) * 2;
  slots[slot] = BigInt(message);
  slots[slot + 1] = BigInt.asIntN(64, BigInt(lParam));
  Atomics.store(index, 0, w + 1);
  // Tests (Pump.crashAfter): a thread that dies by an exception right after taking a message loses nothing.
  if (Atomics.load(index, 2) > 0 && Atomics.sub(index, 2, 1) === 1) throw new Error('message pump: injected crash');
}
const user32 = koffi.load(windowLibrary);
koffi.struct('XFS_PUMP_MSG', {
  hwnd: 'void *', message: 'uint32_t', wParam: 'uintptr_t', lParam: 'void *', time: 'uint32_t',
  ptX: 'int32_t', ptY: 'int32_t', lPrivate: 'uint32_t',
});
const CreateWindowExA = user32.func('void * __stdcall CreateWindowExA(uint32_t dwExStyle, const char *lpClassName, const char *lpWindowName, uint32_t dwStyle, int32_t X, int32_t Y, int32_t nWidth, int32_t nHeight, void *hWndParent, void *hMenu, void *hInstance, void *lpParam)');
const DestroyWindow = user32.func('int32_t __stdcall DestroyWindow(void *hWnd)');
const GetMessageA = user32.func('int32_t __stdcall GetMessageA(_Out_ XFS_PUMP_MSG *lpMsg, void *hWnd, uint32_t wMsgFilterMin, uint32_t wMsgFilterMax)');
const PeekMessageA = user32.func('int32_t __stdcall PeekMessageA(_Out_ XFS_PUMP_MSG *lpMsg, void *hWnd, uint32_t wMsgFilterMin, uint32_t wMsgFilterMax, uint32_t wRemoveMsg)');

const PM_REMOVE = 1;
const BATCH = 64;
// HWND_MESSAGE is (HWND)-3: a message-only window, never shown, receives posted messages only.
const HWND_MESSAGE = BigInt.asUintN(koffi.sizeof('void *') * 8, -3n);

const hwnd = CreateWindowExA(0, 'STATIC', 'xfs4iot-gateway pump', 0, 0, 0, 0, 0, HWND_MESSAGE, null, null, null);
if (!hwnd) {
  parentPort.postMessage({ type: 'error', message: 'CreateWindowExA failed' });
} else {
  parentPort.postMessage({ type: 'ready', hwnd });
  const msg = {};
  let running = true;
  const spinNs = BigInt(Math.max(0, Math.floor(spinMicros ?? 0))) * 1000n;
  while (running) {
    let got = 0;
    if (spinNs > 0n) {
      const until = process.hrtime.bigint() + spinNs;
      while (!(got = PeekMessageA(msg, null, 0, 0, PM_REMOVE)) && process.hrtime.bigint() < until);
    }
    if (!got) got = GetMessageA(msg, null, 0, 0);
    if (got <= 0) break;
    let kept = 0;
    for (let n = 0; ; n++) {
      if (msg.message === stopMessage) { running = false; break; }
      const lParam = msg.lParam ?? 0n;
      if (lParam !== 0n) { keep(msg.message, lParam); kept++; }
      if (n >= BATCH || !PeekMessageA(msg, null, 0, 0, PM_REMOVE)) break;
    }
    if (kept) parentPort.postMessage(0);
  }
  DestroyWindow(hwnd);
  parentPort.postMessage({ type: 'stopped' });
}
