// Payload schemas of the Common interface messages the engine implements, written from the
// 2023-2 / 2024-03 message definitions (property names, enums, bounds).
import type { PayloadSchema } from './backend.ts';

const majorMap: PayloadSchema = {
  type: 'object',
  propertyNames: { pattern: '^[A-Za-z][A-Za-z0-9]*\\.[A-Za-z][A-Za-z0-9]*$' },
  additionalProperties: { type: 'integer', minimum: 1 },
};

export const SET_VERSIONS: PayloadSchema = {
  type: 'object',
  properties: { commands: majorMap, events: majorMap },
};

export const CANCEL: PayloadSchema = {
  type: 'object',
  properties: {
    requestIds: { type: ['array', 'null'], items: { type: 'integer', minimum: 1 } },
  },
};

export const POWER_SAVE_CONTROL: PayloadSchema = {
  type: 'object',
  required: ['maxPowerSaveRecoveryTime'],
  properties: { maxPowerSaveRecoveryTime: { type: 'integer', minimum: 0 } },
};

export const SET_TRANSACTION_STATE: PayloadSchema = {
  type: 'object',
  required: ['state'],
  properties: {
    state: { enum: ['active', 'inactive'] },
    transactionID: { type: ['string', 'null'] },
  },
};

export const GET_TRANSACTION_STATE_COMPLETION: PayloadSchema = {
  type: 'object',
  properties: {
    state: { enum: ['active', 'inactive'] },
    transactionID: { type: ['string', 'null'] },
  },
};

export const GET_COMMAND_NONCE_COMPLETION: PayloadSchema = {
  type: 'object',
  required: ['commandNonce'],
  properties: { commandNonce: { type: 'string', pattern: '^[0-9A-F]{32}$|^[0-9]*$' } },
};

export const CANCEL_COMPLETION: PayloadSchema = {
  type: 'object',
  properties: { errorCode: { enum: ['noMatchingRequestIDs'] } },
};

const deviceStates = ['online', 'offline', 'powerOff', 'noDevice', 'hardwareError', 'userError', 'deviceBusy', 'fraudAttempt', 'potentialFraud', 'starting'];

const commonStatus = (major: number): PayloadSchema => ({
  type: 'object',
  properties: {
    device: { enum: deviceStates },
    devicePosition: { enum: ['inPosition', 'notInPosition', 'unknown', null] },
    powerSaveRecoveryTime: { type: ['integer', 'null'], minimum: 0 },
    antiFraudModule: { enum: ['ok', 'inoperable', 'deviceDetected', 'unknown', null] },
    exchange: { enum: ['active', 'inactive', null] },
    endToEndSecurity: { enum: ['notEnforced', 'notConfigured', 'enforced', null] },
    ...(major >= 3 ? { persistentDataStore: { type: ['object', 'null'], properties: { remaining: { type: 'integer', minimum: 0 } } } } : {}),
  },
});

export const statusCompletion = (major: number): PayloadSchema => ({
  type: 'object',
  required: ['common'],
  properties: { common: { ...commonStatus(major), required: ['device'] } },
});

export const statusChanged = (major: number): PayloadSchema => ({
  type: 'object',
  properties: { common: commonStatus(major) },
});

const versionList = { type: 'object', required: ['versions'], properties: { versions: { type: 'array', items: { type: 'string' } } } };

export const CAPABILITIES_COMPLETION: PayloadSchema = {
  type: 'object',
  required: ['interfaces'],
  properties: {
    interfaces: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name'],
        properties: {
          name: { type: 'string' },
          commands: { type: 'object', additionalProperties: versionList },
          events: { type: 'object', additionalProperties: versionList },
          maximumRequests: { type: 'integer', minimum: 0 },
        },
      },
    },
  },
};

export const ERROR_EVENT: PayloadSchema = {
  type: 'object',
  required: ['eventId'],
  properties: {
    eventId: { enum: ['hardware', 'software', 'user', 'fraudAttempt'] },
    action: { enum: ['reset', 'softwareError', 'configuration', 'clear', 'maintenance', 'suspend', null] },
    vendorDescription: { type: ['string', 'null'] },
  },
};

export const NONCE_CLEARED_EVENT: PayloadSchema = {
  type: 'object',
  properties: { reasonDescription: { type: ['string', 'null'] } },
};

const serviceList = {
  type: 'array',
  items: { type: 'object', required: ['serviceURI'], properties: { serviceURI: { type: 'string' } } },
};

export const GET_SERVICES_RESULT: PayloadSchema = {
  type: 'object',
  required: ['vendorName', 'services'],
  properties: { vendorName: { type: 'string' }, services: serviceList },
};
