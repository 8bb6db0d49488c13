/**
 * Audio layer (layer 1): bytes → mono float32 at a chosen sample rate.
 *
 * Container parsing (WAV incl. EXTENSIBLE/RF64, AIFF/AIFF-C; FLAC, Ogg Vorbis and MP3 through
 * lazily loaded WebAssembly decoders), channel down-mixing, band-limited resampling, fixed-length
 * windows and silence trimming. Pure TypeScript over `Float32Array`; imports only `errors`,
 * `types` and `internal` (never `@tensorflow/*`), so it runs in Node and browsers without tfjs.
 * @module
 */
export { AudioDecoder, AUDIO_DECODER_DEFAULTS, resolveAudioDecoderConfig } from './audio-decoder.js';
export type { AudioDecoderConfig, AudioDecoderOptions, AudioEncoding, AudioSource, DecodedAudio } from './audio-decoder.js';
export { parseWav } from './wav.js';
export type { WavData } from './wav.js';
export { parseAiff } from './aiff.js';
export type { AiffData } from './aiff.js';
export { sniffContainer } from './container.js';
export type { AudioContainer, SniffedFormat, SniffResult } from './container.js';
export type { RawAudio, SampleEncoding } from './pcm.js';
export { normalizeSpeechLevel, speechLevelDb, SPEECH_LEVEL_DEFAULTS } from './level.js';
export type { NormalizeSpeechLevelOptions, SpeechLevelOptions } from './level.js';
export { toMono } from './mix.js';
export { resample, RESAMPLE_DEFAULTS, RESAMPLE_FILTERS, resolveResampleConfig } from './resample.js';
export type { ResampleConfig, ResampleOptions, ResampleQuality } from './resample.js';
export { trimOrPad, trimSilence, TRIM_OR_PAD_DEFAULTS, TRIM_SILENCE_DEFAULTS, resolveTrimOrPadConfig, resolveTrimSilenceConfig } from './trim.js';
export type { TrimMode, TrimOrPadConfig, TrimOrPadOptions, TrimSilenceConfig, TrimSilenceOptions, TrimSilenceResult } from './trim.js';
