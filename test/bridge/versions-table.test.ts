// The README's table of messages by release is the one `npm run mapping:coverage -- --versions` prints.
import { readFileSync } from 'node:fs';
import t from 'tap';
import { classBindings } from '../../src/bridge/gateway.ts';
import { renderVersionTable, versionRows } from '../../src/bridge/versions-table.ts';

t.test('the README table of messages by release is current', async (t) => {
  const table = renderVersionTable(versionRows(classBindings));
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  t.ok(readme.includes(table), 'README.md holds the printed table (regenerate with npm run mapping:coverage -- --versions)');
  const rows = versionRows(classBindings);
  t.equal(rows.find((r) => r.message === 'CardReader.ReadRawData')?.served['2024-03'], '2.0 → 3.0', '2024-03 pairs ReadRawData 2.0 with a 3.0 completion');
  t.equal(rows.find((r) => r.message === 'Lights.SetLight')?.served['2024-03'], '3.0 → 2.0', 'and SetLight 3.0 with a 2.0 completion');
  t.equal(rows.find((r) => r.message === 'Auxiliaries.GetAutoStartupTime')?.served['2023-2'], 'Auxiliaries.GetAutoStartUpTime 2.0 → 2.0', '2023-2 spells it StartUp');
});
