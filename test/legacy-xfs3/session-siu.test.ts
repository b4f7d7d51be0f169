// The SIU class through the real FFI path: status and capabilities in the 3.00 and 3.30 layouts
// (same port arrays, 3.20+ fields appended), the single-port setters, event enabling and PORT_STATUS, errors.
import t from 'tap';
import type { LegacyXfsManager } from '../../src/legacy-xfs3/manager.ts';
import { SIU_PORT_TYPE } from '../../src/legacy-xfs3/siu/codec.ts';
import type { SiuExecuteMap, SiuInfoMap, SiuPortEvent } from '../../src/legacy-xfs3/siu/types.ts';
import { runConsoleCommand } from '../../src/legacy-xfs3/sim-console.ts';
import { recorder, sim, startManager } from './helpers.ts';

let seq = 0;
function newSiu(version = '3.30'): string {
  const name = `SIU-${process.pid}-${++seq}`;
  sim.addService(name, 'SIU', version);
  return name;
}
const openSiu = (m: LegacyXfsManager, name: string) =>
  m.open<SiuExecuteMap, SiuInfoMap>(name, { low: '3.00', high: '3.30' }, { serviceClass: 'SIU' });

const OFF = 1, SLOW = 4, QUICK = 0x10, CONTINUOUS = 0x80;

t.test('status and capabilities in the 3.30 and 3.00 layouts', async (t) => {
  const { m, done } = await startManager(t);
  const s = await openSiu(m, newSiu('3.30'));
  const st = await s.getInfo('WFS_INF_SIU_STATUS', undefined);
  t.ok(st.ok, st.name);
  t.equal(st.data!.sensors.length, 32);
  t.equal(st.data!.doors.length, 16);
  t.equal(st.data!.guidLights.length, 16);
  t.same(st.data!.sensors.slice(0, 6), [1, 1, 1, 0, 0, 2], 'operator switch run, tampers off, proximity not present');
  t.same(st.data!.doors.slice(0, 3), [1, 8, 1], 'cabinet closed, safe bolted, vandal shield closed');
  t.equal(st.data!.antiFraudModule, 0);
  t.equal(st.data!.extra.Model, 'SIM-SIU-1');
  const caps = await s.getInfo('WFS_INF_SIU_CAPABILITIES', undefined);
  t.equal(caps.data!.class, 8);
  t.equal(caps.data!.type, 0x1f);
  t.same(caps.data!.guidLights.slice(0, 5), [0x9d, 0x9d, 0x9d, 0, 0x9d]);
  t.equal(caps.data!.autoStartupMode, 0x0e, 'specific, daily and weekly');
  t.same(caps.data!.synchronizableCommands, []);
  await s.close();

  const old = await openSiu(m, newSiu('3.00'));
  const st0 = await old.getInfo('WFS_INF_SIU_STATUS', undefined);
  t.equal(st0.data!.sensors.length, 32, '3.00 has 32 sensors too');
  t.same(st0.data!.doors.slice(0, 3), [1, 8, 1]);
  t.same(st0.data!.guidLights.slice(0, 3), [OFF, OFF, OFF]);
  t.equal(st0.data!.antiFraudModule, undefined);
  const caps0 = await old.getInfo('WFS_INF_SIU_CAPABILITIES', undefined);
  t.equal(caps0.data!.sensors.length, 32);
  t.same(caps0.data!.guidLights.slice(0, 2), [0x9d, 0x9d]);
  t.equal(caps0.data!.extra.Model, 'SIM-SIU-1');
  t.equal(caps0.data!.autoStartupMode, undefined);
  await old.close();
  await done();
});

