// What a bridge service is given: its name, logging and usage records, timeouts, the operations
// journal, the shared device gate, and where its 3.x session comes from.
import type { Logger } from 'pino';
import type { XfsSession } from '../legacy-xfs3/types.ts';
import type { DeviceGate } from './coordinator.ts';
import type { OperationsJournal } from './operations-journal.ts';
import type { MappingUsage } from './usage.ts';

export interface BridgeServiceOptions {
  /** XFS4IoT service name (lower case, the last URI segment). */
  name: string;
  logger: Logger;
  usage: MappingUsage;
  gatewayVersion: string;
  /** Re-read the 3.x status this often (ms) to catch changes the provider does not signal; 0 = never. */
  statusPollMs?: number;
  /** Retry delays when the logical service cannot be opened at start-up (doubling up to the maximum). */
  openRetry?: { initialDelayMs: number; maxDelayMs: number };
  /** dwTimeOut per command class, ms (0 = WFS_INDEFINITE_WAIT); see {@link CallTimeouts}. */
  timeouts?: CallTimeouts;
  /** Where the binding's journaled commands (cash and media movements) are written before they run. */
  journal?: OperationsJournal;
  /** Shared by every service of the gateway: device commands stop while it is held (coordinator.ts). */
  devices?: DeviceGate;
}

/**
 * dwTimeOut of every 3.x call by class: queries; movements of cash or media (commands that run to
 * completion); and other commands, which mostly wait for the customer (a card, keys) as long as the
 * application wants. A client's header timeout, when shorter, is passed on instead.
 */
export interface CallTimeouts {
  infoMs: number;
  movementMs: number;
  waitMs: number;
}

export const DEFAULT_CALL_TIMEOUTS: CallTimeouts = { infoMs: 60_000, movementMs: 180_000, waitMs: 0 };

/** Where the bridge gets its 3.x session: opened at start-up, retried until the service is there. */
export interface SessionSource {
  readonly logicalName: string;
  open(): Promise<XfsSession>;
  /** A second session to the same service, without event registration (ClassBinding.besideResources). */
  openBeside?(): Promise<XfsSession>;
}
