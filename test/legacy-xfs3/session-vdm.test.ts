// The VDM class through the real FFI path: status (with each registered application), capabilities
// and the active interface (3.20+), and the vendor mode handshake: a request sends the service event
// to every registered application and waits for each acknowledgement (one running beside it on the
// same service), then the system event; applications that close count as having answered; a request
// from a vendor application outside (the simulator's control) works the same; out-of-turn requests
// and acknowledgements are refused; a canceled request leaves the mode as it was.
import t from 'tap';
import type { LegacyXfsManager } from '../../src/legacy-xfs3/manager.ts';
import type { VdmExecuteMap, VdmInfoMap } from '../../src/legacy-xfs3/vdm/types.ts';
import { recorder, sim, startManager, untilPending } from './helpers.ts';

let seq = 0;
function newVdm(version = '3.30'): string {
  const name = `VDM-${process.pid}-${++seq}`;
  sim.addService(name, 'VDM', version);
  return name;
}
const openVdm = (m: LegacyXfsManager, name: string) =>
  m.open<VdmExecuteMap, VdmInfoMap>(name, { low: '3.00', high: '3.30' }, { serviceClass: 'VDM' });
const INACTIVE = 3, ACTIVE = 1, ENTERPENDING = 0;

t.test('status, capabilities and the active interface; 3.00 has no interface', async (t) => {
  const { m, done } = await startManager(t);
  const s = await openVdm(m, newVdm('3.30'));
  const st = await s.getInfo('WFS_INF_VDM_STATUS', undefined);
  t.ok(st.ok, st.name);
  t.equal(st.data!.device, 0);
  t.equal(st.data!.service, INACTIVE);
  t.equal(st.data!.apps.length, 1, 'the gateway session, registered for every event class');
  t.equal(st.data!.apps[0].appStatus, INACTIVE);
  t.equal(st.data!.extra.Model, 'SIM-VDM-1');
  t.equal((await s.getInfo('WFS_INF_VDM_CAPABILITIES', undefined)).data!.class, 9);
  t.equal((await s.getInfo('WFS_INF_VDM_ACTIVE_INTERFACE', undefined)).data, 1, 'consumer');
  const changed = recorder(s).next('WFS_SRVE_VDM_INTERFACE_CHANGED');
  t.ok((await s.execute('WFS_CMD_VDM_SET_ACTIVE_INTERFACE', { activeInterface: 0 })).ok);
  t.equal((await changed).data, 0, 'INTERFACE_CHANGED carries the operator interface');
  t.equal((await s.execute('WFS_CMD_VDM_SET_ACTIVE_INTERFACE', { activeInterface: 2 })).origin, 'gateway', 'no interface 2');
  await s.close();
  const old = await openVdm(m, newVdm('3.00'));
  t.equal((await old.getInfo('WFS_INF_VDM_ACTIVE_INTERFACE', undefined)).name, 'WFS_ERR_UNSUPP_CATEGORY');
  t.equal((await old.execute('WFS_CMD_VDM_SET_ACTIVE_INTERFACE', { activeInterface: 0 })).name, 'WFS_ERR_UNSUPP_COMMAND');
  t.equal((await old.getInfo('WFS_INF_VDM_STATUS', undefined)).data!.service, INACTIVE);
  await old.close();
  await done();
});

t.test('enter and exit: every registered application acknowledges, the acknowledgement runs beside the request', async (t) => {
  const { m, done } = await startManager(t);
  const name = newVdm();
  const vendor = await openVdm(m, name);
  const other = await openVdm(m, name);
  const vendorEvents = recorder(vendor);
  const otherEvents = recorder(other);
  const asked = [vendorEvents.next('WFS_SRVE_VDM_ENTER_MODE_REQ'), otherEvents.next('WFS_SRVE_VDM_ENTER_MODE_REQ')];
  const entered = otherEvents.next('WFS_SYSE_VDM_MODEENTERED');
  let completed = false;
  const request = vendor.execute('WFS_CMD_VDM_ENTER_MODE_REQ', undefined).then((r) => { completed = true; return r; });
  await Promise.all(asked);
  t.equal(sim.vdmState(name), ENTERPENDING);
  t.ok((await vendor.execute('WFS_CMD_VDM_ENTER_MODE_ACK', undefined)).ok, 'the requester acknowledges too (it is registered)');
  await new Promise((r) => setTimeout(r, 50));
  t.notOk(completed, 'still waiting for the other application');
  const st = await vendor.getInfo('WFS_INF_VDM_STATUS', undefined);
  t.same(st.data!.apps.map((a) => a.appStatus).sort(), [ENTERPENDING, ENTERPENDING], 'both applications listed as pending until the request completes');
  t.ok((await other.execute('WFS_CMD_VDM_ENTER_MODE_ACK', undefined)).ok);
  const done1 = await request;
  t.ok(done1.ok, done1.name);
  await entered;
  t.equal(sim.vdmState(name), ACTIVE);
  t.equal((await vendor.execute('WFS_CMD_VDM_ENTER_MODE_REQ', undefined)).name, 'WFS_ERR_DEV_NOT_READY', 'already in vendor mode');
  t.equal((await other.execute('WFS_CMD_VDM_ENTER_MODE_ACK', undefined)).name, 'WFS_ERR_DEV_NOT_READY', 'nothing to acknowledge');

  const exitAsked = otherEvents.next('WFS_SRVE_VDM_EXIT_MODE_REQ');
  const exited = vendorEvents.next('WFS_SYSE_VDM_MODEEXITED');
  const leave = vendor.execute('WFS_CMD_VDM_EXIT_MODE_REQ', undefined);
  await exitAsked;
  t.ok((await vendor.execute('WFS_CMD_VDM_EXIT_MODE_ACK', undefined)).ok);
  await other.close();
  t.ok((await leave).ok, 'an application that closed its session no longer holds the request');
  await exited;
  t.equal(sim.vdmState(name), INACTIVE);
  await vendor.close();
  await done();
});

t.test('a vendor application outside the gateway; a canceled request leaves the mode unchanged', async (t) => {
  const { m, done } = await startManager(t);
  const name = newVdm('3.20');
  const s = await openVdm(m, name);
  const events = recorder(s);
  const asked = events.next('WFS_SRVE_VDM_ENTER_MODE_REQ');
  const entered = events.next('WFS_SYSE_VDM_MODEENTERED');
  sim.vdmRequest(name, true);
  await asked;
  t.equal(sim.vdmState(name), ENTERPENDING);
  t.throws(() => sim.vdmRequest(name, true), /cannot enter vendor mode now/);
  t.ok((await s.execute('WFS_CMD_VDM_ENTER_MODE_ACK', undefined)).ok);
  await entered;
  t.equal(sim.vdmState(name), ACTIVE);
  const exited = events.next('WFS_SYSE_VDM_MODEEXITED');
  sim.vdmRequest(name, false);
  await events.next('WFS_SRVE_VDM_EXIT_MODE_REQ');
  t.ok((await s.execute('WFS_CMD_VDM_EXIT_MODE_ACK', undefined)).ok);
  await exited;
  t.equal(sim.vdmState(name), INACTIVE);

  const ac = new AbortController();
  const waiting = s.execute('WFS_CMD_VDM_ENTER_MODE_REQ', undefined, { signal: ac.signal });
  await untilPending(name);
  await events.next('WFS_SRVE_VDM_ENTER_MODE_REQ').catch(() => undefined);
  ac.abort();
  t.equal((await waiting).name, 'WFS_ERR_CANCELED');
  t.equal(sim.vdmState(name), INACTIVE, 'the mode stays off');
  await s.close();
  await done();
});
