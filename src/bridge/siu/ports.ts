// How the SIU binding reads the port tables of mappings/siu.json (which 3.x port an XFS4IoT light or
// auxiliary is, and which value table converts it).
import type { SiuPorts } from '../../legacy-xfs3/siu/types.ts';
import type { EnumTables } from '../enums.ts';

export type PortType = keyof SiuPorts;
const portTypes = new Set<string>(['sensors', 'doors', 'indicators', 'auxiliaries', 'guidLights']);

export interface PortRef {
  type: PortType;
  index: number;
}

/** WFSSIUPORTEVENT.wPortType bit -> port array. */
export const portTypeOfBit: Record<number, PortType> = { 1: 'sensors', 2: 'doors', 4: 'indicators', 8: 'auxiliaries', 16: 'guidLights' };

export function isPortRef(value: unknown): value is PortRef {
  const ref = value as PortRef | undefined;
  return typeof ref === 'object' && ref !== null && portTypes.has(ref.type) && Number.isInteger(ref.index);
}

/** The port behind an XFS4IoT name in a table whose values are { type, index, ... }. */
export function portOf(enums: EnumTables, table: string, name: string): (PortRef & Record<string, unknown>) | undefined {
  const ref = enums.code(table, name);
  return isPortRef(ref) ? (ref as PortRef & Record<string, unknown>) : undefined;
}

/** Value of a port, 0 (not available) when the array is shorter (a 3.00 service has 16 sensors). */
export function portValue(ports: SiuPorts, ref: PortRef): number {
  return ports[ref.type][ref.index] ?? 0;
}
