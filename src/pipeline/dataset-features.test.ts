/**
 * Training-only augmentation, proved on real RAVDESS clips: every signal the Augmenter sees
 * belongs to a training-split clip, no validation/test clip (or copy of one) reaches the
 * training set, and evaluation sets hold originals only.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AudioDecoder } from '../audio/audio-decoder.js';
import { Augmenter } from '../augment/augmenter.js';
import { loadRavdess } from '../data/ravdess.js';
import { groupedTrainValTest } from '../data/split.js';
import { EMOTIONS } from '../types.js';
import { DATA, itShared } from '../../test/helpers.js';
import { buildFeatureSet, prepareClips } from './dataset-features.js';
import { FeaturePipeline } from './feature-pipeline.js';

/** An Augmenter that records every signal it is asked to transform. */
class RecordingAugmenter extends Augmenter {
  readonly seen: Float32Array[] = [];
  override apply(samples: Float32Array, options: { readonly sampleRate: number; readonly seed?: number }): Float32Array {
    this.seen.push(samples);
    return super.apply(samples, options);
  }
}

describe('buildFeatureSet', () => {
  itShared('augments the training split only: no validation or test clip reaches training', async () => {
    const { items } = await loadRavdess(join(DATA, 'ravdess-16k'));
    const four = items.filter((i) => ['01', '02', '03', '04', '05', '06'].includes(i.speaker) && i.path.includes('-01-01-01-'));
    const split = groupedTrainValTest(four, { valFraction: 0.2, testFraction: 0.2, seed: 3 });
    expect(split.val.length).toBeGreaterThan(0);
    expect(split.test.length).toBeGreaterThan(0);
    const pipeline = new FeaturePipeline({ frames: 100 });
    const decoder = new AudioDecoder();
    const trainClips = await prepareClips(split.train, decoder, pipeline);
    const heldOut = await prepareClips([...split.val, ...split.test], decoder, pipeline);
    const aug = new RecordingAugmenter({ seed: 1 });
    const train = buildFeatureSet(trainClips, pipeline, { labels: EMOTIONS, augment: aug, copies: 2, randomCrop: true, seed: 5 });
    const evalSet = buildFeatureSet(heldOut, pipeline, { labels: EMOTIONS });

    // Every augmented signal is a training clip's signal (same object), never a held-out one.
    expect(aug.seen.length).toBe(trainClips.length * 2);
    const trainSignals = new Set(trainClips.map((c) => c.signal));
    const heldSignals = new Set(heldOut.map((c) => c.signal));
    for (const s of aug.seen) {
      expect(trainSignals.has(s)).toBe(true);
      expect(heldSignals.has(s)).toBe(false);
    }
    // Provenance: training samples come from training items; no speaker is on both sides.
    const trainPaths = new Set(train.source.map((i) => trainClips[i]!.item.path));
    for (const c of heldOut) expect(trainPaths.has(c.item.path)).toBe(false);
    const trainSpeakers = new Set(split.train.map((i) => i.speaker));
    for (const c of heldOut) expect(trainSpeakers.has(c.item.speaker)).toBe(false);
    // The evaluation set holds the originals only, one per clip.
    expect(evalSet.x.length).toBe(heldOut.length);
    expect(evalSet.copy.every((c) => c === 0)).toBe(true);
    // Copies really differ from the original clip's features.
    const orig = train.x[0]!.data;
    const copy = train.x[1]!.data;
    expect(train.copy.slice(0, 3)).toEqual([0, 1, 2]);
    expect(orig.some((v, i) => v !== copy[i])).toBe(true);
  });

  itShared('is reproducible: the same seed gives bit-identical training sets', async () => {
    const { items } = await loadRavdess(join(DATA, 'ravdess-16k'));
    const few = items.filter((i) => i.speaker === '07').slice(0, 4);
    const pipeline = new FeaturePipeline({ frames: 80 });
    const clips = await prepareClips(few, new AudioDecoder(), pipeline);
    const a = buildFeatureSet(clips, pipeline, { labels: EMOTIONS, augment: new Augmenter({ seed: 9 }), copies: 1, randomCrop: true, seed: 2 });
    const b = buildFeatureSet(clips, pipeline, { labels: EMOTIONS, augment: new Augmenter({ seed: 9 }), copies: 1, randomCrop: true, seed: 2 });
    a.x.forEach((m, i) => expect(Buffer.from(m.data.buffer).equals(Buffer.from(b.x[i]!.data.buffer))).toBe(true));
  });

  itShared('rejects a label outside the label set with a typed error', async () => {
    const { items } = await loadRavdess(join(DATA, 'ravdess-16k'));
    const pipeline = new FeaturePipeline({ frames: 50 });
    const clips = await prepareClips(items.slice(0, 1), new AudioDecoder(), pipeline);
    expect(() => buildFeatureSet(clips, pipeline, { labels: ['x', 'y'] })).toThrowError(/not among the labels/);
  });
});
