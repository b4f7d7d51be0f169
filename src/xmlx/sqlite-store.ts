// The SQLite ledger store: one file, WAL, synchronous=FULL commits. Idempotency is enforced by the
// database itself: UNIQUE (idem_account, transfer_id) on the ledger entries.
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { hashPassword, hashToken } from './credentials.ts';
import { parseFragment } from './codec.ts';
import { encodeOperation } from './codec-encode.ts';
import { searchWhere, sortToSql, type SqlValue } from './history-sql.ts';
import { Errno } from './errors.ts';
import { GroupCommit } from './group-commit.ts';
import type { LedgerEntrySummary, SeedSpec } from './host-api.ts';
import type { ExecuteResult, HistoryQuery, LedgerStore, NewEntry, UserRecord } from './store.ts';
import type { Balance, Operation, Receipt } from './types.ts';

/** Accounts the host itself keeps: fees collected, and value held for withdrawn tokens. */
export const FEE_ACCOUNT = '@FEES';
export const TOKEN_FLOAT_ACCOUNT = '@TOKENS';
const SYSTEM_FLOOR = -(2n ** 62n);

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

interface EntryRow {
  seq: bigint; time: bigint; kind: string; user_id: string; payer: string; payee: string; currency_id: string;
  amount: bigint; payer_amount: bigint; payee_amount: bigint; transfer_id: string | null; memo: string | null;
  fee_hint: string | null; operation_xml: string | null; token_type: string | null; token_data: string | null;
}

const ENTRY_COLUMNS = 'seq, time, kind, user_id, payer, payee, currency_id, amount, payer_amount, payee_amount, '
  + 'transfer_id, memo, fee_hint, operation_xml, token_type, token_data';

