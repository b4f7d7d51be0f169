// PayIds in a per-client namespace. A payment is stored under `<clientId>|<PayId>`; clients never send
// '|' in a PayId (validation refuses it), so the first '|' always ends the owner. Only the PayIds a
// call's own role owns are namespaced: the ConsumerPayId a Payment Handler receives belongs to the
// Consumer, and the scheme documents (orders, receipts) carry the parties' own, local PayIds.
import type { CallName } from './schema.ts';
import type { XmlElement } from './xml.ts';

export const NAMESPACE_SEPARATOR = '|';

/** The attribute that names the caller's own payment, per call. */
export const OWNED_PAYID_ATTR: Partial<Record<CallName, string>> = {
  FindAcceptedPaymentBrand: 'MerchantPayId',
  FindAcceptedPaymentProtocol: 'MerchantPayId',
  GetPaymentInitializationData: 'MerchantPayId',
  InquireAuthChallenge: 'MerchantPayId',
  CheckAuthResponse: 'MerchantPayId',
  FindPaymentInstrument: 'ConsumerPayId',
  CheckPaymentPossibility: 'ConsumerPayId',
  StartPaymentConsumer: 'ConsumerPayId',
  ResumePaymentConsumer: 'ConsumerPayId',
  StartPaymentInquiry: 'ConsumerPayId',
  Authenticate: 'ConsumerPayId',
  PaymentInstrumentInquiry: 'ConsumerPayId',
  StartPaymentPaymentHandler: 'PaymentHandlerPayId',
  ResumePaymentPaymentHandler: 'PaymentHandlerPayId',
  InquirePaymentStatus: 'PaymentHandlerPayId',
  ContinueProcess: 'PayId',
  InquireProcessState: 'PayId',
  ChangeProcessState: 'PayId',
  CheckPaymentReceipt: 'PayId',
  ExpandPaymentReceipt: 'PayId',
  RemovePaymentLog: 'PayId',
  CallBack: 'PayId',
};

export function namespaced(owner: string, payId: string): string {
  return `${owner}${NAMESPACE_SEPARATOR}${payId}`;
}

/** The PayId as its owner knows it. */
export function localPayId(stored: string): string {
  const at = stored.indexOf(NAMESPACE_SEPARATOR);
  return at < 0 ? stored : stored.slice(at + 1);
}

/** The owner of a stored PayId; undefined for payments of the in-process API. */
export function ownerOf(stored: string): string | undefined {
  const at = stored.indexOf(NAMESPACE_SEPARATOR);
  return at < 0 ? undefined : stored.slice(0, at);
}

/** A response as the owner sees it: its namespace prefix removed from every attribute and text. */
export function localResponse(owner: string, el: XmlElement): XmlElement {
  const prefix = `${owner}${NAMESPACE_SEPARATOR}`;
  const strip = (s: string): string => (s.includes(prefix) ? s.split(prefix).join('') : s);
  const attrs: Record<string, string> = {};
  for (const [k, v] of Object.entries(el.attrs)) attrs[k] = strip(v);
  return { ...el, attrs, text: strip(el.text), children: el.children.map((c) => localResponse(owner, c)) };
}
