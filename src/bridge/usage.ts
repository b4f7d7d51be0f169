// Records which mapping entries the running bridge has used, so that a test can walk every entry of
// the mapping files and fail on one that no test exercised. Keys: "<file>:<section>/<entry>[/<value>]".
export class MappingUsage {
  private readonly used = new Set<string>();

  mark(key: string): void {
    this.used.add(key);
  }

  has(key: string): boolean {
    return this.used.has(key);
  }

  keys(): string[] {
    return [...this.used].sort();
  }
}

/** Every key a class mapping can produce, for the coverage walk. */
export function mappingKeys(file: string, mapping: {
  commands: Record<string, unknown>;
  events: Record<string, unknown>;
  errors: Record<string, unknown>;
  enums: Record<string, { values?: Record<string, unknown>; flags?: Record<string, number> }>;
}): string[] {
  const keys: string[] = [];
  for (const name of Object.keys(mapping.commands)) keys.push(`${file}:commands/${name}`);
  for (const name of Object.keys(mapping.events)) keys.push(`${file}:events/${name}`);
  for (const name of Object.keys(mapping.errors)) keys.push(`${file}:errors/${name}`);
  for (const [table, entry] of Object.entries(mapping.enums)) {
    for (const value of Object.keys(entry.values ?? entry.flags ?? {})) keys.push(`${file}:enums/${table}/${value}`);
  }
  return keys;
}
