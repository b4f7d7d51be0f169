// The XML-X codec's public face: pure parse/serialise functions. Parsing never throws: it returns
// the document or the ErrorResponse that answers it (errno, text, and the rid when one was readable).
import { Errno, XmlxError } from './errors.ts';
import {
  decodeAuth, decodeBalance, decodeCompositeSearch, decodeReceipt, decodeRoot, decodeSearch, decodeSettle, decodeSort,
  decodeTransfer, decodeWithdraw,
} from './codec-decode.ts';
import {
  encodeAuth, encodeBalance, encodeCompositeSearch, encodeDocument, encodeReceipt, encodeSearch, encodeSettle, encodeSort,
  encodeTransfer, encodeValueToken, encodeWithdraw,
} from './codec-encode.ts';
import { valueToken } from './codec-read.ts';
import { DEFAULT_LIMITS, decodeEntities, escapeText, parseXml, type XElement, type XmlLimits } from './xml.ts';
import type {
  Auth, Balance, CompositeSearch, ErrorResponse, Receipt, Search, Settle, SortKey, Transfer, ValueToken, Withdraw,
  XmlxDocument,
} from './types.ts';

export interface CodecLimits extends XmlLimits {
  /** Most requests in one CompositeRequest. */
  maxBatch: number;
}

export const DEFAULT_CODEC_LIMITS: CodecLimits = { ...DEFAULT_LIMITS, maxBatch: 100 };

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: ErrorResponse };

function failure(error: unknown, root: XElement | undefined): { ok: false; error: ErrorResponse } {
  const rid = root?.attrs.rid;
  if (error instanceof XmlxError) {
    return {
      ok: false,
      error: {
        kind: 'ErrorResponse', errno: error.errno, text: error.message,
        ...(rid !== undefined ? { rid } : {}),
        ...(error.additional !== undefined ? { additional: error.additional } : {}),
      },
    };
  }
  // A decoder bug, not bad input: still answered, never a crash.
  return { ok: false, error: { kind: 'ErrorResponse', errno: Errno.INTERNAL, text: 'internal codec error', ...(rid !== undefined ? { rid } : {}) } };
}

/** Parses any XML-X request or response document. */
export function parseXmlx(input: string | Uint8Array, limits: CodecLimits = DEFAULT_CODEC_LIMITS): ParseResult<XmlxDocument> {
  let root: XElement | undefined;
  try {
    root = parseXml(input, limits);
    return { ok: true, value: decodeRoot(root, limits.maxBatch) };
  } catch (error) {
    return failure(error, root);
  }
}

/** Serialises a document (compact, UTF-8 text, no XML declaration). */
export function serializeXmlx(doc: XmlxDocument): string {
  return encodeDocument(doc);
}

/** The core elements that can be parsed and serialised on their own (fixtures, tests, tools). */
export interface Fragments {
  Transfer: Transfer;
  Withdraw: Withdraw;
  Settle: Settle;
  Receipt: Receipt;
  Auth: Auth;
  Balance: Balance;
  Search: Search;
  CompositeSearch: CompositeSearch;
  Sort: SortKey[];
  ValueToken: ValueToken;
}

const fragmentDecoders: { [K in keyof Fragments]: (el: XElement) => Fragments[K] } = {
  Transfer: decodeTransfer,
  Withdraw: decodeWithdraw,
  Settle: decodeSettle,
  Receipt: decodeReceipt,
  Auth: decodeAuth,
  Balance: decodeBalance,
  Search: decodeSearch,
  CompositeSearch: decodeCompositeSearch,
  Sort: decodeSort,
  ValueToken: valueToken,
};

const fragmentEncoders: { [K in keyof Fragments]: (value: Fragments[K]) => string } = {
  Transfer: encodeTransfer,
  Withdraw: encodeWithdraw,
  Settle: encodeSettle,
  Receipt: encodeReceipt,
  Auth: encodeAuth,
  Balance: encodeBalance,
  Search: encodeSearch,
  CompositeSearch: encodeCompositeSearch,
  Sort: encodeSort,
  ValueToken: encodeValueToken,
};

/** Parses a document whose root is the named core element. */
export function parseFragment<K extends keyof Fragments>(name: K, input: string | Uint8Array, limits: XmlLimits = DEFAULT_LIMITS): ParseResult<Fragments[K]> {
  let root: XElement | undefined;
  try {
    root = parseXml(input, limits);
    if (root.name !== name) throw new XmlxError(Errno.ROOT, `expected <${name}>, found <${root.name}>`);
    return { ok: true, value: fragmentDecoders[name](root) };
  } catch (error) {
    return failure(error, root);
  }
}

export function serializeFragment<K extends keyof Fragments>(name: K, value: Fragments[K]): string {
  return fragmentEncoders[name](value);
}

/** Plain text as Memo content (escaped; whitespace kept). */
export function memoFromText(text: string): string {
  return escapeText(text);
}

/**
 * The character data of Memo content, markup removed and entities decoded (for display). Returns
 * undefined when the memo holds markup whose text cannot be decoded.
 */
export function memoText(raw: string): string | undefined {
  try {
    return decodeEntities(raw.replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, (_m, cdata: string) => escapeText(cdata)).replace(/<[^>]*>/g, ''));
  } catch {
    return undefined;
  }
}
