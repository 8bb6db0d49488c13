/**
 * Train an emotion recognizer on CREMA-D (AudioWAV/*.wav as distributed: 1001_DFA_ANG_XX.wav …)
 * with the library's full pipeline: speaker-grouped validation, training-only augmentation,
 * MFCC features, the CNN-LSTM on the WASM engine, then save the bundle and an HTML report.
 *
 *   npx tsx examples/train-crema.ts path/to/CREMA-D/AudioWAV --out crema-model [--epochs 40]
 *
 * Small-model flags for quick trials: --tiny (one small LSTM), --frames N, --copies N.
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { EmotionRecognizer, loadDataset, renderReportHtml } from 'emotion-recog';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    out: { type: 'string', default: 'crema-model' },
    epochs: { type: 'string', default: '40' },
    frames: { type: 'string', default: '250' },
    copies: { type: 'string', default: '2' },
    tiny: { type: 'boolean', default: false },
    report: { type: 'string', default: 'crema-report.html' },
  },
});
const dir = positionals[0];
if (!dir) {
  console.error('usage: npx tsx examples/train-crema.ts path/to/CREMA-D/AudioWAV [--out DIR] [--epochs N]');
  process.exit(2);
}

const { items, skipped } = await loadDataset('crema-d', dir);
console.log(`CREMA-D: ${items.length} clips from ${new Set(items.map((i) => i.speaker)).size} speakers (${skipped.length} files skipped)`);

const { recognizer, trained } = await EmotionRecognizer.train(items, {
  features: { frames: Number(values.frames), normalize: 'utterance' },
  model: values.tiny ? { filters: 16, lstmLayers: 1, lstmUnits: 8, bidirectional: false, denseUnits: 16, poolSize: 4, readout: 'mean' } : { filters: 128, lstmLayers: 2, lstmUnits: 96, bidirectional: true, poolSize: 4, readout: 'mean' },
  augmentCopies: Number(values.copies),
  validation: 0.15, // 15 % of the SPEAKERS, never clips
  trainer: { epochs: Number(values.epochs) },
  onProgress: (p) => {
    if (p.phase === 'epoch') console.log(`epoch ${p.epoch.epoch}/${p.epochs} loss ${p.epoch.loss.toFixed(3)} val_uar ${((p.epoch.valUar ?? 0) * 100).toFixed(1)}%`);
  },
});

const report = trained.validation?.report;
if (report) {
  console.log(`held-out speakers: accuracy ${(report.accuracy * 100).toFixed(1)}%, UAR ${(report.uar * 100).toFixed(1)}%`);
  await writeFile(values.report, renderReportHtml({ title: 'CREMA-D training', report, history: trained.history }));
}
await recognizer.save(values.out);
console.log(`saved ${values.out}`);
await recognizer.dispose();
