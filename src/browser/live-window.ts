/**
 * The pure part of live recognition: which input samples one hop analyses, whether they hold
 * enough speech, and how they become one model input. Shared by {@link listen} and its tests,
 * so the browser and Node compute the same thing from the same samples.
 */
import { resample } from '../audio/resample.js';
import { assertInRange, assertPositiveInt } from '../internal/validate.js';
import type { FeaturePipeline } from '../pipeline/feature-pipeline.js';
import type { FeatureMatrix } from '../types.js';

const C = 'listen';

/**
 * Extra input samples (in seconds) resampled before the window, so the resampling filter's
 * start-up transient falls outside the analysed audio.
 */
export const LIVE_RESAMPLE_MARGIN_SEC = 0.02;

/** Options of the live window (part of `ListenOptions`). */
export interface LiveWindowOptions {
  /**
   * Trim silence and centre the speech in the model window, as `recognize()` does and as the
   * model was trained; `false` analyses the raw window (as `recognizeSegments`). @defaultValue true
   */
  readonly trim?: boolean;
  /** Frames (25 ms) quieter than this RMS level in dBFS count as silence. @defaultValue -50 */
  readonly silenceDb?: number;
  /** Windows with less speech than this (seconds) are not recognised. @defaultValue 0.8 */
  readonly minSpeechSec?: number;
}

/** Frozen defaults of {@link LiveWindowOptions}. */
export const LIVE_WINDOW_DEFAULTS = Object.freeze({ trim: true, silenceDb: -50, minSpeechSec: 0.8 });

/** How many input-rate samples one analysis needs: the window plus the resampling margin. */
export function liveInputSamples(pipeline: FeaturePipeline, windowSec: number, inputRate: number): number {
  assertInRange(C, 'windowSec', windowSec, 0.05, 60, 'Use a window of 0.05–60 s; the model window is the default.');
  assertPositiveInt(C, 'inputRate', inputRate, 1);
  const margin = inputRate === pipeline.config.sampleRate ? 0 : LIVE_RESAMPLE_MARGIN_SEC;
  return Math.ceil((windowSec + margin) * inputRate);
}

/**
 * The newest `windowSec` of live audio at the model rate: `input` (the newest
 * {@link liveInputSamples} samples at `inputRate`) resampled with the library's `resample`,
 * its last `round(windowSec · modelRate)` samples kept.
 */
export function liveWindow(pipeline: FeaturePipeline, input: Float32Array, inputRate: number, windowSec: number): Float32Array {
  const sr = pipeline.config.sampleRate;
  const x = inputRate === sr ? input : resample(input, inputRate, sr);
  const keep = Math.min(x.length, Math.round(windowSec * sr));
  return x.subarray(x.length - keep);
}

/**
 * Seconds of `signal` in 25 ms frames whose RMS level exceeds `silenceDb` dBFS: a cheap,
 * absolute speech gate (the trimming inside the pipeline is relative to the loudest frame, so
 * on its own it would find "speech" in a silent room).
 */
export function speechSeconds(signal: Float32Array, sampleRate: number, silenceDb: number = LIVE_WINDOW_DEFAULTS.silenceDb): number {
  assertPositiveInt(C, 'sampleRate', sampleRate, 1);
  const frame = Math.max(1, Math.round(0.025 * sampleRate));
  const threshold = frame * 10 ** (silenceDb / 10);
  let loud = 0;
  for (let s = 0; s + frame <= signal.length; s += frame) {
    let e = 0;
    for (let i = s; i < s + frame; i++) e += signal[i]! * signal[i]!;
    if (e > threshold) loud++;
  }
  return (loud * frame) / sampleRate;
}

/**
 * Features of a live window at the model rate (see {@link liveWindow}): trimmed and centred
 * like `recognize()` (the default), or the raw window cut to the model window (centred,
 * zero-padded when shorter) when `trim` is false.
 */
export function liveWindowFeatures(pipeline: FeaturePipeline, window: Float32Array, options: Pick<LiveWindowOptions, 'trim'> = {}): FeatureMatrix {
  return liveWindowInput(pipeline, window, options).features;
}

/** {@link liveWindowFeatures} plus the speech those features cover (what statistics heads read). */
export function liveWindowInput(pipeline: FeaturePipeline, window: Float32Array, options: Pick<LiveWindowOptions, 'trim'> = {}): { features: FeatureMatrix; speech: Float32Array } {
  // untrimmed windows are levelled on their own, as FeaturePipeline.segments does
  const prepared = (options.trim ?? LIVE_WINDOW_DEFAULTS.trim) ? pipeline.prepare(window, pipeline.config.sampleRate) : pipeline.normalizeLevel(window);
  return { features: pipeline.windowFeatures(prepared), speech: pipeline.windowSpeech(prepared) };
}
