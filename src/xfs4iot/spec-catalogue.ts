// Command names the XFS4IoT specification defines per interface (from the seed's table of contents,
// plus commands added by the 2023-2/2024-03 releases). Used only to tell `unsupportedCommand`
// (defined for the interface, not offered by this service) from `invalidCommand` (unknown).
const COMMANDS: Record<string, string> = {
  ServicePublisher: 'GetServices',
  Common: 'Status Capabilities SetVersions Cancel PowerSaveControl SetTransactionState GetTransactionState GetCommandNonce ClearCommandNonce',
  CardReader: 'QueryIFMIdentifier EMVClessQueryApplications ReadRawData WriteRawData Move SetKey ChipIO Reset ChipPower EMVClessConfigure EMVClessPerformTransaction EMVClessIssuerUpdate',
  CashManagement: 'GetBankNoteTypes GetTellerInfo SetTellerInfo GetItemInfo GetClassificationList SetClassificationList CloseShutter OpenShutter Retract Reset OpenSafeDoor CalibrateCashUnit',
  CashDispenser: 'GetMixTypes GetMixTable GetPresentStatus Denominate Dispense Present Reject SetMixTable TestCashUnits Count PrepareDispense',
  CashAcceptor: 'GetCashInStatus GetPositionCapabilities GetReplenishTarget GetDeviceLockStatus GetDepleteSource GetPresentStatus CashInStart CashIn CashInEnd CashInRollback ConfigureNoteTypes CreateSignature ConfigureNoteReader CompareSignature Replenish CashUnitCount DeviceLockControl PresentMedia Deplete PreparePresent',
  KeyManagement: 'GetKeyDetail Initialization DeriveKey Reset ImportKey DeleteKey ExportRSAIssuerSignedItem GenerateRSAKeyPair ExportRSADeviceSignedItem GetCertificate ReplaceCertificate StartKeyExchange GenerateKCV LoadCertificate StartAuthenticate ImportKeyToken ImportEmvPublicKey',
  Crypto: 'GenerateRandom CryptoData GenerateAuthentication VerifyAuthentication Digest',
  Keyboard: 'GetLayout PinEntry DataEntry Reset SecureKeyEntry KeyPressBeep DefineLayout',
  PinPad: 'GetQueryPCIPTSDDeviceId LocalDES LocalVisa PresentIDC Reset MaintainPin SetPinBlockData GetPinBlock',
  Printer: 'GetFormList GetMediaList GetQueryForm GetQueryMedia GetQueryField GetCodelineMapping ControlMedia PrintForm PrintRaw PrintNative ReadForm ReadImage MediaExtents ResetCount Reset RetractMedia DispensePaper LoadDefinition SupplyReplenish ControlPassbook SetBlackMarkMode ClearBuffer SetForm SetMedia',
  TextTerminal: 'GetFormList GetQueryForm GetQueryField GetKeyDetail Beep ClearScreen SetResolution WriteForm ReadForm Write Read Reset DefineKeys LoadForm SetForm',
  BarcodeReader: 'Read Reset',
  Biometric: 'GetStorageInfo Read Import Match SetMatch Clear Reset SetDataPersistence',
  Camera: 'TakePicture Reset',
  Lights: 'SetLight',
  Auxiliaries: 'GetAutoStartupTime ClearAutoStartupTime Register SetAuxiliaries SetAutoStartupTime',
  Storage: 'GetStorage SetStorage StartExchange EndExchange',
  VendorMode: 'Register EnterModeRequest EnterModeAcknowledge ExitModeRequest ExitModeAcknowledge',
  VendorApplication: 'StartLocalApplication GetActiveInterface SetActiveInterface',
  Check: 'GetTransactionStatus MediaIn MediaInEnd MediaInRollback ReadImage SetMediaParameters PresentMedia RetractMedia Reset SupplyReplenish AcceptItem ActionItem ExpelMedia GetNextItem',
  Deposit: 'Entry Dispense Retract Reset SupplyReplenish',
  MixedMedia: 'SetMode',
  BanknoteNeutralization: 'SetProtection TriggerNeutralization',
  PowerManagement: 'PowerSaveControl',
};

const KNOWN = new Set(
  Object.entries(COMMANDS).flatMap(([iface, names]) => names.split(' ').map((n) => `${iface}.${n}`)),
);

export function isSpecCommand(name: string): boolean {
  return KNOWN.has(name);
}

export function interfaceOf(name: string): string {
  const dot = name.indexOf('.');
  return dot < 0 ? name : name.slice(0, dot);
}
