// The versions each release's client is served, per mapped command: the README's table of messages by
// release (`npm run mapping:coverage -- --versions`). Computed from the class bindings' majors and the
// release definitions, the same way the bridge builds its command versions.
import { ownVersionPair, RELEASES, releaseVersionPair, type Release } from '../xfs4iot/release-definitions.ts';
import { NAMES_2023_BY_2024 } from '../xfs4iot/release-names.ts';
import type { ClassBinding } from './class-binding.ts';

export interface VersionRow {
  message: string;
  classes: string[];
  /** "2.0 → 3.0", "not served", or "-" when the release has no such command. */
  served: Record<Release, string>;
}

/** Common commands the engine serves itself at both majors. */
const ENGINE_COMMANDS = ['Common.Status', 'Common.Capabilities'];

function servedFor(name: string, release: Release, majors: readonly number[]): string {
  const releaseName = release === '2023-2' ? NAMES_2023_BY_2024[name] ?? name : name;
  const own = ownVersionPair(releaseName, release);
  if (!own) return '-';
  const major = Math.max(Number.parseInt(own.command, 10), Number.parseInt(own.completion, 10));
  if (!majors.includes(major)) return 'not served';
  const pair = releaseVersionPair(releaseName, major) ?? own;
  return `${releaseName === name ? '' : `${releaseName} `}${pair.command} → ${pair.completion}`;
}

export function versionRows(bindings: Record<string, Pick<ClassBinding<unknown, unknown>, 'commandSchemas'>>): VersionRow[] {
  const byName = new Map<string, { classes: string[]; majors: Set<number> }>();
  for (const name of ENGINE_COMMANDS) byName.set(name, { classes: ['engine'], majors: new Set([2, 3]) });
  for (const [cls, binding] of Object.entries(bindings)) {
    for (const [name, entry] of Object.entries(binding.commandSchemas)) {
      const row = byName.get(name) ?? { classes: [], majors: new Set<number>() };
      row.classes.push(cls);
      for (const major of entry.majors) row.majors.add(major);
      byName.set(name, row);
    }
  }
  return [...byName.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([message, row]) => ({
    message, classes: row.classes,
    served: Object.fromEntries(RELEASES.map((release) => [release, servedFor(message, release, [...row.majors])])) as Record<Release, string>,
  }));
}

export function renderVersionTable(rows: VersionRow[]): string {
  const lines = ['| Command | Classes | 2023-2 client: command → completion | 2024-03 client (after SetVersions): command → completion |', '|---|---|---|---|'];
  for (const row of rows) lines.push(`| ${row.message} | ${row.classes.join(', ')} | ${row.served['2023-2']} | ${row.served['2024-03']} |`);
  return lines.join('\n');
}
