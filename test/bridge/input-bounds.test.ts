// Issue 14: what the gateway accepts, compared with what each release lets a client send. Every
// command payload schema the bridge offers, per major, is walked beside the release's definition of
// that command (mappings/definitions): a property the release does not have, an enumeration value the
// release defines but the gateway refuses at the boundary, and a numeric or length bound stricter than
// the release's are differences a generated client notices (its valid message acknowledged
// invalidMessage). The ones kept on purpose are listed, each with its reason, in
// fixtures/input-bounds-open.json; anything else, or a listed entry that no longer occurs, fails.
import { readFileSync } from 'node:fs';
import t from 'tap';
import { classBindings } from '../../src/bridge/gateway.ts';
import type { PayloadSchema } from '../../src/xfs4iot/backend.ts';
import type { Release } from '../../src/xfs4iot/release-definitions.ts';
import { NAMES_2023_BY_2024 } from '../../src/xfs4iot/release-names.ts';

type Schema = Record<string, unknown>;
interface DefinitionFile { commands: Record<string, { payload: Schema | null }>; $defs: Record<string, Schema> }

const files = Object.fromEntries((['2023-2', '2024-03'] as const).map((release) => [
  release, JSON.parse(readFileSync(new URL(`../../mappings/definitions/${release}.json`, import.meta.url), 'utf8')) as DefinitionFile,
])) as Record<Release, DefinitionFile>;

const open = (JSON.parse(readFileSync(new URL('./fixtures/input-bounds-open.json', import.meta.url), 'utf8')) as { open: Array<{ match: string; reason: string }> })
  .open.map((entry) => ({ ...entry, pattern: new RegExp(entry.match) }));

/** The definition's schema with $refs followed and the generator's "or null" alternatives dropped. */
function resolve(file: DefinitionFile, schema: Schema | undefined): Schema | undefined {
  let current = schema;
  for (let depth = 0; current && depth < 8; depth++) {
    if (typeof current.$ref === 'string') {
      current = file.$defs[current.$ref.replace('#/$defs/', '')];
      continue;
    }
    const anyOf = current.anyOf as Schema[] | undefined;
    const nonNull = anyOf?.filter((s) => s.type !== 'null');
    if (nonNull && nonNull.length === 1) {
      current = nonNull[0];
      continue;
    }
    return current;
  }
  return current;
}

/** Each alternative of ours: anyOf branches, or the schema itself. */
function alternatives(schema: Schema): Schema[] {
  const anyOf = schema.anyOf as Schema[] | undefined;
  return anyOf ? anyOf.filter((s) => s.type !== 'null') : [schema];
}

function typesOf(schema: Schema | undefined): string[] {
  const type = schema?.type;
  return Array.isArray(type) ? type as string[] : typeof type === 'string' ? [type] : [];
}

/** The definition's alternative matching the type of ours (definitions use anyOf for "string or array"). */
function counterpart(file: DefinitionFile, def: Schema | undefined, ours: Schema): Schema | undefined {
  const resolved = resolve(file, def);
  if (!resolved?.anyOf) return resolved;
  const wanted = typesOf(ours)[0] ?? (ours.enum ? 'string' : undefined);
  return (resolved.anyOf as Schema[]).map((s) => resolve(file, s)).find((s) => s && typesOf(s).includes(wanted ?? '')) ?? resolved;
}

