import t from 'tap';
import { IotpClients } from '../../src/iotp-bridge/index.ts';
import { run } from '../../src/iotp-bridge/token-cli.ts';

function capture() {
  const io = { outText: '', errText: '', out: (s: string) => { io.outText += s; }, err: (s: string) => { io.errText += s; } };
  return io;
}

t.test('iotp-token prints a token once and the configuration entry that accepts it', async (t) => {
  const io = capture();
  t.equal(await run(['atm-17'], io), 0);
  const token = /Bearer (atm-17\.[A-Za-z0-9_-]{43})\n/.exec(io.outText)?.[1];
  const entryLine = /^ {2}(\{.*\})$/m.exec(io.outText)?.[1];
  t.ok(token && entryLine, io.outText);
  if (!token || !entryLine) return;
  const entry = JSON.parse(entryLine) as { id: string; tokenSha256: string };
  t.equal(entry.id, 'atm-17');
  t.notMatch(entryLine, token.split('.')[1], 'the entry does not hold the secret');
  t.same(new IotpClients([entry]).authenticate(`Bearer ${token}`), { ok: true, clientId: 'atm-17' });
  const again = capture();
  await run(['atm-17'], again);
  t.not(again.outText, io.outText, 'every token is new');
});

t.test('iotp-token refuses a bad client id and bad usage with exit code 2', async (t) => {
  for (const args of [[], ['atm 17'], ['a'.repeat(33)], ['atm', 'extra']]) {
    const io = capture();
    t.equal(await run(args, io), 2, JSON.stringify(args));
    t.match(io.errText, /iotp-token|usage/);
  }
});
