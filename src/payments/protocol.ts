// Messages between the gateway's main thread and the payments worker. Plain data only (structured clone).
import type { PaymentsConfig } from '../config/types.ts';
import type { ProgressEvent } from '../iotp-bridge/progress.ts';

export interface PaymentsWorkerData {
  config: PaymentsConfig;
  /** toParent: lines go to the main thread, the only writer of the log file (it rotates it). */
  logging: { level: string; toParent: boolean };
}

export type ToWorker =
  | { kind: 'xml'; id: number; body: Uint8Array; caller?: string }
  | { kind: 'close' };

export type FromWorker =
  | { kind: 'ready'; hostUrl: string; dataDir: string; embeddedHost: boolean; maxRequestBytes: number; contentSoftwareId: string }
  | { kind: 'startFailed'; file: string; key: string; problem: string; runtime: boolean }
  | { kind: 'answer'; id: number; xml: string }
  | { kind: 'event'; event: ProgressEvent }
  | { kind: 'error'; message: string }
  | { kind: 'log'; line: string }
  | { kind: 'closed' };
