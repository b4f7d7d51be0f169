// UnitBuilds: a status read rebuilds only the units whose 3.x input changed, and names as changed
// only the units whose XFS4IoT form differs (or that a 3.x event forced).
import t from 'tap';
import { UnitBuilds, type StorageUnitSource } from '../../src/bridge/unit-builds.ts';
import { EnumTables } from '../../src/bridge/enums.ts';
import { MappingUsage } from '../../src/bridge/usage.ts';
import type { JsonObject } from '../../src/xfs4iot/backend.ts';

interface Unit { number: number; count: number }
interface Status { units: Unit[]; currency: { code: string } }
interface Caps { kind: string }

function counting(): { source: StorageUnitSource<Caps, Status>; built: number[] } {
  const built: number[] = [];
  const source: StorageUnitSource<Caps, Status> = {
    shared: (status) => [status.currency],
    units: (status) => status.units.map((u) => [`unit${u.number}`, u] as const),
    build: (input, status) => {
      const unit = input as Unit;
      built.push(unit.number);
      return { count: unit.count, currency: status.currency.code };
    },
  };
  return { source, built };
}

const enums = new EnumTables([], new MappingUsage(), () => undefined);
const caps: Caps = { kind: 'acceptor' };
const statusOf = (counts: number[], code = 'EUR'): Status => ({ units: counts.map((count, i) => ({ number: i + 1, count })), currency: { code } });
const ids = (o: JsonObject) => Object.keys(o).sort();

/** Builds after a first read of `counts`, with the first read's builds forgotten. */
function afterFirstRead(counts: number[]): { builds: UnitBuilds<Caps, Status>; built: number[] } {
  const { source, built } = counting();
  const builds = new UnitBuilds(source, enums);
  builds.read(statusOf(counts), caps, false);
  built.length = 0;
  return { builds, built };
}

t.test('the first read builds every unit and names every unit changed', async (t) => {
  const { source, built } = counting();
  const read = new UnitBuilds(source, enums).read(statusOf([1, 2, 3]), caps, false);
  t.same(built, [1, 2, 3]);
  t.same(ids(read.units), ['unit1', 'unit2', 'unit3']);
  t.same(ids(read.changed), ['unit1', 'unit2', 'unit3']);
  t.same(read.units.unit2, { count: 2, currency: 'EUR' });
});

t.test('the same objects again: nothing built, nothing changed, every unit still there', async (t) => {
  const { source, built } = counting();
  const builds = new UnitBuilds(source, enums);
  const status = statusOf([1, 2, 3]);
  builds.read(status, caps, false);
  built.length = 0;
  const read = builds.read(status, caps, false);
  t.same(built, []);
  t.same(read.changed, {});
  t.same(ids(read.units), ['unit1', 'unit2', 'unit3']);
});

t.test('a new read with equal content: nothing built, nothing changed', async (t) => {
  const { builds, built } = afterFirstRead([1, 2, 3]);
  t.same(builds.read(statusOf([1, 2, 3]), caps, false).changed, {});
  t.same(built, []);
});

t.test('one unit counted up: only that unit is built and named changed', async (t) => {
  const { builds, built } = afterFirstRead([1, 2, 3]);
  const read = builds.read(statusOf([1, 5, 3]), caps, false);
  t.same(built, [2]);
  t.same(read.changed, { unit2: { count: 5, currency: 'EUR' } });
  t.same(read.units.unit1, { count: 1, currency: 'EUR' }, 'the others are the last builds');
  // The next read compares against the new count, not the first one.
  built.length = 0;
  t.same(builds.read(statusOf([1, 5, 3]), caps, false).changed, {});
  t.same(built, []);
});

t.test('a changed shared part (the currency) or other capabilities rebuild every unit', async (t) => {
  const { builds, built } = afterFirstRead([1, 2]);
  const read = builds.read(statusOf([1, 2], 'USD'), caps, false);
  t.same(built, [1, 2]);
  t.same(ids(read.changed), ['unit1', 'unit2']);
  built.length = 0;
  const again = builds.read(statusOf([1, 2], 'USD'), { kind: 'recycler' }, false);
  t.same(built, [1, 2], 'new capabilities: built again');
  t.same(again.changed, {}, 'and they came out the same: not announced');
});

t.test('forced units are named changed even when they are the same', async (t) => {
  const { builds, built } = afterFirstRead([1, 2, 3]);
  t.same(ids(builds.read(statusOf([1, 2, 3]), caps, new Set(['unit3'])).changed), ['unit3']);
  t.same(ids(builds.read(statusOf([1, 2, 3]), caps, true).changed), ['unit1', 'unit2', 'unit3']);
  t.same(built, [], 'forcing announces the kept builds');
});

t.test('a unit that appears is changed; one that goes is no longer listed', async (t) => {
  const { source } = counting();
  const builds = new UnitBuilds(source, enums);
  builds.read(statusOf([1, 2]), caps, false);
  const grown = builds.read(statusOf([1, 2, 7]), caps, false);
  t.same(ids(grown.changed), ['unit3']);
  const shrunk = builds.read(statusOf([1]), caps, false);
  t.same(ids(shrunk.units), ['unit1']);
  t.same(shrunk.changed, {});
  t.same(ids(builds.read(statusOf([1, 2]), caps, false).changed), ['unit2'], 'a unit back after it went is new again');
});
