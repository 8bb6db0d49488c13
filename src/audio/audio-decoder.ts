/**
 * `AudioDecoder`: bytes or a file → mono float32 at the model's sample rate, the first step of
 * every pipeline. Composes container detection, the WAV/AIFF parsers (sync), the WebAssembly
 * FLAC/Vorbis/MP3 decoders (async, lazily loaded), down-mixing, offset/duration and resampling.
 * @module
 */
import { EmptyAudioError, InvalidArgumentError, IoError, UnsupportedAudioError } from '../errors.js';
import { assertInRange, assertOneOf, describeValue } from '../internal/validate.js';
import type { PcmAudio } from '../types.js';
import { parseAiff } from './aiff.js';
import type { CompressedAudio } from './compressed.js';
import { CONVERT_HINT, sniffContainer, wrongContainerError, type AudioContainer, type SniffResult } from './container.js';
import { toMono } from './mix.js';
import type { RawAudio, SampleEncoding } from './pcm.js';
import { resample, type ResampleQuality } from './resample.js';
import { parseWav } from './wav.js';

/** Options of {@link AudioDecoder}. */
export interface AudioDecoderOptions {
  /** Output sample rate in Hz; `null` keeps each file's native rate. @defaultValue 16000 */
  readonly sampleRate?: number | null;
  /** Down-mix to mono only (`true`), or also return every channel in `channelData`. @defaultValue true */
  readonly mono?: boolean;
  /** Resampler quality (see `resample`). @defaultValue 'high' */
  readonly resampleQuality?: ResampleQuality;
  /** Seconds skipped at the start, like `librosa.load(offset=)` (applied at the native rate). @defaultValue 0 */
  readonly offsetSec?: number;
  /** Keep at most this many seconds after the offset, like `librosa.load(duration=)`; `null` keeps all. @defaultValue null */
  readonly durationSec?: number | null;
}

/** Resolved, frozen {@link AudioDecoderOptions}. */
export type AudioDecoderConfig = Readonly<{ [K in keyof AudioDecoderOptions]-?: Exclude<AudioDecoderOptions[K], undefined> }>;

/** Defaults of {@link AudioDecoder}: 16 kHz mono, the usual speech-model input. */
export const AUDIO_DECODER_DEFAULTS = Object.freeze({
  sampleRate: 16_000,
  mono: true,
  resampleQuality: 'high',
  offsetSec: 0,
  durationSec: null,
} as const satisfies AudioDecoderConfig);

/** How the source samples were coded. */
export type AudioEncoding = SampleEncoding | 'flac' | 'vorbis' | 'mp3';

/** Facts about the file a {@link DecodedAudio} came from. */
export interface AudioSource {
  readonly container: AudioContainer;
  /** Native sample rate in Hz. */
  readonly sampleRate: number;
  readonly channels: number;
  /** Frames (samples per channel) in the file. */
  readonly frames: number;
  readonly encoding: AudioEncoding;
  /** Stored bits per sample; null for lossy codecs. */
  readonly bitsPerSample: number | null;
  /** WAV only: the effective format tag (1 PCM, 3 float, 6 A-law, 7 µ-law). */
  readonly formatTag?: number;
}

/** Result of {@link AudioDecoder.decode}. */
export interface DecodedAudio extends PcmAudio {
  /** Mono samples (mean of the channels) at `sampleRate`. */
  readonly samples: Float32Array;
  /** Sample rate of `samples` in Hz (the configured rate, or the native one when it is null). */
  readonly sampleRate: number;
  /** `samples.length / sampleRate`. */
  readonly durationSec: number;
  /** Every channel at `sampleRate`; only when the decoder was built with `mono: false`. */
  readonly channelData?: readonly Float32Array[];
  readonly source: AudioSource;
}

const C = 'AudioDecoder';

/** Merge, validate and freeze {@link AudioDecoderOptions}. */
export function resolveAudioDecoderConfig(options: AudioDecoderOptions = {}): AudioDecoderConfig {
  const c = { ...AUDIO_DECODER_DEFAULTS, ...options };
  if (c.sampleRate !== null) assertInRange(C, 'sampleRate', c.sampleRate, 1000, 768_000, 'Use 16000 for speech models, or null to keep the native rate.');
  if (typeof c.mono !== 'boolean') {
    throw new InvalidArgumentError('mono', c.mono, 'boolean', `${C}: mono must be a boolean (got ${describeValue(c.mono)}).`);
  }
  assertOneOf(C, 'resampleQuality', c.resampleQuality, ['high', 'fast'] as const);
  assertInRange(C, 'offsetSec', c.offsetSec, 0, Number.MAX_VALUE, 'Pass seconds to skip (0 for none).');
  if (c.durationSec !== null) assertInRange(C, 'durationSec', c.durationSec, Number.MIN_VALUE, Number.MAX_VALUE, 'Pass a positive length in seconds, or null for the whole file.');
  return Object.freeze(c);
}

