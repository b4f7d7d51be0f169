// npm run bench:host — what the out-of-process XFS host (docs/32-bit-host.md, prototype in
// native/host/xfs_host.c) adds to a device round trip, beside the in-process path in the same run:
//   in-process: WFSAsyncGetInfo(WFS_INF_IDC_STATUS) -> pump thread -> main thread -> decode, free
//   host:       frame over a Unix socket -> the host's WFSAsyncGetInfo -> its pump thread copies the
//               WFSIDCSTATUS bytes into a frame and frees -> back over the socket to this process
// Both on the simulator with zero device time. Figures are printed; compare ratios (shared machine).
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LegacyXfsManager, defaultPumpSpinMicros } from '../src/legacy-xfs3/manager.ts';
import { simulatorLibraries } from '../src/legacy-xfs3/simulator-control.ts';
import type { IdcExecuteMap, IdcInfoMap } from '../src/legacy-xfs3/idc/types.ts';

const ROUND_TRIPS = Number(process.env.BENCH_ROUND_TRIPS ?? 20000);
const root = fileURLToPath(new URL('..', import.meta.url));
const IDC_STATUS = 201;
const STATUS_BYTES = 64; // at least the WFSIDCSTATUS the gateway decodes at 3.30, pointer size 8

function stats(samples: number[]): { p50: number; p90: number; p99: number } {
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number): number => s[Math.min(s.length - 1, Math.floor(s.length * p))];
  return { p50: at(0.5), p90: at(0.9), p99: at(0.99) };
}

/** One reply at a time: the bench is sequential, like a client waiting for each completion. */
class HostClient {
  private buffer: Buffer = Buffer.alloc(0);
  private waiting: ((frame: Buffer) => void) | undefined;
  constructor(private readonly socket: Socket) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
      while (this.buffer.length >= 4 && this.buffer.length >= 4 + this.buffer.readUInt32LE(0)) {
        const length = this.buffer.readUInt32LE(0);
        const frame = this.buffer.subarray(4, 4 + length);
        this.buffer = this.buffer.subarray(4 + length);
        const deliver = this.waiting;
        this.waiting = undefined;
        deliver?.(frame);
      }
    });
  }

  private request(body: Buffer): Promise<Buffer> {
    const head = Buffer.alloc(4);
    head.writeUInt32LE(body.length);
    return new Promise((resolve) => {
      this.waiting = resolve;
      this.socket.write(Buffer.concat([head, body]));
    });
  }

  async open(name: string): Promise<number> {
    const body = Buffer.alloc(1 + 4 + name.length + 1);
    body[0] = 1;
    body.writeUInt32LE(0x00031e03, 1); // 3.00 .. 3.30
    body.write(name, 5, 'latin1');
    const reply = await this.request(body);
    if (reply.readInt32LE(1) !== 0) throw new Error(`host WFSOpen ${reply.readInt32LE(1)}`);
    return reply.readUInt16LE(5);
  }

  async getInfo(hService: number, category: number, tag: number): Promise<Buffer> {
    const body = Buffer.alloc(15);
    body[0] = 2;
    body.writeUInt32LE(tag, 1);
    body.writeUInt16LE(hService, 5);
    body.writeUInt32LE(category, 7);
    body.writeUInt32LE(STATUS_BYTES, 11);
    const reply = await this.request(body);
    if (reply.readInt32LE(5) !== 0) throw new Error(`host getInfo ${reply.readInt32LE(5)}`);
    return reply.subarray(13);
  }
}

async function main(): Promise<void> {
  const host = join(root, 'native', 'build', 'xfs_host');
  mkdirSync(join(root, 'native', 'build'), { recursive: true });
  const cc = spawnSync(process.env.CC ?? 'cc', ['-std=c11', '-O2', '-Wall', '-o', host, join(root, 'native', 'host', 'xfs_host.c'), '-ldl', '-lpthread'], { stdio: 'inherit' });
  if (cc.status !== 0) throw new Error('building native/host/xfs_host.c failed');
  const { managerLibrary } = simulatorLibraries();
  // A logical service the simulator defines in every process that loads it (the host loads its own
  // copy), with no device time by default.
  const name = 'CardReader1';

  // In process, as the gateway runs today.
  const manager = await LegacyXfsManager.start({ ...simulatorLibraries(), appId: 'bench-in-process', pumpSpinMicros: defaultPumpSpinMicros() });
  const session = await manager.open<IdcExecuteMap, IdcInfoMap>(name, { low: '3.00', high: '3.30' }, { serviceClass: 'IDC' });
  for (let i = 0; i < 2000; i++) await session.getInfo('WFS_INF_IDC_STATUS', undefined);
  const inProcess: number[] = [];
  for (let i = 0; i < ROUND_TRIPS; i++) {
    const t0 = performance.now();
    await session.getInfo('WFS_INF_IDC_STATUS', undefined);
    inProcess.push((performance.now() - t0) * 1000);
  }
  await session.close();
  await manager.shutdown();

  // Through the host process (the same simulator library, loaded by the host).
  const dir = join(tmpdir(), `xfs-host-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'host.sock');
  const child = spawn(host, [managerLibrary, path], { stdio: ['ignore', 'pipe', 'inherit'] });
  await once(child.stdout, 'data');
  const socket = connect(path);
  await once(socket, 'connect');
  const client = new HostClient(socket);
  const hService = await client.open(name);
  for (let i = 0; i < 2000; i++) await client.getInfo(hService, IDC_STATUS, i);
  const viaHost: number[] = [];
  for (let i = 0; i < ROUND_TRIPS; i++) {
    const t0 = performance.now();
    const bytes = await client.getInfo(hService, IDC_STATUS, i);
    viaHost.push((performance.now() - t0) * 1000);
    if (bytes.length !== STATUS_BYTES) throw new Error('short status');
  }
  socket.destroy();
  child.kill();
  rmSync(dir, { recursive: true, force: true });

  const a = stats(inProcess);
  const b = stats(viaHost);
  const row = (label: string, s: { p50: number; p90: number; p99: number }): string => `${label.padEnd(46)}${s.p50.toFixed(1).padStart(8)}${s.p90.toFixed(1).padStart(8)}${s.p99.toFixed(1).padStart(8)}`;
  process.stdout.write([
    `WFS_INF_IDC_STATUS round trip, ${ROUND_TRIPS} sequential, microseconds   p50     p90     p99`,
    row('  in process (pump worker, decode, free)', a),
    row('  through the host process (Unix socket)', b),
    `  host / in process p50: ${(b.p50 / a.p50).toFixed(2)}x`,
  ].join('\n') + '\n');
}

await main();
