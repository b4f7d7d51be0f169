// Public surface of the XFS4IoT engine and client.
export * from './backend.ts';
export { ServicePublisher, startPublisher, API_PATH, type PublisherOptions } from './publisher.ts';
export { DEFAULT_LIMITS, type EngineLimits } from './limits.ts';
export { Xfs4IotClient, AcknowledgeError, type Message, type MessageHeader, type PendingCommand, type CommandOptions } from './client.ts';
export { discoverServices, type DiscoveredEndpoint, type DiscoveryOptions } from './discovery.ts';
export { portSequence, DISCOVERY_PORTS } from './port-sequence.ts';
export { createLogger, silentLogger, redact } from './logger.ts';
export { renderForMajor } from './status-store.ts';
export { ERRORS, EngineError } from './errors.ts';
export type { UnsolicitedRequestId } from './encode.ts';
