// BarcodeReader.Read on WFS_CMD_BCR_READ and BarcodeReader.Reset on WFS_CMD_BCR_RESET. Read asks for
// the symbologies set to true (none: every one the reader supports); one the reader does not report
// is refused before anything reaches the device. Barcode data goes back as Base64.
import type { CommandResult, JsonObject } from '../../xfs4iot/backend.ts';
import type { BcrBarcode, BcrCapabilities, BcrStatus } from '../../legacy-xfs3/bcr/types.ts';
import { success, unsupportedData, type CommandCall } from '../translator.ts';
import { symbologyNames } from './status.ts';

type BcrCall = CommandCall<BcrCapabilities, BcrStatus>;

export async function read(call: BcrCall): Promise<CommandResult> {
  const wanted = call.payload?.symbologies;
  const codes: number[] = [];
  if (wanted && typeof wanted === 'object' && !Array.isArray(wanted)) {
    const byName = new Map(symbologyNames(call.enums));
    const supported = new Set(call.device.capabilities.symbologies);
    for (const [name, on] of Object.entries(wanted)) {
      if (on !== true) continue;
      const code = byName.get(name);
      if (code === undefined || !supported.has(code)) return unsupportedData(`Read: the barcode reader cannot read ${name}`);
      codes.push(code);
    }
  }
  const done = await call.execute('WFS_CMD_BCR_READ', codes.length > 0 ? { symbologies: codes } : undefined);
  if (!done.ok) return call.failure(done);
  const barcodes = (done.data as BcrBarcode[] | undefined) ?? [];
  const readOutput: JsonObject[] = barcodes.map((b) => ({
    symbology: call.enums.value<string>('symbology', b.symbology) ?? 'symbologyUnknown',
    barcodeData: b.data.length > 0 ? b.data.toString('base64') : null,
    symbologyName: b.symbologyName,
  }));
  return success(readOutput.length > 0 ? { readOutput } : undefined);
}

export async function reset(call: BcrCall): Promise<CommandResult> {
  const done = await call.execute('WFS_CMD_BCR_RESET', undefined);
  return done.ok ? success() : call.failure(done);
}
