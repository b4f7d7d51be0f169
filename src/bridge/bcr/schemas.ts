// Payload schemas of the BarcodeReader commands this bridge offers (message major 2, the 2023-2 and
// 2024-03 releases). Additional properties are allowed (seed 2.3.3.1).
import type { PayloadSchema } from '../../xfs4iot/backend.ts';
import type { CommandSchemaEntry } from '../class-binding.ts';

const read: PayloadSchema = {
  type: 'object',
  properties: { symbologies: { type: ['object', 'null'], additionalProperties: { type: ['boolean', 'null'] } } },
};

export const bcrCommandSchemas: Record<string, CommandSchemaEntry> = {
  // 2024-03's 3.0 completion only requires canonical base64, which the bridge always sends.
  'BarcodeReader.Read': { majors: [2, 3], payload: () => read },
  'BarcodeReader.Reset': { majors: [2], payload: () => undefined },
};

export const bcrEvents: Record<string, { kind: 'event' | 'unsolicited'; version: string }> = {};
