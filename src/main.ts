// Runs the whole gateway. Filled in as the engine, device layer and payment parts land.
process.stdout.write('xfs4iot-gateway: nothing to run yet\n');
