// Shared set-up for the engine tests: a publisher on an ephemeral loopback port with one test device.
import { WebSocket } from 'ws';
import { Xfs4IotClient, type Message } from '../../src/xfs4iot/client.ts';
import { startPublisher, type PublisherOptions, type ServicePublisher } from '../../src/xfs4iot/publisher.ts';
import { TestDevice } from '../../src/xfs4iot/test-device.ts';

export interface Rig {
  publisher: ServicePublisher;
  device: TestDevice;
  url: string;
  client(): Promise<Xfs4IotClient>;
  close(): Promise<void>;
}

export async function startRig(options: Partial<PublisherOptions> = {}, device = new TestDevice()): Promise<Rig> {
  const publisher = await startPublisher({ port: 0, validateOutgoing: true, ...options, services: options.services ?? [device.definition()] });
  const url = publisher.url('testdevice');
  const clients: Xfs4IotClient[] = [];
  return {
    publisher,
    device,
    url,
    async client() {
      const c = await Xfs4IotClient.connect(url);
      clients.push(c);
      return c;
    },
    async close() {
      await Promise.all(clients.map((c) => c.close()));
      await publisher.close();
    },
  };
}

/** A raw socket that records every message it receives, for malformed-input tests. */
export class RawSocket {
  readonly messages: Message[] = [];
  private waiters: { count: number; resolve: () => void }[] = [];
  closeCode?: number;
  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.messages.push(JSON.parse(data.toString()) as Message);
      this.waiters = this.waiters.filter((w) => (this.messages.length >= w.count ? (w.resolve(), false) : true));
    });
    ws.on('close', (code) => {
      this.closeCode = code;
    });
  }

  static open(url: string): Promise<RawSocket> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      ws.once('open', () => resolve(new RawSocket(ws)));
      ws.once('error', reject);
    });
  }

  send(data: string | Buffer | object, binary = false): void {
    const text = typeof data === 'string' || Buffer.isBuffer(data) ? data : JSON.stringify(data);
    this.ws.send(text, { binary });
  }

  /** Resolves when `count` messages in total have arrived. */
  waitFor(count: number): Promise<Message[]> {
    if (this.messages.length >= count) return Promise.resolve(this.messages);
    return new Promise((resolve) => this.waiters.push({ count, resolve: () => resolve(this.messages) }));
  }

  closed(): Promise<number> {
    if (this.ws.readyState === WebSocket.CLOSED) return Promise.resolve(this.closeCode ?? 0);
    return new Promise((resolve) => this.ws.once('close', (code) => resolve(code)));
  }

  close(): void {
    this.ws.close();
  }
}

export function command(name: string, requestId: unknown, payload?: object, extra: object = {}): object {
  return payload ? { header: { type: 'command', name, version: '2.0', requestId, ...extra }, payload } : { header: { type: 'command', name, version: '2.0', requestId, ...extra } };
}
