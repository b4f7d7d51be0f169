// The one place the client writes to a socket: an HTTP POST of one XML-X document, answered by one
// document. fetch (undici) keeps connections alive between requests. Anything short of a parsed
// XML-X response is "no answer": the caller must treat the outcome as unknown.
import { parseXmlx } from './codec.ts';
import type { XmlxDocument } from './types.ts';

export type Exchange =
  | { answered: true; document: XmlxDocument }
  | { answered: false; reason: string };

export async function postXmlx(url: string, body: string, timeoutMs: number): Promise<Exchange> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/xml; charset=utf-8', accept: 'application/xml' },
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    return { answered: false, reason: name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : `connection failed: ${describe(error)}` };
  }
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    return { answered: false, reason: `response cut off: ${describe(error)}` };
  }
  if (response.status >= 500) return { answered: false, reason: `host answered HTTP ${response.status}` };
  const parsed = parseXmlx(text);
  if (!parsed.ok) return { answered: false, reason: `HTTP ${response.status} with an unreadable body (errno ${parsed.error.errno})` };
  return { answered: true, document: parsed.value };
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as Error & { cause?: unknown }).cause;
    return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
  }
  return String(error);
}
