// Pure decoding of one incoming text frame into a command or a rejection (seed 2.3.2, 2.4.2).
// The header schema is written here and compiled once, at module load.
import { Ajv } from 'ajv';
import type { JsonObject } from './backend.ts';
import { ERRORS, type AckStatus, type ErrorKey } from './errors.ts';

export const NAME_PATTERN = '^[A-Za-z][A-Za-z0-9]*\\.[A-Za-z][A-Za-z0-9]*$';
export const VERSION_PATTERN = '^[1-9][0-9]*\\.(0|[1-9][0-9]*)$';

const nullableString = { type: ['string', 'null'] };

const messageSchema = {
  type: 'object',
  required: ['header'],
  additionalProperties: false,
  properties: {
    header: {
      type: 'object',
      required: ['type', 'name', 'version'],
      additionalProperties: false,
      properties: {
        type: { enum: ['command', 'acknowledge', 'event', 'completion', 'unsolicited'] },
        name: { type: 'string', pattern: NAME_PATTERN },
        version: { type: 'string', pattern: VERSION_PATTERN },
        // requestId is checked separately: a bad one is invalidRequestID, not invalidMessage.
        requestId: true,
        timeout: { type: 'integer', minimum: 0 },
        status: nullableString,
        completionCode: nullableString,
        errorDescription: nullableString,
      },
    },
    // The chapter (2.3.3) tells senders to leave an empty payload out; generated clients still send
    // `{}` for a command whose properties are all unset. It means no payload, and is read so.
    payload: { type: ['object', 'null'] },
  },
} as const;

const ajv = new Ajv({ allErrors: false, strict: true });
const validateMessage = ajv.compile(messageSchema);

export interface DecodedCommand {
  readonly ok: true;
  readonly name: string;
  readonly version: string;
  readonly major: number;
  readonly requestId: number;
  readonly timeout: number;
  readonly payload: JsonObject | undefined;
}

export interface Rejection {
  readonly ok: false;
  readonly ack: AckStatus;
  readonly error: ErrorKey;
  readonly detail?: string;
  /** Echoed in the acknowledge when the frame let us read them. */
  readonly name?: string;
  readonly version?: string;
  readonly requestId?: number;
}

export type Decoded = DecodedCommand | Rejection;

/** Maximum nesting of arrays/objects, counted outside strings; -1 when exceeded. */
export function nestingExceeds(text: string, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > maxDepth) return true;
    } else if (c === 125 || c === 93) depth--;
  }
  return false;
}

function reject(key: ErrorKey, detail?: string, echo?: { name?: unknown; version?: unknown; requestId?: unknown }): Rejection {
  const entry = ERRORS[key] as { ack: AckStatus };
  const out: { -readonly [K in keyof Rejection]: Rejection[K] } = { ok: false, ack: entry.ack, error: key };
  if (detail) out.detail = detail;
  if (echo) {
    if (typeof echo.name === 'string' && echo.name.length <= 256) out.name = echo.name;
    if (typeof echo.version === 'string' && echo.version.length <= 32) out.version = echo.version;
    if (Number.isSafeInteger(echo.requestId)) out.requestId = echo.requestId as number;
  }
  return out;
}

interface RawHeader { type: string; name: string; version: string; requestId?: unknown; timeout?: number; status?: unknown; completionCode?: unknown; errorDescription?: unknown }

/** Decodes a text frame. `maxDepth` bounds JSON nesting before parsing. */
export function decodeCommand(text: string, maxDepth: number): Decoded {
  if (nestingExceeds(text, maxDepth)) return reject('TOO_DEEP');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return reject('NOT_JSON');
  }
  const header = (parsed as { header?: Partial<RawHeader> } | null)?.header;
  const echo = typeof header === 'object' && header !== null ? header : undefined;
  if (!validateMessage(parsed)) {
    const err = validateMessage.errors?.[0];
    return reject('BAD_HEADER', err ? `${err.instancePath || '/'} ${err.message ?? ''}`.trim() : undefined, echo);
  }
  const message = parsed as { header: RawHeader; payload?: JsonObject | null };
  const h = message.header;
  if (h.type !== 'command') return reject('NOT_A_COMMAND', undefined, echo);
  if (h.status !== undefined || h.completionCode !== undefined || h.errorDescription !== undefined) {
    return reject('BAD_HEADER', 'status, completionCode and errorDescription are not command header properties', echo);
  }
  if (!Number.isSafeInteger(h.requestId) || (h.requestId as number) < 1) return reject('BAD_REQUEST_ID', undefined, echo);
  return {
    ok: true,
    name: h.name,
    version: h.version,
    major: Number.parseInt(h.version, 10),
    requestId: h.requestId as number,
    timeout: h.timeout ?? 0,
    payload: message.payload && Object.keys(message.payload).length > 0 ? message.payload : undefined,
  };
}
