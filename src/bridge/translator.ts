// What a per-command translator sees: the validated XFS4IoT payload, the 3.x session calls bound to
// this command (cancelation, timeout, execute events and usage recording already wired), the enum
// tables, and the device's cached capabilities and status. Translators are small functions, one per
// command, named in the mapping file.
import type { JournalView } from './journaled-execute.ts';
import type { CommandResult, JsonObject } from '../xfs4iot/backend.ts';
import type { XfsCompletion, XfsVersion } from '../legacy-xfs3/types.ts';
import type { Coordinator } from './coordinator.ts';
import type { EnumTables, Warn } from './enums.ts';

export interface DeviceView<Caps, Status> {
  readonly version: XfsVersion;
  capabilities: Caps;
  status: Status;
  /** Storage exchange state the gateway keeps for classes without one. */
  exchangeActive: boolean;
}

export interface CommandCall<Caps, Status> {
  readonly name: string;
  readonly payload: JsonObject | undefined;
  readonly major: number;
  /** The client connection that sent the command. */
  readonly connectionId: number;
  readonly enums: EnumTables;
  readonly device: DeviceView<Caps, Status>;
  /** The class's coordinator, when its binding makes one. */
  readonly coordinator?: Coordinator;
  execute(command: string, data: unknown): Promise<XfsCompletion<unknown>>;
  getInfo(category: string, query?: unknown): Promise<XfsCompletion<unknown>>;
  /** The XFS4IoT completion for a failed 3.x completion, through the error tables. */
  failure(completion: XfsCompletion<unknown>): CommandResult;
  /** Re-reads the 3.x status (and storage) now; changes become StatusChanged/StorageChanged events. */
  refresh(): Promise<void>;
  /**
   * Starts the status read the completion waits for now, beside the translator's own last queries,
   * instead of after it returns. Only once the command's last execute has completed: the read must
   * see what the command did.
   */
  statusRead(): Promise<void>;
  /** This service's entries of the operations journal, when one is configured. */
  readonly journal?: JournalView;
  warn: Warn;
}

export type CommandTranslator<Caps, Status> = (call: CommandCall<Caps, Status>) => Promise<CommandResult>;

export function success(payload?: JsonObject): CommandResult {
  return payload && Object.keys(payload).length > 0 ? { completionCode: null, payload } : { completionCode: null };
}

export function unsupportedData(reason: string): CommandResult {
  return { completionCode: 'unsupportedData', errorDescription: reason };
}

export function unsupportedCommand(reason: string): CommandResult {
  return { completionCode: 'unsupportedCommand', errorDescription: reason };
}

export function invalidData(reason: string): CommandResult {
  return { completionCode: 'invalidData', errorDescription: reason };
}

export function commandError(errorCode: string, description: string): CommandResult {
  return { completionCode: 'commandErrorCode', errorCode, errorDescription: description };
}

/** Whether a translator's helper returned a completion (a refusal) instead of its value. */
export function isResult(value: unknown): value is CommandResult {
  return typeof value === 'object' && value !== null && 'completionCode' in value;
}

/** Drops undefined members so payloads stay valid JSON objects. */
export function compact(object: Record<string, unknown>): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(object)) if (value !== undefined) out[key] = value as JsonObject[string];
  return out;
}
