// The CDM class binding: everything class-specific the generic bridge service needs.
import type { CdmCapabilities } from '../../legacy-xfs3/cdm/types.ts';
import type { ClassBinding } from '../class-binding.ts';
import { calibrateCashUnit, closeShutter, openShutter, reset, retract, testCashUnits } from './cash-management.ts';
import { readCdmDevice, type CdmDevice } from './device.ts';
import { count, denominate, dispense, prepareDispense, present, reject } from './dispense.ts';
import { cdmEventTranslators } from './events.ts';
import { getMixTypes, getPresentStatus, getStorage } from './info.ts';
import { getMixTable, setMixTable } from './mix-table.ts';
import { cdmCommandSchemas, cdmEvents } from './schemas.ts';
import { buildCapabilities, buildStatus } from './status.ts';
import { endExchange, setStorage, startExchange } from './storage.ts';
import { getTellerInfo, setTellerInfo } from './teller.ts';
import { cdmStorageUnits } from './storage-units.ts';

export const cdmBinding: ClassBinding<CdmCapabilities, CdmDevice> = {
  serviceClass: 'CDM',
  // A reset may retract or reject notes left in the dispenser, a count empties units, a test moves one
  // note of every unit to the reject unit or the output, a calibration the notes asked for: movements too.
  journaledCommands: new Set(['WFS_CMD_CDM_DISPENSE', 'WFS_CMD_CDM_PRESENT', 'WFS_CMD_CDM_REJECT', 'WFS_CMD_CDM_RETRACT', 'WFS_CMD_CDM_RESET', 'WFS_CMD_CDM_COUNT', 'WFS_CMD_CDM_TEST_CASH_UNITS', 'WFS_CMD_CDM_CALIBRATE_CASH_UNIT']),
  mappingFile: 'cdm.json',
  statusCategory: 'WFS_INF_CDM_STATUS',
  capabilitiesCategory: 'WFS_INF_CDM_CAPABILITIES',
  commandTranslators: {
    denominate, dispense, present, reject, retract, reset, openShutter, closeShutter, getMixTypes, getPresentStatus, getStorage,
    getMixTable, setMixTable, prepareDispense, count, testCashUnits, setStorage, startExchange, endExchange,
    getTellerInfo, setTellerInfo, calibrateCashUnit,
  },
  eventTranslators: cdmEventTranslators,
  commandSchemas: cdmCommandSchemas,
  events: cdmEvents,
  readStatus: readCdmDevice,
  buildStatus: (device, enums) => buildStatus(device, enums),
  buildCapabilities,
  storageUnits: cdmStorageUnits,
  statusInputs: (device) => device.status,
};
