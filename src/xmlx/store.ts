// The host's ledger store interface: the only thing the request handlers know about persistence.
// SQLite implements it synchronously (sqlite-store.ts, one process); PostgreSQL with promises
// (pg-store.ts, any number of host processes on one database). test/xmlx/store-contract.ts holds
// both to the same behaviour.
import type { LedgerEntrySummary, SeedSpec } from './host-api.ts';
import type { Balance, HistoryRequest, Operation, Receipt, ValueToken } from './types.ts';

export interface UserRecord {
  userId: string;
  passwordHash: string | null;
  tokenHash: string | null;
  /** Ed25519 public key (SPKI PEM) for Signature authentication. */
  publicKey: string | null;
  frozen: boolean;
}

/** One posting the store must make atomically with the ledger entry. */
export interface Posting {
  accountId: string;
  currencyId: string;
  /** Positive = credit, negative = debit. */
  delta: bigint;
  /** Refuse (INSUFFICIENT_FUNDS) if the balance would go below the account's floor. */
  enforceFloor: boolean;
}

/** A ledger entry to execute: everything the receipt will show, plus its postings. */
export interface NewEntry {
  operation: Operation;
  userId: string;
  /** The account whose TransferIds this entry's TransferId is unique within (payer; payee for Settle). */
  idemAccount: string;
  transferId: string | null;
  payer: string;
  payee: string;
  currencyId: string;
  amount: bigint;
  payerAmount: bigint;
  payeeAmount: bigint;
  postings: Posting[];
  /** Token issued by a Withdraw (kept with the entry and registered as issued). */
  issuedToken?: { tokenId: string; token: ValueToken };
  /** Token consumed by a Settle (must be registered and not yet settled). */
  settledTokenId?: string;
}

export type ExecuteResult =
  | { status: 'executed'; receipt: Receipt }
  /** The (idemAccount, TransferId) pair was already used: the first copy's ReceiptId. */
  | { status: 'already'; receiptId: string }
  | { status: 'refused'; errno: number; text: string };

/** The history query after validation: searches and sorts over Receipt tags. */
export type HistoryQuery = Pick<HistoryRequest, 'accountId' | 'currencyId' | 'search' | 'sort'> & { limit: number };

/** Sync for SQLite, a promise for a networked database: handlers always await. */
export type Awaitable<T> = T | Promise<T>;

export interface LedgerStore {
  /** True when this process created the schema (the host seeds demo data only then). */
  readonly created: boolean;
  findUser(userId: string): Awaitable<UserRecord | undefined>;
  /** May this user pay from / read this account? */
  mayUse(userId: string, accountId: string): Awaitable<boolean>;
  accountExists(accountId: string): Awaitable<boolean>;
  currencyExists(currencyId: string): Awaitable<boolean>;
  /** Runs the entry atomically: idempotency check, floors, postings, entry, token state. */
  execute(entry: NewEntry, time: bigint): Awaitable<ExecuteResult>;
  receiptByTransferId(idemAccount: string, transferId: string): Awaitable<Receipt | undefined>;
  balances(accountId: string, currencyId: string | undefined, time: bigint): Awaitable<Balance[]>;
  /** Matching receipts, or 'too-many' when more than `limit` match. */
  history(query: HistoryQuery): Awaitable<Receipt[] | 'too-many'>;
  /** A per-database secret (token HMAC key), created on first use; never logged. */
  secret(name: string): Awaitable<Buffer>;
  seed(spec: SeedSpec): Awaitable<void>;
  balanceOf(accountId: string, currencyId: string): Awaitable<bigint | undefined>;
  /** Every ledger entry, oldest first. */
  entries(): Awaitable<LedgerEntrySummary[]>;
  countEntries(): Awaitable<number>;
  close(): Awaitable<void>;
}
