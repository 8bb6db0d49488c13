import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATA, maxAbsDiff } from '../../test/helpers.js';
import { resample } from '../audio/resample.js';
import { parseWav } from '../audio/wav.js';
import { FeaturePipeline } from '../pipeline/feature-pipeline.js';
import { LIVE_RESAMPLE_MARGIN_SEC, liveInputSamples, liveWindowFeatures } from './live-window.js';

const pipeline = new FeaturePipeline({ frames: 300, mfcc: { nFft: 512, hopLength: 160, nMels: 64, nMfcc: 40 } });
const wav = parseWav(new Uint8Array(readFileSync(join(DATA, 'ravdess-16k', 'Actor_01', '03-01-05-02-01-01-01.wav'))));
const clip = wav.channelData[0]!;

describe('live window', () => {
  it('needs the window plus the resampling margin at the input rate', () => {
    expect(liveInputSamples(pipeline, pipeline.windowSec, 16000)).toBe(pipeline.windowSamples);
    expect(liveInputSamples(pipeline, pipeline.windowSec, 48000)).toBe(Math.ceil((pipeline.windowSec + LIVE_RESAMPLE_MARGIN_SEC) * 48000));
  });

  it('at the model rate equals the last window of FeaturePipeline.segments', () => {
    const n = liveInputSamples(pipeline, pipeline.windowSec, 16000);
    const live = liveWindowFeatures(pipeline, clip.subarray(clip.length - n), 16000, pipeline.windowSec);
    const segs = pipeline.segments(clip, 16000, { hopSec: 0.5 });
    expect(live.frames).toBe(300);
    expect(maxAbsDiff(live.data, segs[segs.length - 1]!.features.data)).toBe(0);
  });

  it('from 48 kHz input matches the 16 kHz window up to the resampling round trip', () => {
    const up = resample(clip, 16000, 48000);
    const n = liveInputSamples(pipeline, pipeline.windowSec, 48000);
    const live = liveWindowFeatures(pipeline, up.subarray(up.length - n), 48000, pipeline.windowSec);
    const ref = pipeline.features(clip.slice(clip.length - pipeline.windowSamples));
    // MFCC 0 is in dB·(DCT scale) of magnitude ~500; the round trip changes features by < 0.5 %.
    const scale = Math.max(...Array.from(ref.data, Math.abs));
    expect(maxAbsDiff(live.data, ref.data) / scale).toBeLessThan(5e-3);
  });

  it('pads a window shorter than the model window symmetrically', () => {
    const live = liveWindowFeatures(pipeline, clip.subarray(0, 16000), 16000, 1);
    expect(live.frames).toBe(300);
    expect(maxAbsDiff(live.data, pipeline.windowFeatures(clip.subarray(0, 16000)).data)).toBe(0);
  });
});
