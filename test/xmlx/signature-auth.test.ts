import t from 'tap';
import { generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import { XmlxClient } from '../../src/xmlx/client.ts';
import { Errno } from '../../src/xmlx/errors.ts';
import { canonicalRequest, signatureAuth, privateKeyOf } from '../../src/xmlx/request-signature.ts';
import { encodeAuth } from '../../src/xmlx/codec-encode.ts';
import type { SingleRequest, TransferRequest } from '../../src/xmlx/types.ts';
import { post, startHost, tempDir } from './fixtures/helpers.ts';

function keyPair(): { publicKey: string; privateKey: string } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return { publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(), privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
}

t.test('Ed25519 signature authentication: no secret on the wire, tampering and replays refused', async (t) => {
  const atm = keyPair();
  const stranger = keyPair();
  const host = await startHost(t);
  host.store.seed({ users: [{ userId: 'atm-7', publicKey: atm.publicKey }], accounts: [{ accountId: 'ATM-7', users: ['atm-7'], balances: { USD: 10_000n } }] });

  const transfer = (transferId?: string): TransferRequest => ({
    kind: 'TransferRequest', rid: 'r1', auth: { userId: 'atm-7', method: { kind: 'none' } },
    operation: { kind: 'transfer', transfer: { payer: 'ATM-7', payee: 'MERCHANT', currencyId: 'USD', amount: 125n, ...(transferId ? { transferId } : {}) } },
  });
  const signedBody = (req: SingleRequest, key: string): string => {
    const auth = signatureAuth(req, 'atm-7', privateKeyOf(key));
    return canonicalRequest(req).replace(encodeAuth(req.auth), encodeAuth(auth));
  };
  const ok = await post(host.url, signedBody(transfer('S-1'), atm.privateKey));
  t.equal(ok.doc.kind, 'TransferResponse');
  const replay = await post(host.url, signedBody(transfer('S-1'), atm.privateKey));
  t.ok(replay.doc.kind === 'ErrorResponse' && replay.doc.errno === Errno.ALREADY, 'a replay is answered already');
  const wrongKey = await post(host.url, signedBody(transfer('S-2'), stranger.privateKey));
  t.ok(wrongKey.doc.kind === 'ErrorResponse' && wrongKey.doc.errno === Errno.NOT_AUTHENTICATED);
  const tampered = await post(host.url, signedBody(transfer('S-3'), atm.privateKey).replace('<Amount>125</Amount>', '<Amount>9999</Amount>'));
  t.ok(tampered.doc.kind === 'ErrorResponse' && tampered.doc.errno === Errno.NOT_AUTHENTICATED, 'a changed amount breaks the signature');
  const noId = await post(host.url, signedBody(transfer(), atm.privateKey));
  t.ok(noId.doc.kind === 'ErrorResponse' && noId.doc.errno === Errno.MISSING, 'signed transfers need a TransferId');
  const otherType = await post(host.url, signedBody(transfer('S-4'), atm.privateKey).replace('type="ed25519"', 'type="DSA"'));
  t.ok(otherType.doc.kind === 'ErrorResponse' && otherType.doc.errno === Errno.NOT_SUPPORTED);
  t.equal(host.store.countEntries(), 1);
  t.equal(host.store.balanceOf('ATM-7', 'USD'), 10_000n - 125n);

  const client = await XmlxClient.open({
    hostUrl: host.url, journalPath: join(tempDir(t), 'j.db'), auth: { userId: 'atm-7', privateKey: atm.privateKey },
    retry: { attempts: 2, initialDelayMs: 1, maxDelayMs: 1 },
  });
  t.teardown(() => client.close());
  const paid = await client.transfer({ businessKey: 'PAY-9', payer: 'ATM-7', payee: 'MERCHANT', amount: 75n, currency: 'USD' });
  t.equal(paid.status, 'succeeded', 'the client signs its transfers');
  const balance = await client.balance('ATM-7', 'USD');
  t.ok(balance.status === 'ok' && balance.value[0].total === 10_000n - 200n, 'and its queries');
});
