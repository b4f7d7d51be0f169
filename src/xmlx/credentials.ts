// Password and token hashing for the host. Passwords: scrypt with a per-user salt. Tokens: SHA-256
// (they are long random strings, so a fast hash is enough). Clear credentials are never stored.
import { createHash, randomBytes, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';

const N = 16384;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;

export function hashPassword(password: string): string {
  const salt = randomBytes(16);
  const key = scryptSync(password.normalize('NFC'), salt, KEY_LENGTH, { N, r: R, p: P });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;
}

function scryptAsync(password: string, salt: Buffer, length: number, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, length, { N: n, r, p, maxmem: 256 * n * r }, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [n, r, p] = parts.slice(1, 4).map(Number);
  const salt = Buffer.from(parts[4], 'base64');
  const expected = Buffer.from(parts[5], 'base64');
  const key = await scryptAsync(password.normalize('NFC'), salt, expected.length, n, r, p);
  return timingSafeEqual(key, expected);
}

export function hashToken(token: string): string {
  return `sha256$${createHash('sha256').update(token, 'utf8').digest('base64')}`;
}

export function verifyToken(token: string, stored: string): boolean {
  const expected = Buffer.from(stored);
  const actual = Buffer.from(hashToken(token));
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/**
 * Remembers recent successful password checks so that a busy client does not pay an scrypt per
 * request. Keys are an HMAC of user, stored hash and password under a per-process random key: the
 * cache never holds a password, and a password change (new stored hash) invalidates it.
 */
export class PasswordCheckCache {
  private readonly key = randomBytes(32);
  private readonly verified = new Map<string, number>();
  private readonly inFlight = new Map<string, Promise<boolean>>();

  constructor(private readonly ttlMs = 5 * 60_000, private readonly maxEntries = 10_000) {}

  async check(userId: string, password: string, stored: string): Promise<boolean> {
    const id = createHash('sha256').update(this.key).update(userId).update('\0').update(stored).update('\0')
      .update(password, 'utf8').digest('base64');
    const until = this.verified.get(id);
    if (until !== undefined && until > Date.now()) return true;
    let pending = this.inFlight.get(id);
    if (!pending) {
      pending = verifyPassword(password, stored).finally(() => this.inFlight.delete(id));
      this.inFlight.set(id, pending);
    }
    const ok = await pending;
    if (ok) {
      if (this.verified.size >= this.maxEntries) this.verified.clear();
      this.verified.set(id, Date.now() + this.ttlMs);
    }
    return ok;
  }
}
