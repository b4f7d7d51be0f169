// Public types of the reliable XML-X client. Stable API: the IOTP bridge builds on it.
import type { ClientTls } from './transport.ts';
import type { Logger } from 'pino';
import type { Balance, Receipt, SearchNode, SortKey } from './types.ts';

/**
 * Credentials the client authenticates with. Never logged, never written to the journal. With a
 * private key (Ed25519, PKCS#8 PEM) every request is signed and no secret travels at all; the host
 * must know the user's public key (UserSpec.publicKey).
 */
export type ClientAuth =
  | { userId: string; password: string }
  | { userId: string; token: string }
  | { userId: string; privateKey: string };

export interface RetryPolicy {
  /** Sends per `transfer()` call before the outcome is reported as unknown (default 5). */
  attempts: number;
  /** First back-off delay; doubles per attempt with jitter (default 50 ms). */
  initialDelayMs: number;
  /** Ceiling of the back-off delay (default 2,000 ms). */
  maxDelayMs: number;
}

export interface XmlxClientOptions {
  /** The host's XML-X endpoint, e.g. `http://127.0.0.1:8700/xmlx` (HTTP POST, one document each way). */
  hostUrl: string;
  /** https: the CA that signs the host's certificate, and a client certificate to present. */
  tls?: ClientTls;
  /** SQLite file of the durable journal; created on first use (WAL, synchronous=FULL). */
  journalPath: string;
  auth: ClientAuth;
  /** Per-request timeout; a timeout makes the outcome unknown, never failed (default 10,000 ms). */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /**
   * Mixed into every TransferId, so that two independent clients paying from the same account with
   * colliding business keys cannot collide (default: none).
   */
  idNamespace?: string;
  /**
   * The host's receipt key (SPKI PEM, `XmlxHost.receiptPublicKey`). When set, a receipt whose
   * Ed25519 signature does not verify is not accepted as proof of payment (the outcome stays unknown).
   */
  hostPublicKey?: string;
  logger?: Logger;
}

/** One payment to carry to the host. */
export interface TransferInstruction {
  /** The caller's unique key for this payment (the IOTP bridge passes its PayId). */
  businessKey: string;
  /** Paying account (AccountId at the host). */
  payer: string;
  /** Receiving account. */
  payee: string;
  /** Smallest currency unit, non-negative. */
  amount: bigint;
  /** CurrencyId at the host. */
  currency: string;
  /** Plain text; escaped into the <Memo>. */
  memo?: string;
  /**
   * Send again, with the same TransferId, a transfer the host refused for certain (a reversal the
   * payee could not fund yet, say). Safe because the id is the same: if any copy executes, it
   * executes once. Refusals by ALREADY (the id belongs to another payment) are never resent.
   */
  resendRefused?: boolean;
}

/**
 * The three results the seed says a client must expect.
 * - succeeded: the host executed the transfer (possibly on an earlier attempt or by an earlier
 *   process: `duplicate` tells that the receipt was recovered rather than freshly issued).
 * - failed: the host said, with certainty, that it did not execute it (`errno` is the XML-X errno).
 *   `retryable` marks refusals that may succeed later with the same business key (LATER, a client
 *   still recovering after restart). errno ALREADY with `existingReceipt` means the business key
 *   was already used for a different payment.
 * - unknown: no certain answer yet (timeout, dropped connection, host down, a refusal of a copy that
 *   may have executed before and that a History lookup has not settled, an outcome that could not be
 *   journaled). The journal keeps the transfer; `resolvePending()` or another `transfer()` with the
 *   same business key resolves it. Never reported as failed: only a journaled certainty is final.
 */
export type TransferOutcome =
  | { status: 'succeeded'; transferId: string; receipt: Receipt; duplicate: boolean }
  | {
      status: 'failed';
      transferId: string;
      errno: number;
      text: string;
      retryable: boolean;
      existingReceipt?: Receipt;
    }
  | {
      status: 'unknown';
      transferId: string;
      reason: string;
      /**
       * receiptSignature: the host says it executed the transfer, but its receipt does not verify
       * against the configured host key (a forged answer, or a host key or serialiser that changed).
       * Not retried: the transfer waits, alarmed in the journal, for an operator.
       */
      alarm?: 'receiptSignature';
    };

/** Result of a read-only request (Balance, History), which is safe to repeat. */
export type QueryResult<T> =
  | { status: 'ok'; value: T }
  | { status: 'error'; errno: number; text: string }
  | { status: 'unavailable'; reason: string };

export interface HistoryQuery {
  accountId: string;
  currencyId?: string;
  search?: SearchNode;
  sort?: SortKey[];
}

export interface ResolveSummary {
  resolved: number;
  unresolved: number;
}

/** The reliable client's surface (implemented by `XmlxClient` in client.ts). */
export interface ReliableXmlxClient {
  /** Deterministic TransferId of a business key for a payer account (same inputs, same id). */
  transferIdFor(businessKey: string, payer: string): string;
  /**
   * Carries one payment exactly once: journals the TransferId and request bytes before the first
   * send, reuses them on every retry, and returns the outcome. Calling it again with the same
   * business key never pays twice: it returns the journaled outcome or resumes the pending send.
   */
  transfer(instruction: TransferInstruction): Promise<TransferOutcome>;
  /** The journaled outcome of a business key without any network traffic (undefined if unknown to the journal). */
  journaledOutcome(businessKey: string, payer: string): TransferOutcome | undefined;
  /** Tries to settle every journaled transfer whose outcome is still unknown. */
  resolvePending(): Promise<ResolveSummary>;
  balance(accountId: string, currencyId?: string): Promise<QueryResult<Balance[]>>;
  history(query: HistoryQuery): Promise<QueryResult<Receipt[]>>;
  /** Waits for in-flight requests, then closes the journal. */
  close(): Promise<void>;
}
