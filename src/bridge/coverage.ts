// For every command and event of the specification's table of contents: is it mapped onto XFS 3.x,
// exercised by the bridge's end-to-end case table, or without a 3.x counterpart (and why)?
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MappingSet } from './mapping-types.ts';

export interface TocFile {
  interfaces: Record<string, { commands: string[]; events: string[]; unsolicited: string[] }>;
}

export interface InterfacesFile {
  /** pending: why the classes have no mapping yet, where there is more to say than that. */
  interfaces: Record<string, { classes?: string[]; engine?: string; none?: string; pending?: string }>;
  /** Table-of-contents names whose message is spelled otherwise on the wire (the definitions' name). */
  wireNames?: Record<string, string>;
}

export interface CaseStep {
  send?: string;
  expect?: { events?: string[] };
  unsolicited?: string;
}

export interface CaseTable {
  cases: Array<{ id: string; service?: string; steps: CaseStep[] }>;
}

export interface CoverageRow {
  interfaceName: string;
  message: string;
  kind: 'command' | 'event' | 'unsolicited';
  mapped: string;
  tested: boolean;
  note: string;
}

export function testedMessages(tables: CaseTable[]): Set<string> {
  const tested = new Set<string>();
  for (const table of tables) {
    for (const entry of table.cases) {
      for (const step of entry.steps) {
        if (step.send) tested.add(step.send);
        if (step.unsolicited) tested.add(step.unsolicited);
        for (const event of step.expect?.events ?? []) tested.add(event);
      }
    }
  }
  return tested;
}

export function coverageRows(toc: TocFile, interfaces: InterfacesFile, mappings: MappingSet, tested: Set<string>): CoverageRow[] {
  const rows: CoverageRow[] = [];
  for (const [interfaceName, messages] of Object.entries(toc.interfaces)) {
    const provider = interfaces.interfaces[interfaceName] ?? {};
    const classes = provider.classes ?? [];
    const mappedClasses = classes.filter((name) => mappings.classes.has(name));
    const all: Array<[string, CoverageRow['kind']]> = [
      ...messages.commands.map((name): [string, CoverageRow['kind']] => [name, 'command']),
      ...messages.events.map((name): [string, CoverageRow['kind']] => [name, 'event']),
      ...messages.unsolicited.map((name): [string, CoverageRow['kind']] => [name, 'unsolicited']),
    ];
    for (const [tocName, kind] of all) {
      const message = interfaces.wireNames?.[tocName] ?? tocName;
      const row: CoverageRow = { interfaceName, message: tocName, kind, mapped: '', tested: tested.has(message), note: '' };
      if (provider.engine) {
        row.mapped = 'engine';
        row.note = provider.engine;
      } else if (provider.none) {
        row.mapped = 'no 3.x counterpart';
        row.note = provider.none;
      } else {
        const sources: string[] = [];
        const reasons: string[] = [];
        for (const className of mappedClasses) {
          const mapping = mappings.classes.get(className);
          if (!mapping) continue;
          const command = mapping.commands[message];
          if (command) {
            const via = command.kind === 'gateway' ? 'gateway state' : (command.xfs3 ?? []).join(', ');
            sources.push(`${className}: ${via}`);
            continue;
          }
          const events = Object.entries(mapping.events).filter(([, entry]) => entry.xfs4iot === message).map(([name]) => name);
          if (events.length > 0) sources.push(`${className}: ${events.join(', ')}`);
          else if (mapping.notMapped?.[message]) reasons.push(mapping.notMapped[message]);
        }
        if (message === 'Common.StatusChangedEvent' || message === 'Common.ErrorEvent') {
          const systemEvents = Object.entries(mappings.generic.systemEvents).filter(([, entry]) => entry.xfs4iot === message).map(([name]) => name);
          if (systemEvents.length > 0) sources.push(`all classes: ${systemEvents.join(', ')}`);
          if (message === 'Common.StatusChangedEvent') sources.push('status differences after commands');
        }
        if (sources.length > 0) {
          row.mapped = 'mapped';
          row.note = sources.join('; ') + (message !== tocName ? ` (on the wire: ${message})` : '');
        } else if (reasons.length > 0) {
          // A reason starting "not bridged yet" names a 3.x counterpart the bridge does not use yet.
          const pending = reasons.find((reason) => reason.startsWith('not bridged yet'));
          row.mapped = pending ? 'pending' : 'no 3.x counterpart';
          row.note = pending ?? reasons[0];
        } else if (mappedClasses.length === 0) {
          row.mapped = 'pending';
          row.note = provider.pending ?? (classes.length > 0 ? `3.x class ${classes.join('/')} has no mapping file yet` : 'no provider named in mappings/interfaces.json');
        } else {
          row.mapped = 'NOT MAPPED';
          row.note = `no entry in the ${mappedClasses.join('/')} mapping`;
        }
      }
      rows.push(row);
    }
  }
  return rows;
}

/** One row per message, each with its reason (a class whose facts are not public says so row by row). */
export function renderMarkdown(rows: CoverageRow[]): string {
  const lines = ['| Interface | Message | Kind | 3.x mapping | Tested | Detail |', '|---|---|---|---|---|---|'];
  for (const row of rows) {
    const tested = row.tested ? 'yes' : row.mapped === 'mapped' ? 'no' : '-';
    lines.push(`| ${row.interfaceName} | ${row.message} | ${row.kind} | ${row.mapped} | ${tested} | ${row.note.replace(/\|/g, '\\|')} |`);
  }
  const count = (predicate: (row: CoverageRow) => boolean) => rows.filter(predicate).length;
  lines.push('');
  lines.push(`${rows.length} messages: ${count((r) => r.mapped === 'mapped')} mapped (${count((r) => r.mapped === 'mapped' && r.tested)} tested end to end), ` +
    `${count((r) => r.mapped === 'engine')} engine, ${count((r) => r.mapped === 'no 3.x counterpart')} without 3.x counterpart, ` +
    `${count((r) => r.mapped === 'pending')} pending (class or message not bridged yet), ${count((r) => r.mapped === 'NOT MAPPED')} gaps.`);
  return lines.join('\n');
}

export function readCaseTables(dir: string): CaseTable[] {
  if (!existsSync(dir)) return [];
  const tables: CaseTable[] = [];
  // Every class's case table (idc-cases.json, cdm-cases.json, ...), so a new class needs no edit here.
  for (const file of readdirSync(dir).filter((name) => name.endsWith('-cases.json')).sort()) {
    tables.push(JSON.parse(readFileSync(join(dir, file), 'utf8')) as CaseTable);
  }
  return tables;
}
