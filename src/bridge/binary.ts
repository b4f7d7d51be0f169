// Binary data as XFS4IoT encodes it: base64 text. Decoding is strict so that a bad value is reported
// as invalidData by the caller instead of silently becoming different bytes.
const strictBase64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function toBase64(data: Buffer | Uint8Array): string {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64');
}

/** `undefined` when the text is not canonical base64. */
export function fromBase64(text: string): Buffer | undefined {
  if (!strictBase64.test(text)) return undefined;
  return Buffer.from(text, 'base64');
}
