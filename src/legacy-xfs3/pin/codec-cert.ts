// PIN codecs of the three-party (certificate) scheme: WFS_CMD_PIN_LOAD_CERTIFICATE and
// REPLACE_CERTIFICATE (3.10+), LOAD_CERTIFICATE_EX and START_AUTHENTICATE (3.30), and the
// WFS_SRVE_PIN_CERTIFICATE_CHANGE event. Certificates and the EPP's answers are public data; they
// pass as Buffers all the same.
import type { Arena, Block } from '../arena.ts';
import { bytes, dword, EncodeError, obj, text, word } from '../codec.ts';
import type { CommandCodec, EventCodec } from '../codec.ts';
import { readStruct } from '../memory.ts';
import * as S from './structs.ts';
import { xdata, xdataBlock } from './xdata.ts';

const O = 400;
export const PIN_CERT_CMD = { IMPORT_KEY: O + 3, INITIALIZATION: O + 9, LOAD_CERTIFICATE: O + 31, REPLACE_CERTIFICATE: O + 33, LOAD_CERTIFICATE_EX: O + 48, START_AUTHENTICATE: O + 51 } as const;



const message = (a: Arena, v: unknown, what: string): Block => xdataBlock(a, bytes(v, what, 0xffff));

/** The authenticated command's own input, as that command takes it (WFSPININIT or WFSPINIMPORT). */
function authenticatedInput(a: Arena, commandId: number, input: unknown): Block | null {
  if (commandId === PIN_CERT_CMD.INITIALIZATION) {
    if (input === undefined) return null;
    const o = obj(input, 'INITIALIZATION');
    return a.struct(S.PIN_INIT).ptr('lpxIdent', o.ident === undefined ? null : message(a, o.ident, 'ident'))
      .ptr('lpxKey', o.key === undefined ? null : message(a, o.key, 'key'));
  }
  if (commandId === PIN_CERT_CMD.IMPORT_KEY) {
    // A deletion: the key's name, no value and no use.
    const o = obj(input, 'IMPORT_KEY');
    return a.struct(S.PIN_IMPORT).ptr('lpsKey', a.string(text(o.key, 'key', 64))).ptr('lpsEncKey', null).ptr('lpxIdent', null)
      .ptr('lpxValue', null).u16('fwUse', 0);
  }
  throw new EncodeError(`commandId: ${commandId} is not a command this gateway authenticates`);
}

export const pinCertExecute: CommandCodec[] = [
  {
    code: PIN_CERT_CMD.LOAD_CERTIFICATE, name: 'WFS_CMD_PIN_LOAD_CERTIFICATE',
    encode: (a, input) => a.struct(S.PIN_LOAD_CERTIFICATE).ptr('lpxLoadCertificate', message(a, obj(input, 'LOAD_CERTIFICATE').certificate, 'certificate')),
    decode: (ctx, p) => xdata(ctx, readStruct(ctx.mem, p, S.PIN_LOAD_CERTIFICATE_OUTPUT).ptr('lpxCertificateData')),
  },
  {
    code: PIN_CERT_CMD.LOAD_CERTIFICATE_EX, name: 'WFS_CMD_PIN_LOAD_CERTIFICATE_EX',
    encode: (a, input) => {
      const o = obj(input, 'LOAD_CERTIFICATE_EX');
      return a.struct(S.PIN_LOAD_CERTIFICATE_EX).u32('dwLoadOption', dword(o.loadOption, 'loadOption')).u32('dwSigner', dword(o.signer, 'signer'))
        .ptr('lpxCertificateData', message(a, o.certificate, 'certificate'));
    },
    decode: (ctx, p) => {
      const r = readStruct(ctx.mem, p, S.PIN_LOAD_CERTIFICATE_EX_OUTPUT);
      return { rsaKeyCheckMode: r.u32('dwRSAKeyCheckMode'), rsaData: xdata(ctx, r.ptr('lpxRSAData')) };
    },
  },
  {
    code: PIN_CERT_CMD.REPLACE_CERTIFICATE, name: 'WFS_CMD_PIN_REPLACE_CERTIFICATE',
    encode: (a, input) => a.struct(S.PIN_REPLACE_CERTIFICATE).ptr('lpxReplaceCertificate', message(a, obj(input, 'REPLACE_CERTIFICATE').certificate, 'certificate')),
    decode: (ctx, p) => xdata(ctx, readStruct(ctx.mem, p, S.PIN_REPLACE_CERTIFICATE_OUTPUT).ptr('lpxNewCertificateData')),
  },
  {
    code: PIN_CERT_CMD.START_AUTHENTICATE, name: 'WFS_CMD_PIN_START_AUTHENTICATE',
    encode: (a, input) => {
      const o = obj(input, 'START_AUTHENTICATE');
      const commandId = word(o.commandId, 'commandId');
      return a.struct(S.PIN_START_AUTHENTICATE).u32('dwCommandID', commandId).ptr('lpvInputData', authenticatedInput(a, commandId, o.input));
    },
    decode: (ctx, p) => {
      const r = readStruct(ctx.mem, p, S.PIN_START_AUTHENTICATE_OUT);
      return { internalResult: r.i32('hInternalCmdResult'), dataToSign: xdata(ctx, r.ptr('lpxDataToSign')), signers: r.u32('dwSigners') };
    },
  },
];

export const pinCertEvents: EventCodec[] = [
  // LPDWORD lpdwCertificateChange (WFS_PIN_CERT_SECONDARY)
  { id: O + 6, name: 'WFS_SRVE_PIN_CERTIFICATE_CHANGE', kind: 'service', decode: (ctx, p) => (p === 0n ? null : Buffer.from(ctx.mem.read(p, 4)).readUInt32LE(0)) },
];
