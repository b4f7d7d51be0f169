// Running one command on one side of a recycler: the client's context with the payload that side
// understands, its events and completion renamed back to the recycler's unit ids. Only the CDM side
// needs renaming: the recycler keeps the CIM's ids (unit-ids.ts).
import type { CommandContext, CommandDefinition, CommandResult, JsonObject, VersionedPayload } from '../../xfs4iot/backend.ts';
import { invalidData } from '../translator.ts';
import { foreignUnitIds, renameUnits, type UnitIdMap } from './unit-ids.ts';
import type { RecyclerSide } from '../mapping-types.ts';

function renamePayload(payload: JsonObject | undefined, map: ReadonlyMap<string, string>): JsonObject | undefined {
  return payload === undefined ? undefined : (renameUnits(payload, map) as JsonObject);
}

export function renameVersioned(payload: VersionedPayload, map: ReadonlyMap<string, string>): VersionedPayload {
  if (typeof payload === 'function') return (major: number) => renamePayload(payload(major), map);
  return renamePayload(payload, map);
}

function innerContext(ctx: CommandContext, payload: JsonObject | undefined, emit: (name: string, payload?: VersionedPayload) => void): CommandContext {
  return {
    name: ctx.name, version: ctx.version, major: ctx.major, payload, signal: ctx.signal, requestId: ctx.requestId,
    connectionId: ctx.connectionId, timeoutMs: ctx.timeoutMs, log: ctx.log, emitEvent: emit,
  };
}

/**
 * `payload` is in recycler ids. `raw`: the CDM's completion is returned in its own ids (for the
 * recycler's own composition, e.g. GetStorage).
 */
export async function callSide(side: RecyclerSide, command: CommandDefinition, ctx: CommandContext, payload: JsonObject | undefined, ids: UnitIdMap, raw = false): Promise<CommandResult> {
  if (side === 'cim') return command.handler(innerContext(ctx, payload, (name, p) => ctx.emitEvent(name, p)));
  // A recycler id the dispenser lacks (the acceptor's cash-in cassette) must not reach the CDM, where
  // the same text may name a different cassette.
  const foreign = foreignUnitIds(payload, ids.toCdm);
  if (foreign.length > 0) return invalidData(`${ctx.name}: ${foreign.join(', ')} is not a cassette of the dispenser (see Storage.GetStorage)`);
  const emit = (name: string, p?: VersionedPayload): void => ctx.emitEvent(name, renameVersioned(p, ids.fromCdm));
  const result = await command.handler(innerContext(ctx, renamePayload(payload, ids.toCdm), emit));
  return raw || result.payload === undefined ? result : { ...result, payload: renamePayload(result.payload, ids.fromCdm) };
}
