// Payloads of the CAM (camera) class as plain JS values; same conventions as idc/types.ts. Camera
// arrays are indexed by the 3.x camera index (WFS_CAM_ROOM 0, PERSON 1, EXITSLOT 2).
import type { CommandSpec } from '../types.ts';
import type { Extra } from '../idc/types.ts';

export interface CamStatus {
  device: number;
  /** WFS_CAM_MEDIAOK 0, HIGH 1, FULL 2, UNKNOWN 3, NOTSUPP 4, per camera. */
  media: number[];
  /** WFS_CAM_CAMNOTSUPP 0, OK 1, INOP 2, UNKNOWN 3. */
  cameras: number[];
  pictures: number[];
  extra: Extra;
  // 3.20+
  antiFraudModule?: number;
}

export interface CamCapabilities {
  class: number;
  type: number;
  cameras: number[];
  maxPictures: number;
  camData: number;
  maxDataLength: number;
  charSupport: number;
  extra: Extra;
  // 3.20+
  pictureFile?: boolean;
  antiFraudModule?: boolean;
  // 3.30+
  synchronizableCommands?: number[];
}

export interface CamTakePicture {
  camera: number;
  /** Text added to the picture (ASCII), absent for none. */
  camData?: string;
}

export type CamExecuteMap = {
  WFS_CMD_CAM_TAKE_PICTURE: CommandSpec<CamTakePicture, void>;
  WFS_CMD_CAM_RESET: CommandSpec<void, void>;
};

export type CamInfoMap = {
  WFS_INF_CAM_STATUS: CommandSpec<void, CamStatus>;
  WFS_INF_CAM_CAPABILITIES: CommandSpec<void, CamCapabilities>;
};
