// Messages between the gateway's main thread and the payments worker. Plain data only (structured clone).
import type { PaymentsConfig } from '../config/types.ts';
import type { ProgressEvent } from '../iotp-bridge/progress.ts';

export interface PaymentsWorkerData {
  config: PaymentsConfig;
  logging: { level: string; file?: string };
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
  | { kind: 'closed' };
