// Child process of kill.test.ts: carries N payments through the reliable client, printing each
// completion, until done. The parent SIGKILLs it at random points and starts it again.
import { XmlxClient } from '../../src/xmlx/client.ts';

const [hostUrl, journalPath, countText] = process.argv.slice(2);
const count = Number(countText);
const client = await XmlxClient.open({
  hostUrl, journalPath, auth: { userId: 'gateway', password: 'gateway-demo' },
  timeoutMs: 2_000, retry: { attempts: 3, initialDelayMs: 5, maxDelayMs: 50 },
});
process.stdout.write('ready\n');
let next = 0;
await Promise.all(Array.from({ length: 4 }, async () => {
  while (next < count) {
    const i = next++;
    for (;;) {
      const outcome = await client.transfer({ businessKey: `kill-${i}`, payer: 'ALICE', payee: 'MERCHANT', amount: BigInt(i + 1), currency: 'USD' });
      if (outcome.status === 'succeeded') break;
      if (outcome.status === 'failed' && !outcome.retryable) {
        process.stderr.write(`transfer ${i} failed: ${outcome.errno} ${outcome.text}\n`);
        process.exit(3);
      }
    }
    process.stdout.write(`done ${i}\n`);
  }
}));
await client.close();
process.exit(0);
