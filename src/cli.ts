// Entry point of the `xfs4iot-gateway` command. Subcommands are added as the gateway's parts land.
const [subcommand = 'start'] = process.argv.slice(2);
if (subcommand === 'start') {
  await import('./main.ts');
} else {
  process.stderr.write(`xfs4iot-gateway: unknown subcommand '${subcommand}'\n`);
  process.exitCode = 2;
}
