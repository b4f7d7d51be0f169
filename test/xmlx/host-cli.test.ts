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

t.test('xmlx-host: TLS flags go together, unreadable files and plain off-loopback binds exit 2 with one line', async (t) => {
  const written: string[] = [];
  const sink = { write: (text: string) => written.push(text) };
  const io = { out: sink, err: sink };
  t.equal(await run(['--tls-cert', '/nonexistent/cert.pem'], io), 2);
  t.match(written.join(''), /--tls-cert and --tls-key go together/);
  written.length = 0;
  t.equal(await run(['--tls-cert', '/nonexistent/cert.pem', '--tls-key', '/nonexistent/key.pem'], io), 2);
  t.match(written.join(''), /--tls-cert: cannot read \/nonexistent\/cert.pem \(ENOENT\)/);
  written.length = 0;
  t.equal(await run(['--host', '0.0.0.0', '--port', '0', '--db', ':memory:'], io), 2);
  t.match(written.join(''), /XMLX_PLAIN_REMOTE: plain HTTP on 0\.0\.0\.0/);
  t.notMatch(written.join(''), /\n\s+at /, 'no stack trace');
});
