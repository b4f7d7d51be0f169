// The mapping coverage table: the table of contents parser, and the rows `npm run mapping:coverage` prints.
import t from 'tap';
import { readFileSync } from 'node:fs';
import { parseToc } from '../../src/bridge/toc.ts';
import { coverageRows, readCaseTables, renderMarkdown, testedMessages, type InterfacesFile, type TocFile } from '../../src/bridge/coverage.ts';
import { defaultMappingDir, loadMappings } from '../../src/bridge/mapping-loader.ts';
import { run } from '../../src/bridge/coverage-cli.ts';
import { fileURLToPath } from 'node:url';

t.test('the table of contents parser', async (t) => {
  const toc = parseToc([
    '4. Common Interface\t35', '4.1 Command Messages\t36', '4.1.1 Common.Status\t36', '4.2\tUnsolicited Messages\t144',
    '4.2.1\tCommon.StatusChangedEvent\t144', '5.\tCard Reader Interface\t148', '5.1\tGeneral Information\t149',
    '5.1.1\tReferences\t149', '5.2\tCommand Messages\t154', '5.2.3\tCardReader.ReadRawData\t158',
    '5.3\tEvent Messages.....\t190', '5.3.1\tCardReader.InsertCardEvent.....\t190',
  ].join('\n'));
  t.same(toc, [
    { name: 'Common', messages: [{ name: 'Common.Status', kind: 'command' }, { name: 'Common.StatusChangedEvent', kind: 'unsolicited' }] },
    { name: 'CardReader', messages: [{ name: 'CardReader.ReadRawData', kind: 'command' }, { name: 'CardReader.InsertCardEvent', kind: 'event' }] },
  ]);
});

t.test('coverage rows of the shipped mappings', async (t) => {
  const toc = JSON.parse(readFileSync(`${defaultMappingDir}xfs4iot-messages.json`, 'utf8')) as TocFile;
  const interfaces = JSON.parse(readFileSync(`${defaultMappingDir}interfaces.json`, 'utf8')) as InterfacesFile;
  const tested = testedMessages(readCaseTables(fileURLToPath(new URL('./cases/', import.meta.url))));
  const rows = coverageRows(toc, interfaces, loadMappings(), tested);
  t.equal(rows.length, Object.values(toc.interfaces).reduce((n, i) => n + i.commands.length + i.events.length + i.unsolicited.length, 0), 'one row per message');
  t.same(rows.filter((row) => row.mapped === 'NOT MAPPED'), [], 'no gap in a mapped interface');
  for (const row of rows.filter((r) => r.interfaceName === 'CardReader')) {
    t.equal(row.mapped, 'mapped', `${row.message} mapped`);
    t.ok(row.tested, `${row.message} tested end to end`);
  }
  t.match(rows.find((r) => r.message === 'CardReader.Move')?.note, 'WFS_CMD_IDC_EJECT_CARD, WFS_CMD_IDC_RETAIN_CARD, WFS_CMD_IDC_PARK_CARD');
  t.equal(rows.find((r) => r.message === 'Storage.StorageErrorEvent')?.mapped, 'mapped', 'CDM WFS_EXEE_CDM_CASHUNITERROR');
  t.equal(rows.find((r) => r.message === 'CashManagement.MediaDetectedEvent')?.mapped, 'mapped');
  t.equal(rows.find((r) => r.message === 'CashManagement.SafeDoorOpenEvent')?.mapped, 'no 3.x counterpart', 'in neither release: said so, with the reason');
  t.equal(rows.find((r) => r.message === 'Keyboard.KeyPressBeep')?.note, 'PIN: WFS_CMD_PIN_KEYPRESS_BEEP (on the wire: Keyboard.KeypressBeep)', 'a table-of-contents name the wire spells otherwise');
  t.equal(rows.find((r) => r.message === 'CashDispenser.Dispense')?.mapped, 'mapped');
  t.equal(rows.find((r) => r.message === 'CashAcceptor.CashIn')?.note, 'CIM: WFS_CMD_CIM_CASH_IN, WFS_INF_CIM_GET_P6_INFO');
  for (const row of rows.filter((r) => ['CashDispenser', 'CashManagement', 'CashAcceptor'].includes(r.interfaceName))) {
    t.not(row.mapped, 'NOT MAPPED', `${row.message} has a mapping or a reason`);
    if (row.mapped === 'mapped') t.ok(row.tested, `${row.message} tested end to end`);
  }
  for (const row of rows.filter((r) => ['CashDispenser', 'CashManagement'].includes(r.interfaceName) && /^not bridged yet/.test(r.note ?? ''))) {
    t.equal(row.mapped, 'pending', `${row.message}: a 3.x message not bridged yet is pending, not "no counterpart"`);
  }
  t.equal(rows.find((r) => r.message === 'CashDispenser.TestCashUnits')?.note, 'CDM: WFS_CMD_CDM_TEST_CASH_UNITS');
  t.equal(rows.find((r) => r.message === 'CashDispenser.Count')?.note, 'CDM: WFS_CMD_CDM_COUNT');
  t.equal(rows.find((r) => r.message === 'CashManagement.ItemsInsertedEvent')?.note, 'CIM: WFS_SRVE_CIM_ITEMSINSERTED', 'a row a second class brings');
  t.equal(rows.find((r) => r.message === 'VendorApplication.StartLocalApplication')?.mapped ?? 'no 3.x counterpart', 'no 3.x counterpart');
  const markdown = renderMarkdown(rows);
  t.match(markdown, /^\| Interface \| Message \| Kind \| 3\.x mapping \| Tested \| Detail \|/);
  t.match(markdown, /\| CardReader \| CardReader\.ReadRawData \| command \| mapped \| yes \| IDC: WFS_CMD_IDC_READ_RAW_DATA \|/);
});

t.test('the CLI prints the table and exits 0 without gaps', async (t) => {
  let out = '';
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string) => { out += chunk; return true; }) as typeof process.stdout.write;
  let code: number;
  try {
    code = await run([]);
  } finally {
    process.stdout.write = write;
  }
  t.equal(code, 0);
  t.match(out, /messages: \d+ mapped \(\d+ tested end to end\)/);
  // Issue 16, item 3: the Biometric rows say why there is no binding and where the facts were sought.
  const biometric = out.split('\n').filter((line) => line.startsWith('| Biometric |'));
  t.equal(biometric.length, 14, 'one row per Biometric message');
  for (const line of biometric) t.match(line, /^\| Biometric \| Biometric\.\w+ \| (command|event|unsolicited) \| pending \| - \| 3\.x class BIO \(XFS 3\.40[^|]*not public where we looked \(becrux\/xfspp/);
});
