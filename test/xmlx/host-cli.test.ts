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

t.test('xmlx-host: --store postgres needs a connection string; a database it cannot reach exits 2 without echoing the password', async (t) => {
  const written: string[] = [];
  const sink = { write: (text: string) => written.push(text) };
  const io = { out: sink, err: sink };
  t.equal(await run(['--store', 'mysql'], io), 2);
  t.match(written.join(''), /--store must be sqlite or postgres/);
  written.length = 0;
  const saved = process.env.XMLX_POSTGRES_URL;
  delete process.env.XMLX_POSTGRES_URL;
  t.teardown(() => { if (saved !== undefined) process.env.XMLX_POSTGRES_URL = saved; });
  t.equal(await run(['--store', 'postgres'], io), 2);
  t.match(written.join(''), /--store postgres needs a postgres:\/\/ connection string in XMLX_POSTGRES_URL or --postgres-url/);
  written.length = 0;
  t.equal(await run(['--store', 'postgres', '--pool-size', '0', '--postgres-url', 'postgres://x@127.0.0.1/db'], io), 2);
  t.match(written.join(''), /invalid --pool-size 0/);
  written.length = 0;
  // Port 1 on loopback: refused at once; the host retries for its start-up deadline, then gives up.
  process.env.XMLX_POSTGRES_URL = 'postgres://xmlx:top-secret-pw@127.0.0.1:1/ledger';
  t.equal(await run(['--store', 'postgres', '--port', '0', '--log-level', 'silent'], io), 2);
  t.match(written.join(''), /^xmlx-host: ECONNREFUSED: /);
  t.notMatch(written.join(''), /top-secret-pw/, 'the password is not echoed');
  t.notMatch(written.join(''), /\n\s+at /, 'no stack trace');
});
