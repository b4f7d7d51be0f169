// Control of the C simulator (native/build/libxfssim.so) for tests and developers: put cards in,
// take notes, inject failures, lose the service provider, read the allocation counters and the
// compiler's struct layouts. The simulator lives in this process: the same library image the
// gateway loaded as its XFS Manager.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import koffi from 'koffi';
import { resultCode } from './errors.ts';
import { parseVersion } from './version.ts';

export function defaultSimulatorPath(platform: NodeJS.Platform = process.platform): string {
  const lib = platform === 'darwin' ? 'libxfssim.dylib' : platform === 'win32' ? 'xfssim.dll' : 'libxfssim.so';
  return fileURLToPath(new URL(`../../native/build/${lib}`, import.meta.url));
}

/** Library paths that make the gateway use the simulator as msxfs.dll and user32.dll. */
/**
 * The simulator as XFS Manager and, by default, as window library too. XFS_SIM_WINDOW_LIBRARY=user32.dll
 * (Windows, the Wine lane) gives the pump a real message-only window that the simulator posts to
 * through user32, as a real XFS Manager does.
 */
export function simulatorLibraries(path = defaultSimulatorPath()): { managerLibrary: string; windowLibrary: string } {
  if (!existsSync(path)) throw new Error(`XFS simulator not built: ${path} is missing (run \`npm run build\`)`);
  const windowLibrary = process.platform === 'win32' && process.env.XFS_SIM_WINDOW_LIBRARY ? process.env.XFS_SIM_WINDOW_LIBRARY : path;
  return { managerLibrary: path, windowLibrary };
}

export interface CardSpec {
  track1?: string;
  track2?: string;
  track3?: string;
  /** Chip ATR as hex; absent = no chip. */
  atr?: string;
  /** The reader cannot read it: READ_RAW_DATA fails with WFS_ERR_IDC_INVALIDMEDIA. */
  invalid?: boolean;
  /** Already drawn in with its chip powered, as after a chip read (a PIN pad's PRESENT_IDC reaches it). */
  inside?: boolean;
}

export interface StructLayoutC {
  size: number;
  fields: Map<string, number>;
}

type F = (...args: unknown[]) => number;

export class SimulatorControl {
  private readonly f: Record<string, F> = {};
  private readonly layoutsFn: () => string;
  private readonly ptrOutputFn: (name: string) => string | null;
  private readonly camLastDataFn: (name: string) => string | null;
  private readonly ttuScreenFn: (name: string) => string | null;
  private readonly ptrDefinitionFileFn: (name: string) => string | null;

