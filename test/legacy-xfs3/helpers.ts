// Shared set-up for the legacy-xfs3 tests: a manager on the simulator, fresh logical services
// per test (the simulator is process-global), and the leak checks every test ends with.
import type { Test } from 'tap';
import { once } from 'node:events';
import { LegacyXfsManager } from '../../src/legacy-xfs3/manager.ts';
import type { ManagerOptions } from '../../src/legacy-xfs3/manager.ts';
import { SimulatorControl, simulatorLibraries } from '../../src/legacy-xfs3/simulator-control.ts';
import type { XfsEvent, XfsSession } from '../../src/legacy-xfs3/types.ts';
import type { IdcExecuteMap, IdcInfoMap } from '../../src/legacy-xfs3/idc/types.ts';
import type { CdmExecuteMap, CdmInfoMap } from '../../src/legacy-xfs3/cdm/types.ts';
import type { CimExecuteMap, CimInfoMap } from '../../src/legacy-xfs3/cim/types.ts';

export const sim = SimulatorControl.load();
let seq = 0;

/** A logical service of its own for one test. */
export function newService(cls: 'IDC' | 'CDM' | 'CIM', version = '3.30'): string {
  const name = `${cls}-${process.pid}-${++seq}`;
  sim.addService(name, cls, version);
  return name;
}

export type IdcSession = XfsSession<IdcExecuteMap, IdcInfoMap>;
export type CdmSession = XfsSession<CdmExecuteMap, CdmInfoMap>;
export type CimSession = XfsSession<CimExecuteMap, CimInfoMap>;

export interface Env {
  m: LegacyXfsManager;
  /**
   * Shuts the manager down and asserts nothing leaked: call it at the end of every test. A test that
   * kills the pump thread on purpose passes `mayLoseInFlight`: a result the dying thread had already
   * taken off the queue but not handed over is lost, as with a crashed thread on Windows.
   */
  done(options?: { mayLoseInFlight?: number }): Promise<void>;
}

async function settledLiveResults(target: number, withinMs = 3000): Promise<number> {
  const deadline = Date.now() + withinMs;
  while (sim.liveResults() > target && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  return sim.liveResults();
}

export async function startManager(t: Test, extra: Partial<ManagerOptions> = {}): Promise<Env> {
  const before = sim.invalidFrees();
  // The simulator's counter is process-wide: each test is judged against what was live when it began.
  const liveBefore = sim.liveResults();
  const m = await LegacyXfsManager.start({ ...simulatorLibraries(), appId: 'tap', reopen: { initialDelayMs: 20, maxDelayMs: 200 }, ...extra });
  let finished = false;
  t.teardown(async () => { if (!finished) await m.shutdown(); });
  return {
    m,
    async done(options = {}) {
      finished = true;
      await m.shutdown();
      const allowed = liveBefore + (options.mayLoseInFlight ?? 0);
      // The simulator's device threads free results addressed to a window already destroyed (a pump that
      // was replaced, a shut-down manager) on their own schedule; under load that can land just after
      // shutdown returns. A leaked result never gets freed, so a bounded wait still catches every leak.
      const live = await settledLiveResults(liveBefore);
      if (options.mayLoseInFlight) t.ok(live <= allowed, `every WFSRESULT was freed but at most ${options.mayLoseInFlight} the killed thread held (${live - liveBefore} lost)`);
      else t.equal(live, liveBefore, 'every WFSRESULT was freed');
      t.equal(sim.invalidFrees(), before, 'no WFSFreeResult of a pointer that was not live');
      t.equal(m.counters.freeFailures, 0, 'WFSFreeResult never failed');
      t.equal(m.counters.results, m.counters.freed, 'results received = results freed');
    },
  };
}

export async function openIdc(m: LegacyXfsManager, name: string, high = '3.30'): Promise<IdcSession> {
  return m.open<IdcExecuteMap, IdcInfoMap>(name, { low: '3.00', high: high as `${number}.${number}` }, { serviceClass: 'IDC' });
}

export async function openCdm(m: LegacyXfsManager, name: string, high = '3.30'): Promise<CdmSession> {
  return m.open<CdmExecuteMap, CdmInfoMap>(name, { low: '3.00', high: high as `${number}.${number}` }, { serviceClass: 'CDM' });
}

export async function openCim(m: LegacyXfsManager, name: string, high = '3.30'): Promise<CimSession> {
  return m.open<CimExecuteMap, CimInfoMap>(name, { low: '3.00', high: high as `${number}.${number}` }, { serviceClass: 'CIM' });
}

/** Collects the session's events; `next(name)` waits for the next one of that name. */
export function recorder(s: { on(e: 'event', f: (ev: XfsEvent) => void): unknown }): { events: XfsEvent[]; next(name: string, timeoutMs?: number): Promise<XfsEvent> } {
  const events: XfsEvent[] = [];
  const waiters: { name: string; resolve: (e: XfsEvent) => void }[] = [];
  s.on('event', (ev) => {
    events.push(ev);
    const i = waiters.findIndex((w) => w.name === ev.name);
    if (i >= 0) waiters.splice(i, 1)[0]!.resolve(ev);
  });
  return {
    events,
    next(name, timeoutMs = 3000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${name} within ${timeoutMs} ms`)), timeoutMs);
        waiters.push({ name, resolve: (e) => { clearTimeout(timer); resolve(e); } });
      });
    },
  };
}

/** Waits until the simulator has started the request (so that control calls act on it). */
export async function untilPending(name: string, count = 1): Promise<void> {
  for (let i = 0; i < 300 && sim.pending(name) < count; i++) await new Promise((r) => setTimeout(r, 5));
}

export { once };
