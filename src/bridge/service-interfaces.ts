// The XFS4IoT interfaces a bridged service publishes, from its class mapping and binding: each command
// at the versions its releases define (2024-03 pairs some 2.0 commands with 3.0 completions and some
// 3.0 commands with 2.0 completions), a command 2024-03 renamed also under its 2023-2 name, and the
// binding's events. Pure: the service supplies how one command runs.
import { releaseEventVersion, releaseVersionPair } from '../xfs4iot/release-definitions.ts';
import { NAMES_2023_BY_2024 } from '../xfs4iot/release-names.ts';
import type { CommandDefinition, EventDefinition, InterfaceDefinition, InterfaceName } from '../xfs4iot/backend.ts';
import type { ClassBinding, CommandSchemaEntry } from './class-binding.ts';
import type { ClassMapping, CommandEntry } from './mapping-types.ts';

/** Each major of a command with the versions its release defines. */
export function commandVersions(name: string, schemas: CommandSchemaEntry): CommandDefinition['versions'] {
  return schemas.majors.map((major) => {
    const payload = schemas.payload(major);
    const pair = releaseVersionPair(name, major) ?? { command: `${major}.0`, completion: `${major}.0` };
    return { version: pair.command, ...(payload ? { payload } : {}), ...(pair.completion !== pair.command ? { completionVersion: pair.completion } : {}) };
  });
}

export function serviceInterfaces<Caps, Status>(
  mapping: ClassMapping, binding: ClassBinding<Caps, Status>, define: (name: string, entry: CommandEntry) => CommandDefinition,
): InterfaceDefinition[] {
  return mapping.interfaces
    .filter((name) => name !== 'Common')
    .map((interfaceName) => {
      const commands = Object.entries(mapping.commands)
        .filter(([name]) => name.startsWith(`${interfaceName}.`))
        .flatMap(([name, entry]) => {
          const definition = define(name, entry);
          // The 2023-2 name of a command 2024-03 renamed runs the same translator, at 2023-2's versions.
          const old = NAMES_2023_BY_2024[name];
          if (old === undefined) return [definition];
          const oldVersions = definition.versions.filter((v) => Number.parseInt(v.version, 10) < 3).map((v) => {
            const pair = releaseVersionPair(old, 2);
            return pair ? { ...v, version: pair.command, completionVersion: pair.completion } : v;
          });
          return [definition, { ...definition, name: old, versions: oldVersions }];
        });
      const events: EventDefinition[] = Object.entries(binding.events)
        .filter(([name]) => name.startsWith(`${interfaceName}.`))
        .map(([name, event]) => ({ name, kind: event.kind, versions: [{ version: releaseEventVersion(name, event.version) }] }));
      return { name: interfaceName as InterfaceName, commands, events };
    });
}
