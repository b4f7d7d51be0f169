// A ledger entry as both stores keep it (one row of `entries`), and the receipt it stands for. The
// receipt is always rebuilt from the stored row, so a retry gets exactly what the first answer had.
import { parseFragment } from './codec.ts';
import type { Operation, Receipt } from './types.ts';

/** Accounts the host itself keeps: fees collected, and value held for withdrawn tokens. */
export const FEE_ACCOUNT = '@FEES';
export const TOKEN_FLOAT_ACCOUNT = '@TOKENS';
/** The system accounts may go this far below zero (they hold the other side of every posting). */
export const SYSTEM_FLOOR = -(2n ** 62n);

export interface EntryRow {
  seq: bigint; time: bigint; kind: string; user_id: string; payer: string; payee: string; currency_id: string;
  amount: bigint; payer_amount: bigint; payee_amount: bigint; transfer_id: string | null; memo: string | null;
  fee_hint: string | null; operation_xml: string | null; token_type: string | null; token_data: string | null;
}

export const ENTRY_COLUMNS = 'seq, time, kind, user_id, payer, payee, currency_id, amount, payer_amount, payee_amount, '
  + 'transfer_id, memo, fee_hint, operation_xml, token_type, token_data';

export function receiptId(seq: bigint): string {
  return `R${seq}`;
}

export function operationOf(row: EntryRow): Operation {
  if (row.kind === 'transfer') {
    return {
      kind: 'transfer',
      transfer: {
        payee: row.payee, payer: row.payer, currencyId: row.currency_id, amount: row.amount,
        ...(row.transfer_id !== null ? { transferId: row.transfer_id } : {}),
        ...(row.memo !== null ? { memo: row.memo } : {}),
        ...(row.fee_hint !== null ? { feeHint: row.fee_hint } : {}),
      },
    };
  }
  // Withdraw/Settle keep the operation exactly as requested (their optional fields vary).
  const xml = row.operation_xml ?? '';
  if (row.kind === 'withdraw') {
    const parsed = parseFragment('Withdraw', xml);
    if (parsed.ok) return { kind: 'withdraw', withdraw: parsed.value };
  } else {
    const parsed = parseFragment('Settle', xml);
    if (parsed.ok) return { kind: 'settle', settle: parsed.value };
  }
  throw new Error(`ledger entry ${row.seq}: stored ${row.kind} does not parse`);
}

export function receiptOf(row: EntryRow): Receipt {
  return {
    receiptId: receiptId(row.seq),
    time: row.time,
    operation: operationOf(row),
    userId: row.user_id,
    ...(row.payee_amount !== row.amount ? { payeeAmount: row.payee_amount } : {}),
    ...(row.payer_amount !== row.amount ? { payerAmount: row.payer_amount } : {}),
    ...(row.kind === 'withdraw' && row.token_data !== null ? { valueToken: { type: row.token_type ?? '', data: row.token_data } } : {}),
  };
}
