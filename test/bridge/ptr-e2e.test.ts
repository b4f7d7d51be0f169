// The PTR bridge end to end (the contract suite of class-suite.ts): every case of
// cases/ptr-cases.json (what the printer printed is read back from the simulator), every error of
// ptr.json injected into the simulator, plus a print that survives its client's disconnect. Finally
// every command, event and error entry of ptr.json must have been used by one of them.
import t from 'tap';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Xfs4IotClient } from '../../src/xfs4iot/client.ts';
import { classSuite } from './class-suite.ts';
import { waitFor } from './harness.ts';

type PtrSimVersion = 'ptr330' | 'ptr300' | 'doc330' | 'doc320' | 'doc300';

const suite = classSuite<PtrSimVersion>({
  cls: 'PTR',
  mappingFile: 'ptr.json',
  casesFile: 'ptr-cases.json',
  xfs4iotName: 'receiptprinter',
  versions: { ptr330: '3.30', ptr300: '3.00', doc330: '3.30', doc320: '3.20', doc300: '3.00' },
  validateOutgoing: true,
  // doc*: the simulated document printer (passbook, document, scanner, stamp ink, lamp).
  prepare: (sim, name, version) => { if (version.startsWith('doc')) sim.setPrinterKind(name, 'document'); },
  simSteps: {
    takeMedia: (_step, { gw }) => gw.sim.takeMedia(gw.logicalName),
    clearOutput: (_step, { gw }) => gw.sim.clearPrinterOutput(gw.logicalName),
    expectOutput: (step, { t, gw }) => { t.equal(gw.sim.printerOutput(gw.logicalName), step.text, 'what the printer printed'); },
    setSupplies: (step, { gw }) => gw.sim.setPrinterSupplies(gw.logicalName, Number(step.paper) as 0 | 1 | 2, Number(step.toner) as 0 | 1 | 2),
    setRetractBin: (step, { gw }) => gw.sim.setPrinterRetractBin(gw.logicalName, Number(step.count), Number(step.high), Number(step.capacity)),
    insertMedia: (step, { gw }) => gw.sim.insertPrinterMedia(gw.logicalName, {
      passbook: step.passbook === true, content: typeof step.content === 'string' ? step.content : '', reject: typeof step.reject === 'number' ? step.reject : undefined,
    }),
    autoRetract: (_step, { gw }) => gw.sim.autoRetractPrinterMedia(gw.logicalName),
    presentWad: (step, { gw }) => gw.sim.presentPrinterWad(gw.logicalName, Number(step.index), Number(step.total)),
    setBinPresent: (step, { gw }) => gw.sim.setPrinterBinPresent(gw.logicalName, step.present === true),
    setInkLamp: (step, { gw }) => gw.sim.setPrinterInkLamp(gw.logicalName, Number(step.ink) as 0 | 1 | 2, Number(step.lamp) as 0 | 1 | 2),
  },
  samplePayloads: {
    'Printer.PrintForm': { formName: 'RECEIPT', fields: { AMOUNT: '1.00' } },
    'Printer.PrintRaw': { data: 'WA==' },
    'Printer.ControlMedia': { mediaControl: { flush: true } },
    'Printer.Reset': undefined,
    'Printer.RetractMedia': { mediaControl: 'unit1' },
    'Printer.ResetCount': { binNumber: 1 },
    'Printer.DispensePaper': { paperSource: 'upper' },
    'Printer.ReadForm': { formName: 'CHEQUE' },
    'Printer.ReadImage': { frontImageType: 'bmp' },
    'Printer.MediaExtents': { base: 'mm', unitX: 1, unitY: 1 },
    'Printer.LoadDefinition': { definition: 'XFSFORM "X"\nBEGIN\nEND\n' },
    'Printer.SupplyReplenish': { upper: true },
    'Printer.ControlPassbook': { action: 'forward', count: 1 },
    'Printer.SetBlackMarkMode': { blackMarkMode: true },
  },
  // The document printer: it has every capability the bridge checks before sending a command.
  errorInjection: { version: 'doc330', executeOnly: true, dedupe: true, atLeastOnePerError: true },
});
const startPtrTestGateway = (version: PtrSimVersion) => suite.start(version);

