// The PIN class binding: everything class-specific the generic bridge service needs.
import type { PinCapabilities, PinStatus } from '../../legacy-xfs3/pin/types.ts';
import type { ClassBinding } from '../class-binding.ts';
import { digest, generateAuthentication, verifyAuthentication } from './authentication.ts';
import { certificateChange, loadCertificate, replaceCertificate, startAuthenticate } from './certificates.ts';
import { presentIdc } from './chip.ts';
import { cryptoData, generateRandom, getPinBlock, localDes, localVisa, setPinBlockData } from './crypto.ts';
import { pinEventTranslators } from './events.ts';
import { dataEntry, pinEntry, reset } from './keyboard.ts';
import { defineLayout } from './layout.ts';
import { getLayout } from './layout-query.ts';
import { secureKeyEntry } from './secure-entry.ts';
import { deleteKey, deriveKey, generateKcv, getKeyDetail, importKey, initialization } from './keys.ts';
import { exportRsaDeviceSignedItem, exportRsaIssuerSignedItem, generateRsaKeyPair, getCertificate, startKeyExchange } from './rsa.ts';
import { getQueryPciPtsDeviceId, keypressBeep, maintainPin } from './settings.ts';
import { pinCommandSchemas, pinEvents } from './schemas.ts';
import { buildCapabilities, buildStatus } from './status.ts';

export const pinBinding: ClassBinding<PinCapabilities, PinStatus> = {
  serviceClass: 'PIN',
  mappingFile: 'pin.json',
  statusCategory: 'WFS_INF_PIN_STATUS',
  capabilitiesCategory: 'WFS_INF_PIN_CAPABILITIES',
  commandTranslators: {
    pinEntry, dataEntry, getLayout, reset, getPinBlock, setPinBlockData, cryptoData, generateRandom, getKeyDetail, importKey, deleteKey, initialization,
    generateKcv, deriveKey, localDes, localVisa, presentIdc, generateAuthentication, verifyAuthentication, digest, maintainPin, keypressBeep, getQueryPciPtsDeviceId,
    generateRsaKeyPair, exportRsaDeviceSignedItem, exportRsaIssuerSignedItem, getCertificate, startKeyExchange,
    loadCertificate, replaceCertificate, startAuthenticate,
    secureKeyEntry, defineLayout,
  },
  eventTranslators: { ...pinEventTranslators, certificateChange },
  commandSchemas: pinCommandSchemas,
  // A real EPP encrypts while its keyboard waits for the customer: the encryptor's commands get a
  // session of their own, so they need not queue behind a PIN entry at the 3.x level.
  besideResources: ['encryptor'],
  events: pinEvents,
  buildStatus: (status, enums) => buildStatus(status, enums),
  buildCapabilities,
};