  private constructor(readonly path: string) {
    const lib = koffi.load(path);
    const decl: [string, string][] = [
      ['SimAddService', 'int32_t SimAddService(const char *name, int32_t cls, uint32_t version)'],
      ['SimAddRecycler', 'int32_t SimAddRecycler(const char *cdm, const char *cim, uint32_t version)'],
      ['SimInfoCount', 'int32_t SimInfoCount(const char *name, uint32_t category)'],
      ['SimSetDelay', 'int32_t SimSetDelay(const char *name, uint32_t execMs, uint32_t infoMs)'],
      ['SimFailNext', 'int32_t SimFailNext(const char *name, int32_t hResult, uint32_t command)'],
      ['SimHangNext', 'int32_t SimHangNext(const char *name)'],
      ['SimReleaseHang', 'int32_t SimReleaseHang(const char *name)'],
      ['SimFailNextInfo', 'int32_t SimFailNextInfo(const char *name, int32_t hResult, uint32_t category)'],
      ['SimCdmSetExponent', 'int32_t SimCdmSetExponent(const char *name, int32_t exponent)'],
      ['SimSetStateDir', 'int32_t SimSetStateDir(const char *dir)'],
      ['SimCdmForgetPresentStatus', 'int32_t SimCdmForgetPresentStatus(const char *name)'],
      ['SimIgnoreCancel', 'int32_t SimIgnoreCancel(const char *name, int32_t on)'],
      ['SimCancelsIgnored', 'int32_t SimCancelsIgnored(const char *name)'],
      ['SimLoseConnection', 'int32_t SimLoseConnection(const char *name, uint32_t restoreAfterMs)'],
      ['SimRestoreConnection', 'int32_t SimRestoreConnection(const char *name)'],
      ['SimIdcInsertCard', 'int32_t SimIdcInsertCard(const char *name, const char *t1, const char *t2, const char *t3, const char *atr, uint32_t flags)'],
      ['SimIdcTakeCard', 'int32_t SimIdcTakeCard(const char *name)'],
      ['SimIdcSetChipResponse', 'int32_t SimIdcSetChipResponse(const char *name, const char *hex)'],
      ['SimIdcSetClessData', 'int32_t SimIdcSetClessData(const char *name, const char *hex, uint32_t outcome)'],
      ['SimIdcSetRetainBin', 'int32_t SimIdcSetRetainBin(const char *name, uint32_t count, uint32_t threshold, uint32_t capacity)'],
      ['SimIdcServiceEvent', 'int32_t SimIdcServiceEvent(const char *name, uint32_t eventId, uint32_t arg)'],
      ['SimIdcMedia', 'int32_t SimIdcMedia(const char *name)'],
      ['SimIdcCorruptNextRead', 'int32_t SimIdcCorruptNextRead(const char *name)'],
      ['SimSystemEvent', 'int32_t SimSystemEvent(const char *name, uint32_t eventId)'],
      ['SimCdmNoteErrorNext', 'int32_t SimCdmNoteErrorNext(const char *name, uint32_t reason)'],
      ['SimCdmTakeNotes', 'int32_t SimCdmTakeNotes(const char *name)'],
      ['SimCdmSetCount', 'int32_t SimCdmSetCount(const char *name, uint32_t number, uint32_t count)'],
      ['SimCdmNotesAtOutput', 'int32_t SimCdmNotesAtOutput(const char *name)'],
      ['SimPinPressKeys', 'int32_t SimPinPressKeys(const char *name, const char *keys)'],
      ['SimPinPendingKeys', 'int32_t SimPinPendingKeys(const char *name)'],
      ['SimPinSetTouchScreen', 'int32_t SimPinSetTouchScreen(const char *name, int32_t on)'],
      ['SimSiuSetPort', 'int32_t SimSiuSetPort(const char *name, uint32_t type, uint32_t index, uint32_t value)'],
      ['SimSiuGetPort', 'int32_t SimSiuGetPort(const char *name, uint32_t type, uint32_t index)'],
      ['SimPtrTakeMedia', 'int32_t SimPtrTakeMedia(const char *name)'],
      ['SimPtrSetSupplies', 'int32_t SimPtrSetSupplies(const char *name, uint32_t paper, uint32_t toner)'],
      ['SimPtrSetRetractBin', 'int32_t SimPtrSetRetractBin(const char *name, uint32_t count, uint32_t high, uint32_t capacity)'],
      ['SimPtrClearOutput', 'int32_t SimPtrClearOutput(const char *name)'],
      ['SimPtrMedia', 'int32_t SimPtrMedia(const char *name)'],
      ['SimPtrSetKind', 'int32_t SimPtrSetKind(const char *name, uint32_t kind)'],
      ['SimPtrInsertMedia', 'int32_t SimPtrInsertMedia(const char *name, uint32_t type, const char *content, uint32_t reject)'],
      ['SimPtrAutoRetract', 'int32_t SimPtrAutoRetract(const char *name)'],
      ['SimPtrPresentWad', 'int32_t SimPtrPresentWad(const char *name, uint32_t index, uint32_t total)'],
      ['SimPtrSetBinPresent', 'int32_t SimPtrSetBinPresent(const char *name, uint32_t present)'],
      ['SimPtrSetInkLamp', 'int32_t SimPtrSetInkLamp(const char *name, uint32_t ink, uint32_t lamp)'],
      ['SimBcrPresent', 'int32_t SimBcrPresent(const char *name, uint32_t symbology, const uint8_t *data, uint32_t len)'],
      ['SimBcrGetLight', 'int32_t SimBcrGetLight(const char *name)'],
      ['SimTtuPressKey', 'int32_t SimTtuPressKey(const char *name, uint32_t ch, uint32_t commandKey)'],
      ['SimTtuLastBeep', 'int32_t SimTtuLastBeep(const char *name)'],
      ['SimTtuPendingKeys', 'int32_t SimTtuPendingKeys(const char *name)'],
      ['SimCamSetCamera', 'int32_t SimCamSetCamera(const char *name, uint32_t camera, uint32_t state)'],
      ['SimCamPictures', 'int32_t SimCamPictures(const char *name, uint32_t camera)'],
      ['SimCamClearMedia', 'int32_t SimCamClearMedia(const char *name)'],
      ['SimVdmRequest', 'int32_t SimVdmRequest(const char *name, uint32_t enter)'],
      ['SimCdmDispenseFault', 'int32_t SimCdmDispenseFault(const char *name, uint32_t delayMs, int32_t jamAfter)'],
      ['SimCdmRetractFault', 'int32_t SimCdmRetractFault(const char *name, int32_t jamAfter, uint32_t reason)'],
      ['SimCdmPrepared', 'int32_t SimCdmPrepared(const char *name)'],
      ['SimVdmState', 'int32_t SimVdmState(const char *name)'],
      ['SimCimInsertItems', 'int32_t SimCimInsertItems(const char *name, const char *spec)'],
      ['SimCimTakeItems', 'int32_t SimCimTakeItems(const char *name)'],
      ['SimCimItemsAtOutput', 'int32_t SimCimItemsAtOutput(const char *name)'],
      ['SimCimItemsAtInput', 'int32_t SimCimItemsAtInput(const char *name)'],
      ['SimCimEscrow', 'int32_t SimCimEscrow(const char *name)'],
      ['SimCimCashInState', 'int32_t SimCimCashInState(const char *name)'],
      ['SimCimFault', 'int32_t SimCimFault(const char *name, int32_t jamAfter, int32_t jamEndAfter)'],
      ['SimCimMoveFault', 'int32_t SimCimMoveFault(const char *name, int32_t jamAfter)'],
      ['SimCimNoteErrorNext', 'int32_t SimCimNoteErrorNext(const char *name, uint32_t reason)'],
      ['SimCimSetUnitCount', 'int32_t SimCimSetUnitCount(const char *name, uint32_t number, uint32_t count)'],
      ['SimCimShutter', 'int32_t SimCimShutter(const char *name, uint32_t position, uint32_t state)'],
      ['SimLiveResults', 'int32_t SimLiveResults()'],
      ['SimLiveBlocks', 'int32_t SimLiveBlocks()'],
      ['SimTotalResults', 'int32_t SimTotalResults()'],
      ['SimInvalidFrees', 'int32_t SimInvalidFrees()'],
      ['SimDroppedResults', 'int32_t SimDroppedResults()'],
      ['SimUndelivered', 'int32_t SimUndelivered()'],
      ['SimOpenHandles', 'int32_t SimOpenHandles()'],
      ['SimPending', 'int32_t SimPending(const char *name)'],
    ];
    for (const [name, d] of decl) this.f[name] = lib.func(d) as F;
    this.layoutsFn = lib.func('const char *SimLayouts()') as () => string;
    this.ptrOutputFn = lib.func('const char *SimPtrOutput(const char *name)') as (name: string) => string | null;
    this.camLastDataFn = lib.func('const char *SimCamLastData(const char *name)') as (name: string) => string | null;
    this.ttuScreenFn = lib.func('const char *SimTtuScreen(const char *name)') as (name: string) => string | null;
    this.ptrDefinitionFileFn = lib.func('const char *SimPtrLastDefinitionFile(const char *name)') as (name: string) => string | null;
  }

