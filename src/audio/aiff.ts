/**
 * AIFF / AIFF-C parser (Apple's big-endian PCM container, common on macOS and in some corpora
 * behind a `.wav` name).
 * @module
 */
import { CorruptAudioError, EmptyAudioError, UnsupportedAudioError } from '../errors.js';
import { CONVERT_HINT, sniffContainer, wrongContainerError } from './container.js';
import { decodeSamples, SAMPLE_RATE_RANGE, type RawAudio, type SampleEncoding } from './pcm.js';

/** What {@link parseAiff} returns. */
export interface AiffData extends RawAudio {
  /** True for an AIFF-C (`FORM…AIFC`) file. */
  readonly aifc: boolean;
  /** AIFF-C compression type (`NONE`, `sowt`, `fl32`…); `NONE` for plain AIFF. */
  readonly compressionType: string;
}

const C = 'parseAiff';

function ascii4(b: Uint8Array, at: number): string {
  return String.fromCharCode(b[at]!, b[at + 1]!, b[at + 2]!, b[at + 3]!);
}

/** IEEE 754 80-bit extended (big-endian) → number; NaN for Inf/NaN encodings. */
export function readExtended80(dv: DataView, at: number): number {
  const se = dv.getUint16(at, false);
  const hi = dv.getUint32(at + 2, false);
  const lo = dv.getUint32(at + 6, false);
  const exp = se & 0x7fff;
  if (exp === 0x7fff) return NaN;
  const mant = hi * 2 ** 32 + lo; // explicit integer bit included; rounding to 53 bits is harmless for rates
  const v = mant * 2 ** (exp - 16383 - 63);
  return se & 0x8000 ? -v : v;
}

interface Comm {
  channels: number;
  frames: number;
  bits: number;
  sampleRate: number;
  compression: string;
}

function corrupt(message: string, offset: number): CorruptAudioError {
  return new CorruptAudioError(`${C}: ${message}`, offset);
}

/** AIFF-C compression type → sample layout (null: not decodable). */
function layoutFor(
  compression: string,
  bits: number,
): { encoding: SampleEncoding; bytesPerSample: number; littleEndian: boolean } | null {
  switch (compression) {
    case 'NONE':
    case 'twos':
    case 'in24':
    case 'in32':
      return bits >= 1 && bits <= 32 ? { encoding: 'pcm', bytesPerSample: Math.ceil(bits / 8), littleEndian: false } : null;
    case 'sowt':
      return bits >= 1 && bits <= 32 ? { encoding: 'pcm', bytesPerSample: Math.ceil(bits / 8), littleEndian: true } : null;
    case 'fl32':
    case 'FL32':
      return { encoding: 'float', bytesPerSample: 4, littleEndian: false };
    case 'fl64':
    case 'FL64':
      return { encoding: 'float', bytesPerSample: 8, littleEndian: false };
    case 'alaw':
    case 'ALAW':
      return { encoding: 'alaw', bytesPerSample: 1, littleEndian: false };
    case 'ulaw':
    case 'ULAW':
      return { encoding: 'mulaw', bytesPerSample: 1, littleEndian: false };
    default:
      return null;
  }
}

/**
 * Parse an AIFF or AIFF-C file into float32 samples per channel.
 *
 * Supports big-endian integer PCM (8–32 bit; AIFF 8-bit is signed), and the AIFF-C types
 * `NONE`/`twos`, `sowt` (little-endian PCM), `fl32`/`fl64` (big-endian float), `alaw`, `ulaw`.
 * Integers scale as `v / 2^(containerBits−1)`, as for WAV.
 *
 * @param bytes - the whole file.
 * @throws {EmptyAudioError} SER_EMPTY_AUDIO when the file has no sample frames.
 * @throws {UnsupportedAudioError} SER_UNSUPPORTED_AUDIO for another container or an AIFF-C
 *   compression type other than those above (named in the message).
 * @throws {CorruptAudioError} SER_CORRUPT_AUDIO for a truncated header or sound data, a missing
 *   COMM/SSND chunk, 0 channels, an absurd sample rate, or NaN/Inf float samples.
 */
