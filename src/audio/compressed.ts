/**
 * FLAC, Ogg Vorbis and MP3 decoding through the WebAssembly decoders
 * (`@wasm-audio-decoders/flac`, `@wasm-audio-decoders/ogg-vorbis`, `mpg123-decoder`).
 *
 * Each decoder is loaded with a dynamic `import()` on first use, so the WAV/AIFF path never
 * loads (or bundles into the main chunk) any WebAssembly. Works offline in Node and browsers.
 * @module
 */
import { CorruptAudioError, EmptyAudioError, UnsupportedAudioError } from '../errors.js';
import { CONVERT_HINT, type SniffResult } from './container.js';

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

/** FLAC STREAMINFO total samples (0 = unknown), or -1 when the block is not where it should be. */
function flacTotalSamples(b: Uint8Array, at: number): number {
  const s = at + 4 + 4; // after "fLaC" and the metadata block header
  if (b.length < s + 18 || (b[at + 4]! & 0x7f) !== 0) return -1;
  return (b[s + 13]! & 0x0f) * 2 ** 32 + ((b[s + 14]! << 24) >>> 0) + (b[s + 15]! << 16) + (b[s + 16]! << 8) + b[s + 17]!;
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
 * @throws {UnsupportedAudioError} SER_UNSUPPORTED_AUDIO when the decoder package cannot load.
 * @throws {CorruptAudioError} SER_CORRUPT_AUDIO when no frame decodes, or the decoder fails.
 * @throws {EmptyAudioError} SER_EMPTY_AUDIO for a FLAC whose STREAMINFO declares 0 samples.
 */
export async function decodeCompressed(bytes: Uint8Array, sniff: SniffResult): Promise<CompressedAudio> {
  const container = sniff.format as CompressedContainer;
  const name = sniff.name;
  const { decoder, run } = await load(container);
  let r: WasmResult;
  try {
    await decoder.ready;
    r = await run(bytes);
  } catch (cause) {
    throw new CorruptAudioError(`${C}: the ${name} stream must decode (the decoder failed: ${String(cause)}). The file is damaged; re-export it.`);
  } finally {
    decoder.free();
  }
  const frames = r.samplesDecoded;
  if (!(frames > 0) || r.channelData.length === 0 || !(r.sampleRate > 0)) {
    if (container === 'flac' && flacTotalSamples(bytes, sniff.id3Bytes) === 0 && r.errors.length === 0) {
      throw new EmptyAudioError(`${C}: the FLAC stream must hold at least one sample (STREAMINFO declares 0). The recording is empty.`);
    }
    const why = r.errors.length ? `: ${r.errors[0]!.message}` : '';
    throw new CorruptAudioError(`${C}: a ${name} file must contain decodable audio frames (got none${why}). The file is truncated or damaged; re-export it.`);
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
