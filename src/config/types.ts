// The validated configuration (defaults applied).
import type { XfsServiceClass } from '../legacy-xfs3/types.ts';

export interface ServiceConfig {
  logicalName: string;
  class: XfsServiceClass;
  xfs4iotName: string;
  /** Class CDM only: the CIM sharing its cassettes; both are published as one recycler service. */
  cashInLogicalName?: string;
  /** Class PIN: a second 3.x session for encryptor-only commands (default true). */
  cryptoSession?: boolean;
  versions: { low: `${number}.${number}`; high: `${number}.${number}` };
  openTimeoutMs: number;
  statusPollMs: number;
}

/** production: nothing that guards money is built in; demo: the embedded demo host, accounts and keys. */
export type Profile = 'demo' | 'production';

export interface IotpClientConfig {
  id: string;
  tokenSha256: string;
}

export interface PaymentInstrumentConfig {
  id: string;
  name: string;
  account: string;
  currencies?: string[];
}

export interface GatewayConfig {
  profile: Profile;
  xfsManager: {
    library?: string;
    windowLibrary?: string;
    simulator?: boolean;
    appId: string;
    reopenInitialDelayMs: number;
    reopenMaxDelayMs: number;
    pumpSpinMicros?: number;
    timeouts: { infoMs: number; movementMs: number; waitMs: number };
  };
  services: ServiceConfig[];
  server: {
    host: string;
    port?: number;
    allowPlainRemote: boolean;
    tls?: { cert?: string; key?: string; pfx?: string; passphrase?: string; ca?: string };
    vendorName: string;
    publicHost?: string;
  };
  limits: {
    maxMessageBytes: number; maxConnections: number; maxPendingPerConnection: number; maxConnectionsPerService?: number;
    maxDiscoveryConnections: number; idleGraceMs: number; maxBufferedBytes: number; maxBufferedMessages: number;
    readPauseBytes: number; stalledReaderMs: number;
  };
  operationsJournal: { path: string; retentionDays: number };
  simulator: { demoCard: boolean; stateDir: string };
  payments: PaymentsConfig;
  logging: { level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'; file?: string; rotateMegabytes: number; keepFiles: number };
}

/** Where the IOTP scheme key came from: the demo key is for trying the gateway out only. */
export type SchemeKeySource = 'config' | 'env' | 'demo';

export interface PaymentsConfig {
  profile: Profile;
  enabled: boolean;
  /** As configured (relative paths are resolved against the working directory at start-up). */
  dataDir: string;
  /** Finished payments and their settled journal rows older than this many days are deleted. */
  retentionDays: number;
  /** `embedded` resolved: true unless an external `url` is configured. */
  xmlxHost: {
    embedded: boolean; host: string; port: number; url?: string;
    /** The embedded host's ledger store. */
    store: 'sqlite' | 'postgres';
    /** Present when store is postgres (url resolved from XMLX_POSTGRES_URL when not configured). */
    postgres?: { url: string; poolSize: number };
  };
  /** Resolved: the demo user for the embedded host when not configured. */
  xmlx: { userId: string; password: string; /** PEM file of the host's receipt key. */ hostPublicKey?: string; tls?: { ca?: string; cert?: string; key?: string; pfx?: string; passphrase?: string } };
  iotp: {
    prefix: string;
    schemeKey: string;
    schemeKeySource: SchemeKeySource;
    /** Configured clients (the demo profile adds a generated demo client at start-up). */
    clients: IotpClientConfig[];
    roles: Array<'Consumer' | 'PaymentHandler' | 'Merchant'>;
    instruments: PaymentInstrumentConfig[];
    /** Payer accounts an order may name besides the instruments' accounts. */
    payerAccounts: string[];
    /** MerchantOrgId -> payee account. */
    merchants: Record<string, string>;
    /** Origins CallBacks may be POSTed to. */
    callbackOrigins: string[];
  };
}
