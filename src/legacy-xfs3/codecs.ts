// Codec registry: the codecs of each 3.x class the gateway speaks. Classes not listed yet get an
// empty set, so their commands complete with WFS_ERR_UNSUPP_COMMAND from the gateway.
import { classCodecs } from './codec.ts';
import type { ClassCodecs } from './codec.ts';
import { bcrCodecs } from './bcr/codec.ts';
import { camCodecs } from './cam/codec.ts';
import { cdmCodecs } from './cdm/codec.ts';
import { cimCodecs } from './cim/codec.ts';
import { idcCodecs } from './idc/codec.ts';
import { ptrCodecs } from './ptr/codec.ts';
import { pinCodecs } from './pin/codec.ts';
import { siuCodecs } from './siu/codec.ts';
import { ttuCodecs } from './ttu/codec.ts';
import { vdmCodecs } from './vdm/codec.ts';
import type { XfsServiceClass } from './types.ts';

const registry = new Map<XfsServiceClass, ClassCodecs>([['IDC', idcCodecs], ['CDM', cdmCodecs], ['CIM', cimCodecs], ['PTR', ptrCodecs], ['PIN', pinCodecs], ['SIU', siuCodecs], ['TTU', ttuCodecs], ['BCR', bcrCodecs], ['CAM', camCodecs], ['VDM', vdmCodecs]]);

export function codecsFor(cls: XfsServiceClass): ClassCodecs {
  let c = registry.get(cls);
  if (!c) {
    c = classCodecs(cls, [], [], []);
    registry.set(cls, c);
  }
  return c;
}
