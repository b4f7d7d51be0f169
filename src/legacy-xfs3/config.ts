// Configuration of the device layer: library paths per platform and the logical services
// (logical name, 3.x class, XFS4IoT service name). On Windows the logical services can also be
// listed from the XFS registry keys, read through a seam so tests use a fake registry.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { LegacyXfsConfig, LogicalServiceConfig, XfsServiceClass } from './types.ts';
import { parseVersion } from './version.ts';

export const SERVICE_CLASSES: readonly XfsServiceClass[] = ['IDC', 'CDM', 'CIM', 'PIN', 'PTR', 'SIU', 'TTU', 'BCR', 'CAM', 'VDM'];

export class ConfigError extends Error {
  constructor(readonly key: string, message: string) {
    super(`${key}: ${message}`);
    this.name = 'ConfigError';
  }
}

/** msxfs.dll/user32.dll on Windows; the simulator elsewhere (its path is given by the caller). */
export function defaultLibraries(platform: NodeJS.Platform, simulatorPath: string): Pick<LegacyXfsConfig, 'managerLibrary' | 'windowLibrary'> {
  return platform === 'win32'
    ? { managerLibrary: 'msxfs.dll', windowLibrary: 'user32.dll' }
    : { managerLibrary: simulatorPath, windowLibrary: simulatorPath };
}

/** Checks a configuration once, at start-up; every error names the key at fault. */
export function validateConfig(config: LegacyXfsConfig): LegacyXfsConfig {
  if (!config.managerLibrary) throw new ConfigError('managerLibrary', 'required');
  if (!config.windowLibrary) throw new ConfigError('windowLibrary', 'required');
  if (!config.appId || config.appId.length > 255) throw new ConfigError('appId', 'required, at most 255 characters');
  const logical = new Set<string>();
  const published = new Set<string>();
  config.services.forEach((s, i) => {
    const key = `services[${i}]`;
    if (!s.logicalName || s.logicalName.length > 255) throw new ConfigError(`${key}.logicalName`, 'required, at most 255 characters');
    if (!SERVICE_CLASSES.includes(s.serviceClass)) throw new ConfigError(`${key}.serviceClass`, `one of ${SERVICE_CLASSES.join(', ')}`);
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(s.xfs4iotServiceName)) throw new ConfigError(`${key}.xfs4iotServiceName`, 'letters, digits, _ and - only');
    if (logical.has(s.logicalName)) throw new ConfigError(`${key}.logicalName`, `'${s.logicalName}' is configured twice`);
    if (published.has(s.xfs4iotServiceName)) throw new ConfigError(`${key}.xfs4iotServiceName`, `'${s.xfs4iotServiceName}' is used twice`);
    if (s.versions) {
      try { parseVersion(s.versions.low); parseVersion(s.versions.high); } catch (e) { throw new ConfigError(`${key}.versions`, (e as Error).message); }
    }
    logical.add(s.logicalName);
    published.add(s.xfs4iotServiceName);
  });
  if (config.reopen && (config.reopen.initialDelayMs < 1 || config.reopen.maxDelayMs < config.reopen.initialDelayMs)) {
    throw new ConfigError('reopen', 'initialDelayMs >= 1 and maxDelayMs >= initialDelayMs');
  }
  return config;
}

/** What the gateway needs from the Windows registry. */
export interface RegistryReader {
  /** Names of the direct subkeys of `key`; [] when the key does not exist. */
  subkeys(key: string): Promise<string[]>;
  /** String values of `key` by name; {} when the key does not exist. */
  values(key: string): Promise<Record<string, string>>;
}

/** Where XFS 3.x keeps its logical services (the second is used by older managers). */
export const LOGICAL_SERVICES_KEYS = [
  'HKEY_LOCAL_MACHINE\\SOFTWARE\\XFS\\LOGICAL_SERVICES',
  'HKEY_USERS\\.DEFAULT\\XFS\\LOGICAL_SERVICES',
];

export interface RegistryListing {
  services: LogicalServiceConfig[];
  /** Logical services found but not usable, with the reason (unknown class, no class value). */
  skipped: { logicalName: string; reason: string }[];
}

/** Lists logical services from the registry; XFS4IoT names default to the logical names. */
export async function servicesFromRegistry(
  reg: RegistryReader, naming: (logicalName: string, cls: XfsServiceClass) => string = (n) => n.replace(/[^A-Za-z0-9_-]/g, '_'),
): Promise<RegistryListing> {
  const out: RegistryListing = { services: [], skipped: [] };
  for (const root of LOGICAL_SERVICES_KEYS) {
    const names = await reg.subkeys(root);
    if (names.length === 0) continue;
    for (const logicalName of names) {
      const values = await reg.values(`${root}\\${logicalName}`);
      const classValue = Object.entries(values).find(([k]) => k.toLowerCase() === 'class')?.[1];
      if (!classValue) { out.skipped.push({ logicalName, reason: 'no class value' }); continue; }
      const cls = classValue.trim().toUpperCase() as XfsServiceClass;
      if (!SERVICE_CLASSES.includes(cls)) { out.skipped.push({ logicalName, reason: `class '${classValue}' is not supported` }); continue; }
      out.services.push({ logicalName, serviceClass: cls, xfs4iotServiceName: naming(logicalName, cls) });
    }
    break;
  }
  return out;
}

/** Parses the text `reg.exe query <key>` prints: the key's values and its subkeys. */
export function parseRegQuery(key: string, text: string): { subkeys: string[]; values: Record<string, string> } {
  const subkeys: string[] = [];
  const values: Record<string, string> = {};
  const prefix = `${key.toLowerCase()}\\`;
  for (const raw of text.split(/\r?\n/)) {
    if (!raw.trim()) continue;
    if (/^\s{2,}/.test(raw)) {
      const parts = raw.trim().split(/\s{4,}/);
      if (parts.length >= 2 && parts[1].startsWith('REG_')) values[parts[0]] = parts.slice(2).join('    ');
    } else if (raw.toLowerCase().startsWith(prefix)) {
      subkeys.push(raw.slice(prefix.length).trim());
    }
  }
  return { subkeys, values };
}

/** The real registry through reg.exe (Windows only; no native module needed). */
export function regExeReader(): RegistryReader {
  const run = promisify(execFile);
  const query = async (key: string): Promise<{ subkeys: string[]; values: Record<string, string> }> => {
    try {
      const { stdout } = await run('reg', ['query', key], { windowsHide: true });
      return parseRegQuery(key, stdout);
    } catch {
      return { subkeys: [], values: {} };
    }
  };
  return {
    subkeys: async (key) => (await query(key)).subkeys,
    values: async (key) => (await query(key)).values,
  };
}

/** Configured services first; the registry adds the logical services not configured. */
export function mergeServices(configured: LogicalServiceConfig[], discovered: LogicalServiceConfig[]): LogicalServiceConfig[] {
  const names = new Set(configured.map((s) => s.logicalName));
  const published = new Set(configured.map((s) => s.xfs4iotServiceName));
  return [...configured, ...discovered.filter((s) => !names.has(s.logicalName) && !published.has(s.xfs4iotServiceName))];
}
