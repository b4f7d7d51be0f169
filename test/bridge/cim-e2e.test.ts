// The CIM bridge end to end (the contract suite of class-suite.ts): every case of cases/cim-cases.json
// (a whole deposit at 3.30, 3.20 and 3.00; refused, suspect and counterfeit notes; rollback, retract,
// reset; jams), every error of cim.json injected into the simulator, and finally every command, event
// and error entry of cim.json used by one of them.
import { classSuite } from './class-suite.ts';

type CimSimVersion = 'cim330' | 'cim320' | 'cim300';

const suite = classSuite<CimSimVersion>({
  cls: 'CIM',
  mappingFile: 'cim.json',
  casesFile: 'cim-cases.json',
  xfs4iotName: 'cashacceptor',
  versions: { cim330: '3.30', cim320: '3.20', cim300: '3.00' },
  validateOutgoing: true,
  simSteps: {
    insertItems: (step, { gw }) => gw.sim.cimInsertItems(gw.logicalName, String(step.items)),
    takeItems: (_step, { gw }) => gw.sim.cimTakeItems(gw.logicalName),
    fault: (step, { gw }) => gw.sim.cimFault(gw.logicalName, { jamAfter: Number(step.jamAfter ?? -1), jamEndAfter: Number(step.jamEndAfter ?? -1) }),
    noteErrorNext: (step, { gw }) => gw.sim.cimNoteErrorNext(gw.logicalName, Number(step.reason)),
    setUnitCount: (step, { gw }) => gw.sim.cimSetUnitCount(gw.logicalName, Number(step.number), Number(step.count)),
    shutter: (step, { gw }) => gw.sim.cimShutter(gw.logicalName, step.position as 'in' | 'out', step.state as 'closed' | 'open' | 'jammed'),
    moveFault: (step, { gw }) => gw.sim.cimMoveFault(gw.logicalName, Number(step.jamAfter)),
    checkDevice: (step, { t, gw, label }) => {
      if (step.escrow !== undefined) t.equal(gw.sim.cimEscrow(gw.logicalName), step.escrow, `${label}: notes in the escrow`);
      if (step.atOutput !== undefined) t.equal(gw.sim.cimItemsAtOutput(gw.logicalName), step.atOutput, `${label}: items at the output position`);
      if (step.cashInState !== undefined) t.equal(gw.sim.cimCashInState(gw.logicalName), step.cashInState, `${label}: WFSCIMCASHINSTATUS.wStatus`);
    },
  },
  samplePayloads: {
    'CashAcceptor.CashInStart': {},
    'CashAcceptor.CashIn': undefined,
    'CashAcceptor.CashInEnd': undefined,
    'CashAcceptor.CashInRollback': undefined,
    'CashAcceptor.ConfigureNoteTypes': { items: [{ item: 'typeEUR500', enabled: true }] },
    'CashManagement.Retract': { location: { retractArea: 'retract' } },
    'CashManagement.Reset': undefined,
    'CashManagement.OpenShutter': { position: 'inCenter' },
    'CashManagement.CloseShutter': { position: 'inCenter' },
    'CashAcceptor.Replenish': { source: 'unit2', replenishTargets: [{ target: 'unit3' }] },
    'CashAcceptor.Deplete': { cashUnitTarget: 'unit2', depleteSources: [{ source: 'unit3', numberOfItemsToMove: 1 }] },
    'CashAcceptor.CashUnitCount': { units: ['unit3'] },
    'CashAcceptor.DeviceLockControl': { deviceAction: 'lock' },
    'CashAcceptor.PresentMedia': { position: 'outCenter' },
    'CashAcceptor.ConfigureNoteReader': { loadAlways: true },
    'CashManagement.SetTellerInfo': { action: 'modify', tellerDetails: { tellerID: 1 } },
    'CashManagement.SetClassificationList': { version: 'V9', classificationElements: [] },
    'CashAcceptor.CompareSignature': { referenceSignatures: [{ signature: 'eA==' }], signatures: [{ signature: 'eA==' }] },
    'Storage.SetStorage': { storage: { unit3: { cash: { configuration: { highThreshold: 500 } } } } },
    'Storage.StartExchange': undefined,
    'Storage.EndExchange': undefined,
  },
  errorInjection: { version: 'cim330', executeOnly: true, dedupe: true, genericOn: 'CashAcceptor.CashInRollback', unknownHResult: true },
  coverage: { genericErrors: true },
});

suite.caseTable();
suite.errorInjection();
suite.coverageWalk();
