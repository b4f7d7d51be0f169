// CashManagement.GetTellerInfo / SetTellerInfo (WFS_INF_CIM_TELLER_INFO, WFS_CMD_CIM_SET_TELLER_INFO)
// with TellerInfoChangedEvent, GetClassificationList / SetClassificationList on the 3.30 blacklist
// (WFS_INF_CIM_GET_BLACKLIST, WFS_CMD_CIM_SET_BLACKLIST), and ShutterStatusChangedEvent
// (WFS_SRVE_CIM_SHUTTERSTATUSCHANGED, 3.30). Teller totals and blacklist values are amounts: 3.x
// holds them in 10^exponent units of the currency (WFS_INF_CIM_CURRENCY_EXP), XFS4IoT in currency units.
import type { CommandResult, JsonObject } from '../../xfs4iot/backend.ts';
import type { CimTellerDetails, CimTellerTotals } from '../../legacy-xfs3/cim/types.ts';
import type { EventTranslator } from '../event-types.ts';
import { compact, invalidData, success, unsupportedCommand, unsupportedData, type CommandCall } from '../translator.ts';
import { currencyOf, toCash, type CimCaps, type CimDevice } from './device.ts';
import { positionBits } from './positions.ts';
import { positionName } from './status.ts';
import { requireVersion } from './units.ts';

type CimCall = CommandCall<CimCaps, CimDevice>;

const totalFields = ['itemsReceived', 'itemsDispensed', 'coinsReceived', 'coinsDispensed', 'cashBoxReceived', 'cashBoxDispensed'] as const;

/** An XFS4IoT amount as a 3.x ULONG in 10^exponent units, or a message naming the field. */
function toUnits(call: CimCall, value: unknown, currency: string, field: string): number | string {
  if (typeof value !== 'number') return `${field} must be a number`;
  const units = Math.round(value / 10 ** (call.device.status.exponents[currency] ?? 0) * 1e6) / 1e6;
  if (!Number.isInteger(units) || units < 0 || units > 0xffffffff) return `${field}: ${value} ${currency} is not a whole number of the currency's XFS 3.x units (0 .. 4294967295, WFS_INF_CIM_CURRENCY_EXP)`;
  return units;
}

function tellerDetails(details: CimTellerDetails, call: CimCall, currency: string | undefined): JsonObject {
  const totals: JsonObject = {};
  for (const t of details.totals) {
    const id = currencyOf(t.currencyId);
    if (!id || (currency && id !== currency)) continue;
    totals[id] = Object.fromEntries(totalFields.map((f) => [f, toCash(t[f], id, call.device.status.exponents)]));
  }
  return compact({
    tellerID: details.tellerId,
    inputPosition: details.inputPosition ? positionName(details.inputPosition, call.enums) : 'inDefault',
    outputPosition: details.outputPosition ? positionName(details.outputPosition, call.enums) : 'outDefault',
    tellerTotals: Object.keys(totals).length > 0 ? totals : undefined,
  });
}

export async function getTellerInfo(call: CimCall): Promise<CommandResult> {
  const p = call.payload ?? {};
  const currency = typeof p.currency === 'string' ? p.currency : undefined;
  // Without a teller, 3.x reports every teller (lpTellerInfo NULL); the currency then filters here.
  const query = typeof p.tellerID === 'number' ? { tellerId: p.tellerID, currencyId: currency ?? '' } : undefined;
  const done = await call.getInfo('WFS_INF_CIM_TELLER_INFO', query);
  if (!done.ok) return call.failure(done);
  const tellerDetailsList = ((done.data as CimTellerDetails[] | undefined) ?? []).map((d) => tellerDetails(d, call, currency));
  return success(tellerDetailsList.length > 0 ? { tellerDetails: tellerDetailsList } : {});
}

export async function setTellerInfo(call: CimCall): Promise<CommandResult> {
  const p = call.payload ?? {};
  const action = call.enums.code('tellerAction', typeof p.action === 'string' ? p.action : '');
  if (typeof action !== 'number') return invalidData('SetTellerInfo: action must be create, modify or delete');
  const details = (p.tellerDetails ?? undefined) as JsonObject | undefined;
  if (!details || typeof details.tellerID !== 'number') return invalidData('SetTellerInfo: tellerDetails.tellerID is required');
  const input = positionBits(call, details.inputPosition, 'in', 'SetTellerInfo');
  if (typeof input !== 'number') return input;
  const output = positionBits(call, details.outputPosition, 'out', 'SetTellerInfo');
  if (typeof output !== 'number') return output;
  const totals: CimTellerTotals[] = [];
  for (const [currency, raw] of Object.entries((details.tellerTotals ?? {}) as JsonObject)) {
    if (!currencyOf(currency) || currency.length !== 3) return invalidData(`SetTellerInfo: tellerDetails.tellerTotals.${currency} is not an ISO 4217 currency code`);
    const given = (raw ?? {}) as JsonObject;
    const entry = { currencyId: currency } as CimTellerTotals;
    for (const field of totalFields) {
      const units = toUnits(call, given[field] ?? 0, currency, `tellerDetails.tellerTotals.${currency}.${field}`);
      if (typeof units === 'string') return invalidData(`SetTellerInfo: ${units}`);
      entry[field] = units;
    }
    totals.push(entry);
  }
  if (totals.length > 16) return unsupportedData('SetTellerInfo: at most 16 currencies of teller totals fit the XFS 3.x command');
  const done = await call.execute('WFS_CMD_CIM_SET_TELLER_INFO', { action, details: { tellerId: details.tellerID, inputPosition: input, outputPosition: output, totals } });
  return done.ok ? success() : call.failure(done);
}

