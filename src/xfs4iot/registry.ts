// The one registry of message definitions of a service, keyed by message name and major version,
// with every payload schema compiled once when the service is published.
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import type { CommandDefinition, EventDefinition, InterfaceDefinition, PayloadSchema } from './backend.ts';
import { NAME_PATTERN, VERSION_PATTERN } from './decode.ts';
import { EngineError } from './errors.ts';

export interface CommandVersionEntry {
  readonly version: string;
  readonly completionVersion: string;
  readonly validate: ValidateFunction | undefined;
  readonly validateCompletion: ValidateFunction | undefined;
}

export interface CommandEntry {
  readonly def: CommandDefinition;
  readonly interfaceName: string;
  /** By the higher of command and completion major (the major Common.SetVersions selects). */
  readonly byMajor: ReadonlyMap<number, CommandVersionEntry>;
}

/**
 * The version a command runs in: the major the connection selected with Common.SetVersions when the
 * command's header major fits it (equal to the selection or to its command version), else the
 * header's major (seed 2.6: completion major = command major).
 */
export function resolveCommandVersion(entry: CommandEntry, headerMajor: number, selected: number | undefined): CommandVersionEntry | undefined {
  if (selected !== undefined) {
    const chosen = entry.byMajor.get(selected);
    if (chosen && (headerMajor === selected || headerMajor === majorOf(chosen.version))) return chosen;
  }
  return entry.byMajor.get(headerMajor);
}

export interface EventVersionEntry {
  readonly version: string;
  readonly validate: ValidateFunction | undefined;
}

export interface EventEntry {
  readonly def: EventDefinition;
  readonly byMajor: ReadonlyMap<number, EventVersionEntry>;
  readonly lowestMajor: number;
}

const nameRe = new RegExp(NAME_PATTERN);
const versionRe = new RegExp(VERSION_PATTERN);

export function majorOf(version: string): number {
  return Number.parseInt(version, 10);
}

/** One ajv per process: schemas shared between services compile once (ajv caches by identity). */
export function createAjv(): Ajv2020 {
  return new Ajv2020({ allErrors: false, strict: false, validateFormats: false });
}

const sharedAjv = createAjv();

function compile(ajv: Ajv2020, schema: PayloadSchema | undefined, where: string): ValidateFunction | undefined {
  if (!schema) return undefined;
  try {
    return ajv.compile(schema);
  } catch (err) {
    throw new EngineError('BAD_SERVICE_DEFINITION', `${where}: ${(err as Error).message}`);
  }
}

export class MessageRegistry {
  readonly commands = new Map<string, CommandEntry>();
  readonly events = new Map<string, EventEntry>();
  readonly interfaces: readonly InterfaceDefinition[];

  constructor(interfaces: readonly InterfaceDefinition[], ajv: Ajv2020 = sharedAjv) {
    this.interfaces = interfaces;
    for (const iface of interfaces) {
      for (const def of iface.commands) this.addCommand(iface.name, def, ajv);
      for (const def of iface.events ?? []) this.addEvent(def, ajv);
    }
  }

  providesInterface(name: string): boolean {
    return this.interfaces.some((i) => i.name === name);
  }

  private addCommand(interfaceName: string, def: CommandDefinition, ajv: Ajv2020): void {
    if (!nameRe.test(def.name) || !def.name.startsWith(`${interfaceName}.`)) {
      throw new EngineError('BAD_SERVICE_DEFINITION', `command name ${def.name} in interface ${interfaceName}`);
    }
    if (this.commands.has(def.name)) throw new EngineError('BAD_SERVICE_DEFINITION', `duplicate command ${def.name}`);
    if (def.execution.kind === 'device' && def.execution.resources.length === 0) {
      throw new EngineError('BAD_SERVICE_DEFINITION', `${def.name} uses the device but names no resource`);
    }
    // Keyed by the higher of the command's and the completion's major: the version a connection selects
    // with Common.SetVersions. 2024-03 pairs some 2.0 commands with 3.0 completions (ReadRawData) and
    // some 3.0 commands with 2.0 completions (SetLight): either way the pair is that release's.
    const byMajor = new Map<number, CommandVersionEntry>();
    for (const v of def.versions) {
      const completionVersion = v.completionVersion ?? v.version;
      if (!versionRe.test(v.version) || !versionRe.test(completionVersion)) {
        throw new EngineError('BAD_SERVICE_DEFINITION', `${def.name} version ${v.version}/${completionVersion}`);
      }
      const key = Math.max(majorOf(v.version), majorOf(completionVersion));
      if (byMajor.has(key)) throw new EngineError('BAD_SERVICE_DEFINITION', `${def.name} has two versions of major ${key}`);
      byMajor.set(key, {
        version: v.version,
        completionVersion,
        validate: compile(ajv, v.payload, `${def.name} ${v.version}`),
        validateCompletion: compile(ajv, v.completion, `${def.name} completion ${completionVersion}`),
      });
    }
    if (byMajor.size === 0) throw new EngineError('BAD_SERVICE_DEFINITION', `${def.name} has no version`);
    this.commands.set(def.name, { def, interfaceName, byMajor });
  }

  private addEvent(def: EventDefinition, ajv: Ajv2020): void {
    if (!nameRe.test(def.name)) throw new EngineError('BAD_SERVICE_DEFINITION', `event name ${def.name}`);
    if (this.events.has(def.name)) throw new EngineError('BAD_SERVICE_DEFINITION', `duplicate event ${def.name}`);
    const byMajor = new Map<number, EventVersionEntry>();
    for (const v of def.versions) {
      if (!versionRe.test(v.version)) throw new EngineError('BAD_SERVICE_DEFINITION', `${def.name} version ${v.version}`);
      byMajor.set(majorOf(v.version), { version: v.version, validate: compile(ajv, v.payload, `${def.name} ${v.version}`) });
    }
    if (byMajor.size === 0) throw new EngineError('BAD_SERVICE_DEFINITION', `${def.name} has no version`);
    this.events.set(def.name, { def, byMajor, lowestMajor: Math.min(...byMajor.keys()) });
  }
}

/** Names the failing property of the first schema error, e.g. "payload.requestIds[0]: must be >= 1". */
export function describeSchemaError(errors: readonly ErrorObject[] | null | undefined): string {
  const err = errors?.[0];
  if (!err) return 'payload is invalid';
  let path = 'payload';
  for (const part of err.instancePath.split('/').slice(1)) {
    const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
    path += /^\d+$/.test(key) ? `[${key}]` : `.${key}`;
  }
  const params = err.params as Record<string, unknown>;
  if (err.keyword === 'required') return `${path}.${String(params.missingProperty)}: is required`;
  if (err.keyword === 'additionalProperties') return `${path}.${String(params.additionalProperty)}: is not allowed`;
  if (err.keyword === 'enum') return `${path}: must be one of ${JSON.stringify(params.allowedValues)}`;
  return `${path}: ${err.message ?? 'is invalid'}`;
}