t.test('guidance lights, doors, indicators and auxiliaries; errors', async (t) => {
  const { m, done } = await startManager(t);
  for (const version of ['3.30', '3.00']) {
    const name = newSiu(version);
    const s = await openSiu(m, name);
    t.ok((await s.execute('WFS_CMD_SIU_SET_GUIDLIGHT', { port: 1, command: QUICK })).ok);
    t.equal(sim.siuGetPort(name, SIU_PORT_TYPE.GUIDLIGHTS, 1), QUICK, `${version}: the PIN pad light flashes quickly`);
    t.ok((await s.execute('WFS_CMD_SIU_SET_GUIDLIGHT', { port: 0, command: 2 })).ok, 'ON');
    t.equal(sim.siuGetPort(name, SIU_PORT_TYPE.GUIDLIGHTS, 0), CONTINUOUS, 'ON is steady light');
    const noLight = await s.execute('WFS_CMD_SIU_SET_GUIDLIGHT', { port: 3, command: SLOW });
    t.equal(noLight.name, 'WFS_ERR_SIU_INVALID_PORT', 'no coin dispenser light');
    t.equal(noLight.code, -801);
    t.equal((await s.execute('WFS_CMD_SIU_SET_GUIDLIGHT', { port: 0, command: SLOW | QUICK })).name, 'WFS_ERR_SIU_SYNTAX');
    t.ok((await s.execute('WFS_CMD_SIU_RESET', undefined)).ok);
    t.equal(sim.siuGetPort(name, SIU_PORT_TYPE.GUIDLIGHTS, 1), OFF, 'reset turns the lights off');

    t.ok((await s.execute('WFS_CMD_SIU_SET_DOOR', { port: 1, command: 2 })).ok, 'unbolt the safe');
    t.equal(sim.siuGetPort(name, SIU_PORT_TYPE.DOORS, 1), 1);
    sim.siuSetPort(name, SIU_PORT_TYPE.DOORS, 0, 2);
    t.equal((await s.execute('WFS_CMD_SIU_SET_DOOR', { port: 0, command: 1 })).name, 'WFS_ERR_SIU_PORT_ERROR', 'an open door cannot be bolted');
    t.ok((await s.execute('WFS_CMD_SIU_SET_INDICATOR', { port: 0, command: 2 })).ok, 'open/closed indicator shows open');
    t.equal(sim.siuGetPort(name, SIU_PORT_TYPE.INDICATORS, 0), 2);
    t.ok((await s.execute('WFS_CMD_SIU_SET_AUXILIARY', { port: 0, command: 750 })).ok, 'volume');
    t.equal(sim.siuGetPort(name, SIU_PORT_TYPE.AUXILIARIES, 0), 750);
    t.equal((await s.execute('WFS_CMD_SIU_SET_AUXILIARY', { port: 0, command: 1001 })).name, 'WFS_ERR_SIU_SYNTAX');
    const bad = await s.execute('WFS_CMD_SIU_SET_DOOR', { port: -1, command: 1 });
    t.equal(bad.origin, 'gateway', 'bad input never reaches the device');
    await s.close();
  }
  await done();
});

t.test('PORT_STATUS only for enabled ports', async (t) => {
  const { m, done } = await startManager(t);
  const name = newSiu('3.30');
  const s = await openSiu(m, name);
  const rec = recorder(s);
  sim.siuSetPort(name, SIU_PORT_TYPE.SENSORS, 5, 1);
  const sensors = new Array<number>(32).fill(0);
  sensors[0] = 1;
  const doors = new Array<number>(16).fill(0);
  doors[0] = 1;
  t.ok((await s.execute('WFS_CMD_SIU_ENABLE_EVENTS', { sensors, doors, guidLights: [1] })).ok);
  const next = rec.next('WFS_SRVE_SIU_PORT_STATUS');
  sim.siuSetPort(name, SIU_PORT_TYPE.DOORS, 0, 2);
  const ev = (await next).data as SiuPortEvent;
  t.same([ev.portType, ev.portIndex, ev.portStatus], [SIU_PORT_TYPE.DOORS, 0, 2], 'cabinet opened');
  const light = rec.next('WFS_SRVE_SIU_PORT_STATUS');
  t.ok((await s.execute('WFS_CMD_SIU_SET_GUIDLIGHT', { port: 0, command: SLOW })).ok);
  const lev = (await light).data as SiuPortEvent;
  t.same([lev.portType, lev.portIndex, lev.portStatus], [SIU_PORT_TYPE.GUIDLIGHTS, 0, SLOW]);
  t.equal(rec.events.filter((e) => e.name === 'WFS_SRVE_SIU_PORT_STATUS').length, 2, 'proximity changed before enabling: no event');
  const bad = new Array<number>(32).fill(0);
  bad[3] = 1;
  t.equal((await s.execute('WFS_CMD_SIU_ENABLE_EVENTS', { sensors: bad })).name, 'WFS_ERR_SIU_INVALID_PORT', 'no seismic sensor');
  const tooMany = await s.execute('WFS_CMD_SIU_ENABLE_EVENTS', { sensors: new Array<number>(33).fill(0) });
  t.equal(tooMany.origin, 'gateway');
  await s.close();

  const old = await openSiu(m, newSiu('3.00'));
  t.ok((await old.execute('WFS_CMD_SIU_ENABLE_EVENTS', { sensors: new Array<number>(32).fill(0) })).ok, '3.00 takes 32 sensors too');
  t.ok((await old.execute('WFS_CMD_SIU_ENABLE_EVENTS', { sensors: [1, 1], doors: [1, 1] })).ok);
  await old.close();
  await done();
});

