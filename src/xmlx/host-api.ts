// Public types of the reference XML-X payment host. Stable API: tests, benchmarks, the CLI and
// `npm start` embed the host through these.
import type { LockoutPolicy } from './login-guard.ts';
import type { Logger } from 'pino';
import type { Transfer } from './types.ts';

export interface CurrencySpec {
  currencyId: string;
  /** Decimal places of the smallest unit (USD 2, JPY 0). */
  decimals: number;
}

export interface UserSpec {
  userId: string;
  /** Stored as an scrypt hash only. */
  password?: string;
  /** An API token; stored as a SHA-256 hash only. */
  token?: string;
  /** Ed25519 public key (SPKI PEM) for <Auth><Signature type="ed25519">: see request-signature.ts. */
  publicKey?: string;
}

export interface AccountSpec {
  accountId: string;
  /** Lowest balance allowed (0 = no overdraft; negative = credit line). Default 0. */
  floor?: bigint;
  /** Users allowed to pay from and read this account. */
  users: string[];
  /** Opening balances per currency (creates the subaccounts). */
  balances?: Record<string, bigint>;
}

export interface SeedSpec {
  currencies?: CurrencySpec[];
  users?: UserSpec[];
  accounts?: AccountSpec[];
}

/** What the payer pays and the payee receives for a transfer; the difference goes to the fee account. */
export interface FeeResult {
  payerAmount: bigint;
  payeeAmount: bigint;
}

/** The fee hook: called inside the transfer's database transaction. Default: no fee. */
export type FeePolicy = (transfer: Transfer) => FeeResult;

/** What a verified token is worth. */
export interface TokenValue {
  tokenId: string;
  currencyId: string;
  amount: bigint;
}

/** A pluggable Withdraw/Settle token technology. */
export interface TokenScheme {
  /** The ValueToken `type` it handles. */
  readonly type: string;
  /** Makes the token data for a withdrawal of `value`. */
  mint(value: TokenValue): string;
  /** Checks token data; returns its value, or undefined when it is not a valid token of this scheme. */
  verify(data: string): TokenValue | undefined;
}

/** Where a PostgreSQL-backed host keeps its ledger (pg-store.ts). */
export interface PostgresStoreOptions {
  /** libpq-style connection string, e.g. postgres://xmlx@db.example:5432/ledger (the password is never logged). */
  connectionString: string;
  /** Most connections this process opens (default 10). */
  poolSize?: number;
}

export interface XmlxHostOptions {
  /** SQLite file; created and seeded with the demo data on first start. Ignored with `postgres`. */
  dbPath: string;
  /**
   * Keep the ledger in PostgreSQL instead of SQLite: any number of host processes may share it.
   * Schema migrations run at start-up; the demo data is seeded only by the process that created the schema.
   */
  postgres?: PostgresStoreOptions;
  /** 0 (default) = an ephemeral port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** URL path of the endpoint (default `/xmlx`). */
  path?: string;
  /** pino logger (credentials redacted); false = silent. Default: a pino logger at info. */
  logger?: Logger | false;
  /** Seed the demo currencies, users and accounts when the database is new (default true). */
  seedDemo?: boolean;
  fees?: FeePolicy;
  /** Extra token schemes beside the built-in `hmac1`. */
  tokenSchemes?: TokenScheme[];
  /** Largest accepted document in bytes (default 1 MiB). */
  maxDocumentBytes?: number;
  /** Most receipts in one HistoryResponse (default 10,000). */
  maxHistoryReceipts?: number;
  /** Sign every receipt with the host's Ed25519 key (default true). */
  signReceipts?: boolean;
  /** Back-off and lock-out of failed logins (per user and per address). */
  lockout?: Partial<LockoutPolicy>;
  /** HTTPS: PEM key and certificate, or a PKCS#12 file's bytes with its passphrase. Required off loopback. */
  tls?: {
    key?: Buffer | string; cert?: Buffer | string; pfx?: Buffer; passphrase?: string;
    /** PEM CA of client certificates: with it, only clients presenting a certificate it verifies connect (mutual TLS). */
    ca?: Buffer | string;
  };
  /**
   * TEST ONLY: serve plain HTTP on a non-loopback address (passwords would cross the network in
   * clear). For a host inside a test network namespace; never in a deployment.
   */
  insecureAllowPlainRemote?: boolean;
}

export interface LedgerEntrySummary {
  receiptId: string;
  kind: 'transfer' | 'withdraw' | 'settle';
  payer: string;
  payee: string;
  currencyId: string;
  amount: bigint;
  transferId: string | null;
}

/** Administrative and inspection access to the host's store (tests, CLI, demo seeding): SQLite, synchronous. */
export interface HostStoreAdmin {
  seed(spec: SeedSpec): void;
  balanceOf(accountId: string, currencyId: string): bigint | undefined;
  /** Every ledger entry, oldest first. */
  entries(): LedgerEntrySummary[];
  countEntries(): number;
}

/** The same access to a networked store (PostgreSQL). */
export type AsyncHostStoreAdmin = { [K in keyof HostStoreAdmin]: (...args: Parameters<HostStoreAdmin[K]>) => Promise<ReturnType<HostStoreAdmin[K]>> };

export interface XmlxHost<Store = HostStoreAdmin> {
  /** Full endpoint URL, e.g. `http://127.0.0.1:41234/xmlx`. */
  url: string;
  store: Store;
  /** SPKI PEM of the key receipts are signed with (Signature type="ed25519"); give it to clients. */
  receiptPublicKey: string;
  close(): Promise<void>;
}
