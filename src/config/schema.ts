// The gateway configuration file: JSON, validated once at start-up; defaults filled in by the schema.
export const configSchema = {
  $id: 'xfs4iot-gateway/config',
  type: 'object',
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    xfsManager: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        library: { type: 'string', minLength: 1, description: 'msxfs.dll on Windows; default: the bundled simulator' },
        windowLibrary: { type: 'string', minLength: 1, description: 'user32.dll on Windows; default: the bundled simulator' },
        appId: { type: 'string', minLength: 1, maxLength: 64, default: 'xfs4iot-gateway' },
        reopenInitialDelayMs: { type: 'integer', minimum: 10, default: 500 },
        reopenMaxDelayMs: { type: 'integer', minimum: 100, default: 30000 },
      },
    },
    services: {
      type: 'array',
      minItems: 1,
      default: [{ logicalName: 'CardReader1', class: 'IDC', xfs4iotName: 'cardreader1' }],
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['logicalName', 'class', 'xfs4iotName'],
        properties: {
          logicalName: { type: 'string', minLength: 1, maxLength: 256 },
          class: { enum: ['IDC', 'CDM', 'CIM', 'PIN', 'PTR', 'SIU', 'TTU', 'BCR', 'CAM', 'VDM'] },
          xfs4iotName: { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]{0,63}$', description: 'lower case: the last URI segment' },
          versions: {
            type: 'object',
            additionalProperties: false,
            required: ['low', 'high'],
            properties: { low: { type: 'string', pattern: '^3\\.[0-9]{2}$' }, high: { type: 'string', pattern: '^3\\.[0-9]{2}$' } },
            default: { low: '3.00', high: '3.30' },
          },
          openTimeoutMs: { type: 'integer', minimum: 0, default: 30000 },
          statusPollMs: { type: 'integer', minimum: 0, default: 10000 },
        },
      },
    },
    server: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        host: { type: 'string', minLength: 1, default: '127.0.0.1' },
        port: { type: 'integer', minimum: 0, maximum: 65535, description: 'explicit port; absent: the XFS4IoT port sequence' },
        allowPlainRemote: { type: 'boolean', default: false, description: 'plain ws on a non-loopback address (only inside a secured ATM)' },
        tls: {
          type: 'object',
          additionalProperties: false,
          required: ['cert', 'key'],
          properties: { cert: { type: 'string', minLength: 1 }, key: { type: 'string', minLength: 1 }, ca: { type: 'string', minLength: 1 } },
        },
        vendorName: { type: 'string', minLength: 1, default: 'xfs4iot-gateway' },
      },
    },
    limits: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        maxMessageBytes: { type: 'integer', minimum: 1024, default: 1048576 },
        maxConnections: { type: 'integer', minimum: 1, default: 64 },
        maxPendingPerConnection: { type: 'integer', minimum: 1, default: 32 },
      },
    },
    simulator: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        demoCard: { type: 'boolean', default: true, description: 'on the simulator, keep a test card at the slot of every card reader' },
      },
    },
    logging: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        level: { enum: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], default: 'info' },
        file: { type: 'string', minLength: 1, description: 'log file; default: standard error' },
      },
    },
  },
} as const;