function compare(file: DefinitionFile, ours: Schema, def: Schema | undefined, path: string, out: string[]): void {
  for (const alt of alternatives(ours)) {
    const theirs = counterpart(file, def, alt);
    if (!theirs) continue;
    if (Array.isArray(alt.enum) && Array.isArray(theirs.enum)) {
      // The generator lists each value twice (camelCase, PascalCase): clients send the camelCase one.
      const refused = (theirs.enum as unknown[]).filter((v) => typeof v === 'string' && /^[a-z]/.test(v) && !(alt.enum as unknown[]).includes(v));
      for (const value of refused) out.push(`${path}: ${JSON.stringify(value)} refused`);
    }
    const stricter = (key: string, worse: (a: number, b: number | undefined) => boolean) => {
      const a = alt[key];
      if (typeof a === 'number' && worse(a, theirs[key] as number | undefined)) out.push(`${path}: ${key} ${a} (release: ${String(theirs[key] ?? 'none')})`);
    };
    stricter('maxLength', (a, b) => b === undefined || a < b);
    stricter('maxItems', (a, b) => b === undefined || a < b);
    stricter('maximum', (a, b) => b === undefined || a < b);
    stricter('minimum', (a, b) => a > (b ?? Number.NEGATIVE_INFINITY));
    stricter('minLength', (a, b) => a > (b ?? 0));
    stricter('minItems', (a, b) => a > (b ?? 0));
    if (alt.items && typeof alt.items === 'object') compare(file, alt.items as Schema, resolve(file, theirs.items as Schema | undefined), `${path}[]`, out);
    const properties = alt.properties as Record<string, Schema> | undefined;
    const theirProperties = theirs.properties as Record<string, Schema> | undefined;
    for (const [name, schema] of Object.entries(properties ?? {})) {
      const theirProperty = theirProperties?.[name];
      if (theirProperties && !theirProperty) {
        out.push(`${path}.${name}: not a property of the release`);
        continue;
      }
      compare(file, schema, theirProperty, `${path}.${name}`, out);
    }
    if (alt.additionalProperties && typeof alt.additionalProperties === 'object') {
      compare(file, alt.additionalProperties as Schema, resolve(file, theirs.additionalProperties as Schema | undefined), `${path}.*`, out);
    }
  }
}

t.test('command payloads accepted at the boundary are those each release lets a client send', async (t) => {
  const found = new Map<string, string[]>();
  let compared = 0;
  for (const [cls, binding] of Object.entries(classBindings)) {
    for (const [name, entry] of Object.entries(binding.commandSchemas)) {
      for (const major of entry.majors) {
        const release: Release = major >= 3 ? '2024-03' : '2023-2';
        const file = files[release];
        const releaseName = release === '2023-2' ? NAMES_2023_BY_2024[name] ?? name : name;
        const definition = file.commands[releaseName];
        if (!definition) continue;
        const ours = entry.payload(major) as PayloadSchema | undefined;
        if (!ours) continue;
        compared++;
        const out: string[] = [];
        compare(file, ours as Schema, resolve(file, definition.payload ?? undefined), `${release} ${releaseName}`, out);
        for (const problem of out) found.set(problem, [...(found.get(problem) ?? []), cls]);
      }
    }
  }
  t.ok(compared >= 80, `compared ${compared} command payload schemas`);
  const problems = [...found.keys()].sort();
  if (process.env.INPUT_BOUNDS_PRINT) console.log(JSON.stringify(problems, null, 1));
  t.same(problems.filter((p) => !open.some((entry) => entry.pattern.test(p))), [], 'no difference beyond fixtures/input-bounds-open.json');
  t.same(open.filter((entry) => !problems.some((p) => entry.pattern.test(p))).map((entry) => entry.match), [], 'every listed kind still occurs (remove the fixed ones)');
  t.notOk(problems.some((p) => / refused$|not a property of the release$/.test(p)), 'no enumeration value refused and no property the release lacks');
});

t.test('the comparison finds each kind of difference', async (t) => {
  const file = files['2024-03'];
  const out: string[] = [];
  const ours: Schema = {
    type: 'object',
    properties: {
      formName: { type: 'string', maxLength: 3 }, bogus: { type: 'string' },
      unit: { type: 'object', properties: { base: { enum: ['inch'] }, x: { type: 'integer', minimum: 2 } } },
    },
  };
  compare(file, ours, resolve(file, file.commands['Printer.MediaExtents'].payload ?? undefined), 'extents', out);
  compare(file, ours, resolve(file, file.commands['Printer.GetQueryForm'].payload ?? undefined), 'form', out);
  t.ok(out.includes('extents.unit.base: "mm" refused'), 'an enumeration value refused');
  t.ok(out.includes('extents.unit.x: minimum 2 (release: 1)'), 'a raised minimum');
  t.ok(out.includes('form.formName: maxLength 3 (release: none)'), 'a length bound');
  t.ok(out.includes('form.bogus: not a property of the release'), 'a property the release lacks');
});
