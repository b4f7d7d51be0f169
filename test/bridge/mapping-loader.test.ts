import t from 'tap';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultMappingDir, loadMappings, MappingError } from '../../src/bridge/mapping-loader.ts';

type Json = Record<string, unknown>;

function withMappings(t: { teardown(fn: () => void): void }, edit: (idc: Json, generic: Json) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'mappings-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  cpSync(defaultMappingDir, dir, { recursive: true });
  const idc = JSON.parse(readFileSync(join(dir, 'idc.json'), 'utf8')) as Json;
  const generic = JSON.parse(readFileSync(join(dir, 'generic.json'), 'utf8')) as Json;
  edit(idc, generic);
  writeFileSync(join(dir, 'idc.json'), JSON.stringify(idc));
  writeFileSync(join(dir, 'generic.json'), JSON.stringify(generic));
  return dir;
}

function failure(dir: string): MappingError {
  try {
    loadMappings(dir, dir);
  } catch (error) {
    if (error instanceof MappingError) return error;
    throw error;
  }
  throw new Error('the broken mapping was accepted');
}

const commands = (idc: Json) => idc.commands as Record<string, Json>;

t.test('the shipped mapping files load', async (t) => {
  const mappings = loadMappings();
  t.ok(mappings.classes.get('IDC'));
  t.equal(mappings.generic.errors.WFS_ERR_CANCELED.completionCode, 'canceled');
});

t.test('a broken mapping names file, entry and problem', async (t) => {
  const cases: Array<[string, (idc: Json, generic: Json) => void, string, string, RegExp]> = [
    ['bad kind', (idc) => { commands(idc)['CardReader.Move'].kind = 'run'; }, 'idc.json', "commands['CardReader.Move'].kind", /allowed values/],
    ['unknown 3.x command', (idc) => { commands(idc)['CardReader.Move'].xfs3 = ['WFS_CMD_IDC_TELEPORT']; }, 'idc.json', "commands['CardReader.Move'].xfs3[0]", /unknown 3\.x command/],
    ['unknown property', (idc) => { commands(idc)['CardReader.Reset'].colour = 'red'; }, 'idc.json', "commands['CardReader.Reset']", /unknown property 'colour'/],
    ['missing translator', (idc) => { delete commands(idc)['CardReader.ChipIO'].translator; }, 'idc.json', "commands['CardReader.ChipIO']", /missing property 'translator'/],
    ['override outside errorCodes', (idc) => { commands(idc)['CardReader.Move'].errorOverrides = { WFS_ERR_IDC_NOMEDIA: 'vanished' }; }, 'idc.json', "commands['CardReader.Move'].errorOverrides['WFS_ERR_IDC_NOMEDIA']", /not in this command's errorCodes/],
    ['event both dropped and mapped', (idc) => { (idc.events as Record<string, Json>).WFS_EXEE_IDC_INVALIDTRACKDATA.xfs4iot = 'CardReader.InsertCardEvent'; }, 'idc.json', 'events.WFS_EXEE_IDC_INVALIDTRACKDATA', /must NOT be valid|oneOf|must match/],
    ['interface not provided', (idc) => { commands(idc)['Printer.Reset'] = { kind: 'execute', xfs3: ['WFS_CMD_IDC_RESET'], translator: 'reset' }; }, 'idc.json', "commands['Printer.Reset']", /not among this class's interfaces/],
    ['generic error with a wrong completion code', (_idc, generic) => { (generic.errors as Record<string, Json>).WFS_ERR_TIMEOUT.completionCode = 'tooSlow'; }, 'generic.json', 'errors.WFS_ERR_TIMEOUT.completionCode', /allowed values/],
    ['class error code positive', (idc) => { (idc.errors as Record<string, Json>).WFS_ERR_IDC_MEDIAJAM.code = 200; }, 'idc.json', 'errors.WFS_ERR_IDC_MEDIAJAM.code', /must be <= -1/],
  ];
  for (const [label, edit, file, entry, problem] of cases) {
    const error = failure(withMappings(t, edit));
    t.equal(error.file, file, `${label}: file`);
    t.equal(error.entry, entry, `${label}: entry`);
    t.match(error.problem, problem, `${label}: problem`);
    t.ok(error.message.startsWith(`${file}: ${entry}: `), `${label}: message`);
  }
});

t.test('a mapping file that is not JSON stops loading with its name', async (t) => {
  const dir = withMappings(t, () => undefined);
  writeFileSync(join(dir, 'idc.json'), '{ "kind": "class", ');
  const error = failure(dir);
  t.equal(error.file, 'idc.json');
  t.match(error.problem, /not valid JSON/);
});
