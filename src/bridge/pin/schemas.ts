// Payload schemas of the Keyboard, PinPad, Crypto and KeyManagement commands this bridge offers, per
// message major (2: 2023-2, 3: 2024-03). Where 2024-03 raised a major only to tighten base64 to its
// canonical form, drop bounds or add a token the 3.x device cannot give, both majors share the schema
// and translator: the output is canonical base64 either way. Additional properties are allowed (seed
// 2.3.3.1) and ignored.
import type { PayloadSchema } from '../../xfs4iot/backend.ts';
import type { CommandSchemaEntry } from '../class-binding.ts';

function object(properties: Record<string, PayloadSchema>, required: string[] = []): PayloadSchema {
  return { type: 'object', properties, ...(required.length > 0 ? { required } : {}) };
}

const base64: PayloadSchema = { type: 'string', pattern: '^[A-Za-z0-9+/]+={0,2}$' };
const keyName: PayloadSchema = { type: 'string', minLength: 1, maxLength: 32 };
const count: PayloadSchema = { type: 'integer', minimum: 0, maximum: 65535 };
const activeKeys: PayloadSchema = {
  type: 'object',
  propertyNames: { pattern: '^(?:zero|one|two|three|four|five|six|seven|eight|nine|[a-f]|enter|cancel|clear|backspace|help|decPoint|shift|doubleZero|tripleZero|fdk(?:0[1-9]|[12][0-9]|3[0-2])|oem[0-9]+)$' },
  additionalProperties: object({ terminate: { type: 'boolean' } }),
};
const cryptoMethods = ['ecb', 'cbc', 'cfb', 'ofb', 'ctr', 'xts', 'rsaesPkcs1V15', 'rsaesOaep'];

/** GenerateAuthentication / VerifyAuthentication: a MAC over data with a named key (RSA is refused by the translator). */
function authentication(extra: Record<string, PayloadSchema>, required: string[]): PayloadSchema {
  return object({
    key: keyName, data: { ...base64, maxLength: 87384 }, storedKey: keyName, iv: object({ key: keyName, value: base64 }),
    padding: { type: 'integer', minimum: 0, maximum: 255 }, compression: { type: 'string', pattern: '^[ @]$' },
    cryptoMethod: { enum: ['rsassaPkcs1V15', 'rsassaPss'] }, hashAlgorithm: { enum: ['sha1', 'sha256'] }, ...extra,
  }, ['key', 'data', ...required]);
}

// Keyboard.DefineLayout: frames per entry mode; positions are WORDs in 3.x.
const position: PayloadSchema = { type: 'integer', minimum: 0, maximum: 65535 };
const keyNamePattern = activeKeys.propertyNames as PayloadSchema;
const layoutFrames: PayloadSchema = {
  type: 'array',
  items: object({
    xPos: position, yPos: position, xSize: position, ySize: position, float: object({ x: { type: 'boolean' }, y: { type: 'boolean' } }),
    keys: {
      type: 'array',
      items: object({ xPos: position, yPos: position, xSize: position, ySize: position, key: { type: 'string', ...keyNamePattern }, shiftKey: { type: 'string', ...keyNamePattern } }),
    },
  }),
};
const layoutModes = object({ data: layoutFrames, pin: layoutFrames, secure: layoutFrames });

type SchemaFor = CommandSchemaEntry['payload'];
const none: SchemaFor = () => undefined;

// GetPinBlock and SetPinBlockData carry the same PIN block data.
const pinBlockPayload = object({
  // Optional and hexadecimal in both releases (PAN digits for ISO 0/ANSI, a hex value for others).
  customerData: { type: 'string', pattern: '^[0-9a-fA-F]{2,}$', maxLength: 64 },
  xorData: { type: 'string', pattern: '^[0-9a-fA-F]{2,}$' },
  padding: { type: 'integer', minimum: 0, maximum: 15 },
  format: { enum: ['ibm3624', 'ansi', 'iso0', 'iso1', 'eci2', 'eci3', 'visa', 'diebold', 'dieboldCo', 'visa3', 'banksys', 'emv', 'iso3', 'ap', 'iso4'] },
  key: keyName, secondEncKey: keyName, cryptoMethod: { enum: cryptoMethods },
}, ['format', 'key']);

