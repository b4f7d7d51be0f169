// Windows lane only (npm run test:windows): the sizeof/offsetof table the mingw-w64-built simulator
// printed under Wine (i686 or x86_64 compiler, its own C declarations) against the TypeScript
// layouts at the same pointer size. Not part of `npm test`: it needs the lane's dump file.
import t from 'tap';
import { readFileSync } from 'node:fs';
import { allStructs } from '../src/legacy-xfs3/layout.ts';
import '../src/legacy-xfs3/structs-api.ts';
import '../src/legacy-xfs3/idc/structs.ts';
import '../src/legacy-xfs3/cdm/structs.ts';
import '../src/legacy-xfs3/ptr/structs.ts';
import '../src/legacy-xfs3/pin/structs.ts';
import '../src/legacy-xfs3/siu/structs.ts';
import '../src/legacy-xfs3/ttu/structs.ts';
import '../src/legacy-xfs3/bcr/structs.ts';
import '../src/legacy-xfs3/cam/structs.ts';
import '../src/legacy-xfs3/vdm/structs.ts';
import '../src/legacy-xfs3/cim/structs.ts';

const file = process.env.XFS_WIN_LAYOUTS;
const arch = process.env.XFS_WIN_ARCH;
if (!file || !arch) throw new Error('run through `npm run test:windows -- --arch ia32|x64` (XFS_WIN_LAYOUTS/XFS_WIN_ARCH unset)');

const c = new Map<string, { size: number; fields: Map<string, number> }>();
let pointerSize = 0;
let cur: { size: number; fields: Map<string, number> } | undefined;
for (const line of readFileSync(file, 'utf8').split('\n')) {
  const [kind, name, value] = line.split(' ');
  if (kind === 'P') pointerSize = Number(name);
  else if (kind === 'S') { cur = { size: Number(value), fields: new Map() }; c.set(name!, cur); }
  else if (kind === 'F' && cur) cur.fields.set(name!, Number(value));
}

t.test(`${arch}: the compiler's pointer size is the architecture's`, async (t) => {
  t.equal(pointerSize, arch === 'ia32' ? 4 : 8);
});

t.test(`${arch}: every C struct agrees byte for byte with its TypeScript layout at pointer size ${pointerSize}`, async (t) => {
  t.ok(c.size >= 50, `the simulator DLL reports ${c.size} layouts`);
  let compared = 0;
  for (const [name, cl] of c) {
    if (name === 'sim_msg_t') continue;
    const def = allStructs.get(name);
    t.ok(def, `TypeScript knows ${name}`);
    if (!def) continue;
    const l = def.at(pointerSize);
    t.equal(l.size, cl.size, `sizeof(${name})`);
    t.same(l.order.map((f) => f.name), [...cl.fields.keys()], `${name}: same fields in the same order`);
    for (const f of l.order) t.equal(f.offset, cl.fields.get(f.name), `offsetof(${name}, ${f.name})`);
    compared++;
  }
  for (const name of allStructs.keys()) t.ok(c.has(name), `C knows ${name}`);
  t.comment(`${compared} structs compared at pointer size ${pointerSize}`);
});

t.test(`${arch}: the pump's MSG buffer covers the Win32 MSG`, async (t) => {
  // Win32 MSG: hwnd, message, wParam, lParam, time, POINT; the pump's buffer adds lPrivate after it.
  const msg = c.get('sim_msg_t')!;
  t.equal(msg.fields.get('pt' + 'X'), pointerSize === 4 ? 20 : 36, 'POINT where Win32 has it');
  t.ok(msg.size >= (pointerSize === 4 ? 28 : 48), `sizeof ${msg.size} holds a Win32 MSG`);
});
