// VDM codecs: status (with each registered application's state), capabilities, the active interface
// (3.20), the enter/exit requests and acknowledgements, and the mode events.
import { classCodecs, int } from '../codec.ts';
import type { CodecContext, CommandCodec, EventCodec } from '../codec.ts';
import type { VdmCapabilities, VdmStatus } from './types.ts';
import { readExtra, readPointerArray, readString, readStruct } from '../memory.ts';
import * as S from './structs.ts';

const O = 900;
export const VDM_CMD = { ENTER_MODE_REQ: O + 1, ENTER_MODE_ACK: O + 2, EXIT_MODE_REQ: O + 3, EXIT_MODE_ACK: O + 4, SET_ACTIVE_INTERFACE: O + 5 } as const;
export const VDM_INF = { STATUS: O + 1, CAPABILITIES: O + 2, ACTIVE_INTERFACE: O + 3 } as const;

function status(ctx: CodecContext, p: bigint): VdmStatus {
  const r = readStruct(ctx.mem, p, S.VDM_STATUS);
  return {
    device: r.u16('wDevice'), service: r.u16('wService'),
    apps: readPointerArray(ctx.mem, r.ptr('lppAppStatus')).map((q) => {
      const a = readStruct(ctx.mem, q, S.VDM_APP_STATUS);
      return { appId: readString(ctx.mem, a.ptr('lpszAppID')), appStatus: a.u16('wAppStatus') };
    }),
    extra: readExtra(ctx.mem, r.ptr('lpszExtra')),
  };
}

function capabilities(ctx: CodecContext, p: bigint): VdmCapabilities {
  const r = readStruct(ctx.mem, p, S.VDM_CAPS);
  return { class: r.u16('wClass'), extra: readExtra(ctx.mem, r.ptr('lpszExtra')) };
}

const activeInterface = (ctx: CodecContext, p: bigint): number => readStruct(ctx.mem, p, S.VDM_ACTIVE_INTERFACE).u16('wActiveInterface');

const execute: CommandCodec[] = [
  { code: VDM_CMD.ENTER_MODE_REQ, name: 'WFS_CMD_VDM_ENTER_MODE_REQ' },
  { code: VDM_CMD.ENTER_MODE_ACK, name: 'WFS_CMD_VDM_ENTER_MODE_ACK' },
  { code: VDM_CMD.EXIT_MODE_REQ, name: 'WFS_CMD_VDM_EXIT_MODE_REQ' },
  { code: VDM_CMD.EXIT_MODE_ACK, name: 'WFS_CMD_VDM_EXIT_MODE_ACK' },
  {
    code: VDM_CMD.SET_ACTIVE_INTERFACE, name: 'WFS_CMD_VDM_SET_ACTIVE_INTERFACE',
    encode: (a, input) => a.struct(S.VDM_ACTIVE_INTERFACE).u16('wActiveInterface', int((input as { activeInterface?: unknown } | undefined)?.activeInterface, 'activeInterface', 0, 1)),
  },
];

const info: CommandCodec[] = [
  { code: VDM_INF.STATUS, name: 'WFS_INF_VDM_STATUS', decode: status },
  { code: VDM_INF.CAPABILITIES, name: 'WFS_INF_VDM_CAPABILITIES', decode: capabilities },
  { code: VDM_INF.ACTIVE_INTERFACE, name: 'WFS_INF_VDM_ACTIVE_INTERFACE', decode: activeInterface },
];

const events: EventCodec[] = [
  { id: O + 1, name: 'WFS_SRVE_VDM_ENTER_MODE_REQ', kind: 'service' },
  { id: O + 2, name: 'WFS_SRVE_VDM_EXIT_MODE_REQ', kind: 'service' },
  { id: O + 3, name: 'WFS_SYSE_VDM_MODEENTERED', kind: 'system' },
  { id: O + 4, name: 'WFS_SYSE_VDM_MODEEXITED', kind: 'system' },
  { id: O + 5, name: 'WFS_SRVE_VDM_INTERFACE_CHANGED', kind: 'service', decode: activeInterface },
];

export const vdmCodecs = classCodecs('VDM', execute, info, events);
