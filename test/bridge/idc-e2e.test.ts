// The IDC bridge end to end (the contract suite of class-suite.ts): every case of
// cases/idc-cases.json, every error of the mapping files injected into the simulator, and finally
// every command, event and error entry of the mappings must have been used by one of them.
import { classSuite } from './class-suite.ts';
import type { SimVersion } from './harness.ts';

const suite = classSuite<SimVersion>({
  cls: 'IDC',
  mappingFile: 'idc.json',
  casesFile: 'idc-cases.json',
  xfs4iotName: 'cardreader',
  versions: { idc330: '3.30', idc300: '3.00' },
  validateOutgoing: false,
  simSteps: {
    insertCard: (step, { gw }) => gw.sim.insertCard(gw.logicalName, {
      track1: step.track1 as string | undefined, track2: step.track2 as string | undefined, track3: step.track3 as string | undefined,
      atr: step.atr as string | undefined, invalid: step.invalid === true,
    }),
    takeCard: (_step, { gw }) => gw.sim.takeCard(gw.logicalName),
    serviceEvent: (step, { gw }) => gw.sim.idcServiceEvent(gw.logicalName, eventCode(step.event), Number(step.arg ?? 0)),
    setRetainBin: (step, { gw }) => gw.sim.setRetainBin(gw.logicalName, Number(step.count), Number(step.threshold), Number(step.capacity)),
    setChipResponse: (step, { gw }) => gw.sim.setChipResponse(gw.logicalName, String(step.hex)),
    setClessData: (step, { gw }) => gw.sim.setContactlessData(gw.logicalName, String(step.hex), Number(step.outcome ?? 3)),
    loseConnection: (step, { gw }) => gw.sim.loseConnection(gw.logicalName, Number(step.restoreAfterMs ?? 0)),
    restoreConnection: (_step, { gw }) => gw.sim.restoreConnection(gw.logicalName),
  },
  // Card data never reaches the log in clear.
  afterCase: (t, gw) => t.notOk(gw.log.raw.some((line) => line.includes('4761739001010119')), 'no PAN in the log'),
  samplePayloads: {
    'Common.PowerSaveControl': { maxPowerSaveRecoveryTime: 5 },
    'CardReader.ReadRawData': { track2: true },
    'CardReader.WriteRawData': { track1: { data: 'JUIxMj8=', writeMethod: 'loco' } },
    'CardReader.Move': { to: 'exit' },
    'CardReader.Reset': { to: 'exit' },
    'CardReader.ChipIO': { chipProtocol: 'chipT0', chipData: 'AIQAAAg=' },
    'CardReader.ChipPower': { chipPower: 'cold' },
    'CardReader.SetKey': { keyValue: 'ASNFZ4mrze8=' },
    'CardReader.EMVClessConfigure': { terminalData: 'nxoCCEA=' },
    'CardReader.EMVClessPerformTransaction': { data: 'nAEA' },
    'CardReader.EMVClessIssuerUpdate': { data: 'kQA=' },
    'Storage.SetStorage': { storage: { unit1: { card: { status: { initialCount: 0 } } } } },
  },
  errorInjection: { version: 'idc330', executeOnly: true, dedupe: true, genericOn: 'CardReader.ReadRawData', unknownHResult: true },
  coverage: {
    name: 'every command, event and error entry of the mappings was exercised end to end',
    genericErrors: true,
    extraKeys: [
      'generic.json:unknownError',
      'generic.json:systemEvents/WFS_SYSE_DEVICE_STATUS',
      'generic.json:systemEvents/WFS_SYSE_HARDWARE_ERROR',
    ],
    notProducible: {
      'idc.json:events/WFS_EXEE_IDC_INVALIDTRACKDATA': 'the simulator never raises INVALIDTRACKDATA',
      'generic.json:systemEvents/WFS_SYSE_HARDWARE_ERROR': 'the simulator raises no hardware error system event (covered in idc-translators.test.ts)',
    },
  },
});

const eventCode = (event: unknown): number => (typeof event === 'number' ? event : suite.mapping.events[String(event)].code);

suite.caseTable();
suite.errorInjection();
suite.coverageWalk();
