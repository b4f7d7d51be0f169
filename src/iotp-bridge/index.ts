// Public surface of the IOTP Payment Bridge (RFC 3867) over the XML-X payment host.
export { IotpBridge, CALL_ROLES } from './bridge.ts';
export { iotpRoutes, type IotpRoutesOptions } from './routes.ts';
export { openEmbeddedIotp, prunePaymentData, DEMO_IOTP, type EmbeddedIotp, type EmbeddedIotpOptions } from './embedded.ts';
export type { IotpBridgeOptions, PaymentHostPort, PaymentInstrument } from './config.ts';
export { IOTP_ERROR_CODES, type IotpError, type IotpErrorCode, type ErrorLocation, type Severity } from './errors.ts';
export { API_NAMESPACE, CALL_NAMES, PROCESS_STATES, type CallName, type ProcessState } from './schema.ts';
export { ROLES, canTransition, allowedTransitions, type Role } from './states.ts';
export { toMinorUnits, fromMinorUnits, ISO4217_DECIMALS } from './amount.ts';
export { XMLX_BRAND_ID, XMLX_PROTOCOL_ID, XMLX_AUTH_ALGORITHM, CONTENT as XMLX_SCHEME_CONTENT } from './scheme.ts';
export type { ProgressEvent } from './progress.ts';
export { parseXml, serializeXml, element, type XmlElement } from './xml.ts';
export { IotpClients, newClientToken, tokenSha256, CLIENT_ID_PATTERN, type IotpClientEntry } from './clients.ts';
