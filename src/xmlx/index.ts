// Public surface of the XML-X part: the reliable client, the reference host, the codec and types.
export { XmlxClient, deriveTransferId } from './client.ts';
export type {
  ClientAuth, HistoryQuery, QueryResult, ReliableXmlxClient, ResolveSummary, RetryPolicy,
  TransferInstruction, TransferOutcome, XmlxClientOptions,
} from './client-api.ts';
export { InsecureHostError, startXmlxHost } from './host.ts';
export type {
  AccountSpec, CurrencySpec, FeePolicy, FeeResult, HostStoreAdmin, LedgerEntrySummary, SeedSpec,
  TokenScheme, TokenValue, UserSpec, XmlxHost, XmlxHostOptions,
} from './host-api.ts';
export { DEMO_SEED } from './demo.ts';
export { Errno, XmlxError, errnoText } from './errors.ts';
export {
  DEFAULT_CODEC_LIMITS, memoFromText, memoText, parseFragment, parseXmlx, serializeFragment, serializeXmlx,
  type CodecLimits, type Fragments, type ParseResult,
} from './codec.ts';
export { dateFromTicks, formatTicks, isoFromTicks, nowTicks, ticksFromDate, ticksFromUnixNanos } from './time.ts';
export { canonicalReceipt, verifyReceipt, RECEIPT_SIGNATURE_TYPE } from './receipt-signature.ts';
export { HMAC_TOKEN_TYPE } from './tokens.ts';
export { REQUEST_SIGNATURE_TYPE, canonicalRequest, signatureAuth, verifyRequestSignature } from './request-signature.ts';
export { createXmlxLogger, REDACT_PATHS } from './logger.ts';
export type * from './types.ts';
