/**
 * Structural check of a native FLAC file before it reaches the WebAssembly decoder: the
 * STREAMINFO block (block sizes, a plausible sample rate, channels, bit depth), the walk over the
 * metadata blocks, the frame sync where audio starts, and an upper bound on the decoded output
 * from every frame header that passes its CRC-8 (libFLAC decodes one block per such header and
 * never more). Linear in the file size.
 * @module
 */
import { CorruptAudioError } from '../errors.js';
import { SAMPLE_RATE_RANGE } from './pcm.js';

/** What {@link inspectFlac} learnt about a structurally sound FLAC file. */
export interface FlacLayout {
  /** STREAMINFO sample rate in Hz (within `SAMPLE_RATE_RANGE`). */
  readonly sampleRate: number;
  readonly channels: number;
  readonly bitsPerSample: number;
  /** STREAMINFO total samples per channel; 0 when the encoder did not know it. */
  readonly totalSamples: number;
  /** Byte offset of the first audio frame (after the metadata blocks). */
  readonly audioOffset: number;
  /** Frame headers with a valid CRC-8 in the audio section. */
  readonly frameHeaders: number;
  /** Upper bound on decoded frames (samples per channel): Σ block size over those headers. */
  readonly maxFrames: number;
  /** Highest sample rate in Hz declared by STREAMINFO or any of those headers. */
  readonly maxRate: number;
  /** Upper bound on decoded samples summed over channels: Σ block size × channels over those headers (the larger of the header's and STREAMINFO's channel count). */
  readonly maxSamples: number;
}

/** CRC-8 table of FLAC frame headers (polynomial x^8 + x^2 + x + 1, 0x07). */
export const FLAC_CRC8: Uint8Array = (() => {
  const t = new Uint8Array(256);
  for (let i = 0; i < 256; i++) {
    let r = i;
    for (let k = 0; k < 8; k++) r = r & 0x80 ? ((r << 1) ^ 0x07) & 0xff : (r << 1) & 0xff;
    t[i] = r;
  }
  return t;
})();

/** Sample rates by frame-header code (0: STREAMINFO's; 12–14 read from the end of the header; 15 invalid). */
const RATES = [0, 88200, 176400, 192000, 8000, 16000, 22050, 24000, 32000, 44100, 48000, 96000, -1, -2, -3, 0];

/** Block sizes by frame-header code (0 reserved, 6/7 read from the end of the header). */
const BLOCK_SIZES = [0, 192, 576, 1152, 2304, 4608, -1, -2, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768];

/**
 * Parse the FLAC frame header at `at` (sync 0xFFF8/0xFFF9 already matched): block size and channel
 * count, or null when a reserved value appears, the header runs past the end, or its CRC-8 differs.
 */
function frameHeader(b: Uint8Array, at: number): { blockSize: number; channels: number; rate: number } | null {
  if (at + 5 > b.length) return null;
  const bsCode = b[at + 2]! >> 4;
  const rateCode = b[at + 2]! & 0x0f;
  const chanCode = b[at + 3]! >> 4;
  const sizeCode = (b[at + 3]! >> 1) & 7;
  if (bsCode === 0 || rateCode === 15 || chanCode > 10 || sizeCode === 3 || (b[at + 3]! & 1) !== 0) return null;
  // UTF-8-style coded frame or sample number: 1 to 7 bytes.
  let p = at + 4;
  const lead = b[p]!;
  let extra = 0;
  if (lead < 0x80) extra = 0;
  else if (lead >= 0xc0 && lead < 0xe0) extra = 1;
  else if (lead >= 0xe0 && lead < 0xf0) extra = 2;
  else if (lead >= 0xf0 && lead < 0xf8) extra = 3;
  else if (lead >= 0xf8 && lead < 0xfc) extra = 4;
  else if (lead >= 0xfc && lead < 0xfe) extra = 5;
  else if (lead === 0xfe) extra = 6;
  else return null;
  p++;
  for (let i = 0; i < extra; i++, p++) if (p >= b.length || (b[p]! & 0xc0) !== 0x80) return null;
  let blockSize = BLOCK_SIZES[bsCode]!;
  if (blockSize === -1) {
    if (p + 1 > b.length) return null;
    blockSize = b[p]! + 1;
    p += 1;
  } else if (blockSize === -2) {
    if (p + 2 > b.length) return null;
    blockSize = ((b[p]! << 8) | b[p + 1]!) + 1;
    p += 2;
  }
  let rate = RATES[rateCode]!;
  if (rateCode === 12) {
    if (p + 1 > b.length) return null;
    rate = b[p]! * 1000;
    p += 1;
  } else if (rateCode === 13 || rateCode === 14) {
    if (p + 2 > b.length) return null;
    rate = ((b[p]! << 8) | b[p + 1]!) * (rateCode === 14 ? 10 : 1);
    p += 2;
  }
  if (p >= b.length) return null;
  let crc = 0;
  for (let i = at; i < p; i++) crc = FLAC_CRC8[crc ^ b[i]!]!;
  if (crc !== b[p]) return null;
  return { blockSize, channels: chanCode < 8 ? chanCode + 1 : 2, rate };
}

