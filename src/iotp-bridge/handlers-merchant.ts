import { randomBytes } from 'node:crypto';
import { checkBrand, checkMoney, checkProtocol, checkWindow } from './checks.ts';
import { notify, type BridgeContext, type Handler } from './context.ts';
import { fail, iotpError, ok } from './errors.ts';
import { packagedElement } from './response.ts';
import {
  CONTENT, XMLX_AUTH_ALGORITHM, XMLX_BRAND_ID, XMLX_BRAND_NAME, XMLX_PROTOCOL_ID, XMLX_PROTOCOL_NAME, authResponseMatches, packaged,
} from './scheme.ts';
import type { ValidCall } from './validate.ts';
import { element, serializeXml, type XmlElement } from './xml.ts';

function offered(ctx: BridgeContext, currency: string): boolean {
  return ctx.options.acceptedCurrencies === undefined || ctx.options.acceptedCurrencies.includes(currency);
}

function brandItem(ctx: BridgeContext, lang: string): XmlElement {
  return element('BrandItem', { BrandId: XMLX_BRAND_ID, 'xml:lang': lang, BrandName: XMLX_BRAND_NAME, BrandLogoNetLocn: ctx.options.brandLogoNetLocn ?? '' });
}

/** The Merchant's payment exists from the first brand compilation call on, InProgress (RFC 3867 3.3.1). */
function recordMerchantPayment(ctx: BridgeContext, call: ValidCall, minor: bigint): string | undefined {
  const payId = call.attrs.MerchantPayId;
  const existing = ctx.log.get(payId);
  if (existing !== undefined) return existing.role === 'Merchant' ? undefined : 'this PayId belongs to another trading role.';
  ctx.log.insert({
    payId, role: 'Merchant', state: 'NotYetStarted', payDirection: call.attrs.PayDirection, currCodeType: call.attrs.CurrCodeType,
    currCode: call.attrs.CurrCode, amount: call.attrs.Amount, amountMinor: minor.toString(), merchantOrgId: call.attrs.MerchantOrgId ?? null,
    walletId: call.attrs.WalletID ?? null, statusKey: 'announced',
  }, 'brand compilation');
  notify(ctx, ctx.log.transition(payId, 'InProgress', { statusKey: 'orderPrepared' }, 'first API call of brand compilation'));
  return undefined;
}

export const findAcceptedPaymentBrand: Handler = async (ctx, call) => {
  const money = checkMoney(ctx, call);
  if (!money.ok) return fail(money.error);
  const clash = recordMerchantPayment(ctx, call, money.minor);
  if (clash !== undefined) return fail(iotpError('AttValIllegal', { elementType: call.requestName, attName: 'MerchantPayId' }, { detail: clash }));
  const items = offered(ctx, call.attrs.CurrCode) ? [brandItem(ctx, call.lang)] : [];
  return ok(element('FindAcceptedPaymentBrandResponse', {}, items));
};

export const findAcceptedPaymentProtocol: Handler = async (ctx, call) => {
  const brandError = checkBrand(call);
  if (brandError !== undefined) return fail(brandError);
  const money = checkMoney(ctx, call);
  if (!money.ok) return fail(money.error);
  if (!offered(ctx, call.attrs.CurrCode)) {
    return fail(iotpError('AttValIllegal', { elementType: call.requestName, attName: 'CurrCode' }, { detail: `${call.attrs.CurrCode} is not accepted.` }));
  }
  const clash = recordMerchantPayment(ctx, call, money.minor);
  if (clash !== undefined) return fail(iotpError('AttValIllegal', { elementType: call.requestName, attName: 'MerchantPayId' }, { detail: clash }));
  const withBrands = call.attrs.BrandId === undefined;
  const protocol = element('ProtocolItem', {
    ProtocolId: XMLX_PROTOCOL_ID, ProtocolBrandId: XMLX_BRAND_ID, 'xml:lang': call.lang, ProtocolName: XMLX_PROTOCOL_NAME,
    PayReqNetLocn: ctx.options.payReqNetLocn, SecPayReqNetLocn: ctx.options.secPayReqNetLocn,
  }, [
    element('CurrencyAmount', { CurrCodeType: 'ISO4217-A', CurrCode: call.attrs.CurrCode, Amount: call.attrs.Amount }),
    ...(withBrands ? [element('Brand', { BrandId: XMLX_BRAND_ID })] : []),
  ]);
  return ok(element('FindAcceptedPaymentProtocolResponse', {}, [protocol, ...(withBrands ? [brandItem(ctx, call.lang)] : [])]));
};

