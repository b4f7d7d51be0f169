// A logical service that is not there at start-up (device powered off, provider not installed yet):
// the XFS4IoT service is published anyway, reports the device offline, answers deviceNotReady, and
// comes online by itself once the 3.x service can be opened.
import t from 'tap';
import { Xfs4IotClient } from '../../src/xfs4iot/client.ts';
import { SimulatorControl } from '../../src/legacy-xfs3/simulator-control.ts';
import { parseConfig } from '../../src/config/load.ts';
import { startGateway } from '../../src/bridge/gateway.ts';
import { LogCapture, sharedManager, shutdownManager, waitFor } from './harness.ts';

t.teardown(() => shutdownManager());

t.test('published while the 3.x service cannot be opened, online once it can', async (t) => {
  const logicalName = `Later_${process.pid}`;
  const config = parseConfig({
    services: [{ logicalName, class: 'IDC', xfs4iotName: 'later', statusPollMs: 0, openTimeoutMs: 2000 }],
    server: { port: 0 },
    payments: { enabled: false },
    xfsManager: { reopenInitialDelayMs: 20, reopenMaxDelayMs: 100 },
  });
  const log = new LogCapture();
  const gateway = await startGateway(config, { manager: await sharedManager(), logger: log.logger });
  t.teardown(() => gateway.close());
  const client = await Xfs4IotClient.connect(gateway.publisher.url('later'));
  t.teardown(() => client.close());

  const status = await client.command('Common.Status');
  t.equal((status.payload?.common as { device?: string }).device, 'offline');
  const read = await client.command('CardReader.ReadRawData', { track2: true });
  t.equal(read.header.completionCode, 'deviceNotReady');
  t.match(read.header.errorDescription, new RegExp(`${logicalName} is not available`));
  t.ok(log.warnings().some((line) => line.includes('cannot open the XFS 3.x logical service')), 'the failure is logged');

  const online = client.nextUnsolicited('Common.StatusChangedEvent');
  const sim = SimulatorControl.load();
  sim.addService(logicalName, 'IDC', '3.30');
  t.match((await online).payload, { common: { device: 'online' } }, 'StatusChangedEvent when the service appears');
  sim.insertCard(logicalName, { track2: ';1234567890123456=2912?' });
  await waitFor(() => (gateway.services[0].bridge.store.deviceState === 'online' ? true : undefined), 5000, 'online');
  const again = await client.command('CardReader.ReadRawData', { track2: true });
  t.equal(again.header.completionCode ?? null, null);
});
