// The SQLite ledger store: one file, WAL, synchronous=FULL commits. Idempotency is enforced by the
// database itself: UNIQUE (idem_account, transfer_id) on the ledger entries.
import { randomBytes } from 'node:crypto';
import { hashPassword, hashToken } from './credentials.ts';
import { encodeOperation } from './codec-encode.ts';
import { searchWhere, sortToSql, type SqlValue } from './history-sql.ts';
import { Errno } from './errors.ts';
import { GroupCommit } from './group-commit.ts';
import { asBuffer, isUniqueViolation, SqliteDatabase, type SqlParam } from '../storage/sqlite.ts';
import type { LedgerEntrySummary, SeedSpec } from './host-api.ts';
import type { ExecuteResult, HistoryQuery, LedgerStore, NewEntry, UserRecord } from './store.ts';
import type { Balance, Receipt } from './types.ts';
import { ENTRY_COLUMNS, FEE_ACCOUNT, receiptId, receiptOf, SYSTEM_FLOOR, TOKEN_FLOAT_ACCOUNT, type EntryRow } from './entry-row.ts';

/** Re-exported: callers knew them from here before the PostgreSQL store shared them. */
export { FEE_ACCOUNT, TOKEN_FLOAT_ACCOUNT };

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS currencies (currency_id TEXT PRIMARY KEY, decimals INTEGER NOT NULL CHECK (decimals BETWEEN 0 AND 18));
CREATE TABLE IF NOT EXISTS users (
  user_id TEXT PRIMARY KEY, password_hash TEXT, token_hash TEXT, public_key TEXT, frozen INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS accounts (account_id TEXT PRIMARY KEY, floor INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS account_users (
  account_id TEXT NOT NULL REFERENCES accounts, user_id TEXT NOT NULL REFERENCES users,
  PRIMARY KEY (account_id, user_id));
CREATE TABLE IF NOT EXISTS subaccounts (
  account_id TEXT NOT NULL REFERENCES accounts, currency_id TEXT NOT NULL REFERENCES currencies,
  balance INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (account_id, currency_id));
CREATE TABLE IF NOT EXISTS entries (
  seq INTEGER PRIMARY KEY,
  time INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('transfer', 'withdraw', 'settle')),
  user_id TEXT NOT NULL,
  payer TEXT NOT NULL,
  payee TEXT NOT NULL,
  currency_id TEXT NOT NULL,
  amount INTEGER NOT NULL,
  payer_amount INTEGER NOT NULL,
  payee_amount INTEGER NOT NULL,
  idem_account TEXT NOT NULL,
  transfer_id TEXT,
  memo TEXT,
  fee_hint TEXT,
  operation_xml TEXT,
  token_type TEXT,
  token_data TEXT,
  UNIQUE (idem_account, transfer_id));
CREATE INDEX IF NOT EXISTS entries_payer ON entries (payer, currency_id);
CREATE INDEX IF NOT EXISTS entries_payee ON entries (payee, currency_id);
CREATE TABLE IF NOT EXISTS tokens (
  token_id TEXT PRIMARY KEY, issued_seq INTEGER NOT NULL, settled_seq INTEGER);
`;

function prepareStatements(db: SqliteDatabase) {
  const value = (sql: string) => (...params: SqlParam[]): unknown => db.pluck(sql, ...params);
  return {
    user: db.prepare('SELECT user_id, password_hash, token_hash, public_key, frozen FROM users WHERE user_id = ?'),
    mayUse: value('SELECT 1 FROM account_users WHERE user_id = ? AND account_id = ?'),
    account: value('SELECT floor FROM accounts WHERE account_id = ?'),
    currency: value('SELECT 1 FROM currencies WHERE currency_id = ?'),
    sub: value('SELECT balance FROM subaccounts WHERE account_id = ? AND currency_id = ?'),
    openSub: db.prepare('INSERT OR IGNORE INTO subaccounts (account_id, currency_id, balance) VALUES (?, ?, 0)'),
    post: db.prepare('UPDATE subaccounts SET balance = balance + ? WHERE account_id = ? AND currency_id = ?'),
    byTransferId: db.prepare(`SELECT ${ENTRY_COLUMNS} FROM entries WHERE idem_account = ? AND transfer_id = ?`),
    bySeq: db.prepare(`SELECT ${ENTRY_COLUMNS} FROM entries WHERE seq = ?`),
    insert: db.prepare(`INSERT INTO entries (time, kind, user_id, payer, payee, currency_id, amount, payer_amount,
      payee_amount, idem_account, transfer_id, memo, fee_hint, operation_xml, token_type, token_data)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    issueToken: db.prepare('INSERT INTO tokens (token_id, issued_seq) VALUES (?, ?)'),
    settleToken: db.prepare('UPDATE tokens SET settled_seq = ? WHERE token_id = ? AND settled_seq IS NULL'),
    tokenKnown: value('SELECT 1 FROM tokens WHERE token_id = ?'),
    balances: db.prepare('SELECT currency_id, balance FROM subaccounts WHERE account_id = ? ORDER BY currency_id'),
  };
}

