// The PostgreSQL ledger schema as numbered migrations, applied at start-up by whichever host process
// gets there first: under a transaction-scoped advisory lock, so N processes starting at once apply
// each migration exactly once and the others wait, then find it recorded. DDL is transactional in
// PostgreSQL: a migration that fails leaves nothing behind. Everything lives in schema `xmlx`, so
// the ledger can share a database an operator already runs. Never edit a released migration; add one.
import type pg from 'pg';
import { Errno } from './errors.ts';
import { FEE_ACCOUNT, SYSTEM_FLOOR, TOKEN_FLOAT_ACCOUNT } from './entry-row.ts';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const TABLES = `
CREATE TABLE xmlx.meta (name TEXT PRIMARY KEY, value BYTEA NOT NULL);
CREATE TABLE xmlx.currencies (currency_id TEXT PRIMARY KEY, decimals INTEGER NOT NULL CHECK (decimals BETWEEN 0 AND 18));
CREATE TABLE xmlx.users (
  user_id TEXT PRIMARY KEY, password_hash TEXT, token_hash TEXT, public_key TEXT, frozen BOOLEAN NOT NULL DEFAULT false);
CREATE TABLE xmlx.accounts (account_id TEXT PRIMARY KEY, floor BIGINT NOT NULL DEFAULT 0);
CREATE TABLE xmlx.account_users (
  account_id TEXT NOT NULL REFERENCES xmlx.accounts, user_id TEXT NOT NULL REFERENCES xmlx.users,
  PRIMARY KEY (account_id, user_id));
CREATE TABLE xmlx.subaccounts (
  account_id TEXT NOT NULL REFERENCES xmlx.accounts, currency_id TEXT NOT NULL REFERENCES xmlx.currencies,
  balance BIGINT NOT NULL DEFAULT 0, PRIMARY KEY (account_id, currency_id));
CREATE TABLE xmlx.entries (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  time BIGINT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('transfer', 'withdraw', 'settle')),
  user_id TEXT NOT NULL,
  payer TEXT NOT NULL,
  payee TEXT NOT NULL,
  currency_id TEXT NOT NULL,
  amount BIGINT NOT NULL,
  payer_amount BIGINT NOT NULL,
  payee_amount BIGINT NOT NULL,
  idem_account TEXT NOT NULL,
  transfer_id TEXT,
  memo TEXT,
  fee_hint TEXT,
  operation_xml TEXT,
  token_type TEXT,
  token_data TEXT,
  -- Which store call wrote the entry: a call retried after its connection dropped during COMMIT
  -- finds its own entry by this and answers with its receipt instead of "already".
  attempt UUID,
  UNIQUE (idem_account, transfer_id));
CREATE INDEX entries_payer ON xmlx.entries (payer, currency_id);
CREATE INDEX entries_payee ON xmlx.entries (payee, currency_id);
CREATE TABLE xmlx.tokens (token_id TEXT PRIMARY KEY, issued_seq BIGINT NOT NULL, settled_seq BIGINT);
INSERT INTO xmlx.accounts (account_id, floor) VALUES ('${FEE_ACCOUNT}', ${SYSTEM_FLOOR}), ('${TOKEN_FLOAT_ACCOUNT}', ${SYSTEM_FLOOR});
`;

/**
 * Executes a batch of ledger entries in the caller's transaction, in order; one result row per entry.
 * Why a function: the batch is one round trip and one commit (one WAL flush) however many entries it
 * holds, the group commit of the SQLite store carried over to a networked database.
 * Why READ COMMITTED is enough (and any stricter level is also correct, merely retried more often):
 * every balance is read from a row locked FOR UPDATE, so it is the latest committed value and stays
 * so until we commit; a TransferId is claimed by INSERT ... ON CONFLICT DO NOTHING on the unique key,
 * which waits for a concurrent claimant to commit or roll back. The subaccounts a batch touches are
 * locked first, in key order, so two batches over the same accounts queue instead of deadlocking.
 * Refusals are decided before anything is written, so no entry needs a savepoint to undo.
 * Item: {i, att, time, kind, user, payer, payee, cur, amt, pa, pe, idem, tid, memo, fee, op, tt, td,
 * it (token issued), st (token settled), p: [{a, c, d, f}] (account, currency, delta, enforce floor)}.
 */
