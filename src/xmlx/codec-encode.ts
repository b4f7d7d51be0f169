// Element encoders: XML-X data model -> XML text. Pure; compact output (no added whitespace);
// Memo content written back exactly as held.
import { formatTicks } from './time.ts';
import { toXmlChars } from '../xml/well-formed.ts';
import { escapeAttr, escapeText } from './xml.ts';
import type {
  Auth, Balance, CompositeSearch, ErrorResponse, Operation, Receipt, Search, SearchNode, Settle, Signature,
  SingleRequest, SingleResponse, SortKey, Transfer, ValueToken, Withdraw, XmlxDocument,
} from './types.ts';

function leaf(name: string, value: string, attrs = ''): string {
  return `<${name}${attrs}>${escapeText(value)}</${name}>`;
}

function attr(name: string, value: string | undefined): string {
  return value === undefined ? '' : ` ${name}="${escapeAttr(value)}"`;
}

function named(name: string, id: string, publicName: string | undefined): string {
  return leaf(name, id, attr('name', publicName));
}

function amountText(value: bigint, where: string): string {
  if (value < 0n) throw new RangeError(`${where} must not be negative`);
  return value.toString();
}

function memo(raw: string | undefined): string {
  return raw === undefined ? '' : `<Memo>${toXmlChars(raw)}</Memo>`;
}

function optLeaf(name: string, value: string | undefined): string {
  return value === undefined ? '' : leaf(name, value);
}

export function encodeValueToken(token: ValueToken): string {
  return leaf('ValueToken', token.data, attr('type', token.type));
}

export function encodeSignature(sig: Signature): string {
  return leaf('Signature', sig.data, attr('type', sig.type));
}

export function encodeTransfer(t: Transfer): string {
  return `<Transfer>${named('Payee', t.payee, t.payeeName)}${named('Payer', t.payer, t.payerName)}`
    + `${leaf('CurrencyId', t.currencyId)}${leaf('Amount', amountText(t.amount, 'Amount'))}`
    + `${optLeaf('TransferId', t.transferId)}${memo(t.memo)}${optLeaf('FeeHint', t.feeHint)}</Transfer>`;
}

export function encodeWithdraw(w: Withdraw): string {
  return `<Withdraw>${named('Payer', w.payer, w.payerName)}${leaf('CurrencyId', w.currencyId)}`
    + `${leaf('Amount', amountText(w.amount, 'Amount'))}${encodeValueToken(w.valueToken)}`
    + `${w.payee === undefined ? '' : named('Payee', w.payee, w.payeeName)}`
    + `${optLeaf('TransferId', w.transferId)}${memo(w.memo)}${optLeaf('FeeHint', w.feeHint)}</Withdraw>`;
}

export function encodeSettle(s: Settle): string {
  return `<Settle>${named('Payee', s.payee, s.payeeName)}${optLeaf('CurrencyId', s.currencyId)}`
    + `${encodeValueToken(s.valueToken)}${s.amount === undefined ? '' : leaf('Amount', amountText(s.amount, 'Amount'))}`
    + `${optLeaf('TransferId', s.transferId)}${memo(s.memo)}${optLeaf('FeeHint', s.feeHint)}</Settle>`;
}

export function encodeOperation(op: Operation): string {
  switch (op.kind) {
    case 'transfer': return encodeTransfer(op.transfer);
    case 'withdraw': return encodeWithdraw(op.withdraw);
    case 'settle': return encodeSettle(op.settle);
  }
}

export function encodeReceipt(r: Receipt): string {
  return `<Receipt>${leaf('ReceiptId', r.receiptId)}${leaf('Time', formatTicks(r.time))}${encodeOperation(r.operation)}`
    + `${named('UserId', r.userId, r.userName)}`
    + `${r.payeeAmount === undefined ? '' : leaf('PayeeAmount', amountText(r.payeeAmount, 'PayeeAmount'))}`
    + `${r.payerAmount === undefined ? '' : leaf('PayerAmount', amountText(r.payerAmount, 'PayerAmount'))}`
    + `${r.valueToken ? encodeValueToken(r.valueToken) : ''}${r.signature ? encodeSignature(r.signature) : ''}</Receipt>`;
}

