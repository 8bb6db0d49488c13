/**
 * FLAC, Ogg Vorbis and MP3 decoding through the WebAssembly decoders
 * (`@wasm-audio-decoders/flac`, `@wasm-audio-decoders/ogg-vorbis`, `mpg123-decoder`).
 *
 * Each decoder is loaded with a dynamic `import()` on first use, so the WAV/AIFF path never
 * loads (or bundles into the main chunk) any WebAssembly. Works offline in Node and browsers.
 *
 * Untrusted input: before any decoding, the file's structure is checked (`ogg-structure.ts`,
 * `flac-structure.ts`, `mpeg-structure.ts`) and the most it can decode to is bounded from its
 * pages / frame headers; a file whose bound exceeds {@link COMPRESSED_DECODE_LIMITS} is refused
 * without decoding. So the work and memory of a decode are linear in the file size, and a damaged
 * header (e.g. an absurd sample rate) is a typed error instead of minutes of resampling.
 * @module
 */
import { CorruptAudioError, EmptyAudioError, TimeoutError, UnsupportedAudioError } from '../errors.js';
import { CONVERT_HINT, type SniffResult } from './container.js';
import { inspectFlac } from './flac-structure.js';
import { inspectMpeg } from './mpeg-structure.js';
import { inspectOggVorbis } from './ogg-structure.js';
import { SAMPLE_RATE_RANGE } from './pcm.js';

/** Containers decoded by this module. */
export type CompressedContainer = 'flac' | 'ogg' | 'mp3';

/** Decoded compressed audio, per channel. */
export interface CompressedAudio {
  readonly channelData: Float32Array[];
  readonly frames: number;
  readonly sampleRate: number;
  readonly channels: number;
  readonly container: CompressedContainer;
  readonly encoding: 'flac' | 'vorbis' | 'mp3';
  /** FLAC: bit depth of the stream; lossy codecs: null. */
  readonly bitsPerSample: number | null;
}

interface WasmResult {
  channelData: Float32Array[];
  samplesDecoded: number;
  sampleRate: number;
  bitDepth?: number;
  errors: { message: string }[];
}

interface WasmDecoder {
  ready: Promise<void>;
  free(): void;
}

const C = 'AudioDecoder';

/**
 * Bounds on what a compressed file may decode to, relative to its size.
 *
 * `samplesPerByte`: decoding work allowed per input byte, in samples (see {@link decodeWork}:
 * samples over all channels, or frames × rate / 16 kHz above 16 kHz), as bounded from the
 * file's packets / frame headers before decoding and checked again after it. Speech encodes at
 * 1–10 samples per byte (measured: FLAC 1.2–3.4, Vorbis q3–q6 4–9, MP3 64–128 kbit/s 6–8); 10 s
 * of digital silence reaches 22–330 (Vorbis stereo 175, 5.1 318; FLAC 7.1 330). 512 (2 KB of
 * float32 per input byte) keeps that headroom and refuses decompression bombs: the worst file of
 * 30 KB decodes ~15 M samples, 1–3 s on a 2-core machine (a built Vorbis bomb of 6.5 M samples
 * took 0.9–4 s under load). Refused: exotic digital silence such as 7.1 FLAC in 16384-sample
 * frames (755 per byte).
 * `minSamples`: the budget of very small files (2^20 samples, 4 MB of float32).
 */
export const COMPRESSED_DECODE_LIMITS = Object.freeze({ samplesPerByte: 512, minSamples: 1 << 20 });

/**
 * The most work a compressed file of `bytes` bytes may cost, in samples: see {@link decodeWork}.
 */
export function compressedSampleBudget(bytes: number): number {
  return Math.max(COMPRESSED_DECODE_LIMITS.minSamples, bytes * COMPRESSED_DECODE_LIMITS.samplesPerByte);
}

/**
 * The work of decoding `samples` samples (over all channels) that hold `frames` frames at `rate`
 * Hz, in sample units: the samples decoded, or the frames weighted by `rate / 16 000` when that
 * is larger — resampling to speech rate costs more per frame the higher the source rate (a
 * 768 kHz source takes 48× the filter taps of a 16 kHz one), and it runs after decoding.
 */
export function decodeWork(samples: number, frames: number, rate: number): number {
  return Math.max(samples, frames * Math.max(1, rate / 16_000));
}

/** Highest MPEG audio sample rate (MPEG-1), for the work bound of MP3 files. */
const MPEG_MAX_RATE = 48_000;

/**
 * Check the structure of `bytes` and bound the work of decoding it ({@link decodeWork} of the
 * most samples and frames its packets or frame headers can decode to), and say whether a FLAC
 * STREAMINFO declares 0 samples. Throws the structure modules' typed errors.
 */
