// The reference XML-X host in a process of its own, so a benchmark's load generator and the host do
// not share an event loop (both the XML-X and the IOTP benchmarks measure against it), and so the
// PostgreSQL failure tests can run several hosts on one database and SIGKILL one.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withoutCoverage } from '../test/fixtures/child-env.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

export interface HostProcess {
  url: string;
  pid: number | undefined;
  /** Graceful stop (SIGTERM); resolves when the process has exited. */
  stop(): Promise<void>;
  /** kill -9; resolves when the process has exited. */
  kill(): Promise<void>;
}

export interface HostProcessOptions {
  /** Keep the ledger in this PostgreSQL database (passed in XMLX_POSTGRES_URL, never on the command line). */
  postgresUrl?: string;
  poolSize?: number;
  /** Default 0: an ephemeral port. */
  port?: number;
  /** Seed the demo data into a new database (default true). */
  demo?: boolean;
}

/** Starts the host (SQLite file in `dir`, or PostgreSQL); resolves once it listens. */
export async function startHostProcess(dir: string, options: HostProcessOptions = {}): Promise<HostProcess> {
  const args = ['--import', 'tsx', 'src/xmlx/host-cli.ts', '--port', String(options.port ?? 0), '--log-level', 'warn'];
  if (options.demo !== false) args.push('--demo');
  if (options.postgresUrl !== undefined) args.push('--store', 'postgres', '--pool-size', String(options.poolSize ?? 10));
  else args.push('--db', join(dir, 'host.db'));
  const child = spawn(process.execPath, args, {
    cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'],
    // Coverage off: under tap (the PostgreSQL fleet tests), a host process's coverage of src/xmlx would
    // be merged with the tests' own from another transpiler (test/fixtures/child-env.ts).
    env: { ...withoutCoverage(process.env), ...(options.postgresUrl !== undefined ? { XMLX_POSTGRES_URL: options.postgresUrl } : {}) },
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
      const match = /listening on (\S+)/.exec(out);
      if (match) resolve(match[1]);
    });
    child.on('exit', (code) => reject(new Error(`host exited early (${code})`)));
  });
  const signal = async (name: NodeJS.Signals): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill(name);
    await exited;
  };
  return { url, pid: child.pid, stop: () => signal('SIGTERM'), kill: () => signal('SIGKILL') };
}
