// IDC struct layouts per version. 3.00-style services end WFSIDCSTATUS and WFSIDCCAPS at
// lpszExtra; 3.20 appended the guidance-light, module and parking fields; 3.30 appended
// lpdwSynchronizableCommands to the capabilities. A later layout is always the earlier one
// plus fields at the end, so reading the older prefix of a newer struct is safe.
import { extend, struct } from '../layout.ts';

export const IDC_STATUS_V300 = struct('idc_status_v300_t', [
  ['fwDevice', 'u16'], ['fwMedia', 'u16'], ['fwRetainBin', 'u16'], ['fwSecurity', 'u16'],
  ['usCards', 'u16'], ['fwChipPower', 'u16'], ['lpszExtra', 'ptr'],
]);
export const IDC_STATUS_V320 = extend(IDC_STATUS_V300, 'idc_status_v320_t', [
  ['dwGuidLights', 'u32x:32'], ['fwChipModule', 'u16'], ['fwMagReadModule', 'u16'],
  ['fwMagWriteModule', 'u16'], ['fwFrontImageModule', 'u16'], ['fwBackImageModule', 'u16'],
  ['wDevicePosition', 'u16'], ['usPowerSaveRecoveryTime', 'u16'], ['lpwParkingStationMedia', 'ptr'],
  ['wAntiFraudModule', 'u16'],
]);

export const IDC_CAPS_V300 = struct('idc_caps_v300_t', [
  ['wClass', 'u16'], ['fwType', 'u16'], ['bCompound', 'bool'], ['fwReadTracks', 'u16'],
  ['fwWriteTracks', 'u16'], ['fwChipProtocols', 'u16'], ['usCards', 'u16'], ['fwSecType', 'u16'],
  ['fwPowerOnOption', 'u16'], ['fwPowerOffOption', 'u16'], ['bFluxSensorProgrammable', 'bool'],
  ['bReadWriteAccessFollowingEject', 'bool'], ['fwWriteMode', 'u16'], ['fwChipPower', 'u16'],
  ['lpszExtra', 'ptr'],
]);
export const IDC_CAPS_V320 = extend(IDC_CAPS_V300, 'idc_caps_v320_t', [
  ['fwDIPMode', 'u16'], ['lpwMemoryChipProtocols', 'ptr'], ['dwGuidLights', 'u32x:32'],
  ['fwEjectPosition', 'u16'], ['bPowerSaveControl', 'bool'], ['usParkingStations', 'u16'],
  ['bAntiFraudModule', 'bool'],
]);
export const IDC_CAPS_V330 = extend(IDC_CAPS_V320, 'idc_caps_v330_t', [
  ['lpdwSynchronizableCommands', 'ptr'],
]);

// WFSIDCFORM: the 3.0x struct ends at lpszTrack3Fields (CEN header 3.02), 3.10 appended front
// track 1, 3.20 the JIS I tracks 1 and 3.
export const IDC_FORM_V300 = struct('idc_form_v300_t', [
  ['lpszFormName', 'ptr'], ['cFieldSeparatorTrack1', 'u8'], ['cFieldSeparatorTrack2', 'u8'],
  ['cFieldSeparatorTrack3', 'u8'], ['fwAction', 'u16'], ['lpszTracks', 'ptr'], ['bSecure', 'bool'],
  ['lpszTrack1Fields', 'ptr'], ['lpszTrack2Fields', 'ptr'], ['lpszTrack3Fields', 'ptr'],
]);
export const IDC_FORM_V310 = extend(IDC_FORM_V300, 'idc_form_v310_t', [
  ['lpszFrontTrack1Fields', 'ptr'], ['cFieldSeparatorFrontTrack1', 'u8'],
]);
export const IDC_FORM_V320 = extend(IDC_FORM_V310, 'idc_form_v320_t', [
  ['lpszJIS1Track1Fields', 'ptr'], ['lpszJIS1Track3Fields', 'ptr'], ['cFieldSeparatorJIS1Track1', 'u8'], ['cFieldSeparatorJIS1Track3', 'u8'],
]);

