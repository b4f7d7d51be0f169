// Element decoders: XElement tree -> XML-X data model. Pure; failures throw XmlxError.
import { Errno, XmlxError } from './errors.ts';
import {
  amount, boolAttr, ident, leafText, namedIdent, open, optional, required, rid, signature, ticks, ticksText, valueToken,
} from './codec-read.ts';
import type {
  Auth, Balance, BalanceRequest, BalanceResponse, CompositeRequest, CompositeResponse, CompositeSearch, ErrorResponse,
  HistoryRequest, HistoryResponse, Operation, Receipt, Search, SearchNode, Settle, SingleRequest, SingleResponse,
  SortKey, Transfer, TransferRequest, TransferResponse, Withdraw, XmlxDocument,
} from './types.ts';
import type { XElement } from './xml.ts';

function memoOf(el: XElement | undefined): { memo?: string } {
  if (!el) return {};
  for (const name of Object.keys(el.attrs)) {
    if (name !== 'xmlns' && !name.startsWith('xmlns:')) {
      throw new XmlxError(Errno.UNKNOWN_ATTRIBUTE, `unknown attribute '${name}' on <Memo>`);
    }
  }
  return { memo: el.raw ?? '' };
}

function optText(el: XElement | undefined, key: string): Record<string, string> {
  return el ? { [key]: ident(el, true) } : {};
}

const TRANSFER_TAGS = ['Payee', 'Payer', 'CurrencyId', 'Amount', 'TransferId', 'Memo', 'FeeHint'] as const;

export function decodeTransfer(el: XElement): Transfer {
  const g = open(el, TRANSFER_TAGS);
  const payee = namedIdent(required(g, 'Payee', el.name));
  const payer = namedIdent(required(g, 'Payer', el.name));
  const transferId = optional(g, 'TransferId');
  return {
    payee: payee.id,
    ...(payee.name !== undefined ? { payeeName: payee.name } : {}),
    payer: payer.id,
    ...(payer.name !== undefined ? { payerName: payer.name } : {}),
    currencyId: ident(required(g, 'CurrencyId', el.name)),
    amount: amount(required(g, 'Amount', el.name)),
    ...(transferId ? { transferId: ident(transferId) } : {}),
    ...memoOf(optional(g, 'Memo')),
    ...optText(optional(g, 'FeeHint'), 'feeHint'),
  };
}

export function decodeWithdraw(el: XElement): Withdraw {
  const g = open(el, [...TRANSFER_TAGS, 'ValueToken']);
  const payer = namedIdent(required(g, 'Payer', el.name));
  const payeeEl = optional(g, 'Payee');
  const payee = payeeEl ? namedIdent(payeeEl, true) : undefined;
  const transferId = optional(g, 'TransferId');
  return {
    payer: payer.id,
    ...(payer.name !== undefined ? { payerName: payer.name } : {}),
    currencyId: ident(required(g, 'CurrencyId', el.name)),
    amount: amount(required(g, 'Amount', el.name)),
    valueToken: valueToken(required(g, 'ValueToken', el.name)),
    ...(payee ? { payee: payee.id } : {}),
    ...(payee?.name !== undefined ? { payeeName: payee.name } : {}),
    ...(transferId ? { transferId: ident(transferId) } : {}),
    ...memoOf(optional(g, 'Memo')),
    ...optText(optional(g, 'FeeHint'), 'feeHint'),
  };
}

export function decodeSettle(el: XElement): Settle {
  const g = open(el, [...TRANSFER_TAGS, 'ValueToken']);
  if (g.has('Payer')) throw new XmlxError(Errno.UNKNOWN_TAG, 'unknown tag <Payer> in <Settle>: the token pays');
  const payee = namedIdent(required(g, 'Payee', el.name));
  const currency = optional(g, 'CurrencyId');
  const amountEl = optional(g, 'Amount');
  const transferId = optional(g, 'TransferId');
  return {
    payee: payee.id,
    ...(payee.name !== undefined ? { payeeName: payee.name } : {}),
    ...(currency ? { currencyId: ident(currency) } : {}),
    valueToken: valueToken(required(g, 'ValueToken', el.name)),
    ...(amountEl ? { amount: amount(amountEl) } : {}),
    ...(transferId ? { transferId: ident(transferId) } : {}),
    ...memoOf(optional(g, 'Memo')),
    ...optText(optional(g, 'FeeHint'), 'feeHint'),
  };
}

