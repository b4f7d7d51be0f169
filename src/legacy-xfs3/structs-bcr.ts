// BCR struct layouts (3.20 and 3.30: the status is the same, the 3.30 capabilities append the
// synchronizable commands).
import { struct } from './layout.ts';
import type { StructSpec } from './layout.ts';

export const BCR_STATUS = struct('bcr_status_t', [
  ['fwDevice', 'u16'], ['fwBCRScanner', 'u16'], ['dwGuidLights', 'u32x:32'], ['lpszExtra', 'ptr'], ['wDevicePosition', 'u16'],
  ['usPowerSaveRecoveryTime', 'u16'], ['wAntiFraudModule', 'u16'],
]);
const caps320: StructSpec = [
  ['wClass', 'u16'], ['bCompound', 'bool'], ['bCanFilterSymbologies', 'bool'], ['lpwSymbologies', 'ptr'], ['dwGuidLights', 'u32x:32'],
  ['lpszExtra', 'ptr'], ['bPowerSaveControl', 'bool'], ['bAntiFraudModule', 'bool'],
];
export const BCR_CAPS_V320 = struct('bcr_caps_v320_t', caps320);
export const BCR_CAPS_V330 = struct('bcr_caps_v330_t', [...caps320, ['lpdwSynchronizableCommands', 'ptr']]);
export const BCR_XDATA = struct('bcr_xdata_t', [['usLength', 'u16'], ['lpbData', 'ptr']]);
export const BCR_READ_INPUT = struct('bcr_read_input_t', [['lpwSymbologies', 'ptr']]);
export const BCR_READ_OUTPUT = struct('bcr_read_output_t', [['wSymbology', 'u16'], ['lpxBarcodeData', 'ptr'], ['lpszSymbologyName', 'ptr']]);
export const BCR_SET_GUIDLIGHT = struct('bcr_set_guidlight_t', [['wGuidLight', 'u16'], ['dwCommand', 'u32']]);