export const IDC_IFM_IDENTIFIER = struct('idc_ifm_identifier_t', [['wIFMAuthority', 'u16'], ['lpszIFMIdentifier', 'ptr']]);
export const IDC_HEX_DATA = struct('idc_hex_data_t', [['ulLength', 'u32'], ['lpbData', 'ptr']]);
export const IDC_APP_DATA = struct('idc_app_data_t', [['lpAID', 'ptr'], ['lpKernelIdentifier', 'ptr']]);
export const IDC_RETAIN_CARD = struct('idc_retain_card_t', [['usCount', 'u16'], ['fwPosition', 'u16']]);
export const IDC_SETKEY = struct('idc_setkey_t', [['usKeyLen', 'u16'], ['lpbKeyValue', 'ptr']]);
export const IDC_CARD_DATA = struct('idc_card_data_t', [
  ['wDataSource', 'u16'], ['wStatus', 'u16'], ['ulDataLength', 'u32'], ['lpbData', 'ptr'], ['fwWriteMethod', 'u16'],
]);
export const IDC_CHIP_IO = struct('idc_chip_io_t', [['wChipProtocol', 'u16'], ['ulChipDataLength', 'u32'], ['lpbChipData', 'ptr']]);
export const IDC_CHIP_POWER_OUT = struct('idc_chip_power_out_t', [['ulChipDataLength', 'u32'], ['lpbChipData', 'ptr']]);
export const IDC_SET_GUIDLIGHT = struct('idc_set_guidlight_t', [['wGuidLight', 'u16'], ['dwCommand', 'u32']]);
export const IDC_EJECT_CARD = struct('idc_eject_card_t', [['wEjectPosition', 'u16']]);
export const IDC_POWER_SAVE_CONTROL = struct('idc_power_save_control_t', [['usMaxPowerSaveRecoveryTime', 'u16']]);
export const IDC_PARK_CARD = struct('idc_park_card_t', [['wDirection', 'u16'], ['usParkingStation', 'u16']]);
export const IDC_AID_DATA = struct('idc_aid_data_t', [
  ['lpAID', 'ptr'], ['bPartialSelection', 'bool'], ['ulTransactionType', 'u32'], ['lpKernelIdentifier', 'ptr'],
  ['lpConfigData', 'ptr'],
]);
export const IDC_KEY_DATA = struct('idc_key_data_t', [
  ['lpRID', 'ptr'], ['wCAPublicKeyIndex', 'u16'], ['wAPublicKeyAlgorithmIndicator', 'u16'],
  ['lpCAPublicKeyExponent', 'ptr'], ['lpCAPublicKeyModulus', 'ptr'], ['lpbCAPublicKeyCheckSum', 'ptr'],
]);
export const IDC_EMVCLESS_CONFIG_DATA = struct('idc_emvcless_config_data_t', [
  ['lpTerminalData', 'ptr'], ['lppAIDData', 'ptr'], ['lppKeyData', 'ptr'],
]);
export const IDC_EMVCLESS_TX_DATA = struct('idc_emvcless_tx_data_t', [['lpData', 'ptr']]);
export const IDC_EMVCLESS_UI = struct('idc_emvcless_ui_t', [
  ['wMessageId', 'u16'], ['wStatus', 'u16'], ['ulHoldTime', 'u32'], ['wValueQualifier', 'u16'],
  ['lpszValue', 'ptr'], ['lpszCurrencyCode', 'ptr'], ['lpszLanguagePreferenceData', 'ptr'],
]);
export const IDC_EMVCLESS_OUTCOME = struct('idc_emvcless_outcome_t', [
  ['wCVM', 'u16'], ['wAlternateInterface', 'u16'], ['bReceipt', 'bool'], ['lpClessUIOutcome', 'ptr'],
  ['lpClessUIRestart', 'ptr'], ['ulClessFieldOffHoldTime', 'u32'], ['ulCardRemovalTimeoutValue', 'u32'],
  ['lpDiscretionaryData', 'ptr'],
]);
export const IDC_EMVCLESS_TX_OUTPUT = struct('idc_emvcless_tx_output_t', [
  ['wDataSource', 'u16'], ['wTxOutcome', 'u16'], ['wCardholderAction', 'u16'], ['lpDataRead', 'ptr'],
  ['lpClessOutcome', 'ptr'],
]);
export const IDC_TRACK_EVENT = struct('idc_track_event_t', [['fwStatus', 'u16'], ['lpstrTrack', 'ptr'], ['lpstrData', 'ptr']]);
export const IDC_CARD_ACT = struct('idc_card_act_t', [['wAction', 'u16'], ['wPosition', 'u16']]);
export const IDC_DEVICE_POSITION = struct('idc_device_position_t', [['wPosition', 'u16']]);
export const IDC_POWER_SAVE_CHANGE = struct('idc_power_save_change_t', [['usPowerSaveRecoveryTime', 'u16']]);
export const IDC_TRACK_DETECTED = struct('idc_track_detected_t', [['fwTracks', 'u16']]);
export const IDC_EMVCLESS_READ_STATUS = struct('idc_emvcless_read_status_t', [['lpClessUI', 'ptr']]);
