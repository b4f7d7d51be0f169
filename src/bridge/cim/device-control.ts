// CashAcceptor.GetDeviceLockStatus / DeviceLockControl (WFS_INF_CIM_DEVICELOCK_STATUS,
// WFS_CMD_CIM_DEVICE_LOCK_CONTROL), PresentMedia (WFS_CMD_CIM_PRESENT_MEDIA) and ConfigureNoteReader
// (WFS_CMD_CIM_CONFIGURE_NOTE_READER, 3.10), the others XFS 3.20. 3.x locks physical cash units by their position
// name; XFS4IoT names the storage unit, the logical unit<usNumber> the physical unit belongs to.
import type { CommandResult, JsonObject } from '../../xfs4iot/backend.ts';
import type { CimDeviceLockStatus } from '../../legacy-xfs3/cim/types.ts';
import { compact, invalidData, success, unsupportedCommand, type CommandCall } from '../translator.ts';
import { unitId, type CimCaps, type CimDevice } from './device.ts';
import { positionBits } from './positions.ts';
import { isResult, requireVersion, unitOf } from './units.ts';

type CimCall = CommandCall<CimCaps, CimDevice>;

function lockable(call: CimCall, xfs3: string): CommandResult | undefined {
  const old = requireVersion(call, 320, xfs3);
  if (old) return old;
  return call.device.capabilities.deviceLockControl ? undefined : unsupportedCommand(`${call.name}: this XFS 3.x cash acceptor has no device lock (WFSCIMCAPS.bDeviceLockControl false)`);
}

export async function getDeviceLockStatus(call: CimCall): Promise<CommandResult> {
  const refused = lockable(call, 'WFS_INF_CIM_DEVICELOCK_STATUS');
  if (refused) return refused;
  const done = await call.getInfo('WFS_INF_CIM_DEVICELOCK_STATUS');
  if (!done.ok) return call.failure(done);
  const s = done.data as CimDeviceLockStatus;
  const unitLock: JsonObject[] = [];
  for (const lock of s.units) {
    const status = call.enums.value('unitLockStatus', lock.status);
    // Each logical unit the physical one belongs to (usually one).
    for (const unit of call.device.status.cashUnits.filter((u) => u.physical.some((p) => p.physicalPositionName === lock.physicalPositionName))) {
      if (status) unitLock.push({ storageUnit: unitId(unit), unitLockStatus: status });
    }
  }
  return success(compact({ deviceLockStatus: call.enums.value('deviceLockStatus', s.deviceLockStatus) ?? 'lockUnknown', unitLock: unitLock.length > 0 ? unitLock : undefined }));
}

export async function deviceLockControl(call: CimCall): Promise<CommandResult> {
  const refused = lockable(call, 'WFS_CMD_CIM_DEVICE_LOCK_CONTROL');
  if (refused) return refused;
  const p = call.payload ?? {};
  const deviceAction = call.enums.code('deviceLockAction', typeof p.deviceAction === 'string' ? p.deviceAction : 'noLockAction');
  const cashUnitAction = call.enums.code('cashUnitLockAction', typeof p.cashUnitAction === 'string' ? p.cashUnitAction : 'noLockAction');
  if (typeof deviceAction !== 'number') return invalidData(`DeviceLockControl: deviceAction ${String(p.deviceAction)} is not lock, unlock or noLockAction`);
  if (typeof cashUnitAction !== 'number') return invalidData(`DeviceLockControl: cashUnitAction ${String(p.cashUnitAction)} is not lockAll, unlockAll, lockIndividual or noLockAction`);
  const controls = Array.isArray(p.unitLockControl) ? p.unitLockControl : [];
  const units: { physicalPositionName: string; action: number }[] = [];
  if (p.cashUnitAction === 'lockIndividual') {
    if (controls.length === 0) return invalidData('DeviceLockControl: cashUnitAction lockIndividual needs unitLockControl');
    for (const [i, raw] of controls.entries()) {
      const entry = (raw ?? {}) as JsonObject;
      const unit = unitOf(call, entry.storageUnit, `unitLockControl[${i}].storageUnit`);
      if (isResult(unit)) return unit;
      const action = call.enums.code('unitLockAction', typeof entry.unitAction === 'string' ? entry.unitAction : '');
      if (typeof action !== 'number') return invalidData(`DeviceLockControl: unitLockControl[${i}].unitAction must be lock or unlock`);
      const names = unit.physical.map((x) => x.physicalPositionName).filter((x) => x !== '');
      if (names.length === 0) return invalidData(`DeviceLockControl: ${unitId(unit)} has no physical unit the XFS 3.x service could lock (WFSCIMPHCU.lpPhysicalPositionName)`);
      for (const physicalPositionName of names) units.push({ physicalPositionName, action });
    }
  }
  const done = await call.execute('WFS_CMD_CIM_DEVICE_LOCK_CONTROL', { deviceAction, cashUnitAction, units });
  return done.ok ? success() : call.failure(done);
}

export async function presentMedia(call: CimCall): Promise<CommandResult> {
  const old = requireVersion(call, 320, 'WFS_CMD_CIM_PRESENT_MEDIA');
  if (old) return old;
  const position = positionBits(call, call.payload?.position, 'any', 'PresentMedia');
  if (typeof position !== 'number') return position;
  const done = await call.execute('WFS_CMD_CIM_PRESENT_MEDIA', { position });
  return done.ok ? success() : call.failure(done);
}

export async function configureNoteReader(call: CimCall): Promise<CommandResult> {
  const old = requireVersion(call, 310, 'WFS_CMD_CIM_CONFIGURE_NOTE_READER');
  if (old) return old;
  const done = await call.execute('WFS_CMD_CIM_CONFIGURE_NOTE_READER', { loadAlways: call.payload?.loadAlways === true });
  if (!done.ok) return call.failure(done);
  return success({ rebootNecessary: (done.data as { rebootNecessary: boolean } | undefined)?.rebootNecessary ?? false });
}
