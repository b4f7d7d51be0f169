// The CAM bridge end to end (the contract suite of class-suite.ts): every case of cases/cam-cases.json
// over WebSocket, the engine, the bridge, koffi, the message pump and the simulated camera unit (room,
// person and exit slot cameras on one medium of 10 pictures, high at 8), every error of cam.json
// injected into the simulator, and finally every command, event and error entry of cam.json used.
import { classSuite } from './class-suite.ts';

type CamSimVersion = 'cam330' | 'cam320' | 'cam300';
const CAMERA_INDEX: Record<string, number> = { room: 0, person: 1, exitSlot: 2 };

const suite = classSuite<CamSimVersion>({
  cls: 'CAM',
  mappingFile: 'cam.json',
  casesFile: 'cam-cases.json',
  xfs4iotName: 'camera',
  versions: { cam330: '3.30', cam320: '3.20', cam300: '3.00' },
  validateOutgoing: true,
  simSteps: {
    setCamera: (step, { gw }) => gw.sim.camSetCamera(gw.logicalName, CAMERA_INDEX[String(step.camera)], Number(step.state)),
    clearMedia: (_step, { gw }) => gw.sim.camClearMedia(gw.logicalName),
    checkPictures: (step, { t, gw, label }) => {
      t.equal(gw.sim.camPictures(gw.logicalName, CAMERA_INDEX[String(step.camera)]), Number(step.count), `${label}: pictures of the ${String(step.camera)} camera on the device`);
    },
    checkLastData: (step, { t, gw, label }) => {
      t.equal(gw.sim.camLastData(gw.logicalName), String(step.text), `${label}: the text the unit added to the picture`);
    },
  },
  samplePayloads: {
    'Camera.TakePicture': { camera: 'room' },
    'Camera.Reset': undefined,
  },
  errorInjection: { version: 'cam330', executeOnly: true, dedupe: false, genericOn: 'Camera.Reset', unknownHResult: true },
  coverage: {
    genericErrors: true,
  },
});

suite.caseTable();
suite.errorInjection();
suite.coverageWalk();
