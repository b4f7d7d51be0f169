// Status and capabilities content is kept in the newest shape (2024-03, message majors 3). The
// 2023-2 shape (majors 2) differs in a few interfaces, and 2024-03 dropped some 2023-2 properties;
// these pure functions give each release its own shape (mappings/definitions has both).
import type { JsonObject, JsonValue } from './backend.ts';

export type ContentKind = 'status' | 'capabilities';

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function without(value: JsonValue | undefined, names: readonly string[]): JsonValue | undefined {
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(value)) if (!names.includes(k)) out[k] = v;
  return out;
}

/**
 * 2024-03 keys each light by position ({cardReader: {center: {flashRate}}}); 2023-2 has one state per
 * light with its position inside ({cardReader: {position: 'center', flashRate}}).
 */
function lightsStatusTo2(lights: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [light, positions] of Object.entries(lights)) {
    if (!isObject(positions)) {
      out[light] = positions;
      continue;
    }
    const [position, state] = Object.entries(positions)[0] ?? [];
    if (position !== undefined && isObject(state)) out[light] = { position, ...state };
  }
  return out;
}

/** 2024-03 {individualFlashRates, lights: {cardReader: {center: {flashRate: {...}}}}} -> 2023-2 {cardReader: {flashRate: {...}, position: {center: true}}}. */
function lightsCapabilitiesTo2(capabilities: JsonObject): JsonObject {
  const lights = isObject(capabilities.lights) ? capabilities.lights : {};
  const out: JsonObject = {};
  for (const [light, positions] of Object.entries(lights)) {
    if (!isObject(positions)) continue;
    const entries = Object.entries(positions).filter((e): e is [string, JsonObject] => isObject(e[1]));
    if (entries.length === 0) continue;
    out[light] = { ...entries[0][1], position: Object.fromEntries(entries.map(([position]) => [position, true])) };
  }
  return out;
}

/** Properties 2023-2 does not define, by interface. */
const ONLY_2024_STATUS: Record<string, readonly string[]> = { auxiliaries: ['cabinetDoor'] };
/** Properties 2024-03 no longer defines (moved to the Storage interface or dropped), by interface. */
const ONLY_2023_STATUS: Record<string, readonly string[]> = { printer: ['retractBins'] };
const ONLY_2023_CAPABILITIES: Record<string, readonly string[]> = { printer: ['retractBins', 'maxRetract'], keyManagement: ['derivationAlgorithms', 'hsmVendor'] };

/** Interface content (Common.Status or Common.Capabilities payload, or a status change) in the shape of one major. */
export function interfacesForMajor(content: JsonObject, major: number, kind: ContentKind): JsonObject {
  const out: JsonObject = {};
  for (const [name, value] of Object.entries(content)) {
    let shaped: JsonValue | undefined = value;
    if (major >= 3) {
      const dropped = (kind === 'status' ? ONLY_2023_STATUS : ONLY_2023_CAPABILITIES)[name];
      if (dropped) shaped = without(value, dropped);
    } else {
      if (name === 'lights' && isObject(value)) shaped = kind === 'status' ? lightsStatusTo2(value) : lightsCapabilitiesTo2(value);
      const dropped = kind === 'status' ? ONLY_2024_STATUS[name] : undefined;
      if (dropped) shaped = without(shaped, dropped);
    }
    if (shaped !== undefined) out[name] = shaped;
  }
  return out;
}
