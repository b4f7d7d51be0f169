// Payload schemas of the Lights and Auxiliaries commands this bridge offers, per message major:
// 2 = the 2023-2 release, 3 = the 2024-03 release (Lights.SetLight moved to 3.0 with the same
// properties). Additional properties are allowed (seed 2.3.3.1); the translators refuse what a 3.x
// SIU cannot do.
import type { PayloadSchema } from '../../xfs4iot/backend.ts';
import type { CommandSchemaEntry } from '../class-binding.ts';

const nullable = (values: string[]): PayloadSchema => ({ enum: [...values, null] });
const positionStatus: PayloadSchema = {
  type: 'object',
  properties: {
    flashRate: nullable(['off', 'slow', 'medium', 'quick', 'continuous']),
    color: nullable(['red', 'green', 'yellow', 'blue', 'cyan', 'magenta', 'white']),
    direction: nullable(['entry', 'exit']),
  },
};
const light: PayloadSchema = { type: ['object', 'null'], additionalProperties: positionStatus };
const lightNames = [
  'cardReader', 'pinPad', 'notesDispenser', 'coinDispenser', 'receiptPrinter', 'passbookPrinter', 'envelopeDepository', 'checkUnit',
  'billAcceptor', 'envelopeDispenser', 'documentPrinter', 'coinAcceptor', 'scanner', 'contactless', 'cardReader2', 'notesDispenser2',
  'billAcceptor2', 'statusGood', 'statusWarning', 'statusBad', 'statusSupervisor', 'statusInService', 'fasciaLight',
];
const setLight: PayloadSchema = { type: 'object', properties: Object.fromEntries(lightNames.map((name) => [name, light])) };
/** 2023-2: one state per light, its position inside. */
const lightState2: PayloadSchema = {
  type: ['object', 'null'],
  properties: { ...(positionStatus as { properties: Record<string, PayloadSchema> }).properties, position: nullable(['left', 'right', 'center', 'top', 'bottom', 'front', 'rear', 'default']) },
};
const setLight2: PayloadSchema = { type: 'object', properties: Object.fromEntries(lightNames.map((name) => [name, lightState2])) };

const boltable = nullable(['bolt', 'unbolt']);
const onOff = nullable(['on', 'off']);
const audioMode = nullable(['publicAudioManual', 'publicAudioAuto', 'publicAudioSemiAuto', 'privateAudioManual', 'privateAudioAuto', 'privateAudioSemiAuto']);
const level: PayloadSchema = { type: ['integer', 'null'], minimum: 1, maximum: 1000 };
const setAuxiliaries: PayloadSchema = {
  type: 'object',
  properties: {
    cabinetDoors: boltable, safeDoor: boltable, vandalShield: nullable(['closed', 'open', 'service', 'keyboard']),
    frontCabinetDoors: boltable, rearCabinetDoors: boltable, leftCabinetDoors: boltable, rightCabinetDoors: boltable,
    openClose: nullable(['closed', 'open']), audio: { type: ['object', 'null'] }, heating: onOff, consumerDisplayBackLight: onOff,
    signageDisplay: onOff, volume: level, ups: nullable(['engage', 'disengage']), audibleAlarm: onOff,
    enhancedAudioControl: audioMode, enhancedMicrophoneControl: audioMode, microphoneVolume: level,
  },
};
const registerNames = [
  'operatorSwitch', 'tamperSensor', 'internalTamperSensor', 'seismicSensor', 'heatSensor', 'proximitySensor', 'ambientLightSensor',
  'enhancedAudioSensor', 'bootSwitchSensor', 'consumerDisplaySensor', 'operatorCallButtonSensor', 'handsetSensor', 'headsetMicrophoneSensor',
  'fasciaMicrophoneSensor', 'cabinetDoor', 'safeDoor', 'vandalShield', 'cabinetFront', 'cabinetRear', 'cabinetRight', 'cabinetLeft',
  'openCloseIndicator', 'audioIndicator', 'heatingIndicator', 'consumerDisplayBacklight', 'signageDisplay', 'volume', 'ups', 'audibleAlarm',
  'enhancedAudioControl', 'enhancedMicrophoneControl', 'microphoneVolume',
];
const register: PayloadSchema = { type: 'object', properties: Object.fromEntries(registerNames.map((name) => [name, nullable(['register', 'deregister'])])) };

const dayOfWeek = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const optionalInt = (maximum: number): PayloadSchema => ({ type: ['integer', 'null'], minimum: 0, maximum });
const setAutoStartupTime: PayloadSchema = {
  type: 'object',
  required: ['mode', 'startTime'],
  properties: {
    mode: { enum: ['specific', 'daily', 'weekly'] },
    startTime: {
      type: 'object',
      properties: {
        year: { type: ['integer', 'null'], minimum: 1601, maximum: 30827 }, month: { type: ['integer', 'null'], minimum: 1, maximum: 12 },
        dayOfWeek: nullable(dayOfWeek), day: { type: ['integer', 'null'], minimum: 1, maximum: 31 }, hour: optionalInt(23), minute: optionalInt(59),
      },
    },
  },
};

export const siuCommandSchemas: Record<string, CommandSchemaEntry> = {
  // 2024-03 defines SetLight as a 3.0 command with a 2.0 completion.
  'Lights.SetLight': { majors: [2, 3], payload: (major) => (major >= 3 ? setLight : setLight2) },
  'Auxiliaries.SetAuxiliaries': { majors: [2], payload: () => setAuxiliaries },
  'Auxiliaries.Register': { majors: [2], payload: () => register },
  'Auxiliaries.GetAutoStartupTime': { majors: [2], payload: () => undefined },
  'Auxiliaries.SetAutoStartupTime': { majors: [2], payload: () => setAutoStartupTime },
  'Auxiliaries.ClearAutoStartupTime': { majors: [2], payload: () => undefined },
};

/** XFS4IoT events of the SIU services and their kinds. */
export const siuEvents: Record<string, { kind: 'event' | 'unsolicited'; version: string }> = {
};
