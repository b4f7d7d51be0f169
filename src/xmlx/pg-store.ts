// The PostgreSQL ledger store: any number of host processes share one database, and exactly once is
// held by the database, not by a process: the unique key (idem_account, transfer_id) on the ledger
// entries, balances changed only on rows locked FOR UPDATE, all of one batch in one transaction
// (pg-schema.ts explains the isolation argument). A bounded pool of connections per process;
// reads and batches retried over serialization failures and dropped connections (pg-retry.ts).
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Logger } from 'pino';
import { encodeOperation } from './codec-encode.ts';
import { hashPassword, hashToken } from './credentials.ts';
import { ENTRY_COLUMNS, receiptId, receiptOf, type EntryRow } from './entry-row.ts';
import { searchWhere, sortToSql, type SqlValue } from './history-sql.ts';
import type { AsyncHostStoreAdmin, LedgerEntrySummary, PostgresStoreOptions, SeedSpec } from './host-api.ts';
import { migrate } from './pg-schema.ts';
import { DEFAULT_GROUP_COMMIT, PgGroupCommit, type BatchRow, type GroupCommitOptions, type PendingEntry } from './pg-group-commit.ts';
import { DEFAULT_RETRY, describeDbError, withRetry } from './pg-retry.ts';
import type { ExecuteResult, HistoryQuery, LedgerStore, NewEntry, UserRecord } from './store.ts';
import type { Balance, Receipt } from './types.ts';

export const DEFAULT_POOL_SIZE = 10;

/** int8 as bigint (amounts and balances go up to 2^62; node-postgres would give strings). */
const TYPES: pg.CustomTypesConfig = {
  // pg types its parsers as any; ours give bigint for int8 and defer to pg's own for the rest.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-return
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => (oid === 20 && format !== 'binary'
    ? (value: string) => BigInt(value)
    : pg.types.getTypeParser(oid, format ?? 'text'))) as pg.CustomTypesConfig['getTypeParser'],
};

/**
 * How long a looked-up user, permission, account or currency is reused. Another process (or an
 * operator's SQL) may change them; a second's staleness is the price of not asking the database
 * four times per request. Balances and the ledger are never cached.
 */
const LOOKUP_TTL_MS = 1_000;

/** `?` placeholders (history-sql.ts binds every value, so `?` occurs only as one) to PostgreSQL's $n. */
function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/** The row execute_batch inserted for `item` (the same values, so the same receipt a later lookup gives). */
function storedRow({ entry, time }: PendingEntry, seq: bigint): EntryRow {
  const op = entry.operation;
  const detail = op.kind === 'transfer' ? op.transfer : op.kind === 'withdraw' ? op.withdraw : op.settle;
  return {
    seq, time, kind: op.kind, user_id: entry.userId, payer: entry.payer, payee: entry.payee, currency_id: entry.currencyId,
    amount: entry.amount, payer_amount: entry.payerAmount, payee_amount: entry.payeeAmount, transfer_id: entry.transferId,
    memo: detail.memo ?? null, fee_hint: detail.feeHint ?? null, operation_xml: op.kind === 'transfer' ? null : encodeOperation(op),
    token_type: entry.issuedToken?.token.type ?? null, token_data: entry.issuedToken?.token.data ?? null,
  };
}

export interface PgStoreOptions extends PostgresStoreOptions {
  logger?: Logger;
  /** Tests and the benchmark tune batching; hosts keep the default. */
  groupCommit?: Partial<GroupCommitOptions>;
}

export class PgLedgerStore implements LedgerStore, AsyncHostStoreAdmin {
  private readonly memo = new Map<string, { value: unknown; until: number }>();
  private readonly group: PgGroupCommit;

  private constructor(private readonly pool: pg.Pool, readonly created: boolean, private readonly logger: Logger | undefined, groupCommit: Partial<GroupCommitOptions>) {
    this.group = new PgGroupCommit(pool, (item, row) => this.answer(item, row), {
      ...DEFAULT_GROUP_COMMIT,
      onRetry: (error, attempt) => this.logger?.warn({ err: describeDbError(error), attempt }, 'xmlx ledger batch retried'),
      ...groupCommit,
    });
  }

