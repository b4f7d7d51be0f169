// The developers' console drives the simulator: each line becomes a control call.
import t from 'tap';
import { runConsoleCommand } from '../../src/legacy-xfs3/sim-console.ts';
import { newService, openIdc, recorder, sim, startManager } from './helpers.ts';

t.test('console lines act on the simulator and errors are reported, not thrown', async (t) => {
  const { m, done } = await startManager(t);
  const name = newService('IDC');
  const s = await openIdc(m, name);
  const rec = recorder(s);
  const read = s.execute('WFS_CMD_IDC_READ_RAW_DATA', { sources: 2 });
  await rec.next('WFS_EXEE_IDC_INSERTCARD');
  t.match(runConsoleCommand(`insert ${name} track2=;111=222? atr=3B00`, sim), /card at the slot/);
  const r = await read;
  t.equal(r.data![0]!.data.toString(), ';111=222?');
  t.ok((await s.execute('WFS_CMD_IDC_EJECT_CARD', undefined)).ok);
  t.match(runConsoleCommand(`take ${name}`, sim), /card taken/);
  await rec.next('WFS_SRVE_IDC_MEDIAREMOVED');
  t.match(runConsoleCommand(`fail ${name} WFS_ERR_IDC_SHUTTERFAIL`, sim), /fails/);
  t.equal((await s.execute('WFS_CMD_IDC_RESET_COUNT', undefined)).name, 'WFS_ERR_IDC_SHUTTERFAIL');
  t.match(runConsoleCommand('fail nosuch WFS_ERR_TIMEOUT', sim), /^error: .*unknown logical service/);
  t.match(runConsoleCommand(`fail ${name} NOT_A_NAME`, sim), /^error: unknown XFS error name/);
  t.match(runConsoleCommand('teleport x', sim), /unknown command/);
  t.match(runConsoleCommand('stats', sim), /live results/);
  t.match(runConsoleCommand('help', sim), /insert <service>/);
  await s.close();
  await done();
});
