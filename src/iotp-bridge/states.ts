import type { ProcessState } from './schema.ts';

export type Role = 'Consumer' | 'PaymentHandler' | 'Merchant';
export const ROLES: readonly Role[] = ['Consumer', 'PaymentHandler', 'Merchant'];

/** Final process states: "they can not be changed on subsequent calls" (RFC 3867 4.3.6). */
export const FINAL_STATES: readonly ProcessState[] = ['CompletedOk', 'Failed', 'ProcessError'];

export function isFinal(state: ProcessState): boolean {
  return FINAL_STATES.includes(state);
}

/**
 * The transitions section 3.3 allows per trading role. Suspended returns to InProgress (resumption);
 * only the Consumer may return to NotYetStarted, when a suspension happened during brand selection.
 */
const TRANSITIONS: Record<Role, Record<ProcessState, readonly ProcessState[]>> = {
  Merchant: {
    NotYetStarted: ['InProgress', 'Suspended', 'Failed', 'ProcessError'],
    InProgress: ['Suspended', 'CompletedOk', 'Failed', 'ProcessError'],
    Suspended: ['InProgress', 'Failed', 'ProcessError'],
    CompletedOk: [], Failed: [], ProcessError: [],
  },
  Consumer: {
    NotYetStarted: ['InProgress', 'Suspended', 'Failed', 'ProcessError'],
    InProgress: ['Suspended', 'CompletedOk', 'Failed', 'ProcessError'],
    Suspended: ['NotYetStarted', 'InProgress', 'Failed', 'ProcessError'],
    CompletedOk: [], Failed: [], ProcessError: [],
  },
  PaymentHandler: {
    NotYetStarted: ['InProgress', 'Suspended', 'Failed', 'ProcessError'],
    InProgress: ['Suspended', 'CompletedOk', 'Failed', 'ProcessError'],
    Suspended: ['InProgress', 'Failed', 'ProcessError'],
    CompletedOk: [], Failed: [], ProcessError: [],
  },
};

export function canTransition(role: Role, from: ProcessState, to: ProcessState): boolean {
  return TRANSITIONS[role][from].includes(to);
}

export function allowedTransitions(role: Role, from: ProcessState): readonly ProcessState[] {
  return TRANSITIONS[role][from];
}

/** Percent complete reported with each state (0-99 while pending or suspended, as the RFC requires). */
export function percentFor(state: ProcessState, stage: 'order' | 'transfer' | 'receipt' = 'order'): number {
  if (state === 'CompletedOk' || state === 'Failed' || state === 'ProcessError') return 100;
  if (state === 'NotYetStarted') return 0;
  return stage === 'order' ? 10 : stage === 'transfer' ? 50 : 90;
}
