// The reference XML-X host in a process of its own, so a benchmark's load generator and the host do
// not share an event loop (both the XML-X and the IOTP benchmarks measure against it).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

export interface HostProcess {
  url: string;
  pid: number | undefined;
  stop(): Promise<void>;
}

/** Starts the host on an ephemeral port with its SQLite file in `dir`; resolves once it listens. */
export async function startHostProcess(dir: string): Promise<HostProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/xmlx/host-cli.ts', '--demo', '--db', join(dir, 'host.db'), '--port', '0', '--log-level', 'warn'],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
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
  return {
    url,
    pid: child.pid,
    stop: () => new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}
