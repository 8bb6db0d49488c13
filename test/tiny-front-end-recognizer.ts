/**
 * The tiny recognizer the real-front-end tests train: Google's speech_embedding from
 * ../shared/models ('concat' beside 64 log-mel bands, 100 frames, 1 epoch, no augmentation or
 * validation) on every third RAVDESS clip of actor 07, cpu backend. Seeded, so the same model each run.
 */
import { join } from 'node:path';
import { initBackend } from '../src/backends/select.js';
import type { DatasetItem } from '../src/data/dataset-item.js';
import { loadDataset } from '../src/data/load-dataset.js';
import { EmotionRecognizer } from '../src/recognizer/emotion-recognizer.js';
import { DATA, SHARED } from './helpers.js';

/** Train it on the first `count` of those clips (all when omitted); returns the clips too. */
export async function trainTinySpeechEmbeddingRecognizer(count?: number): Promise<{ items: DatasetItem[]; recognizer: EmotionRecognizer }> {
  await initBackend('cpu');
  const { items } = await loadDataset('ravdess', join(DATA, 'ravdess-16k'));
  const mine = items.filter((i) => i.speaker === '07').filter((_, i) => i % 3 === 0).slice(0, count);
  const { recognizer } = await EmotionRecognizer.train(mine, {
    backend: 'cpu',
    features: { feature: 'logmel', frames: 100 },
    frontEnd: join(SHARED, 'models', 'speech-embedding'),
    frontEndUse: 'concat',
    model: { filters: 8, lstmLayers: 1, lstmUnits: 4, denseUnits: 8, poolSize: 4, readout: 'mean' },
    trainer: { epochs: 1, batchSize: 16 },
    augment: false,
    validation: false,
  });
  return { items: mine, recognizer };
}
