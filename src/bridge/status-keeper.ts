// Keeps the XFS4IoT status of one bridged service from 3.x status reads: builds the Common.Status
// content only when the read differs from the last one (the engine then sends StatusChangedEvent with
// the changed properties), and announces changed storage units as Storage.StorageChangedEvent.
import type { JsonObject, StatusStore } from '../xfs4iot/backend.ts';
import type { ClassBinding } from './class-binding.ts';
import type { EnumTables } from './enums.ts';
import type { DeviceView } from './translator.ts';
import type { MappingUsage } from './usage.ts';
import { forced, UnitBuilds } from './unit-builds.ts';

export class StatusKeeper<Caps, Status> {
  private lastRawStatus = '';
  private lastExchange = false;
  private storageSnapshot = new Map<string, string>();
  private builtUnits: JsonObject = {};
  private readonly unitBuilds: UnitBuilds<Caps, Status> | undefined;

  constructor(
    private readonly binding: ClassBinding<Caps, Status>,
    private readonly enums: EnumTables,
    private readonly store: StatusStore,
    private readonly usage: MappingUsage,
    private readonly emitUnsolicited: (name: string, payload: JsonObject) => void,
  ) {
    this.unitBuilds = binding.storageUnits ? new UnitBuilds(binding.storageUnits, enums) : undefined;
  }

  /**
   * A 3.x status read. `announceStorage`: changed units go out as StorageChangedEvent; `forceStorage`:
   * also these units (a 3.x event named them), or all of them (true), even where nothing differs.
   */
  apply(device: DeviceView<Caps, Status>, status: Status, announceStorage: boolean, forceStorage: boolean | ReadonlySet<string> = false): void {
    device.status = status;
    // Most reads find the device as it was: nothing to build, nothing to announce. A class whose
    // status properties come from part of its read compares that part only (not its units, twice).
    const statusInputs = this.binding.statusInputs;
    const raw = JSON.stringify(statusInputs ? statusInputs(status) : status);
    if (raw !== this.lastRawStatus || device.exchangeActive !== this.lastExchange) {
      this.lastRawStatus = raw;
      this.lastExchange = device.exchangeActive;
      this.store.update(this.binding.buildStatus(status, this.enums, device));
      this.usage.mark(`${this.binding.mappingFile}:commands/Common.Status`);
    } else if (!statusInputs && forceStorage === false) {
      return;
    }
    if (this.unitBuilds) {
      const { units, changed } = this.unitBuilds.read(status, device.capabilities, forceStorage);
      this.builtUnits = units;
      this.announce(announceStorage, changed);
      return;
    }
    if (!this.binding.buildStorage) return;
    const units = this.binding.buildStorage(status, device.capabilities, this.enums);
    this.builtUnits = units;
    const changed: JsonObject = {};
    const next = new Map<string, string>();
    for (const [id, unit] of Object.entries(units)) {
      const text = JSON.stringify(unit);
      next.set(id, text);
      if (forced(forceStorage, id) || this.storageSnapshot.get(id) !== text) changed[id] = unit;
    }
    this.storageSnapshot = next;
    this.announce(announceStorage, changed);
  }

  private announce(announceStorage: boolean, changed: JsonObject): void {
    if (announceStorage && Object.keys(changed).length > 0) this.emitUnsolicited('Storage.StorageChangedEvent', changed);
  }

  /** The storage units the last read that changed them built (empty before the first read). */
  get units(): JsonObject {
    return this.builtUnits;
  }

  /** Status changes that do not come from a status read (events, offline); the next read is applied in full. */
  patch(patch: JsonObject): void {
    this.lastRawStatus = '';
    this.store.update(patch);
  }
}