  private static instances = new Map<string, SimulatorControl>();

  static load(path = defaultSimulatorPath()): SimulatorControl {
    let c = SimulatorControl.instances.get(path);
    if (!c) {
      simulatorLibraries(path);
      c = new SimulatorControl(path);
      SimulatorControl.instances.set(path, c);
    }
    return c;
  }

  private ok(rc: number, what: string): void {
    if (rc === -1) throw new Error(`simulator: ${what}: unknown logical service (or wrong class)`);
    if (rc !== 0) throw new Error(`simulator: ${what} refused (${rc})`);
  }

  /** Adds (or re-versions) a simulated camera unit (CAM, 3.00 to 3.30). */
  addCamera(name: string, version = '3.30'): void {
    this.ok(this.f.SimAddService(name, 10, parseVersion(version).word), `addCamera ${name}`);
  }
  /** Makes a camera ok (1) or inoperative (2). */
  camSetCamera(name: string, camera: number, state: number): void { this.ok(this.f.SimCamSetCamera(name, camera, state), 'camSetCamera'); }
  /** Pictures one camera took. */
  camPictures(name: string, camera: number): number {
    const v = this.f.SimCamPictures(name, camera);
    if (v < 0) throw new Error(`simulator: camPictures: unknown CAM service ${name} or camera ${camera}`);
    return v;
  }
  /** Empties the recording medium (the operator replaced it). */
  camClearMedia(name: string): void { this.ok(this.f.SimCamClearMedia(name), 'camClearMedia'); }
  /**
   * The next dispense waits delayMs first (DELAYEDDISPENSE), or with jamAfter >= 0 jams after that many
   * notes (INCOMPLETEDISPENSE, CASHUNITERROR, WFS_ERR_CDM_CASHUNITERROR; the moved notes stay in the
   * stacker and the unit is inoperative until a reset).
   */
  /** Whether a PREPARE_DISPENSE START is in force. */
  cdmPrepared(name: string): boolean {
    const v = this.f.SimCdmPrepared(name);
    if (v < 0) throw new Error(`simulator: cdmPrepared: unknown CDM service ${name}`);
    return v === 1;
  }
  /** The next retract stops after `jamAfter` notes with `reason` (WFS_CDM_IR*: 1 failure, 2 area full, 3 foreign items, 4 invalid bunch). */
  cdmRetractFault(name: string, jamAfter: number, reason = 1): void {
    this.ok(this.f.SimCdmRetractFault(name, jamAfter, reason), 'cdmRetractFault');
  }
  cdmDispenseFault(name: string, fault: { delayMs?: number; jamAfter?: number }): void {
    this.ok(this.f.SimCdmDispenseFault(name, fault.delayMs ?? 0, fault.jamAfter ?? -1), 'cdmDispenseFault');
  }
  /**
   * The customer lays a bunch at the cash acceptor's input position: comma-separated `<count>x<kind>`,
   * kind a note id (`3x3`: three fit EUR 20), `unfit:<id>`, `suspect:<id>`, `counterfeit:<id>` or
   * `unknown` (an item the reader does not recognise). A CASH_IN waiting for notes takes it.
   */
  cimInsertItems(name: string, spec: string): void {
    const rc = this.f.SimCimInsertItems(name, spec);
    if (rc === -52) throw new Error(`simulator: cimInsertItems: bad bunch '${spec}' (e.g. 3x3,1xunfit:2,1xsuspect:4,1xcounterfeit:3,1xunknown; at most 300 items at the input)`);
    this.ok(rc, 'cimInsertItems');
  }
  /** The customer takes what the cash acceptor gave back at its output position (ITEMSTAKEN). */
  cimTakeItems(name: string): void {
    const rc = this.f.SimCimTakeItems(name);
    if (rc === -2) throw new Error(`simulator: cimTakeItems: nothing at the output position of ${name}`);
    this.ok(rc, 'cimTakeItems');
  }
  private cimCount(fn: string, name: string): number {
    const v = this.f[fn](name);
    if (v < 0) throw new Error(`simulator: ${fn}: unknown CIM service ${name}`);
    return v;
  }
  /** Items at the cash acceptor's output position (refused or given back). */
  cimItemsAtOutput(name: string): number { return this.cimCount('SimCimItemsAtOutput', name); }
  /** Items still at the input position (not yet drawn in). */
  cimItemsAtInput(name: string): number { return this.cimCount('SimCimItemsAtInput', name); }
  /** Notes in the escrow. */
  cimEscrow(name: string): number { return this.cimCount('SimCimEscrow', name); }
  /** WFSCIMCASHINSTATUS.wStatus: 0 CIOK, 1 CIROLLBACK, 2 CIACTIVE, 3 CIRETRACT, 5 CIRESET. */
  cimCashInState(name: string): number { return this.cimCount('SimCimCashInState', name); }
  /**
   * The next CASH_IN jams after jamAfter notes (WFS_ERR_HARDWARE_ERROR; those notes stay in the escrow,
   * the device is HWERROR until a reset); the next CASH_IN_END fails after jamEndAfter notes
   * (WFS_ERR_CIM_CASHUNITERROR with WFS_EXEE_CIM_CASHUNITERROR; the rest stays in the escrow).
   */
  cimFault(name: string, fault: { jamAfter?: number; jamEndAfter?: number }): void {
    this.ok(this.f.SimCimFault(name, fault.jamAfter ?? -1, fault.jamEndAfter ?? -1), 'cimFault');
  }
  /** The next REPLENISH or DEPLETE stops after this many notes (INCOMPLETEREPLENISH / INCOMPLETEDEPLETE). */
  cimMoveFault(name: string, jamAfter: number): void { this.ok(this.f.SimCimMoveFault(name, jamAfter), 'cimMoveFault'); }
  /** The next CASH_IN raises WFS_EXEE_CIM_NOTEERROR with this reason (WFS_CIM_DOUBLENOTEDETECTED = 1, ...). */
  cimNoteErrorNext(name: string, reason: number): void { this.ok(this.f.SimCimNoteErrorNext(name, reason), 'cimNoteErrorNext'); }
  /** Sets the count of cash unit `number` (usNumber); CASHUNITINFOCHANGED follows. */
  cimSetUnitCount(name: string, number: number, count: number): void { this.ok(this.f.SimCimSetUnitCount(name, number, count), 'cimSetUnitCount'); }
  /**
   * The device moves or jams a shutter itself: position 'in' (WFS_CIM_POSINCENTER) or 'out'
   * (WFS_CIM_POSOUTCENTER). 3.30 sessions get WFS_SRVE_CIM_SHUTTERSTATUSCHANGED.
   */
  cimShutter(name: string, position: 'in' | 'out', state: 'closed' | 'open' | 'jammed'): void {
    this.ok(this.f.SimCimShutter(name, position === 'in' ? 0x0004 : 0x0200, state === 'closed' ? 0 : state === 'open' ? 1 : 2), 'cimShutter');
  }
  /**
   * A vendor application outside the gateway asks to enter (or leave) vendor mode: every application
   * registered for service events is asked and must acknowledge before the mode changes.
   */
  vdmRequest(name: string, enter: boolean): void {
    const rc = this.f.SimVdmRequest(name, enter ? 1 : 0);
    if (rc === -2) throw new Error(`simulator: vdmRequest: ${name} cannot ${enter ? 'enter' : 'leave'} vendor mode now (already ${enter ? 'in it' : 'out of it'}, or a request is pending)`);
    this.ok(rc, 'vdmRequest');
  }
  /** WFSVDMSTATUS.wService: 0 enter pending, 1 active, 2 exit pending, 3 inactive. */
  vdmState(name: string): number {
    const v = this.f.SimVdmState(name);
    if (v < 0) throw new Error(`simulator: vdmState: unknown VDM service ${name}`);
    return v;
  }
  /** The text added to the last picture. */
  camLastData(name: string): string {
    const v = this.camLastDataFn(name);
    if (v === null) throw new Error(`simulator: camLastData: unknown CAM service ${name}`);
    return v;
  }
  /** Adds (or re-versions) a simulated barcode reader (BCR, 3.10 to 3.30). */
  addBarcodeReader(name: string, version = '3.30'): void {
    this.ok(this.f.SimAddService(name, 15, parseVersion(version).word), `addBarcodeReader ${name}`);
  }
  /** Puts a barcode in front of the BCR's scanner; symbology 0xffff is one that cannot be decoded. */
  bcrPresent(name: string, symbology: number, data: Uint8Array): void {
    this.ok(this.f.SimBcrPresent(name, symbology, Buffer.from(data), data.length), 'bcrPresent');
  }
  /** The BCR guidance light's dwGuidLights value. */
  bcrGetLight(name: string): number {
    const v = this.f.SimBcrGetLight(name);
    if (v < 0) throw new Error(`simulator: bcrGetLight: unknown BCR service ${name}`);
    return v;
  }
  /** Adds (or re-versions) a simulated text terminal (TTU, class 7). */
  addTextTerminal(name: string, version = '3.30'): void {
    this.ok(this.f.SimAddService(name, 7, parseVersion(version).word), `addTextTerminal ${name}`);
  }
  /** The customer types on the text terminal: each character, or a WFS_TTU_CK_* command key given as a number. */
  ttuPressKeys(name: string, keys: (string | number)[]): void {
    for (const k of keys) {
      for (const ch of typeof k === 'number' ? [''] : [...k]) {
        const rc = this.f.SimTtuPressKey(name, ch ? ch.charCodeAt(0) : 0, typeof k === 'number' ? k : 0);
        if (rc === -2) throw new Error(`simulator: ttuPressKeys: the keyboard has no key ${JSON.stringify(typeof k === 'number' ? k : ch)}`);
        this.ok(rc, 'ttuPressKeys');
      }
    }
  }
  /** The text terminal's screen, one string per row. */
  ttuScreen(name: string): string[] {
    const s = this.ttuScreenFn(name);
    if (s === null) throw new Error(`simulator: ttuScreen: unknown TTU service ${name}`);
    return s.split('\n');
  }
  /** Last WFS_TTU_BEEP* value and how many beeps so far. */
  ttuLastBeep(name: string): { beep: number; count: number } {
    const v = this.f.SimTtuLastBeep(name);
    if (v < 0) throw new Error(`simulator: ttuLastBeep: unknown TTU service ${name}`);
    return { beep: v & 0xffff, count: v >>> 16 };
  }
  ttuPendingKeys(name: string): number { return this.f.SimTtuPendingKeys(name); }
  /** Adds (or re-versions) a simulated logical service; version is the highest it supports. */
  addService(name: string, cls: 'IDC' | 'CDM' | 'CIM' | 'SIU' | 'PIN' | 'PTR' | 'BCR' | 'CAM' | 'TTU' | 'VDM', version = '3.30'): void {
    const classId = cls === 'PTR' ? 1 : cls === 'IDC' ? 2 : cls === 'SIU' ? 8 : cls === 'PIN' ? 4 : cls === 'BCR' ? 15 : cls === 'CAM' ? 10 : cls === 'TTU' ? 7 : cls === 'VDM' ? 9 : cls === 'CIM' ? 13 : 3;
    this.ok(this.f.SimAddService(name, classId, parseVersion(version).word), `addService ${name}`);
  }
  /**
   * Adds a recycler: a CDM and a CIM whose recycling cassettes RC1 (EUR 10), RC2 (EUR 20) and RC3
   * (EUR 50) are the same physical units; the CDM also has a reject cassette (RJ), the CIM a cash-in
   * (CI) and a retract (RT) cassette. A note deposited into RC2 can be dispensed again.
   */
  addRecycler(cdm: string, cim: string, version = '3.30'): void {
    this.ok(this.f.SimAddRecycler(cdm, cim, parseVersion(version).word), `addRecycler ${cdm} ${cim}`);
  }
  /** Queries of one category (a 3.x number, e.g. 1301 WFS_INF_CIM_STATUS) the service has answered. */
  infoCount(name: string, category: number): number {
    const n = this.f.SimInfoCount(name, category);
    if (n < 0) throw new Error(`simulator: infoCount: unknown service ${name}`);
    return n;
  }
  setDelay(name: string, executeMs: number, infoMs = 0): void { this.ok(this.f.SimSetDelay(name, executeMs, infoMs), 'setDelay'); }
  /** The next execute (of `command`, or any) completes with this 3.x error (code or name). */
  failNext(name: string, error: number | string, command = 0): void {
    const code = typeof error === 'number' ? error : resultCode(error);
    if (code === undefined) throw new Error(`unknown XFS error name ${String(error)}`);
    this.ok(this.f.SimFailNext(name, code, command), 'failNext');
  }
  /** The next execute never completes on its own (only cancel, timeout or loss end it). */
  hangNext(name: string): void { this.ok(this.f.SimHangNext(name), 'hangNext'); }
  /** The next query of `category` (3.x code) fails with `result` (a name such as 'WFS_ERR_TIMEOUT' or a number). */
  failNextInfo(name: string, result: string | number, category: number): void {
    const code = typeof result === 'number' ? result : resultCode(result);
    if (code === undefined) throw new Error(`unknown XFS error name ${String(result)}`);
    this.ok(this.f.SimFailNextInfo(name, code, category), 'failNextInfo');
  }
  /** A dispenser reporting EUR with this exponent (0 or below, e.g. -2: amounts in cents). */
  cdmSetExponent(name: string, exponent: number): void { this.ok(this.f.SimCdmSetExponent(name, exponent), 'cdmSetExponent'); }
  /** Devices added afterwards keep their physical state (cash units, stacker, tray, shutter) in dir across restarts. */
  setStateDir(dir: string | undefined): void { this.ok(this.f.SimSetStateDir(dir ?? ''), 'setStateDir'); }
  /** The dispenser forgets what it presented: WFS_INF_CDM_PRESENT_STATUS answers WFS_CDM_UNKNOWN. */
  cdmForgetPresentStatus(name: string): void { this.ok(this.f.SimCdmForgetPresentStatus(name), 'cdmForgetPresentStatus'); }
  /** Lets hung executes go on and run their command (a provider that was only slow); returns how many. */
  releaseHang(name: string): number { return this.f.SimReleaseHang(name); }
  /** A provider that ignores WFSCancelAsyncRequest and dwTimeOut for its running command. */
  ignoreCancel(name: string, on: boolean): void { this.ok(this.f.SimIgnoreCancel(name, on ? 1 : 0), 'ignoreCancel'); }
  /** Cancels of a running command the provider ignored (ignoreCancel). */
  cancelsIgnored(name: string): number { return this.f.SimCancelsIgnored(name); }
  loseConnection(name: string, restoreAfterMs = 0): void { this.ok(this.f.SimLoseConnection(name, restoreAfterMs), 'loseConnection'); }
  restoreConnection(name: string): void { this.ok(this.f.SimRestoreConnection(name), 'restoreConnection'); }

