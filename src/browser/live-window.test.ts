import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATA, ifShared, itShared, maxAbsDiff } from '../../test/helpers.js';
import { resample } from '../audio/resample.js';
import { parseWav } from '../audio/wav.js';
import { FeaturePipeline } from '../pipeline/feature-pipeline.js';
import { LIVE_RESAMPLE_MARGIN_SEC, liveInputSamples, liveWindow, liveWindowFeatures, speechSeconds } from './live-window.js';

const pipeline = new FeaturePipeline({ frames: 300, mfcc: { nFft: 512, hopLength: 160, nMels: 64, nMfcc: 40 }, trimTopDb: 30 });
const clip = ifShared(() => parseWav(new Uint8Array(readFileSync(join(DATA, 'ravdess-16k', 'Actor_01', '03-01-05-02-01-01-01.wav')))).channelData[0]!, new Float32Array(0));
const W = pipeline.windowSamples;

describe('live window', () => {
  it('needs the window plus the resampling margin at the input rate', () => {
    expect(liveInputSamples(pipeline, pipeline.windowSec, 16000)).toBe(W);
    expect(liveInputSamples(pipeline, pipeline.windowSec, 48000)).toBe(Math.ceil((pipeline.windowSec + LIVE_RESAMPLE_MARGIN_SEC) * 48000));
  });

  itShared('at the model rate is the newest samples, and its features are recognize()’s (trimmed, centred)', () => {
    const w = liveWindow(pipeline, clip.subarray(clip.length - W), 16000, pipeline.windowSec);
    expect(w.length).toBe(W);
    expect(maxAbsDiff(w, clip.subarray(clip.length - W))).toBe(0);
    expect(maxAbsDiff(liveWindowFeatures(pipeline, w).data, pipeline.extract(clip.slice(clip.length - W), 16000).data)).toBe(0);
    // trim: false is the raw window, as the last of FeaturePipeline.segments.
    const segs = pipeline.segments(clip, 16000, { hopSec: 0.5 });
    expect(maxAbsDiff(liveWindowFeatures(pipeline, w, { trim: false }).data, segs[segs.length - 1]!.features.data)).toBe(0);
  });

  itShared('from 48 kHz input matches the 16 kHz window up to the resampling round trip', () => {
    const up = resample(clip, 16000, 48000);
    const w = liveWindow(pipeline, up.subarray(up.length - liveInputSamples(pipeline, pipeline.windowSec, 48000)), 48000, pipeline.windowSec);
    expect(w.length).toBe(W);
    const live = liveWindowFeatures(pipeline, w, { trim: false });
    const ref = pipeline.features(pipeline.normalizeLevel(clip.slice(clip.length - W)));
    // MFCC 0 is ~500 in magnitude; the round trip changes features by < 0.5 % of that.
    const scale = Math.max(...Array.from(ref.data, Math.abs));
    expect(maxAbsDiff(live.data, ref.data) / scale).toBeLessThan(5e-3);
  });

  itShared('measures speech against an absolute level', () => {
    // RAVDESS clips hold about a second of near-silence at each end.
    const total = clip.length / 16000;
    const speech = speechSeconds(clip, 16000, -50);
    expect(speech).toBeGreaterThan(0.8);
    expect(speech).toBeLessThan(total - 1);
    expect(speechSeconds(new Float32Array(16000), 16000, -50)).toBe(0);
    const tone = Float32Array.from({ length: 16000 }, (_, i) => 0.01 * Math.sin(i / 5)); // −43 dBFS RMS
    expect(speechSeconds(tone, 16000, -50)).toBe(1);
    expect(speechSeconds(tone, 16000, -40)).toBe(0);
  });
});
