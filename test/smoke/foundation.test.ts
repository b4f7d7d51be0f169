import t from 'tap';
import { SqliteDatabase } from '../../src/storage/sqlite.ts';
import koffi from 'koffi';

t.test('native dependencies load on this machine', async (t) => {
  const db = new SqliteDatabase(':memory:');
  t.equal(db.pluck('select 1 + 1 as two'), 2);
  db.close();
  t.equal(koffi.sizeof('uint32_t'), 4);
});
