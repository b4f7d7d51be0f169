// One load-generator process of bench:xmlx: a reliable XML-X client (own journal) paying `count`
// transfers with `concurrency` in flight to one host URL. Several run at once, so the client side
// is spread over processes like the host side. Protocol on stdio: prints `ready`, waits for a line
// on stdin, pays, prints `done <cpu µs>`; any failure exits non-zero.
import { createInterface } from 'node:readline';
import { XmlxClient } from '../src/xmlx/client.ts';

const [hostUrl, journalPath, countText, concurrencyText, label] = process.argv.slice(2);
const count = Number(countText);
const concurrency = Number(concurrencyText);
const client = await XmlxClient.open({ hostUrl, journalPath, auth: { userId: 'gateway', password: 'gateway-demo' }, timeoutMs: 60_000 });
// One warm-up transfer: connections open, password check cached, before the clock starts.
await client.transfer({ businessKey: `${label}-warm`, payer: 'ALICE', payee: 'MERCHANT', amount: 1n, currency: 'USD' });
process.stdout.write('ready\n');
const lines = createInterface({ input: process.stdin });
await new Promise<void>((resolve) => lines.once('line', () => resolve()));
const cpuBefore = process.cpuUsage();
let next = 0;
let failures = 0;
await Promise.all(Array.from({ length: concurrency }, async () => {
  while (next < count) {
    const i = next++;
    const outcome = await client.transfer({ businessKey: `${label}-${i}`, payer: 'ALICE', payee: 'MERCHANT', amount: 1n, currency: 'USD' });
    if (outcome.status !== 'succeeded') failures += 1;
  }
}));
const cpu = process.cpuUsage(cpuBefore);
await client.close();
lines.close();
if (failures > 0) {
  process.stderr.write(`${failures} transfers did not succeed\n`);
  process.exit(1);
}
process.stdout.write(`done ${cpu.user + cpu.system}\n`);