/** An expected refusal thrown out of a transaction to roll it back; caught and answered with its errno. */
class Refusal extends Error {
  constructor(readonly errno: number, readonly text: string) {
    super(text);
  }
}

export class SqliteLedgerStore implements LedgerStore {
  private readonly db: SqliteDatabase;
  private readonly stmt: ReturnType<typeof prepareStatements>;
  private readonly group: GroupCommit;
  readonly created: boolean;

  constructor(path: string) {
    this.db = new SqliteDatabase(path, { readBigInts: true, foreignKeys: true });
    this.created = this.db.pluck(`SELECT count(*) AS n FROM sqlite_master WHERE name = 'entries'`) === 0n;
    this.db.exec(SCHEMA);
    // Databases created before signature authentication lack the column.
    const userColumns = this.db.pluckAll('SELECT name FROM pragma_table_info(?)', 'users') as string[];
    if (!userColumns.includes('public_key')) this.db.exec('ALTER TABLE users ADD COLUMN public_key TEXT');
    for (const account of [FEE_ACCOUNT, TOKEN_FLOAT_ACCOUNT]) {
      this.db.prepare('INSERT OR IGNORE INTO accounts (account_id, floor) VALUES (?, ?)').run(account, SYSTEM_FLOOR);
    }
    this.stmt = prepareStatements(this.db);
    this.group = new GroupCommit(this.db);
  }

  // Users, permissions, accounts and currencies change only through seed() on this store, so
  // lookups are memoised (one host process owns the file) and the memo is dropped on every seed.
  private readonly memo = new Map<string, unknown>();

  private remember<T>(key: string, load: () => T): T {
    if (this.memo.has(key)) return this.memo.get(key) as T;
    const value = load();
    if (this.memo.size > 100_000) this.memo.clear();
    this.memo.set(key, value);
    return value;
  }

  findUser(userId: string): UserRecord | undefined {
    return this.remember(`u\0${userId}`, () => {
      const row = this.stmt.user.get(userId) as {
        user_id: string; password_hash: string | null; token_hash: string | null; public_key: string | null; frozen: bigint;
      } | undefined;
      return row && {
        userId: row.user_id, passwordHash: row.password_hash, tokenHash: row.token_hash, publicKey: row.public_key, frozen: row.frozen !== 0n,
      };
    });
  }

  mayUse(userId: string, accountId: string): boolean {
    return this.remember(`p\0${userId}\0${accountId}`, () => this.stmt.mayUse(userId, accountId) !== undefined);
  }

  accountExists(accountId: string): boolean {
    return this.remember(`a\0${accountId}`, () => this.stmt.account(accountId) !== undefined);
  }

  currencyExists(currencyId: string): boolean {
    return this.remember(`c\0${currencyId}`, () => this.stmt.currency(currencyId) !== undefined);
  }

