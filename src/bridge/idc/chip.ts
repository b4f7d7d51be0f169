// CardReader.ChipIO, ChipPower, SetKey and QueryIFMIdentifier.
import type { CommandResult } from '../../xfs4iot/backend.ts';
import type { IdcCapabilities, IdcChipIo, IdcIfmIdentifier, IdcStatus } from '../../legacy-xfs3/idc/types.ts';
import { fromBase64, toBase64 } from '../binary.ts';
import { compact, invalidData, success, unsupportedData, type CommandCall } from '../translator.ts';

type IdcCall = CommandCall<IdcCapabilities, IdcStatus>;

export async function chipIo(call: IdcCall): Promise<CommandResult> {
  const protocolName = String(call.payload?.chipProtocol ?? '');
  const protocol = call.enums.flagBit('chipProtocols', protocolName);
  if (protocol === undefined) return invalidData(`ChipIO: unknown chipProtocol '${protocolName}'`);
  if ((call.device.capabilities.chipProtocols & protocol) === 0) {
    return unsupportedData(`ChipIO: the XFS 3.x service does not support ${protocolName} (WFSIDCCAPS.fwChipProtocols)`);
  }
  const data = fromBase64(String(call.payload?.chipData ?? ''));
  if (!data) return invalidData('ChipIO: chipData is not base64');
  const done = await call.execute('WFS_CMD_IDC_CHIP_IO', { protocol, data } satisfies IdcChipIo);
  if (!done.ok) return call.failure(done);
  const out = done.data as IdcChipIo | undefined;
  return success(compact({
    chipProtocol: out ? call.enums.flagName('chipProtocols', out.protocol) : protocolName,
    chipData: out && out.data.length > 0 ? toBase64(out.data) : undefined,
  }));
}

export async function chipPower(call: IdcCall): Promise<CommandResult> {
  const action = String(call.payload?.chipPower ?? '');
  const power = call.enums.flagBit('chipPowerFlags', action);
  if (power === undefined) return invalidData(`ChipPower: unknown chipPower '${action}'`);
  if ((call.device.capabilities.chipPower & power) === 0) {
    return unsupportedData(`ChipPower: the XFS 3.x service cannot do a ${action} power action (WFSIDCCAPS.fwChipPower)`);
  }
  const done = await call.execute('WFS_CMD_IDC_CHIP_POWER', { power });
  if (!done.ok) return call.failure(done);
  const atr = (done.data as { data?: Buffer } | undefined)?.data;
  return success(compact({ chipData: atr && atr.length > 0 ? toBase64(atr) : undefined }));
}

export async function setKey(call: IdcCall): Promise<CommandResult> {
  const key = fromBase64(String(call.payload?.keyValue ?? ''));
  if (!key || key.length === 0) return invalidData('SetKey: keyValue is not base64');
  if (key.length > 0xffff) return invalidData('SetKey: keyValue is longer than an XFS 3.x key (65535 bytes)');
  const done = await call.execute('WFS_CMD_IDC_SETKEY', { key });
  return done.ok ? success() : call.failure(done);
}

export async function queryIfmIdentifier(call: IdcCall): Promise<CommandResult> {
  const done = await call.getInfo('WFS_INF_IDC_QUERY_IFM_IDENTIFIER');
  if (!done.ok) return call.failure(done);
  const identifiers: Record<string, string> = {};
  for (const entry of (done.data as IdcIfmIdentifier[] | undefined) ?? []) {
    const authority = call.enums.value('ifmAuthority', entry.authority);
    if (authority) identifiers[authority] = entry.identifier;
  }
  return success(Object.keys(identifiers).length > 0 ? { ifmIdentifiers: identifiers } : undefined);
}