  /** Connects, runs the schema migrations (first process to arrive), and returns the store. */
  static async open(options: PgStoreOptions): Promise<PgLedgerStore> {
    const pool = new pg.Pool({
      connectionString: options.connectionString,
      max: options.poolSize ?? DEFAULT_POOL_SIZE,
      types: TYPES,
      connectionTimeoutMillis: 10_000,
      idleTimeoutMillis: 30_000,
      keepAlive: true,
    });
    // An idle connection the server closed (restart, failover) is reported here; without a listener
    // node-postgres would crash the host. The pool replaces it on the next checkout.
    pool.on('error', (error) => options.logger?.warn({ err: describeDbError(error) }, 'xmlx ledger connection lost'));
    try {
      const created = await withRetry(async () => {
        const client = await pool.connect();
        try {
          return await migrate(client);
        } finally {
          client.release();
        }
      }, { ...DEFAULT_RETRY, deadlineMs: 10_000 });
      return new PgLedgerStore(pool, created, options.logger, options.groupCommit ?? {});
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw error;
    }
  }

  private query<R extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<pg.QueryResult<R>> {
    return withRetry(() => this.pool.query<R>(sql, params));
  }

  private async remember<T>(key: string, load: () => Promise<T>): Promise<T> {
    const hit = this.memo.get(key);
    if (hit && hit.until > Date.now()) return hit.value as T;
    const value = await load();
    if (this.memo.size > 100_000) this.memo.clear();
    this.memo.set(key, { value, until: Date.now() + LOOKUP_TTL_MS });
    return value;
  }

  findUser(userId: string): Promise<UserRecord | undefined> {
    return this.remember(`u\0${userId}`, async () => {
      const { rows } = await this.query<{ user_id: string; password_hash: string | null; token_hash: string | null; public_key: string | null; frozen: boolean }>(
        'SELECT user_id, password_hash, token_hash, public_key, frozen FROM xmlx.users WHERE user_id = $1', [userId]);
      const row = rows[0];
      return row && { userId: row.user_id, passwordHash: row.password_hash, tokenHash: row.token_hash, publicKey: row.public_key, frozen: row.frozen };
    });
  }

  mayUse(userId: string, accountId: string): Promise<boolean> {
    return this.remember(`p\0${userId}\0${accountId}`, async () =>
      (await this.query('SELECT 1 FROM xmlx.account_users WHERE user_id = $1 AND account_id = $2', [userId, accountId])).rowCount === 1);
  }

  accountExists(accountId: string): Promise<boolean> {
    return this.remember(`a\0${accountId}`, async () => (await this.query('SELECT 1 FROM xmlx.accounts WHERE account_id = $1', [accountId])).rowCount === 1);
  }

  currencyExists(currencyId: string): Promise<boolean> {
    return this.remember(`c\0${currencyId}`, async () => (await this.query('SELECT 1 FROM xmlx.currencies WHERE currency_id = $1', [currencyId])).rowCount === 1);
  }

  /** Runs the entry in the next group commit; resolves once it is committed (or refused). */
  execute(entry: NewEntry, time: bigint): Promise<ExecuteResult> {
    return this.group.run(entry, time);
  }

  private async answer(item: PendingEntry, row: BatchRow): Promise<ExecuteResult> {
    switch (row.status) {
      case 'refused':
        return { status: 'refused', errno: row.errno ?? 0, text: row.message ?? '' };
      case 'already':
        return { status: 'already', receiptId: receiptId(row.seq ?? 0n) };
      case 'executed':
        return { status: 'executed', receipt: receiptOf(storedRow(item, row.seq ?? 0n)) };
      case 'mine': {
        // Our own earlier attempt committed before its connection dropped: answer with its receipt.
        const receipt = await this.receiptBySeq(row.seq ?? 0n);
        if (!receipt) throw new Error(`ledger entry ${row.seq} of TransferId ${item.entry.transferId ?? '(none)'} is missing after commit`);
        return { status: 'executed', receipt };
      }
    }
  }

  private async receiptBySeq(seq: bigint): Promise<Receipt | undefined> {
    const { rows } = await this.query<EntryRow>(`SELECT ${ENTRY_COLUMNS} FROM xmlx.entries WHERE seq = $1`, [seq]);
    return rows[0] && receiptOf(rows[0]);
  }

  async receiptByTransferId(idemAccount: string, transferId: string): Promise<Receipt | undefined> {
    const { rows } = await this.query<EntryRow>(`SELECT ${ENTRY_COLUMNS} FROM xmlx.entries WHERE idem_account = $1 AND transfer_id = $2`, [idemAccount, transferId]);
    return rows[0] && receiptOf(rows[0]);
  }

  async balances(accountId: string, currencyId: string | undefined, time: bigint): Promise<Balance[]> {
    const { rows } = await this.query<{ currency_id: string; balance: bigint }>(
      'SELECT currency_id, balance FROM xmlx.subaccounts WHERE account_id = $1 AND ($2::text IS NULL OR currency_id = $2) ORDER BY currency_id COLLATE "C"',
      [accountId, currencyId ?? null]);
    return rows.map((r) => ({ accountId, currencyId: r.currency_id, total: r.balance, time }));
  }

