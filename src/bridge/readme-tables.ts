// The README's generated tables (mapping coverage, messages by release) spliced in place, so that
// `npm run mapping:coverage -- --write-readme` keeps them current in one way.

/** Replaces the lines from the one starting with `head` through the first that `last` matches (by index). */
function splice(text: string, head: string, last: (lines: string[], index: number) => boolean, replacement: string): string {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => line.startsWith(head));
  if (start < 0) throw new Error(`README: no table starting with ${head}`);
  let end = start;
  while (end + 1 < lines.length && !last(lines, end)) end += 1;
  return [...lines.slice(0, start), ...replacement.replace(/\n+$/, '').split('\n'), ...lines.slice(end + 1)].join('\n');
}

export const COVERAGE_HEAD = '| Interface | Message | Kind | 3.x mapping | Tested | Detail |';
export const VERSIONS_HEAD = '| Command | Classes | 2023-2 client';

/** The README with both tables replaced: coverage through its summary line, versions through its last row. */
export function spliceReadmeTables(readme: string, coverage: string, versions: string): string {
  const withCoverage = splice(readme, COVERAGE_HEAD, (lines, i) => /^\d+ messages: /.test(lines[i]), coverage);
  // The versions table ends at its last row: the next line is no table row.
  return splice(withCoverage, VERSIONS_HEAD, (lines, i) => !(lines[i + 1] ?? '').startsWith('|'), versions);
}
