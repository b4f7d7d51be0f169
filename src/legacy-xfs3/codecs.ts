// Codec registry: the codecs of each 3.x class the gateway speaks. Classes not listed yet get an
// empty set, so their commands complete with WFS_ERR_UNSUPP_COMMAND from the gateway.
import { classCodecs } from './codec.ts';
import type { ClassCodecs } from './codec.ts';
import { bcrCodecs } from './codec-bcr.ts';
import { camCodecs } from './codec-cam.ts';
import { cdmCodecs } from './codec-cdm.ts';
import { idcCodecs } from './codec-idc.ts';
import { ptrCodecs } from './codec-ptr.ts';
import { pinCodecs } from './codec-pin.ts';
import { siuCodecs } from './codec-siu.ts';
import { ttuCodecs } from './codec-ttu.ts';
import { vdmCodecs } from './codec-vdm.ts';
import type { XfsServiceClass } from './types.ts';

const registry = new Map<XfsServiceClass, ClassCodecs>([['IDC', idcCodecs], ['CDM', cdmCodecs], ['PTR', ptrCodecs], ['PIN', pinCodecs], ['SIU', siuCodecs], ['TTU', ttuCodecs], ['BCR', bcrCodecs], ['CAM', camCodecs], ['VDM', vdmCodecs]]);

export function codecsFor(cls: XfsServiceClass): ClassCodecs {
  let c = registry.get(cls);
  if (!c) {
    c = classCodecs(cls, [], [], []);
    registry.set(cls, c);
  }
  return c;
}
