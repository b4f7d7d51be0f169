// Password guessing at the host: back-off and lock-out per user at an address, per address and per
// user; no oracle while locked. Unit figures on a controlled clock, then through real sockets.
import t from 'tap';
import { Errno } from '../../src/xmlx/errors.ts';
import { DEFAULT_LOCKOUT, LoginGuard, loginKeys } from '../../src/xmlx/login-guard.ts';
import type { XmlxDocument } from '../../src/xmlx/types.ts';
import { AUTH, post, startHost, transferRequest } from './fixtures/helpers.ts';

const errnoOf = (doc: XmlxDocument): number | undefined => (doc.kind === 'ErrorResponse' ? doc.errno : undefined);

/** Guesses a guesser gets checked in `windowMs` when it tries every `everyMs`, with the guard in front. */
function guessesChecked(windowMs: number, everyMs: number): number {
  let now = 0;
  const guard = new LoginGuard({}, () => now);
  const keys = loginKeys(guard.policy, 'gateway', '10.0.0.66');
  let checked = 0;
  for (now = 0; now < windowMs; now += everyMs) {
    if (guard.lockedFor(keys.map((k) => k.key)) > 0) continue;
    checked += 1;
    guard.failure(keys);
  }
  return checked;
}

t.test('after 5 failures guessing is more than 10x slower, and the locks double up to 15 minutes', async (t) => {
  const unguarded = 60_000 / 20; // 50 guesses a second, as seen without a guard
  const guarded = guessesChecked(60_000, 20);
  t.ok(guarded * 10 <= unguarded, `in one minute: ${guarded} guesses checked against ${unguarded} unguarded (${(unguarded / guarded).toFixed(0)}x slower)`);
  const hour = guessesChecked(3_600_000, 20);
  t.ok(hour < 40, `in one hour: ${hour} guesses`);

  const now = 0;
  const guard = new LoginGuard({}, () => now);
  const keys = loginKeys(guard.policy, 'alice', '10.0.0.5');
  const locks: number[] = [];
  for (let i = 0; i < 16; i += 1) {
    const events = guard.failure(keys);
    const pair = events.find((e) => e.key.startsWith('pair:'));
    if (pair) locks.push(pair.lockMs);
  }
  t.same(locks.slice(0, 5), [1000, 2000, 4000, 8000, 16000], 'the first lock after the 5th failure, then doubling');
  t.ok(locks.every((ms, i) => i === 0 || ms >= locks[i - 1]), 'locks never shrink while failures go on');
  for (let i = 0; i < 30; i += 1) guard.failure(keys);
  t.equal(guard.lockedFor(keys.map((k) => k.key)), DEFAULT_LOCKOUT.maxMs, 'capped at 15 minutes');
});

t.test('other users and addresses are not locked out by a guesser with a handful of tries', async (t) => {
  const now = 0;
  const guard = new LoginGuard({}, () => now);
  for (let i = 0; i < 6; i += 1) guard.failure(loginKeys(guard.policy, 'gateway', '10.0.0.66'));
  t.ok(guard.lockedFor(loginKeys(guard.policy, 'gateway', '10.0.0.66').map((k) => k.key)) > 0, 'the guesser is locked');
  t.equal(guard.lockedFor(loginKeys(guard.policy, 'gateway', '10.0.0.7').map((k) => k.key)), 0, 'the same user from its own address is not');
  t.equal(guard.lockedFor(loginKeys(guard.policy, 'alice', '10.0.0.66').map((k) => k.key)), 0, 'another user from that address is not (yet)');
  for (let i = 0; i < 20; i += 1) guard.failure(loginKeys(guard.policy, `user${i}`, '10.0.0.66'));
  t.ok(guard.lockedFor(loginKeys(guard.policy, 'alice', '10.0.0.66').map((k) => k.key)) > 0, 'spraying many users from one address locks the address');
  const bounded = new LoginGuard({ maxKeys: 100 }, () => now);
  for (let i = 0; i < 10_000; i += 1) bounded.failure(loginKeys(bounded.policy, `u${i}`, `10.1.${i >> 8}.${i & 255}`));
  t.pass('10,000 distinct users and addresses: state stays bounded (maxKeys)');
});

t.test('through HTTP: locked means errno 3 without a password check; the right password waits too; then it works', async (t) => {
  const host = await startHost(t, { lockout: { baseMs: 300 } });
  const wrong = transferRequest('<Auth><UserId>alice</UserId><Password>guess</Password></Auth>', { payer: 'ALICE', payee: 'BOB', amount: 1n });
  const right = transferRequest(AUTH.alice, { payer: 'ALICE', payee: 'BOB', amount: 1n, transferId: 'after-lock' });
  for (let i = 0; i < 5; i += 1) t.equal(errnoOf((await post(host.url, wrong)).doc), Errno.NOT_AUTHENTICATED, `failure ${i + 1}`);
  const locked = await post(host.url, right);
  t.equal(errnoOf(locked.doc), Errno.LATER, 'the right password is refused while locked: no oracle');
  t.match(locked.text, /try again in 1 s/);
  t.equal(errnoOf((await post(host.url, transferRequest(AUTH.bob, { payer: 'BOB', payee: 'ALICE', amount: 1n }))).doc), undefined, 'another user from the same address still works');
  await new Promise((resolve) => setTimeout(resolve, 350));
  const after = await post(host.url, right);
  t.equal(after.doc.kind, 'TransferResponse', 'after the lock the right password works');
  t.equal(host.store.balanceOf('BOB', 'USD'), 5_000n, 'one transfer each way');
});
