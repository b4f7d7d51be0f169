// Runs the whole gateway. Filled in as the engine, device layer and payment parts land.
export async function run(_args: string[]): Promise<number> {
  process.stdout.write('xfs4iot-gateway: nothing to run yet\n');
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await run(process.argv.slice(2));
}
