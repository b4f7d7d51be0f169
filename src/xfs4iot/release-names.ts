// Messages 2024-03 renamed without changing them (mappings/definitions: the same payloads under a
// name that differs only in case). A 2023-2 client sends and expects the old name; Common.Capabilities
// 2.x lists the 2023-2 names and 3.x the 2024-03 ones.
export const NAMES_2023_BY_2024: Readonly<Record<string, string>> = {
  'Auxiliaries.GetAutoStartupTime': 'Auxiliaries.GetAutoStartUpTime',
  'Auxiliaries.SetAutoStartupTime': 'Auxiliaries.SetAutoStartUpTime',
  'Auxiliaries.ClearAutoStartupTime': 'Auxiliaries.ClearAutoStartUpTime',
};

const NAMES_2024 = new Set(Object.keys(NAMES_2023_BY_2024));
const NAMES_2023 = new Set(Object.values(NAMES_2023_BY_2024));

/** Whether Common.Capabilities of this major lists the command: each release sees its own names. */
export function listedAtMajor(name: string, major: number): boolean {
  return major >= 3 ? !NAMES_2023.has(name) : !NAMES_2024.has(name);
}
