// A whole deposit from the command line (issue 15, item 6): `xfs4iot-gateway call` sends CashInStart,
// CashIn, CashInEnd to a real gateway on the simulator while `xfs4iot-gateway sim` lays the bunch at
// the input (`deposit`) and takes the refused notes back (`take`), as an ATM team would rehearse it.
import t from 'tap';
import { run as call } from '../../src/bridge/call-cli.ts';
import { run as sim } from '../../src/bridge/sim-cli.ts';
import { cli, completion } from './fixtures/cli-run.ts';
import { shutdownManager, startClassGateway } from './harness.ts';

t.teardown(shutdownManager);

t.test('start, insert notes, take the refused ones, end: from the two command lines', async (t) => {
  const gw = await startClassGateway({ cls: 'CIM', xfs3Version: '3.30', xfs4iotName: 'cashacceptor', validateOutgoing: true, simControl: true });
  t.teardown(() => gw.close());
  const port = String(gw.gateway.publisher.port);

  const started = await cli(call, ['--port', port, 'cashacceptor', 'CashAcceptor.CashInStart', '{"useRecycleUnits":true}']);
  t.equal(started.code, 0, started.stderr);
  const inserted = await cli(sim, ['--port', port, 'deposit', gw.logicalName, '2x3,1x4,1xunknown']);
  t.equal(inserted.code, 0, inserted.stderr);
  t.match(inserted.lines.join('\n'), new RegExp(gw.logicalName));

  const cashIn = await cli(call, ['--port', port, 'cashacceptor', 'CashAcceptor.CashIn', '--wait', '100']);
  t.equal(cashIn.code, 0, cashIn.stderr);
  t.match(cashIn.lines.join('\n'), /event \{"header":\{"type":"event","name":"CashAcceptor.InputRefuseEvent"/, 'the refused item is announced');
  t.same(completion(cashIn.lines).payload?.items, {
    unrecognized: 0, typeEUR20: { fit: 2, unfit: 0, suspect: 0, counterfeit: 0, inked: 0 }, typeEUR50: { fit: 1, unfit: 0, suspect: 0, counterfeit: 0, inked: 0 },
  });

  const taken = await cli(sim, ['--port', port, 'take', gw.logicalName]);
  t.equal(taken.code, 0, taken.stderr);
  t.equal(gw.sim.cimItemsAtOutput(gw.logicalName), 0, 'the refused item is back with the customer');

  const ended = await cli(call, ['--port', port, 'cashacceptor', 'CashAcceptor.CashInEnd']);
  t.equal(ended.code, 0, ended.stderr);
  t.same(Object.keys(completion(ended.lines).payload?.storage as object).sort(), ['unit4', 'unit5'], 'the 20s and the 50 went to their recyclers');
  const status = await cli(call, ['--port', port, 'cashacceptor', 'CashAcceptor.GetCashInStatus']);
  t.match(completion(status.lines).payload, { status: 'ok', numOfRefused: 1 });

  const again = await cli(call, ['--port', port, 'cashacceptor', 'CashAcceptor.CashInEnd']);
  t.equal(again.code, 1, 'a second end is refused (exit code 1)');
  t.match(again.lines.at(-1) ?? '', /"errorCode":"noCashInActive"/);
});