const EXECUTE_BATCH = `
CREATE FUNCTION xmlx.execute_batch(batch jsonb)
RETURNS TABLE (idx integer, status text, errno integer, message text, seq bigint)
LANGUAGE plpgsql AS $fn$
DECLARE
  item jsonb; p jsonb; fl bigint; bal bigint; prior_seq bigint; prior_attempt uuid; new_seq bigint;
  refusal_errno integer; refusal text; settled bigint; delta bigint;
BEGIN
  PERFORM 1 FROM xmlx.subaccounts s
    WHERE (s.account_id, s.currency_id) IN (
      SELECT q->>'a', q->>'c' FROM jsonb_array_elements(batch) e, jsonb_array_elements(e->'p') q)
    ORDER BY s.account_id, s.currency_id FOR UPDATE;
  FOR item IN SELECT value FROM jsonb_array_elements(batch) LOOP
    idx := (item->>'i')::integer; errno := NULL; message := NULL; seq := NULL;
    IF item->>'tid' IS NOT NULL THEN
      SELECT e.seq, e.attempt INTO prior_seq, prior_attempt FROM xmlx.entries e
        WHERE e.idem_account = item->>'idem' AND e.transfer_id = item->>'tid';
      IF FOUND THEN
        status := CASE WHEN prior_attempt = (item->>'att')::uuid THEN 'mine' ELSE 'already' END;
        seq := prior_seq; RETURN NEXT; CONTINUE;
      END IF;
    END IF;
    refusal := NULL;
    FOR p IN SELECT value FROM jsonb_array_elements(item->'p') LOOP
      delta := (p->>'d')::bigint;
      SELECT a.floor INTO fl FROM xmlx.accounts a WHERE a.account_id = p->>'a';
      IF NOT FOUND THEN
        refusal_errno := ${Errno.NO_SUCH_ACCOUNT}; refusal := format('no such account ''%s''', p->>'a'); EXIT;
      END IF;
      SELECT s.balance INTO bal FROM xmlx.subaccounts s WHERE s.account_id = p->>'a' AND s.currency_id = p->>'c' FOR UPDATE;
      IF NOT FOUND THEN
        IF delta < 0 AND (p->>'f')::boolean THEN
          refusal_errno := ${Errno.NO_SUCH_ACCOUNT}; refusal := format('account ''%s'' has no %s subaccount', p->>'a', p->>'c'); EXIT;
        END IF;
        IF NOT EXISTS (SELECT 1 FROM xmlx.currencies c WHERE c.currency_id = p->>'c') THEN
          refusal_errno := ${Errno.NO_SUCH_CURRENCY}; refusal := format('no such currency ''%s''', p->>'c'); EXIT;
        END IF;
        bal := 0;
      END IF;
      IF (p->>'f')::boolean AND delta < 0 AND bal + delta < fl THEN
        refusal_errno := ${Errno.INSUFFICIENT_FUNDS}; refusal := format('insufficient funds in ''%s''', p->>'a'); EXIT;
      END IF;
    END LOOP;
    IF refusal IS NULL AND item->>'st' IS NOT NULL THEN
      SELECT t.settled_seq INTO settled FROM xmlx.tokens t WHERE t.token_id = item->>'st' FOR UPDATE;
      IF NOT FOUND THEN refusal_errno := ${Errno.BAD_TOKEN}; refusal := 'token was never issued here';
      ELSIF settled IS NOT NULL THEN refusal_errno := ${Errno.TOKEN_SPENT}; refusal := 'token already settled';
      END IF;
    END IF;
    IF refusal IS NOT NULL THEN
      status := 'refused'; errno := refusal_errno; message := refusal; RETURN NEXT; CONTINUE;
    END IF;
    INSERT INTO xmlx.entries (time, kind, user_id, payer, payee, currency_id, amount, payer_amount, payee_amount,
        idem_account, transfer_id, memo, fee_hint, operation_xml, token_type, token_data, attempt)
      VALUES ((item->>'time')::bigint, item->>'kind', item->>'user', item->>'payer', item->>'payee', item->>'cur',
        (item->>'amt')::bigint, (item->>'pa')::bigint, (item->>'pe')::bigint, item->>'idem', item->>'tid',
        item->>'memo', item->>'fee', item->>'op', item->>'tt', item->>'td', (item->>'att')::uuid)
      ON CONFLICT (idem_account, transfer_id) DO NOTHING
      RETURNING xmlx.entries.seq INTO new_seq;
    IF new_seq IS NULL THEN
      -- A concurrent transaction claimed this TransferId after our first look and has committed.
      SELECT e.seq, e.attempt INTO prior_seq, prior_attempt FROM xmlx.entries e
        WHERE e.idem_account = item->>'idem' AND e.transfer_id = item->>'tid';
      status := CASE WHEN prior_attempt = (item->>'att')::uuid THEN 'mine' ELSE 'already' END;
      seq := prior_seq; RETURN NEXT; CONTINUE;
    END IF;
    FOR p IN SELECT value FROM jsonb_array_elements(item->'p') LOOP
      INSERT INTO xmlx.subaccounts AS s (account_id, currency_id, balance) VALUES (p->>'a', p->>'c', (p->>'d')::bigint)
        ON CONFLICT (account_id, currency_id) DO UPDATE SET balance = s.balance + excluded.balance;
    END LOOP;
    IF item->>'it' IS NOT NULL THEN
      INSERT INTO xmlx.tokens (token_id, issued_seq) VALUES (item->>'it', new_seq);
    END IF;
    IF item->>'st' IS NOT NULL THEN
      UPDATE xmlx.tokens SET settled_seq = new_seq WHERE token_id = item->>'st';
    END IF;
    status := 'executed'; seq := new_seq; RETURN NEXT;
  END LOOP;
END
$fn$;
`;

export const MIGRATIONS: Migration[] = [
  { version: 1, name: 'ledger tables', sql: TABLES },
  { version: 2, name: 'execute_batch', sql: EXECUTE_BATCH },
];

/** Arbitrary but fixed: the advisory lock key every host process serialises its migrations on. */
const MIGRATION_LOCK = 0x786d6c78; // 'xmlx'

/**
 * Brings the schema up to date. Returns true when this call created it (the caller may seed demo data).
 * Refuses a database whose schema is newer than this code: an older host must not write a ledger it
 * no longer understands.
 */
export async function migrate(client: pg.ClientBase, migrations: Migration[] = MIGRATIONS): Promise<boolean> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE SCHEMA IF NOT EXISTS xmlx');
    await client.query(`CREATE TABLE IF NOT EXISTS xmlx.schema_migrations (
      version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`);
    const applied = new Set((await client.query<{ version: number }>('SELECT version FROM xmlx.schema_migrations')).rows.map((r) => r.version));
    const newest = Math.max(0, ...applied);
    const known = Math.max(0, ...migrations.map((m) => m.version));
    if (newest > known) throw new Error(`the xmlx schema is at version ${newest}, newer than this host knows (${known}): upgrade the host`);
    for (const migration of migrations) {
      if (applied.has(migration.version)) continue;
      await client.query(migration.sql);
      await client.query('INSERT INTO xmlx.schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
    }
    await client.query('COMMIT');
    return applied.size === 0;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
