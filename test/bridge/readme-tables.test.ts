// `npm run mapping:coverage -- --write-readme` splices both generated tables into the README in place.
import t from 'tap';
import { COVERAGE_HEAD, spliceReadmeTables, VERSIONS_HEAD } from '../../src/bridge/readme-tables.ts';

const readme = [
  '# x', '', COVERAGE_HEAD, '|---|', '| old | row |', '', '3 messages: 1 mapped', '', '## Messages by release', 'text', '',
  `${VERSIONS_HEAD} | x |`, '|---|', '| A | old |', '| B | old |', '', '## Performance', 'p',
].join('\n');

t.test('both tables are replaced, everything around them kept', async (t) => {
  const out = spliceReadmeTables(readme, `${COVERAGE_HEAD}\n|---|\n| new |\n\n4 messages: 2 mapped\n`, `${VERSIONS_HEAD} | x |\n|---|\n| A | new |\n`);
  t.equal(out, [
    '# x', '', COVERAGE_HEAD, '|---|', '| new |', '', '4 messages: 2 mapped', '', '## Messages by release', 'text', '',
    `${VERSIONS_HEAD} | x |`, '|---|', '| A | new |', '', '## Performance', 'p',
  ].join('\n'));
  t.equal(spliceReadmeTables(out, `${COVERAGE_HEAD}\n|---|\n| new |\n\n4 messages: 2 mapped\n`, `${VERSIONS_HEAD} | x |\n|---|\n| A | new |\n`), out, 'writing twice changes nothing');
});

t.test('a README without the tables is an error, not a silent append', async (t) => {
  t.throws(() => spliceReadmeTables('# nothing here\n', 'a', 'b'), /no table starting with/);
});
