/**
 * Raw sample bytes → per-channel float32, the one conversion shared by the WAV and AIFF parsers.
 *
 * Scaling follows libsndfile/soundfile (and so librosa): a `b`-bit integer sample `v` becomes
 * `v / 2^(b−1)` where `b` is the *container* width (8, 16, 24 or 32 bits), 8-bit WAV is unsigned
 * (`(v − 128) / 128`), float samples are taken as stored (float64 rounded to float32), and
 * G.711 A-law / µ-law bytes expand to the standard 16-bit values divided by 32768.
 * @module
 */
import { CorruptAudioError } from '../errors.js';

/** How samples are coded: integer PCM, IEEE float, or G.711 companding. */
export type SampleEncoding = 'pcm' | 'float' | 'alaw' | 'mulaw';

/** Decoded PCM with its coding facts; what the WAV and AIFF parsers return. */
export interface RawAudio {
  /** One Float32Array per channel, each `frames` long, nominally in [-1, 1]. */
  readonly channelData: Float32Array[];
  /** Frames (samples per channel). */
  readonly frames: number;
  /** Sample rate in Hz as stored in the header. */
  readonly sampleRate: number;
  readonly channels: number;
  readonly encoding: SampleEncoding;
  /** Bits per sample of the stored container (8/16/24/32/64; 8 for G.711). */
  readonly bitsPerSample: number;
}

/** Sample rates outside this range (Hz) are treated as a damaged header. */
export const SAMPLE_RATE_RANGE = Object.freeze([1000, 768_000] as const);

/** Byte layout of one interleaved sample stream. */
export interface SampleLayout {
  readonly encoding: SampleEncoding;
  /** Bytes per sample in the container: 1, 2, 3 or 4 (pcm), 4 or 8 (float), 1 (alaw / mulaw). */
  readonly bytesPerSample: number;
  readonly littleEndian: boolean;
  /** 8-bit PCM only: true for AIFF (two's complement), false for WAV (offset binary). */
  readonly signed8: boolean;
}

const HOST_LE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** G.711 µ-law byte → 16-bit linear (ITU-T G.711 / Sun g711.c, as libsndfile decodes it). */
function mulawToLinear(u: number): number {
  const x = ~u & 0xff;
  const t = (((x & 0x0f) << 3) + 0x84) << ((x & 0x70) >> 4);
  return x & 0x80 ? 0x84 - t : t - 0x84;
}

/** G.711 A-law byte → 16-bit linear. */
function alawToLinear(a: number): number {
  const x = a ^ 0x55;
  let t = (x & 0x0f) << 4;
  const seg = (x & 0x70) >> 4;
  if (seg === 0) t += 8;
  else if (seg === 1) t += 0x108;
  else t = (t + 0x108) << (seg - 1);
  return x & 0x80 ? t : -t;
}

let mulawTable: Float32Array | undefined;
let alawTable: Float32Array | undefined;

/** Lookup table of the 256 float values of a companded byte (built once, on first use). */
export function g711Table(encoding: 'alaw' | 'mulaw'): Float32Array {
  if (encoding === 'mulaw') {
    if (!mulawTable) {
      mulawTable = new Float32Array(256);
      for (let i = 0; i < 256; i++) mulawTable[i] = mulawToLinear(i) / 32768;
    }
    return mulawTable;
  }
  if (!alawTable) {
    alawTable = new Float32Array(256);
    for (let i = 0; i < 256; i++) alawTable[i] = alawToLinear(i) / 32768;
  }
  return alawTable;
}

type TypedCtor<T> = new (buffer: ArrayBuffer, byteOffset: number, length: number) => T;

/** A host-endian typed view of `src` when it is aligned, else of an aligned copy (a memcpy, still cheap). */
function view<T>(Ctor: TypedCtor<T>, src: Uint8Array, length: number, width: number): T {
  if (src.byteOffset % width === 0) return new Ctor(src.buffer as ArrayBuffer, src.byteOffset, length);
  // Copy through a fresh Uint8Array: Node's Buffer#slice returns a view, not a copy.
  const copy = new Uint8Array(length * width);
  copy.set(src.subarray(0, length * width));
  return new Ctor(copy.buffer, 0, length);
}

function throwNonFinite(component: string, value: number, index: number, channels: number, offset: number): never {
  throw new CorruptAudioError(
    `${component}: float samples must be finite (got ${value} at frame ${Math.floor(index / channels)}). ` +
      'The file is damaged or was written with an uninitialised buffer; re-export it.',
    offset + index,
  );
}