t.test('auto start-up time (3.20+)', async (t) => {
  const { m, done } = await startManager(t);
  const s = await openSiu(m, newSiu('3.30'));
  t.same((await s.getInfo('WFS_INF_SIU_GET_AUTOSTARTUP_TIME', undefined)).data, { mode: 1, startTime: null }, 'none set');
  const weekly = { mode: 8, startTime: { year: 0, month: 0, dayOfWeek: 2, day: 0, hour: 6, minute: 30 } };
  t.ok((await s.execute('WFS_CMD_SIU_SET_AUTOSTARTUP_TIME', weekly)).ok);
  t.same((await s.getInfo('WFS_INF_SIU_GET_AUTOSTARTUP_TIME', undefined)).data, weekly);
  const bad = await s.execute('WFS_CMD_SIU_SET_AUTOSTARTUP_TIME', { mode: 4, startTime: { year: 0, month: 0, dayOfWeek: 0, day: 0, hour: 24, minute: 0 } });
  t.equal(bad.name, 'WFS_ERR_INVALID_DATA');
  t.ok((await s.execute('WFS_CMD_SIU_SET_AUTOSTARTUP_TIME', { mode: 1, startTime: null })).ok);
  t.same((await s.getInfo('WFS_INF_SIU_GET_AUTOSTARTUP_TIME', undefined)).data, { mode: 1, startTime: null }, 'cleared');
  await s.close();
  const old = await openSiu(m, newSiu('3.00'));
  t.equal((await old.getInfo('WFS_INF_SIU_GET_AUTOSTARTUP_TIME', undefined)).name, 'WFS_ERR_UNSUPP_CATEGORY', '3.00 has no auto start-up');
  t.equal((await old.execute('WFS_CMD_SIU_SET_AUTOSTARTUP_TIME', weekly)).name, 'WFS_ERR_UNSUPP_COMMAND');
  await old.close();
  await done();
});

t.test('the developer console reads and sets SIU ports', async (t) => {
  const name = newSiu('3.30');
  t.equal(runConsoleCommand(`port ${name} doors 0 2`, sim), `${name} doors[0] = 0x2`, 'the cabinet door opened');
  t.equal(sim.siuGetPort(name, SIU_PORT_TYPE.DOORS, 0), 2);
  t.equal(runConsoleCommand(`port ${name} guidLights 1`, sim), `${name} guidLights[1] = 0x1`, 'the PIN pad light is off');
  t.match(runConsoleCommand(`port ${name} lamps 1`, sim), /^port: /);
  t.match(runConsoleCommand(`port ${name} doors 99 1`, sim), /^error: /, 'no such port');
  t.match(runConsoleCommand('help', sim), /port <service> <type> <index>/);
});

t.test('power save control (3.20+)', async (t) => {
  const { m, done } = await startManager(t);
  const name = newSiu('3.30');
  const s = await openSiu(m, name);
  const rec = recorder(s);
  t.equal((await s.getInfo('WFS_INF_SIU_CAPABILITIES', undefined)).data!.powerSaveControl, true);
  const change = rec.next('WFS_SRVE_SIU_POWER_SAVE_CHANGE');
  t.ok((await s.execute('WFS_CMD_SIU_POWER_SAVE_CONTROL', { maxPowerSaveRecoveryTime: 10 })).ok);
  t.same((await change).data, { powerSaveRecoveryTime: 10 });
  t.equal((await s.getInfo('WFS_INF_SIU_STATUS', undefined)).data!.powerSaveRecoveryTime, 10);
  t.equal((await s.execute('WFS_CMD_SIU_POWER_SAVE_CONTROL', { maxPowerSaveRecoveryTime: 1 })).name, 'WFS_ERR_SIU_POWERSAVETOOSHORT');
  await s.close();
  const old = await openSiu(m, newSiu('3.00'));
  t.equal((await old.execute('WFS_CMD_SIU_POWER_SAVE_CONTROL', { maxPowerSaveRecoveryTime: 10 })).name, 'WFS_ERR_UNSUPP_COMMAND');
  await old.close();
  await done();
});
