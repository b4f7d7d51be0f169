// Translates XML-X Search/CompositeSearch/Sort into a parameterised SQL WHERE/ORDER BY over the
// ledger's `entries` table, for SQLite or PostgreSQL. Pure; values are always bound, never spliced
// (so `?` occurs in the SQL only as a placeholder). Tags a server does not search on are refused
// with errno 40 NOT_SUPPORTED, as the seed allows.
import { Errno, XmlxError } from './errors.ts';
import type { SearchNode, SortKey } from './types.ts';

interface Column {
  sql: string;
  numeric: boolean;
  /** XML-X time: bounds and exact values must be times (errno 27), not merely numbers. */
  time?: boolean;
}

const STRING = (sql: string): Column => ({ sql: `coalesce(${sql}, '')`, numeric: false });
const NUMBER = (sql: string): Column => ({ sql, numeric: true });

/** Receipt tags this host searches and sorts on (both the seed's PayeeId and the element name Payee). */
export const SEARCHABLE: Record<string, Column> = {
  ReceiptId: STRING(`'R' || seq`),
  Time: { sql: 'time', numeric: true, time: true },
  Payee: STRING('payee'),
  PayeeId: STRING('payee'),
  Payer: STRING('payer'),
  PayerId: STRING('payer'),
  CurrencyId: STRING('currency_id'),
  Amount: NUMBER('amount'),
  PayeeAmount: NUMBER('payee_amount'),
  PayerAmount: NUMBER('payer_amount'),
  TransferId: STRING('transfer_id'),
  UserId: STRING('user_id'),
  Memo: STRING('memo'),
  FeeHint: STRING('fee_hint'),
};

export type SqlValue = string | bigint;

/**
 * The two databases differ in a few spellings. Results must not: text compares and sorts bytewise
 * (SQLite's BINARY; COLLATE "C" in PostgreSQL), and case-insensitive matching folds ASCII only
 * (SQLite's NOCASE and lower(); PostgreSQL's lower() under the C collation).
 */
export type SqlDialect = 'sqlite' | 'postgres';

function text(column: Column, dialect: SqlDialect): string {
  return dialect === 'postgres' && !column.numeric ? `(${column.sql} COLLATE "C")` : column.sql;
}

export interface SqlFragment {
  sql: string;
  params: SqlValue[];
}

function columnOf(tag: string): Column {
  if (!Object.hasOwn(SEARCHABLE, tag)) throw new XmlxError(Errno.NOT_SUPPORTED, `this server does not search or sort on <${tag}>`);
  return SEARCHABLE[tag];
}

function numberValue(column: Column, value: string, tag: string): bigint {
  if (!/^[0-9]{1,19}$/.test(value)) {
    throw new XmlxError(column.time ? Errno.NAT : Errno.NAN, `<${tag}> search value '${value.slice(0, 40)}' is not ${column.time ? 'a time' : 'an integer'}`);
  }
  const n = BigInt(value);
  if (n > 9_223_372_036_854_775_807n) throw new XmlxError(Errno.NAN, `<${tag}> search value out of range`);
  return n;
}

/** Most Search terms and Sort keys one HistoryRequest may carry (errno 21 beyond). */
export const MAX_SEARCH_TERMS = 100;
export const MAX_SORT_KEYS = 16;

function countTerms(node: SearchNode): number {
  return node.kind === 'search' ? 1 : node.items.reduce((sum, item) => sum + countTerms(item), 0);
}

/** WHERE fragment for a search tree (refuses trees over MAX_SEARCH_TERMS). */
export function searchWhere(node: SearchNode, dialect: SqlDialect = 'sqlite'): SqlFragment {
  if (countTerms(node) > MAX_SEARCH_TERMS) throw new XmlxError(Errno.TOO_MANY, `more than ${MAX_SEARCH_TERMS} search terms`);
  return searchToSql(node, dialect);
}

export function searchToSql(node: SearchNode, dialect: SqlDialect = 'sqlite'): SqlFragment {
  const pg = dialect === 'postgres';
  const param = pg ? 'CAST(? AS TEXT)' : '?';
  if (node.kind === 'composite') {
    const parts = node.items.map((item) => searchToSql(item, dialect));
    const joined = parts.map((p) => `(${p.sql})`).join(node.logic === 'and' ? ' AND ' : ' OR ');
    return { sql: node.not ? `NOT (${joined})` : joined, params: parts.flatMap((p) => p.params) };
  }
  const column = columnOf(node.tag);
  const m = node.match;
  let fragment: SqlFragment;
  if (m.kind === 'range') {
    const clauses: string[] = [];
    const params: SqlValue[] = [];
    for (const [op, bound] of [['>=', m.from], ['<=', m.till]] as const) {
      if (bound === undefined) continue;
      clauses.push(column.numeric ? `${column.sql} ${op} ?` : `${text(column, dialect)} ${op} ${param}`);
      params.push(column.numeric ? numberValue(column, bound, node.tag) : bound);
    }
    fragment = { sql: clauses.length ? clauses.join(' AND ') : '1 = 1', params };
  } else if (m.kind === 'exact') {
    if (column.numeric) fragment = { sql: `${column.sql} = ?`, params: [numberValue(column, m.value, node.tag)] };
    else if (pg) fragment = { sql: m.caseSensitive ? `${column.sql} = ${param}` : `lower(${text(column, dialect)}) = lower(${param})`, params: [m.value] };
    else fragment = { sql: `${column.sql} = ?${m.caseSensitive ? '' : ' COLLATE NOCASE'}`, params: [m.value] };
  } else {
    const haystack = column.numeric ? `CAST(${column.sql} AS TEXT)` : text(column, dialect);
    const find = pg ? 'strpos' : 'instr';
    fragment = m.caseSensitive
      ? { sql: `${find}(${haystack}, ${param}) > 0`, params: [m.value] }
      : { sql: `${find}(lower(${haystack}), lower(${param})) > 0`, params: [m.value] };
  }
  return node.not ? { sql: `NOT (${fragment.sql})`, params: fragment.params } : fragment;
}

/** ORDER BY for the sort keys; ties fall back to ledger order so results are deterministic. */
export function sortToSql(keys: SortKey[] | undefined, dialect: SqlDialect = 'sqlite'): string {
  if ((keys?.length ?? 0) > MAX_SORT_KEYS) throw new XmlxError(Errno.TOO_MANY, `more than ${MAX_SORT_KEYS} sort keys`);
  const terms = (keys ?? []).map((k) => `${text(columnOf(k.tag), dialect)} ${k.ascend ? 'ASC' : 'DESC'}`);
  terms.push('seq ASC');
  return terms.join(', ');
}