  private readonly executeTx = (entry: NewEntry, time: bigint): ExecuteResult => {
    if (entry.transferId !== null) {
      const prior = this.stmt.byTransferId.get(entry.idemAccount, entry.transferId) as EntryRow | undefined;
      if (prior) return { status: 'already', receiptId: receiptId(prior.seq) };
    }
    for (const posting of entry.postings) {
      const floor = this.stmt.account(posting.accountId) as bigint | undefined;
      if (floor === undefined) throw new Refusal(Errno.NO_SUCH_ACCOUNT, `no such account '${posting.accountId}'`);
      let balance = this.stmt.sub(posting.accountId, posting.currencyId) as bigint | undefined;
      if (balance === undefined) {
        if (posting.delta < 0n && posting.enforceFloor) {
          throw new Refusal(Errno.NO_SUCH_ACCOUNT, `account '${posting.accountId}' has no ${posting.currencyId} subaccount`);
        }
        this.stmt.openSub.run(posting.accountId, posting.currencyId);
        balance = 0n;
      }
      if (posting.enforceFloor && posting.delta < 0n && balance + posting.delta < floor) {
        throw new Refusal(Errno.INSUFFICIENT_FUNDS, `insufficient funds in '${posting.accountId}'`);
      }
      if (posting.delta !== 0n) this.stmt.post.run(posting.delta, posting.accountId, posting.currencyId);
    }
    const op = entry.operation;
    const memo = op.kind === 'transfer' ? op.transfer.memo : op.kind === 'withdraw' ? op.withdraw.memo : op.settle.memo;
    const feeHint = op.kind === 'transfer' ? op.transfer.feeHint : op.kind === 'withdraw' ? op.withdraw.feeHint : op.settle.feeHint;
    const info = this.stmt.insert.run(time, op.kind, entry.userId, entry.payer, entry.payee, entry.currencyId, entry.amount,
      entry.payerAmount, entry.payeeAmount, entry.idemAccount, entry.transferId, memo ?? null, feeHint ?? null,
      op.kind === 'transfer' ? null : encodeOperation(op),
      entry.issuedToken?.token.type ?? null, entry.issuedToken?.token.data ?? null);
    const seq = BigInt(info.lastInsertRowid);
    if (entry.issuedToken) this.stmt.issueToken.run(entry.issuedToken.tokenId, seq);
    if (entry.settledTokenId !== undefined) {
      if (this.stmt.tokenKnown(entry.settledTokenId) === undefined) throw new Refusal(Errno.BAD_TOKEN, 'token was never issued here');
      if (Number(this.stmt.settleToken.run(seq, entry.settledTokenId).changes) === 0) throw new Refusal(Errno.TOKEN_SPENT, 'token already settled');
    }
    const row = this.stmt.bySeq.get(seq) as unknown as EntryRow;
    return { status: 'executed', receipt: receiptOf(row) };
  };

  /**
   * Runs the entry in the next group commit (its own savepoint inside the shared transaction), so
   * its answer is only given once it is durable, and concurrent transfers share one fsync.
   */
  execute(entry: NewEntry, time: bigint): Promise<ExecuteResult> {
    return this.group.run(() => this.executeOne(entry, time));
  }

  private executeOne(entry: NewEntry, time: bigint): ExecuteResult {
    try {
      return this.db.transaction(() => this.executeTx(entry, time));
    } catch (error) {
      if (error instanceof Refusal) return { status: 'refused', errno: error.errno, text: error.text };
      if (isUniqueViolation(error) && entry.transferId !== null) {
        // A concurrent writer (another process on the same file) won the race for this TransferId.
        const prior = this.stmt.byTransferId.get(entry.idemAccount, entry.transferId) as EntryRow | undefined;
        if (prior) return { status: 'already', receiptId: receiptId(prior.seq) };
      }
      throw error;
    }
  }

  receiptByTransferId(idemAccount: string, transferId: string): Receipt | undefined {
    const row = this.stmt.byTransferId.get(idemAccount, transferId) as EntryRow | undefined;
    return row && receiptOf(row);
  }

