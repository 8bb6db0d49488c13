/**
 * The pure part of live recognition: which input samples one hop analyses and how they become
 * one model input. Shared by {@link listen} and its tests, so the browser and Node compute the
 * same window from the same samples.
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

/** How many input-rate samples one analysis needs: the window plus the resampling margin. */
export function liveInputSamples(pipeline: FeaturePipeline, windowSec: number, inputRate: number): number {
  assertInRange(C, 'windowSec', windowSec, 0.05, 60, 'Use a window of 0.05–60 s; the model window is the default.');
  assertPositiveInt(C, 'inputRate', inputRate, 1);
  const margin = inputRate === pipeline.config.sampleRate ? 0 : LIVE_RESAMPLE_MARGIN_SEC;
  return Math.ceil((windowSec + margin) * inputRate);
}

/**
 * Features of the newest `windowSec` of live audio: `input` (the newest
 * {@link liveInputSamples} samples at `inputRate`) is resampled to the model rate, its last
 * `windowSec` kept, then cut to the model window (centred, zero-padded when shorter, exactly
 * like `FeaturePipeline.windowFeatures`). No silence trimming: times refer to the stream.
 */
export function liveWindowFeatures(pipeline: FeaturePipeline, input: Float32Array, inputRate: number, windowSec: number): FeatureMatrix {
  const sr = pipeline.config.sampleRate;
  const x = inputRate === sr ? input : resample(input, inputRate, sr);
  const keep = Math.min(x.length, Math.round(windowSec * sr));
  return pipeline.windowFeatures(x.subarray(x.length - keep));
}
