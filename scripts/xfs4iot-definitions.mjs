#!/usr/bin/env node
// Writes the message definitions of one XFS4IoT release (mappings/definitions/<release>.json) from a
// checkout of generated message classes kept OUTSIDE this tree (REFERENCES.md: KAL SP-Dev's
// Framework/Core at tag v2.4.0 for 2023-2, at HEAD for 2024-03). Only facts are taken: message names,
// kinds and versions, property names, JSON types, enumeration values, patterns and bounds. No
// description, comment or code is carried over.
//
//   node scripts/xfs4iot-definitions.mjs <Framework/Core dir> <release> [out.json]
//
// What a generated client accepts, and so what the schemas say: every property is optional and may
// be null (the classes make every member nullable); enumeration values are the members' names in
// camel case (or as the member is spelled: the decoder ignores case); a byte list travels as base64; a Dictionary<string, List<string>> accepts a string or
// an array per key. Extra properties are ignored by such a client; the schemas still close objects
// (additionalProperties false), because the gateway must send exactly its release's shapes.
import { readdirSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const [root, release, outArg] = process.argv.slice(2);
if (!root || !release) {
  process.stderr.write('usage: node scripts/xfs4iot-definitions.mjs <Framework/Core dir> <release> [out.json]\n');
  process.exit(2);
}
const out = outArg ?? new URL(`../mappings/definitions/${release}.json`, import.meta.url).pathname;

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name === 'CoreTest') continue;
      yield* files(path);
    } else if (name.endsWith('_g.cs')) yield path;
  }
}

/** System.Text.Json's camel-case policy: the leading run of capitals is lowered, all but the last before a lower-case letter. */
function camel(name) {
  const chars = [...name];
  for (let i = 0; i < chars.length; i += 1) {
    if (i === 1 && !/[A-Z]/.test(chars[i])) break;
    const hasNext = i + 1 < chars.length;
    if (i > 0 && hasNext && !/[A-Z]/.test(chars[i + 1])) break;
    chars[i] = chars[i].toLowerCase();
  }
  return chars.join('');
}

/** @typedef {{ kind: 'class' | 'enum', fqn: string, scope: string[], members: any[], message?: any }} TypeDecl */
/** @type {Map<string, TypeDecl>} */
const types = new Map();
const messages = [];

function parseAttributes(text) {
  const attrs = {};
  for (const m of text.matchAll(/(\w+)\s*=\s*(@?"(?:[^"]|"")*"|[\w.+-]+)/g)) {
    let value = m[2];
    if (value.startsWith('@"')) value = value.slice(2, -1).replace(/""/g, '"');
    else if (value.startsWith('"')) value = value.slice(1, -1);
    attrs[m[1]] = value;
  }
  return attrs;
}

