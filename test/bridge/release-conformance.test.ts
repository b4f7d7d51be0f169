// Issue 14, item 3: each release's client, against the running gateway on every simulated class. A
// 2023-2 client sends every command the service offers at its 2023-2 command version; a 2024-03 client
// first selects, with Common.SetVersions, the major of every 2024-03 command and then sends each at
// its 2024-03 command version. For both, the command must be accepted (acknowledge without status) and
// completed with exactly the completion version that release defines; every message either client
// receives is also checked against the release definitions (test/fixtures/conformance.ts). What still
// differs is listed in fixtures/release-conformance-open.json; anything else, or a listed difference
// that no longer occurs, fails.
import { readFileSync } from 'node:fs';
import t from 'tap';
import { Xfs4IotClient, AcknowledgeError, type Message } from '../../src/xfs4iot/client.ts';
import { compareVersions, type Release } from '../../src/xfs4iot/release-definitions.ts';
import { conformanceProblems, recordConformance, releaseDefinitions } from '../fixtures/conformance.ts';
import { shutdownManager, startClassGateway, type SimClass } from './harness.ts';

t.teardown(() => shutdownManager());

const CLASSES: Array<{ cls: SimClass; xfs4iotName: string }> = [
  { cls: 'IDC', xfs4iotName: 'cardreader' },
  { cls: 'CDM', xfs4iotName: 'cashdispenser' },
  { cls: 'PIN', xfs4iotName: 'pinpad' },
  { cls: 'PTR', xfs4iotName: 'receiptprinter' },
  { cls: 'SIU', xfs4iotName: 'siu' },
  { cls: 'BCR', xfs4iotName: 'barcodereader' },
  { cls: 'CAM', xfs4iotName: 'camera' },
  { cls: 'TTU', xfs4iotName: 'textterminal' },
  { cls: 'VDM', xfs4iotName: 'vendormode' },
];
// Commands whose run would change what later commands see in ways a version check does not need.
const NOT_SENT = new Set(['Common.SetVersions', 'Common.Cancel', 'Common.PowerSaveControl']);
const majorOf = (version: string): number => Number.parseInt(version, 10);

const open = new Set((JSON.parse(readFileSync(new URL('./fixtures/release-conformance-open.json', import.meta.url), 'utf8')) as { open: string[] }).open);
const definitions = releaseDefinitions();

async function offered(client: Xfs4IotClient): Promise<string[]> {
  const caps = await client.command('Common.Capabilities');
  const interfaces = (caps.payload?.interfaces ?? []) as Array<{ commands: Record<string, unknown> }>;
  return interfaces.flatMap((i) => Object.keys(i.commands)).filter((name) => !NOT_SENT.has(name)).sort();
}

async function runAs(release: Release, client: Xfs4IotClient, cls: string): Promise<void> {
  // Each client reads the command list of its own release's Common.Capabilities.
  if (release === '2024-03') await client.setVersions({ commands: { 'Common.Capabilities': 3 } });
  const commands = await offered(client);
  if (release === '2024-03') {
    const selection: Record<string, number> = {};
    for (const name of commands) {
      const command = definitions.find(release, 'command', name);
      const completion = definitions.find(release, 'completion', name);
      if (command && completion) selection[name] = Math.max(majorOf(command.version), majorOf(completion.version));
    }
    // One by one: a refusal names the first version the gateway does not offer, and stops the rest.
    for (const [name, major] of Object.entries(selection)) {
      const done = await client.setVersions({ commands: { [name]: major } });
      if (done.header.completionCode) conformanceProblems.add(`${release} ${cls} ${name}: SetVersions ${major} refused (${String(done.header.errorDescription)})`);
    }
  }
  for (const name of commands) {
    const command = definitions.find(release, 'command', name);
    const completion = definitions.find(release, 'completion', name);
    if (!command || !completion) {
      conformanceProblems.add(`${release} ${cls} ${name}: offered, but the release has no such command`);
      continue;
    }
    // A short header timeout: commands that wait for a customer (a card, keys) end with timeOut.
    const pending = client.send(name, {}, { version: command.version, timeout: 300 });
    let done: Message;
    try {
      await pending.acknowledged;
      done = await pending.completion;
    } catch (error) {
      conformanceProblems.add(`${release} ${cls} ${name} ${command.version}: refused (${error instanceof AcknowledgeError ? error.status : String(error)})`);
      continue;
    }
    // A higher minor of the same major is what the chapter allows a service to send (2.6.1.2: minor
    // versions are backwards compatible): 2024-03 raised some completions to 2.1.
    const got = String(done.header.version);
    const compatible = majorOf(got) === majorOf(completion.version) && compareVersions(got, completion.version) >= 0;
    if (done.header.name !== name) conformanceProblems.add(`${release} ${cls} ${name}: completed as ${String(done.header.name)}`);
    if (!compatible) {
      conformanceProblems.add(`${release} ${cls} ${name} ${command.version}: completion ${String(done.header.version)}, the release defines ${completion.version}`);
    }
  }
}

for (const { cls, xfs4iotName } of CLASSES) {
  t.test(`${cls} 3.30: a 2023-2 client and a 2024-03 client each get their release's versions`, async (t) => {
    const gw = await startClassGateway({ cls, xfs3Version: '3.30', xfs4iotName, validateOutgoing: false });
    t.teardown(() => gw.close());
    t.ok((await offered(gw.client)).length > 3, 'commands offered');
    for (const release of ['2023-2', '2024-03'] as const) {
      const client = await Xfs4IotClient.connect(gw.gateway.publisher.url(xfs4iotName));
      recordConformance(client.socket);
      try {
        await runAs(release, client, cls);
      } finally {
        await client.close();
      }
    }
  });
}

t.test('only the listed differences remain, and each listed one still occurs', async (t) => {
  const problems = conformanceProblems;
  t.same([...problems].filter((p) => !open.has(p)).sort(), [], 'no difference beyond fixtures/release-conformance-open.json');
  t.same([...open].filter((p) => !problems.has(p)).sort(), [], 'every listed difference still occurs (remove the fixed ones)');
});