function structuralBound(
  bytes: Uint8Array,
  sniff: SniffResult,
  container: CompressedContainer,
): { maxSamples: number; work: number; unit: string; units: number; end: number; declaresNoSamples: boolean } {
  if (container === 'ogg') {
    const o = inspectOggVorbis(bytes, sniff.name);
    const maxSamples = o.maxFrames * o.channels;
    return { maxSamples, work: decodeWork(maxSamples, o.maxFrames, o.sampleRate), unit: 'audio packets', units: o.audioPackets, end: o.end, declaresNoSamples: false };
  }
  if (container === 'flac') {
    const f = inspectFlac(bytes, sniff.id3Bytes);
    return {
      maxSamples: f.maxSamples,
      work: decodeWork(f.maxSamples, f.maxFrames, f.maxRate),
      unit: 'frame headers',
      units: f.frameHeaders,
      end: bytes.length,
      declaresNoSamples: f.totalSamples === 0,
    };
  }
  const m = inspectMpeg(bytes, sniff.id3Bytes);
  return { maxSamples: m.maxSamples, work: decodeWork(m.maxSamples, m.maxSamples / 2, MPEG_MAX_RATE), unit: 'frame headers', units: m.frameHeaders, end: bytes.length, declaresNoSamples: false };
}

/**
 * Run `f` with `console.error` silenced: the FLAC and MP3 decoders print every corrupt frame to
 * stderr, which a server decoding untrusted files must not do (the errors are reported through
 * the result instead). `f` starts a decode: the three WebAssembly wrappers do all their decoding
 * before their first `await`, so the swap covers it and no other code runs while it lasts.
 */
function quietly<T>(f: () => T): T {
  const saved = console.error;
  console.error = () => undefined;
  try {
    return f();
  } finally {
    console.error = saved;
  }
}

async function load(container: CompressedContainer): Promise<{ decoder: WasmDecoder; run: (b: Uint8Array) => Promise<WasmResult> }> {
  try {
    if (container === 'flac') {
      const { FLACDecoder } = await import('@wasm-audio-decoders/flac');
      const decoder = new FLACDecoder();
      return { decoder, run: (b) => decoder.decodeFile(b) };
    }
    if (container === 'ogg') {
      const { OggVorbisDecoder } = await import('@wasm-audio-decoders/ogg-vorbis');
      const decoder = new OggVorbisDecoder();
      return { decoder, run: (b) => decoder.decodeFile(b) };
    }
    const { MPEGDecoder } = await import('mpg123-decoder');
    const decoder = new MPEGDecoder();
    return { decoder, run: async (b) => decoder.decode(b) };
  } catch (cause) {
    const pkg = container === 'flac' ? '@wasm-audio-decoders/flac' : container === 'ogg' ? '@wasm-audio-decoders/ogg-vorbis' : 'mpg123-decoder';
    throw new UnsupportedAudioError(
      `${C}: decoding ${container.toUpperCase()} needs the package ${pkg} (could not load it: ${String(cause)}). ` +
        `Install it, or convert with \`${CONVERT_HINT}\`.`,
      container,
    );
  }
}

/** MPEG channel mode of the first frame after `at` is mono (mode 3)? */
function mpegIsMono(b: Uint8Array, at: number): boolean {
  const end = Math.min(b.length - 4, at + 65536);
  for (let i = at; i < end; i++) {
    if (b[i] === 0xff && (b[i + 1]! & 0xe0) === 0xe0 && ((b[i + 1]! >> 1) & 3) !== 0) return b[i + 3]! >> 6 === 3;
  }
  return false;
}

/**
 * Decode a FLAC, Ogg Vorbis or MP3 file (already identified by {@link sniffContainer}).
 *
 * FLAC samples are rescaled from the decoder's `v / (2^(b−1) − 1)` to soundfile's
 * `v / 2^(b−1)`, so FLAC decodes bit-exactly like the WAV it was made from (b ≤ 24).
 *
 * Before decoding, the structure is checked and the output bounded (see the module comment):
 * valid files decode exactly as they would without the check.
 *
 * @throws {UnsupportedAudioError} SER_UNSUPPORTED_AUDIO when the decoder package cannot load, or
 *   for a chained/multiplexed Ogg file.
 * @throws {CorruptAudioError} SER_CORRUPT_AUDIO for a damaged structure (Ogg page CRC, sequence,
 *   serial or granule; Vorbis/FLAC header fields such as a sample rate outside
 *   `SAMPLE_RATE_RANGE`; FLAC metadata past the end of the file; no MPEG frame header), when no
 *   frame decodes, or when the decoder fails.
 * @throws {TimeoutError} SER_TIMEOUT (`unit: 'samples'`) when the file's packets/frames could
 *   decode to more than {@link compressedSampleBudget} samples (a decompression bomb).
 * @throws {EmptyAudioError} SER_EMPTY_AUDIO for a FLAC whose STREAMINFO declares 0 samples.
 */
