// A recycler round trip from the command line (issue 15, item 6): `xfs4iot-gateway call` deposits into
// the recycler service and dispenses the same notes again, while `xfs4iot-gateway sim` lays the notes
// at the input and takes them from the output, both under the recycler's one XFS4IoT name.
import t from 'tap';
import { run as call } from '../../src/bridge/call-cli.ts';
import { run as sim } from '../../src/bridge/sim-cli.ts';
import { cli, completion } from './fixtures/cli-run.ts';
import { shutdownManager } from './harness.ts';
import { startRecyclerGateway } from './fixtures/recycler-gateway.ts';

t.teardown(shutdownManager);

t.test('deposit three EUR 20 and dispense them again, from the two command lines', async (t) => {
  const gw = await startRecyclerGateway({ simControl: true });
  t.teardown(() => gw.close());
  const port = String(gw.gateway.publisher.port);
  const send = (command: string, payload?: string) => cli(call, ['--port', port, 'recycler', command, ...(payload ? [payload] : [])]);

  // The EUR 20 cassette (RC2, the acceptor's unit2) emptied, so that only deposited notes can come out.
  const emptied = await send('Storage.SetStorage', '{"storage":{"unit2":{"cash":{"status":{"initial":{"unrecognized":0}}}}}}');
  t.equal(emptied.code, 0, emptied.stderr);
  t.equal((await send('CashAcceptor.CashInStart', '{}')).code, 0);
  const laid = await cli(sim, ['--port', port, 'deposit', 'recycler', '3x3']);
  t.equal(laid.code, 0, laid.stderr);
  t.match(laid.lines.join('\n'), new RegExp(gw.cim), 'the recycler\'s name reached its acceptor');
  t.equal((await send('CashAcceptor.CashIn')).code, 0);
  const ended = await send('CashAcceptor.CashInEnd');
  t.equal(ended.code, 0, ended.stderr);
  t.ok(Object.keys(completion(ended.lines).payload?.storage as object).includes('unit2'), 'the notes went into RC2');

  const dispensed = await send('CashDispenser.Dispense', '{"denomination":{"denomination":{"app":{"counts":{"unit2":3}}}},"position":"outCenter"}');
  t.equal(dispensed.code, 0, dispensed.lines.at(-1) ?? dispensed.stderr);
  t.equal((await send('CashDispenser.Present', '{"position":"outCenter"}')).code, 0);
  const taken = await cli(sim, ['--port', port, 'take', 'recycler']);
  t.equal(taken.code, 0, taken.stderr);
  t.match(taken.lines.join('\n'), new RegExp(gw.cdm), 'taken from the dispenser');
  const storage = completion((await send('Storage.GetStorage')).lines).payload?.storage as Record<string, { cash: { status: { in: { deposited: unknown }; out: { presented: unknown } } } }>;
  t.match(storage.unit2.cash.status, { in: { deposited: { typeEUR20: { fit: 3 } } }, out: { presented: { typeEUR20: { fit: 3 } } } }, 'three in, the same three out');
  const again = await send('CashDispenser.Dispense', '{"denomination":{"denomination":{"app":{"counts":{"unit2":1}}}},"position":"outCenter"}');
  t.equal(again.code, 1, 'nothing left to dispense (exit code 1)');
});

t.test('take under the recycler\'s name reaches the half that has something to take', async (t) => {
  const gw = await startRecyclerGateway({ simControl: true });
  t.teardown(() => gw.close());
  const port = String(gw.gateway.publisher.port);
  const send = (command: string, payload?: string) => cli(call, ['--port', port, 'recycler', command, ...(payload ? [payload] : [])]);
  const nothing = await cli(sim, ['--port', port, 'take', 'recycler']);
  t.equal(nothing.code, 1, 'nothing at either output');
  t.match(nothing.stderr + nothing.lines.join('\n'), /no notes at the output/);
  t.equal((await send('CashAcceptor.CashInStart', '{}')).code, 0);
  t.equal((await cli(sim, ['--port', port, 'deposit', 'recycler', '2x3,1xunknown'])).code, 0);
  t.equal((await send('CashAcceptor.CashIn')).code, 0);
  const taken = await cli(sim, ['--port', port, 'take', 'recycler']);
  t.equal(taken.code, 0, taken.stderr);
  t.match(taken.lines.join('\n'), new RegExp(`items taken from the output position of ${gw.cim}`), 'the refused note, from the acceptor');
  t.equal((await send('CashAcceptor.CashInEnd')).code, 0);
});