function parseFile(path) {
  const lines = readFileSync(path, 'utf8').split(/\r?\n/).map((l) => l.replace(/\/\/.*$/, '').trim()).filter((l) => l !== '');
  /** @type {{ kind: string, name: string, decl?: TypeDecl }[]} */
  const stack = [];
  let pending; // a declaration waiting for its '{'
  let attrs = {}; // attributes seen since the last member or type
  const scopeNames = () => stack.filter((s) => s.kind !== 'other').map((s) => s.name);
  const current = () => [...stack].reverse().find((s) => s.kind === 'class' || s.kind === 'enum' || s.kind === 'other');
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i];
    const top = stack[stack.length - 1];
    if (top?.kind === 'enum' && !line.startsWith('{') && !line.startsWith('}')) {
      for (const part of line.split(',')) {
        const m = /^(\w+)/.exec(part.trim());
        // The decoder matches enumeration names without regard to case; the specification spells most
        // values in camel case and some (interface names) in Pascal case: both spellings are accepted.
        if (m) top.decl.members.push(...new Set([camel(m[1]), m[1]]));
      }
      continue;
    }
    if (line.startsWith('[')) {
      const attr = /^\[([\w.]+)(?:\((.*)\))?\]$/.exec(line);
      if (attr) attrs[attr[1].split('.').pop()] = parseAttributes(attr[2] ?? '');
      continue;
    }
    const ns = /^namespace ([\w.]+)/.exec(line);
    if (ns) { pending = { kind: 'ns', name: ns[1] }; continue; }
    const cls = /^public (?:sealed |abstract |partial )*class (\w+)(?:\s*:\s*(.+))?$/.exec(line);
    if (cls) {
      const fqn = [...scopeNames(), cls[1]].join('.');
      const decl = { kind: 'class', fqn, scope: scopeNames(), members: [] };
      const base = cls[2] ?? '';
      if (attrs.Command || attrs.Completion || attrs.Event) {
        const kind = attrs.Command ? 'command' : attrs.Completion ? 'completion' : /^UnsolicitedEvent</.test(base) ? 'unsolicited' : 'event';
        const payload = /<\s*([\w.]+)\s*>/.exec(base)?.[1];
        decl.message = { kind, name: (attrs.Command ?? attrs.Completion ?? attrs.Event).Name, version: attrs.XFS4Version?.Version, payload };
        messages.push(decl);
      }
      types.set(fqn, decl);
      pending = { kind: 'class', name: cls[1], decl };
      attrs = {};
      continue;
    }
    const en = /^public enum (\w+)/.exec(line);
    if (en) {
      const fqn = [...scopeNames(), en[1]].join('.');
      const decl = { kind: 'enum', fqn, scope: scopeNames(), members: [] };
      types.set(fqn, decl);
      pending = { kind: 'enum', name: en[1], decl };
      attrs = {};
      continue;
    }
    const prop = /^public ([\w.<>, ?]+?) (\w+) \{ get; (?:init|set); \}/.exec(line);
    if (prop) {
      const owner = current();
      // Extension data: the class takes any further property (the specification's pattern properties, such as storage unit ids).
      if (attrs.JsonExtensionData && owner?.kind === 'class') owner.decl.open = true;
      if (attrs.DataMember && owner?.kind === 'class') {
        owner.decl.members.push({ name: attrs.DataMember.Name, type: prop[1], constraints: attrs.DataTypes ?? {} });
      }
      attrs = {};
      continue;
    }
    for (const ch of line) {
      if (ch === '{') {
        stack.push(pending ?? { kind: 'other', name: '' });
        pending = undefined;
      } else if (ch === '}') stack.pop();
    }
    if (!line.includes('{') && !line.includes('}') && !line.startsWith('[')) attrs = line.endsWith(')') || line.endsWith(',') ? attrs : {};
  }
}

for (const path of files(root)) {
  try {
    parseFile(path);
  } catch (error) {
    throw new Error(`${relative(root, path)}: ${error.message}`, { cause: error });
  }
}

/** Resolves a type name as C# would from `scope` (innermost enclosing type first, then the namespaces outwards). */
function resolve(name, scope) {
  for (let n = scope.length; n >= 0; n -= 1) {
    const fqn = [...scope.slice(0, n), name].join('.');
    if (types.has(fqn)) return types.get(fqn);
  }
  // Namespaces are dotted inside one scope entry ("XFS4IoT.CardReader.Completions").
  const flat = scope.join('.').split('.');
  for (let n = flat.length; n >= 0; n -= 1) {
    const fqn = [...flat.slice(0, n), name].join('.');
    if (types.has(fqn)) return types.get(fqn);
  }
  return undefined;
}

const defs = {};
const defNames = new Map();
const unresolved = new Set();

function defName(decl) {
  if (defNames.has(decl.fqn)) return defNames.get(decl.fqn);
  // Short, stable names: the path below the XFS4IoT namespace.
  const name = decl.fqn.replace(/^XFS4IoT\./, '').replace(/\.(Commands|Completions|Events)\./, '.');
  defNames.set(decl.fqn, name);
  return name;
}

function nullable(schema) {
  return { anyOf: [schema, { type: 'null' }] };
}

function constraintsOf(c) {
  const s = {};
  // The generated classes write `\\d` / `\\D` in verbatim strings where the specification means the
  // class escapes \d / \D ("any character other than a decimal digit", TextTerminal keys; the 2024-03
  // date-time digits): as written the regular expression would ask for a literal backslash, which no
  // key or date has.
  if (c.Pattern !== undefined) s.pattern = c.Pattern.replace(/\\\\([dD])/g, '\\$1');
  if (c.Minimum !== undefined) s.minimum = Number(c.Minimum);
  if (c.Maximum !== undefined) s.maximum = Number(c.Maximum);
  if (c.MinLength !== undefined) s.minLength = Number(c.MinLength);
  if (c.MaxLength !== undefined) s.maxLength = Number(c.MaxLength);
  return s;
}