  balances(accountId: string, currencyId: string | undefined, time: bigint): Balance[] {
    const rows = this.stmt.balances.all(accountId) as Array<{ currency_id: string; balance: bigint }>;
    return rows
      .filter((r) => currencyId === undefined || r.currency_id === currencyId)
      .map((r) => ({ accountId, currencyId: r.currency_id, total: r.balance, time }));
  }

  history(query: HistoryQuery): Receipt[] | 'too-many' {
    const where = ['(payer = ? OR payee = ?)'];
    const params: SqlValue[] = [query.accountId, query.accountId];
    if (query.currencyId !== undefined) {
      where.push('currency_id = ?');
      params.push(query.currencyId);
    }
    if (query.search) {
      const s = searchWhere(query.search);
      where.push(`(${s.sql})`);
      params.push(...s.params);
    }
    const sql = `SELECT ${ENTRY_COLUMNS} FROM entries WHERE ${where.join(' AND ')} ORDER BY ${sortToSql(query.sort)} LIMIT ?`;
    const rows = this.db.prepare(sql).all(...params, BigInt(query.limit + 1)) as unknown as EntryRow[];
    if (rows.length > query.limit) return 'too-many';
    return rows.map(receiptOf);
  }

  secret(name: string): Buffer {
    const read = (): Buffer | undefined => asBuffer(this.db.pluck('SELECT value FROM meta WHERE name = ?', name));
    const existing = read();
    if (existing) return existing;
    this.db.prepare('INSERT OR IGNORE INTO meta (name, value) VALUES (?, ?)').run(name, randomBytes(32));
    const created = read();
    if (!created) throw new Error(`secret ${name} was not stored`);
    return created;
  }

  seed(spec: SeedSpec): void {
    this.memo.clear();
    this.db.transaction(() => {
      for (const c of spec.currencies ?? []) {
        this.db.prepare('INSERT OR REPLACE INTO currencies (currency_id, decimals) VALUES (?, ?)').run(c.currencyId, c.decimals);
      }
      for (const u of spec.users ?? []) {
        this.db.prepare('INSERT OR REPLACE INTO users (user_id, password_hash, token_hash, public_key) VALUES (?, ?, ?, ?)')
          .run(u.userId, u.password === undefined ? null : hashPassword(u.password), u.token === undefined ? null : hashToken(u.token),
            u.publicKey ?? null);
      }
      for (const a of spec.accounts ?? []) {
        this.db.prepare('INSERT OR REPLACE INTO accounts (account_id, floor) VALUES (?, ?)').run(a.accountId, a.floor ?? 0n);
        for (const userId of a.users) {
          this.db.prepare('INSERT OR IGNORE INTO account_users (account_id, user_id) VALUES (?, ?)').run(a.accountId, userId);
        }
        for (const [currencyId, balance] of Object.entries(a.balances ?? {})) {
          this.db.prepare(`INSERT INTO subaccounts (account_id, currency_id, balance) VALUES (?, ?, ?)
            ON CONFLICT (account_id, currency_id) DO UPDATE SET balance = excluded.balance`).run(a.accountId, currencyId, balance);
        }
      }
    });
  }

  balanceOf(accountId: string, currencyId: string): bigint | undefined {
    return this.stmt.sub(accountId, currencyId) as bigint | undefined;
  }

  entries(): LedgerEntrySummary[] {
    const rows = this.db.prepare('SELECT seq, kind, payer, payee, currency_id, amount, transfer_id FROM entries ORDER BY seq').all() as Array<
      Pick<EntryRow, 'seq' | 'payer' | 'payee' | 'currency_id' | 'amount' | 'transfer_id'> & { kind: LedgerEntrySummary['kind'] }>;
    return rows.map((r) => ({
      receiptId: receiptId(r.seq), kind: r.kind, payer: r.payer, payee: r.payee, currencyId: r.currency_id,
      amount: r.amount, transferId: r.transfer_id,
    }));
  }

  countEntries(): number {
    return Number(this.db.pluck('SELECT count(*) FROM entries'));
  }

  close(): void {
    this.db.close();
  }
}
