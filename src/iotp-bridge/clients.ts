// Who may call the IOTP Payment API. Each client holds a bearer token `<clientId>.<secret>`; the gateway
// keeps only the token's SHA-256. The secret is 256 random bits, so a fast hash is as safe as a slow
// one here (slow hashes protect guessable passwords; nobody guesses 2^256) and costs microseconds per
// request instead of the tens of milliseconds scrypt would add to every payment call.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A configured IOTP client: its id (the namespace of its PayIds) and the hex SHA-256 of its token. */
export interface IotpClientEntry {
  id: string;
  tokenSha256: string;
}

export const CLIENT_ID_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;
const TOKEN_HASH_PATTERN = /^[0-9a-f]{64}$/;

export type Authentication = { ok: true; clientId: string } | { ok: false; reason: 'missing' | 'malformed' | 'unknown' };

export function tokenSha256(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A fresh token for a client, and the configuration entry that accepts it. */
export function newClientToken(clientId: string): { token: string; entry: IotpClientEntry } {
  if (!CLIENT_ID_PATTERN.test(clientId)) throw new RangeError(`client id must match ${CLIENT_ID_PATTERN.source}`);
  const token = `${clientId}.${randomBytes(32).toString('base64url')}`;
  return { token, entry: { id: clientId, tokenSha256: tokenSha256(token) } };
}

export class IotpClients {
  readonly #hashes = new Map<string, Buffer>();

  constructor(entries: readonly IotpClientEntry[]) {
    for (const e of entries) {
      if (!CLIENT_ID_PATTERN.test(e.id)) throw new RangeError(`IOTP client id '${e.id}' must match ${CLIENT_ID_PATTERN.source}`);
      if (!TOKEN_HASH_PATTERN.test(e.tokenSha256)) throw new RangeError(`IOTP client '${e.id}': tokenSha256 must be 64 hex digits`);
      if (this.#hashes.has(e.id)) throw new RangeError(`IOTP client '${e.id}' is configured twice`);
      this.#hashes.set(e.id, Buffer.from(e.tokenSha256, 'hex'));
    }
  }

  get size(): number {
    return this.#hashes.size;
  }

  /** Checks an HTTP Authorization header (`Bearer <clientId>.<secret>`). */
  authenticate(header: string | undefined): Authentication {
    if (header === undefined || header === '') return { ok: false, reason: 'missing' };
    const match = /^Bearer ([A-Za-z0-9_-]{1,32})\.([A-Za-z0-9_-]{16,128})$/.exec(header.trim());
    if (match === null) return { ok: false, reason: 'malformed' };
    const expected = this.#hashes.get(match[1]);
    const given = createHash('sha256').update(`${match[1]}.${match[2]}`, 'utf8').digest();
    // Compared even for an unknown id, against a dummy, so the answer time does not tell ids apart.
    const equal = timingSafeEqual(given, expected ?? Buffer.alloc(32));
    return equal && expected !== undefined ? { ok: true, clientId: match[1] } : { ok: false, reason: 'unknown' };
  }
}
