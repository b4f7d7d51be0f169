// `xfs4iot-gateway xmlx-host`: runs the reference XML-X payment host on its own.
import { parseArgs } from 'node:util';
import { startXmlxHost } from './host.ts';
import { createXmlxLogger } from './logger.ts';

const USAGE = `usage: xfs4iot-gateway xmlx-host [--db PATH] [--port N] [--host ADDR] [--path /xmlx] [--no-demo] [--log-level LEVEL]
  --db         SQLite file, created and seeded with the demo accounts on first start (default: data/xmlx-host.db)
  --port       TCP port (default 8700; 0 = any free port)
  --host       listen address (default 127.0.0.1)
  --path       endpoint path (default /xmlx)
  --no-demo    do not seed the demo currencies, users and accounts into a new database
  --log-level  pino level (default info)
`;

export interface CliOutput {
  out: { write(text: string): unknown };
  err: { write(text: string): unknown };
}

export async function run(args: string[], io: CliOutput = { out: process.stdout, err: process.stderr }): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        db: { type: 'string', default: 'data/xmlx-host.db' },
        port: { type: 'string', default: '8700' },
        host: { type: 'string', default: '127.0.0.1' },
        path: { type: 'string', default: '/xmlx' },
        'no-demo': { type: 'boolean', default: false },
        'log-level': { type: 'string', default: 'info' },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    io.err.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    io.out.write(USAGE);
    return 0;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    io.err.write(`invalid --port ${values.port}\n${USAGE}`);
    return 2;
  }
  const logger = createXmlxLogger({ name: 'xmlx-host', level: values['log-level'] });
  const host = await startXmlxHost({ dbPath: values.db, port, host: values.host, path: values.path, seedDemo: !values['no-demo'], logger });
  io.out.write(`xmlx-host listening on ${host.url}\nreceipts are signed (Ed25519) with:\n${host.receiptPublicKey}`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await host.close();
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await run(process.argv.slice(2));
}