export const getPaymentInitializationData: Handler = async (ctx, call) => {
  const semantic = checkBrand(call) ?? checkProtocol(call) ?? checkWindow(ctx, call, false);
  if (semantic !== undefined) return fail(semantic);
  const money = checkMoney(ctx, call);
  if (!money.ok) return fail(money.error);
  const clash = recordMerchantPayment(ctx, call, money.minor);
  if (clash !== undefined) return fail(iotpError('AttValIllegal', { elementType: call.requestName, attName: 'MerchantPayId' }, { detail: clash }));
  // The Payment Handler pays the merchant's account it knows by MerchantOrgId; the trading role data names it for the record.
  const roleData = serializeXml(element('XmlxTradingRoleData', { Version: '1', MerchantOrgId: call.attrs.MerchantOrgId ?? '', ReceiverOrgId: call.attrs.ReceiverOrgId }), false);
  return ok(element('GetPaymentInitializationDataResponse', { OkFrom: call.attrs.OkFrom, OkTo: call.attrs.OkTo }, [
    packagedElement(packaged('TradingRoleDataPackagedContent', CONTENT.tradingRoleData, roleData)),
  ]));
};

function algorithmName(el: XmlElement | undefined): string | undefined {
  return el?.attrs.name ?? el?.attrs.Name;
}

export const inquireAuthChallenge: Handler = async (ctx, call) => {
  const proposed = call.element.children.filter((c) => c.name === 'Algorithm').map(algorithmName);
  if (proposed.length > 0 && !proposed.includes(XMLX_AUTH_ALGORITHM)) {
    return fail(iotpError('BusError', { elementType: 'Algorithm', attName: 'name' }, { detail: `only ${XMLX_AUTH_ALGORITHM} is offered.` }));
  }
  const challenge = randomBytes(24).toString('base64');
  return ok(element('InquireAuthChallengeResponse', {}, [
    packagedElement(packaged('AuthReqPackagedContent', CONTENT.challenge, challenge)),
    element('Algorithm', { ID: 'A1', name: XMLX_AUTH_ALGORITHM }),
  ]));
};

export const checkAuthResponse: Handler = async (ctx, call) => {
  const name = algorithmName(call.element.children.find((c) => c.name === 'Algorithm'));
  if (name !== XMLX_AUTH_ALGORITHM) {
    return fail(iotpError('BusError', { elementType: 'Algorithm', attName: 'name' }, { detail: `only ${XMLX_AUTH_ALGORITHM} is supported.` }));
  }
  const challenge = call.packaged.find((p) => p.element === 'AuthReqPackagedContent');
  const response = call.packaged.find((p) => p.element === 'AuthResPackagedContent');
  if (challenge === undefined) return fail(iotpError('ElMissing', { elementType: 'AuthReqPackagedContent' }, { detail: 'the challenge is required.' }));
  if (response === undefined) return fail(iotpError('ElMissing', { elementType: 'AuthResPackagedContent' }, { detail: 'the response is required.' }));
  const good = authResponseMatches(ctx.options.schemeKey, call.attrs.AuthenticationId, challenge.body, response.body);
  return ok(element('CheckAuthResponseResponse', good
    ? { ProcessState: 'CompletedOk', 'xml:lang': call.lang, StatusDesc: 'Authenticated' }
    : { ProcessState: 'Failed', CompletionCode: 'AuthError', 'xml:lang': call.lang, StatusDesc: 'Authentication response does not match' }));
};
