// The `call` subcommand against a real gateway on the simulator: discovery on the given port, one
// command, acknowledge / events / completion printed one JSON message per line.
import t from 'tap';
import { run } from '../../src/bridge/call-cli.ts';
import { captureStdio } from '../fixtures/capture-stdio.ts';
import { shutdownManager, startTestGateway } from './harness.ts';

async function capture(args: string[]): Promise<{ code: number; stdout: string[]; stderr: string }> {
  const { code, stdout, stderr } = await captureStdio(() => run(args));
  return { code, stdout: stdout.split('\n').filter(Boolean), stderr };
}

t.teardown(() => shutdownManager());

t.test('discover, Common.Status, ReadRawData with a simulated card', async (t) => {
  const gw = await startTestGateway('idc330');
  t.teardown(() => gw.close());
  const port = String(gw.gateway.publisher.port);

  const list = await capture(['--port', port, '--list']);
  t.equal(list.code, 0);
  t.same(list.stdout, [`ws://127.0.0.1:${port}/xfs4iot/v1.0/cardreader`]);

  const status = await capture(['--port', port, 'cardreader', 'Common.Status']);
  t.equal(status.code, 0);
  t.match(status.stdout[0], /^acknowledge \{"header":\{"type":"acknowledge","name":"Common.Status"/);
  t.match(status.stdout.at(-1) ?? '', /^completion .*"device":"online"/);

  gw.sim.insertCard(gw.logicalName, { track2: ';4761739001010119=29122011143804489?' });
  const read = await capture(['--port', port, 'CardReader', 'CardReader.ReadRawData', '{"track2":true}', '--wait', '100']);
  t.equal(read.code, 0, read.stderr);
  const kinds = read.stdout.map((line) => line.split(' ')[0]);
  t.same(kinds.filter((kind) => kind !== 'unsolicited'), ['acknowledge', 'event', 'event', 'completion']);
  t.match(read.stdout.join('\n'), /event \{"header":\{"type":"event","name":"CardReader.MediaInsertedEvent"/);
  const completion = JSON.parse(read.stdout.find((line) => line.startsWith('completion '))!.slice('completion '.length));
  t.equal(Buffer.from(completion.payload.track2.data, 'base64').toString(), ';4761739001010119=29122011143804489?');
  t.ok(kinds.includes('unsolicited'), 'the StatusChangedEvent of the card insertion is shown too');

  const refused = await capture(['--port', port, 'cardreader', 'CardReader.ChipPower', '{"chipPower":"hot"}']);
  t.equal(refused.code, 1, 'a failed completion gives exit code 1');
  t.match(refused.stdout.at(-1) ?? '', /"completionCode":"invalidData"/);
});

t.test('usage errors', async (t) => {
  const gw = await startTestGateway('idc330');
  t.teardown(() => gw.close());
  const port = String(gw.gateway.publisher.port);
  const missing = await capture(['--port', port, 'printer1', 'Common.Status']);
  t.equal(missing.code, 1);
  t.match(missing.stderr, /service 'printer1' not found; published: ws:\/\/127\.0\.0\.1:\d+\/xfs4iot\/v1\.0\/cardreader/);
  const badJson = await capture(['--port', port, 'cardreader', 'Common.Status', '{nope']);
  t.equal(badJson.code, 2);
  t.match(badJson.stderr, /payload is not JSON/);
  const noArgs = await capture([]);
  t.equal(noArgs.code, 2);
  t.match(noArgs.stderr, /usage: xfs4iot-gateway call/);
  const nobody = await capture(['--port', '1', '--list']);
  t.equal(nobody.code, 1);
});
