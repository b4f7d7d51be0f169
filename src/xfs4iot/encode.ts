// Pure encoders of the outgoing message types (seed 2.4). Success defaults (status null,
// completionCode null) are left out, as the header table allows.
import type { CommandResult, JsonObject } from './backend.ts';
import type { AckStatus } from './errors.ts';

/** How unsolicited messages carry requestId: omitted (seed 2.3.2.4) or 0 (seed 2.4.5). */
export type UnsolicitedRequestId = 'omit' | 'zero';

const q = JSON.stringify;

// An empty payload is left out: a message the release defines without a payload (Printer.MediaTakenEvent,
// KeyManagement.InitializedEvent) then has none, and one whose properties are all optional decodes alike.
function withPayload(head: string, payload: JsonObject | undefined): string {
  return payload === undefined || Object.keys(payload).length === 0 ? `{"header":${head}}` : `{"header":${head},"payload":${q(payload)}}`;
}

export function encodeAck(name: string, version: string, requestId: number | undefined, status?: AckStatus): string {
  let head = `{"type":"acknowledge","name":${q(name)},"version":${q(version)}`;
  if (requestId !== undefined) head += `,"requestId":${requestId}`;
  if (status) head += `,"status":"${status}"`;
  return `{"header":${head}}}`;
}

export function encodeEvent(name: string, version: string, requestId: number, payload: JsonObject | undefined): string {
  return withPayload(`{"type":"event","name":${q(name)},"version":${q(version)},"requestId":${requestId}}`, payload);
}

export function encodeUnsolicited(name: string, version: string, payload: JsonObject | undefined, requestIdMode: UnsolicitedRequestId): string {
  const rid = requestIdMode === 'zero' ? ',"requestId":0' : '';
  return withPayload(`{"type":"unsolicited","name":${q(name)},"version":${q(version)}${rid}}`, payload);
}

/** Merges `errorCode` into the payload, as the spec places it there. */
export function completionPayload(result: CommandResult): JsonObject | undefined {
  if (result.errorCode === undefined) return result.payload && Object.keys(result.payload).length > 0 ? result.payload : undefined;
  return { ...result.payload, errorCode: result.errorCode };
}

export function encodeCompletion(name: string, version: string, requestId: number, result: CommandResult): string {
  let head = `{"type":"completion","name":${q(name)},"version":${q(version)},"requestId":${requestId}`;
  if (result.completionCode !== null) {
    head += `,"completionCode":"${result.completionCode}"`;
    // The seed allows errorDescription for every code except canceled and timeOut.
    if (result.errorDescription !== undefined && result.completionCode !== 'canceled' && result.completionCode !== 'timeOut') {
      head += `,"errorDescription":${q(result.errorDescription)}`;
    }
  }
  return withPayload(head + '}', completionPayload(result));
}

/** Completion whose payload is already serialised (cached Common.Status answers). */
export function encodeCompletionRaw(name: string, version: string, requestId: number, payloadJson: string): string {
  return `{"header":{"type":"completion","name":${q(name)},"version":${q(version)},"requestId":${requestId}},"payload":${payloadJson}}`;
}
