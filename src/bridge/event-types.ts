// The contract of the per-class event translators (3.x event -> what the bridge does about it).
import type { JsonObject } from '../xfs4iot/backend.ts';
import type { XfsEvent } from '../legacy-xfs3/types.ts';
import type { Coordinator } from './coordinator.ts';
import type { EnumTables } from './enums.ts';
import type { DeviceView } from './translator.ts';

export interface EventOutcome {
  /**
   * The XFS4IoT event's payload (the event named in the mapping is sent when present or when no
   * translator exists); a function of the release major where the releases spell a value differently.
   */
  payload?: JsonObject | ((major: number) => JsonObject);
  /** Properties to merge into the status (the engine sends Common.StatusChangedEvent). */
  statusPatch?: JsonObject;
  /** Re-read status and storage; differences become StatusChanged / StorageChanged events. */
  refresh?: boolean;
  /**
   * Send Storage.StorageChangedEvent for units even if the refresh sees no difference: the units the
   * 3.x event names (their XFS4IoT ids), or every unit (true) when it names none.
   */
  storageChanged?: boolean | readonly string[];
  /** Malformed or unexpected data: logged as a warning, nothing sent. */
  warning?: string;
}

export interface EventContext<Caps, Status> {
  readonly enums: EnumTables;
  readonly device: DeviceView<Caps, Status>;
  readonly coordinator?: Coordinator;
}

export type EventTranslator<Caps, Status> = (event: XfsEvent, ctx: EventContext<Caps, Status>) => EventOutcome;
