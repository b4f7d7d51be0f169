// `npm run mapping:coverage`: the mapping coverage table (Markdown) for the README.
// One row per message. Options: --toc <seed 000 file> re-derives the message list from the specification's table of
// contents instead of mappings/xfs4iot-messages.json; --versions prints instead the versions each
// release's client is served, per mapped command; --write-readme puts both tables into README.md.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { coverageRows, readCaseTables, renderMarkdown, testedMessages, type InterfacesFile, type TocFile } from './coverage.ts';
import { defaultMappingDir, loadMappings, MappingError } from './mapping-loader.ts';
import { parseToc } from './toc.ts';
import { classBindings } from './gateway.ts';
import { renderVersionTable, versionRows } from './versions-table.ts';
import { spliceReadmeTables } from './readme-tables.ts';

const caseDir = fileURLToPath(new URL('../../test/bridge/cases/', import.meta.url));

function tocFrom(args: string[]): TocFile {
  const at = args.indexOf('--toc');
  if (at >= 0 && args[at + 1]) {
    const parsed = parseToc(readFileSync(args[at + 1], 'utf8'));
    return {
      interfaces: Object.fromEntries(parsed.map((entry) => [entry.name, {
        commands: entry.messages.filter((m) => m.kind === 'command').map((m) => m.name),
        events: entry.messages.filter((m) => m.kind === 'event').map((m) => m.name),
        unsolicited: entry.messages.filter((m) => m.kind === 'unsolicited').map((m) => m.name),
      }])),
    };
  }
  return JSON.parse(readFileSync(`${defaultMappingDir}xfs4iot-messages.json`, 'utf8')) as TocFile;
}

export async function run(args: string[]): Promise<number> {
  try {
    if (args.includes('--versions')) {
      process.stdout.write(`${renderVersionTable(versionRows(classBindings))}\n`);
      return 0;
    }
    const mappings = loadMappings();
    const interfaces = JSON.parse(readFileSync(`${defaultMappingDir}interfaces.json`, 'utf8')) as InterfacesFile;
    const rows = coverageRows(tocFrom(args), interfaces, mappings, testedMessages(readCaseTables(caseDir)));
    if (args.includes('--write-readme')) {
      const readmePath = fileURLToPath(new URL('../../README.md', import.meta.url));
      const readme = readFileSync(readmePath, 'utf8');
      writeFileSync(readmePath, spliceReadmeTables(readme, renderMarkdown(rows), renderVersionTable(versionRows(classBindings))));
      process.stdout.write('README.md: mapping coverage and messages-by-release tables written\n');
      return rows.some((row) => row.mapped === 'NOT MAPPED') ? 1 : 0;
    }
    process.stdout.write(`${renderMarkdown(rows)}\n`);
    return rows.some((row) => row.mapped === 'NOT MAPPED') ? 1 : 0;
  } catch (error) {
    if (error instanceof MappingError) {
      process.stderr.write(`mapping error: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await run(process.argv.slice(2));
}