/** Exactly one of Transfer, Withdraw, Settle among the groups. */
function operationOf(g: Map<string, XElement[]>, parent: string): Operation {
  const transfer = optional(g, 'Transfer');
  const withdraw = optional(g, 'Withdraw');
  const settle = optional(g, 'Settle');
  const count = (transfer ? 1 : 0) + (withdraw ? 1 : 0) + (settle ? 1 : 0);
  if (count === 0) throw new XmlxError(Errno.MISSING, `<${parent}> lacks <Transfer>, <Withdraw> or <Settle>`);
  if (count > 1) throw new XmlxError(Errno.TOO_MANY, `<${parent}> holds more than one of <Transfer>, <Withdraw>, <Settle>`);
  if (transfer) return { kind: 'transfer', transfer: decodeTransfer(transfer) };
  if (withdraw) return { kind: 'withdraw', withdraw: decodeWithdraw(withdraw) };
  return { kind: 'settle', settle: decodeSettle(settle as XElement) };
}

export function decodeReceipt(el: XElement): Receipt {
  const g = open(el, ['ReceiptId', 'Time', 'Transfer', 'Withdraw', 'Settle', 'UserId', 'PayeeAmount', 'PayerAmount',
    'ValueToken', 'Signature']);
  const user = namedIdent(required(g, 'UserId', el.name), true);
  const payeeAmount = optional(g, 'PayeeAmount');
  const payerAmount = optional(g, 'PayerAmount');
  const token = optional(g, 'ValueToken');
  const sig = optional(g, 'Signature');
  return {
    receiptId: ident(required(g, 'ReceiptId', el.name)),
    time: ticks(required(g, 'Time', el.name)),
    operation: operationOf(g, el.name),
    userId: user.id,
    ...(user.name !== undefined ? { userName: user.name } : {}),
    ...(payeeAmount ? { payeeAmount: amount(payeeAmount) } : {}),
    ...(payerAmount ? { payerAmount: amount(payerAmount) } : {}),
    ...(token ? { valueToken: valueToken(token) } : {}),
    ...(sig ? { signature: signature(sig) } : {}),
  };
}

export function decodeAuth(el: XElement): Auth {
  const g = open(el, ['UserId', 'Password', 'Signature', 'Token']);
  const userId = ident(required(g, 'UserId', el.name), true);
  const password = optional(g, 'Password');
  const sig = optional(g, 'Signature');
  const token = optional(g, 'Token');
  if ((password ? 1 : 0) + (sig ? 1 : 0) + (token ? 1 : 0) > 1) {
    throw new XmlxError(Errno.TOO_MANY, '<Auth> holds more than one authentication method');
  }
  if (password) return { userId, method: { kind: 'password', password: leafText(password).trim() } };
  if (sig) return { userId, method: { kind: 'signature', signature: signature(sig) } };
  if (token) return { userId, method: { kind: 'token', token: leafText(token).trim() } };
  return { userId, method: { kind: 'none' } };
}

/** Requests carry exactly one <Auth>, as their first element. */
function authFirst(el: XElement, g: Map<string, XElement[]>): Auth {
  const auth = required(g, 'Auth', el.name);
  if (el.children[0] !== auth) throw new XmlxError(Errno.CONTENT, `<Auth> must be the first element of <${el.name}>`);
  return decodeAuth(auth);
}

export function decodeTransferRequest(el: XElement): TransferRequest {
  const g = open(el, ['Auth', 'Transfer', 'Withdraw', 'Settle'], ['rid']);
  return { kind: 'TransferRequest', ...rid(el), auth: authFirst(el, g), operation: operationOf(g, el.name) };
}

export function decodeBalanceRequest(el: XElement): BalanceRequest {
  const g = open(el, ['Auth', 'AccountId', 'CurrencyId'], ['rid']);
  const currency = optional(g, 'CurrencyId');
  return {
    kind: 'BalanceRequest', ...rid(el), auth: authFirst(el, g),
    accountId: ident(required(g, 'AccountId', el.name)),
    ...(currency ? { currencyId: ident(currency) } : {}),
  };
}

