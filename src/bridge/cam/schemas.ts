// Payload schemas of the Camera commands this bridge offers. Both releases define the commands at
// 2.0; 2024-03 pairs TakePicture with a 3.0 completion of the same shape (its pictureFile, which 3.x
// never fills, only takes canonical base64), so major 3 is served too. Additional properties are
// allowed (seed 2.3.3.1).
import type { CommandSchemaEntry } from '../class-binding.ts';

export const camCommandSchemas: Record<string, CommandSchemaEntry> = {
  'Camera.TakePicture': {
    majors: [2, 3],
    payload: () => ({
      type: 'object',
      properties: { camera: { enum: ['room', 'person', 'exitSlot'] }, camData: { type: ['string', 'null'], maxLength: 4096 } },
      required: ['camera'],
    }),
  },
  'Camera.Reset': { majors: [2], payload: () => undefined },
};

export const camEvents: Record<string, { kind: 'event' | 'unsolicited'; version: string }> = {
  'Camera.MediaThresholdEvent': { kind: 'unsolicited', version: '2.0' },
  'Camera.InvalidDataEvent': { kind: 'event', version: '2.0' },
};
