// The message definitions of the XFS4IoT releases the gateway speaks (mappings/definitions/<release>.json,
// facts written by scripts/xfs4iot-definitions.mjs), keyed by release, kind, name and version, with
// each payload schema compiled on first use. Used to check, at a boundary, that a message is what a
// client generated from a release's definitions decodes.
import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';

export const RELEASES = ['2023-2', '2024-03'] as const;
export type Release = (typeof RELEASES)[number];
export type DefinitionKind = 'command' | 'completion' | 'event' | 'unsolicited';

interface DefinitionEntry { version: string; payload: object | null; unsolicited?: boolean }

interface DefinitionFile {
  release: string;
  commands: Record<string, DefinitionEntry>;
  completions: Record<string, DefinitionEntry>;
  events: Record<string, DefinitionEntry>;
  $defs: Record<string, object>;
}

export interface MessageDefinition {
  release: Release;
  kind: DefinitionKind;
  name: string;
  version: string;
  /** Undefined when the message has no payload. */
  validate: ValidateFunction | undefined;
}

export class ReleaseDefinitions {
  private readonly files = new Map<Release, DefinitionFile>();
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: false, verbose: true });

  constructor(directory: URL = new URL('../../mappings/definitions/', import.meta.url)) {
    for (const release of RELEASES) {
      const file = JSON.parse(readFileSync(new URL(`${release}.json`, directory), 'utf8')) as DefinitionFile;
      this.files.set(release, file);
      this.ajv.addSchema({ $id: `urn:xfs4iot:${release}`, $defs: file.$defs });
    }
  }

  /** The definition of `name` of this kind in `release`, or undefined when the release has no such message. */
  find(release: Release, kind: DefinitionKind, name: string): MessageDefinition | undefined {
    const file = this.files.get(release);
    if (!file) return undefined;
    const table = kind === 'command' ? file.commands : kind === 'completion' ? file.completions : file.events;
    const entry = table[name];
    if (!entry) return undefined;
    if ((kind === 'event' || kind === 'unsolicited') && (entry.unsolicited === true) !== (kind === 'unsolicited')) return undefined;
    return { release, kind, name, version: entry.version, validate: entry.payload ? this.compile(release, entry.payload) : undefined };
  }

  /** Every release that defines `name` of this kind at exactly `version`. */
  defining(kind: DefinitionKind, name: string, version: string): MessageDefinition[] {
    return RELEASES.map((r) => this.find(r, kind, name)).filter((d): d is MessageDefinition => d !== undefined && d.version === version);
  }

  /** Names of every message of this kind in the release. */
  names(release: Release, kind: 'command' | 'completion' | 'event'): string[] {
    const file = this.files.get(release);
    if (!file) return [];
    return Object.keys(kind === 'command' ? file.commands : kind === 'completion' ? file.completions : file.events);
  }

  private compile(release: Release, payload: object): ValidateFunction {
    const ref = (payload as { $ref?: string }).$ref ?? '';
    const key = `${release}${ref}`;
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile({ $ref: `urn:xfs4iot:${release}${ref}` });
      this.compiled.set(key, validate);
    }
    return validate;
  }
}

export interface VersionPair { command: string; completion: string }

type VersionTables = Map<Release, { commands: Map<string, string>; completions: Map<string, string>; events: Map<string, string>; errorCodes: Map<string, Set<string>> }>;
let versionTables: VersionTables | undefined;

/** Only the versions of every command and completion per release (the gateway's start-up needs no schema). */
function loadVersionTables(directory: URL): VersionTables {
  const tables: VersionTables = new Map();
  for (const release of RELEASES) {
    const file = JSON.parse(readFileSync(new URL(`${release}.json`, directory), 'utf8')) as DefinitionFile;
    const versions = (table: Record<string, DefinitionEntry>) => new Map(Object.entries(table).map(([name, entry]) => [name, entry.version]));
    tables.set(release, { commands: versions(file.commands), completions: versions(file.completions), events: versions(file.events), errorCodes: errorCodeEnums(file) });
  }
  return tables;
}