export function decodeSearch(el: XElement): Search {
  const g = open(el, ['Tag', 'Exact', 'Contains', 'From', 'Till'], ['not']);
  const not = boolAttr(el, 'not', false);
  const tag = ident(required(g, 'Tag', el.name));
  const exact = optional(g, 'Exact');
  const contains = optional(g, 'Contains');
  const from = optional(g, 'From');
  const till = optional(g, 'Till');
  const kinds = (exact ? 1 : 0) + (contains ? 1 : 0) + (from || till ? 1 : 0);
  if (kinds === 0) throw new XmlxError(Errno.MISSING, '<Search> lacks <Exact>, <Contains> or <From>/<Till>');
  if (kinds > 1) throw new XmlxError(Errno.TOO_MANY, '<Search> mixes <Exact>, <Contains> and <From>/<Till>');
  const matchEl = exact ?? contains;
  if (matchEl) {
    const value = leafText(matchEl, ['casesensitive']).trim();
    const caseSensitive = boolAttr(matchEl, 'casesensitive', false);
    return { kind: 'search', not, tag, match: { kind: exact ? 'exact' : 'contains', value, caseSensitive } };
  }
  const bound = (b: XElement | undefined): string | undefined => {
    if (!b) return undefined;
    const value = leafText(b).trim();
    if (tag === 'Time') ticksText(value, b.name);
    return value;
  };
  const lower = bound(from);
  const upper = bound(till);
  return {
    kind: 'search', not, tag,
    match: { kind: 'range', ...(lower !== undefined ? { from: lower } : {}), ...(upper !== undefined ? { till: upper } : {}) },
  };
}

export function decodeCompositeSearch(el: XElement): CompositeSearch {
  open(el, ['Search', 'CompositeSearch'], ['logic', 'not']);
  const logic = (el.attrs.logic ?? 'and').trim().toLowerCase();
  if (logic !== 'and' && logic !== 'or') {
    throw new XmlxError(Errno.BAD_ATTRIBUTE, `logic="${el.attrs.logic}" on <CompositeSearch> must be and or or`);
  }
  if (el.children.length === 0) throw new XmlxError(Errno.MISSING, '<CompositeSearch> is empty');
  return { kind: 'composite', not: boolAttr(el, 'not', false), logic, items: el.children.map(decodeSearchNode) };
}

export function decodeSearchNode(el: XElement): SearchNode {
  return el.name === 'Search' ? decodeSearch(el) : decodeCompositeSearch(el);
}

export function decodeSort(el: XElement): SortKey[] {
  open(el, ['Tag']);
  if (el.children.length === 0) throw new XmlxError(Errno.MISSING, '<Sort> lacks <Tag>');
  return el.children.map((tag) => ({ tag: ident(tag, false, ['ascend']), ascend: boolAttr(tag, 'ascend', true) }));
}

export function decodeHistoryRequest(el: XElement): HistoryRequest {
  const g = open(el, ['Auth', 'AccountId', 'CurrencyId', 'Search', 'CompositeSearch', 'Sort'], ['rid']);
  const currency = optional(g, 'CurrencyId');
  const search = optional(g, 'Search');
  const composite = optional(g, 'CompositeSearch');
  if (search && composite) throw new XmlxError(Errno.TOO_MANY, '<HistoryRequest> holds both <Search> and <CompositeSearch>');
  const criteria = search ?? composite;
  const sort = optional(g, 'Sort');
  return {
    kind: 'HistoryRequest', ...rid(el), auth: authFirst(el, g),
    accountId: ident(required(g, 'AccountId', el.name)),
    ...(currency ? { currencyId: ident(currency) } : {}),
    ...(criteria ? { search: decodeSearchNode(criteria) } : {}),
    ...(sort ? { sort: decodeSort(sort) } : {}),
  };
}

export function decodeTransferResponse(el: XElement): TransferResponse {
  const g = open(el, ['Receipt'], ['rid']);
  return { kind: 'TransferResponse', ...rid(el), receipt: decodeReceipt(required(g, 'Receipt', el.name)) };
}

