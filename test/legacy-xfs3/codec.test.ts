// Codecs as pure functions over a fake memory: the same struct written and read back with 4- and
// 8-byte pointers, NULL-terminated lists, lpszExtra, and corrupt lengths refused; then a corrupt
// length coming from the simulator through the real FFI path.
import t from 'tap';
import { Arena } from '../../src/legacy-xfs3/arena.ts';
import { cardData, idcCodecs } from '../../src/legacy-xfs3/idc/codec.ts';
import { cdmCodecs } from '../../src/legacy-xfs3/cdm/codec.ts';
import {
  DecodeError, readExtra, readPointerArray, readStringList, readStruct,
} from '../../src/legacy-xfs3/memory.ts';
import { IDC_CARD_DATA } from '../../src/legacy-xfs3/idc/structs.ts';
import { CDM_DISPENSE, CDM_DENOMINATION } from '../../src/legacy-xfs3/cdm/structs.ts';
import { FakeMemory } from './fake-memory.ts';
import { newService, openIdc, sim, startManager } from './helpers.ts';

for (const ptrSize of [4, 8] as const) {
  t.test(`WRITE_RAW_DATA input written and read back with ${ptrSize}-byte pointers`, async (t) => {
    const mem = new FakeMemory(ptrSize);
    const ctx = { mem, vnum: 330 };
    const arena = new Arena(ptrSize);
    const input = [
      { dataSource: 2, status: 0, data: Buffer.from(';123=456?'), writeMethod: 4 },
      { dataSource: 4, status: 0, data: Buffer.alloc(0), writeMethod: 2 },
    ];
    const root = idcCodecs.execute.get('WFS_CMD_IDC_WRITE_RAW_DATA')!.encode!(arena, input, ctx)!;
    const ptr = arena.commit(mem, root);
    const back = readPointerArray(mem, ptr).map((p) => cardData(ctx, p));
    t.same(back, input);
    t.equal(IDC_CARD_DATA.at(ptrSize).size, ptrSize === 4 ? 14 : 18);
    arena.release(mem);
    t.equal(mem.live, 0, 'the arena is one allocation, freed once');
  });

  t.test(`DISPENSE input layout with ${ptrSize}-byte pointers`, async (t) => {
    const mem = new FakeMemory(ptrSize);
    const arena = new Arena(ptrSize);
    const root = cdmCodecs.execute.get('WFS_CMD_CDM_DISPENSE')!.encode!(arena,
      { tellerId: 0, mixNumber: 1, position: 4, present: true, denomination: { currencyId: 'EUR', amount: 70, values: [0, 0, 1, 1], cashBox: 0 } },
      { mem, vnum: 330 })!;
    const ptr = arena.commit(mem, root);
    const d = readStruct(mem, ptr, CDM_DISPENSE);
    t.equal(d.u16('fwPosition'), 4);
    t.equal(d.bool('bPresent'), true);
    const den = readStruct(mem, d.ptr('lpDenomination'), CDM_DENOMINATION);
    t.equal(den.chars('cCurrencyID'), 'EUR');
    t.equal(den.u32('ulAmount'), 70);
    t.equal(den.u16('usCount'), 4);
    arena.release(mem);
  });
}

t.test('lpszExtra and string lists', async (t) => {
  const mem = new FakeMemory(8);
  const p = mem.alloc(64);
  mem.write(p, Buffer.from('A=1\0URL=http://x/?a=b\0FLAG\0\0', 'latin1'));
  t.same(readExtra(mem, p), { A: '1', URL: 'http://x/?a=b', FLAG: '' }, 'value may contain =');
  t.same(readStringList(mem, 0n), [], 'NULL list');
  const q = mem.alloc(4);
  mem.write(q, Buffer.from('\0\0'));
  t.same(readStringList(mem, q), [], 'empty list');
});