  insertCard(name: string, card: CardSpec): void {
    this.ok(this.f.SimIdcInsertCard(name, card.track1 ?? null, card.track2 ?? null, card.track3 ?? null, card.atr ?? '',
      (card.invalid ? 1 : 0) | (card.inside ? 2 : 0)), 'insertCard');
  }
  takeCard(name: string): void { this.ok(this.f.SimIdcTakeCard(name), 'takeCard'); }
  setChipResponse(name: string, hex: string): void { this.ok(this.f.SimIdcSetChipResponse(name, hex), 'setChipResponse'); }
  setContactlessData(name: string, hex: string, txOutcome = 3): void {
    this.ok(this.f.SimIdcSetClessData(name, hex, txOutcome), 'setContactlessData');
  }
  setRetainBin(name: string, count: number, threshold: number, capacity: number): void {
    this.ok(this.f.SimIdcSetRetainBin(name, count, threshold, capacity), 'setRetainBin');
  }
  idcServiceEvent(name: string, eventId: number, arg = 0): void { this.ok(this.f.SimIdcServiceEvent(name, eventId, arg), 'idcServiceEvent'); }
  idcMedia(name: string): { media: number; cardWaiting: boolean; retainCount: number } {
    const v = this.f.SimIdcMedia(name);
    if (v < 0) throw new Error(`simulator: idcMedia: unknown IDC service ${name}`);
    return { media: v & 0xff, cardWaiting: (v & 0x100) !== 0, retainCount: v >>> 16 };
  }
  /** The next READ_RAW_DATA result carries a corrupt length (decoding must refuse it). */
  corruptNextRead(name: string): void { this.ok(this.f.SimIdcCorruptNextRead(name), 'corruptNextRead'); }
  /** Raises WFS_SYSE_UNDELIVERABLE_MSG (1), HARDWARE_ERROR (2) or DEVICE_STATUS (4) on every open handle. */
  systemEvent(name: string, eventId: 1 | 2 | 4): void { this.ok(this.f.SimSystemEvent(name, eventId), 'systemEvent'); }
  /** The next dispense raises the execute event WFS_EXEE_CDM_NOTEERROR with this reason. */
  noteErrorNext(name: string, reason: number): void { this.ok(this.f.SimCdmNoteErrorNext(name, reason), 'noteErrorNext'); }
  takeNotes(name: string): void { this.ok(this.f.SimCdmTakeNotes(name), 'takeNotes'); }
  setCashUnitCount(name: string, number: number, count: number): void { this.ok(this.f.SimCdmSetCount(name, number, count), 'setCashUnitCount'); }
  notesAtOutput(name: string): number { return this.f.SimCdmNotesAtOutput(name); }
  /**
   * The customer presses PIN pad keys: '0'-'9', E enter, C cancel, L clear, B backspace, H help, '.'
   * decimal point, D "00", 'a'-'f' the hex keys A-F (secure key entry). They wait in the pad until a PIN or data entry command reads them.
   */
  pressKeys(name: string, keys: string): void {
    const rc = this.f.SimPinPressKeys(name, keys);
    if (rc === -2) throw new Error(`simulator: pressKeys: unknown key in ${JSON.stringify(keys.replace(/[0-9]/g, '*'))}`);
    if (rc < 0) this.ok(rc, 'pressKeys');
  }
  /** PIN pad keys pressed and not yet read by an entry command. */
  pendingKeys(name: string): number { return this.f.SimPinPendingKeys(name); }
  /** The PIN pad becomes (or stops being) the 3.30 touch screen variant: WFS_CMD_PIN_DEFINE_LAYOUT and
   * WFS_EXEE_PIN_LAYOUT; its layouts are forgotten either way. */
  pinTouchScreen(name: string, on: boolean): void { this.ok(this.f.SimPinSetTouchScreen(name, on ? 1 : 0), 'pinTouchScreen'); }