export function decodeBalance(el: XElement): Balance {
  const g = open(el, ['AccountId', 'CurrencyId', 'Total', 'Time']);
  const totalEl = required(g, 'Total', el.name);
  const magnitude = amount(totalEl, ['negative']);
  const time = optional(g, 'Time');
  return {
    accountId: ident(required(g, 'AccountId', el.name)),
    currencyId: ident(required(g, 'CurrencyId', el.name)),
    total: boolAttr(totalEl, 'negative', false) ? -magnitude : magnitude,
    ...(time ? { time: ticks(time) } : {}),
  };
}

export function decodeBalanceResponse(el: XElement): BalanceResponse {
  open(el, ['Balance'], ['rid']);
  return { kind: 'BalanceResponse', ...rid(el), balances: el.children.map(decodeBalance) };
}

export function decodeHistoryResponse(el: XElement): HistoryResponse {
  open(el, ['Receipt'], ['rid', 'open', 'close', 'when']);
  const attrs: Record<string, string> = {};
  for (const name of ['open', 'close', 'when'] as const) if (el.attrs[name] !== undefined) attrs[name] = el.attrs[name];
  return { kind: 'HistoryResponse', ...rid(el), ...attrs, receipts: el.children.map(decodeReceipt) };
}

export function decodeErrorResponse(el: XElement): ErrorResponse {
  const g = open(el, ['Text', 'Additional'], ['errno', 'rid']);
  const errnoText = el.attrs.errno;
  if (errnoText === undefined) throw new XmlxError(Errno.MISSING, '<ErrorResponse> lacks the errno attribute');
  if (!/^\s*-?[0-9]{1,9}\s*$/.test(errnoText)) {
    throw new XmlxError(Errno.BAD_ATTRIBUTE, `errno="${errnoText}" is not an integer`);
  }
  const text = optional(g, 'Text');
  const additional = optional(g, 'Additional');
  return {
    kind: 'ErrorResponse', errno: Number(errnoText), ...rid(el),
    ...(text ? { text: leafText(text).trim() } : {}),
    ...(additional ? { additional: leafText(additional).trim() } : {}),
  };
}

const SINGLE_REQUESTS: Record<string, (el: XElement) => SingleRequest> = {
  TransferRequest: decodeTransferRequest,
  BalanceRequest: decodeBalanceRequest,
  HistoryRequest: decodeHistoryRequest,
};

const SINGLE_RESPONSES: Record<string, (el: XElement) => SingleResponse> = {
  TransferResponse: decodeTransferResponse,
  BalanceResponse: decodeBalanceResponse,
  HistoryResponse: decodeHistoryResponse,
  ErrorResponse: decodeErrorResponse,
};

export function decodeCompositeRequest(el: XElement, maxBatch: number): CompositeRequest {
  open(el, Object.keys(SINGLE_REQUESTS), ['rid']);
  if (el.children.length === 0) throw new XmlxError(Errno.MISSING, '<CompositeRequest> is empty');
  if (el.children.length > maxBatch) throw new XmlxError(Errno.TOO_MANY, `more than ${maxBatch} requests in one batch`);
  return { kind: 'CompositeRequest', ...rid(el), requests: el.children.map((child) => SINGLE_REQUESTS[child.name](child)) };
}

export function decodeCompositeResponse(el: XElement): CompositeResponse {
  open(el, Object.keys(SINGLE_RESPONSES), ['rid']);
  return { kind: 'CompositeResponse', ...rid(el), responses: el.children.map((child) => SINGLE_RESPONSES[child.name](child)) };
}

/** Decodes a root element into a document; unknown roots are errno 20 UNKNOWN_XMLX. */
export function decodeRoot(el: XElement, maxBatch: number): XmlxDocument {
  if (Object.hasOwn(SINGLE_REQUESTS, el.name)) return SINGLE_REQUESTS[el.name](el);
  if (Object.hasOwn(SINGLE_RESPONSES, el.name)) return SINGLE_RESPONSES[el.name](el);
  if (el.name === 'CompositeRequest') return decodeCompositeRequest(el, maxBatch);
  if (el.name === 'CompositeResponse') return decodeCompositeResponse(el);
  throw new XmlxError(Errno.UNKNOWN_XMLX, `<${el.name}> is not an XML-X request or response`);
}
