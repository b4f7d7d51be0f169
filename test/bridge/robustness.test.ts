// A translator that meets 3.x data it cannot handle (a shape no codec test foresaw) must give the
// client a clean completion code and a warning in the log, and the service must go on serving.
import t from 'tap';
import { Xfs4IotClient } from '../../src/xfs4iot/client.ts';
import { startPublisher } from '../../src/xfs4iot/publisher.ts';
import { SimulatorControl } from '../../src/legacy-xfs3/simulator-control.ts';
import { BridgeService } from '../../src/bridge/bridge-service.ts';
import { idcBinding } from '../../src/bridge/idc/index.ts';
import { loadMappings } from '../../src/bridge/mapping-loader.ts';
import { MappingUsage } from '../../src/bridge/usage.ts';
import { LogCapture, sharedManager, shutdownManager } from './harness.ts';

t.teardown(() => shutdownManager());

t.test('a translator failing on unexpected data: internalError, a warning, the service keeps serving', async (t) => {
  const logicalName = `Robust_${process.pid}`;
  SimulatorControl.load().addService(logicalName, 'IDC', '3.30');
  const manager = await sharedManager();
  const log = new LogCapture();
  const binding = {
    ...idcBinding,
    commandTranslators: {
      ...idcBinding.commandTranslators,
      // Stands for a translator reading a field the service provider left out.
      queryIfmIdentifier: async () => {
        const entries = undefined as unknown as Array<{ authority: number }>;
        return { completionCode: null, payload: { first: entries[0].authority } };
      },
    },
  };
  const bridge = new BridgeService(binding, loadMappings(), {
    logicalName, open: () => manager.open(logicalName, { low: '3.00', high: '3.30' }, { serviceClass: 'IDC' }),
  }, { name: 'robust', logger: log.logger, usage: new MappingUsage(), gatewayVersion: 'test' });
  const publisher = await startPublisher({ services: [bridge.definition()], port: 0, logger: log.logger });
  t.teardown(() => publisher.close());
  await bridge.start();
  const client = await Xfs4IotClient.connect(publisher.url('robust'));
  t.teardown(() => client.close());

  const failed = await client.command('CardReader.QueryIFMIdentifier');
  t.equal(failed.header.completionCode, 'internalError');
  t.match(failed.header.errorDescription, /CardReader.QueryIFMIdentifier: unexpected XFS 3.x data/);
  t.ok(log.warnings().some((line) => line.includes('translator failed on XFS 3.x data')), 'logged as a warning');
  const status = await client.command('Common.Status');
  t.equal((status.payload?.common as { device?: string }).device, 'online', 'the service goes on');
});