function toBytes(input: unknown): Uint8Array {
  if (input instanceof Uint8Array) return input;
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  throw new InvalidArgumentError('bytes', input, 'Uint8Array | ArrayBuffer', `${C}: bytes must be a Uint8Array or ArrayBuffer (got ${describeValue(input)}). Read the file with fs.readFile or fetch().arrayBuffer().`);
}

interface Decodable {
  channelData: Float32Array[];
  frames: number;
  source: AudioSource;
}

function fromRaw(raw: RawAudio, container: AudioContainer, formatTag?: number): Decodable {
  const source: AudioSource = {
    container,
    sampleRate: raw.sampleRate,
    channels: raw.channels,
    frames: raw.frames,
    encoding: raw.encoding,
    bitsPerSample: raw.bitsPerSample,
    ...(formatTag === undefined ? {} : { formatTag }),
  };
  return { channelData: raw.channelData, frames: raw.frames, source };
}

function fromCompressed(c: CompressedAudio): Decodable {
  return {
    channelData: c.channelData,
    frames: c.frames,
    source: { container: c.container, sampleRate: c.sampleRate, channels: c.channels, frames: c.frames, encoding: c.encoding, bitsPerSample: c.bitsPerSample },
  };
}

/**
 * Decodes audio files to mono float32 at a fixed sample rate (16 kHz by default).
 *
 * - `decodeSync` reads WAV (PCM 8/16/24/32, float 32/64, A-law, µ-law, EXTENSIBLE, RF64) and
 *   AIFF/AIFF-C, judged by content, never by file name.
 * - `decode` also reads FLAC, Ogg Vorbis and MP3 through lazily loaded WebAssembly decoders.
 * - `decodeFile` reads a path in Node (the `node:fs` import is dynamic, so the module stays
 *   browser-safe).
 *
 * Pipeline: decode → offset/duration at the native rate (librosa.load semantics) → resample
 * each channel if the rate differs → mean of the channels.
 *
 * @example
 * const decoder = new AudioDecoder();              // 16 kHz mono
 * const audio = await decoder.decodeFile('03-01-05-01-01-01-02.wav');
 * audio.sampleRate // => 16000
 * audio.source     // => { container: 'wav', sampleRate: 48000, channels: 1, encoding: 'pcm', bitsPerSample: 16, … }
 * @see librosa.load
 */
export class AudioDecoder {
  /** The resolved, frozen options. */
  readonly config: AudioDecoderConfig;

  /** @throws {InvalidArgumentError} SER_INVALID_ARGUMENT for an invalid option. */
  constructor(options: AudioDecoderOptions = {}) {
    this.config = resolveAudioDecoderConfig(options);
  }

  /** The config, for serialisation with a model. */
  toJSON(): AudioDecoderConfig {
    return this.config;
  }

  /**
   * Decode a WAV or AIFF file synchronously.
   * @throws {UnsupportedAudioError} SER_UNSUPPORTED_AUDIO for FLAC/Ogg/MP3 (use `decode()`) and
   *   other containers or encodings (named in the message).
   * @throws {CorruptAudioError} SER_CORRUPT_AUDIO / {EmptyAudioError} SER_EMPTY_AUDIO as `parseWav`.
   */
  decodeSync(bytes: Uint8Array | ArrayBuffer): DecodedAudio {
    const b = toBytes(bytes);
    const sniff = this.sniff(b);
    if (sniff.format === 'flac' || sniff.format === 'ogg' || sniff.format === 'mp3') {
      throw new UnsupportedAudioError(
        `${C}: decodeSync() reads WAV and AIFF only (got ${sniff.name}). Use await decoder.decode(bytes), or convert with \`${CONVERT_HINT}\`.`,
        sniff.format,
      );
    }
    return this.finish(this.parseSync(b, sniff));
  }

