// Reads and validates the configuration file. Errors name the file and the key, e.g.
// "gateway.json: services[0].xfs4iotName: must match pattern ...".
import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import { configSchema } from './schema.ts';
import { PaymentsProblem, resolvePayments, type RawPayments } from './payments.ts';
import type { GatewayConfig } from './types.ts';

export class ConfigError extends Error {
  constructor(readonly file: string, readonly key: string, readonly problem: string) {
    super(`${file}: ${key || '(top level)'}: ${problem}`);
    this.name = 'ConfigError';
  }
}

const ajv = new Ajv2020({ allErrors: false, useDefaults: true, strict: true, strictRequired: false });
const validate = ajv.compile(configSchema);

function keyOf(error: ErrorObject): string {
  const parts = error.instancePath.split('/').slice(1);
  if (error.keyword === 'additionalProperties') parts.push(String(error.params.additionalProperty));
  if (error.keyword === 'required') parts.push(String(error.params.missingProperty));
  return parts.reduce((key, part) => (/^\d+$/.test(part) ? `${key}[${part}]` : key ? `${key}.${part}` : part), '');
}

function problemOf(error: ErrorObject): string {
  if (error.keyword === 'additionalProperties') return 'unknown key';
  if (error.keyword === 'required') return 'is required';
  if (error.keyword === 'enum') return `must be one of ${(error.params.allowedValues as unknown[]).map(String).join(', ')}`;
  return error.message ?? 'invalid';
}

/**
 * Validates a parsed configuration (defaults are filled in place); `env` supplies IOTP_SCHEME_KEY.
 * A configuration that names no profile is a production one; only `npm start` without a file is a demo.
 */
export function parseConfig(data: unknown, file = 'configuration', env: NodeJS.ProcessEnv = process.env, defaultProfile: 'demo' | 'production' = 'production'): GatewayConfig {
  const copy = structuredClone(data ?? {}) as Record<string, unknown>;
  if (copy !== null && typeof copy === 'object' && !Array.isArray(copy) && copy.profile === undefined) copy.profile = defaultProfile;
  if (!validate(copy)) {
    const [first] = validate.errors ?? [];
    throw new ConfigError(file, first ? keyOf(first) : '', first ? problemOf(first) : 'invalid');
  }
  const config = copy as unknown as GatewayConfig;
  const names = new Set<string>();
  const logicalNames = new Set(config.services.map((service) => service.logicalName));
  config.services.forEach((service, index) => {
    if (names.has(service.xfs4iotName)) throw new ConfigError(file, `services[${index}].xfs4iotName`, `'${service.xfs4iotName}' is used twice`);
    names.add(service.xfs4iotName);
    if (service.cryptoSession !== undefined && service.class !== 'PIN') {
      throw new ConfigError(file, `services[${index}].cryptoSession`, `is a PIN pad setting (a second session for its encryptor); this service is class ${service.class}`);
    }
    if (service.cashInLogicalName !== undefined && service.class !== 'CDM') {
      throw new ConfigError(file, `services[${index}].cashInLogicalName`, `pairs a CIM with a CDM (a recycler); this service is class ${service.class}`);
    }
    // A CIM bridged twice (in a recycler and on its own) would be driven by two bridges that each think they own its cash.
    if (service.cashInLogicalName !== undefined) {
      if (logicalNames.has(service.cashInLogicalName)) throw new ConfigError(file, `services[${index}].cashInLogicalName`, `logical service '${service.cashInLogicalName}' is bridged twice`);
      logicalNames.add(service.cashInLogicalName);
    }
    if (service.versions.low > service.versions.high) throw new ConfigError(file, `services[${index}].versions`, 'low is above high');
  });
  const tls = config.server.tls;
  if (tls !== undefined) {
    if (tls.pfx !== undefined && (tls.cert !== undefined || tls.key !== undefined)) throw new ConfigError(file, 'server.tls.pfx', 'cannot be combined with cert and key');
    if (tls.pfx === undefined && tls.cert === undefined) throw new ConfigError(file, 'server.tls.cert', 'is required (or server.tls.pfx)');
    if (tls.pfx === undefined && tls.key === undefined) throw new ConfigError(file, 'server.tls.key', 'is required with server.tls.cert');
  }
  if (config.xfsManager.reopenInitialDelayMs > config.xfsManager.reopenMaxDelayMs) {
    throw new ConfigError(file, 'xfsManager.reopenInitialDelayMs', 'is above reopenMaxDelayMs');
  }
  const payments = resolvePayments(config.payments as unknown as RawPayments, env, config.profile);
  if (payments instanceof PaymentsProblem) throw new ConfigError(payments.fromEnvironment ? 'environment' : file, payments.key, payments.problem);
  config.payments = payments;
  return config;
}

/** Reads a configuration file; no file means every default (the simulator with one card reader). */
export function loadConfig(path: string | undefined, env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  if (!path) return parseConfig({}, 'default configuration', env, 'demo');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(path, '', `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(path, '', `is not valid JSON (${(error as Error).message})`);
  }
  return parseConfig(withoutComments(data), path, env);
}

/** JSON has no comments: a configuration file may carry "$comment" members anywhere; they are dropped. */
function withoutComments(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutComments);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => key !== '$comment').map(([key, inner]) => [key, withoutComments(inner)]));
}