const C = 'AudioDecoder';

/**
 * Check the metadata of a FLAC file and bound what its frames can decode to.
 *
 * @param bytes - the whole file.
 * @param start - offset of `fLaC` (after a leading ID3v2 tag, see `sniffContainer`).
 * @throws {CorruptAudioError} SER_CORRUPT_AUDIO (with the byte `offset`) when STREAMINFO is not
 *   the first 34-byte block, declares block sizes, a sample rate (outside `SAMPLE_RATE_RANGE`),
 *   a channel count or a bit depth FLAC does not allow, a metadata block runs past the end of
 *   the file or has the reserved type 127, or the audio does not start with a frame sync.
 */
export function inspectFlac(bytes: Uint8Array, start: number): FlacLayout {
  const b = bytes;
  const corrupt = (what: string, offset: number): CorruptAudioError =>
    new CorruptAudioError(`${C}: ${what} (FLAC file of ${b.length} bytes). The file is truncated or damaged; re-export it.`, offset);
  const s = start + 8; // STREAMINFO body
  if (b.length < s + 34) {
    throw corrupt(`a FLAC file must contain decodable audio frames (the 34-byte STREAMINFO block at byte ${start + 4} runs past the end)`, start + 4);
  }
  const type0 = b[start + 4]! & 0x7f;
  const len0 = (b[start + 5]! << 16) | (b[start + 6]! << 8) | b[start + 7]!;
  if (type0 !== 0 || len0 !== 34) throw corrupt(`the first FLAC metadata block must be a 34-byte STREAMINFO (got type ${type0}, ${len0} bytes)`, start + 4);
  const minBlock = (b[s]! << 8) | b[s + 1]!;
  const maxBlock = (b[s + 2]! << 8) | b[s + 3]!;
  const sampleRate = (b[s + 10]! << 12) | (b[s + 11]! << 4) | (b[s + 12]! >> 4);
  const channels = ((b[s + 12]! >> 1) & 7) + 1;
  const bitsPerSample = (((b[s + 12]! & 1) << 4) | (b[s + 13]! >> 4)) + 1;
  const totalSamples = (b[s + 13]! & 0x0f) * 2 ** 32 + ((b[s + 14]! << 24) >>> 0) + (b[s + 15]! << 16) + (b[s + 16]! << 8) + b[s + 17]!;
  if (maxBlock < 16 || minBlock > maxBlock) throw corrupt(`FLAC STREAMINFO block sizes must satisfy min ≤ max and 16 ≤ max (got ${minBlock} and ${maxBlock})`, s);
  const [lo, hi] = SAMPLE_RATE_RANGE;
  if (sampleRate < lo || sampleRate > hi) throw corrupt(`the FLAC sample rate must be in [${lo}, ${hi}] Hz (got ${sampleRate})`, s + 10);
  if (bitsPerSample < 4) throw corrupt(`FLAC STREAMINFO bits per sample must be 4 to 32 (got ${bitsPerSample})`, s + 12);
  // Metadata blocks: 4-byte header (last flag, 7-bit type, 24-bit length) each.
  let at = start + 4;
  let last = false;
  let blocks = 0;
  while (!last) {
    if (at + 4 > b.length) throw corrupt(`a FLAC file must contain decodable audio frames (metadata block ${blocks} at byte ${at} runs past the end)`, at);
    last = (b[at]! & 0x80) !== 0;
    const type = b[at]! & 0x7f;
    const len = (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!;
    if (type === 127) throw corrupt(`FLAC metadata block ${blocks} at byte ${at} must not have the reserved type 127`, at);
    if (blocks > 0 && type === 0) throw corrupt(`FLAC metadata block ${blocks} at byte ${at} must not be a second STREAMINFO`, at);
    if (at + 4 + len > b.length) {
      throw corrupt(`a FLAC file must contain decodable audio frames (metadata block ${blocks} at byte ${at} declares ${len} bytes, past the end)`, at + 1);
    }
    at += 4 + len;
    blocks++;
  }
  const audioOffset = at;
  if (audioOffset < b.length && !(b[at] === 0xff && (b[at + 1]! & 0xfe) === 0xf8)) {
    throw corrupt(`FLAC audio must start with a frame sync (0xFFF8) at byte ${at}, after the metadata`, at);
  }
  let frameHeaders = 0;
  let maxSamples = 0;
  let maxFrames = 0;
  let maxRate = sampleRate;
  for (let i = audioOffset; i + 1 < b.length; i++) {
    if (b[i] !== 0xff || (b[i + 1]! & 0xfe) !== 0xf8) continue;
    const h = frameHeader(b, i);
    if (h === null) continue;
    frameHeaders++;
    maxSamples += h.blockSize * Math.max(h.channels, channels);
    maxFrames += h.blockSize;
    maxRate = Math.max(maxRate, h.rate);
  }
  return { sampleRate, channels, bitsPerSample, totalSamples, audioOffset, frameHeaders, maxFrames, maxRate, maxSamples };
}
