// Engine limits (issue 2, rule 15), with defaults sized for an ATM's handful of local clients.
export interface EngineLimits {
  /** Largest accepted WebSocket message in bytes; larger ones close the connection with 1009. */
  readonly maxMessageBytes: number;
  /** Deepest accepted JSON nesting; deeper messages get an invalidMessage acknowledge. */
  readonly maxJsonDepth: number;
  /** Queued + executing commands per connection; more get tooManyRequests. */
  readonly maxPendingPerConnection: number;
  /** Open WebSocket connections per publisher; more are closed with 1013. */
  readonly maxConnections: number;
  /** Bytes waiting in a connection's send buffer before the client is judged not to read (1008). */
  readonly maxBufferedBytes: number;
  /** Consecutive rejected messages on a connection before it is closed as a flood (1008). */
  readonly maxConsecutiveRejects: number;
}

export const DEFAULT_LIMITS: EngineLimits = {
  maxMessageBytes: 1024 * 1024,
  maxJsonDepth: 64,
  maxPendingPerConnection: 64,
  maxConnections: 256,
  maxBufferedBytes: 16 * 1024 * 1024,
  maxConsecutiveRejects: 1000,
};
