// A cash device's position status (WFSCDMOUTPOS, WFSCIMINPOS) as the XFS4IoT position object of
// cashDispenser.positions / cashAcceptor.positions; each class's mapping file has the same tables.
import type { JsonObject } from '../xfs4iot/backend.ts';
import type { EnumTables } from './enums.ts';
import { compact } from './translator.ts';

export interface CashPositionStatus {
  shutter: number;
  positionStatus: number;
  transport: number;
  transportStatus: number;
  // 3.30+
  jammedShutterPosition?: number;
}

const SHUTTER_JAMMED = 2;

/** `name` is the position's XFS4IoT name, which each class derives from its own position bits. */
export function cashPosition(p: CashPositionStatus, name: string | undefined, enums: EnumTables): JsonObject {
  // A jammed shutter is refined by the 3.30 fwJammedShutterPosition.
  const shutter = p.shutter === SHUTTER_JAMMED && p.jammedShutterPosition !== undefined
    ? enums.value('fwJammedShutterPosition', p.jammedShutterPosition)
    : enums.value('fwShutter', p.shutter);
  return compact({
    position: name,
    shutter,
    positionStatus: enums.value('fwPositionStatus', p.positionStatus),
    transport: enums.value('fwTransport', p.transport),
    transportStatus: enums.value('fwTransportStatus', p.transportStatus),
  });
}
