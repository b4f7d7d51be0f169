// Common.ErrorEvent end to end (issue 14): a 3.x WFS_SYSE_HARDWARE_ERROR raised by the simulated
// dispenser reaches every connected client as the unsolicited Common.ErrorEvent, in a shape both
// releases define (the harness checks every received message against mappings/definitions).
import t from 'tap';
import { Xfs4IotClient, type Message } from '../../src/xfs4iot/client.ts';
import { recordConformance, conformanceProblems } from '../fixtures/conformance.ts';
import { shutdownManager, startClassGateway, waitFor } from './harness.ts';

t.teardown(() => shutdownManager());

t.test('WFS_SYSE_HARDWARE_ERROR becomes Common.ErrorEvent for every client, with action and description', async (t) => {
  const gw = await startClassGateway({ cls: 'CDM', xfs3Version: '3.30', xfs4iotName: 'cashdispenser', validateOutgoing: true });
  t.teardown(() => gw.close());
  const second = await Xfs4IotClient.connect(gw.gateway.publisher.url('cashdispenser'));
  recordConformance(second.socket);
  t.teardown(() => second.close());
  const seenBySecond: Message[] = [];
  second.onUnsolicited((m) => { if (m.header.name === 'Common.ErrorEvent') seenBySecond.push(m); });
  gw.sim.systemEvent(gw.logicalName, 2);
  const event = await waitFor(() => gw.unsolicited.find((m) => m.header.name === 'Common.ErrorEvent'), 10_000, 'Common.ErrorEvent');
  t.equal(event.header.type, 'unsolicited');
  t.equal(event.header.version, '2.0');
  t.match(event.payload, { eventId: 'hardware', action: 'reset', vendorDescription: 'simulated hardware fault' });
  await waitFor(() => seenBySecond[0], 10_000, 'the second client too');
  t.same(seenBySecond[0]?.payload, event.payload, 'every connection gets it');
  t.same([...conformanceProblems], [], 'a message both releases define');
});
