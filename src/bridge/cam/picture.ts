// Camera.TakePicture on WFS_CMD_CAM_TAKE_PICTURE and Camera.Reset on WFS_CMD_CAM_RESET. The camera name
// is the 3.x camera index (table `camera`); a camera the unit does not have, or text it cannot add, is
// refused before anything reaches the device. 3.x returns no picture, so pictureFile stays absent.
import type { CommandResult } from '../../xfs4iot/backend.ts';
import type { CamCapabilities, CamStatus } from '../../legacy-xfs3/cam/types.ts';
import { invalidData, success, unsupportedData, type CommandCall } from '../translator.ts';
import { cameraNames } from './status.ts';

type CamCall = CommandCall<CamCapabilities, CamStatus>;

export async function takePicture(call: CamCall): Promise<CommandResult> {
  const p = call.payload ?? {};
  const index = new Map(cameraNames(call.enums)).get(String(p.camera));
  if (index === undefined) return invalidData(`TakePicture: camera ${JSON.stringify(p.camera)} is not room, person or exitSlot`);
  const caps = call.device.capabilities;
  if ((caps.cameras[index] ?? 0) === 0) return unsupportedData(`TakePicture: this XFS 3.x camera unit has no ${String(p.camera)} camera (WFSCAMCAPS.fwCameras)`);
  let camData: string | undefined;
  if (typeof p.camData === 'string' && p.camData !== '') {
    // WFS_CAM_MANADD: only then does the unit add the application's text to the picture.
    if ((caps.camData & 2) === 0) return unsupportedData('TakePicture: this XFS 3.x camera unit cannot add text to a picture (WFSCAMCAPS.fwCamData)');
    if (!/^[\x20-\x7e]*$/.test(p.camData)) return invalidData('TakePicture: camData must be printable ASCII (the 3.x unit takes ASCII text)');
    camData = p.camData;
  }
  const done = await call.execute('WFS_CMD_CAM_TAKE_PICTURE', { camera: index, ...(camData !== undefined ? { camData } : {}) });
  return done.ok ? success() : call.failure(done);
}

export async function reset(call: CamCall): Promise<CommandResult> {
  const done = await call.execute('WFS_CMD_CAM_RESET', undefined);
  return done.ok ? success() : call.failure(done);
}