/** Each completion's errorCode values (the enumeration behind its errorCode property), by command. */
function errorCodeEnums(file: DefinitionFile): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const deref = (schema: unknown): Record<string, unknown> | undefined => {
    const ref = (schema as { $ref?: string } | undefined)?.$ref;
    return ref ? file.$defs[ref.replace('#/$defs/', '')] as Record<string, unknown> | undefined : undefined;
  };
  for (const [name, entry] of Object.entries(file.completions)) {
    const payload = deref(entry.payload);
    const property = (payload?.properties as Record<string, { anyOf?: unknown[] }> | undefined)?.errorCode;
    const values = (deref(property?.anyOf?.[0]) as { enum?: string[] } | undefined)?.enum;
    if (values) out.set(name, new Set(values));
  }
  return out;
}

/**
 * Whether the release a command runs in (major 2: 2023-2, 3: 2024-03) defines `errorCode` for its
 * completion; true when the definitions do not say (a command they do not have).
 */
export function releaseHasErrorCode(name: string, major: number, errorCode: string, directory: URL = new URL('../../mappings/definitions/', import.meta.url)): boolean {
  versionTables ??= loadVersionTables(directory);
  const codes = versionTables.get(major >= 3 ? '2024-03' : '2023-2')?.errorCodes.get(name);
  return codes === undefined || codes.has(errorCode);
}

function minorOf(version: string): number {
  return Number.parseInt(version.split('.')[1] ?? '0', 10);
}

/** "X.Y" versions in order: negative when a is older than b. */
export function compareVersions(a: string, b: string): number {
  return Number.parseInt(a, 10) - Number.parseInt(b, 10) || minorOf(a) - minorOf(b);
}

function newest(versions: string[]): string {
  return versions.reduce((a, b) => (compareVersions(b, a) > 0 ? b : a));
}

/**
 * The command and completion versions the gateway serves for `name` when a connection runs it at
 * `major` (the higher of the two majors, as Common.SetVersions selects): the pair of the release
 * whose definitions have that major (2023-2: 2, 2024-03: 3, or both when 2024-03 only raised a minor),
 * with the highest minor either defines (minor versions only add, seed 2.6.1.2). Undefined when
 * neither release defines the command at that major.
 */
export function releaseVersionPair(name: string, major: number, directory: URL = new URL('../../mappings/definitions/', import.meta.url)): VersionPair | undefined {
  versionTables ??= loadVersionTables(directory);
  const candidates: VersionPair[] = [];
  for (const release of RELEASES) {
    const table = versionTables.get(release);
    const command = table?.commands.get(name);
    const completion = table?.completions.get(name);
    if (command === undefined || completion === undefined) continue;
    if (Math.max(Number.parseInt(command, 10), Number.parseInt(completion, 10)) === major) candidates.push({ command, completion });
  }
  if (candidates.length === 0) return undefined;
  return { command: newest(candidates.map((c) => c.command)), completion: newest(candidates.map((c) => c.completion)) };
}

/** The command and completion versions `release` itself defines for `name`, or undefined. */
export function ownVersionPair(name: string, release: Release, directory: URL = new URL('../../mappings/definitions/', import.meta.url)): VersionPair | undefined {
  versionTables ??= loadVersionTables(directory);
  const table = versionTables.get(release);
  const command = table?.commands.get(name);
  const completion = table?.completions.get(name);
  return command === undefined || completion === undefined ? undefined : { command, completion };
}

/**
 * The version an event is sent at for the major of `version`: the highest minor either release
 * defines for that major (2024-03 numbers the Storage events 2.1; minor versions only add), else
 * `version` itself.
 */
export function releaseEventVersion(name: string, version: string, directory: URL = new URL('../../mappings/definitions/', import.meta.url)): string {
  versionTables ??= loadVersionTables(directory);
  const major = Number.parseInt(version, 10);
  let best = version;
  for (const release of RELEASES) {
    const defined = versionTables.get(release)?.events.get(name);
    if (defined !== undefined && Number.parseInt(defined, 10) === major && compareVersions(defined, best) > 0) best = defined;
  }
  return best;
}