  /**
   * Decode WAV, AIFF, FLAC, Ogg Vorbis or MP3 bytes.
   * @throws {UnsupportedAudioError} SER_UNSUPPORTED_AUDIO for other containers (Opus, M4A, …,
   *   named in the message) and WAV encodings we do not decode.
   * @throws {CorruptAudioError} SER_CORRUPT_AUDIO for damaged or unrecognised data.
   * @throws {EmptyAudioError} SER_EMPTY_AUDIO when the file holds no samples.
   */
  async decode(bytes: Uint8Array | ArrayBuffer): Promise<DecodedAudio> {
    const b = toBytes(bytes);
    const sniff = this.sniff(b);
    if (sniff.format === 'flac' || sniff.format === 'ogg' || sniff.format === 'mp3') {
      const { decodeCompressed } = await import('./compressed.js');
      return this.finish(fromCompressed(await decodeCompressed(b, sniff)));
    }
    return this.finish(this.parseSync(b, sniff));
  }

  /**
   * Read and decode a file (Node only).
   * @param path - file path.
   * @throws {IoError} SER_IO when the file is missing or unreadable (the fs error is the `cause`).
   */
  async decodeFile(path: string): Promise<DecodedAudio> {
    if (typeof path !== 'string' || path.length === 0) {
      throw new InvalidArgumentError('path', path, 'non-empty string', `${C}: path must be a non-empty string (got ${describeValue(path)}).`);
    }
    let bytes: Uint8Array;
    try {
      // A computed specifier keeps bundlers from pulling node:fs into browser builds.
      const specifier = 'node:fs/promises';
      const fs = (await import(/* @vite-ignore */ /* webpackIgnore: true */ specifier)) as typeof import('node:fs/promises');
      bytes = await fs.readFile(path);
    } catch (cause) {
      const code = (cause as { code?: string } | null)?.code;
      throw new IoError(
        path,
        `${C}: path must name a readable file (got ${JSON.stringify(path)}: ${code ?? String(cause)}). ` +
          (code === 'ENOENT' ? 'Check the path and the working directory.' : 'Check the path and its permissions; in a browser, fetch the bytes and call decode().'),
        { cause },
      );
    }
    return this.decode(bytes);
  }

  private sniff(b: Uint8Array): SniffResult {
    if (b.length === 0) throw new EmptyAudioError(`${C}: bytes must hold an audio file (got 0 bytes). Check that the file was read completely.`);
    return sniffContainer(b);
  }

  private parseSync(b: Uint8Array, sniff: SniffResult): Decodable {
    if (sniff.format === 'wav' || sniff.format === 'rf64') {
      const w = parseWav(b);
      return fromRaw(w, 'wav', w.formatTag);
    }
    if (sniff.format === 'aiff') return fromRaw(parseAiff(b), 'aiff');
    // Truncated RIFF/FORM headers are still "our" containers: let the parsers say so precisely.
    const head = String.fromCharCode(...b.subarray(0, 4));
    if (b.length < 12 && (head === 'RIFF' || head === 'RF64')) parseWav(b);
    if (b.length < 12 && head === 'FORM') parseAiff(b);
    throw wrongContainerError(C, 'WAV, AIFF, FLAC, Ogg Vorbis or MP3', b, sniff);
  }

  private finish(d: Decodable): DecodedAudio {
    const { sampleRate: target, mono, resampleQuality, offsetSec, durationSec } = this.config;
    const native = d.source.sampleRate;
    const start = Math.min(d.frames, Math.round(offsetSec * native));
    const end = durationSec === null ? d.frames : Math.min(d.frames, start + Math.round(durationSec * native));
    if (end <= start) {
      throw new EmptyAudioError(`${C}: offsetSec must be less than the file duration ${(d.frames / native).toFixed(3)} s (got ${offsetSec}). Lower offsetSec.`);
    }
    let channels = start === 0 && end === d.frames ? d.channelData : d.channelData.map((c) => c.slice(start, end));
    const rate = target ?? native;
    if (mono && channels.length > 1) channels = [toMono(channels)];
    if (rate !== native) channels = channels.map((c) => resample(c, native, rate, { quality: resampleQuality }));
    const samples = channels.length === 1 ? channels[0]! : toMono(channels);
    return {
      samples,
      sampleRate: rate,
      durationSec: samples.length / rate,
      ...(mono ? {} : { channelData: channels }),
      source: d.source,
    };
  }
}
