// What the CIM binding keeps of a 3.x cash acceptor: WFS_INF_CIM_STATUS plus the cash units
// (WFS_INF_CIM_CASH_UNIT_INFO), the note types (WFS_INF_CIM_BANKNOTE_TYPES: they name the XFS4IoT
// cash items) and the currency exponents, read together so that every status read also sees the
// storage; and the capabilities with the 3.20 position capabilities.
import type { CimCapabilities, CimCashUnit, CimCurrencyExp, CimNoteNumber, CimNoteType, CimPositionCapabilities, CimStatus } from '../../legacy-xfs3/cim/types.ts';
import { WFS_ERR_UNSUPP_CATEGORY } from '../../legacy-xfs3/errors.ts';
import type { XfsCompletion } from '../../legacy-xfs3/types.ts';
import type { JsonObject } from '../../xfs4iot/backend.ts';

export interface CimDevice {
  status: CimStatus;
  cashUnits: CimCashUnit[];
  noteTypes: CimNoteType[];
  /** Currency exponent per ISO 4217 code (cash amount = 3.x value * 10^exponent). */
  exponents: Record<string, number>;
}

export interface CimCaps extends CimCapabilities {
  /** WFS_INF_CIM_POSITION_CAPABILITIES (3.20+); absent on 3.00 and 3.10 providers. */
  positionCapabilities?: CimPositionCapabilities[];
}

export type GetInfo = (category: string) => Promise<XfsCompletion<unknown>>;

/** An optional category: the provider's lack of it is an empty answer, any other failure the result. */
async function optional<T>(getInfo: GetInfo, category: string, fallback: T): Promise<XfsCompletion<T>> {
  const done = await getInfo(category);
  if (done.ok) return done as XfsCompletion<T>;
  if (done.code === WFS_ERR_UNSUPP_CATEGORY) return { ...done, ok: true, data: fallback };
  return done as XfsCompletion<T>;
}

/**
 * Status and cash units at every read; note types and currency exponents (configuration, changed
 * only by ConfigureNoteTypes or an exchange) at the first read and whenever no earlier read is given,
 * so that the read after each command costs two 3.x queries, not four.
 */
export async function readCimDevice(getInfo: GetInfo, previous?: CimDevice): Promise<XfsCompletion<unknown>> {
  // Both asked at once: a 3.x provider may answer queries while another is outstanding, and one that
  // does not queues them; either way the status read costs no more than the two in turn.
  const [status, units] = await Promise.all([getInfo('WFS_INF_CIM_STATUS'), getInfo('WFS_INF_CIM_CASH_UNIT_INFO')]);
  if (!status.ok) return status;
  if (!units.ok) return units;
  const config = previous ? { noteTypes: previous.noteTypes, exponents: previous.exponents } : await readConfiguration(getInfo);
  if ('ok' in config) return config;
  const device: CimDevice = { status: status.data as CimStatus, cashUnits: (units.data as CimCashUnit[] | undefined) ?? [], ...config };
  return { ...status, data: device };
}

/** WFS_INF_CIM_STATUS alone, the units and configuration kept from `previous` (binding.readState). */
export async function readCimState(getInfo: GetInfo, previous: CimDevice): Promise<XfsCompletion<unknown>> {
  const status = await getInfo('WFS_INF_CIM_STATUS');
  if (!status.ok) return status;
  const device: CimDevice = { ...previous, status: status.data as CimStatus };
  return { ...status, data: device };
}

/**
 * CashInStart moves nothing; CashIn on an acceptor with an escrow moves the notes into the escrow,
 * not a unit (they reach the units at CASH_IN_END, ROLLBACK, RETRACT or RESET). An acceptor without
 * one may store them during CASH_IN, so its read after CashIn stays a full one.
 */
export function cimKeepsStorage(command: string, caps: CimCaps): boolean {
  return command === 'CashAcceptor.CashInStart' || (command === 'CashAcceptor.CashIn' && caps.intermediateStacker > 0);
}

