// The ledger store contract (store-contract.ts) against the PostgreSQL store, on a real server this
// file starts (test/xmlx/fixtures/pg-server.ts): if it cannot start, the file fails.
import t from 'tap';
import { PgLedgerStore } from '../../src/xmlx/pg-store.ts';
import { startPgServer } from './fixtures/pg-server.ts';
import { storeContract } from './store-contract.ts';

const server = await startPgServer({ fsync: false });
t.teardown(() => server.destroy());
let databases = 0;

storeContract(t, {
  async fresh(t) {
    const connectionString = await server.createDatabase(`contract_${(databases += 1)}`);
    const open = async () => {
      const store = await PgLedgerStore.open({ connectionString, poolSize: 4 });
      t.teardown(() => store.close());
      return store;
    };
    return { store: await open(), reopen: open };
  },
});
