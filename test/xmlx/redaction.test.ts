import t from 'tap';
import { Writable } from 'node:stream';
import { join } from 'node:path';
import { XmlxClient } from '../../src/xmlx/client.ts';
import { startXmlxHost } from '../../src/xmlx/host.ts';
import { createXmlxLogger } from '../../src/xmlx/logger.ts';
import { AUTH, post, tempDir, transferRequest } from './fixtures/helpers.ts';

function capture(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({ write(chunk: Buffer, _enc, done) { chunks.push(chunk.toString('utf8')); done(); } });
  return { stream, text: () => chunks.join('') };
}

t.test('the logger censors passwords, tokens, secrets and bodies', async (t) => {
  const out = capture();
  const logger = createXmlxLogger({ level: 'trace' }, out.stream);
  logger.info({ password: 'pw-1', auth: { userId: 'u', password: 'pw-2' }, user: { token: 'tok-3' }, req: { body: 'pw-4' }, secret: 'sec-5' }, 'x');
  const text = out.text();
  for (const secret of ['pw-1', 'pw-2', 'tok-3', 'pw-4', 'sec-5']) t.notOk(text.includes(secret), `${secret} not logged`);
  t.match(text, /\[redacted\]/);
});

t.test('host and client at trace level never log a credential', async (t) => {
  const dir = tempDir(t);
  const hostLog = capture();
  const host = await startXmlxHost({ dbPath: join(dir, 'h.db'), logger: createXmlxLogger({ level: 'trace' }, hostLog.stream) });
  t.teardown(() => host.close());
  const clientLog = capture();
  const client = await XmlxClient.open({
    hostUrl: host.url, journalPath: join(dir, 'j.db'), auth: { userId: 'gateway', password: 'gateway-demo' },
    retry: { attempts: 2, initialDelayMs: 1, maxDelayMs: 1 }, logger: createXmlxLogger({ level: 'trace' }, clientLog.stream),
  });
  t.teardown(() => client.close());
  await client.transfer({ businessKey: 'k1', payer: 'ALICE', payee: 'MERCHANT', amount: 1n, currency: 'USD' });
  await client.transfer({ businessKey: 'k2', payer: 'BOB', payee: 'MERCHANT', amount: 10_000_000n, currency: 'USD' });
  await post(host.url, transferRequest('<Auth><UserId>alice</UserId><Password>wrong-secret-pw</Password></Auth>', { payer: 'ALICE', payee: 'BOB', amount: 1n }));
  await post(host.url, transferRequest(AUTH.merchantToken, { payer: 'MERCHANT', payee: 'BOB', amount: 1n }));
  await post(host.url, '<TransferRequest><Auth><UserId>x</UserId><Password>broken-doc-pw</Password>');
  const logs = hostLog.text() + clientLog.text();
  t.ok(hostLog.text().length > 0 && clientLog.text().length > 0, 'something was logged');
  for (const secret of ['gateway-demo', 'wrong-secret-pw', 'merchant-demo-token', 'broken-doc-pw', 'alice-demo']) {
    t.notOk(logs.includes(secret), `${secret} not in the logs`);
  }
  // The journal holds the transfer bytes, never the Auth.
  const { SqliteDatabase } = await import('../../src/storage/sqlite.ts');
  const db = new SqliteDatabase(join(dir, 'j.db'), { readOnly: true });
  const dump = JSON.stringify(db.prepare('SELECT * FROM transfers').all());
  db.close();
  t.notOk(dump.includes('gateway-demo'), 'no password in the journal');
});
