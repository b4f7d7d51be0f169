import t from 'tap';
import Database from 'better-sqlite3';
import koffi from 'koffi';

t.test('native dependencies load on this machine', async (t) => {
  const db = new Database(':memory:');
  const row = db.prepare('select 1 + 1 as two').get() as { two: number };
  t.equal(row.two, 2);
  db.close();
  t.equal(koffi.sizeof('uint32_t'), 4);
});
