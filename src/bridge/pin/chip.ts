// PinPad.PresentIDC on WFS_CMD_PIN_PRESENT_IDC: the pad puts the PIN entered last into the
// application's chip command (in the clear, from the bit algorithmData names) and sends it to the
// card's chip through the card reader it is wired to; the chip's answer is the completion. The PIN
// never passes through the gateway.
import type { CommandResult, JsonObject } from '../../xfs4iot/backend.ts';
import type { PinCapabilities, PinStatus } from '../../legacy-xfs3/pin/types.ts';
import { fromBase64, toBase64 } from '../binary.ts';
import { invalidData, success, unsupportedData, type CommandCall } from '../translator.ts';

type PinCall = CommandCall<PinCapabilities, PinStatus>;

const WFS_PIN_PRESENT_CLEAR = 1;

export async function presentIdc(call: PinCall): Promise<CommandResult> {
  const p = call.payload ?? {};
  const protocol = call.enums.flagBit('chipProtocols', String(p.chipProtocol));
  if (protocol === undefined) return unsupportedData(`PresentIDC: chipProtocol ${String(p.chipProtocol)} has no XFS 3.x counterpart`);
  const chipData = fromBase64(String(p.chipData));
  if (!chipData || chipData.length === 0) return invalidData('PresentIDC: chipData is empty or not base64');
  const algorithm = (p.algorithmData ?? {}) as JsonObject;
  const pinPointer = typeof algorithm.pinPointer === 'number' ? algorithm.pinPointer : 0;
  const pinOffset = typeof algorithm.pinOffset === 'number' ? algorithm.pinOffset : 0;
  if (pinPointer >= chipData.length || pinOffset > 7) return invalidData(`PresentIDC: pinPointer ${pinPointer} / pinOffset ${pinOffset} is not a bit of the ${chipData.length} bytes of chipData`);
  const done = await call.execute('WFS_CMD_PIN_PRESENT_IDC', { algorithm: WFS_PIN_PRESENT_CLEAR, protocol, chipData, pinPointer, pinOffset });
  if (!done.ok) return call.failure(done);
  const answer = done.data as { protocol: number; data: Buffer };
  return success({ chipProtocol: call.enums.flagName('chipProtocols', answer.protocol) ?? null, chipData: toBase64(answer.data) });
}
