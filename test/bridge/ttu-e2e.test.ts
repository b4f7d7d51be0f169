// The TTU bridge end to end (the contract suite of class-suite.ts): every case of cases/ttu-cases.json
// over WebSocket, the engine, the bridge, koffi, the message pump and the simulated text terminal (a
// 20x4 or 40x16 display, a keyboard of digits, capitals, space, point, ENTER/CANCEL/CLEAR/BACKSPACE
// and FDK01-04, forms WELCOME, AMOUNT, WIDE, LEGACY and BROKEN), every error of ttu.json injected
// into the simulator, and finally every command, event and error entry of ttu.json used.
import { TTU_CK } from '../../src/legacy-xfs3/ttu/codec.ts';
import { classSuite } from './class-suite.ts';

type TtuSimVersion = 'ttu330' | 'ttu320' | 'ttu300';
const COMMAND_KEYS: Record<string, number> = { enter: TTU_CK.ENTER, cancel: TTU_CK.CANCEL, clear: TTU_CK.CLEAR, backspace: TTU_CK.BACKSPACE, fdk01: TTU_CK.FDK01 };

const suite = classSuite<TtuSimVersion>({
  cls: 'TTU',
  mappingFile: 'ttu.json',
  casesFile: 'ttu-cases.json',
  xfs4iotName: 'textterminal',
  versions: { ttu330: '3.30', ttu320: '3.20', ttu300: '3.00' },
  validateOutgoing: true,
  simSteps: {
    // keys: strings are typed character by character; a command key is named in angle brackets.
    pressKeys: (step, { gw }) => {
      const keys = (step.keys as string[]).map((k) => {
        const named = /^<(\w+)>$/.exec(k);
        if (!named) return k;
        const code = COMMAND_KEYS[named[1]];
        if (code === undefined) throw new Error(`pressKeys: no command key ${k}`);
        return code;
      });
      gw.sim.ttuPressKeys(gw.logicalName, keys);
    },
    checkScreen: (step, { t, gw, label }) => {
      t.same(gw.sim.ttuScreen(gw.logicalName).map((row) => row.trimEnd()), step.rows, `${label}: what the customer sees`);
    },
    checkBeep: (step, { t, gw, label }) => {
      t.same(gw.sim.ttuLastBeep(gw.logicalName), { beep: Number(step.beep), count: Number(step.count) }, `${label}: the last beep`);
    },
  },
  samplePayloads: {
    'TextTerminal.GetFormList': undefined,
    'TextTerminal.GetQueryForm': { formName: 'WELCOME' },
    'TextTerminal.GetQueryField': { formName: 'WELCOME' },
    'TextTerminal.GetKeyDetail': undefined,
    'TextTerminal.Beep': { beep: { beepType: 'warning' } },
    'TextTerminal.ClearScreen': {},
    'TextTerminal.SetResolution': { resolution: { sizeX: 20, sizeY: 4 } },
    'TextTerminal.WriteForm': { formName: 'WELCOME', fields: { GREETING: 'HELLO' } },
    'TextTerminal.ReadForm': { formName: 'AMOUNT' },
    'TextTerminal.Write': { text: 'HELLO' },
    'TextTerminal.Read': { numOfChars: 4, activeKeys: ['one'], activeCommandKeys: { enter: { terminate: true } } },
    'TextTerminal.Reset': undefined,
    'TextTerminal.DefineKeys': { activeKeys: ['one'] },
  },
  errorInjection: { version: 'ttu330', executeOnly: true, dedupe: false, genericOn: 'TextTerminal.Reset', unknownHResult: true },
  coverage: {
    genericErrors: true,
  },
});

suite.caseTable();
suite.errorInjection();
suite.coverageWalk();
