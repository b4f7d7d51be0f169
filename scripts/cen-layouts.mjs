#!/usr/bin/env node
// Sizes and field offsets of the structs of the CEN XFS 3.x headers, as the Windows compilers lay
// them out for i686 and x86_64 (the headers' own #pragma pack(push,1) applies), written as JSON for
// test/legacy-xfs3/fixtures/cen-layouts.json. The headers are not part of this project and are
// never committed: the script reads them from directories given on the command line (see
// test/legacy-xfs3/fixtures/README.md for where to get them) and commits only numbers.
//
//   node scripts/cen-layouts.mjs [--headers xfsidc.h,xfspin.h,...] DIR... > cen-layouts.json
//
// Each DIR holds one header set (xfsapi.h plus class headers). Nothing is run: each header is
// compiled to an object file whose one section holds sizeof/offsetof as 32-bit numbers, read back
// with objcopy, so the cross compilers (i686-w64-mingw32-gcc, x86_64-w64-mingw32-gcc) suffice.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';

const ARCHES = { i686: 'i686-w64-mingw32', x86_64: 'x86_64-w64-mingw32' };
const DEFAULT_HEADERS = ['xfsapi.h', 'xfsidc.h', 'xfscdm.h', 'xfsptr.h', 'xfspin.h', 'xfssiu.h', 'xfsttu.h', 'xfsbcr.h', 'xfscam.h', 'xfsvdm.h', 'xfscim.h'];

function usage(message) {
  process.stderr.write(`${message}\nusage: node scripts/cen-layouts.mjs [--headers a.h,b.h] DIR...\n`);
  process.exit(2);
}

const args = process.argv.slice(2);
let wanted = DEFAULT_HEADERS;
const dirs = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--headers') wanted = (args[++i] ?? usage('--headers needs a list')).split(',');
  else dirs.push(resolve(args[i]));
}
if (dirs.length === 0) usage('no header directory given');

/** The header's own version line ("Version 3.02 (09/05/03)"): the first version number in its banner. */
function headerVersion(text) {
  const m = /Version\s+(\d\.\d\d)/.exec(text.slice(0, 1200));
  return m ? m[1] : 'unknown';
}

function stripComments(text) {
  return text.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/[^\n]*/g, ' ');
}

/** typedef struct [tag] { fields } NAME[, *LPNAME]; -> [{ name, fields }] (fields by name, in order). */
function parseStructs(text) {
  const src = stripComments(text);
  const out = [];
  const re = /typedef\s+struct\s*\w*\s*\{/g;
  while (re.exec(src)) {
    let depth = 1;
    let i = re.lastIndex;
    for (; i < src.length && depth > 0; i++) {
      if (src[i] === '{') depth++;
      else if (src[i] === '}') depth--;
    }
    const body = src.slice(re.lastIndex, i - 1);
    const tail = /^\s*(\w+)/.exec(src.slice(i));
    re.lastIndex = i;
    if (!tail) continue;
    out.push({ name: tail[1], fields: fieldNames(body) });
  }
  return out;
}

/** Field names of a struct body; a nested union or struct counts as one field (its declarator). */
function fieldNames(body) {
  const names = [];
  let depth = 0;
  let decl = '';
  for (const ch of body) {
    if (ch === '{') depth++;
    if (ch === '}') { depth--; decl = ''; continue; }
    if (depth > 0) continue;
    if (ch === ';') {
      const m = /(\w+)\s*(\[[^\]]*\]\s*)*$/.exec(decl.trim());
      if (m) names.push(m[1]);
      decl = '';
    } else decl += ch;
  }
  return names;
}

function compile(arch, dir, header, structs, work) {
  const lines = ['#include <windows.h>', '#include <stddef.h>', `#include "${header}"`,
    '__attribute__((section(".xfslay"), used)) static const unsigned int xfs_layouts[] = {'];
  for (const s of structs) {
    lines.push(`  sizeof(${s.name}),`);
    for (const f of s.fields) lines.push(`  offsetof(${s.name}, ${f}),`);
  }
  lines.push('  0xffffffffu };', '');
  const c = join(work, `${arch}-${header}.c`);
  const o = join(work, `${arch}-${header}.o`);
  const bin = join(work, `${arch}-${header}.bin`);
  writeFileSync(c, lines.join('\n'));
  execFileSync(`${ARCHES[arch]}-gcc`, ['-c', '-w', '-I', dir, c, '-o', o], { stdio: ['ignore', 'ignore', 'inherit'] });
  execFileSync(`${ARCHES[arch]}-objcopy`, ['-O', 'binary', '--only-section=.xfslay', o, bin]);
  const raw = readFileSync(bin);
  const words = [];
  for (let i = 0; i + 4 <= raw.length; i += 4) words.push(raw.readUInt32LE(i));
  let k = 0;
  const result = {};
  for (const s of structs) {
    const size = words[k++];
    const offsets = {};
    for (const f of s.fields) offsets[f] = words[k++];
    result[s.name] = { size, offsets };
  }
  if (words[k] !== 0xffffffff) throw new Error(`${header} (${arch}): layout table out of step`);
  return result;
}

const work = mkdtempSync(join(tmpdir(), 'cen-layouts-'));
const sets = [];
try {
  for (const dir of dirs) {
    const files = new Map(readdirSync(dir).map((f) => [f.toLowerCase(), f]));
    const headers = [];
    for (const want of wanted) {
      const file = files.get(want.toLowerCase());
      if (!file) continue;
      const text = readFileSync(join(dir, file), 'latin1');
      const structs = parseStructs(text);
      const perArch = {};
      for (const arch of Object.keys(ARCHES)) perArch[arch] = compile(arch, dir, file, structs, work);
      const layouts = {};
      for (const s of structs) {
        layouts[s.name] = { fields: s.fields };
        for (const arch of Object.keys(ARCHES)) {
          const l = perArch[arch][s.name];
          layouts[s.name][arch] = [l.size, ...s.fields.map((f) => l.offsets[f])];
        }
      }
      headers.push({ header: want.toLowerCase(), version: headerVersion(text), structs: layouts });
      process.stderr.write(`${basename(dir)}/${file}: version ${headerVersion(text)}, ${structs.length} structs\n`);
    }
    sets.push({ set: basename(dir), headers });
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

// One struct a line, so that a regenerated file diffs struct by struct.
const out = ['{', '"generatedBy": "scripts/cen-layouts.mjs",', `"compilers": ${JSON.stringify(Object.values(ARCHES).map((a) => `${a}-gcc`))},`,
  '"layout": "per struct: fields in order; per architecture [sizeof, offsetof of each field]",', '"sets": ['];
sets.forEach((set, si) => {
  out.push(`{"set": ${JSON.stringify(set.set)}, "headers": [`);
  set.headers.forEach((h, hi) => {
    out.push(`{"header": ${JSON.stringify(h.header)}, "version": ${JSON.stringify(h.version)}, "structs": {`);
    const names = Object.keys(h.structs);
    names.forEach((n, ni) => out.push(`${JSON.stringify(n)}: ${JSON.stringify(h.structs[n])}${ni < names.length - 1 ? ',' : ''}`));
    out.push(`}}${hi < set.headers.length - 1 ? ',' : ''}`);
  });
  out.push(`]}${si < sets.length - 1 ? ',' : ''}`);
});
out.push(']}', '');
process.stdout.write(out.join('\n'));
