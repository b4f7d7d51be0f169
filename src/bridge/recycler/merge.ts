// A recycler's Common.Status, Common.Capabilities and teller totals from its two 3.x services: the
// dispenser (CDM) speaks for cash out, the cash-in module (CIM) for cash in; what both report about
// the one device (its state, power saving, cash box) is combined so that neither hides the other.
import type { JsonObject, JsonValue } from '../../xfs4iot/backend.ts';

/** `value` as an object; anything else as an empty one (the merges read optional parts). */
export function object(value: JsonValue | undefined): JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {};
}

// The less usable state wins: a recycler whose acceptor is jammed cannot take a deposit even if the
// dispenser is fine. Unknown states rank as errors.
const DEVICE_RANK = ['online', 'busy', 'starting', 'powerOff', 'userError', 'potentialFraud', 'hardwareError', 'offline', 'noDevice'];

export function worseDevice(a: JsonValue | undefined, b: JsonValue | undefined): JsonValue | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  const rank = (v: JsonValue): number => {
    const at = typeof v === 'string' ? DEVICE_RANK.indexOf(v) : -1;
    return at < 0 ? DEVICE_RANK.indexOf('hardwareError') : at;
  };
  return rank(b) > rank(a) ? b : a;
}

export function mergeStatus(cdm: Readonly<JsonObject>, cim: Readonly<JsonObject>): JsonObject {
  const cdmCommon = object(cdm.common);
  const cimCommon = object(cim.common);
  const common: JsonObject = { ...cdmCommon, ...cimCommon };
  const device = worseDevice(cdmCommon.device, cimCommon.device);
  if (device !== undefined) common.device = device;
  const out: JsonObject = { common };
  if (cdm.cashDispenser !== undefined) out.cashDispenser = cdm.cashDispenser;
  if (cim.cashAcceptor !== undefined) out.cashAcceptor = cim.cashAcceptor;
  const cdmCash = object(cdm.cashManagement);
  const cimCash = object(cim.cashManagement);
  if (cdm.cashManagement !== undefined || cim.cashManagement !== undefined) {
    out.cashManagement = { ...cimCash, ...cdmCash, dispenser: cdmCash.dispenser ?? null, acceptor: cimCash.acceptor ?? null };
  }
  return out;
}

function both(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  return a === true && b === true;
}

function either(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  return a === true || b === true;
}

export function mergeCapabilities(cdm: JsonObject, cim: JsonObject): JsonObject {
  const cdmCommon = object(cdm.common);
  const cimCommon = object(cim.common);
  const devices = [...(Array.isArray(cdmCommon.deviceInformation) ? cdmCommon.deviceInformation : []), ...(Array.isArray(cimCommon.deviceInformation) ? cimCommon.deviceInformation : [])];
  const common: JsonObject = {
    ...cimCommon,
    ...cdmCommon,
    // Power saving is only under the gateway's control if both services accept it.
    powerSaveControl: both(cdmCommon.powerSaveControl, cimCommon.powerSaveControl),
    antiFraudModule: either(cdmCommon.antiFraudModule, cimCommon.antiFraudModule),
  };
  if (typeof cdmCommon.serviceVersion === 'string' && typeof cimCommon.serviceVersion === 'string') {
    common.serviceVersion = `${cdmCommon.serviceVersion} + ${cimCommon.serviceVersion.replace(/^.* on /, '')}`;
  }
  if (devices.length > 0) common.deviceInformation = devices;
  const cdmCash = object(cdm.cashManagement);
  const cimCash = object(cim.cashManagement);
  const cashManagement: JsonObject = {
    ...cdmCash,
    ...cimCash,
    cashBox: either(cdmCash.cashBox, cimCash.cashBox),
    exchangeType: { byHand: both(object(cdmCash.exchangeType).byHand, object(cimCash.exchangeType).byHand) },
    classificationList: either(cdmCash.classificationList, cimCash.classificationList),
  };
  const out: JsonObject = { common, cashManagement };
  if (cdm.cashDispenser !== undefined) out.cashDispenser = cdm.cashDispenser;
  if (cim.cashAcceptor !== undefined) out.cashAcceptor = cim.cashAcceptor;
  return out;
}

const RECEIVED = ['itemsReceived', 'coinsReceived', 'cashBoxReceived'];
const DISPENSED = ['itemsDispensed', 'coinsDispensed', 'cashBoxDispensed'];

/** CashManagement.GetTellerInfo: what a teller received is the CIM's count, what it dispensed the CDM's. */
export function mergeTellers(cdm: JsonValue | undefined, cim: JsonValue | undefined): JsonObject[] {
  const list = (v: JsonValue | undefined): JsonObject[] => (Array.isArray(v) ? v.map(object) : []);
  const byId = new Map<JsonValue | undefined, JsonObject>();
  for (const teller of list(cim)) byId.set(teller.tellerID, teller);
  const out: JsonObject[] = [];
  for (const teller of list(cdm)) {
    const partner = byId.get(teller.tellerID);
    byId.delete(teller.tellerID);
    if (!partner) {
      out.push(teller);
      continue;
    }
    const totals: JsonObject = {};
    const cdmTotals = object(teller.tellerTotals);
    const cimTotals = object(partner.tellerTotals);
    for (const currency of new Set([...Object.keys(cdmTotals), ...Object.keys(cimTotals)])) {
      const fromCdm = object(cdmTotals[currency]);
      const fromCim = object(cimTotals[currency]);
      const merged: JsonObject = {};
      for (const field of RECEIVED) merged[field] = fromCim[field] ?? fromCdm[field] ?? 0;
      for (const field of DISPENSED) merged[field] = fromCdm[field] ?? fromCim[field] ?? 0;
      totals[currency] = merged;
    }
    const merged: JsonObject = { tellerID: teller.tellerID ?? null, tellerTotals: totals };
    const input = partner.inputPosition ?? teller.inputPosition;
    const output = teller.outputPosition ?? partner.outputPosition;
    if (input !== undefined) merged.inputPosition = input;
    if (output !== undefined) merged.outputPosition = output;
    out.push(merged);
  }
  out.push(...byId.values());
  return out;
}
