// Issue 14: a command whose header timeout expires is answered timeOut, and the log tells the same
// story: the cancel the gateway sent on the timeout, honoured by the 3.x provider (WFS_ERR_CANCELED),
// is not reported as a canceled command whose client no longer waits. Real FFI path, simulated card
// reader waiting for a card that never comes.
import t from 'tap';
import { LogCapture, shutdownManager, startClassGateway, waitFor } from './harness.ts';

t.teardown(() => shutdownManager());

t.test('a ReadRawData that times out is logged as timed out, not as canceled', async (t) => {
  const log = new LogCapture();
  const gw = await startClassGateway({ cls: 'IDC', xfs3Version: '3.30', xfs4iotName: 'cardreader', validateOutgoing: true, log, configLogLevel: 'debug' });
  t.teardown(() => gw.close());
  const completion = await gw.client.send('CardReader.ReadRawData', { track2: true }, { timeout: 200 }).completion;
  t.equal(completion.header.completionCode, 'timeOut', 'the client gets timeOut');
  const ended = await waitFor(() => log.lines.find((l) => l.msg === 'timed-out command ended by the device'), 5000, 'the device ending the command');
  t.equal(ended.completionCode, 'timeOut', 'the device ending it is logged as the timeout it was');
  t.equal(log.lines.filter((l) => l.completionCode === 'canceled').length, 0, 'no line calls it canceled');
  t.equal(log.lines.filter((l) => Number(l.level) >= 40).length, 0, 'and nothing is warned about');
  // The reader is free again: the next command runs.
  const status = await gw.client.command('Common.Status');
  t.equal(status.header.completionCode, undefined, 'the next command completes');
});
