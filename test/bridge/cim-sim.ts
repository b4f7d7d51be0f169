// The simulated cash acceptor's controls (native/src/sim_cim_control.c) for the CIM tests.
import koffi from 'koffi';
import type { SimulatorControl } from '../../src/legacy-xfs3/simulator-control.ts';

export interface CimSim {
  /** A bunch at the input position: `3x3,1xunfit:2,1xsuspect:5,1xcounterfeit:6,1xunknown` (count x note id / kind). */
  insertItems(name: string, spec: string): void;
  /** The customer takes what lies at the output position. */
  takeItems(name: string): void;
  itemsAtOutput(name: string): number;
  escrow(name: string): number;
  cashInState(name: string): number;
  /** The next CASH_IN jams after n notes / the next CASH_IN_END fails after n notes (-1: none). */
  fault(name: string, jamAfter: number, jamEndAfter: number): void;
  noteErrorNext(name: string, reason: number): void;
  setUnitCount(name: string, number: number, count: number): void;
}

export function cimSim(sim: SimulatorControl): CimSim {
  const lib = koffi.load(sim.path);
  const f = (decl: string) => lib.func(decl) as (...args: unknown[]) => number;
  const insert = f('int32_t SimCimInsertItems(const char *name, const char *spec)');
  const take = f('int32_t SimCimTakeItems(const char *name)');
  const atOutput = f('int32_t SimCimItemsAtOutput(const char *name)');
  const escrow = f('int32_t SimCimEscrow(const char *name)');
  const state = f('int32_t SimCimCashInState(const char *name)');
  const fault = f('int32_t SimCimFault(const char *name, int32_t jamAfter, int32_t jamEndAfter)');
  const noteError = f('int32_t SimCimNoteErrorNext(const char *name, uint32_t reason)');
  const setCount = f('int32_t SimCimSetUnitCount(const char *name, uint32_t number, uint32_t count)');
  const ok = (rc: number, what: string) => { if (rc !== 0) throw new Error(`simulator: ${what} failed (${rc})`); };
  return {
    insertItems: (name, spec) => ok(insert(name, spec), `insertItems ${spec}`),
    takeItems: (name) => ok(take(name), 'takeItems'),
    itemsAtOutput: (name) => atOutput(name),
    escrow: (name) => escrow(name),
    cashInState: (name) => state(name),
    fault: (name, jamAfter, jamEndAfter) => ok(fault(name, jamAfter, jamEndAfter), 'fault'),
    noteErrorNext: (name, reason) => ok(noteError(name, reason), 'noteErrorNext'),
    setUnitCount: (name, number, count) => ok(setCount(name, number, count), 'setUnitCount'),
  };
}
