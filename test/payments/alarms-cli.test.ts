// `xfs4iot-gateway payment-alarms`: an operator settles a transfer parked because the host's receipt
// did not verify. Real parts: the reference XML-X host over HTTP, the IOTP bridge over HTTP, the
// client's SQLite journal in a data directory, the CLI's run() reading it as the command line would.
import t, { type Test } from 'tap';
import { generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import { CLIENT_JOURNAL_FILE } from '../../src/iotp-bridge/embedded.ts';
import { run } from '../../src/payments/alarms-cli.ts';
import { XmlxClient, startXmlxHost } from '../../src/xmlx/index.ts';
import { TransferJournal } from '../../src/xmlx/journal.ts';
import { post, sleep, startRequest } from '../iotp-bridge/fixtures/crash.ts';
import { requestXml, serve, tempDir } from '../iotp-bridge/fixtures/helpers.ts';

const WRONG_KEY = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await run(args, { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

async function stateOf(url: string, i: number): Promise<string> {
  const answer = await post(url, requestXml('InquireProcessState', { PayId: `P-${i}` }));
  return answer.error?.code ?? answer.body.attrs.ProcessState;
}

async function until(url: string, i: number, want: string): Promise<string> {
  let state = await stateOf(url, i);
  for (let tries = 0; state !== want && tries < 200; tries += 1) {
    await sleep(25);
    state = await stateOf(url, i);
  }
  return state;
}

/** A bridge whose client distrusts the host's receipts (or trusts them: hostKey), over dataDir. */
async function bridgeOver(t: Test, dataDir: string, hostUrl: string, hostKey: string) {
  const client = await XmlxClient.open({
    hostUrl, journalPath: join(dataDir, CLIENT_JOURNAL_FILE), auth: { userId: 'gateway', password: 'gateway-demo' },
    hostPublicKey: hostKey, retry: { attempts: 2, initialDelayMs: 5, maxDelayMs: 10 }, timeoutMs: 2_000,
  });
  const served = await serve(t, { logPath: join(dataDir, 'iotp-payment-log.db'), roles: ['PaymentHandler'], host: client, merchantAccounts: { shop: 'MERCHANT' }, reconcileIntervalMs: 50 });
  return {
    url: served.url,
    close: async () => {
      await served.close();
      await client.close();
    },
  };
}

t.test('list, then settle: executed completes the payment; retry lets the gateway settle it once the key is right', async (t) => {
  const dataDir = tempDir(t, 'alarms-');
  const host = await startXmlxHost({ dbPath: join(tempDir(t, 'alarms-host-'), 'host.db'), port: 0, logger: false });
  t.teardown(() => host.close());
  const base = host.store.countEntries();
  let bridge = await bridgeOver(t, dataDir, host.url, WRONG_KEY);

  t.same(await cli('list', '--data-dir', dataDir), { code: 0, out: `no alarmed transfers in ${join(dataDir, CLIENT_JOURNAL_FILE)}\n`, err: '' });
  for (const i of [1, 2]) {
    const answer = await post(bridge.url, startRequest(i));
    t.not(answer.body.attrs.ContStatus, 'End', `P-${i}: not completed while the receipt does not verify`);
  }
  const journal = new TransferJournal(join(dataDir, CLIENT_JOURNAL_FILE));
  const [first, second] = journal.alarmed();
  journal.close();
  t.ok(first !== undefined && second !== undefined, 'both transfers parked with an alarm');
  const listed = await cli('list', '--data-dir', dataDir);
  t.equal(listed.code, 0);
  t.match(listed.out, /2 alarmed transfer\(s\)/);
  t.match(listed.out, new RegExp(`${first.transferId}  ALICE -> MERCHANT  101 USD`));
  t.match(listed.out, /receipt kept \(unverified\)/);

  // Refusals: each names the problem, nothing is written.
  t.match(await cli('settle', first.transferId, 'executed', '--data-dir', dataDir), { code: 2, err: /--by <operator> and --reason/ });
  t.match(await cli('settle', first.transferId, 'paid', '--by', 'ops', '--reason', 'x', '--data-dir', dataDir), { code: 2, err: /'paid' is not one of executed, not-executed, retry/ });
  t.match(await cli('settle', first.transferId, 'executed', '--by', 'ops', '--reason', 'x'.repeat(1001), '--data-dir', dataDir), { code: 2, err: /--reason at most 1000/ });
  t.match(await cli('settle', 'NOPE', 'executed', '--by', 'ops', '--reason', 'x', '--data-dir', dataDir), { code: 1, err: /no transfer NOPE in the journal/ });
  t.match(await cli('list', '--data-dir', join(dataDir, 'missing')), { code: 1, err: /no journal at .*missing/ });
  t.equal(await stateOf(bridge.url, 1), 'InProgress', 'the payment waits for the operator');

  // executed: the host confirmed it by phone; the gateway keeps running and follows the journal.
  const settled = await cli('settle', first.transferId, 'executed', '--by', 'j.doe', '--reason', 'host ledger shows receipt, ticket 4711', '--data-dir', dataDir);
  t.equal(settled.code, 0, settled.err);
  t.match(settled.out, /executed \(.*\): by j\.doe: host ledger shows receipt, ticket 4711\nnow succeeded/);
  t.equal(await until(bridge.url, 1, 'CompletedOk'), 'CompletedOk', 'P-1 completed by the reconcile timer, gateway not restarted');
  t.match(await cli('settle', first.transferId, 'executed', '--by', 'ops', '--reason', 'again', '--data-dir', dataDir), { code: 1, err: /is not alarmed \(state succeeded; settled before: executed/ });

  // retry while the key is still wrong: the gateway settles it again, and parks it again.
  t.equal((await cli('settle', second.transferId, 'retry', '--by', 'j.doe', '--reason', 'try once more', '--data-dir', dataDir)).code, 0);
  await sleep(300);
  const again = new TransferJournal(join(dataDir, CLIENT_JOURNAL_FILE));
  t.same(again.alarmed().map((r) => r.transferId), [second.transferId], 'still unverifiable: alarmed again, not accepted');
  again.close();
  t.equal((await cli('settle', second.transferId, 'retry', '--by', 'j.doe', '--reason', 'host key rotated, configured anew', '--data-dir', dataDir)).code, 0);

  // The operator fixes the configuration (the host's real key) and restarts the gateway.
  await bridge.close();
  bridge = await bridgeOver(t, dataDir, host.url, host.receiptPublicKey);
  t.equal(await until(bridge.url, 2, 'CompletedOk'), 'CompletedOk', 'P-2 settled by the gateway itself with the right key');
  await bridge.close();
  const entries = host.store.entries().slice(base);
  t.equal(entries.length, 2, 'each transfer executed once at the host: no settlement resent anything');
});
