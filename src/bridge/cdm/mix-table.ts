// CashDispenser.GetMixTable and SetMixTable on WFS_INF_CDM_MIX_TABLE and WFS_CMD_CDM_SET_MIX_TABLE.
// A 3.x table holds amounts and note values in minimum dispense units without a currency: the
// dispenser's one bill currency gives the exponent that turns them into XFS4IoT amounts (a
// dispenser with several currencies cannot say which a table means, so the gateway refuses there).
import type { CommandResult, JsonObject } from '../../xfs4iot/backend.ts';
import type { CdmCapabilities, CdmMixTable } from '../../legacy-xfs3/cdm/types.ts';
import { commandError, invalidData, success, unsupportedData, type CommandCall } from '../translator.ts';
import { currencyOf, toCash, toMinimumUnits, type CdmDevice } from './device.ts';

type CdmCall = CommandCall<CdmCapabilities, CdmDevice>;

/** The one currency of the dispenser's bill units, or why there is none. */
function tableCurrency(call: CdmCall, command: string): string | CommandResult {
  const currencies = new Set(call.device.status.cashUnits.map((u) => currencyOf(u)).filter((c): c is string => c !== undefined));
  if (currencies.size !== 1) return unsupportedData(`${command}: a 3.x mix table has no currency and this dispenser holds ${currencies.size === 0 ? 'none' : [...currencies].join(', ')}`);
  return [...currencies][0];
}

export async function getMixTable(call: CdmCall): Promise<CommandResult> {
  const m = /^mix(\d+)$/.exec(String(call.payload?.mix ?? ''));
  if (!m || Number(m[1]) < 1 || Number(m[1]) > 0xffff) return commandError('invalidMix', `GetMixTable: ${String(call.payload?.mix)} is not a 3.x mix (mix<number>)`);
  const currency = tableCurrency(call, 'GetMixTable');
  if (typeof currency !== 'string') return currency;
  const done = await call.getInfo('WFS_INF_CDM_MIX_TABLE', { mixNumber: Number(m[1]) });
  if (!done.ok) return call.failure(done);
  const table = done.data as CdmMixTable;
  const exponents = call.device.status.exponents;
  const mixRows: JsonObject[] = table.rows.map((row) => ({
    amount: toCash(row.amount, currency, exponents),
    mix: table.header.flatMap((value, i) => (row.mixture[i] ? [{ value: toCash(value, currency, exponents), count: row.mixture[i] }] : [])),
  }));
  return success({ mixNumber: table.mixNumber, ...(table.name ? { name: table.name } : {}), mixRows });
}

export async function setMixTable(call: CdmCall): Promise<CommandResult> {
  const p = call.payload ?? {};
  const currency = tableCurrency(call, 'SetMixTable');
  if (typeof currency !== 'string') return currency;
  const exponents = call.device.status.exponents;
  const rows = (Array.isArray(p.mixRows) ? p.mixRows : []) as Array<{ amount?: unknown; mix?: Array<{ value?: unknown; count?: unknown }> }>;
  const minor = (v: unknown, what: string): number | CommandResult => {
    const units = typeof v === 'number' ? toMinimumUnits(v, currency, exponents) : undefined;
    return units === undefined ? invalidData(`SetMixTable: ${what} ${String(v)} is not a whole number of ${currency} minimum dispense units`) : units;
  };
  // The header: every note value the rows use, ascending.
  const values = new Set<number>();
  for (const [r, row] of rows.entries()) {
    for (const [i, entry] of (row.mix ?? []).entries()) {
      const value = minor(entry.value, `mixRows[${r}].mix[${i}].value`);
      if (typeof value !== 'number') return value;
      values.add(value);
    }
  }
  const header = [...values].sort((a, b) => a - b);
  if (header.length > 8) return commandError('invalidMixTable', `SetMixTable: ${header.length} note values; a 3.x table has at most 8 columns here`);
  const tableRows: CdmMixTable['rows'] = [];
  for (const [r, row] of rows.entries()) {
    const amount = minor(row.amount, `mixRows[${r}].amount`);
    if (typeof amount !== 'number') return amount;
    const mixture = header.map(() => 0);
    for (const entry of row.mix ?? []) mixture[header.indexOf(toMinimumUnits(Number(entry.value), currency, exponents) ?? -1)] += Number(entry.count);
    tableRows.push({ amount, mixture });
  }
  const done = await call.execute('WFS_CMD_CDM_SET_MIX_TABLE', {
    mixNumber: p.mixNumber, name: typeof p.name === 'string' ? p.name : '', header, rows: tableRows,
  });
  return done.ok ? success() : call.failure(done);
}
