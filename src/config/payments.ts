// Resolves the payments section once the schema has passed: which XML-X host, which credentials, which
// IOTP scheme key, clients and accounts, with errors naming the key. The demo profile (npm start without
// a configuration file) fills in the embedded demo host, its accounts and the public demo key; the
// production profile has no built-in secret: everything that guards money must be configured.
import { DEMO_SEED } from '../xmlx/demo.ts';
import type { IotpClientConfig, PaymentInstrumentConfig, PaymentsConfig, Profile } from './types.ts';

/** The scheme key `npm start` uses when none is configured: public, so good for a demo only. */
export const DEMO_SCHEME_KEY = 'demo-only-iotp-scheme-key-do-not-use-in-production';
export const SCHEME_KEY_ENV = 'IOTP_SCHEME_KEY';
/** Where the embedded host's PostgreSQL connection string may come from instead of the file (it may hold a password). */
export const POSTGRES_URL_ENV = 'XMLX_POSTGRES_URL';
const MIN_SCHEME_KEY = 16;

const demoUser = DEMO_SEED.users?.find((user) => user.userId === 'gateway');

export interface RawPayments {
  enabled: boolean;
  dataDir: string;
  retentionDays: number;
  xmlxHost: { embedded?: boolean; host: string; port: number; url?: string; store: 'sqlite' | 'postgres'; postgres: { url?: string; poolSize: number } };
  xmlx: { userId?: string; password?: string; hostPublicKey?: string; tls?: { ca?: string; cert?: string; key?: string; pfx?: string; passphrase?: string } };
  iotp: {
    prefix: string;
    schemeKey?: string;
    clients?: IotpClientConfig[];
    roles?: Array<'Consumer' | 'PaymentHandler' | 'Merchant'>;
    instruments?: PaymentInstrumentConfig[];
    payerAccounts?: string[];
    merchants?: Record<string, string>;
    callbackOrigins?: string[];
  };
}

/** What the demo profile pays with: the reference host's demo seed (src/xmlx/demo.ts). */
const DEMO_ACCOUNTS = {
  roles: ['Consumer', 'PaymentHandler', 'Merchant'] as Array<'Consumer' | 'PaymentHandler' | 'Merchant'>,
  instruments: [
    { id: 'alice', name: 'Alice (demo account)', account: 'ALICE', currencies: ['USD', 'EUR', 'JPY'] },
    { id: 'bob', name: 'Bob (demo account)', account: 'BOB', currencies: ['USD'] },
  ],
  merchants: { shop: 'MERCHANT' },
};

/** A semantic problem: the key it belongs to and what is wrong. */
export class PaymentsProblem {
  constructor(readonly key: string, readonly problem: string, readonly fromEnvironment = false) {}
}

