// The backend contract suite, run against the in-process test device.
import t from 'tap';
import { TestDevice } from '../../src/xfs4iot/test-device.ts';
import { runBackendContract } from './fixtures/backend-contract.ts';

t.test('the test device meets the backend contract', async (t) => {
  await runBackendContract(t, () => new TestDevice().definition());
});

t.test('a device that starts slowly meets it once started', async (t) => {
  const device = new TestDevice('starting');
  setTimeout(() => device.status.update({ common: { device: 'online' } }), 100);
  await runBackendContract(t, () => device.definition());
});
