// What one XFS 3.x service class contributes to the generic bridge service: its translators, payload
// schemas, events and the builders of status, capabilities and storage. Adding a class (CDM, PIN, ...)
// means writing one of these plus its mapping file.
import type { JsonObject, PayloadSchema } from '../xfs4iot/backend.ts';
import type { XfsCompletion, XfsServiceClass, XfsVersionInfo } from '../legacy-xfs3/types.ts';
import type { Coordinator, CoordinatorAccess } from './coordinator.ts';
import type { EnumTables } from './enums.ts';
import type { EventTranslator } from './event-types.ts';
import type { CommandTranslator, DeviceView } from './translator.ts';
import type { StorageUnitSource } from './unit-builds.ts';

/** Supported message majors of one command and its payload schema per major. */
export interface CommandSchemaEntry {
  majors: number[];
  payload: (major: number) => PayloadSchema | undefined;
}

export interface ClassBinding<Caps, Status> {
  readonly serviceClass: XfsServiceClass;
  /** File name under mappings/. */
  readonly mappingFile: string;
  readonly statusCategory: string;
  readonly capabilitiesCategory: string;
  readonly commandTranslators: Record<string, CommandTranslator<Caps, Status>>;
  readonly eventTranslators: Record<string, EventTranslator<Caps, Status>>;
  readonly commandSchemas: Record<string, CommandSchemaEntry>;
  readonly events: Record<string, { kind: 'event' | 'unsolicited'; version: string }>;
  /**
   * Commands whose XFS4IoT resources are all among these run on a second 3.x session (opened without
   * event registration), so that the provider may run them beside a long command of the first one.
   */
  readonly besideResources?: readonly string[];
  /** Common.Status content: `common` plus the class's interface objects. */
  buildStatus(status: Status, enums: EnumTables, device: DeviceView<Caps, Status>): JsonObject;
  /** Common.Capabilities content: `common` plus the class's interface objects. */
  buildCapabilities(caps: Caps, enums: EnumTables, info: XfsVersionInfo, gatewayVersion: string): JsonObject;
  /**
   * Reads what `Status` holds; absent = one WFSGetInfo of `statusCategory`. Classes whose storage lives
   * in another category (the CDM's cash units) read it here too, so that every status read (start-up,
   * after each command, polls, events) also sees the storage.
   */
  readStatus?(getInfo: (category: string) => Promise<XfsCompletion<unknown>>, previous: Status | undefined): Promise<XfsCompletion<unknown>>;
  /**
   * Commands after which the storage cannot have changed (nothing moved into or out of a unit): the
   * read before their completion is `readState`, not the full `readStatus`. A read that a 3.x event
   * asked for (CASHUNITINFOCHANGED) stays a full one.
   */
  keepsStorage?(command: string, caps: Caps): boolean;
  /** The status read without the storage, which `previous` keeps (used with keepsStorage). */
  readState?(getInfo: (category: string) => Promise<XfsCompletion<unknown>>, previous: Status): Promise<XfsCompletion<unknown>>;
  /**
   * Reads what `Caps` holds; absent = one WFSGetInfo of `capabilitiesCategory`. Classes whose
   * capabilities span categories (the CIM's position capabilities) read them all here.
   */
  readCapabilities?(getInfo: (category: string) => Promise<XfsCompletion<unknown>>): Promise<XfsCompletion<unknown>>;
  /** 3.x commands that move cash or media: journaled before they run (operations-journal.ts). */
  readonly journaledCommands?: ReadonlySet<string>;
  /** Storage units keyed by unit id (empty when the class has none); built in full at every changed read. */
  buildStorage?(status: Status, caps: Caps, enums: EnumTables): JsonObject;
  /** Storage built unit by unit instead: a read rebuilds only the units whose 3.x input changed. */
  readonly storageUnits?: StorageUnitSource<Caps, Status>;
  /** What `buildStatus` reads of the status, when it is not all of it (absent: all of it). */
  readonly statusInputs?: (status: Status) => unknown;
  /** State kept between commands and events (coordinator.ts), made once per service. */
  createCoordinator?(access: CoordinatorAccess): Coordinator;
}
