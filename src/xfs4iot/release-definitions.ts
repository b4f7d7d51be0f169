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
