// kill -9 of the gateway during a deposit (issue 15, item 5). The gateway and its simulated cash
// acceptor run in a child process whose device keeps its escrow and units across restarts (as a real
// ATM's does). A deposit counts notes into the escrow (CashIn), then a second CashIn or the CashInEnd
// is under way when the process is killed. After the restart: the interrupted step is named at error
// level, the next client learns the notes counted so far (GetCashInStatus: the transaction still
// active with its escrow, or ended with the notes in the units), and ending the deposit puts every
// counted note into a unit exactly once: nothing lost, nothing counted twice.
import t from 'tap';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OperationsJournal } from '../../src/bridge/operations-journal.ts';
import type { JsonObject } from '../../src/xfs4iot/backend.ts';
import { Xfs4IotClient } from '../../src/xfs4iot/client.ts';
import { logLines, movementStarted, startChildGateway, type ChildGateway } from './fixtures/child-gateway.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const DELAY_MS = 400;
const start = (dir: string, run: number): Promise<ChildGateway> => startChildGateway('cim-gateway.ts', { dir, logicalName: 'CashAcceptorKill', run, delayMs: DELAY_MS }, ['OK', 'FAILED']);

/** Notes of each cash item in the units (from the XFS4IoT storage: initial - out + in). */
async function notesInUnits(client: Xfs4IotClient): Promise<number> {
  const storage = (await client.command('Storage.GetStorage')).payload?.storage as Record<string, { cash: { status: JsonObject } }>;
  const sum = (counts: unknown): number => Object.entries((counts ?? {}) as JsonObject).reduce((n, [k, v]) => n + (k === 'unrecognized' ? Number(v)
    : Object.values(v as Record<string, number>).reduce((a, b) => a + b, 0)), 0);
  let total = 0;
  for (const unit of Object.values(storage)) {
    const { initial, out, in: into } = unit.cash.status as { initial: JsonObject; out: JsonObject; in: JsonObject };
    total += sum(initial) - Object.values(out).reduce((n: number, c) => n + sum(c), 0) + Object.values(into).reduce((n: number, c) => n + sum(c), 0);
  }
  return total;
}

const ok = (m: { header: { completionCode?: string | null } }) => (m.header.completionCode ?? null) === null;

for (const step of ['CashIn', 'CashInEnd'] as const) {
  t.test(`kill -9 during ${step}: the notes counted so far are reported after the restart and deposited once`, async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'cim-kill-'));
    mkdirSync(join(dir, 'device'));
    t.teardown(() => rmSync(dir, { recursive: true, force: true }));
    let gw = await start(dir, 0);
    t.teardown(() => gw.kill());
    let client = await Xfs4IotClient.connect(gw.url);
    const before = await notesInUnits(client);

    t.ok(ok(await client.command('CashAcceptor.CashInStart', { useRecycleUnits: true })), 'CashInStart');
    t.equal(await gw.ask('insert 3x3,1x4'), 'OK');
    const first = await client.command('CashAcceptor.CashIn');
    t.same((first.payload?.items as JsonObject).typeEUR20, { fit: 3, unfit: 0, suspect: 0, counterfeit: 0, inked: 0 }, 'three 20s counted into the escrow');
    const journal0 = new OperationsJournal(join(dir, 'operations.db'), { readOnly: true });
    const lastId = journal0.all().at(-1)?.id ?? 0;
    journal0.close();

    if (step === 'CashIn') {
      // A second bunch: the device waits for it inside CashIn when the process dies.
      void client.send('CashAcceptor.CashIn').completion.catch(() => undefined);
    } else {
      void client.send('CashAcceptor.CashInEnd').completion.catch(() => undefined);
    }
    await movementStarted(dir, 0, lastId);
    await sleep(DELAY_MS / 4);
    await gw.kill();
    await client.close().catch(() => undefined);

    gw = await start(dir, 1);
    client = await Xfs4IotClient.connect(gw.url);
    const journal = new OperationsJournal(join(dir, 'operations.db'), { readOnly: true });
    const interrupted = journal.all().filter((e) => e.id > lastId && e.state === 'interrupted');
    journal.close();
    const xfs3 = step === 'CashIn' ? 'WFS_CMD_CIM_CASH_IN' : 'WFS_CMD_CIM_CASH_IN_END';
    t.same(interrupted.map((e) => e.xfs3Command), [xfs3], `the ${step} under way is journaled as interrupted`);
    t.ok(logLines(dir, 1).some((l) => l.code === 'X4I-052' && l.level === 50 && l.xfs3Command === xfs3 && l.command === `CashAcceptor.${step}`), `the restarted gateway names the interrupted ${step} at error level`);

    const status = await client.command('CashAcceptor.GetCashInStatus');
    const inUnits = await notesInUnits(client);
    if (status.payload?.status === 'active') {
      t.same((status.payload.noteNumberList as JsonObject).typeEUR20, { fit: 3, unfit: 0, suspect: 0, counterfeit: 0, inked: 0 }, 'the notes counted before the kill are still in the escrow, and reported');
      t.equal(inUnits, before, 'none of them reached a unit yet');
      const end = await client.command('CashAcceptor.CashInEnd');
      t.ok(ok(end), `the deposit ends after the restart (${end.header.errorDescription ?? ''})`);
    } else {
      t.equal(step, 'CashInEnd', 'only an end that ran on the device can have closed the transaction');
      t.equal(status.payload?.status, 'ok', 'the device finished the CashInEnd before the process died');
    }
    t.equal(await notesInUnits(client), before + 4, 'the four counted notes are in the units exactly once');
    const again = await client.command('CashAcceptor.CashInEnd');
    t.equal(again.payload?.errorCode, 'noCashInActive', 'a second end finds no deposit: nothing is counted twice');
    await client.close();
    await gw.kill();
  });
}