export async function decodeCompressed(bytes: Uint8Array, sniff: SniffResult): Promise<CompressedAudio> {
  const container = sniff.format as CompressedContainer;
  const name = sniff.name;
  const bound = structuralBound(bytes, sniff, container);
  const budget = compressedSampleBudget(bytes.length);
  if (bound.work > budget) {
    throw new TimeoutError(
      budget,
      'samples',
      `${C}: a ${bytes.length}-byte ${name} file may decode to at most ${budget} samples (${COMPRESSED_DECODE_LIMITS.samplesPerByte} per input byte, all channels; ` +
        `frames × rate / 16 kHz above 16 kHz), but its ${bound.units} ${bound.unit} can decode to ${Math.round(bound.work)}. ` +
        `The file is damaged or a decompression bomb; re-encode it from the source.`,
    );
  }
  const { decoder, run } = await load(container);
  let r: WasmResult;
  try {
    await decoder.ready;
    // Only the checked part: an Ogg file's truncated last page or bytes after its last page are left out.
    r = await quietly(() => run(bound.end === bytes.length ? bytes : bytes.subarray(0, bound.end)));
  } catch (cause) {
    throw new CorruptAudioError(`${C}: the ${name} stream must decode (the decoder failed: ${String(cause)}). The file is damaged; re-export it.`);
  } finally {
    decoder.free();
  }
  const frames = r.samplesDecoded;
  if (!(frames > 0) || r.channelData.length === 0 || !(r.sampleRate > 0)) {
    if (bound.declaresNoSamples && r.errors.length === 0) {
      throw new EmptyAudioError(`${C}: the FLAC stream must hold at least one sample (STREAMINFO declares 0). The recording is empty.`);
    }
    const why = r.errors.length ? `: ${r.errors[0]!.message}` : '';
    throw new CorruptAudioError(`${C}: a ${name} file must contain decodable audio frames (got none${why}). The file is truncated or damaged; re-export it.`);
  }
  const [lo, hi] = SAMPLE_RATE_RANGE;
  if (r.sampleRate < lo || r.sampleRate > hi) {
    throw new CorruptAudioError(`${C}: the ${name} sample rate must be in [${lo}, ${hi}] Hz (the decoder reports ${r.sampleRate}). The file is damaged; re-export it.`);
  }
  // The real rate and length bound the resampling that follows (a FLAC frame header may declare another rate than STREAMINFO).
  const work = decodeWork(frames * r.channelData.length, frames, r.sampleRate);
  if (work > budget) {
    throw new TimeoutError(
      budget,
      'samples',
      `${C}: a ${bytes.length}-byte ${name} file may decode to at most ${budget} samples (${COMPRESSED_DECODE_LIMITS.samplesPerByte} per input byte; ` +
        `frames × rate / 16 kHz above 16 kHz), but it decoded to ${frames} frames at ${r.sampleRate} Hz (${Math.round(work)}). The file is damaged; re-encode it.`,
    );
  }
  if (frames * r.channelData.length > bound.maxSamples) {
    throw new TimeoutError(
      bound.maxSamples,
      'samples',
      `${C}: the ${name} decoder returned ${frames * r.channelData.length} samples, more than the ${bound.maxSamples} its ${bound.units} ${bound.unit} allow. The file is damaged; re-encode it.`,
    );
  }
  let channelData = r.channelData.map((c) => (c.length === frames ? c : c.subarray(0, frames)));
  if (container === 'mp3' && channelData.length === 2 && mpegIsMono(bytes, sniff.id3Bytes)) channelData = [channelData[0]!];
  const bits = container === 'flac' ? (r.bitDepth ?? 16) : null;
  if (bits !== null && bits <= 24) {
    const up = 2 ** (bits - 1) - 1;
    const down = 1 / 2 ** (bits - 1);
    for (const ch of channelData) for (let i = 0; i < frames; i++) ch[i] = Math.round(ch[i]! * up) * down;
  }
  for (const ch of channelData) {
    let probe = 0;
    for (let i = 0; i < frames; i++) probe += ch[i]! * 0;
    if (probe !== 0) throw new CorruptAudioError(`${C}: decoded ${name} samples must be finite (got NaN/Inf). The file is damaged; re-export it.`);
  }
  return {
    channelData,
    frames,
    sampleRate: r.sampleRate,
    channels: channelData.length,
    container,
    encoding: container === 'ogg' ? 'vorbis' : container,
    bitsPerSample: bits,
  };
}
