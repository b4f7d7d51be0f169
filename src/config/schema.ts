// The gateway configuration file: JSON, validated once at start-up; defaults filled in by the schema.
export const configSchema = {
  $id: 'xfs4iot-gateway/config',
  type: 'object',
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    profile: {
      enum: ['demo', 'production'],
      description: "production (the default of every configuration file): no built-in key, token or account; demo (npm start without a file): the embedded demo host, demo accounts and a generated demo token",
    },
    xfsManager: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        library: { type: 'string', minLength: 1, description: 'msxfs.dll on Windows; default: the bundled simulator' },
        windowLibrary: { type: 'string', minLength: 1, description: 'user32.dll on Windows; default: the bundled simulator' },
        simulator: { type: 'boolean', description: 'true: the bundled XFS 3.x simulator also on Windows (native/build/xfssim.dll); false: the real XFS Manager; default: the simulator everywhere but Windows' },
        appId: { type: 'string', minLength: 1, maxLength: 64, default: 'xfs4iot-gateway' },
        reopenInitialDelayMs: { type: 'integer', minimum: 10, default: 500 },
        reopenMaxDelayMs: { type: 'integer', minimum: 100, default: 30000 },
        pumpSpinMicros: { type: 'integer', minimum: 0, maximum: 10000, description: 'microseconds the message pump polls before it sleeps; default 200 with two or more CPUs, 0 on one' },
        timeouts: {
          type: 'object',
          additionalProperties: false,
          default: {},
          description: 'dwTimeOut of 3.x calls per command class (0 = wait for ever); a shorter header timeout of the client is passed on instead',
          properties: {
            infoMs: { type: 'integer', minimum: 0, default: 60000, description: 'queries (WFSAsyncGetInfo)' },
            movementMs: { type: 'integer', minimum: 0, default: 180000, description: 'cash and media movements (commands that run to completion)' },
            waitMs: { type: 'integer', minimum: 0, default: 0, description: 'other commands, which mostly wait for the customer' },
          },
        },
      },
    },
    services: {
      type: 'array',
      minItems: 1,
      default: [{ logicalName: 'CardReader1', class: 'IDC', xfs4iotName: 'cardreader1' }, { logicalName: 'CashDispenser1', class: 'CDM', xfs4iotName: 'cashdispenser1' }, { logicalName: 'CashAcceptor1', class: 'CIM', xfs4iotName: 'cashacceptor1' }, { logicalName: 'ReceiptPrinter1', class: 'PTR', xfs4iotName: 'receiptprinter1' }, { logicalName: 'SIU1', class: 'SIU', xfs4iotName: 'siu1' }, { logicalName: 'PinPad1', class: 'PIN', xfs4iotName: 'pinpad1' }, { logicalName: 'BarcodeReader1', class: 'BCR', xfs4iotName: 'barcodereader1' }, { logicalName: 'Camera1', class: 'CAM', xfs4iotName: 'camera1' }, { logicalName: 'TextTerminal1', class: 'TTU', xfs4iotName: 'textterminal1' }, { logicalName: 'VendorMode1', class: 'VDM', xfs4iotName: 'vendormode1' }],
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
          properties: {
            cert: { type: 'string', minLength: 1, description: 'PEM certificate chain file' },
            key: { type: 'string', minLength: 1, description: 'PEM private key file' },
            pfx: { type: 'string', minLength: 1, description: 'PKCS#12 (.pfx/.p12) file instead of cert and key' },
            passphrase: { type: 'string', minLength: 1, description: 'of the key or pfx; never logged' },
            ca: { type: 'string', minLength: 1, description: 'PEM CA file of client certificates: clients that present one it verifies may move cash; required off loopback' },
          },
        },
        vendorName: { type: 'string', minLength: 1, default: 'xfs4iot-gateway' },
        publicHost: { type: 'string', pattern: '^[A-Za-z0-9.:\\-]+$', description: 'machine name in the service URIs of GetServices (with the bound port); default: server.host, or the address the client reached when server.host is a wildcard' },
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
        maxConnectionsPerService: { type: 'integer', minimum: 1, description: 'connections per service endpoint; default: maxConnections' },
        maxDiscoveryConnections: { type: 'integer', minimum: 1, default: 16, description: 'connections to the discovery endpoint, a budget apart from the services' },
        idleGraceMs: { type: 'integer', minimum: 0, default: 10000, description: 'when a budget is full, a connection this old without one valid command is closed (1013) to make room' },
        maxBufferedBytes: { type: 'integer', minimum: 65536, default: 4194304, description: 'bytes queued for a client that does not read before it is disconnected (1008)' },
        maxBufferedMessages: { type: 'integer', minimum: 16, default: 8192, description: 'messages queued for a client that does not read before it is disconnected (1008)' },
        readPauseBytes: { type: 'integer', minimum: 16384, default: 262144, description: 'bytes queued for a client past which its further commands are not read until it catches up' },
        stalledReaderMs: { type: 'integer', minimum: 100, default: 30000, description: 'a client paused for not reading whose output has not drained for this long is disconnected (1008)' },
      },
    },
    operationsJournal: {
      type: 'object',
      additionalProperties: false,
      default: {},
      description: 'durable journal of cash and media movements (Dispense, Present, Reject, Retract, Reset), written before each 3.x call',
      properties: {
        path: { type: 'string', minLength: 1, default: 'data/operations-journal.db', description: 'SQLite file; relative to the working directory' },
        retentionDays: { type: 'integer', minimum: 1, default: 90, description: 'ended entries older than this are deleted at start-up; interrupted ones are kept' },
      },
    },
    simulator: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        demoCard: { type: 'boolean', default: true, description: 'on the simulator, keep a test card at the slot of every card reader' },
        stateDir: { type: 'string', minLength: 1, default: 'data/simulator', description: "where the simulated dispensers keep their notes, tray and shutter across restarts (as a real device does); relative to the working directory" },
      },
    },
    payments: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        enabled: { type: 'boolean', default: true, description: 'the IOTP Payment Bridge on the gateway server (and the embedded XML-X host)' },
        dataDir: { type: 'string', minLength: 1, default: 'data', description: 'payment log, XML-X journal and the embedded host database; relative to the working directory' },
        xmlxHost: {
          type: 'object',
          additionalProperties: false,
          default: {},
          properties: {
            embedded: { type: 'boolean', description: 'run the reference XML-X host in the process; default: true unless url is set' },
            host: { type: 'string', minLength: 1, default: '127.0.0.1', description: 'address the embedded host binds' },
            port: { type: 'integer', minimum: 0, maximum: 65535, default: 0, description: 'port of the embedded host; 0 = ephemeral' },
            url: { type: 'string', pattern: '^https?://[^\\s/]+(/\\S*)?$', description: 'an external XML-X host endpoint; the embedded host is then not started' },
            store: { type: 'string', enum: ['sqlite', 'postgres'], default: 'sqlite', description: "the embedded host's ledger: sqlite (a file in dataDir) or postgres (a database any number of host processes share)" },
            postgres: {
              type: 'object',
              additionalProperties: false,
              default: {},
              description: 'with store postgres: the database',
              properties: {
                url: { type: 'string', pattern: '^postgres(ql)?://\\S+$', description: `connection string, e.g. postgres://xmlx@db:5432/ledger; never logged; default: the ${'XMLX_POSTGRES_URL'} environment variable` },
                poolSize: { type: 'integer', minimum: 1, maximum: 1000, default: 10, description: 'most connections the embedded host opens' },
              },
            },
          },
        },
        xmlx: {
          type: 'object',
          additionalProperties: false,
          default: {},
          properties: {
            userId: { type: 'string', minLength: 1, maxLength: 64, description: "the gateway's user at the host; default (embedded host only): the demo user" },
            password: { type: 'string', minLength: 1, description: 'never logged; default (embedded host only): the demo password' },
            hostPublicKey: { type: 'string', minLength: 1, description: "PEM file of the host's receipt-signing public key (Ed25519; `xfs4iot-gateway xmlx-host` prints it at start): receipts that do not verify are parked for an operator. Required for an external host in the production profile; the embedded host's key is known" },
            tls: {
              type: 'object',
              additionalProperties: false,
              description: "https to the host: the CA its certificate must chain to, and the gateway's own client certificate",
              properties: {
                ca: { type: 'string', minLength: 1, description: "PEM CA file of the host's certificate (default: the system's roots)" },
                cert: { type: 'string', minLength: 1, description: 'PEM client certificate file' },
                key: { type: 'string', minLength: 1, description: 'PEM client key file' },
                pfx: { type: 'string', minLength: 1, description: 'PKCS#12 client certificate instead of cert and key' },
                passphrase: { type: 'string', minLength: 1, description: 'of the key or pfx; never logged' },
              },
            },
          },
        },
        iotp: {
          type: 'object',
          additionalProperties: false,
          default: {},
          properties: {
            prefix: { type: 'string', pattern: '^(/[A-Za-z0-9._~-]+)+$', default: '/iotp', description: 'URL path of the IOTP Payment API on the gateway server' },
            schemeKey: { type: 'string', minLength: 16, description: 'shared key of the XML-X payment scheme; else env IOTP_SCHEME_KEY; required in production' },
            clients: {
              type: 'array',
              description: 'who may call the IOTP Payment API: each client sends Authorization: Bearer <id>.<secret> and sees only its own payments (xfs4iot-gateway iotp-token <id> makes an entry)',
              items: {
                type: 'object',
                additionalProperties: false,
                required: ['id', 'tokenSha256'],
                properties: {
                  id: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,32}$' },
                  tokenSha256: { type: 'string', pattern: '^[0-9a-f]{64}$', description: "hex SHA-256 of the client's whole token" },
                },
              },
            },
            roles: {
              type: 'array', minItems: 1, uniqueItems: true, items: { enum: ['Consumer', 'PaymentHandler', 'Merchant'] },
              description: 'trading roles the bridge plays; default: PaymentHandler (demo: all three)',
            },
            instruments: {
              type: 'array',
              description: 'Consumer role: the XML-X accounts the wallet may pay from (the allow-list of payer accounts)',
              items: {
                type: 'object',
                additionalProperties: false,
                required: ['id', 'name', 'account'],
                properties: {
                  id: { type: 'string', minLength: 1, maxLength: 64 },
                  name: { type: 'string', minLength: 1, maxLength: 128 },
                  account: { type: 'string', minLength: 1, maxLength: 64 },
                  currencies: { type: 'array', items: { type: 'string', pattern: '^[A-Z]{3}$' } },
                },
              },
            },
            payerAccounts: {
              type: 'array', items: { type: 'string', minLength: 1, maxLength: 64 },
              description: "Payment Handler: the XML-X accounts an order may debit (or credit on a refund), besides the instruments' accounts; an order naming any other account is refused",
            },
            callbackOrigins: {
              type: 'array', items: { type: 'string', pattern: '^https?://[^\\s/@]+$' },
              description: 'origins (scheme://host:port) that CallBacks may be POSTed to; a CallBackFunction URL elsewhere is refused (default: none)',
            },
            merchants: {
              type: 'object',
              description: "Payment Handler: MerchantOrgId -> the merchant's XML-X account (the allow-list of payee accounts)",
              additionalProperties: { type: 'string', minLength: 1, maxLength: 64 },
            },
          },
        },
      },
    },
    logging: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        level: { enum: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], default: 'info' },
        file: { type: 'string', minLength: 1, description: 'log file series (rotated); default: standard error' },
        rotateMegabytes: { type: 'integer', minimum: 1, maximum: 1024, default: 10, description: 'size at which logging.file moves on to the next file' },
        keepFiles: { type: 'integer', minimum: 1, maximum: 1000, default: 10, description: 'rotated log files kept besides the current one' },
      },
    },
  },
} as const;
