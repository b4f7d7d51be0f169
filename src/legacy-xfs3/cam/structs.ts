// CAM struct layouts per version: 3.20 appends wAntiFraudModule to the status and bPictureFile /
// bAntiFraudModule to the capabilities, 3.30 the synchronizable commands. The camera arrays are
// WORD arrays declared as byte fields of twice their length; cam/codec.ts reads their words.
import { struct } from '../layout.ts';
import type { FieldType, StructSpec } from '../layout.ts';

export const CAM_CAMERAS = 8;
const words: FieldType = `chars:${2 * CAM_CAMERAS}`;

const status300: StructSpec = [['fwDevice', 'u16'], ['fwMedia', words], ['fwCameras', words], ['usPictures', words], ['lpszExtra', 'ptr']];
export const CAM_STATUS_V300 = struct('cam_status_v300_t', status300);
export const CAM_STATUS_V320 = struct('cam_status_v320_t', [...status300, ['wAntiFraudModule', 'u16']]);
const caps300: StructSpec = [
  ['wClass', 'u16'], ['fwType', 'u16'], ['fwCameras', words], ['usMaxPictures', 'u16'], ['fwCamData', 'u16'], ['usMaxDataLength', 'u16'],
  ['fwCharSupport', 'u16'], ['lpszExtra', 'ptr'],
];
const caps320: StructSpec = [...caps300, ['bPictureFile', 'bool'], ['bAntiFraudModule', 'bool']];
export const CAM_CAPS_V300 = struct('cam_caps_v300_t', caps300);
export const CAM_CAPS_V320 = struct('cam_caps_v320_t', caps320);
export const CAM_CAPS_V330 = struct('cam_caps_v330_t', [...caps320, ['lpdwSynchronizableCommands', 'ptr']]);
export const CAM_TAKE_PICTURE = struct('cam_take_picture_t', [['wCamera', 'u16'], ['lpszCamData', 'ptr'], ['lpszUNICODECamData', 'ptr']]);
