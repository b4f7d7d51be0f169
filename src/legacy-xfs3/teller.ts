// Teller totals, which the CDM and CIM classes lay out alike (WFSCDMTELLERTOTALS, WFSCIMTELLERTOTALS):
// one reader and one writer for both, given the class's layout.
import type { Arena, Block } from './arena.ts';
import { currencyCode, dword, list, obj } from './codec.ts';
import type { CodecContext } from './codec.ts';
import type { StructDef } from './layout.ts';
import { readPointerArray, readStruct } from './memory.ts';

/** Amounts in the currency's 3.x units. */
export interface TellerTotals {
  currencyId: string;
  itemsReceived: number;
  itemsDispensed: number;
  coinsReceived: number;
  coinsDispensed: number;
  cashBoxReceived: number;
  cashBoxDispensed: number;
}

const FIELDS = [
  ['itemsReceived', 'ulItemsReceived'], ['itemsDispensed', 'ulItemsDispensed'], ['coinsReceived', 'ulCoinsReceived'],
  ['coinsDispensed', 'ulCoinsDispensed'], ['cashBoxReceived', 'ulCashBoxReceived'], ['cashBoxDispensed', 'ulCashBoxDispensed'],
] as const;

/** The NULL-terminated lppTellerTotals list of a teller's details. */
export function readTellerTotals(ctx: CodecContext, p: bigint, def: StructDef): TellerTotals[] {
  return readPointerArray(ctx.mem, p).map((q) => {
    const x = readStruct(ctx.mem, q, def);
    const totals = { currencyId: x.chars('cCurrencyID') } as TellerTotals;
    for (const [name, field] of FIELDS) totals[name] = x.u32(field);
    return totals;
  });
}

/** The blocks of a SET_TELLER_INFO's totals (at most 16 currencies); absent counts are 0. */
export function tellerTotalsBlocks(a: Arena, input: unknown, def: StructDef): Block[] {
  return list(input ?? [], 'details.totals', 16).map((t, i) => {
    const x = obj(t, `totals[${i}]`);
    const b = a.struct(def).chars('cCurrencyID', currencyCode(x.currencyId, `totals[${i}].currencyId`));
    for (const [name, field] of FIELDS) b.u32(field, dword(x[name] ?? 0, `totals[${i}].${name}`));
    return b;
  });
}
