// Every struct layout of the TypeScript codecs against what the C compiler produced for the
// simulator from the same field lists (sizeof and offsetof of each field).
import t from 'tap';
import koffi from 'koffi';
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
import { WFSRESULT, WFSVERSION } from '../../src/legacy-xfs3/structs-api.ts';
import { IDC_STATUS_V300, IDC_CARD_DATA } from '../../src/legacy-xfs3/idc/structs.ts';
import { POINTER_SIZE } from '../../src/legacy-xfs3/ffi.ts';
import { sim } from './helpers.ts';

const c = sim.layouts();

t.test('every C struct has a TypeScript layout and they agree byte for byte', async (t) => {
  t.ok(c.size >= 50, `the simulator exports ${c.size} layouts`);
  for (const [name, cl] of c) {
    if (name === 'sim_msg_t') continue;
    const def = allStructs.get(name);
    t.ok(def, `TypeScript knows ${name}`);
    if (!def) continue;
    const l = def.at(POINTER_SIZE);
    t.equal(l.size, cl.size, `sizeof(${name})`);
    t.same([...l.order.map((f) => f.name)], [...cl.fields.keys()], `${name}: same fields in the same order`);
    for (const f of l.order) t.equal(f.offset, cl.fields.get(f.name), `offsetof(${name}, ${f.name})`);
  }
  for (const name of allStructs.keys()) t.ok(c.has(name), `C knows ${name}`);
});

t.test('the pump reads MSG with the natural (non-packed) Win32 layout', async (t) => {
  const MSG = koffi.struct('TEST_MSG', {
    hwnd: 'void *', message: 'uint32_t', wParam: 'uintptr_t', lParam: 'void *', time: 'uint32_t',
    ptX: 'int32_t', ptY: 'int32_t', lPrivate: 'uint32_t',
  });
  const cl = c.get('sim_msg_t')!;
  t.equal(koffi.sizeof(MSG), cl.size);
  for (const [f, off] of cl.fields) t.equal(koffi.offsetof(MSG, f), off, `offsetof(MSG, ${f})`);
});

t.test('32-bit layouts: 4-byte pointers, no padding', async (t) => {
  t.equal(WFSRESULT.at(4).size, 34, 'WFSRESULT on Win32');
  t.equal(WFSRESULT.at(8).size, 38, 'WFSRESULT on x64');
  t.equal(WFSVERSION.at(4).size, 520, 'WFSVERSION has no pointers');
  t.equal(IDC_STATUS_V300.at(4).size, 16);
  t.equal(IDC_CARD_DATA.at(4).size, 14);
  t.equal(IDC_CARD_DATA.at(4).fields.get('fwWriteMethod')!.offset, 12);
});
