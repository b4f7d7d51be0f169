import type { CallOutcome, IotpError, PackagedContent } from './errors.ts';
import { API_NAMESPACE } from './schema.ts';
import { element, type XmlElement } from './xml.ts';

export function packagedElement(pc: PackagedContent, elementName = pc.element): XmlElement {
  const text = pc.transform === 'BASE64' ? Buffer.from(pc.body, 'utf8').toString('base64') : pc.body;
  return element(elementName, { Name: pc.name, Content: pc.content, Transform: pc.transform }, [], text);
}

export function errorResponseElement(error: IotpError, lang: string): XmlElement {
  const locations = error.locations.map((l) => element('ErrorLocation', { ElementType: l.elementType, ElementRef: l.elementRef, AttName: l.attName }));
  const contents = (error.paySchemeContent ?? []).map((pc) => packagedElement(pc, 'PaySchemePackagedContent'));
  return element(
    'ErrorResponse',
    {
      'xml:lang': lang, ErrorCode: error.code, ErrorDesc: error.desc, Severity: error.severity,
      MinRetrySecs: error.minRetrySecs === undefined ? undefined : String(error.minRetrySecs), SwVendorErrorRef: error.swVendorErrorRef,
    },
    [...locations, ...contents],
  );
}

/** Wraps a call's outcome into IotpPaymentApiResponse: exactly one response per request. */
export function apiResponse(outcome: CallOutcome<XmlElement>, lang: string, contentSoftwareId: string): XmlElement {
  const child = outcome.ok ? outcome.value : errorResponseElement(outcome.error, lang);
  return element('IotpPaymentApiResponse', { xmlns: API_NAMESPACE, 'xml:lang': lang, ContentSoftwareID: contentSoftwareId }, [child]);
}
