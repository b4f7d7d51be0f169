// The XML-X core data model (seed 002), as plain data. Amounts and times are bigint: no floating
// point anywhere. Identifiers are stored trimmed of the padding the seed's examples show.

/** XML-X time: the count of 100 ns ticks since 1601-01-01T00:00:00Z ("win32" time). */
export type Ticks = bigint;

/**
 * The raw XML content of a <Memo>, kept byte for byte (nested elements, namespaces, whitespace).
 * Plain text must be escaped before it becomes a MemoXml: use `memoFromText` from codec.
 */
export type MemoXml = string;

/** An account, user, currency or transfer identifier, optionally augmented with a public name. */
export interface Named {
  id: string;
  /** The `name` attribute a server may add in history responses ("Augmented Ids"). */
  name?: string;
}

export interface ValueToken {
  /** Token technology (`sox3`, `hmac1`, ...); may be empty. */
  type: string;
  /** Token data, outer whitespace trimmed, inner layout kept. Empty in a Withdraw's proto-token. */
  data: string;
}

export interface Signature {
  type?: string;
  data: string;
}

export interface Transfer {
  payee: string;
  payeeName?: string;
  payer: string;
  payerName?: string;
  currencyId: string;
  /** Non-negative count of the currency's smallest unit. */
  amount: bigint;
  /** Idempotency key, unique within the payer account. */
  transferId?: string;
  memo?: MemoXml;
  feeHint?: string;
}

export interface Withdraw {
  payer: string;
  payerName?: string;
  currencyId: string;
  amount: bigint;
  /** The kind of token wanted (and any proto-token data). */
  valueToken: ValueToken;
  payee?: string;
  payeeName?: string;
  transferId?: string;
  memo?: MemoXml;
  feeHint?: string;
}

export interface Settle {
  payee: string;
  payeeName?: string;
  currencyId?: string;
  valueToken: ValueToken;
  amount?: bigint;
  transferId?: string;
  memo?: MemoXml;
  feeHint?: string;
}

/** What a TransferRequest carries and a Receipt includes: exactly one of the three. */
export type Operation =
  | { kind: 'transfer'; transfer: Transfer }
  | { kind: 'withdraw'; withdraw: Withdraw }
  | { kind: 'settle'; settle: Settle };

export interface Receipt {
  receiptId: string;
  time: Ticks;
  operation: Operation;
  userId: string;
  userName?: string;
  /** Present when the amount credited to the payee differs from Amount. */
  payeeAmount?: bigint;
  /** Present when the amount debited from the payer differs from Amount. */
  payerAmount?: bigint;
  /** The token produced by a Withdraw. */
  valueToken?: ValueToken;
  signature?: Signature;
}

export type AuthMethod =
  | { kind: 'password'; password: string }
  | { kind: 'signature'; signature: Signature }
  | { kind: 'token'; token: string }
  | { kind: 'none' };

export interface Auth {
  userId: string;
  method: AuthMethod;
}

export type MatchKind =
  | { kind: 'exact'; value: string; caseSensitive: boolean }
  | { kind: 'contains'; value: string; caseSensitive: boolean }
  /** From/Till; an absent bound is the widest possible range. */
  | { kind: 'range'; from?: string; till?: string };

export interface Search {
  kind: 'search';
  not: boolean;
  /** A Receipt tag name: ReceiptId, Time, PayeeId, PayerId, CurrencyId, Amount, TransferId, ... */
  tag: string;
  match: MatchKind;
}

export interface CompositeSearch {
  kind: 'composite';
  not: boolean;
  logic: 'and' | 'or';
  items: SearchNode[];
}

export type SearchNode = Search | CompositeSearch;

export interface SortKey {
  tag: string;
  ascend: boolean;
}

export interface TransferRequest {
  kind: 'TransferRequest';
  rid?: string;
  auth: Auth;
  operation: Operation;
}

export interface BalanceRequest {
  kind: 'BalanceRequest';
  rid?: string;
  auth: Auth;
  accountId: string;
  currencyId?: string;
}

export interface HistoryRequest {
  kind: 'HistoryRequest';
  rid?: string;
  auth: Auth;
  accountId: string;
  currencyId?: string;
  search?: SearchNode;
  sort?: SortKey[];
}

export type SingleRequest = TransferRequest | BalanceRequest | HistoryRequest;

/**
 * A batch of requests in one document (this project's extension; the seed names none): the
 * response is a CompositeResponse with one response or ErrorResponse per request, in order.
 */
export interface CompositeRequest {
  kind: 'CompositeRequest';
  rid?: string;
  requests: SingleRequest[];
}

export type XmlxRequest = SingleRequest | CompositeRequest;

export interface TransferResponse {
  kind: 'TransferResponse';
  rid?: string;
  receipt: Receipt;
}

export interface Balance {
  accountId: string;
  currencyId: string;
  /** Signed: `<Total negative="true">` becomes a negative bigint. */
  total: bigint;
  time?: Ticks;
}

export interface BalanceResponse {
  kind: 'BalanceResponse';
  rid?: string;
  balances: Balance[];
}

export interface HistoryResponse {
  kind: 'HistoryResponse';
  rid?: string;
  /** Opaque attributes of the seed's example; this host sets `when` to the response time. */
  open?: string;
  close?: string;
  when?: string;
  receipts: Receipt[];
}

export interface ErrorResponse {
  kind: 'ErrorResponse';
  rid?: string;
  errno: number;
  text?: string;
  additional?: string;
}

export type SingleResponse = TransferResponse | BalanceResponse | HistoryResponse | ErrorResponse;

export interface CompositeResponse {
  kind: 'CompositeResponse';
  rid?: string;
  responses: SingleResponse[];
}

export type XmlxResponse = SingleResponse | CompositeResponse;

export type XmlxDocument = XmlxRequest | XmlxResponse;
