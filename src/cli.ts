// Entry point of the `xfs4iot-gateway` command: one line per subcommand, each a module exporting
// `run(args)` that resolves to the process exit code.
interface Subcommand {
  run(args: string[]): Promise<number>;
}

const subcommands: Record<string, () => Promise<Subcommand>> = {
  start: () => import('./main.ts'),
  'xmlx-host': () => import('./xmlx/host-cli.ts'),
  call: () => import('./bridge/call-cli.ts'),
  sim: () => import('./bridge/sim-cli.ts'),
  'iotp-token': () => import('./iotp-bridge/token-cli.ts'),
  'payment-alarms': () => import('./payments/alarms-cli.ts'),
  service: () => import('./windows-service/service-cli.ts'),
};

const [name = 'start', ...args] = process.argv.slice(2);
const load = subcommands[name];
if (!load) {
  process.stderr.write(`xfs4iot-gateway: unknown subcommand '${name}' (known: ${Object.keys(subcommands).join(', ')})\n`);
  process.exitCode = 2;
} else {
  const exitCode = await (await load()).run(args);
  if (exitCode !== 0) process.exitCode = exitCode;
}
