/**
 * Decoding in the browser: {@link decodeWithBrowser} uses Web Audio's `decodeAudioData`, which
 * reads whatever the browser can play (AAC/M4A, Opus/WebM, MP3, FLAC, Ogg, WAV …);
 * {@link decodeBlob} / {@link recognizeBlob} try the library's own decoder first (bit-exact with Node for WAV,
 * AIFF, FLAC, Ogg Vorbis, MP3) and falls back to the browser's for other formats.
 */
import { BackendUnavailableError, InvalidArgumentError, SerError } from '../errors.js';
import { AudioDecoder } from '../audio/audio-decoder.js';
import { toMono } from '../audio/mix.js';
import { assertInRange } from '../internal/validate.js';
import type { EmotionRecognizer, Recognition } from '../recognizer/emotion-recognizer.js';

const C = 'decodeWithBrowser';

/** Options of {@link decodeWithBrowser}. */
export interface DecodeWithBrowserOptions {
  /**
   * Rate (Hz) the browser decodes and resamples to. Pass the model rate
   * (`recognizer.predictor.pipeline.config.sampleRate`) to skip a second resampling.
   * @defaultValue 16000
   */
  readonly sampleRate?: number;
}

/** Frozen defaults of {@link DecodeWithBrowserOptions}. */
export const DECODE_WITH_BROWSER_DEFAULTS = Object.freeze({ sampleRate: 16000 });

async function bytesOf(file: Blob | ArrayBuffer | Uint8Array): Promise<ArrayBuffer> {
  if (file instanceof ArrayBuffer) return file;
  if (file instanceof Uint8Array) return file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) as ArrayBuffer;
  if (typeof Blob !== 'undefined' && file instanceof Blob) return file.arrayBuffer();
  throw new InvalidArgumentError('file', file, 'a Blob, File, ArrayBuffer or Uint8Array', `${C}: file must be a Blob/File (e.g. from a file input or drop event), an ArrayBuffer or a Uint8Array (got ${Object.prototype.toString.call(file)}).`);
}

/**
 * Decode an audio file with the browser's own decoders (`OfflineAudioContext.decodeAudioData`),
 * resampled by the browser to `sampleRate`. The result can be passed to `recognize`.
 * @throws {BackendUnavailableError} SER_BACKEND_UNAVAILABLE outside a browser with Web Audio.
 * @throws the browser's `EncodingError` DOMException when it cannot decode the file.
 * @example
 * input.onchange = async () => show(await recognizer.recognize(await decodeWithBrowser(input.files[0])));
 */
export async function decodeWithBrowser(file: Blob | ArrayBuffer | Uint8Array, options: DecodeWithBrowserOptions = {}): Promise<AudioBuffer> {
  const sampleRate = options.sampleRate ?? DECODE_WITH_BROWSER_DEFAULTS.sampleRate;
  assertInRange(C, 'sampleRate', sampleRate, 3000, 768000, 'Web Audio decodes at 3–768 kHz; pass the model rate.');
  if (typeof OfflineAudioContext === 'undefined') {
    throw new BackendUnavailableError('web-audio', `${C}: this environment has no OfflineAudioContext. Run it in a browser, or decode with the library's AudioDecoder.`);
  }
  const bytes = await bytesOf(file);
  // decodeAudioData detaches its argument: hand it a copy so the caller's buffer stays usable.
  return new OfflineAudioContext(1, 1, sampleRate).decodeAudioData(bytes.slice(0));
}

/** How {@link decodeBlob} decoded the file. */
export type BlobDecoder = 'library' | 'browser';

/** A decoded file: mono samples at `sampleRate` and which decoder read it. */
export interface DecodedBlob {
  readonly samples: Float32Array;
  readonly sampleRate: number;
  readonly decoder: BlobDecoder;
}

/**
 * Decode an uploaded or dropped file to mono at `sampleRate`: the library's `AudioDecoder` when
 * it knows the format (WAV, AIFF, FLAC, Ogg Vorbis, MP3: the same samples as in Node), else the
 * browser's `decodeAudioData` (AAC/M4A, Opus/WebM …).
 * @throws {SerError} SER_EMPTY_AUDIO and friends from the library decoder, or the browser's
 *   EncodingError when neither decoder can read the file.
 */
export async function decodeBlob(file: Blob | ArrayBuffer | Uint8Array, options: DecodeWithBrowserOptions = {}): Promise<DecodedBlob> {
  const sampleRate = options.sampleRate ?? DECODE_WITH_BROWSER_DEFAULTS.sampleRate;
  const bytes = new Uint8Array(await bytesOf(file));
  try {
    const a = await new AudioDecoder({ sampleRate }).decode(bytes);
    return { samples: a.samples, sampleRate: a.sampleRate, decoder: 'library' };
  } catch (e) {
    if (!SerError.is(e, 'SER_UNSUPPORTED_AUDIO') && !SerError.is(e, 'SER_CORRUPT_AUDIO')) throw e;
  }
  const b = await decodeWithBrowser(bytes, { sampleRate });
  const channels = Array.from({ length: b.numberOfChannels }, (_, c) => b.getChannelData(c));
  return { samples: channels.length === 1 ? channels[0]! : toMono(channels), sampleRate: b.sampleRate, decoder: 'browser' };
}

/**
 * Recognise an uploaded or dropped file ({@link decodeBlob} at the model rate, then
 * `recognize`): for WAV and the other formats the library decodes, the same numbers as
 * `recognizer.recognize(bytes)` in Node.
 * @example
 * drop.ondrop = async (e) => show(await recognizeBlob(recognizer, e.dataTransfer.files[0]));
 */
export async function recognizeBlob(recognizer: EmotionRecognizer, file: Blob | ArrayBuffer | Uint8Array): Promise<Recognition & { decoder: BlobDecoder }> {
  const audio = await decodeBlob(file, { sampleRate: recognizer.predictor.pipeline.config.sampleRate });
  return { ...(await recognizer.recognize(audio)), decoder: audio.decoder };
}
