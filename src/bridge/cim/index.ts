// The CIM class binding: everything class-specific the generic bridge service needs.
import type { CommandResult } from '../../xfs4iot/backend.ts';
import type { ClassBinding } from '../class-binding.ts';
import { success, type CommandCall } from '../translator.ts';
import { closeShutter, openShutter, reset, retract } from './cash-management.ts';
import { cashIn, cashInEnd, cashInRollback, cashInStart, configureNoteTypes, getBankNoteTypes, getCashInStatus } from './cash-in.ts';
import { cimKeepsStorage, readCimCapabilities, readCimDevice, readCimState, type CimCaps, type CimDevice } from './device.ts';
import { configureNoteReader, deviceLockControl, getDeviceLockStatus, presentMedia } from './device-control.ts';
import { cimEventTranslators } from './events.ts';
import { endExchange, setStorage, startExchange } from './exchange.ts';
import { cashUnitCount, deplete, getDepleteSource, getReplenishTarget, replenish } from './moves.ts';
import { cimCommandSchemas, cimEvents } from './schemas.ts';
import { buildCapabilities, buildStatus } from './status.ts';
import { compareSignature, createSignature, getItemInfo } from './signatures.ts';
import { buildStorage, cimStorageUnits } from './storage-units.ts';
import { getClassificationList, getTellerInfo, setClassificationList, setTellerInfo } from './teller.ts';

async function getStorage(call: CommandCall<CimCaps, CimDevice>): Promise<CommandResult> {
  // A full read: GetStorage is where an operator checks the units after an exchange or a replenishment.
  const read = await readCimDevice((category) => call.getInfo(category));
  if (!read.ok) return call.failure(read);
  Object.assign(call.device.status, { noteTypes: (read.data as CimDevice).noteTypes, exponents: (read.data as CimDevice).exponents });
  return success({ storage: buildStorage(read.data as CimDevice, call.enums) });
}

export const cimBinding: ClassBinding<CimCaps, CimDevice> = {
  serviceClass: 'CIM',
  // Every step that moves notes: into the escrow, into the units, back to the customer, into the
  // retract unit, from unit to unit (replenish, deplete) and through the counter (cash unit count).
  // An interrupted one is reported after a restart with what the device counted.
  journaledCommands: new Set(['WFS_CMD_CIM_CASH_IN', 'WFS_CMD_CIM_CASH_IN_END', 'WFS_CMD_CIM_CASH_IN_ROLLBACK', 'WFS_CMD_CIM_RETRACT', 'WFS_CMD_CIM_RESET',
    'WFS_CMD_CIM_REPLENISH', 'WFS_CMD_CIM_DEPLETE', 'WFS_CMD_CIM_CASH_UNIT_COUNT']),
  mappingFile: 'cim.json',
  statusCategory: 'WFS_INF_CIM_STATUS',
  capabilitiesCategory: 'WFS_INF_CIM_CAPABILITIES',
  commandTranslators: {
    cashInStart, cashIn, cashInEnd, cashInRollback, getCashInStatus, configureNoteTypes, getBankNoteTypes, retract, reset, openShutter, closeShutter,
    getStorage, getReplenishTarget, replenish, getDepleteSource, deplete, cashUnitCount,
    getDeviceLockStatus, deviceLockControl, presentMedia, configureNoteReader,
    getTellerInfo, setTellerInfo, getClassificationList, setClassificationList, setStorage, startExchange, endExchange,
    createSignature, compareSignature, getItemInfo,
  },
  eventTranslators: cimEventTranslators,
  commandSchemas: cimCommandSchemas,
  events: cimEvents,
  readStatus: readCimDevice,
  keepsStorage: cimKeepsStorage,
  readState: readCimState,
  readCapabilities: readCimCapabilities,
  buildStatus: (device, enums, view) => buildStatus(device, enums, view.exchangeActive),
  buildCapabilities,
  storageUnits: cimStorageUnits,
  statusInputs: (device) => device.status,
};
