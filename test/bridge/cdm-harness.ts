// A gateway publishing one simulated CDM logical service as 'cashdispenser', for the CDM bridge tests
// (same real path as harness.ts: koffi, pump, sessions, publisher on an ephemeral port, WebSocket).
import { SimulatorControl } from '../../src/legacy-xfs3/simulator-control.ts';
import { Xfs4IotClient, type Message } from '../../src/xfs4iot/client.ts';
import { parseConfig } from '../../src/config/load.ts';
import { startGateway } from '../../src/bridge/gateway.ts';
import type { MappingUsage } from '../../src/bridge/usage.ts';
import { LogCapture, sharedManager, type TestGateway } from './harness.ts';

export type CdmSimVersion = 'cdm330' | 'cdm320' | 'cdm300';

let serial = 0;

export async function startCdmTestGateway(version: CdmSimVersion, usage?: MappingUsage): Promise<TestGateway> {
  const sim = SimulatorControl.load();
  const logicalName = `CDM_${process.pid}_${++serial}`;
  sim.addService(logicalName, 'CDM', version === 'cdm330' ? '3.30' : version === 'cdm320' ? '3.20' : '3.00');
  const config = parseConfig({
    services: [{ logicalName, class: 'CDM', xfs4iotName: 'cashdispenser', statusPollMs: 0, openTimeoutMs: 5000 }],
    server: { port: 0 },
    logging: { level: 'debug' },
  });
  const log = new LogCapture();
  const gateway = await startGateway(config, { manager: await sharedManager(), logger: log.logger, usage, validateOutgoing: true });
  const client = await Xfs4IotClient.connect(gateway.publisher.url('cashdispenser'));
  const unsolicited: Message[] = [];
  client.onUnsolicited((message) => unsolicited.push(message));
  return {
    gateway, client, sim, logicalName, log, unsolicited,
    close: async () => {
      await client.close();
      await gateway.close();
    },
  };
}
