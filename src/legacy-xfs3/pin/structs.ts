// PIN (encrypting PIN pad) struct layouts where versions differ (status, capabilities, key detail):
// the 3.0x structs (CEN header 3.03), the 3.20 ones (status and key detail unchanged in 3.30) and
// the 3.30 capabilities. No public 3.10 PIN header was found, so 3.10 providers are read with the
// 3.0x prefix, which every later struct begins with.
import { extend, struct } from '../layout.ts';

export const PIN_XDATA = struct('pin_xdata_t', [['usLength', 'u16'], ['lpbData', 'ptr']]);

export const PIN_STATUS_V300 = struct('pin_status_v300_t', [['fwDevice', 'u16'], ['fwEncStat', 'u16'], ['lpszExtra', 'ptr']]);
export const PIN_STATUS_V320 = extend(PIN_STATUS_V300, 'pin_status_v320_t', [
  ['dwGuidLights', 'u32x:32'], ['fwAutoBeepMode', 'u16'], ['dwCertificateState', 'u32'], ['wDevicePosition', 'u16'],
  ['usPowerSaveRecoveryTime', 'u16'], ['wAntiFraudModule', 'u16'],
]);

export const PIN_CAPS_V300 = struct('pin_caps_v300_t', [
  ['wClass', 'u16'], ['fwType', 'u16'], ['bCompound', 'bool'], ['usKeyNum', 'u16'], ['fwAlgorithms', 'u16'],
  ['fwPinFormats', 'u16'], ['fwDerivationAlgorithms', 'u16'], ['fwPresentationAlgorithms', 'u16'], ['fwDisplay', 'u16'],
  ['bIDConnect', 'bool'], ['fwIDKey', 'u16'], ['fwValidationAlgorithms', 'u16'], ['fwKeyCheckModes', 'u16'], ['lpszExtra', 'ptr'],
]);
export const PIN_CAPS_V320 = extend(PIN_CAPS_V300, 'pin_caps_v320_t', [
  ['dwGuidLights', 'u32x:32'], ['bPINCanPersistAfterUse', 'bool'], ['fwAutoBeep', 'u16'], ['lpsHSMVendor', 'ptr'],
  ['bHSMJournaling', 'bool'], ['dwRSAAuthenticationScheme', 'u32'], ['dwRSASignatureAlgorithm', 'u32'],
  ['dwRSACryptAlgorithm', 'u32'], ['dwRSAKeyCheckMode', 'u32'], ['dwSignatureScheme', 'u32'], ['lpwEMVImportSchemes', 'ptr'],
  ['fwEMVHashAlgorithm', 'u16'], ['bKeyImportThroughParts', 'bool'], ['fwENCIOProtocols', 'u16'], ['bTypeCombined', 'bool'],
  ['bSetPinblockDataRequired', 'bool'], ['fwKeyBlockImportFormats', 'u16'], ['bPowerSaveControl', 'bool'],
  ['bAntiFraudModule', 'bool'],
]);
export const PIN_CAPS_V330 = extend(PIN_CAPS_V320, 'pin_caps_v330_t', [
  ['wDESKeyLength', 'u16'], ['wCertificateTypes', 'u16'], ['lppLoadCertOptions', 'ptr'],
  ['dwCRKLLoadOptions', 'u32'], ['lpETSCaps', 'ptr'], ['lpdwSynchronizableCommands', 'ptr'], ['lppRestrictedKeyEncKeySupport', 'ptr'],
]);

export const PIN_KEY_DETAIL_V300 = struct('pin_key_detail_v300_t', [['lpsKeyName', 'ptr'], ['fwUse', 'u16'], ['bLoaded', 'bool']]);
export const PIN_KEY_DETAIL_V320 = extend(PIN_KEY_DETAIL_V300, 'pin_key_detail_v320_t', [['lpxKeyBlockHeader', 'ptr']]);

