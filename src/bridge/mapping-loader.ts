// Loads and validates the mapping files once at start-up. Any problem stops start-up with a message
// naming the file, the entry and the problem.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import type { ClassMapping, GenericMapping, MappingSet, RecyclerMapping } from './mapping-types.ts';

export const defaultMappingDir = fileURLToPath(new URL('../../mappings/', import.meta.url));

export class MappingError extends Error {
  constructor(readonly file: string, readonly entry: string, readonly problem: string) {
    super(`${file}: ${entry || '(file)'}: ${problem}`);
    this.name = 'MappingError';
  }
}

interface Validators {
  generic: ValidateFunction;
  classMapping: ValidateFunction;
  recycler: ValidateFunction | undefined;
}

function readJson(path: string, shown: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new MappingError(shown, '', `cannot be read (${(error as Error).message})`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new MappingError(shown, '', `is not valid JSON (${(error as Error).message})`);
  }
}

function compileValidators(dir: string): Validators {
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
  const classSchema = readJson(join(dir, 'class-mapping.schema.json'), 'class-mapping.schema.json') as object;
  const genericSchema = readJson(join(dir, 'generic-mapping.schema.json'), 'generic-mapping.schema.json') as object;
  ajv.addSchema(classSchema);
  const recyclerSchema = existsSync(join(dir, 'recycler-mapping.schema.json')) ? readJson(join(dir, 'recycler-mapping.schema.json'), 'recycler-mapping.schema.json') as object : undefined;
  return {
    classMapping: ajv.getSchema('xfs4iot-gateway/class-mapping') as ValidateFunction, generic: ajv.compile(genericSchema),
    recycler: recyclerSchema ? ajv.compile(recyclerSchema) : undefined,
  };
}

// "/commands/CardReader.Move/kind" -> "commands['CardReader.Move'].kind"
export function entryPath(instancePath: string): string {
  return instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, part) => {
      if (/^\d+$/.test(part)) return `${path}[${part}]`;
      if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(part)) return path ? `${path}.${part}` : part;
      return `${path}['${part}']`;
    }, '');
}

function describe(error: ErrorObject): string {
  if (error.keyword === 'additionalProperties') return `unknown property '${String(error.params.additionalProperty)}'`;
  if (error.keyword === 'required') return `missing property '${String(error.params.missingProperty)}'`;
  if (error.keyword === 'propertyNames') return `property name '${String(error.params.propertyName)}' is not allowed`;
  if (error.keyword === 'enum') return `${error.message ?? 'invalid'}: ${JSON.stringify(error.params.allowedValues)}`;
  return error.message ?? 'invalid';
}

// The deepest error that is not a combinator ("if", "oneOf", ...) says best what is wrong.
const combinators = new Set(['if', 'oneOf', 'anyOf', 'not', 'then', 'else']);
function mostSpecific(errors: ErrorObject[]): ErrorObject | undefined {
  const depth = (error: ErrorObject) => error.instancePath.split('/').length + (error.keyword === 'propertyNames' ? 1 : 0);
  const plain = errors.filter((error) => !combinators.has(error.keyword));
  const pool = plain.length > 0 ? plain : errors;
  return [...pool].sort((a, b) => depth(b) - depth(a))[0];
}

function check(validate: ValidateFunction, data: unknown, file: string): void {
  if (validate(data)) return;
  const first = mostSpecific(validate.errors ?? []);
  if (!first) throw new MappingError(file, '', 'does not match its schema');
  let path = first.instancePath;
  if (first.keyword === 'propertyNames') path += `/${String(first.params.propertyName)}`;
  throw new MappingError(file, entryPath(path), describe(first));
}

// Cross-references the schema cannot express.
function checkClass(mapping: ClassMapping, file: string): void {
  const known = { ...mapping.xfs3Commands, ...mapping.xfs3Info };
  for (const [name, entry] of Object.entries(mapping.commands)) {
    const where = `commands['${name}']`;
    const interfaceName = name.split('.')[0];
    if (!mapping.interfaces.includes(interfaceName)) {
      throw new MappingError(file, where, `interface ${interfaceName} is not among this class's interfaces`);
    }
    (entry.xfs3 ?? []).forEach((xfs3, index) => {
      if (!(xfs3 in known)) throw new MappingError(file, `${where}.xfs3[${index}]`, `unknown 3.x command or category ${xfs3}`);
      const table = entry.kind === 'info' ? mapping.xfs3Info : undefined;
      if (table && !(xfs3 in table) && name !== 'Storage.GetStorage') {
        throw new MappingError(file, `${where}.xfs3[${index}]`, `${xfs3} is not an information category`);
      }
    });
    for (const [error, errorCode] of Object.entries(entry.errorOverrides ?? {})) {
      if (!(error in mapping.errors)) throw new MappingError(file, `${where}.errorOverrides['${error}']`, `unknown class error ${error}`);
      if (!(entry.errorCodes ?? []).includes(errorCode)) {
        throw new MappingError(file, `${where}.errorOverrides['${error}']`, `errorCode ${errorCode} is not in this command's errorCodes`);
      }
    }
    (entry.events ?? []).forEach((event, index) => {
      if (!(event in mapping.events)) throw new MappingError(file, `${where}.events[${index}]`, `unknown 3.x event ${event}`);
    });
    if (name in (mapping.notMapped ?? {})) throw new MappingError(file, where, 'is both mapped and listed in notMapped');
  }
  for (const [name, entry] of Object.entries(mapping.events)) {
    for (const command of entry.solicitedBy ?? []) {
      if (!(command in mapping.commands)) throw new MappingError(file, `events['${name}'].solicitedBy`, `unknown command ${command}`);
    }
  }
}

export function loadMappings(dir: string = defaultMappingDir, shownFrom: string = process.cwd()): MappingSet {
  const validators = compileValidators(dir);
  const shown = (file: string) => relative(shownFrom, join(dir, file)) || file;
  const genericFile = shown('generic.json');
  const generic = readJson(join(dir, 'generic.json'), genericFile);
  check(validators.generic, generic, genericFile);
  const classes = new Map<string, ClassMapping>();
  let recycler: RecyclerMapping | undefined;
  const files = readdirSync(dir).filter((file) => file.endsWith('.json') && !file.endsWith('.schema.json')).sort();
  for (const file of files) {
    const data = readJson(join(dir, file), shown(file));
    const kind = typeof data === 'object' && data !== null ? (data as { kind?: unknown }).kind : undefined;
    if (kind === 'recycler' && validators.recycler) {
      check(validators.recycler, data, shown(file));
      recycler = data as RecyclerMapping;
      continue;
    }
    if (kind !== 'class') continue;
    check(validators.classMapping, data, shown(file));
    const mapping = data as ClassMapping;
    checkClass(mapping, shown(file));
    if (classes.has(mapping.class)) throw new MappingError(shown(file), 'class', `class ${mapping.class} is mapped twice`);
    classes.set(mapping.class, mapping);
  }
  return { generic: generic as GenericMapping, classes, ...(recycler ? { recycler } : {}) };
}
