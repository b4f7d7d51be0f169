// Payloads of the BCR (barcode reader) class as plain JS values; same conventions as idc/types.ts.
// The layouts are those of 3.10, 3.20 (appends the anti-fraud module) and 3.30 (appends the
// synchronizable commands to the capabilities).
import type { CommandSpec } from '../types.ts';
import type { Extra } from '../idc/types.ts';

export interface BcrStatus {
  device: number;
  /** WFS_BCR_SCANNERON 0, OFF 1, INOP 2, UNKNOWN 3. */
  scanner: number;
  guidLights: number[];
  extra: Extra;
  devicePosition: number;
  powerSaveRecoveryTime: number;
  // 3.20+
  antiFraudModule?: number;
}

export interface BcrCapabilities {
  class: number;
  compound: boolean;
  canFilterSymbologies: boolean;
  /** WFS_BCR_SYM_* values the reader can read. */
  symbologies: number[];
  guidLights: number[];
  extra: Extra;
  powerSaveControl: boolean;
  // 3.20+
  antiFraudModule?: boolean;
  // 3.30+
  synchronizableCommands?: number[];
}

export interface BcrReadInput {
  /** Symbologies to read; absent or empty: every symbology the reader supports. */
  symbologies?: number[];
}

export interface BcrBarcode {
  symbology: number;
  data: Buffer;
  symbologyName: string | null;
}

export type BcrExecuteMap = {
  WFS_CMD_BCR_READ: CommandSpec<BcrReadInput | undefined, BcrBarcode[]>;
  WFS_CMD_BCR_RESET: CommandSpec<void, void>;
  WFS_CMD_BCR_SET_GUIDANCE_LIGHT: CommandSpec<{ guidLight: number; command: number }, void>;
};

export type BcrInfoMap = {
  WFS_INF_BCR_STATUS: CommandSpec<void, BcrStatus>;
  WFS_INF_BCR_CAPABILITIES: CommandSpec<void, BcrCapabilities>;
};
