// 3.x version words: major in the low byte, minor in the high byte (3.30 = 0x1E03).
import type { VersionRange, XfsVersion } from './types.ts';

export function parseVersion(text: string): XfsVersion {
  const m = /^(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!m) throw new Error(`invalid XFS version '${text}' (expected e.g. 3.30)`);
  const major = Number(m[1]);
  const minor = Number(m[2]);
  if (major > 255 || minor > 255) throw new Error(`invalid XFS version '${text}'`);
  return fromWord(major | (minor << 8));
}

export function fromWord(word: number): XfsVersion {
  const major = word & 0xff;
  const minor = (word >> 8) & 0xff;
  return { major, minor, word: word & 0xffff, text: `${major}.${String(minor).padStart(2, '0')}` };
}

/** 300 for 3.00, 330 for 3.30: what layout choices compare against. */
export function versionNumber(v: XfsVersion): number {
  return v.major * 100 + v.minor;
}

/** dwVersionsRequired: lowest version in the high word, highest in the low word. */
export function rangeWord(range: VersionRange): number {
  const low = parseVersion(range.low);
  const high = parseVersion(range.high);
  if (versionNumber(low) > versionNumber(high)) throw new Error(`version range ${range.low}..${range.high} is empty`);
  return ((low.word << 16) | high.word) >>> 0;
}
