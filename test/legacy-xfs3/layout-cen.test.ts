// Every TypeScript struct layout against the numbers the CEN XFS 3.x headers give when compiled for
// i686 and x86_64 (fixtures/cen-layouts.json, made by scripts/cen-layouts.mjs from headers kept
// outside the tree). Unlike layout.test.ts, which compares with C compiled from the simulator's own
// copies of the field lists, an error here cannot be shared by both sides.
import { readFileSync } from 'node:fs';
import t from 'tap';
import { allStructs } from '../../src/legacy-xfs3/layout.ts';
import '../../src/legacy-xfs3/structs-api.ts';
import '../../src/legacy-xfs3/idc/structs.ts';
import '../../src/legacy-xfs3/cdm/structs.ts';
import '../../src/legacy-xfs3/ptr/structs.ts';
import '../../src/legacy-xfs3/pin/structs.ts';
import '../../src/legacy-xfs3/siu/structs.ts';
import '../../src/legacy-xfs3/ttu/structs.ts';
import '../../src/legacy-xfs3/bcr/structs.ts';
import '../../src/legacy-xfs3/cam/structs.ts';
import '../../src/legacy-xfs3/vdm/structs.ts';
import '../../src/legacy-xfs3/cim/structs.ts';
import { claims, knownGaps, unchecked } from './cen-claims.ts';

interface HeaderStruct { fields: string[]; i686: number[]; x86_64: number[] }
interface Fixture { sets: Array<{ set: string; headers: Array<{ header: string; version: string; structs: Record<string, HeaderStruct> }> }> }

const fixture = JSON.parse(readFileSync(new URL('fixtures/cen-layouts.json', import.meta.url), 'utf8')) as Fixture;

/** "WFSIDCFORM@3.02" -> the struct as that header version declares it (names are unique across class headers). */
const byVersion = new Map<string, HeaderStruct>();
for (const set of fixture.sets) {
  for (const h of set.headers) for (const [name, s] of Object.entries(h.structs)) byVersion.set(`${name}@${h.version}`, s);
}
const ARCH = { i686: 4, x86_64: 8 } as const;
const headers = (c: { header: string | string[] }): string[] => (Array.isArray(c.header) ? c.header : [c.header]);

t.test('the fixture holds the header sets it should', async (t) => {
  t.same(fixture.sets.map((s) => s.set), ['3.0x', '3.20', '3.30']);
  t.ok(byVersion.size > 600, `${byVersion.size} header structs`);
});

t.test('every TypeScript layout is claimed for some header version, or says why not', async (t) => {
  for (const name of allStructs.keys()) t.ok(claims[name] ?? unchecked[name], `${name} is in cen-claims.ts`);
  for (const name of [...Object.keys(claims), ...Object.keys(unchecked)]) t.ok(allStructs.has(name), `${name} is a TypeScript layout`);
});

t.test('each claimed layout equals the header struct: sizeof and every offsetof, on i686 and x86_64', async (t) => {
  let checked = 0;
  for (const [name, claim] of Object.entries(claims)) {
    const def = allStructs.get(name);
    if (!def) continue;
    for (const header of headers(claim)) {
      for (const version of claim.versions) {
        const h = byVersion.get(`${header}@${version}`);
        if (!t.ok(h, `${header} is in the ${version} header`) || !h) continue;
        const fields = def.spec.map(([f]) => claim.rename?.[f] ?? f);
        t.same(fields, h.fields, `${name} = ${header}@${version}: same fields in the same order`);
        for (const [arch, ptrSize] of Object.entries(ARCH)) {
          const l = def.at(ptrSize);
          const numbers = h[arch as keyof typeof ARCH];
          t.same([l.size, ...l.order.map((f) => f.offset)], numbers, `${name} = ${header}@${version} on ${arch}: sizeof, offsetof`);
        }
        checked++;
      }
    }
  }
  t.ok(checked >= 200, `${checked} struct versions checked`);
});

t.test('every version of a claimed header struct has a TypeScript layout (or is a known gap)', async (t) => {
  const claimed = new Set<string>();
  const families = new Set<string>();
  for (const c of Object.values(claims)) {
    for (const h of headers(c)) {
      families.add(h);
      for (const v of c.versions) claimed.add(`${h}@${v}`);
    }
  }
  const missing = [...byVersion.keys()].filter((k) => families.has(k.split('@')[0]!) && !claimed.has(k));
  t.same(missing.filter((k) => !(k in knownGaps)).sort(), [], 'versions without a layout');
  t.same(Object.keys(knownGaps).filter((k) => !missing.includes(k)), [], 'known gaps that are no longer gaps (remove them)');
});
