// The CIM bridge end to end (the contract suite of class-suite.ts): every case of cases/cim-cases.json
// (a whole deposit at 3.30, 3.20 and 3.00; refused, suspect and counterfeit notes; rollback, retract,
// reset; jams), every error of cim.json injected into the simulator, and finally every command, event
// and error entry of cim.json used by one of them.
import t from 'tap';
import { classSuite } from './class-suite.ts';
import { cimSim } from './cim-sim.ts';

type CimSimVersion = 'cim330' | 'cim320' | 'cim300';

const suite = classSuite<CimSimVersion>({
  cls: 'CIM',
  mappingFile: 'cim.json',
  casesFile: 'cim-cases.json',
  xfs4iotName: 'cashacceptor',
  versions: { cim330: '3.30', cim320: '3.20', cim300: '3.00' },
  validateOutgoing: true,
  simSteps: {
    insertItems: (step, { gw }) => cimSim(gw.sim).insertItems(gw.logicalName, String(step.items)),
    takeItems: (_step, { gw }) => cimSim(gw.sim).takeItems(gw.logicalName),
    fault: (step, { gw }) => cimSim(gw.sim).fault(gw.logicalName, Number(step.jamAfter ?? -1), Number(step.jamEndAfter ?? -1)),
    noteErrorNext: (step, { gw }) => cimSim(gw.sim).noteErrorNext(gw.logicalName, Number(step.reason)),
    setUnitCount: (step, { gw }) => cimSim(gw.sim).setUnitCount(gw.logicalName, Number(step.number), Number(step.count)),
    checkDevice: (step, { t, gw, label }) => {
      const sim = cimSim(gw.sim);
      if (step.escrow !== undefined) t.equal(sim.escrow(gw.logicalName), step.escrow, `${label}: notes in the escrow`);
      if (step.atOutput !== undefined) t.equal(sim.itemsAtOutput(gw.logicalName), step.atOutput, `${label}: items at the output position`);
      if (step.cashInState !== undefined) t.equal(sim.cashInState(gw.logicalName), step.cashInState, `${label}: WFSCIMCASHINSTATUS.wStatus`);
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
  },
  errorInjection: { version: 'cim330', executeOnly: true, dedupe: true, genericOn: 'CashAcceptor.CashInRollback', unknownHResult: true },
  coverage: { genericErrors: true },
});

suite.caseTable();
suite.errorInjection();
suite.coverageWalk();
t.pass('cim e2e');
