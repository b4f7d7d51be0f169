import type { Logger } from 'pino';
import type { ReliableXmlxClient } from '../xmlx/client-api.ts';
import { ISO4217_DECIMALS } from './amount.ts';
import type { Role } from './states.ts';

/** The part of the reliable XML-X client the bridge needs: the port it talks to the payment host through. */
export type PaymentHostPort = Pick<ReliableXmlxClient, 'transferIdFor' | 'transfer' | 'journaledOutcome' | 'resolvePending' | 'balance' | 'history'>;

/** A Consumer's payment instrument: an XML-X account the wallet may pay from. */
export interface PaymentInstrument {
  /** PaymentInstrumentId shown during brand selection; never confidential. */
  id: string;
  name: string;
  /** The XML-X AccountId. */
  account: string;
  /** Currencies it pays in (default: any the host knows). */
  currencies?: string[];
}

export interface IotpBridgeOptions {
  /** SQLite file of the payment log (WAL). */
  logPath: string;
  /** Trading roles this bridge plays; calls of other roles answer ReqNotSupp. */
  roles: Role[];
  /** The reliable XML-X client (required for the Payment Handler; used by the Consumer for balances and receipts). */
  host?: PaymentHostPort;
  /** Shared secret of the XML-X scheme: MACs on payment orders, receipts and authentication responses. */
  schemeKey: string;
  /** Consumer: the wallet's instruments. */
  instruments?: PaymentInstrument[];
  /** Payment Handler: MerchantOrgId → the merchant's XML-X AccountId. */
  merchantAccounts?: Record<string, string>;
  /**
   * Payment Handler: accounts an order may name as the consumer's (besides the instruments' accounts).
   * When given, an order naming any other account is refused before anything is journaled; the gateway
   * always gives it. Undefined: no check (in-process use where the caller vouches for every order).
   */
  payerAccounts?: string[];
  /** Merchant: currencies offered (default: every currency with known decimals). */
  acceptedCurrencies?: string[];
  /** Minor-unit exponents by currency (default: ISO 4217 table). */
  currencyDecimals?: Record<string, number>;
  brandLogoNetLocn?: string;
  payReqNetLocn?: string;
  secPayReqNetLocn?: string;
  /** Default CallBack URL for payments whose CallBackFunction is not a URL (its origin must be allowed too). */
  callbackUrl?: string;
  /**
   * Origins (`https://host:port`) that CallBacks may be POSTed to. A CallBackFunction URL elsewhere is
   * refused with AttValIllegal; nothing is ever sent off the list (no request forgery through the
   * gateway). Default: none.
   */
  callbackOrigins?: string[];
  /** MinRetrySecs of MsgBeingProc / TransportError answers (default 2). */
  minRetrySecs?: number;
  /** Largest accepted request in bytes (default 256 KiB); larger ones answer MsgTooLarge. */
  maxRequestBytes?: number;
  /** How often unresolved transfers are reconciled with the client's journal (default 2,000 ms; 0 = never). */
  reconcileIntervalMs?: number;
  contentSoftwareId?: string;
  clock?: () => Date;
  /** Receives state changes (PayId, role, state, completion code, TransferId: never passphrases or wallet data). */
  logger?: Logger;
  onError?: (error: unknown) => void;
}

export interface ResolvedOptions extends IotpBridgeOptions {
  instruments: PaymentInstrument[];
  callbackOrigins: string[];
  merchantAccounts: Record<string, string>;
  currencyDecimals: Record<string, number>;
  minRetrySecs: number;
  maxRequestBytes: number;
  reconcileIntervalMs: number;
  contentSoftwareId: string;
  clock: () => Date;
}

export const CONTENT_SOFTWARE_ID = 'xfs4iot-gateway; iotp-bridge; 0.1.0; build 1';

export function resolveOptions(o: IotpBridgeOptions): ResolvedOptions {
  return {
    ...o,
    instruments: o.instruments ?? [],
    callbackOrigins: (o.callbackOrigins ?? []).map((origin) => new URL(origin).origin),
    merchantAccounts: o.merchantAccounts ?? {},
    currencyDecimals: { ...ISO4217_DECIMALS, ...o.currencyDecimals },
    minRetrySecs: o.minRetrySecs ?? 2,
    maxRequestBytes: o.maxRequestBytes ?? 256 * 1024,
    reconcileIntervalMs: o.reconcileIntervalMs ?? 2000,
    contentSoftwareId: o.contentSoftwareId ?? CONTENT_SOFTWARE_ID,
    clock: o.clock ?? (() => new Date()),
    onError: o.onError ?? ((error: unknown) => o.logger?.error({ err: error instanceof Error ? { message: error.message, stack: error.stack } : String(error) }, 'iotp bridge error')),
  };
}
