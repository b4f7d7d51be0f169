// The message pump: runs on its own worker thread, owns a hidden message-only window and blocks
// in GetMessageA. Each XFS message is forwarded to the main thread as [message, lParam] pairs
// (lParam is the LPWFSRESULT address); the main thread decodes and frees it. Messages already
// queued are drained with PeekMessageA and sent as one batch. Same code on Windows (user32.dll)
// and Linux (the simulator exports the same functions). Plain JavaScript so the worker starts
// without a TypeScript loader (loader hooks do not reach worker threads on Node 20).
// After each batch the thread polls PeekMessageA for up to `spinMicros` before it blocks again:
// a completion that arrives within that window skips one sleeping-thread wake-up (the largest
// part of the round trip on a virtual machine: ~90 -> ~36 µs p50 in bench:ffi), at the price of
// at most that much CPU per burst of messages. 0 blocks at once.
import { parentPort, workerData } from 'node:worker_threads';
import koffi from 'koffi';

const { windowLibrary, stopMessage, spinMicros } = workerData;
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
    const batch = [];
    for (let n = 0; ; n++) {
      if (msg.message === stopMessage) { running = false; break; }
      batch.push(msg.message, msg.lParam ?? 0n);
      if (n >= BATCH || !PeekMessageA(msg, null, 0, 0, PM_REMOVE)) break;
    }
    if (batch.length) parentPort.postMessage(batch);
  }
  DestroyWindow(hwnd);
  parentPort.postMessage({ type: 'stopped' });
}
