/** Semantic checks shared by the calls: brand, protocol, currency, amount, time window. */
import { MAX_MINOR_DIGITS, toMinorUnits } from './amount.ts';
import type { BridgeContext } from './context.ts';
import { iotpError, type IotpError } from './errors.ts';
import { XMLX_BRAND_ID, XMLX_PROTOCOL_ID } from './scheme.ts';
import type { ValidCall } from './validate.ts';

export function checkBrand(call: ValidCall): IotpError | undefined {
  const brand = call.attrs.BrandId;
  if (brand !== undefined && brand !== XMLX_BRAND_ID) {
    return iotpError('AttValIllegal', { elementType: call.requestName, attName: 'BrandId' }, { detail: `brand ${brand} is not served by this bridge (only ${XMLX_BRAND_ID}).` });
  }
  return undefined;
}

export function checkProtocol(call: ValidCall): IotpError | undefined {
  const protocol = call.attrs.ProtocolId;
  if (protocol !== undefined && protocol !== XMLX_PROTOCOL_ID) {
    return iotpError('AttValIllegal', { elementType: call.requestName, attName: 'ProtocolId' }, { detail: `protocol ${protocol} is not supported (only ${XMLX_PROTOCOL_ID}).` });
  }
  return undefined;
}

export type MoneyCheck = { ok: true; minor: bigint; decimals: number } | { ok: false; error: IotpError };

/** CurrCodeType, CurrCode and Amount → an exact amount of the smallest unit. */
export function checkMoney(ctx: BridgeContext, call: ValidCall): MoneyCheck {
  const at = (attName: string) => ({ elementType: call.requestName, attName });
  if ((call.attrs.CurrCodeType ?? 'ISO4217-A') !== 'ISO4217-A') {
    return { ok: false, error: iotpError('AttValIllegal', at('CurrCodeType'), { detail: 'only ISO4217-A currency codes are supported.' }) };
  }
  const currency = call.attrs.CurrCode ?? '';
  const decimals = ctx.options.currencyDecimals[currency];
  if (!/^[A-Z]{3}$/.test(currency) || decimals === undefined) {
    return { ok: false, error: iotpError('AttValIllegal', at('CurrCode'), { detail: `currency ${currency} is unknown.` }) };
  }
  const amount = toMinorUnits(call.attrs.Amount ?? '', decimals);
  if (!amount.ok) {
    const detail = amount.reason === 'tooFine'
      ? `${call.attrs.Amount} is finer than the smallest unit of ${currency} (${decimals} decimals).`
      : amount.reason === 'tooLarge'
        ? `an amount in ${currency} has at most ${MAX_MINOR_DIGITS - decimals} whole digits.`
        : `${call.attrs.Amount} is not a decimal amount.`;
    return { ok: false, error: iotpError('AttValIllegal', at('Amount'), { detail }) };
  }
  return { ok: true, minor: amount.minor, decimals };
}

const UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

export function parseUtc(value: string): Date | undefined {
  if (!UTC.test(value)) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** OkFrom/OkTo: well-formed UTC times, in order, and (when `enforceNow`) bracketing the present. */
export function checkWindow(ctx: BridgeContext, call: ValidCall, enforceNow: boolean): IotpError | undefined {
  const at = (attName: string) => ({ elementType: call.requestName, attName });
  const from = parseUtc(call.attrs.OkFrom ?? '');
  if (from === undefined) return iotpError('AttValIllegal', at('OkFrom'), { detail: 'OkFrom must be a UTC date and time (ISO 8601).' });
  const to = parseUtc(call.attrs.OkTo ?? '');
  if (to === undefined) return iotpError('AttValIllegal', at('OkTo'), { detail: 'OkTo must be a UTC date and time (ISO 8601).' });
  if (from.getTime() > to.getTime()) {
    return iotpError('ElInconsistent', [at('OkFrom'), at('OkTo')], { detail: 'OkFrom is later than OkTo.' });
  }
  if (!enforceNow) return undefined;
  const now = ctx.now().getTime();
  if (now < from.getTime()) return iotpError('ValueTooLarge', at('OkFrom'), { detail: 'the payment may not be accepted before OkFrom.' });
  if (now > to.getTime()) return iotpError('ValueTooSmall', at('OkTo'), { detail: 'the time to accept the payment (OkTo) has passed.' });
  return undefined;
}

export function unknownPayId(call: ValidCall, attName: string): IotpError {
  return iotpError('AttValIllegal', { elementType: call.requestName, attName }, { detail: `no payment ${call.attrs[attName]} is known to this bridge.` });
}
