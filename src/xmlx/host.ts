// The reference XML-X payment host. (Body lands in the next commits; the surface is the stable API.)
import type { XmlxHost, XmlxHostOptions } from './host-api.ts';

/** Starts a host on `options.port` (0 = ephemeral); resolves once it listens. */
export async function startXmlxHost(_options: XmlxHostOptions): Promise<XmlxHost> {
  throw new Error('startXmlxHost: not implemented yet');
}