export const pinCommandSchemas: Record<string, CommandSchemaEntry> = {
  'Keyboard.GetLayout': { majors: [2, 3], payload: () => object({ entryMode: { enum: ['data', 'pin', 'secure'] } }) },
  'Keyboard.PinEntry': {
    majors: [2],
    payload: () => object({ minLen: count, maxLen: count, autoEnd: { type: 'boolean' }, echo: { type: 'string', maxLength: 1 }, activeKeys }, ['activeKeys']),
  },
  'Keyboard.DataEntry': { majors: [2], payload: () => object({ maxLen: count, autoEnd: { type: 'boolean' }, activeKeys }, ['activeKeys']) },
  'Keyboard.Reset': { majors: [2], payload: none },
  'PinPad.GetPinBlock': { majors: [2, 3], payload: () => pinBlockPayload },
  'PinPad.SetPinBlockData': { majors: [2], payload: () => pinBlockPayload },
  'PinPad.Reset': { majors: [2], payload: none },
  'Crypto.CryptoData': {
    majors: [2, 3],
    payload: () => object({
      key: keyName, storedKey: keyName, iv: object({ key: keyName, value: base64 }), padding: { type: 'integer', minimum: 0, maximum: 255 },
      modeOfUse: { enum: ['D', 'E'] }, cryptoMethod: { enum: cryptoMethods }, data: base64,
    }, ['key', 'data']),
  },
  'Crypto.GenerateRandom': { majors: [2, 3], payload: none },
  'KeyManagement.GetKeyDetail': { majors: [2], payload: () => object({ keyName }) },
  'KeyManagement.ImportKey': {
    majors: [2, 3],
    payload: () => object({
      key: keyName,
      keyAttributes: object({ keyUsage: { type: 'string' }, algorithm: { type: 'string' }, modeOfUse: { type: 'string' }, restrictedKeyUsage: { type: 'string' } }),
      value: base64, constructing: { type: 'boolean' }, decryptKey: keyName, decryptMethod: { enum: cryptoMethods },
      verificationData: base64, verifyKey: keyName, verifyAttributes: object({ cryptoMethod: { type: 'string' }, hashAlgorithm: { type: 'string' } }),
      vendorAttributes: { type: 'string' },
    }, ['key']),
  },
  'KeyManagement.DeleteKey': { majors: [2, 3], payload: () => object({ key: keyName, authentication: object({ method: { type: 'string' }, key: keyName, data: base64 }) }) },
  'KeyManagement.Initialization': {
    majors: [2, 3],
    payload: () => object({ authentication: object({ method: { type: 'string' }, key: keyName, data: base64 }) }),
  },
  'KeyManagement.Reset': { majors: [2], payload: none },
  'PinPad.LocalDES': {
    majors: [2],
    payload: () => object({
      validationData: { type: 'string', pattern: '^[0-9]{16}$' }, offset: { type: 'string', pattern: '^[0-9a-fA-F]{1,16}$' },
      padding: { type: 'string', pattern: '^0[0-9a-fA-F]$|^3[0-9]$|^4[1-6]$|^6[1-6]$' }, maxPIN: { type: 'integer', minimum: 0 },
      valDigits: { type: 'integer', minimum: 0 }, noLeadingZero: { type: 'boolean' }, key: keyName, keyEncKey: { type: 'string' },
      decTable: { type: 'string', pattern: '^[0-9]{16}$' },
    }, ['validationData', 'key', 'decTable']),
  },
  // Both releases' schema patterns pan as 23 digits (their example); the text asks for the 11 PAN
  // digits and the PVKI, which is what the 3.x pad reads: 12 to 23 digits are taken.
  'PinPad.LocalVisa': {
    majors: [2, 3],
    payload: () => object({
      pan: { type: 'string', pattern: '^[0-9]{12,23}$' }, pvv: { type: 'string', pattern: '^[0-9]{4,16}$' }, key: keyName, keyEncKey: { type: 'string' },
    }, ['pan', 'pvv', 'key']),
  },
  'PinPad.PresentIDC': {
    majors: [2, 3],
    payload: () => object({
      presentAlgorithm: { enum: ['presentClear'] }, chipProtocol: { type: 'string' }, chipData: base64,
      algorithmData: object({ pinPointer: { type: 'integer', minimum: 0 }, pinOffset: { type: 'integer', minimum: 0 } }, ['pinPointer', 'pinOffset']),
    }, ['chipProtocol', 'chipData', 'algorithmData']),
  },
  'KeyManagement.DeriveKey': {
    majors: [2],
    payload: () => object({
      derivationAlgorithm: { enum: ['chipZka'] }, key: keyName, keyGenKey: keyName, storedKey: keyName,
      iv: object({ key: keyName, value: base64 }), padding: { type: 'integer', minimum: 0, maximum: 255 }, inputData: base64,
    }, ['key', 'keyGenKey', 'inputData']),
  },
  'KeyManagement.GenerateKCV': { majors: [2, 3], payload: () => object({ key: keyName, keyCheckMode: { enum: ['self', 'zero'] } }, ['key', 'keyCheckMode']) },
  'Crypto.GenerateAuthentication': { majors: [2, 3], payload: () => authentication({ authenticationDatalength: { type: 'integer', minimum: 4, maximum: 8 } }, []) },
  'Crypto.VerifyAuthentication': { majors: [2, 3], payload: () => authentication({ verifyData: base64 }, ['verifyData']) },
  'Crypto.Digest': {
    majors: [2, 3],
    payload: () => object({ hashAlgorithm: { enum: ['sha1', 'sha256'] }, data: { ...base64, maxLength: 87384 } }, ['hashAlgorithm', 'data']),
  },
  'PinPad.MaintainPin': { majors: [2], payload: () => object({ maintainPIN: { type: 'boolean' } }, ['maintainPIN']) },
  'PinPad.GetQueryPCIPTSDeviceId': { majors: [2], payload: none },
  'KeyManagement.GenerateRSAKeyPair': {
    majors: [2],
    payload: () => object({
      key: keyName, use: { enum: ['rsaPrivate', 'rsaPrivateSign'] }, modulusLength: count,
      exponentValue: { enum: ['device', 'exponent1', 'exponent4', 'exponent16'] },
    }, ['key', 'use']),
  },
  'KeyManagement.ExportRSADeviceSignedItem': {
    majors: [2, 3],
    payload: () => object({
      exportItemType: { enum: ['deviceId', 'publicKey'] }, name: keyName, sigKey: keyName,
      signatureAlgorithm: { enum: ['na', 'rsassaPkcs1V15', 'rsassaPss'] },
    }, ['exportItemType']),
  },
  'KeyManagement.ExportRSAIssuerSignedItem': {
    majors: [2, 3], payload: () => object({ exportItemType: { enum: ['deviceId', 'publicKey'] }, name: keyName }, ['exportItemType']),
  },
  'KeyManagement.GetCertificate': {
    majors: [2, 3], payload: () => object({ getCertificate: { enum: ['enckey', 'verificationkey', 'hostkey'] } }, ['getCertificate']),
  },
  'KeyManagement.StartKeyExchange': { majors: [2, 3], payload: none },
  'KeyManagement.LoadCertificate': {
    majors: [2, 3],
    payload: () => object({ loadOption: { enum: ['newHost', 'replaceHost'] }, signer: { enum: ['certHost', 'ca', 'hl'] }, certificateData: base64 }, ['certificateData']),
  },
  'KeyManagement.ReplaceCertificate': { majors: [2, 3], payload: () => object({ replaceCertificate: base64 }, ['replaceCertificate']) },
  'KeyManagement.StartAuthenticate': {
    majors: [2, 3],
    payload: () => object({ command: object({ deleteKey: object({ key: keyName }), initialization: { type: 'object' } }) }, ['command']),
  },
  'Keyboard.SecureKeyEntry': {
    majors: [2, 3],
    payload: () => object({
      keyLen: { enum: ['number16', 'number32', 'number48', 'number64'] }, autoEnd: { type: 'boolean' }, activeKeys,
      verificationType: { enum: ['self', 'zero'] }, cryptoMethod: { enum: ['des', 'tripleDes', 'aes'] },
    }, ['keyLen', 'activeKeys']),
  },
  'Keyboard.DefineLayout': { majors: [2, 3], payload: () => object({ layout: layoutModes }, ['layout']) },
  'Keyboard.KeypressBeep': { majors: [2], payload: () => object({ mode: object({ active: { type: 'boolean' }, inactive: { type: 'boolean' } }) }) },
};

/** XFS4IoT events of the PIN services and their kinds (solicited event or unsolicited). */
export const pinEvents: Record<string, { kind: 'event' | 'unsolicited'; version: string }> = {
  'Keyboard.KeyEvent': { kind: 'event', version: '2.0' },
  'KeyManagement.InitializedEvent': { kind: 'unsolicited', version: '2.0' },
  'KeyManagement.IllegalKeyAccessEvent': { kind: 'unsolicited', version: '2.0' },
  'KeyManagement.CertificateChangeEvent': { kind: 'unsolicited', version: '2.0' },
  'Keyboard.EnterDataEvent': { kind: 'event', version: '2.0' },
  'Keyboard.LayoutEvent': { kind: 'event', version: '2.0' },
};
