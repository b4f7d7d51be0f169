import t from 'tap';
import { run } from '../../src/xmlx/host-cli.ts';

t.test('xmlx-host subcommand: usage and argument errors', async (t) => {
  const written: string[] = [];
  const sink = { write: (text: string) => written.push(text) };
  const io = { out: sink, err: sink };
  t.equal(await run(['--help'], io), 0);
  t.equal(await run(['--port', 'eighty'], io), 2);
  t.equal(await run(['--bogus'], io), 2);
  t.match(written.join(''), /usage: xfs4iot-gateway xmlx-host/);
  t.match(written.join(''), /invalid --port eighty/);
});
