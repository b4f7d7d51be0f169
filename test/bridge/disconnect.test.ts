// A client that goes away mid-command: a card movement runs to completion (the card is not left
// half-way), a wait for a card is canceled on the device.
import t from 'tap';
import { Xfs4IotClient } from '../../src/xfs4iot/client.ts';
import { shutdownManager, startTestGateway, waitFor } from './harness.ts';

t.teardown(() => shutdownManager());

const mediaEntering = 6;
const mediaNotPresent = 2;

t.test('Move runs to completion after a disconnect; a waiting ReadRawData is canceled', async (t) => {
  const gw = await startTestGateway('idc330');
  t.teardown(() => gw.close());
  const { sim, logicalName } = gw;
  sim.insertCard(logicalName, { track2: ';1234567890123456=2912?' });
  t.equal((await gw.client.command('CardReader.ReadRawData', { track2: true })).header.completionCode ?? null, null);

  sim.setDelay(logicalName, 300);
  const leaving = await Xfs4IotClient.connect(gw.gateway.publisher.url('cardreader'));
  await leaving.send('CardReader.Move', { to: 'exit' }).acknowledged;
  await leaving.close();
  await waitFor(() => (sim.idcMedia(logicalName).media === mediaEntering ? true : undefined), 3000, 'the card at the exit');
  t.pass('the eject completed although its client was gone');
  sim.setDelay(logicalName, 0);
  sim.takeCard(logicalName);

  const waiting = await Xfs4IotClient.connect(gw.gateway.publisher.url('cardreader'));
  const read = waiting.send('CardReader.ReadRawData', { track2: true });
  await new Promise<void>((resolve) => { const check = () => (read.events.length > 0 ? resolve() : setTimeout(check, 10)); check(); });
  await waiting.close();
  await waitFor(() => (sim.pending(logicalName) === 0 ? true : undefined), 3000, 'no request pending on the device');
  sim.insertCard(logicalName, { track2: ';1234567890123456=2912?' });
  await new Promise((resolve) => setTimeout(resolve, 100));
  t.same(sim.idcMedia(logicalName), { media: mediaNotPresent, cardWaiting: true, retainCount: 0 }, 'nobody draws the card in');
});