export const tellerInfoChanged: EventTranslator<CimCaps, CimDevice> = (event) => {
  const id = (event.data as { tellerId?: number } | undefined)?.tellerId;
  return typeof id === 'number' ? { payload: { tellerID: id } } : { warning: 'TELLERINFOCHANGED without a teller id' };
};

function classifiable(call: CimCall, xfs3: string): CommandResult | undefined {
  const old = requireVersion(call, 330, xfs3);
  if (old) return old;
  return call.device.capabilities.blacklist ? undefined : unsupportedCommand(`${call.name}: this XFS 3.x cash acceptor keeps no blacklist (WFSCIMCAPS.bBlacklist false)`);
}

interface BlacklistElement { serialNumber: string; currencyId: string; value: number }

/**
 * The 3.x blacklist has no classification level: a listed note is treated as the service provider
 * decides. Elements are reported without a level, and a level cannot be set.
 */
export async function getClassificationList(call: CimCall): Promise<CommandResult> {
  const refused = classifiable(call, 'WFS_INF_CIM_GET_BLACKLIST');
  if (refused) return refused;
  const done = await call.getInfo('WFS_INF_CIM_GET_BLACKLIST');
  if (!done.ok) return call.failure(done);
  const list = done.data as { version: string; elements: BlacklistElement[] } | undefined;
  const classificationElements = (list?.elements ?? []).map((e) => {
    const currency = currencyOf(e.currencyId);
    return compact({ serialNumber: e.serialNumber, currency, value: currency ? toCash(e.value, currency, call.device.status.exponents) : e.value });
  });
  return success(compact({ version: list?.version || undefined, classificationElements: classificationElements.length > 0 ? classificationElements : undefined }));
}

export async function setClassificationList(call: CimCall): Promise<CommandResult> {
  const refused = classifiable(call, 'WFS_CMD_CIM_SET_BLACKLIST');
  if (refused) return refused;
  const p = call.payload ?? {};
  const elements: BlacklistElement[] = [];
  for (const [i, raw] of (Array.isArray(p.classificationElements) ? p.classificationElements : []).entries()) {
    const e = (raw ?? {}) as JsonObject;
    const field = `classificationElements[${i}]`;
    if (e.level !== undefined && e.level !== null) {
      return unsupportedData(`SetClassificationList: ${field}.level: the XFS 3.x blacklist (WFSCIMBLACKLISTELEMENT) has no classification level; leave level out`);
    }
    if (typeof e.serialNumber !== 'string' || e.serialNumber === '') return invalidData(`SetClassificationList: ${field}.serialNumber is required`);
    const currency = typeof e.currency === 'string' ? e.currency : '';
    let value = 0;
    if (e.value !== undefined && e.value !== null) {
      if (!currency) return invalidData(`SetClassificationList: ${field}.value needs a currency`);
      const units = toUnits(call, e.value, currency, `${field}.value`);
      if (typeof units === 'string') return invalidData(`SetClassificationList: ${units}`);
      value = units;
    }
    elements.push({ serialNumber: e.serialNumber, currencyId: currency, value });
  }
  const done = await call.execute('WFS_CMD_CIM_SET_BLACKLIST', { version: typeof p.version === 'string' ? p.version : '', elements });
  return done.ok ? success() : call.failure(done);
}

/** WFS_SRVE_CIM_SHUTTERSTATUSCHANGED (3.30): a shutter the device moved (or that jammed) by itself. */
export const shutterStatusChanged: EventTranslator<CimCaps, CimDevice> = (event, ctx) => {
  const data = event.data as { position?: number; shutter?: number } | undefined;
  const position = data?.position ? positionName(data.position, ctx.enums) : undefined;
  const shutter = data?.shutter === undefined ? undefined : ctx.enums.value('shutterStatus', data.shutter);
  if (!position || !shutter) return { warning: 'SHUTTERSTATUSCHANGED without a known position or shutter state', refresh: true };
  return { payload: { position, shutter }, refresh: true };
};