t.test('corrupt lengths and counts are decode errors, not huge reads', async (t) => {
  const mem = new FakeMemory(8);
  const ctx = { mem, vnum: 330 };
  const arena = new Arena(8);
  const root = idcCodecs.execute.get('WFS_CMD_IDC_WRITE_RAW_DATA')!.encode!(arena, [{ dataSource: 2, data: Buffer.from('x') }], ctx)!;
  const ptr = arena.commit(mem, root);
  const item = readPointerArray(mem, ptr)[0]!;
  const view = readStruct(mem, item, IDC_CARD_DATA);
  const lenAt = item + BigInt(IDC_CARD_DATA.at(8).fields.get('ulDataLength')!.offset);
  mem.write(lenAt, Buffer.from([0xf0, 0xff, 0xff, 0xff]));
  t.equal(view.u16('wDataSource'), 2);
  t.throws(() => cardData(ctx, item), DecodeError);
  t.throws(() => readPointerArray(mem, ptr, 0), DecodeError, 'pointer array longer than its cap');
  const cu = mem.alloc(32);
  mem.write(cu + 2n, Buffer.from([0x88, 0x13]));
  t.throws(() => cdmCodecs.info.get('WFS_INF_CDM_CASH_UNIT_INFO')!.decode!(ctx, cu), DecodeError, 'usCount 5000 exceeds the cap');
  mem.write(cu + 2n, Buffer.from([0x02, 0x00]));
  t.throws(() => cdmCodecs.info.get('WFS_INF_CDM_CASH_UNIT_INFO')!.decode!(ctx, cu), DecodeError, 'count 2 with a NULL list');
});

t.test('a corrupt length from the service becomes WFS_ERR_INVALID_DATA and the result is still freed', async (t) => {
  const { m, done } = await startManager(t);
  const name = newService('IDC');
  const s = await openIdc(m, name);
  sim.insertCard(name, { track2: ';1=2?' });
  sim.corruptNextRead(name);
  const r = await s.execute('WFS_CMD_IDC_READ_RAW_DATA', { sources: 2 });
  t.equal(r.name, 'WFS_ERR_INVALID_DATA');
  t.equal(r.origin, 'gateway');
  t.match(r.detail, /exceeds the cap/);
  t.ok((await s.execute('WFS_CMD_IDC_READ_RAW_DATA', { sources: 2 })).ok, 'the next read is fine');
  await s.close();
  await done();
});

t.test('every struct: each field written by the encoder reads back from the same offset', async (t) => {
  const { allStructs } = await import('../../src/legacy-xfs3/layout.ts');
  for (const ptrSize of [4, 8] as const) {
    for (const [name, def] of allStructs) {
      const mem = new FakeMemory(ptrSize);
      const arena = new Arena(ptrSize);
      const block = arena.struct(def);
      const targets = new Map<string, ReturnType<Arena['bytes']>>();
      let n = 1;
      const expected = new Map<string, unknown>();
      for (const f of def.at(ptrSize).order) {
        n++;
        switch (f.type) {
          case 'u16': block.u16(f.name, n * 257 & 0xffff); expected.set(f.name, n * 257 & 0xffff); break;
          case 'i16': block.i16(f.name, -n); expected.set(f.name, -n); break;
          case 'u32': block.u32(f.name, n * 0x01010101 >>> 0); expected.set(f.name, n * 0x01010101 >>> 0); break;
          case 'i32': block.i32(f.name, -n * 1000); expected.set(f.name, -n * 1000); break;
          case 'bool': block.bool(f.name, n % 2 === 0); expected.set(f.name, n % 2 === 0); break;
          case 'ptr': { const b = arena.bytes(Buffer.from([n])); targets.set(f.name, b); block.ptr(f.name, b); break; }
          default:
            if (f.type.startsWith('chars:')) { block.chars(f.name, 'AB'); expected.set(f.name, 'AB'); }
        }
      }
      const base = arena.commit(mem, block);
      const r = readStruct(mem, base, def);
      for (const f of def.at(ptrSize).order) {
        if (f.type === 'ptr') t.equal(r.ptr(f.name), arena.base + BigInt(targets.get(f.name)!.offset), `${name}.${f.name} (${ptrSize})`);
        else if (f.type === 'u16') t.equal(r.u16(f.name), expected.get(f.name));
        else if (f.type === 'i16') t.equal(r.i16(f.name), expected.get(f.name));
        else if (f.type === 'u32') t.equal(r.u32(f.name), expected.get(f.name));
        else if (f.type === 'i32') t.equal(r.i32(f.name), expected.get(f.name));
        else if (f.type === 'bool') t.equal(r.bool(f.name), expected.get(f.name));
        else if (f.type.startsWith('chars:')) t.equal(r.chars(f.name), 'AB');
      }
      arena.release(mem);
    }
  }
});
