/**
 * What a file is, by its first bytes (issue 14: an SVG named `.png` was accepted because only the name was read).
 * The signatures of the formats an article may carry; anything else is refused, whatever its name says.
 */
export type SniffedFormat = 'png' | 'jpeg' | 'gif' | 'webp' | 'mp3' | 'aac' | 'wav' | 'isobmff';

const ascii = (b: Buffer, at: number, text: string) => b.length >= at + text.length && b.toString('latin1', at, at + text.length) === text;

export function sniffFormat(b: Buffer): SniffedFormat | null {
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (ascii(b, 0, 'GIF87a') || ascii(b, 0, 'GIF89a')) return 'gif';
  if (ascii(b, 0, 'RIFF') && ascii(b, 8, 'WEBP')) return 'webp';
  if (ascii(b, 0, 'RIFF') && ascii(b, 8, 'WAVE')) return 'wav';
  if (ascii(b, 0, 'ID3')) return 'mp3';
  // ADTS AAC: sync word 0xFFF, layer 00 (before the MPEG audio check, whose sync it shares).
  if (b.length >= 2 && b[0] === 0xff && (b[1] & 0xf6) === 0xf0) return 'aac';
  // MPEG audio frame without an ID3 tag: 11 sync bits, a layer that is not "reserved".
  if (b.length >= 2 && b[0] === 0xff && (b[1] & 0xe0) === 0xe0 && (b[1] & 0x06) !== 0) return 'mp3';
  // ISO base media (mp4, m4a, m4v, mov): a box type at offset 4.
  if (['ftyp', 'moov', 'mdat', 'wide', 'free', 'skip'].some((box) => ascii(b, 4, box))) return 'isobmff';
  return null;
}

/** The formats each accepted file name may hold, and what kind of media that is. */
export const UPLOAD_TYPES: ReadonlyMap<string, { kind: 'audio' | 'video' | 'image'; formats: readonly SniffedFormat[] }> = new Map([
  ['mp3', { kind: 'audio', formats: ['mp3'] }],
  ['m4a', { kind: 'audio', formats: ['isobmff'] }],
  ['aac', { kind: 'audio', formats: ['aac', 'isobmff'] }],
  ['wav', { kind: 'audio', formats: ['wav'] }],
  ['mp4', { kind: 'video', formats: ['isobmff'] }],
  ['mov', { kind: 'video', formats: ['isobmff'] }],
  ['m4v', { kind: 'video', formats: ['isobmff'] }],
  ['jpg', { kind: 'image', formats: ['jpeg'] }],
  ['jpeg', { kind: 'image', formats: ['jpeg'] }],
  ['png', { kind: 'image', formats: ['png'] }],
  ['webp', { kind: 'image', formats: ['webp'] }],
  ['gif', { kind: 'image', formats: ['gif'] }],
]);