export function parseAiff(bytes: Uint8Array): AiffData {
  const b = bytes;
  const n = b.length;
  if (n === 0) throw new EmptyAudioError(`${C}: bytes must hold an AIFF file (got 0 bytes). Check that the file was read completely.`);
  if (n < 12 && n >= 4 && ascii4(b, 0) === 'FORM') {
    throw corrupt(`the FORM header must be 12 bytes (got ${n}). The file is truncated; re-export it.`, 0);
  }
  const sniff = sniffContainer(b);
  if (sniff.format !== 'aiff') throw wrongContainerError(C, 'AIFF (FORM/AIFF or AIFC)', b, sniff);
  const aifc = ascii4(b, 8) === 'AIFC';
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);

  let comm: Comm | undefined;
  let soundAt = -1;
  let soundBytes = 0;
  let p = 12;
  while (p + 8 <= n) {
    const id = ascii4(b, p);
    const size = dv.getUint32(p + 4, false);
    const body = p + 8;
    const fits = body + size <= n;
    if (id === 'COMM' && !comm) {
      const need = aifc ? 22 : 18;
      if (size < 18 || !fits) throw corrupt(`the COMM chunk must hold ${need} bytes (got ${Math.min(size, n - body)}). The file is truncated; re-export it.`, p);
      let compression = 'NONE';
      if (aifc && size >= 22) compression = ascii4(b, body + 18);
      comm = {
        channels: dv.getInt16(body, false),
        frames: dv.getUint32(body + 2, false),
        bits: dv.getInt16(body + 6, false),
        sampleRate: readExtended80(dv, body + 8),
        compression,
      };
    } else if (id === 'SSND' && soundAt < 0) {
      if (body + 8 > n) throw corrupt('the SSND chunk header must be 8 bytes. The file is truncated; re-export it.', p);
      const offset = dv.getUint32(body, false);
      soundAt = body + 8 + offset;
      // Bytes the chunk says it holds, bounded by what the file holds (checked against COMM below).
      const claimed = size >= 8 + offset ? size - 8 - offset : 0;
      soundBytes = Math.min(claimed, Math.max(0, n - soundAt));
      if (!fits) break;
    } else if (!fits) {
      break;
    }
    p = body + size + (size & 1);
  }

  if (!comm) throw corrupt(`an AIFF file must contain a COMM chunk (none found in ${n} bytes). The file is truncated or damaged; re-export it.`, 12);
  const { channels, bits, sampleRate, compression } = comm;
  if (channels < 1) throw corrupt(`channels must be >= 1 (got ${channels}). The header is damaged; re-export the file.`, 20);
  const [lo, hi] = SAMPLE_RATE_RANGE;
  if (!(sampleRate >= lo && sampleRate <= hi)) {
    throw corrupt(`sampleRate must be in [${lo}, ${hi}] Hz (got ${sampleRate}). The header is damaged; re-export the file.`, 28);
  }
  const layout = layoutFor(compression, bits);
  if (!layout) {
    throw new UnsupportedAudioError(
      `${C}: the AIFF-C compression must be NONE, twos, sowt, fl32, fl64, alaw or ulaw with 1–32-bit samples (got ${JSON.stringify(compression)}, ${bits} bits). ` +
        `Convert with \`${CONVERT_HINT}\`.`,
      'aiff',
      undefined,
      bits,
    );
  }
  if (comm.frames === 0) throw new EmptyAudioError(`${C}: the COMM chunk must declare at least one sample frame (got 0). The recording is empty.`);
  if (soundAt < 0) throw corrupt(`an AIFF file with ${comm.frames} frames must contain an SSND chunk (none found). The file is truncated; re-export it.`, 12);
  const blockAlign = channels * layout.bytesPerSample;
  const need = comm.frames * blockAlign;
  if (need > soundBytes) {
    throw corrupt(
      `the SSND chunk must hold ${comm.frames} frames = ${need} bytes as COMM declares (got ${soundBytes}). The file is truncated; re-export it.`,
      soundAt,
    );
  }
  const channelData = decodeSamples(b.subarray(soundAt, soundAt + need), comm.frames, channels, { ...layout, signed8: true }, C, soundAt);
  return {
    channelData,
    frames: comm.frames,
    sampleRate,
    channels,
    encoding: layout.encoding,
    bitsPerSample: layout.encoding === 'float' ? layout.bytesPerSample * 8 : layout.encoding === 'pcm' ? bits : 8,
    aifc,
    compressionType: compression,
  };
}
