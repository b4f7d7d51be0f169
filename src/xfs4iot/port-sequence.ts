// The seed's port sequence (2.2.2.4, 2.2.3.1): 80 (ws) or 443 (wss), then 5846..5856. A port that
// cannot be bound (in use, not permitted) is skipped.
import { EngineError } from './errors.ts';

export const DISCOVERY_PORTS = [5846, 5847, 5848, 5849, 5850, 5851, 5852, 5853, 5854, 5855, 5856];

export function portSequence(secure: boolean): number[] {
  return [secure ? 443 : 80, ...DISCOVERY_PORTS];
}

const SKIPPABLE = new Set(['EADDRINUSE', 'EACCES', 'EPERM', 'EADDRNOTAVAIL']);

/** Tries `listen` on each port in turn; returns the first port bound. */
export async function bindFirstFree(ports: readonly number[], listen: (port: number) => Promise<number>): Promise<number> {
  const skipped: string[] = [];
  for (const port of ports) {
    try {
      return await listen(port);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? '';
      if (!SKIPPABLE.has(code)) throw err;
      skipped.push(`${port}:${code}`);
    }
  }
  throw new EngineError('NO_FREE_PORT', skipped.join(', ') || 'empty port list');
}
