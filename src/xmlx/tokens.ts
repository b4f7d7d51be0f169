// The built-in value token scheme `hmac1`: the token is its value (id, currency, amount) signed
// with HMAC-SHA256 under a per-database secret. The host keeps each token's issue and settle state,
// so a token settles once; the signature makes forged or altered tokens fail verification.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { TokenScheme, TokenValue } from './host-api.ts';

export const HMAC_TOKEN_TYPE = 'hmac1';

export function hmacTokenScheme(secret: Buffer): TokenScheme {
  const sign = (payload: string): Buffer => createHmac('sha256', secret).update(payload).digest();
  return {
    type: HMAC_TOKEN_TYPE,
    mint(value: TokenValue): string {
      const payload = Buffer.from(JSON.stringify({ v: 1, id: value.tokenId, c: value.currencyId, a: value.amount.toString() }))
        .toString('base64url');
      return `${payload}.${sign(payload).toString('base64url')}`;
    },
    verify(data: string): TokenValue | undefined {
      const match = /^([A-Za-z0-9_-]{1,2048})\.([A-Za-z0-9_-]{43})$/.exec(data.trim());
      if (!match) return undefined;
      const given = Buffer.from(match[2], 'base64url');
      const expected = sign(match[1]);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
      try {
        const body = JSON.parse(Buffer.from(match[1], 'base64url').toString('utf8')) as { v?: unknown; id?: unknown; c?: unknown; a?: unknown };
        if (body.v !== 1 || typeof body.id !== 'string' || typeof body.c !== 'string' || typeof body.a !== 'string' || !/^[0-9]+$/.test(body.a)) {
          return undefined;
        }
        return { tokenId: body.id, currencyId: body.c, amount: BigInt(body.a) };
      } catch {
        return undefined;
      }
    },
  };
}
