// `xfs4iot-gateway sim` against a real gateway on the simulator: it finds the control endpoint on
// the given port, inserts a card that a real XFS4IoT client reads, and every failure is one line that
// says what to do next, with exit code 1 (refused, nothing found) or 2 (usage).
import t, { type Test } from 'tap';
import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { run } from '../../src/bridge/sim-cli.ts';
import { captureStdio } from '../fixtures/capture-stdio.ts';
import { shutdownManager, startClassGateway, type TestGateway } from './harness.ts';

t.teardown(shutdownManager);

const capture = (args: string[]) => captureStdio(() => run(args));

async function gateway(t: Test, simControl = true): Promise<TestGateway> {
  const gw = await startClassGateway({ cls: 'IDC', xfs3Version: '3.30', xfs4iotName: 'cardreader', validateOutgoing: true, simControl });
  t.teardown(() => gw.close());
  return gw;
}

/** A port where nothing listens (bound, then released). */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

t.test('sim insert puts a card that CardReader.ReadRawData reads; after the eject, insert says to take it', async (t) => {
  const gw = await gateway(t);
  const port = String(gw.gateway.publisher.port);
  const read = gw.client.send('CardReader.ReadRawData', { track2: true });
  await read.acknowledged;
  // The issue's own example: track data with '=' in it, no sentinels.
  const inserted = await capture(['--port', port, 'insert', gw.logicalName, 'track2=4761739001010119=15122011143857589']);
  t.equal(inserted.code, 0, inserted.stderr);
  t.equal(inserted.stdout, `card at the slot of ${gw.logicalName}\n`);
  const completion = await read.completion;
  t.equal(completion.header.completionCode, undefined);
  t.equal(Buffer.from(String((completion.payload?.track2 as { data: string }).data), 'base64').toString(), '4761739001010119=15122011143857589');

  t.equal((await gw.client.command('CardReader.Move', { to: 'exit' })).header.completionCode, undefined);
  const again = await capture(['--port', port, 'insert', gw.logicalName, 'track2=4761739001010119=15122011143857589']);
  t.equal(again.code, 1);
  t.equal(again.stderr, `sim: a card is in the exit slot of ${gw.logicalName}: take it first [SIM-008]\n  next: xfs4iot-gateway sim take ${gw.logicalName}\n`);
  const taken = await capture(['--port', port, 'take', gw.logicalName]);
  t.equal(taken.code, 0, taken.stderr);
  t.equal(taken.stdout, `card taken from ${gw.logicalName}\n`);

  const listed = await capture(['--port', port, 'list']);
  t.equal(listed.code, 0);
  t.equal(listed.stdout, `${gw.logicalName}\tIDC\tcardreader\tport ${port}\n`);
});

t.test('refusals: unknown logical name lists the known ones; wrong words name themselves', async (t) => {
  const gw = await gateway(t);
  const port = String(gw.gateway.publisher.port);
  const unknown = await capture(['--port', port, 'insert', 'CardReader9', 'track2=1=2']);
  t.equal(unknown.code, 1);
  t.equal(unknown.stderr, `sim: unknown logical service 'CardReader9': this gateway drives ${gw.logicalName} (IDC, cardreader) [SIM-005]\n`);
  const wrongClass = await capture(['--port', port, 'keys', gw.logicalName, '1234E']);
  t.equal(wrongClass.code, 1);
  t.match(wrongClass.stderr, /keys acts on PIN \(PIN pads\); .* is IDC \[SIM-006\]/);
  const badValue = await capture(['--port', port, 'insert', gw.logicalName, 'atr=XYZ']);
  t.equal(badValue.code, 1);
  t.match(badValue.stderr, /^sim: insert: atr must be hexadecimal, two digits a byte \(e\.g\. 3B68\); usage: insert <service>/);

  const badWord = await capture(['--port', port, 'insert', gw.logicalName, 'track4=1']);
  t.equal(badWord.code, 2, 'a word the verb does not take is a usage error, found before any request');
  t.match(badWord.stderr, /insert: unexpected 'track4=1' \(insert takes track1=, track2=, track3=, atr=, invalid\)/);
  const verb = await capture(['--port', port, 'teleport', gw.logicalName]);
  t.equal(verb.code, 2);
  t.match(verb.stderr, /unknown verb 'teleport': known verbs are list, insert, take/);
  const noName = await capture(['--port', port, 'insert']);
  t.equal(noName.code, 2);
  t.match(noName.stderr, /insert: the logical service name is missing; usage: insert <service>/);
  const remote = await capture(['--host', '10.1.2.3', 'take', gw.logicalName]);
  t.equal(remote.code, 2);
  t.match(remote.stderr, /answers only on this machine/);
  const help = await capture(['help']);
  t.equal(help.code, 0);
  t.match(help.stdout, /keys <service> <keys> +the customer presses PIN pad keys/);
});

t.test('no gateway, or one that does not run on the simulator, is said so', async (t) => {
  const port = await freePort();
  const none = await capture(['--port', String(port), 'take', 'CardReader1']);
  t.equal(none.code, 1);
  t.equal(none.stderr, `sim: no gateway answers on 127.0.0.1 port ${port}: start one on the simulator (npm start), or give its port with --port\n`);

  const real = await gateway(t, false);
  const off = await capture(['--port', String(real.gateway.publisher.port), 'take', real.logicalName]);
  t.equal(off.code, 1);
  t.match(off.stderr, new RegExp(`the server on port ${real.gateway.publisher.port} offers no simulator control: a gateway there does not run on the simulator`));
});

t.test('the xfs4iot-gateway command dispatches sim', async (t) => {
  const gw = await gateway(t);
  const cli = fileURLToPath(new URL('../../src/cli.ts', import.meta.url));
  const out = await new Promise<{ code: number; stdout: string }>((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', cli, 'sim', '--port', String(gw.gateway.publisher.port), 'insert', gw.logicalName, 'track2=;1=2?'], (error, stdout) => {
      resolve({ code: error ? Number(error.code) : 0, stdout });
    });
  });
  t.equal(out.code, 0);
  t.equal(out.stdout, `card at the slot of ${gw.logicalName}\n`);
  t.equal(gw.sim.idcMedia(gw.logicalName).cardWaiting, true, 'the card waits at the slot');
});
