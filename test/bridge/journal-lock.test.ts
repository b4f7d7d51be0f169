// One writing process per operations journal: a second writer is refused with a configuration error
// naming operationsJournal.path, and the lock goes with its holder however that ends (close, kill -9).
import t from 'tap';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { ConfigError } from '../../src/config/load.ts';
import { InUseError } from '../../src/storage/writer-lock.ts';
import { OperationsJournal } from '../../src/bridge/operations-journal.ts';
import { openOperationsJournal } from '../../src/bridge/operations-startup.ts';
import { startChildGateway } from './fixtures/child-gateway.ts';
import { parseConfig } from '../../src/config/load.ts';
import { startGateway } from '../../src/bridge/gateway.ts';
import { sharedManager, shutdownManager } from './harness.ts';

const silent = pino({ level: 'silent' });
const start = { service: 'cashacceptor', logicalName: 'LockAcceptor', command: 'CashAcceptor.CashIn', xfs3Command: 'WFS_CMD_CIM_CASH_IN', connection: 1, requestId: 1, request: {}, input: null };

t.test('a second writer in the same process is refused until the first closes', async (t) => {
  const path = join(mkdtempSync(join(tmpdir(), 'journal-lock-')), 'operations.db');
  const first = new OperationsJournal(path);
  t.throws(() => new OperationsJournal(path, { lockWaitMs: 50 }), InUseError, 'refused while the first is open');
  const id = first.begin(start);
  first.end(id, 'WFS_SUCCESS', null);
  t.equal(first.all().length, 1, 'the first still writes after the refusal');
  const reader = new OperationsJournal(path, { readOnly: true });
  t.equal(reader.all().length, 1, 'a read-only look is not a writer: never refused');
  reader.close();
  first.close();
  const second = new OperationsJournal(path, { lockWaitMs: 50 });
  t.same(second.all().map((o) => [o.id, o.state]), [[id, 'ended']], 'the next writer sees what the first wrote');
  second.close();
});

t.test('start-up names operationsJournal.path when another process writes the journal; kill -9 frees it', async (t) => {
  const path = join(mkdtempSync(join(tmpdir(), 'journal-lock-')), 'operations.db');
  const holder = await startChildGateway('journal-holder.ts', { path }, []);
  t.teardown(() => holder.kill());
  const began = Date.now();
  const refused = (() => {
    try {
      openOperationsJournal({ path, retentionDays: 30 }, silent);
      return undefined;
    } catch (error) {
      return error;
    }
  })();
  t.ok(refused instanceof ConfigError, 'a configuration error, not a crash');
  t.equal((refused as ConfigError).key, 'operationsJournal.path');
  t.match((refused as ConfigError).message, /in use by another gateway process .*operations\.db\.lock/);
  t.ok(Date.now() - began >= 4000, 'after waiting for the holder to end (a restart overlapping the old process)');
  await holder.kill();
  const journal = openOperationsJournal({ path, retentionDays: 30 }, silent);
  t.same(journal.all().map((o) => [o.logicalName, o.state]), [['HolderAcceptor', 'interrupted']], 'the killed writer\'s open movement is reported interrupted, not lost');
  journal.close();
});

t.test('a holder that ends while the next writer waits hands the journal over', { skip: process.platform === 'win32' && 'uses sh' }, async (t) => {
  const path = join(mkdtempSync(join(tmpdir(), 'journal-lock-')), 'operations.db');
  const holder = await startChildGateway('journal-holder.ts', { path }, []);
  t.teardown(() => holder.kill());
  // Killed from outside: this thread is blocked in the lock wait meanwhile.
  spawn('sh', ['-c', `sleep 0.5; kill -9 ${holder.child.pid}`], { stdio: 'ignore' });
  const began = Date.now();
  const journal = new OperationsJournal(path, { lockWaitMs: 10_000 });
  const waited = Date.now() - began;
  t.ok(waited >= 300 && waited < 10_000, `opened once the holder was gone (${waited} ms)`);
  t.equal(journal.all().at(-1)?.state, 'open', 'its unfinished movement is there to be reported (openOperationsJournal marks it interrupted)');
  journal.close();
});

t.test('a gateway start refused after the journal opened leaves the journal free for the next start', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'journal-lock-'));
  const path = join(dir, 'operations.db');
  // A recycler needs mappings/recycler.json: a mapping directory without it fails after the journal opened.
  const mappingDir = join(dir, 'mappings');
  cpSync(join(import.meta.dirname, '../../mappings'), mappingDir, { recursive: true });
  rmSync(join(mappingDir, 'recycler.json'));
  const manager = await sharedManager();
  t.teardown(shutdownManager);
  const config = parseConfig({
    services: [{ logicalName: 'LockRecycler', class: 'CDM', xfs4iotName: 'recycler', cashInLogicalName: 'LockRecyclerIn' }],
    server: { port: 0 }, payments: { enabled: false }, logging: { level: 'silent' }, operationsJournal: { path },
  });
  const refused = await startGateway(config, { manager, logger: silent, mappingDir }).then(() => undefined, (error: unknown) => error);
  t.ok(refused instanceof ConfigError && refused.key === 'services.cashInLogicalName', `refused, naming the key (${String(refused)})`);
  const journal = new OperationsJournal(path, { lockWaitMs: 50 });
  t.pass('the journal opens at once after the refused start');
  journal.close();
});
