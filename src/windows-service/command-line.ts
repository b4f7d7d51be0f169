// The command line the Service Control Manager starts the gateway with: node.exe with the heap bound,
// the launcher, `service run` and the service's own options. Pure; quoted as CommandLineToArgvW and the
// C runtime read it back (a path with spaces, a trailing backslash, a quote).
import { HEAP_FLAGS } from '../heap-flags.ts';

/** One argument quoted for a Windows command line. */
export function quoteWindowsArgument(arg: string): string {
  if (arg !== '' && !/[\s"]/.test(arg)) return arg;
  let out = '"';
  let backslashes = 0;
  for (const ch of arg) {
    if (ch === '\\') {
      backslashes++;
      continue;
    }
    // Backslashes before a quote are doubled, and the quote escaped.
    out += ch === '"' ? `${'\\'.repeat(backslashes * 2 + 1)}"` : `${'\\'.repeat(backslashes)}${ch}`;
    backslashes = 0;
  }
  // Trailing backslashes are doubled so that the closing quote stays a quote.
  return `${out}${'\\'.repeat(backslashes * 2)}"`;
}

export interface ServiceCommand {
  nodeExe: string;
  launcher: string;
  name: string;
  config?: string;
}

/** The service's binary path (lpBinaryPathName): what `service run` is started with. */
export function serviceCommandLine({ nodeExe, launcher, name, config }: ServiceCommand): string {
  const args = [nodeExe, ...HEAP_FLAGS, launcher, 'service', 'run', '--name', name, ...(config ? ['--config', config] : [])];
  return args.map(quoteWindowsArgument).join(' ');
}
