// Keyboard.GetLayout paths the simulated pad never takes: a shift keyboard whose control functions
// are FDKs, a pad reporting WFS_PIN_SECUREKEY_NOTSUPP, a failing query.
import t from 'tap';
import type { CommandResult } from '../../src/xfs4iot/backend.ts';
import type { PinCapabilities, PinSecureKeyDetail, PinStatus } from '../../src/legacy-xfs3/pin/types.ts';
import type { XfsCompletion } from '../../src/legacy-xfs3/types.ts';
import { loadMappings } from '../../src/bridge/mapping-loader.ts';
import { MappingUsage } from '../../src/bridge/usage.ts';
import { EnumTables } from '../../src/bridge/enums.ts';
import { getLayout, secureLayout } from '../../src/bridge/pin/layout-query.ts';
import type { CommandCall } from '../../src/bridge/translator.ts';

const mappings = loadMappings();
const pin = mappings.classes.get('PIN')!;
const enums = new EnumTables([{ file: 'generic.json', tables: mappings.generic.enums }, { file: 'pin.json', tables: pin.enums }], new MappingUsage(), () => {});

// WFS_PIN_SECUREKEY_REG_SHIFT: 0-9 unshifted, A-F with shift on 1-6; FDK01 clears, FDK02 is only an FDK.
const SHIFT_DETAIL: PinSecureKeyDetail = {
  keyEntryMode: 0x0001,
  funcKeyDetail: { funcMask: 0x3ff, fdks: [{ fdk: 0x1, x: 10, y: 900 }, { fdk: 0x2, x: 500, y: 900 }] },
  clearFdk: 0x1, cancelFdk: 0, backspaceFdk: 0, enterFdk: 0,
  columns: 2, rows: 1,
  hexKeys: [{ x: 0, y: 0, width: 500, height: 800, fk: 0x2, shiftFk: 0x40000 }, { x: 500, y: 0, width: 500, height: 800, fk: 0, shiftFk: 0 }],
};

t.test('a shift keyboard: shiftKey from ulShiftFK, an unused place without key, an FDK named by its role', async (t) => {
  t.same(secureLayout(enums, SHIFT_DETAIL), [{
    xPos: 0, yPos: 0, xSize: 1000, ySize: 1000, float: { x: false, y: false },
    keys: [
      { xPos: 0, yPos: 0, xSize: 500, ySize: 800, key: 'one', shiftKey: 'a' },
      { xPos: 500, yPos: 0, xSize: 500, ySize: 800 },
      { xPos: 10, yPos: 900, xSize: 1, ySize: 1, key: 'clear' },
      { xPos: 500, yPos: 900, xSize: 1, ySize: 1, key: 'fdk02' },
    ],
  }]);
});

function call(entryMode: string | undefined, answers: Record<string, XfsCompletion<unknown>>): CommandCall<PinCapabilities, PinStatus> {
  const version = { major: 3, minor: 20, word: 0x1403, text: '3.20' };
  return {
    name: 'Keyboard.GetLayout', payload: entryMode === undefined ? undefined : { entryMode }, major: 2, connectionId: 1, enums,
    device: { version, capabilities: {} as PinCapabilities, status: {} as PinStatus, exchangeActive: false },
    execute: () => Promise.reject(new Error('no command expected')),
    getInfo: (category: string) => Promise.resolve(answers[category] ?? Promise.reject(new Error(`unexpected ${category}`))),
    failure: (done): CommandResult => ({ completionCode: 'hardwareError', errorDescription: done.name }),
    refresh: () => Promise.resolve(),
    statusRead: () => Promise.resolve(),
    warn: () => {},
  } as CommandCall<PinCapabilities, PinStatus>;
}

const ok = (data: unknown): XfsCompletion<unknown> => ({ ok: true, code: 0, name: 'WFS_SUCCESS', requestId: 1, commandCode: 0, data, origin: 'service' });
const notSupported = ok({ ...SHIFT_DETAIL, keyEntryMode: 0, columns: 0, rows: 0, hexKeys: [] });
const grid = ok({ funcMask: 0x1, fdks: [] });

t.test('WFS_PIN_SECUREKEY_NOTSUPP: secure asked for is modeNotSupported, all layouts leave it out', async (t) => {
  const secure = await getLayout(call('secure', { WFS_INF_PIN_SECUREKEY_DETAIL: notSupported }));
  t.equal(secure.completionCode, 'commandErrorCode');
  t.equal(secure.errorCode, 'modeNotSupported');
  const all = await getLayout(call(undefined, { WFS_INF_PIN_SECUREKEY_DETAIL: notSupported, WFS_INF_PIN_FUNCKEY_DETAIL: grid }));
  t.equal(all.completionCode, null);
  t.same(Object.keys((all.payload?.layout ?? {}) as object), ['data', 'pin']);
});

t.test('a failing SECUREKEY_DETAIL other than WFS_ERR_UNSUPP_CATEGORY is the failure, not modeNotSupported', async (t) => {
  const failed: XfsCompletion<unknown> = { ok: false, code: -14, name: 'WFS_ERR_HARDWARE_ERROR', requestId: 1, commandCode: 408, data: undefined, origin: 'service' };
  const out = await getLayout(call('secure', { WFS_INF_PIN_SECUREKEY_DETAIL: failed }));
  t.equal(out.completionCode, 'hardwareError');
});

t.test('an FDK of the pin layout has the least size the schema allows (3.x gives its position only)', async (t) => {
  const pin = await getLayout(call('pin', { WFS_INF_PIN_FUNCKEY_DETAIL: ok({ funcMask: 0x1, fdks: [{ fdk: 0x1, x: 10, y: 900 }] }) }));
  const keys = ((pin.payload?.layout as { pin: Array<{ keys: Array<{ xSize: number; ySize: number; key?: string; xPos: number }> }> }).pin[0].keys);
  t.same(keys.filter((k) => k.xPos === 10).map((k) => [k.xSize, k.ySize]), [[1, 1]]);
});
