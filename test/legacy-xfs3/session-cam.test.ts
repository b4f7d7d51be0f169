// The CAM class through the real FFI path: status and capabilities in the 3.00, 3.20 and 3.30
// layouts, TAKE_PICTURE per camera with the text added, INVALIDDATA for text that is too long, the
// medium thresholds (MEDIATHRESHOLD user events, MEDIAFULL), camera errors and RESET.
import t from 'tap';
import type { LegacyXfsManager } from '../../src/legacy-xfs3/manager.ts';
import type { CamExecuteMap, CamInfoMap } from '../../src/legacy-xfs3/cam/types.ts';
import type { XfsEvent } from '../../src/legacy-xfs3/types.ts';
import { sim, startManager } from './helpers.ts';

let seq = 0;
function newCam(version = '3.30'): string {
  const name = `CAM-${process.pid}-${++seq}`;
  sim.addCamera(name, version);
  return name;
}
const openCam = (m: LegacyXfsManager, name: string) =>
  m.open<CamExecuteMap, CamInfoMap>(name, { low: '3.00', high: '3.30' }, { serviceClass: 'CAM' });
const ROOM = 0, PERSON = 1, EXITSLOT = 2;

t.test('status and capabilities in the 3.30, 3.20 and 3.00 layouts', async (t) => {
  const { m, done } = await startManager(t);
  for (const version of ['3.30', '3.20', '3.00']) {
    const s = await openCam(m, newCam(version));
    const st = await s.getInfo('WFS_INF_CAM_STATUS', undefined);
    t.ok(st.ok, st.name);
    t.same(st.data!.cameras, [1, 1, 1, 0, 0, 0, 0, 0], `${version}: room, person and exit slot cameras`);
    t.same(st.data!.media.slice(0, 4), [0, 0, 0, 4]);
    t.same(st.data!.pictures, [0, 0, 0, 0, 0, 0, 0, 0]);
    t.equal(st.data!.extra.Model, 'SIM-CAM-1');
    t.equal(st.data!.antiFraudModule, version === '3.00' ? undefined : 0);
    const caps = await s.getInfo('WFS_INF_CAM_CAPABILITIES', undefined);
    t.equal(caps.data!.class, 10);
    t.equal(caps.data!.maxPictures, 10);
    t.equal(caps.data!.maxDataLength, 64);
    t.equal(caps.data!.camData, 2);
    t.equal(caps.data!.extra.Model, 'SIM-CAM-1', `${version}: lpszExtra at its version's offset`);
    t.equal(caps.data!.pictureFile, version === '3.00' ? undefined : false);
    t.same(caps.data!.synchronizableCommands, version === '3.30' ? [] : undefined);
    await s.close();
  }
  await done();
});

t.test('pictures per camera with their text; INVALIDDATA; thresholds; errors; reset', async (t) => {
  const { m, done } = await startManager(t);
  const name = newCam();
  const s = await openCam(m, name);
  const events: XfsEvent[] = [];
  s.on('event', (e: XfsEvent) => events.push(e));
  t.ok((await s.execute('WFS_CMD_CAM_TAKE_PICTURE', { camera: PERSON, camData: 'TXN 4711' })).ok);
  t.equal(sim.camPictures(name, PERSON), 1);
  t.equal(sim.camLastData(name), 'TXN 4711');
  const exec: XfsEvent[] = [];
  const long = await s.execute('WFS_CMD_CAM_TAKE_PICTURE', { camera: ROOM, camData: 'X'.repeat(80) }, { onEvent: (e) => exec.push(e) });
  t.ok(long.ok, 'too long a text is cut, the picture is taken');
  t.same(exec.map((e) => e.name), ['WFS_EXEE_CAM_INVALIDDATA']);
  t.equal(sim.camLastData(name), 'X'.repeat(64));
  t.equal((await s.execute('WFS_CMD_CAM_TAKE_PICTURE', { camera: 5 })).name, 'WFS_ERR_CAM_CAMNOTSUPP');
  sim.camSetCamera(name, EXITSLOT, 2);
  t.equal((await s.execute('WFS_CMD_CAM_TAKE_PICTURE', { camera: EXITSLOT })).name, 'WFS_ERR_CAM_CAMINOP');
  t.ok((await s.execute('WFS_CMD_CAM_RESET', undefined)).ok);
  t.equal((await s.getInfo('WFS_INF_CAM_STATUS', undefined)).data!.cameras[EXITSLOT], 1, 'reset brings the camera back');
  for (let i = 0; i < 8; i++) t.ok((await s.execute('WFS_CMD_CAM_TAKE_PICTURE', { camera: ROOM })).ok);
  t.equal((await s.execute('WFS_CMD_CAM_TAKE_PICTURE', { camera: ROOM })).name, 'WFS_ERR_CAM_MEDIAFULL');
  const thresholds = events.filter((e) => e.name === 'WFS_USRE_CAM_MEDIATHRESHOLD').map((e) => (e.data as { mediaThreshold: number }).mediaThreshold);
  t.same(thresholds, [1, 2], 'high at 8 pictures, full at 10');
  t.equal((await s.getInfo('WFS_INF_CAM_STATUS', undefined)).data!.media[ROOM], 2);
  sim.camClearMedia(name);
  t.equal((await s.getInfo('WFS_INF_CAM_STATUS', undefined)).data!.media[ROOM], 0);
  sim.failNext(name, -14);
  t.equal((await s.execute('WFS_CMD_CAM_RESET', undefined)).name, 'WFS_ERR_HARDWARE_ERROR');
  await s.close();
  await done();
});