suite.caseTable();
suite.errorInjection();

t.test('a print runs to completion when its client disconnects', async (t) => {
  const gw = await startPtrTestGateway('ptr330');
  t.teardown(() => gw.close());
  gw.sim.clearPrinterOutput(gw.logicalName);
  gw.sim.setDelay(gw.logicalName, 300);
  const leaving = await Xfs4IotClient.connect(gw.gateway.publisher.url('receiptprinter'));
  await leaving.send('Printer.PrintForm', { formName: 'RECEIPT', fields: { AMOUNT: 'EUR 10.00' }, mediaControl: { cut: true } }).acknowledged;
  await leaving.close();
  await waitFor(() => (gw.sim.pending(gw.logicalName) === 0 && gw.sim.printerOutput(gw.logicalName) !== '' ? true : undefined), 3000, 'the print finished on the device');
  gw.sim.setDelay(gw.logicalName, 0);
  t.equal(gw.sim.printerOutput(gw.logicalName), 'SIMULATED BANK\nAMOUNT: EUR 10.00\n<cut>\n', 'the receipt was printed once, whole');
});

t.test('a wait for a document is canceled when its client disconnects; a page turn is not', async (t) => {
  const gw = await startPtrTestGateway('doc330');
  t.teardown(() => gw.close());
  const waiting = await Xfs4IotClient.connect(gw.gateway.publisher.url('receiptprinter'));
  const read = waiting.send('Printer.ReadForm', { formName: 'CHEQUE' });
  await waitFor(() => (read.events.some((e) => e.header.name === 'Printer.NoMediaEvent') ? true : undefined), 5000, 'the printer asks for the cheque');
  await waiting.close();
  await waitFor(() => (gw.sim.pending(gw.logicalName) === 0 ? true : undefined), 5000, 'no request pending on the device');
  gw.sim.insertPrinterMedia(gw.logicalName, { passbook: true });
  await waitFor(() => gw.unsolicited.find((m) => m.header.name === 'Printer.MediaInsertedUnsolicitedEvent'), 5000, 'the passbook taken in without a command');
  t.pass('nobody waited for a document any more: the passbook was taken in unsolicited');

  gw.sim.clearPrinterOutput(gw.logicalName);
  gw.sim.setDelay(gw.logicalName, 300);
  const leaving = await Xfs4IotClient.connect(gw.gateway.publisher.url('receiptprinter'));
  await leaving.send('Printer.ControlPassbook', { action: 'closeForward' }).acknowledged;
  await leaving.close();
  await waitFor(() => (gw.sim.pending(gw.logicalName) === 0 && gw.sim.printerOutput(gw.logicalName) !== '' ? true : undefined), 5000, 'the passbook closed');
  gw.sim.setDelay(gw.logicalName, 0);
  t.equal(gw.sim.printerOutput(gw.logicalName), '<closed>\n', 'the page turn ran to completion without its client');
});

t.test('a loaded definition leaves no file behind, whether the load succeeds or fails', async (t) => {
  const gw = await startPtrTestGateway('doc330');
  t.teardown(() => gw.close());
  for (const [definition, completionCode] of [['XFSFORM "TEMP"\nBEGIN\nEND\n', null], ['no form at all', 'commandErrorCode']] as const) {
    const done = await gw.client.send('Printer.LoadDefinition', { definition }).completion;
    t.equal(done.header.completionCode ?? null, completionCode, `${definition.slice(0, 8)}: completion`);
    const file = gw.sim.printerLastDefinitionFile(gw.logicalName);
    t.ok(file.startsWith(join(tmpdir(), 'xfs4iot-ptr-def-')), `the 3.x provider was given ${file}`);
    t.notOk(existsSync(file), 'the file is gone');
    t.notOk(existsSync(dirname(file)), 'and so is its private directory');
  }
});

suite.coverageWalk();