export function encodeAuth(a: Auth): string {
  let method = '';
  switch (a.method.kind) {
    case 'password': method = leaf('Password', a.method.password); break;
    case 'signature': method = encodeSignature(a.method.signature); break;
    case 'token': method = leaf('Token', a.method.token); break;
    case 'none': break;
  }
  return `<Auth>${leaf('UserId', a.userId)}${method}</Auth>`;
}

export function encodeSearch(s: Search): string {
  const m = s.match;
  let body: string;
  if (m.kind === 'range') {
    body = `${optLeaf('From', m.from)}${optLeaf('Till', m.till)}`;
  } else {
    body = leaf(m.kind === 'exact' ? 'Exact' : 'Contains', m.value, m.caseSensitive ? attr('casesensitive', 'true') : '');
  }
  return `<Search${s.not ? attr('not', 'true') : ''}>${leaf('Tag', s.tag)}${body}</Search>`;
}

export function encodeCompositeSearch(c: CompositeSearch): string {
  return `<CompositeSearch${attr('logic', c.logic)}${c.not ? attr('not', 'true') : ''}>`
    + `${c.items.map(encodeSearchNode).join('')}</CompositeSearch>`;
}

export function encodeSearchNode(n: SearchNode): string {
  return n.kind === 'search' ? encodeSearch(n) : encodeCompositeSearch(n);
}

export function encodeSort(keys: SortKey[]): string {
  return `<Sort>${keys.map((k) => leaf('Tag', k.tag, k.ascend ? '' : attr('ascend', 'false'))).join('')}</Sort>`;
}

export function encodeBalance(b: Balance): string {
  const negative = b.total < 0n;
  return `<Balance>${leaf('AccountId', b.accountId)}${leaf('CurrencyId', b.currencyId)}`
    + `${leaf('Total', (negative ? -b.total : b.total).toString(), negative ? attr('negative', 'true') : '')}`
    + `${b.time === undefined ? '' : leaf('Time', formatTicks(b.time))}</Balance>`;
}

export function encodeErrorResponse(e: ErrorResponse): string {
  return `<ErrorResponse${attr('errno', String(e.errno))}${attr('rid', e.rid)}>`
    + `${optLeaf('Text', e.text)}${optLeaf('Additional', e.additional)}</ErrorResponse>`;
}

function encodeSingleRequest(r: SingleRequest): string {
  const open = `<${r.kind}${attr('rid', r.rid)}>${encodeAuth(r.auth)}`;
  switch (r.kind) {
    case 'TransferRequest':
      return `${open}${encodeOperation(r.operation)}</TransferRequest>`;
    case 'BalanceRequest':
      return `${open}${leaf('AccountId', r.accountId)}${optLeaf('CurrencyId', r.currencyId)}</BalanceRequest>`;
    case 'HistoryRequest':
      return `${open}${leaf('AccountId', r.accountId)}${optLeaf('CurrencyId', r.currencyId)}`
        + `${r.search ? encodeSearchNode(r.search) : ''}${r.sort ? encodeSort(r.sort) : ''}</HistoryRequest>`;
  }
}

function encodeSingleResponse(r: SingleResponse): string {
  switch (r.kind) {
    case 'TransferResponse':
      return `<TransferResponse${attr('rid', r.rid)}>${encodeReceipt(r.receipt)}</TransferResponse>`;
    case 'BalanceResponse':
      return `<BalanceResponse${attr('rid', r.rid)}>${r.balances.map(encodeBalance).join('')}</BalanceResponse>`;
    case 'HistoryResponse':
      return `<HistoryResponse${attr('rid', r.rid)}${attr('open', r.open)}${attr('close', r.close)}${attr('when', r.when)}>`
        + `${r.receipts.map(encodeReceipt).join('')}</HistoryResponse>`;
    case 'ErrorResponse':
      return encodeErrorResponse(r);
  }
}

export function encodeDocument(doc: XmlxDocument): string {
  switch (doc.kind) {
    case 'CompositeRequest':
      return `<CompositeRequest${attr('rid', doc.rid)}>${doc.requests.map(encodeSingleRequest).join('')}</CompositeRequest>`;
    case 'CompositeResponse':
      return `<CompositeResponse${attr('rid', doc.rid)}>${doc.responses.map(encodeSingleResponse).join('')}</CompositeResponse>`;
    case 'TransferRequest':
    case 'BalanceRequest':
    case 'HistoryRequest':
      return encodeSingleRequest(doc);
    default:
      return encodeSingleResponse(doc);
  }
}
