// The ledger store contract (store-contract.ts) against the SQLite store.
import t from 'tap';
import { join } from 'node:path';
import { SqliteLedgerStore } from '../../src/xmlx/sqlite-store.ts';
import { tempDir } from './fixtures/helpers.ts';
import { storeContract } from './store-contract.ts';

storeContract(t, {
  async fresh(t) {
    const path = join(tempDir(t, 'xmlx-store-'), 'ledger.db');
    const open = () => {
      const store = new SqliteLedgerStore(path);
      t.teardown(() => store.close());
      return store;
    };
    return { store: open(), reopen: async () => open() };
  },
});