export function resolvePayments(raw: RawPayments, env: NodeJS.ProcessEnv, profile: Profile = 'demo'): PaymentsConfig | PaymentsProblem {
  const { url } = raw.xmlxHost;
  const production = profile === 'production';
  if (production && raw.enabled && url !== undefined && url.startsWith('http:') && !/^http:\/\/(127\.[0-9.]+|localhost|\[::1\])[:/]/.test(url)) {
    return new PaymentsProblem('payments.xmlxHost.url', 'must be https:// when the host is not on this machine: passwords and payments would cross the network in clear');
  }
  if (production && raw.enabled && url === undefined) {
    return new PaymentsProblem('payments.xmlxHost.url', 'is required in the production profile: the embedded host holds demo accounts only (run the XML-X host with `xfs4iot-gateway xmlx-host`, or set profile to demo)');
  }
  if (url !== undefined && raw.xmlxHost.embedded === true) {
    return new PaymentsProblem('payments.xmlxHost.embedded', 'cannot be true when payments.xmlxHost.url names an external host');
  }
  const embedded = raw.xmlxHost.embedded ?? url === undefined;
  if (raw.enabled && !embedded && url === undefined) {
    return new PaymentsProblem('payments.xmlxHost.url', 'is required when payments.xmlxHost.embedded is false');
  }
  const store = raw.xmlxHost.store;
  let postgres: PaymentsConfig['xmlxHost']['postgres'];
  if (store === 'postgres') {
    if (!embedded) return new PaymentsProblem('payments.xmlxHost.store', 'applies to the embedded host only; an external host keeps its own ledger (`xfs4iot-gateway xmlx-host --store postgres`)');
    let pgUrl = raw.xmlxHost.postgres.url;
    if (pgUrl === undefined && env[POSTGRES_URL_ENV]) {
      pgUrl = env[POSTGRES_URL_ENV];
      if (!/^postgres(ql)?:\/\/\S+$/.test(pgUrl)) return new PaymentsProblem(POSTGRES_URL_ENV, 'must be a postgres:// or postgresql:// connection string', true);
    }
    if (pgUrl === undefined) return new PaymentsProblem('payments.xmlxHost.postgres.url', `is required when payments.xmlxHost.store is postgres (or ${POSTGRES_URL_ENV})`);
    postgres = { url: pgUrl, poolSize: raw.xmlxHost.postgres.poolSize };
  }
  if (raw.iotp.prefix === '/xfs4iot' || raw.iotp.prefix.startsWith('/xfs4iot/')) {
    return new PaymentsProblem('payments.iotp.prefix', 'must not be below /xfs4iot (the XFS4IoT endpoints)');
  }
  let { userId, password } = raw.xmlx;
  if (!production && userId === undefined && password === undefined && embedded && demoUser?.password !== undefined) {
    ({ userId, password } = { userId: demoUser.userId, password: demoUser.password });
  }
  if (raw.enabled && userId === undefined) {
    return new PaymentsProblem('payments.xmlx.userId', embedded ? 'is required with payments.xmlx.password' : 'is required for an external host (payments.xmlxHost.url)');
  }
  if (raw.enabled && password === undefined) {
    return new PaymentsProblem('payments.xmlx.password', embedded ? 'is required with payments.xmlx.userId' : 'is required for an external host (payments.xmlxHost.url)');
  }
  if (raw.enabled && production && !embedded && raw.xmlx.hostPublicKey === undefined) {
    return new PaymentsProblem('payments.xmlx.hostPublicKey', "is required for an external host in the production profile: without the host's receipt key any answer claiming a payment would be believed");
  }
  let schemeKey = raw.iotp.schemeKey;
  let schemeKeySource: PaymentsConfig['iotp']['schemeKeySource'] = 'config';
  if (schemeKey === undefined && env[SCHEME_KEY_ENV]) {
    schemeKey = env[SCHEME_KEY_ENV];
    schemeKeySource = 'env';
    if (schemeKey.length < MIN_SCHEME_KEY) return new PaymentsProblem(SCHEME_KEY_ENV, `must NOT have fewer than ${MIN_SCHEME_KEY} characters`, true);
  }
  if (schemeKey === undefined && production && raw.enabled) {
    return new PaymentsProblem('payments.iotp.schemeKey', `is required in the production profile (or ${SCHEME_KEY_ENV}); the demo key is public`);
  }
  if (schemeKey === undefined) {
    schemeKey = DEMO_SCHEME_KEY;
    schemeKeySource = 'demo';
  }
  const clients = raw.iotp.clients ?? [];
  if (production && raw.enabled && clients.length === 0) {
    return new PaymentsProblem('payments.iotp.clients', 'needs at least one client in the production profile: nobody could call the IOTP API (`xfs4iot-gateway iotp-token <id>` makes an entry)');
  }
  const ids = new Set<string>();
  for (const [index, client] of clients.entries()) {
    if (ids.has(client.id)) return new PaymentsProblem(`payments.iotp.clients[${index}].id`, `'${client.id}' is used twice`);
    ids.add(client.id);
  }
  const accounts = production ? { roles: raw.iotp.roles ?? ['PaymentHandler'], instruments: raw.iotp.instruments ?? [], merchants: raw.iotp.merchants ?? {} } : {
    roles: raw.iotp.roles ?? DEMO_ACCOUNTS.roles, instruments: raw.iotp.instruments ?? DEMO_ACCOUNTS.instruments, merchants: raw.iotp.merchants ?? DEMO_ACCOUNTS.merchants,
  };
  if (production && raw.enabled && accounts.roles.includes('Consumer') && accounts.instruments.length === 0) {
    return new PaymentsProblem('payments.iotp.instruments', 'needs at least one instrument when the bridge plays the Consumer role');
  }
  if (production && raw.enabled && accounts.roles.includes('PaymentHandler') && Object.keys(accounts.merchants).length === 0) {
    return new PaymentsProblem('payments.iotp.merchants', 'needs at least one merchant account when the bridge plays the PaymentHandler role');
  }
  return {
    profile,
    enabled: raw.enabled,
    dataDir: raw.dataDir,
    retentionDays: raw.retentionDays,
    xmlxHost: { embedded, host: raw.xmlxHost.host, port: raw.xmlxHost.port, ...(url !== undefined ? { url } : {}), store, ...(postgres ? { postgres } : {}) },
    xmlx: { userId: userId ?? '', password: password ?? '', ...(raw.xmlx.hostPublicKey !== undefined ? { hostPublicKey: raw.xmlx.hostPublicKey } : {}), ...(raw.xmlx.tls !== undefined ? { tls: raw.xmlx.tls } : {}) },
    iotp: {
      prefix: raw.iotp.prefix, schemeKey, schemeKeySource, clients, roles: accounts.roles, instruments: accounts.instruments,
      payerAccounts: raw.iotp.payerAccounts ?? [], merchants: accounts.merchants, callbackOrigins: raw.iotp.callbackOrigins ?? [],
    },
  };
}
