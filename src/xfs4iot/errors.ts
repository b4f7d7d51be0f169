// The one registry of engine errors. Each has a stable code (logged, documented) and the protocol's
// own answer: an acknowledge status, a completion code, or a WebSocket close code.
import type { CompletionCode } from './backend.ts';

export type AckStatus = 'invalidMessage' | 'invalidRequestID' | 'tooManyRequests';

interface AckError { readonly code: string; readonly ack: AckStatus; readonly text: string }
interface CompletionError { readonly code: string; readonly completion: CompletionCode; readonly text: string }
interface CloseError { readonly code: string; readonly close: number; readonly text: string }
interface ConfigError { readonly code: string; readonly text: string }

export const ERRORS = {
  // Acknowledge statuses (nothing else is sent for the command).
  BINARY_FRAME: { code: 'X4I-001', ack: 'invalidMessage', text: 'binary frames are not XFS4IoT messages' },
  NOT_JSON: { code: 'X4I-002', ack: 'invalidMessage', text: 'message is not valid JSON' },
  TOO_DEEP: { code: 'X4I-003', ack: 'invalidMessage', text: 'message nesting exceeds the limit' },
  BAD_HEADER: { code: 'X4I-004', ack: 'invalidMessage', text: 'message header is invalid' },
  NOT_A_COMMAND: { code: 'X4I-005', ack: 'invalidMessage', text: 'only command messages may be sent to a service' },
  BAD_REQUEST_ID: { code: 'X4I-006', ack: 'invalidRequestID', text: 'requestId must be an integer >= 1' },
  REQUEST_ID_NOT_INCREASING: { code: 'X4I-007', ack: 'invalidRequestID', text: 'requestId not greater than the last one on this connection' },
  REQUEST_ID_IN_USE: { code: 'X4I-008', ack: 'invalidRequestID', text: 'requestId matches a queued or executing command' },
  TOO_MANY_REQUESTS: { code: 'X4I-009', ack: 'tooManyRequests', text: 'too many queued and executing commands on this connection' },
  // Completion codes.
  UNKNOWN_COMMAND: { code: 'X4I-020', completion: 'invalidCommand', text: 'command is not known to this service' },
  UNSUPPORTED_COMMAND: { code: 'X4I-021', completion: 'unsupportedCommand', text: 'command is defined for the interface but not supported by this service' },
  UNSUPPORTED_VERSION: { code: 'X4I-022', completion: 'unsupportedCommand', text: 'command major version not supported' },
  INVALID_PAYLOAD: { code: 'X4I-023', completion: 'invalidData', text: 'payload does not match its schema' },
  DEVICE_STARTING: { code: 'X4I-024', completion: 'sequenceError', text: 'device is starting; only Common.Status is accepted' },
  HANDLER_FAILED: { code: 'X4I-025', completion: 'internalError', text: 'command handler failed' },
  CANCELED: { code: 'X4I-026', completion: 'canceled', text: 'canceled by Common.Cancel' },
  TIMED_OUT: { code: 'X4I-027', completion: 'timeOut', text: 'command timed out' },
  UNSUPPORTED_VERSION_SELECTION: { code: 'X4I-028', completion: 'unsupportedData', text: 'requested message version not supported' },
  PUBLISHER_ONLY_GETSERVICES: { code: 'X4I-029', completion: 'invalidCommand', text: 'the publisher endpoint only accepts ServicePublisher.GetServices' },
  SHUTDOWN: { code: 'X4I-030', completion: 'canceled', text: 'service is shutting down' },
  OUTGOING_INVALID: { code: 'X4I-031', completion: 'internalError', text: 'backend message does not match its schema' },
  AUTHORIZATION_REQUIRED: { code: 'X4I-032', completion: 'authorizationRequired', text: 'commands that move cash need an authenticated connection (loopback, or a client certificate the gateway trusts)' },
  // WebSocket close codes (RFC 6455).
  MESSAGE_TOO_BIG: { code: 'X4I-040', close: 1009, text: 'message exceeds the maximum size' },
  TOO_MANY_CONNECTIONS: { code: 'X4I-041', close: 1013, text: 'connection limit reached' },
  SLOW_CONSUMER: { code: 'X4I-042', close: 1008, text: 'client does not read its messages' },
  FLOOD: { code: 'X4I-043', close: 1008, text: 'too many invalid messages' },
  GOING_AWAY: { code: 'X4I-044', close: 1001, text: 'service is shutting down' },
  IDLE_EVICTED: { code: 'X4I-045', close: 1013, text: 'closed to make room: no valid command since the connection opened' },
  READING_PAUSED: { code: 'X4I-046', text: 'not reading this client\'s commands until it takes what was sent to it' },
  // Device layer (logged; the client gets the completion the bridge maps).
  PROVIDER_STALLED: { code: 'X4I-050', text: 'XFS 3.x provider answered neither within dwTimeOut nor to the cancel' },
  PROVIDER_LATE_RESULT: { code: 'X4I-051', text: 'real result of an XFS 3.x request the watchdog had given up on' },
  MOVEMENT_INTERRUPTED: { code: 'X4I-052', text: 'cash or media movement interrupted by the end of the previous process: outcome unknown' },
  JOURNAL_UNAVAILABLE: { code: 'X4I-053', text: 'operations journal could not be written' },
  MOVEMENT_STARTED: { code: 'X4I-054', text: 'cash or media movement starting' },
  JOURNAL_STEPS_DAMAGED: { code: 'X4I-055', text: 'operations journal: unreadable step lines ignored at start-up' },
  // Configuration and start-up.
  NO_FREE_PORT: { code: 'X4I-060', text: 'no port of the sequence could be bound' },
  INSECURE_NOT_LOOPBACK: { code: 'X4I-061', text: 'plain ws is only allowed on a loopback address unless allowInsecure is set' },
  BAD_SERVICE_DEFINITION: { code: 'X4I-062', text: 'service definition is invalid' },
} as const satisfies Record<string, AckError | CompletionError | CloseError | ConfigError>;

export type ErrorKey = keyof typeof ERRORS;

/** Thrown for configuration and definition faults found at start-up (broken invariants). */
export class EngineError extends Error {
  readonly code: string;
  constructor(key: ErrorKey, detail?: string) {
    const entry = ERRORS[key];
    super(detail ? `${entry.text}: ${detail}` : entry.text);
    this.code = entry.code;
    this.name = 'EngineError';
  }
}
