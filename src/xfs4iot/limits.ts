// Engine limits (issue 2, rule 15), with defaults sized for an ATM's handful of local clients.
export interface EngineLimits {
  /** Largest accepted WebSocket message in bytes; larger ones close the connection with 1009. */
  readonly maxMessageBytes: number;
  /** Deepest accepted JSON nesting; deeper messages get an invalidMessage acknowledge. */
  readonly maxJsonDepth: number;
  /** Queued + executing commands per connection; more get tooManyRequests. */
  readonly maxPendingPerConnection: number;
  /** Open service connections per publisher (all services together); more are closed with 1013. */
  readonly maxConnections: number;
  /** Open connections per service endpoint (default: maxConnections). */
  readonly maxConnectionsPerService: number;
  /** Open connections to the discovery endpoint: a budget of its own, so a full house never hides the services. */
  readonly maxDiscoveryConnections: number;
  /**
   * When a budget is full, a connection open this long (ms) without one valid command is closed to
   * make room (1013), oldest first: idle sockets cannot lock legitimate clients out.
   */
  readonly idleGraceMs: number;
  /** Bytes waiting in a connection's send buffer before the client is judged not to read (1008). */
  readonly maxBufferedBytes: number;
  /** Messages waiting to be written to a connection's socket before the client is judged not to read (1008). */
  readonly maxBufferedMessages: number;
  /**
   * Bytes waiting for a client past which the gateway stops reading its commands until it has caught
   * up (TCP back-pressure): a client that sends without reading costs the gateway neither CPU nor memory.
   */
  readonly readPauseBytes: number;
  /** A client whose output has not drained for this long (ms) while its reading is paused is disconnected (1008). */
  readonly stalledReaderMs: number;
  /** Repeated log lines of one code: this many in full per interval, then one summary line. */
  readonly logBurst: number;
  readonly logIntervalMs: number;
  /** Consecutive rejected messages on a connection before it is closed as a flood (1008). */
  readonly maxConsecutiveRejects: number;
}

export const DEFAULT_LIMITS: EngineLimits = {
  maxMessageBytes: 1024 * 1024,
  maxJsonDepth: 64,
  maxPendingPerConnection: 64,
  maxConnections: 256,
  maxConnectionsPerService: 256,
  maxDiscoveryConnections: 16,
  idleGraceMs: 10_000,
  // A client that reads keeps this near 0; 4 MiB still holds four of the largest messages.
  maxBufferedBytes: 4 * 1024 * 1024,
  maxBufferedMessages: 8192,
  readPauseBytes: 256 * 1024,
  stalledReaderMs: 30_000,
  logBurst: 5,
  logIntervalMs: 10_000,
  maxConsecutiveRejects: 1000,
};
