// Client-side discovery (seed 2.2.4): try every port of the sequence, ask each publisher endpoint
// for its services, collect the URIs reported by events and the completion.
import { Xfs4IotClient, type ConnectOptions } from './client.ts';
import { portSequence } from './port-sequence.ts';

export interface DiscoveredEndpoint {
  readonly port: number;
  readonly vendorName: string;
  readonly services: string[];
}

export interface DiscoveryOptions extends ConnectOptions {
  readonly secure?: boolean;
  /** Replaces the seed's port sequence. */
  readonly ports?: readonly number[];
  /** Per-port limit for connect + GetServices, ms. */
  readonly timeoutMs?: number;
}

function collect(payload: unknown, into: Set<string>): string | undefined {
  const p = payload as { vendorName?: unknown; services?: { serviceURI?: unknown }[] } | null | undefined;
  for (const s of Array.isArray(p?.services) ? p.services : []) {
    if (typeof s?.serviceURI === 'string') into.add(s.serviceURI);
  }
  return typeof p?.vendorName === 'string' ? p.vendorName : undefined;
}

async function ask(url: string, options: DiscoveryOptions): Promise<{ vendorName: string; services: string[] }> {
  const client = await Xfs4IotClient.connect(url, { handshakeTimeout: options.timeoutMs ?? 2000, ...options });
  try {
    const uris = new Set<string>();
    let vendorName: string | undefined;
    const completion = await client.command('ServicePublisher.GetServices', undefined, {
      onEvent: (event) => {
        vendorName = collect(event.payload, uris) ?? vendorName;
      },
    });
    if (completion.header.completionCode) throw new Error(`GetServices failed: ${completion.header.completionCode}`);
    vendorName = collect(completion.payload, uris) ?? vendorName;
    return { vendorName: vendorName ?? '', services: [...uris] };
  } finally {
    await client.close();
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expiry = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('discovery timed out')), ms);
  });
  return Promise.race([promise, expiry]).finally(() => clearTimeout(timer));
}

/** Discovers every publisher endpoint on `host`; ports that do not answer are skipped. */
export async function discoverServices(host: string, options: DiscoveryOptions = {}): Promise<DiscoveredEndpoint[]> {
  const secure = options.secure ?? false;
  const ports = options.ports ?? portSequence(secure);
  const authority = host.includes(':') ? `[${host}]` : host;
  const results = await Promise.allSettled(ports.map(async (port) => {
    const found = await withTimeout(ask(`${secure ? 'wss' : 'ws'}://${authority}:${port}/xfs4iot/v1.0`, options), options.timeoutMs ?? 3000);
    return { port, ...found };
  }));
  return results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
}