export const PIN_FDK = struct('pin_fdk_t', [['ulFDK', 'u32'], ['usXPosition', 'u16'], ['usYPosition', 'u16']]);
export const PIN_FUNCKEY_DETAIL = struct('pin_funckey_detail_t', [['ulFuncMask', 'u32'], ['usNumberFDKs', 'u16'], ['lppFDKs', 'ptr']]);

export const PIN_CRYPT = struct('pin_crypt_t', [
  ['wMode', 'u16'], ['lpsKey', 'ptr'], ['lpxKeyEncKey', 'ptr'], ['wAlgorithm', 'u16'], ['lpsStartValueKey', 'ptr'],
  ['lpxStartValue', 'ptr'], ['bPadding', 'u8'], ['bCompression', 'u8'], ['lpxCryptData', 'ptr'],
]);
export const PIN_IMPORT = struct('pin_import_t', [
  ['lpsKey', 'ptr'], ['lpsEncKey', 'ptr'], ['lpxIdent', 'ptr'], ['lpxValue', 'ptr'], ['fwUse', 'u16'],
]);
export const PIN_GETPIN = struct('pin_getpin_t', [
  ['usMinLen', 'u16'], ['usMaxLen', 'u16'], ['bAutoEnd', 'bool'], ['cEcho', 'u8'], ['ulActiveFDKs', 'u32'],
  ['ulActiveKeys', 'u32'], ['ulTerminateFDKs', 'u32'], ['ulTerminateKeys', 'u32'],
]);
export const PIN_ENTRY = struct('pin_entry_t', [['usDigits', 'u16'], ['wCompletion', 'u16']]);
export const PIN_BLOCK = struct('pin_block_t', [
  ['lpsCustomerData', 'ptr'], ['lpsXORData', 'ptr'], ['bPadding', 'u8'], ['wFormat', 'u16'], ['lpsKey', 'ptr'], ['lpsKeyEncKey', 'ptr'],
]);
export const PIN_GETDATA = struct('pin_getdata_t', [
  ['usMaxLen', 'u16'], ['bAutoEnd', 'bool'], ['ulActiveFDKs', 'u32'], ['ulActiveKeys', 'u32'], ['ulTerminateFDKs', 'u32'],
  ['ulTerminateKeys', 'u32'],
]);
export const PIN_KEY = struct('pin_key_t', [['wCompletion', 'u16'], ['ulDigit', 'u32']]);
export const PIN_DATA = struct('pin_data_t', [['usKeys', 'u16'], ['lpPinKeys', 'ptr'], ['wCompletion', 'u16']]);
export const PIN_INIT = struct('pin_init_t', [['lpxIdent', 'ptr'], ['lpxKey', 'ptr']]);
export const PIN_LOCAL_DES = struct('pin_local_des_t', [
  ['lpsValidationData', 'ptr'], ['lpsOffset', 'ptr'], ['bPadding', 'u8'], ['usMaxPIN', 'u16'], ['usValDigits', 'u16'], ['bNoLeadingZero', 'bool'],
  ['lpsKey', 'ptr'], ['lpxKeyEncKey', 'ptr'], ['lpsDecTable', 'ptr'],
]);
export const PIN_PRESENT_IDC = struct('pin_presentidc_t', [
  ['wPresentAlgorithm', 'u16'], ['wChipProtocol', 'u16'], ['ulChipDataLength', 'u32'], ['lpbChipData', 'ptr'], ['lpAlgorithmData', 'ptr'],
]);
export const PIN_PRESENT_CLEAR = struct('pin_presentclear_t', [['ulPINPointer', 'u32'], ['usPINOffset', 'u16']]);
export const PIN_PRESENT_RESULT = struct('pin_present_result_t', [['wChipProtocol', 'u16'], ['ulChipDataLength', 'u32'], ['lpbChipData', 'ptr']]);
export const PIN_LOCAL_VISA = struct('pin_local_visa_t', [['lpsPAN', 'ptr'], ['lpsPVV', 'ptr'], ['wPVVDigits', 'u16'], ['lpsKey', 'ptr'], ['lpxKeyEncKey', 'ptr']]);
export const PIN_DERIVE = struct('pin_derive_t', [
  ['wDerivationAlgorithm', 'u16'], ['lpsKey', 'ptr'], ['lpsKeyGenKey', 'ptr'], ['lpsStartValueKey', 'ptr'], ['lpxStartValue', 'ptr'],
  ['bPadding', 'u8'], ['lpxInputData', 'ptr'], ['lpxIdent', 'ptr'],
]);
export const PIN_GENERATE_KCV = struct('pin_generate_kcv_t', [['lpsKey', 'ptr'], ['wKeyCheckMode', 'u16']]);
export const PIN_KCV = struct('pin_kcv_t', [['lpxKCV', 'ptr']]);
export const PIN_DIGEST = struct('pin_digest_t', [['wHashAlgorithm', 'u16'], ['lpxDigestInput', 'ptr']]);
export const PIN_DIGEST_OUTPUT = struct('pin_digest_output_t', [['lpxDigestOutput', 'ptr']]);
export const PIN_MAINTAIN_PIN = struct('pin_maintain_pin_t', [['bMaintainPIN', 'bool']]);
export const PIN_ACCESS = struct('pin_access_t', [['lpsKeyName', 'ptr'], ['lErrorCode', 'i32']]);
export const PIN_PCIPTS_DEVICE_ID = struct('pin_pcipts_deviceid_t', [
  ['lpszManufacturerIdentifier', 'ptr'], ['lpszModelIdentifier', 'ptr'], ['lpszHardwareIdentifier', 'ptr'],
  ['lpszFirmwareIdentifier', 'ptr'], ['lpszApplicationIdentifier', 'ptr'],
]);
export const PIN_GENERATE_RSA_KEY_PAIR = struct('pin_generate_rsa_key_pair_t', [
  ['lpsKey', 'ptr'], ['dwUse', 'u32'], ['wModulusLength', 'u16'], ['wExponentValue', 'u16'],
]);
export const PIN_EXPORT_RSA_EPP_SIGNED_ITEM = struct('pin_export_rsa_epp_signed_item_t', [
  ['wExportItemType', 'u16'], ['lpsName', 'ptr'], ['lpsSigKey', 'ptr'], ['dwSignatureAlgorithm', 'u32'],
]);
export const PIN_EXPORT_RSA_EPP_SIGNED_ITEM_OUTPUT = struct('pin_export_rsa_epp_signed_item_output_t', [
  ['lpxValue', 'ptr'], ['lpxSelfSignature', 'ptr'], ['lpxSignature', 'ptr'],
]);
export const PIN_EXPORT_RSA_ISSUER_SIGNED_ITEM = struct('pin_export_rsa_issuer_signed_item_t', [['wExportItemType', 'u16'], ['lpsName', 'ptr']]);
export const PIN_EXPORT_RSA_ISSUER_SIGNED_ITEM_OUTPUT = struct('pin_export_rsa_issuer_signed_item_output_t', [
  ['lpxValue', 'ptr'], ['dwRSASignatureAlgorithm', 'u32'], ['lpxSignature', 'ptr'],
]);
export const PIN_GET_CERTIFICATE = struct('pin_get_certificate_t', [['wGetCertificate', 'u16']]);
export const PIN_GET_CERTIFICATE_OUTPUT = struct('pin_get_certificate_output_t', [['lpxCertificate', 'ptr']]);
export const PIN_START_KEY_EXCHANGE = struct('pin_start_key_exchange_t', [['lpxRandomItem', 'ptr']]);
export const PIN_LOAD_CERTIFICATE = struct('pin_load_certificate_t', [['lpxLoadCertificate', 'ptr']]);
export const PIN_LOAD_CERTIFICATE_OUTPUT = struct('pin_load_certificate_output_t', [['lpxCertificateData', 'ptr']]);
export const PIN_REPLACE_CERTIFICATE = struct('pin_replace_certificate_t', [['lpxReplaceCertificate', 'ptr']]);
export const PIN_REPLACE_CERTIFICATE_OUTPUT = struct('pin_replace_certificate_output_t', [['lpxNewCertificateData', 'ptr']]);
export const PIN_LOAD_CERTIFICATE_EX = struct('pin_load_certificate_ex_t', [['dwLoadOption', 'u32'], ['dwSigner', 'u32'], ['lpxCertificateData', 'ptr']]);
export const PIN_LOAD_CERTIFICATE_EX_OUTPUT = struct('pin_load_certificate_ex_output_t', [['dwRSAKeyCheckMode', 'u32'], ['lpxRSAData', 'ptr']]);
export const PIN_START_AUTHENTICATE = struct('pin_start_authenticate_t', [['dwCommandID', 'u32'], ['lpvInputData', 'ptr']]);
export const PIN_START_AUTHENTICATE_OUT = struct('pin_start_authenticate_out_t', [['hInternalCmdResult', 'i32'], ['lpxDataToSign', 'ptr'], ['dwSigners', 'u32']]);
export const PIN_SECUREKEY_ENTRY = struct('pin_securekey_entry_t', [
  ['usKeyLen', 'u16'], ['bAutoEnd', 'bool'], ['ulActiveFDKs', 'u32'], ['ulActiveKeys', 'u32'], ['ulTerminateFDKs', 'u32'],
  ['ulTerminateKeys', 'u32'], ['wVerificationType', 'u16'],
]);
export const PIN_SECUREKEY_ENTRY_OUT = struct('pin_securekey_entry_out_t', [['usDigits', 'u16'], ['wCompletion', 'u16'], ['lpxKCV', 'ptr']]);
// 3.30 touch screen (ETS) layouts: WFSPINFK, WFSPINFRAME, WFSPINLAYOUT, WFSPINETSCAPS.
export const PIN_FK = struct('pin_fk_t', [
  ['usXPos', 'u16'], ['usYPos', 'u16'], ['usXSize', 'u16'], ['usYSize', 'u16'], ['wKeyType', 'u16'], ['ulFK', 'u32'], ['ulShiftFK', 'u32'],
]);
export const PIN_FRAME = struct('pin_frame_t', [
  ['usFrameXPos', 'u16'], ['usFrameYPos', 'u16'], ['usFrameXSize', 'u16'], ['usFrameYSize', 'u16'], ['wFloatAction', 'u16'], ['lppFKs', 'ptr'],
]);
export const PIN_LAYOUT = struct('pin_layout_t', [['dwEntryMode', 'u32'], ['usNumberOfFrames', 'u16'], ['lppFrames', 'ptr']]);
export const PIN_ETS_CAPS = struct('pin_ets_caps_t', [
  ['lXPos', 'i32'], ['lYPos', 'i32'], ['usXSize', 'u16'], ['usYSize', 'u16'], ['wMaximumTouchFrames', 'u16'], ['wMaximumTouchKeys', 'u16'],
  ['wFloatFlags', 'u16'],
]);
// WFS_INF_PIN_SECUREKEY_DETAIL (3.03 header on: the same in 3.20 and 3.30) and the 3.30
// WFS_INF_PIN_GET_LAYOUT query.
export const PIN_HEX_KEYS = struct('pin_hex_keys_t', [
  ['usXPos', 'u16'], ['usYPos', 'u16'], ['usXSize', 'u16'], ['usYSize', 'u16'], ['ulFK', 'u32'], ['ulShiftFK', 'u32'],
]);
export const PIN_SECUREKEY_DETAIL = struct('pin_securekey_detail_t', [
  ['fwKeyEntryMode', 'u16'], ['lpFuncKeyDetail', 'ptr'], ['ulClearFDK', 'u32'], ['ulCancelFDK', 'u32'], ['ulBackspaceFDK', 'u32'],
  ['ulEnterFDK', 'u32'], ['wColumns', 'u16'], ['wRows', 'u16'], ['lppHexKeys', 'ptr'],
]);
export const PIN_GET_LAYOUT = struct('pin_get_layout_t', [['dwEntryMode', 'u32']]);