  async history(query: HistoryQuery): Promise<Receipt[] | 'too-many'> {
    const where = ['(payer = CAST(? AS TEXT) OR payee = CAST(? AS TEXT))'];
    const params: SqlValue[] = [query.accountId, query.accountId];
    if (query.currencyId !== undefined) {
      where.push('currency_id = CAST(? AS TEXT)');
      params.push(query.currencyId);
    }
    if (query.search) {
      const s = searchWhere(query.search, 'postgres');
      where.push(`(${s.sql})`);
      params.push(...s.params);
    }
    const sql = `SELECT ${ENTRY_COLUMNS} FROM xmlx.entries WHERE ${where.join(' AND ')} ORDER BY ${sortToSql(query.sort, 'postgres')} LIMIT ?`;
    const { rows } = await this.query<EntryRow>(numbered(sql), [...params, BigInt(query.limit + 1)]);
    if (rows.length > query.limit) return 'too-many';
    return rows.map(receiptOf);
  }

  async secret(name: string): Promise<Buffer> {
    // Every process of a fleet must hold the same key (tokens minted by one settle at another).
    await this.query('INSERT INTO xmlx.meta (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [name, randomBytes(32)]);
    const { rows } = await this.query<{ value: Buffer }>('SELECT value FROM xmlx.meta WHERE name = $1', [name]);
    if (!rows[0]) throw new Error(`secret ${name} was not stored`);
    return rows[0].value;
  }

  async seed(spec: SeedSpec): Promise<void> {
    this.memo.clear();
    await withRetry(async () => {
      const client = await this.pool.connect();
      try {
        await client.query('BEGIN');
        for (const c of spec.currencies ?? []) {
          await client.query(`INSERT INTO xmlx.currencies (currency_id, decimals) VALUES ($1, $2)
            ON CONFLICT (currency_id) DO UPDATE SET decimals = excluded.decimals`, [c.currencyId, c.decimals]);
        }
        for (const u of spec.users ?? []) {
          await client.query(`INSERT INTO xmlx.users (user_id, password_hash, token_hash, public_key, frozen) VALUES ($1, $2, $3, $4, false)
            ON CONFLICT (user_id) DO UPDATE SET password_hash = excluded.password_hash, token_hash = excluded.token_hash,
              public_key = excluded.public_key, frozen = false`,
          [u.userId, u.password === undefined ? null : hashPassword(u.password), u.token === undefined ? null : hashToken(u.token), u.publicKey ?? null]);
        }
        for (const a of spec.accounts ?? []) {
          await client.query(`INSERT INTO xmlx.accounts (account_id, floor) VALUES ($1, $2)
            ON CONFLICT (account_id) DO UPDATE SET floor = excluded.floor`, [a.accountId, a.floor ?? 0n]);
          for (const userId of a.users) {
            await client.query('INSERT INTO xmlx.account_users (account_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [a.accountId, userId]);
          }
          for (const [currencyId, balance] of Object.entries(a.balances ?? {})) {
            await client.query(`INSERT INTO xmlx.subaccounts (account_id, currency_id, balance) VALUES ($1, $2, $3)
              ON CONFLICT (account_id, currency_id) DO UPDATE SET balance = excluded.balance`, [a.accountId, currencyId, balance]);
          }
        }
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    });
  }

  async balanceOf(accountId: string, currencyId: string): Promise<bigint | undefined> {
    const { rows } = await this.query<{ balance: bigint }>('SELECT balance FROM xmlx.subaccounts WHERE account_id = $1 AND currency_id = $2', [accountId, currencyId]);
    return rows[0]?.balance;
  }

  async entries(): Promise<LedgerEntrySummary[]> {
    const { rows } = await this.query<Pick<EntryRow, 'seq' | 'payer' | 'payee' | 'currency_id' | 'amount' | 'transfer_id'> & { kind: LedgerEntrySummary['kind'] }>(
      'SELECT seq, kind, payer, payee, currency_id, amount, transfer_id FROM xmlx.entries ORDER BY seq');
    return rows.map((r) => ({
      receiptId: receiptId(r.seq), kind: r.kind, payer: r.payer, payee: r.payee, currencyId: r.currency_id, amount: r.amount, transferId: r.transfer_id,
    }));
  }

  async countEntries(): Promise<number> {
    const { rows } = await this.query<{ n: bigint }>('SELECT count(*) AS n FROM xmlx.entries');
    return Number(rows[0].n);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