  /**
   * Sets an SIU port as the hardware would (a door opened, the operator switch turned): PORT_STATUS
   * follows when that port's events are enabled. portType: 1 sensors, 2 doors, 4 indicators,
   * 8 auxiliaries, 16 guidance lights.
   */
  siuSetPort(name: string, portType: number, index: number, value: number): void {
    this.ok(this.f.SimSiuSetPort(name, portType, index, value), 'siuSetPort');
  }
  /** The SIU port's current value (e.g. a guidance light's flash rate). */
  siuGetPort(name: string, portType: number, index: number): number {
    const v = this.f.SimSiuGetPort(name, portType, index);
    if (v < 0) throw new Error(`simulator: siuGetPort: unknown SIU service ${name} or port ${portType}/${index}`);
    return v;
  }

  /** The customer takes the receipt waiting at the printer's exit slot (WFS_SRVE_PTR_MEDIATAKEN). */
  takeMedia(name: string): void { this.ok(this.f.SimPtrTakeMedia(name), 'takeMedia'); }
  /** Paper and toner: 0 full, 1 low, 2 out; each change raises PAPERTHRESHOLD / TONERTHRESHOLD. */
  setPrinterSupplies(name: string, paper: 0 | 1 | 2, toner: 0 | 1 | 2 = 0): void { this.ok(this.f.SimPtrSetSupplies(name, paper, toner), 'setPrinterSupplies'); }
  setPrinterRetractBin(name: string, count: number, high: number, capacity: number): void {
    this.ok(this.f.SimPtrSetRetractBin(name, count, high, capacity), 'setPrinterRetractBin');
  }
  /** Everything the printer printed since clearPrinterOutput, as text (cuts and retracts marked). */
  printerOutput(name: string): string {
    const out = this.ptrOutputFn(name);
    if (out === null) throw new Error(`simulator: printerOutput: unknown PTR service ${name}`);
    return out;
  }
  clearPrinterOutput(name: string): void { this.ok(this.f.SimPtrClearOutput(name), 'clearPrinterOutput'); }
  /** fwMedia of the printer (1 none, 0 printed inside, 5 at the exit slot) and its retract count. */
  printerMedia(name: string): { media: number; retractCount: number } {
    const v = this.f.SimPtrMedia(name);
    if (v < 0) throw new Error(`simulator: printerMedia: unknown PTR service ${name}`);
    return { media: v & 0xff, retractCount: v >>> 16 };
  }
  /** A receipt printer, or a document printer (passbook, document, scanner, stamp ink, lamp). */
  setPrinterKind(name: string, kind: 'receipt' | 'document'): void { this.ok(this.f.SimPtrSetKind(name, kind === 'document' ? 1 : 0), 'setPrinterKind'); }
  /**
   * A customer offers a document or passbook at the document printer's slot; `content` is what is
   * written on it ("NAME=value;NAME=value"); `reject` (a WFS_PTR_REJECT_* value) makes the printer
   * refuse it. A command waiting for media draws it in; otherwise it is taken in at once (SRVE MEDIAINSERTED).
   */
  insertPrinterMedia(name: string, media: { passbook?: boolean; content?: string; reject?: number }): void {
    this.ok(this.f.SimPtrInsertMedia(name, media.passbook ? 1 : 0, media.content ?? '', media.reject === undefined ? 0 : media.reject + 1), 'insertPrinterMedia');
  }
  /** The auto-retract period ran out with media at the exit (SRVE MEDIAAUTORETRACTED). */
  autoRetractPrinterMedia(name: string): void { this.ok(this.f.SimPtrAutoRetract(name), 'autoRetractPrinterMedia'); }
  /** A further wad of a finished job reaches the exit (SRVE MEDIAPRESENTED). */
  presentPrinterWad(name: string, index: number, total: number): void { this.ok(this.f.SimPtrPresentWad(name, index, total), 'presentPrinterWad'); }
  /** The retract bin is pulled out or put back (SRVE RETRACTBINSTATUS). */
  setPrinterBinPresent(name: string, present: boolean): void { this.ok(this.f.SimPtrSetBinPresent(name, present ? 1 : 0), 'setPrinterBinPresent'); }
  /** The file name the printer's last LOAD_DEFINITION was given ('' if none). */
  printerLastDefinitionFile(name: string): string {
    const file = this.ptrDefinitionFileFn(name);
    if (file === null) throw new Error(`simulator: printerLastDefinitionFile: unknown PTR service ${name}`);
    return file;
  }
  /** Stamp ink (0 full, 1 low, 2 out) and lamp (0 ok, 1 fading, 2 inoperative) of the document printer. */
  setPrinterInkLamp(name: string, ink: 0 | 1 | 2, lamp: 0 | 1 | 2): void { this.ok(this.f.SimPtrSetInkLamp(name, ink, lamp), 'setPrinterInkLamp'); }

  /** WFSRESULT chains allocated and not yet freed with WFSFreeResult. */
  liveResults(): number { return this.f.SimLiveResults(); }
  liveBlocks(): number { return this.f.SimLiveBlocks(); }
  totalResults(): number { return this.f.SimTotalResults(); }
  /** WFSFreeResult calls with a pointer that was not a live result (double or foreign frees). */
  invalidFrees(): number { return this.f.SimInvalidFrees(); }
  droppedResults(): number { return this.f.SimDroppedResults(); }
  undelivered(): number { return this.f.SimUndelivered(); }
  openHandles(): number { return this.f.SimOpenHandles(); }
  pending(name: string): number { return this.f.SimPending(name); }

  /** sizeof/offsetof of every shared struct as the C compiler laid it out. */
  layouts(): Map<string, StructLayoutC> {
    const out = new Map<string, StructLayoutC>();
    let cur: StructLayoutC | undefined;
    for (const line of this.layoutsFn().split('\n')) {
      const [kind, name, value] = line.split(' ');
      if (kind === 'S') { cur = { size: Number(value), fields: new Map() }; out.set(name, cur); }
      else if (kind === 'F' && cur) cur.fields.set(name, Number(value));
    }
    return out;
  }
}
