// BCR struct layouts: 3.10 (the first BCR version; CEN header 3.10), 3.20 appended the anti-fraud
// module to status and capabilities, 3.30 the synchronizable commands to the capabilities.
import { extend, struct } from '../layout.ts';

export const BCR_STATUS_V310 = struct('bcr_status_v310_t', [
  ['fwDevice', 'u16'], ['fwBCRScanner', 'u16'], ['dwGuidLights', 'u32x:32'], ['lpszExtra', 'ptr'], ['wDevicePosition', 'u16'],
  ['usPowerSaveRecoveryTime', 'u16'],
]);
export const BCR_STATUS_V320 = extend(BCR_STATUS_V310, 'bcr_status_v320_t', [['wAntiFraudModule', 'u16']]);
export const BCR_CAPS_V310 = struct('bcr_caps_v310_t', [
  ['wClass', 'u16'], ['bCompound', 'bool'], ['bCanFilterSymbologies', 'bool'], ['lpwSymbologies', 'ptr'], ['dwGuidLights', 'u32x:32'],
  ['lpszExtra', 'ptr'], ['bPowerSaveControl', 'bool'],
]);
export const BCR_CAPS_V320 = extend(BCR_CAPS_V310, 'bcr_caps_v320_t', [['bAntiFraudModule', 'bool']]);
export const BCR_CAPS_V330 = extend(BCR_CAPS_V320, 'bcr_caps_v330_t', [['lpdwSynchronizableCommands', 'ptr']]);
export const BCR_XDATA = struct('bcr_xdata_t', [['usLength', 'u16'], ['lpbData', 'ptr']]);
export const BCR_READ_INPUT = struct('bcr_read_input_t', [['lpwSymbologies', 'ptr']]);
export const BCR_READ_OUTPUT = struct('bcr_read_output_t', [['wSymbology', 'u16'], ['lpxBarcodeData', 'ptr'], ['lpszSymbologyName', 'ptr']]);
export const BCR_SET_GUIDLIGHT = struct('bcr_set_guidlight_t', [['wGuidLight', 'u16'], ['dwCommand', 'u32']]);
