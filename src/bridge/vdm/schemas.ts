// Payload schemas of the VendorMode and VendorApplication commands this bridge offers (2.0 in both
// releases). Additional properties are allowed (seed 2.3.3.1) and ignored.
import type { CommandSchemaEntry } from '../class-binding.ts';

const none = (): undefined => undefined;

export const vdmCommandSchemas: Record<string, CommandSchemaEntry> = {
  'VendorMode.Register': { majors: [2], payload: () => ({ type: 'object', properties: { appName: { type: ['string', 'null'], maxLength: 256 } } }) },
  'VendorMode.EnterModeRequest': { majors: [2], payload: none },
  'VendorMode.EnterModeAcknowledge': { majors: [2], payload: none },
  'VendorMode.ExitModeRequest': { majors: [2], payload: none },
  'VendorMode.ExitModeAcknowledge': { majors: [2], payload: none },
  'VendorApplication.GetActiveInterface': { majors: [2], payload: none },
  'VendorApplication.SetActiveInterface': {
    majors: [2],
    payload: () => ({ type: 'object', properties: { activeInterface: { enum: ['consumer', 'operator'] } }, required: ['activeInterface'] }),
  },
};

export const vdmEvents: Record<string, { kind: 'event' | 'unsolicited'; version: string }> = {
  'VendorMode.EnterModeRequestEvent': { kind: 'unsolicited', version: '2.0' },
  'VendorMode.ExitModeRequestEvent': { kind: 'unsolicited', version: '2.0' },
  'VendorMode.ModeEnteredEvent': { kind: 'unsolicited', version: '2.0' },
  'VendorMode.ModeExitedEvent': { kind: 'unsolicited', version: '2.0' },
  'VendorApplication.InterfaceChangedEvent': { kind: 'unsolicited', version: '2.0' },
};