/** Note types and currency exponents. */
export async function readConfiguration(getInfo: GetInfo, previous?: Pick<CimDevice, 'exponents'>): Promise<Pick<CimDevice, 'noteTypes' | 'exponents'> | XfsCompletion<unknown>> {
  const types = await getInfo('WFS_INF_CIM_BANKNOTE_TYPES');
  if (!types.ok) return types;
  // As for the dispenser: a guessed exponent 0 would misstate every amount; keep the last table read.
  const exp = await getInfo('WFS_INF_CIM_CURRENCY_EXP');
  let exponents: Record<string, number>;
  if (exp.ok) exponents = Object.fromEntries(((exp.data as CimCurrencyExp[] | undefined) ?? []).map((e) => [e.currencyId, e.exponent]));
  else if (exp.code === WFS_ERR_UNSUPP_CATEGORY) exponents = {};
  else if (previous) exponents = previous.exponents;
  else return exp;
  return { noteTypes: (types.data as CimNoteType[] | undefined) ?? [], exponents };
}

/** Reads note types and exponents again into the device the bridge keeps (after ConfigureNoteTypes, GetBankNoteTypes, GetStorage). */
export async function refreshConfiguration(getInfo: GetInfo, device: CimDevice): Promise<XfsCompletion<unknown> | undefined> {
  const config = await readConfiguration(getInfo, device);
  if ('ok' in config) return config;
  device.noteTypes = config.noteTypes;
  device.exponents = config.exponents;
  return undefined;
}

export async function readCimCapabilities(getInfo: GetInfo): Promise<XfsCompletion<unknown>> {
  const caps = await getInfo('WFS_INF_CIM_CAPABILITIES');
  if (!caps.ok) return caps;
  const positions = await optional<CimPositionCapabilities[] | undefined>(getInfo, 'WFS_INF_CIM_POSITION_CAPABILITIES', undefined);
  if (!positions.ok) return positions;
  const data: CimCaps = { ...(caps.data as CimCapabilities), ...(positions.data ? { positionCapabilities: positions.data } : {}) };
  return { ...caps, data };
}

export function unitId(unit: Pick<CimCashUnit, 'number'>): string {
  return `unit${unit.number}`;
}

export function currencyOf(code: string): string | undefined {
  const id = code.trim();
  return /^[A-Z]{3}$/.test(id) ? id : undefined;
}

/** 3.x value (in 10^exponent units) -> XFS4IoT value (currency units), rounded to the exponent's decimals. */
export function toCash(value: number, currency: string, exponents: Record<string, number>): number {
  const exponent = exponents[currency] ?? 0;
  return Number((value * 10 ** exponent).toFixed(Math.max(0, -exponent)));
}

/**
 * The XFS4IoT cash item of a 3.x note type: type<CUR><value> as the dispenser names its items
 * (typeEUR20, decimals as D), with the release appended (R2) when several releases of one
 * denomination are known, since XFS4IoT names each note type apart.
 */
export function cashItemName(noteId: number, device: Pick<CimDevice, 'noteTypes' | 'exponents'>): string | undefined {
  const type = device.noteTypes.find((n) => n.noteId === noteId);
  if (!type) return undefined;
  const currency = currencyOf(type.currencyId);
  if (!currency) return undefined;
  const value = String(toCash(type.values, currency, device.exponents)).replace('.', 'D');
  const releases = device.noteTypes.filter((n) => n.currencyId === type.currencyId && n.values === type.values);
  return `type${currency}${value}${releases.length > 1 ? `R${type.release}` : ''}`;
}

/** The note type a cash item names, or undefined. */
export function noteIdOf(item: string, device: Pick<CimDevice, 'noteTypes' | 'exponents'>): number | undefined {
  return device.noteTypes.find((n) => cashItemName(n.noteId, device) === item)?.noteId;
}

export type Fitness = 'fit' | 'unfit' | 'suspect' | 'counterfeit' | 'inked';

/**
 * XFS4IoT cash counts ({unrecognized, typeEUR20: {fit, ...}}) from 3.x note numbers. 3.x counts
 * notes by type only: the level-4 notes a list holds are reported as `fitness` (fit unless said).
 */
export function cashCounts(notes: readonly CimNoteNumber[] | null | undefined, device: Pick<CimDevice, 'noteTypes' | 'exponents'>, fitness: Fitness = 'fit', unrecognized = 0): JsonObject {
  const out: JsonObject = { unrecognized };
  for (const note of notes ?? []) {
    if (note.count === 0) continue;
    const item = cashItemName(note.noteId, device);
    if (!item) {
      out.unrecognized = (out.unrecognized as number) + note.count;
      continue;
    }
    const counts = (out[item] as Record<string, number> | undefined) ?? { fit: 0, unfit: 0, suspect: 0, counterfeit: 0, inked: 0 };
    counts[fitness] += note.count;
    out[item] = counts;
  }
  return out;
}
