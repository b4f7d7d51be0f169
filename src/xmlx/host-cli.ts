// `xfs4iot-gateway xmlx-host`: runs the reference XML-X payment host on its own.
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { startXmlxHost } from './host.ts';
import type { XmlxHostOptions } from './host-api.ts';
import { createXmlxLogger } from './logger.ts';

const USAGE = `usage: xfs4iot-gateway xmlx-host [--db PATH | --store postgres [--pool-size N]] [--port N] [--host ADDR] [--path /xmlx] [--demo]
         [--tls-cert PEM --tls-key PEM | --tls-pfx FILE] [--tls-client-ca PEM] [--log-level LEVEL]
  --store          sqlite (default: one process, one file) or postgres (any number of host processes
                   on one database; connection string from XMLX_POSTGRES_URL, or --postgres-url)
  --postgres-url   connection string, e.g. postgres://xmlx@db:5432/ledger (prefer XMLX_POSTGRES_URL or
                   a ~/.pgpass password: a command line is visible to every user of the machine)
  --pool-size      most database connections of this process (default 10)
  --db             SQLite file, created on first start (default: data/xmlx-host.db)
  --port           TCP port (default 8700; 0 = any free port)
  --host           listen address (default 127.0.0.1); off loopback only with TLS
  --path           endpoint path (default /xmlx)
  --demo           seed a new database with the demo currencies, users and accounts (public passwords:
                   for trying out only)
  --tls-cert/--tls-key  PEM certificate and key: serve https (passphrase from XMLX_TLS_PASSPHRASE)
  --tls-pfx        PKCS#12 file instead (passphrase from XMLX_TLS_PASSPHRASE)
  --tls-client-ca  PEM CA of client certificates: only clients presenting one it verifies connect
  --insecure-allow-plain-remote  TEST ONLY: plain http off loopback (passwords cross the network in clear)
  --log-level      pino level (default info)
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
        store: { type: 'string', default: 'sqlite' },
        'postgres-url': { type: 'string' },
        'pool-size': { type: 'string', default: '10' },
        port: { type: 'string', default: '8700' },
        host: { type: 'string', default: '127.0.0.1' },
        path: { type: 'string', default: '/xmlx' },
        demo: { type: 'boolean', default: false },
        'tls-cert': { type: 'string' },
        'tls-key': { type: 'string' },
        'tls-pfx': { type: 'string' },
        'tls-client-ca': { type: 'string' },
        'insecure-allow-plain-remote': { type: 'boolean', default: false },
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
  if (values.store !== 'sqlite' && values.store !== 'postgres') {
    io.err.write(`--store must be sqlite or postgres, not ${values.store}\n${USAGE}`);
    return 2;
  }
  const poolSize = Number(values['pool-size']);
  if (!Number.isInteger(poolSize) || poolSize < 1 || poolSize > 1000) {
    io.err.write(`invalid --pool-size ${values['pool-size']} (1 to 1000)\n${USAGE}`);
    return 2;
  }
  let postgres: XmlxHostOptions['postgres'];
  if (values.store === 'postgres') {
    const connectionString = values['postgres-url'] ?? process.env.XMLX_POSTGRES_URL;
    if (connectionString === undefined || !/^postgres(ql)?:\/\/\S+$/.test(connectionString)) {
      // The value is not echoed: it may hold the database password.
      io.err.write(`--store postgres needs a postgres:// connection string in XMLX_POSTGRES_URL or --postgres-url\n${USAGE}`);
      return 2;
    }
    postgres = { connectionString, poolSize };
  }
  if ((values['tls-cert'] === undefined) !== (values['tls-key'] === undefined) || (values['tls-pfx'] !== undefined && values['tls-cert'] !== undefined)) {
    io.err.write(`--tls-cert and --tls-key go together, or --tls-pfx alone\n${USAGE}`);
    return 2;
  }
  let tls: XmlxHostOptions['tls'];
  try {
    const read = (flag: string, path: string | undefined) => {
      if (path === undefined) return undefined;
      try {
        return readFileSync(path);
      } catch (error) {
        throw new Error(`${flag}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, { cause: error });
      }
    };
    const [cert, key, pfx, ca] = [read('--tls-cert', values['tls-cert']), read('--tls-key', values['tls-key']), read('--tls-pfx', values['tls-pfx']), read('--tls-client-ca', values['tls-client-ca'])];
    const passphrase = process.env.XMLX_TLS_PASSPHRASE;
    if (cert !== undefined || pfx !== undefined) {
      tls = { ...(cert ? { cert } : {}), ...(key ? { key } : {}), ...(pfx ? { pfx } : {}), ...(ca ? { ca } : {}), ...(passphrase ? { passphrase } : {}) };
    }
  } catch (error) {
    io.err.write(`${(error as Error).message}\n`);
    return 2;
  }
  const logger = createXmlxLogger({ name: 'xmlx-host', level: values['log-level'] });
  let host;
  try {
    host = await startXmlxHost({
      dbPath: values.db, port, host: values.host, path: values.path, seedDemo: values.demo, logger, ...(postgres ? { postgres } : {}),
      ...(tls ? { tls } : {}), insecureAllowPlainRemote: values['insecure-allow-plain-remote'],
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    io.err.write(`xmlx-host: ${code ? `${code}: ` : ''}${(error as Error).message}\n`);
    return 2;
  }
  if (values.demo) io.out.write('DEMO: a new database is seeded with the demo users and their public passwords\n');
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