function splitGenerics(text) {
  const parts = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i += 1) {
    if (text[i] === '<') depth += 1;
    else if (text[i] === '>') depth -= 1;
    else if (text[i] === ',' && depth === 0) {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(text.slice(start).trim());
  return parts;
}

function schemaOf(type, scope, constraints = {}) {
  const t = type.replace(/\?$/, '').trim();
  const c = constraintsOf(constraints);
  switch (t) {
    case 'bool': return { type: 'boolean' };
    case 'int': case 'long': case 'short': case 'uint': case 'ulong': case 'ushort': case 'byte': case 'sbyte':
      return { type: 'integer', ...c };
    case 'double': case 'float': case 'decimal': return { type: 'number', ...c };
    case 'string': return { type: 'string', ...c };
    case 'object': case 'System.Text.Json.JsonElement': return {};
    case 'List<byte>': return { type: 'string', ...c, ...(c.pattern ? {} : { contentEncoding: 'base64' }) };
    default: break;
  }
  const generic = /^([\w.]+)<(.+)>$/.exec(t);
  if (generic) {
    const args = splitGenerics(generic[2]);
    if (generic[1] === 'List') return { type: 'array', items: nullable(schemaOf(args[0], scope, constraints)) };
    if (generic[1] === 'Dictionary') {
      const value = schemaOf(args[1], scope, constraints);
      // Converters.cs: a string or an array of strings per key.
      const item = args[1] === 'List<string>' ? { anyOf: [{ type: 'string' }, value] } : value;
      return { type: 'object', additionalProperties: nullable(item) };
    }
    throw new Error(`unknown generic ${t}`);
  }
  const decl = resolve(t, scope);
  if (!decl) {
    unresolved.add(`${t} (from ${scope.join('.')})`);
    return {};
  }
  return { $ref: `#/$defs/${define(decl)}` };
}

function define(decl) {
  const name = defName(decl);
  if (name in defs) return name;
  defs[name] = {}; // placeholder against recursion
  if (decl.kind === 'enum') {
    defs[name] = { enum: decl.members };
    return name;
  }
  const scope = decl.fqn.split('.');
  const properties = {};
  for (const m of decl.members) properties[m.name] = nullable(schemaOf(m.type, scope, m.constraints));
  defs[name] = { type: 'object', properties, additionalProperties: decl.open === true };
  return name;
}

const result = { release, note: 'Facts of the message definitions of this release (names, kinds, versions, property names, types, enumerations, patterns, bounds), written by scripts/xfs4iot-definitions.mjs. Every property is optional and may be null.', commands: {}, completions: {}, events: {} };
for (const decl of messages.sort((a, b) => a.message.name.localeCompare(b.message.name))) {
  const { kind, name, version, payload } = decl.message;
  let schema = null;
  if (payload && payload !== 'MessagePayloadBase' && payload !== 'MessagePayload') {
    const payloadDecl = resolve(payload, decl.fqn.split('.'));
    if (!payloadDecl) unresolved.add(`${payload} (payload of ${name})`);
    else schema = { $ref: `#/$defs/${define(payloadDecl)}` };
  }
  const entry = { version, payload: schema };
  if (kind === 'command') result.commands[name] = entry;
  else if (kind === 'completion') result.completions[name] = entry;
  else result.events[name] = { ...entry, unsolicited: kind === 'unsolicited' };
}
result.$defs = Object.fromEntries(Object.entries(defs).sort(([a], [b]) => a.localeCompare(b)));
if (unresolved.size > 0) {
  process.stderr.write(`unresolved types:\n  ${[...unresolved].join('\n  ')}\n`);
  process.exit(1);
}
writeFileSync(out, `${JSON.stringify(result, null, 1)}\n`);
process.stdout.write(`${out}: ${Object.keys(result.commands).length} commands, ${Object.keys(result.completions).length} completions, ${Object.keys(result.events).length} events, ${Object.keys(result.$defs).length} types\n`);
