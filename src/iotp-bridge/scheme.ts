/**
 * The XML-X payment scheme for IOTP (this project's payment supplement). Pure codec: every scheme
 * document is one XML element, carried BASE64-encoded in a PackagedContent with Content="XML", and
 * authenticated with HMAC-SHA256 under the deployment's scheme key. See README "IOTP XML-X scheme".
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { PackagedContent } from './errors.ts';
import { element, parseXml, serializeXml, type XmlElement } from './xml.ts';

export const XMLX_BRAND_ID = 'XMLX';
export const XMLX_BRAND_NAME = 'XML-X account transfer';
export const XMLX_PROTOCOL_ID = 'XMLX-1.0';
export const XMLX_PROTOCOL_NAME = 'XML-X Core Transfer, IOTP supplement 1.0';
export const XMLX_AUTH_ALGORITHM = 'XMLX-HMAC-SHA256';

/** PackagedContent Name values of the scheme. */
export const CONTENT = {
  order: 'XmlxPaymentOrder',
  receipt: 'XmlxReceipt',
  failure: 'XmlxFailure',
  inquiry: 'XmlxInquiry',
  status: 'XmlxStatus',
  tradingRoleData: 'Payment:XMLX',
  challenge: 'XmlxChallenge',
  response: 'XmlxResponse',
} as const;

/** Consumer → Payment Handler: the instruction to pay, in the Payment Request's Payment Scheme Component. */
export interface PaymentOrder {
  consumerPayId: string;
  payer: string;
  currencyId: string;
  /** Smallest currency unit, decimal digits. */
  amount: string;
  payDirection: string;
  okFrom: string;
  okTo: string;
}

/** Payment Handler → Consumer: the XML-X receipt of the executed transfer. */
export interface SchemeReceipt {
  consumerPayId: string;
  paymentHandlerPayId: string;
  transferId: string;
  receiptId: string;
  /** XML-X time, 18 digits. */
  time: string;
  payer: string;
  payee: string;
  currencyId: string;
  amount: string;
  payerAmount: string;
  payeeAmount: string;
  payDirection: string;
}

/** Payment Handler → Consumer: a definitive failure (nothing was transferred). */
export interface SchemeFailure {
  consumerPayId: string;
  paymentHandlerPayId: string;
  transferId: string;
  completionCode: string;
  errno: string;
  text: string;
}

const ORDER_FIELDS = ['consumerPayId', 'payer', 'currencyId', 'amount', 'payDirection', 'okFrom', 'okTo'] as const;
const RECEIPT_FIELDS = [
  'consumerPayId', 'paymentHandlerPayId', 'transferId', 'receiptId', 'time', 'payer', 'payee', 'currencyId', 'amount', 'payerAmount',
  'payeeAmount', 'payDirection',
] as const;
const FAILURE_FIELDS = ['consumerPayId', 'paymentHandlerPayId', 'transferId', 'completionCode', 'errno', 'text'] as const;

const attrName = (field: string): string => field[0].toUpperCase() + field.slice(1);

export function mac(key: string, docName: string, fields: readonly string[], values: Record<string, string>): string {
  const h = createHmac('sha256', key);
  h.update(docName);
  for (const f of fields) h.update(`\u0000${f}=${values[f] ?? ''}`);
  return h.digest('base64');
}

function macMatches(expected: string, given: string | undefined): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

function encodeDoc(key: string, docName: string, fields: readonly string[], values: Record<string, string>): string {
  const attrs: Record<string, string> = { Version: '1' };
  for (const f of fields) attrs[attrName(f)] = values[f] ?? '';
  attrs.Mac = mac(key, docName, fields, values);
  return serializeXml(element(docName, attrs), false);
}

export type DecodeResult<T> = { ok: true; value: T } | { ok: false; reason: string };

function decodeDoc<T>(key: string, docName: string, fields: readonly string[], xml: string): DecodeResult<T> {
  const parsed = parseXml(xml);
  if (!parsed.ok) return { ok: false, reason: `${docName} is not well-formed XML: ${parsed.detail}` };
  const root: XmlElement = parsed.root;
  if (root.name !== docName) return { ok: false, reason: `expected ${docName}, found ${root.name}` };
  if (root.attrs.Version !== '1') return { ok: false, reason: `${docName} Version ${root.attrs.Version ?? '(none)'} is not supported` };
  const values: Record<string, string> = {};
  for (const f of fields) {
    const v = root.attrs[attrName(f)];
    if (v === undefined) return { ok: false, reason: `${docName} lacks ${attrName(f)}` };
    values[f] = v;
  }
  if (!macMatches(mac(key, docName, fields, values), root.attrs.Mac)) return { ok: false, reason: `${docName} fails its MAC check` };
  return { ok: true, value: values as T };
}

export function packaged(elementName: string, name: string, xml: string): PackagedContent {
  return { element: elementName, name, content: 'XML', transform: 'BASE64', body: xml };
}

export const encodeOrder = (key: string, o: PaymentOrder): string => encodeDoc(key, CONTENT.order, ORDER_FIELDS, { ...o });
export const decodeOrder = (key: string, xml: string): DecodeResult<PaymentOrder> => decodeDoc(key, CONTENT.order, ORDER_FIELDS, xml);
export const encodeReceipt = (key: string, r: SchemeReceipt): string => encodeDoc(key, CONTENT.receipt, RECEIPT_FIELDS, { ...r });
export const decodeReceipt = (key: string, xml: string): DecodeResult<SchemeReceipt> => decodeDoc(key, CONTENT.receipt, RECEIPT_FIELDS, xml);
export const encodeFailure = (key: string, f: SchemeFailure): string => encodeDoc(key, CONTENT.failure, FAILURE_FIELDS, { ...f });
export const decodeFailure = (key: string, xml: string): DecodeResult<SchemeFailure> => decodeDoc(key, CONTENT.failure, FAILURE_FIELDS, xml);

export interface SchemeInquiry {
  consumerPayId: string;
  payer: string;
}
const INQUIRY_FIELDS = ['consumerPayId', 'payer'] as const;
export const encodeInquiry = (key: string, q: SchemeInquiry): string => encodeDoc(key, CONTENT.inquiry, INQUIRY_FIELDS, { ...q });
export const decodeInquiry = (key: string, xml: string): DecodeResult<SchemeInquiry> => decodeDoc(key, CONTENT.inquiry, INQUIRY_FIELDS, xml);

/** The document name of a scheme payload, without checking it (to route ContinueProcess content). */
export function schemeDocName(xml: string): string | undefined {
  const parsed = parseXml(xml);
  return parsed.ok ? parsed.root.name : undefined;
}

/** Stateless challenge/response of the scheme's authentication algorithm. */
export function authResponse(key: string, authenticationId: string, challenge: string): string {
  return createHmac('sha256', key).update(`${XMLX_AUTH_ALGORITHM}\u0000${authenticationId}\u0000${challenge}`).digest('base64');
}

export function authResponseMatches(key: string, authenticationId: string, challenge: string, response: string): boolean {
  return macMatches(authResponse(key, authenticationId, challenge), response);
}
