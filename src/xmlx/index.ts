// Public surface of the XML-X part: the reliable client, the reference host, the codec and types.
export { XmlxClient, deriveTransferId } from './client.ts';
export type {
  ClientAuth, HistoryQuery, QueryResult, ReliableXmlxClient, ResolveSummary, RetryPolicy,
  TransferInstruction, TransferOutcome, XmlxClientOptions,
} from './client-api.ts';
export { startXmlxHost } from './host.ts';
export type {
  AccountSpec, CurrencySpec, FeePolicy, FeeResult, HostStoreAdmin, LedgerEntrySummary, SeedSpec,
  TokenScheme, TokenValue, UserSpec, XmlxHost, XmlxHostOptions,
} from './host-api.ts';
export { DEMO_SEED } from './demo.ts';
export { Errno, XmlxError, errnoText } from './errors.ts';
export type * from './types.ts';
