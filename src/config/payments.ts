// Resolves the payments section once the schema has passed: which XML-X host, which credentials, which
// IOTP scheme key (configuration, else IOTP_SCHEME_KEY, else the demo key), with errors naming the key.
import { DEMO_SEED } from '../xmlx/demo.ts';
import type { PaymentsConfig } from './types.ts';

/** The scheme key `npm start` uses when none is configured: public, so good for a demo only. */
export const DEMO_SCHEME_KEY = 'demo-only-iotp-scheme-key-do-not-use-in-production';
export const SCHEME_KEY_ENV = 'IOTP_SCHEME_KEY';
const MIN_SCHEME_KEY = 16;

const demoUser = DEMO_SEED.users?.find((user) => user.userId === 'gateway');

export interface RawPayments {
  enabled: boolean;
  dataDir: string;
  xmlxHost: { embedded?: boolean; host: string; port: number; url?: string };
  xmlx: { userId?: string; password?: string };
  iotp: { prefix: string; schemeKey?: string };
}

/** A semantic problem: the key it belongs to and what is wrong. */
export class PaymentsProblem {
  constructor(readonly key: string, readonly problem: string, readonly fromEnvironment = false) {}
}

export function resolvePayments(raw: RawPayments, env: NodeJS.ProcessEnv): PaymentsConfig | PaymentsProblem {
  const { url } = raw.xmlxHost;
  if (url !== undefined && raw.xmlxHost.embedded === true) {
    return new PaymentsProblem('payments.xmlxHost.embedded', 'cannot be true when payments.xmlxHost.url names an external host');
  }
  const embedded = raw.xmlxHost.embedded ?? url === undefined;
  if (raw.enabled && !embedded && url === undefined) {
    return new PaymentsProblem('payments.xmlxHost.url', 'is required when payments.xmlxHost.embedded is false');
  }
  if (raw.iotp.prefix === '/xfs4iot' || raw.iotp.prefix.startsWith('/xfs4iot/')) {
    return new PaymentsProblem('payments.iotp.prefix', 'must not be below /xfs4iot (the XFS4IoT endpoints)');
  }
  let { userId, password } = raw.xmlx;
  if (userId === undefined && password === undefined && embedded && demoUser?.password !== undefined) {
    ({ userId, password } = { userId: demoUser.userId, password: demoUser.password });
  }
  if (raw.enabled && userId === undefined) {
    return new PaymentsProblem('payments.xmlx.userId', embedded ? 'is required with payments.xmlx.password' : 'is required for an external host (payments.xmlxHost.url)');
  }
  if (raw.enabled && password === undefined) {
    return new PaymentsProblem('payments.xmlx.password', embedded ? 'is required with payments.xmlx.userId' : 'is required for an external host (payments.xmlxHost.url)');
  }
  let schemeKey = raw.iotp.schemeKey;
  let schemeKeySource: PaymentsConfig['iotp']['schemeKeySource'] = 'config';
  if (schemeKey === undefined && env[SCHEME_KEY_ENV]) {
    schemeKey = env[SCHEME_KEY_ENV];
    schemeKeySource = 'env';
    if (schemeKey.length < MIN_SCHEME_KEY) return new PaymentsProblem(SCHEME_KEY_ENV, `must NOT have fewer than ${MIN_SCHEME_KEY} characters`, true);
  }
  if (schemeKey === undefined) {
    schemeKey = DEMO_SCHEME_KEY;
    schemeKeySource = 'demo';
  }
  return {
    enabled: raw.enabled,
    dataDir: raw.dataDir,
    xmlxHost: { embedded, host: raw.xmlxHost.host, port: raw.xmlxHost.port, ...(url !== undefined ? { url } : {}) },
    xmlx: { userId: userId ?? '', password: password ?? '' },
    iotp: { prefix: raw.iotp.prefix, schemeKey, schemeKeySource },
  };
}