function prepareStatements(db: Database.Database) {
  return {
    user: db.prepare('SELECT user_id, password_hash, token_hash, public_key, frozen FROM users WHERE user_id = ?'),
    mayUse: db.prepare('SELECT 1 FROM account_users WHERE user_id = ? AND account_id = ?').pluck(),
    account: db.prepare('SELECT floor FROM accounts WHERE account_id = ?').pluck(),
    currency: db.prepare('SELECT 1 FROM currencies WHERE currency_id = ?').pluck(),
    sub: db.prepare('SELECT balance FROM subaccounts WHERE account_id = ? AND currency_id = ?').pluck(),
    openSub: db.prepare('INSERT OR IGNORE INTO subaccounts (account_id, currency_id, balance) VALUES (?, ?, 0)'),
    post: db.prepare('UPDATE subaccounts SET balance = balance + ? WHERE account_id = ? AND currency_id = ?'),
    byTransferId: db.prepare(`SELECT ${ENTRY_COLUMNS} FROM entries WHERE idem_account = ? AND transfer_id = ?`),
    bySeq: db.prepare(`SELECT ${ENTRY_COLUMNS} FROM entries WHERE seq = ?`),
    insert: db.prepare(`INSERT INTO entries (time, kind, user_id, payer, payee, currency_id, amount, payer_amount,
      payee_amount, idem_account, transfer_id, memo, fee_hint, operation_xml, token_type, token_data)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    issueToken: db.prepare('INSERT INTO tokens (token_id, issued_seq) VALUES (?, ?)'),
    settleToken: db.prepare('UPDATE tokens SET settled_seq = ? WHERE token_id = ? AND settled_seq IS NULL'),
    tokenKnown: db.prepare('SELECT 1 FROM tokens WHERE token_id = ?').pluck(),
    balances: db.prepare('SELECT currency_id, balance FROM subaccounts WHERE account_id = ? ORDER BY currency_id'),
  };
}

function receiptId(seq: bigint): string {
  return `R${seq}`;
}

function operationOf(row: EntryRow): Operation {
  if (row.kind === 'transfer') {
    return {
      kind: 'transfer',
      transfer: {
        payee: row.payee, payer: row.payer, currencyId: row.currency_id, amount: row.amount,
        ...(row.transfer_id !== null ? { transferId: row.transfer_id } : {}),
        ...(row.memo !== null ? { memo: row.memo } : {}),
        ...(row.fee_hint !== null ? { feeHint: row.fee_hint } : {}),
      },
    };
  }
  // Withdraw/Settle keep the operation exactly as requested (their optional fields vary).
  const xml = row.operation_xml ?? '';
  if (row.kind === 'withdraw') {
    const parsed = parseFragment('Withdraw', xml);
    if (parsed.ok) return { kind: 'withdraw', withdraw: parsed.value };
  } else {
    const parsed = parseFragment('Settle', xml);
    if (parsed.ok) return { kind: 'settle', settle: parsed.value };
  }
  throw new Error(`ledger entry ${row.seq}: stored ${row.kind} does not parse`);
}

function receiptOf(row: EntryRow): Receipt {
  return {
    receiptId: receiptId(row.seq),
    time: row.time,
    operation: operationOf(row),
    userId: row.user_id,
    ...(row.payee_amount !== row.amount ? { payeeAmount: row.payee_amount } : {}),
    ...(row.payer_amount !== row.amount ? { payerAmount: row.payer_amount } : {}),
    ...(row.kind === 'withdraw' && row.token_data !== null ? { valueToken: { type: row.token_type ?? '', data: row.token_data } } : {}),
  };
}

class Refusal {
  constructor(readonly errno: number, readonly text: string) {}
}

export class SqliteLedgerStore implements LedgerStore {
  private readonly db: Database.Database;
  private readonly stmt: ReturnType<typeof prepareStatements>;
  private readonly transaction: Database.Transaction<(entry: NewEntry, time: bigint) => ExecuteResult>;
  private readonly group: GroupCommit;
  readonly created: boolean;

  constructor(path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.defaultSafeIntegers(true);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('foreign_keys = ON');
    const fresh = this.db.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE name = 'entries'`).get() as { n: bigint };
    this.created = fresh.n === 0n;
    this.db.exec(SCHEMA);
    // Databases created before signature authentication lack the column.
    const userColumns = this.db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('users') as string[];
    if (!userColumns.includes('public_key')) this.db.exec('ALTER TABLE users ADD COLUMN public_key TEXT');
    for (const account of [FEE_ACCOUNT, TOKEN_FLOAT_ACCOUNT]) {
      this.db.prepare('INSERT OR IGNORE INTO accounts (account_id, floor) VALUES (?, ?)').run(account, SYSTEM_FLOOR);
    }
    this.stmt = prepareStatements(this.db);
    this.transaction = this.db.transaction(this.executeTx);
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
    return this.remember(`p\0${userId}\0${accountId}`, () => this.stmt.mayUse.get(userId, accountId) !== undefined);
  }

  accountExists(accountId: string): boolean {
    return this.remember(`a\0${accountId}`, () => this.stmt.account.get(accountId) !== undefined);
  }

  currencyExists(currencyId: string): boolean {
    return this.remember(`c\0${currencyId}`, () => this.stmt.currency.get(currencyId) !== undefined);
  }

  private readonly executeTx = (entry: NewEntry, time: bigint): ExecuteResult => {
    if (entry.transferId !== null) {
      const prior = this.stmt.byTransferId.get(entry.idemAccount, entry.transferId) as EntryRow | undefined;
      if (prior) return { status: 'already', receiptId: receiptId(prior.seq) };
    }
    for (const posting of entry.postings) {
      const floor = this.stmt.account.get(posting.accountId) as bigint | undefined;
      if (floor === undefined) throw new Refusal(Errno.NO_SUCH_ACCOUNT, `no such account '${posting.accountId}'`);
      let balance = this.stmt.sub.get(posting.accountId, posting.currencyId) as bigint | undefined;
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
      if (this.stmt.tokenKnown.get(entry.settledTokenId) === undefined) throw new Refusal(Errno.BAD_TOKEN, 'token was never issued here');
      if (this.stmt.settleToken.run(seq, entry.settledTokenId).changes === 0) throw new Refusal(Errno.TOKEN_SPENT, 'token already settled');
    }
    const row = this.stmt.bySeq.get(seq) as EntryRow;
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
      return this.transaction(entry, time);
    } catch (error) {
      if (error instanceof Refusal) return { status: 'refused', errno: error.errno, text: error.text };
      if (error instanceof Database.SqliteError && error.code === 'SQLITE_CONSTRAINT_UNIQUE' && entry.transferId !== null) {
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
    const rows = this.db.prepare(sql).all(...params, BigInt(query.limit + 1)) as EntryRow[];
    if (rows.length > query.limit) return 'too-many';
    return rows.map(receiptOf);
  }

  secret(name: string): Buffer {
    const get = this.db.prepare('SELECT value FROM meta WHERE name = ?').pluck();
    const existing = get.get(name) as Buffer | undefined;
    if (existing) return existing;
    this.db.prepare('INSERT OR IGNORE INTO meta (name, value) VALUES (?, ?)').run(name, randomBytes(32));
    return get.get(name) as Buffer;
  }

  seed(spec: SeedSpec): void {
    this.memo.clear();
    const tx = this.db.transaction(() => {
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
    tx();
  }

  balanceOf(accountId: string, currencyId: string): bigint | undefined {
    return this.stmt.sub.get(accountId, currencyId) as bigint | undefined;
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
    return Number(this.db.prepare('SELECT count(*) FROM entries').pluck().get() as bigint);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
