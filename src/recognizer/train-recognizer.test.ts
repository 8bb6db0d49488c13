/** trainRecognizerModel with a statistics head: fitted on the training windows, saved in the metadata, fused at prediction. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AudioDecoder } from '../audio/audio-decoder.js';
import { initBackend } from '../backends/select.js';
import { loadDataset } from '../data/load-dataset.js';
import { StatsHead } from '../model/stats-head.js';
import { FeaturePipeline } from '../pipeline/feature-pipeline.js';
import { EMOTIONS } from '../types.js';
import { DATA, itShared } from '../../test/helpers.js';
import { EmotionRecognizer } from './emotion-recognizer.js';
import { trainRecognizerModel } from './train-recognizer.js';

describe('trainRecognizerModel({ statsHead })', () => {
  itShared('fits a head on the training windows that fits them well, stores it, and the recognizer fuses it', async () => {
    await initBackend('cpu');
    const { items } = await loadDataset('ravdess', join(DATA, 'ravdess-16k'));
    const mine = items.filter((i) => i.speaker === '01' || i.speaker === '02');
    const features = { feature: 'logmel', frames: 100 } as const;
    const trained = await trainRecognizerModel(mine, {
      features,
      model: { filters: 8, lstmLayers: 1, lstmUnits: 4, denseUnits: 8, poolSize: 4, readout: 'mean' },
      trainer: { epochs: 1, batchSize: 16 },
      augment: false,
      validation: false,
      statsHead: { weight: 0.5 },
    });
    const json = trained.metadata.statsHead!;
    expect(json.kind).toBe('utterance-stats-logreg');
    expect(json.weight).toBe(0.5);
    const head = StatsHead.fromJSON(json, { classes: EMOTIONS.length, sampleRate: 16000 });
    expect(head.classifier.dims).toBe(head.stats.dims);
    // The head learnt its training clips (a linear model on 629 statistics of 88 clips).
    const pipeline = new FeaturePipeline(features);
    const r = await EmotionRecognizer.fromBundles([trained]);
    expect(r.predictor.needsSpeech).toBe(true);
    const decoder = new AudioDecoder({ sampleRate: 16000 });
    let right = 0;
    const probe = mine.filter((_, i) => i % 4 === 0);
    for (const it of probe) {
      const rec = await r.recognize(it.path);
      expect(Object.values(rec.scores).reduce((s, v) => s + v, 0)).toBeCloseTo(1, 5);
      const audio = await decoder.decodeFile(it.path);
      const p = head.predict(pipeline.windowSpeech(pipeline.prepare(audio.samples, audio.sampleRate)));
      if (EMOTIONS[p.indexOf(Math.max(...p))] === it.emotion) right++;
    }
    expect(right / probe.length).toBeGreaterThan(0.8);
    await r.dispose();
  }, 60_000);
});