/**
 * Decode `frames` interleaved frames of `channels` samples from `src` (which starts at the
 * first sample) into one Float32Array per channel.
 *
 * @param src - the sample bytes; must hold at least `frames · channels · bytesPerSample` bytes.
 * @param component - name used in error messages (e.g. `parseWav`).
 * @param fileOffset - byte offset of `src` in the file, reported by CorruptAudioError.
 * @throws {CorruptAudioError} SER_CORRUPT_AUDIO when a float sample is NaN or ±Inf (or a float64
 *   value overflows float32).
 */
export function decodeSamples(
  src: Uint8Array,
  frames: number,
  channels: number,
  layout: SampleLayout,
  component: string,
  fileOffset = 0,
): Float32Array[] {
  const total = frames * channels;
  const bps = layout.bytesPerSample;
  const nBytes = total * bps;
  const le = layout.littleEndian;
  const { encoding } = layout;
  if (channels > 1 && encoding === 'pcm' && bps === 2 && le === HOST_LE) {
    // Multi-channel 16-bit, the common stereo case: de-interleave straight from the int16 view.
    const v = view(Int16Array, src, total, 2);
    const out: Float32Array[] = [];
    for (let c = 0; c < channels; c++) {
      const ch = new Float32Array(frames);
      for (let i = 0, j = c; i < frames; i++, j += channels) ch[i] = v[j]! * (1 / 32768);
      out.push(ch);
    }
    return out;
  }
  // One flat float32 buffer; when mono it is the result itself (no copy).
  const flat = new Float32Array(total);

  if (encoding === 'alaw' || encoding === 'mulaw') {
    const table = g711Table(encoding);
    for (let i = 0; i < total; i++) flat[i] = table[src[i]!]!;
  } else if (encoding === 'float') {
    let probe = 0;
    if (bps === 4) {
      if (le === HOST_LE) {
        const v = view(Float32Array, src, total, 4);
        flat.set(v);
      } else {
        const dv = new DataView(src.buffer, src.byteOffset, nBytes);
        for (let i = 0; i < total; i++) flat[i] = dv.getFloat32(i * 4, le);
      }
    } else {
      if (le === HOST_LE) {
        const v = view(Float64Array, src, total, 8);
        for (let i = 0; i < total; i++) flat[i] = v[i]!;
      } else {
        const dv = new DataView(src.buffer, src.byteOffset, nBytes);
        for (let i = 0; i < total; i++) flat[i] = dv.getFloat64(i * 8, le);
      }
    }
    // x·0 is 0 for finite x and NaN for NaN/±Inf: one cheap pass that finds any non-finite sample.
    for (let i = 0; i < total; i++) probe += flat[i]! * 0;
    if (probe !== 0) {
      for (let i = 0; i < total; i++) {
        if (!Number.isFinite(flat[i]!)) throwNonFinite(component, flat[i]!, i, channels, fileOffset + i * bps);
      }
    }
  } else if (bps === 1) {
    if (layout.signed8) for (let i = 0; i < total; i++) flat[i] = ((src[i]! << 24) >> 24) / 128;
    else for (let i = 0; i < total; i++) flat[i] = (src[i]! - 128) / 128;
  } else if (bps === 2) {
    const s = 1 / 32768;
    if (le === HOST_LE) {
      const v = view(Int16Array, src, total, 2);
      for (let i = 0; i < total; i++) flat[i] = v[i]! * s;
    } else {
      const dv = new DataView(src.buffer, src.byteOffset, nBytes);
      for (let i = 0; i < total; i++) flat[i] = dv.getInt16(i * 2, le) * s;
    }
  } else if (bps === 3) {
    const s = 1 / 8388608;
    if (le) {
      for (let i = 0, j = 0; i < total; i++, j += 3) {
        flat[i] = (((src[j]! | (src[j + 1]! << 8) | (src[j + 2]! << 16)) << 8) >> 8) * s;
      }
    } else {
      for (let i = 0, j = 0; i < total; i++, j += 3) {
        flat[i] = (((src[j + 2]! | (src[j + 1]! << 8) | (src[j]! << 16)) << 8) >> 8) * s;
      }
    }
  } else {
    // 32-bit integers: v / 2^31 is exact in float64, then rounded once to float32 (= soundfile).
    const s = 1 / 2147483648;
    if (le === HOST_LE) {
      const v = view(Int32Array, src, total, 4);
      for (let i = 0; i < total; i++) flat[i] = v[i]! * s;
    } else {
      const dv = new DataView(src.buffer, src.byteOffset, nBytes);
      for (let i = 0; i < total; i++) flat[i] = dv.getInt32(i * 4, le) * s;
    }
  }

  if (channels === 1) return [flat];
  const out: Float32Array[] = [];
  for (let c = 0; c < channels; c++) {
    const ch = new Float32Array(frames);
    for (let i = 0, j = c; i < frames; i++, j += channels) ch[i] = flat[j]!;
    out.push(ch);
  }
  return out;
}
