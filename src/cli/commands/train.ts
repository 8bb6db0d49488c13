/** `emotion-recog train`: train and save a model on a labelled corpus. */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadDataset } from '../../data/load-dataset.js';
import { EmotionRecognizer } from '../../recognizer/emotion-recognizer.js';
import { renderReportHtml } from '../../train/report-html.js';
import type { BackendName } from '../../types.js';
import { LIBRARY_VERSION } from '../../version.js';
import { numArg } from '../args.js';
import { requireDataset } from '../dataset-arg.js';
import { ProgressBar } from '../progress.js';
import { UsageError } from '../usage-error.js';

export async function train(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      dataset: { type: 'string' }, data: { type: 'string' }, out: { type: 'string' }, epochs: { type: 'string' }, 'batch-size': { type: 'string' },
      'augment-copies': { type: 'string' }, 'no-augment': { type: 'boolean' }, 'val-fraction': { type: 'string' }, frames: { type: 'string' },
      seed: { type: 'string' }, checkpoint: { type: 'string' }, resume: { type: 'boolean' }, report: { type: 'string' }, backend: { type: 'string' },
      'stats-head': { type: 'string' }, 'front-end': { type: 'string' }, 'front-end-use': { type: 'string' },
    },
  });
  const frontEndUse = values['front-end-use'] ?? 'concat';
  if (frontEndUse !== 'concat' && frontEndUse !== 'replace' && frontEndUse !== 'stats') throw new UsageError(`--front-end-use must be concat, replace or stats (got ${frontEndUse}).`, 'train');
  if (frontEndUse === 'stats' && values['stats-head'] === undefined) throw new UsageError('--front-end-use stats pools the embeddings into the statistics head: add --stats-head W (e.g. 0.5).', 'train');
  if (values['front-end-use'] !== undefined && values['front-end'] === undefined) throw new UsageError('--front-end-use needs --front-end <model> (a folder with front-end.json, an .onnx file or a model.json).', 'train');
  const dataset = requireDataset(values.dataset, 'train');
  const headWeight = values['stats-head'] === undefined ? 0 : Number(values['stats-head']);
  if (!(headWeight >= 0 && headWeight <= 1)) throw new UsageError(`--stats-head must be a fusion weight in [0, 1] (got ${values['stats-head']}); 0.5 is a good start.`, 'train');
  if (!values.data) throw new UsageError('train needs --data DIR (the dataset folder, or the CSV file for --dataset csv).', 'train');
  const out = resolve(values.out ?? 'emotion-model');
  const { items, skipped } = await loadDataset(dataset, values.data);
  process.stderr.write(`loaded ${items.length} clips from ${values.data} (${skipped.length} skipped)\n`);
  const bars: Record<string, ProgressBar> = {};
  const { recognizer, trained } = await EmotionRecognizer.train(items, {
    backend: (values.backend ?? 'auto') as BackendName | 'auto',
    ...(values.frames ? { features: { frames: Number(values.frames) } } : {}),
    ...(values['no-augment'] ? { augment: false as const } : {}),
    ...(values['augment-copies'] ? { augmentCopies: Number(values['augment-copies']) } : {}),
    ...(values['val-fraction'] ? { validation: Number(values['val-fraction']) } : {}),
    ...(values.seed ? { seed: Number(values.seed) } : {}),
    ...(headWeight > 0 ? { statsHead: { weight: headWeight } } : {}),
    ...(values['front-end'] !== undefined ? { frontEnd: resolve(values['front-end']), frontEndUse } : {}),
    trainer: {
      ...(numArg(values.epochs) ? { epochs: numArg(values.epochs)! } : {}),
      ...(numArg(values['batch-size']) ? { batchSize: numArg(values['batch-size'])! } : {}),
      ...(values.checkpoint ? { checkpointDir: resolve(values.checkpoint) } : {}),
      ...(values.resume ? { resume: true } : {}),
    },
    onProgress: (p) => {
      if (p.phase === 'epoch') {
        const e = p.epoch;
        (bars.epoch ??= new ProgressBar('train', p.epochs)).update(e.epoch, `loss ${e.loss.toFixed(3)} acc ${(e.acc * 100).toFixed(1)}%${e.valAcc !== null ? ` val_acc ${(e.valAcc * 100).toFixed(1)}% val_uar ${((e.valUar ?? 0) * 100).toFixed(1)}%` : ''} ${Math.round(e.samplesPerSec)} samples/s`);
      } else (bars[p.phase] ??= new ProgressBar(p.phase, p.total)).update(p.done);
    },
  });
  await recognizer.save(out);
  process.stderr.write(`saved model to ${out}${recognizer.frontEnd ? ` (front end ${recognizer.frontEnd.info.name} in ${out}/front-end/)` : ''}\n`);
  if (trained.validation) {
    const r = trained.validation.report;
    process.stdout.write(`validation (${trained.validationItems.length} clips of held-out speakers): accuracy ${(r.accuracy * 100).toFixed(1)}%  UAR ${(r.uar * 100).toFixed(1)}%  macro-F1 ${(r.macroF1 * 100).toFixed(1)}%\n`);
    if (values.report) {
      await writeFile(values.report, renderReportHtml({ title: `emotion-recog training — ${dataset}`, report: r, history: trained.history, meta: { dataset, data: values.data, clips: items.length, version: LIBRARY_VERSION } }));
      process.stderr.write(`report written to ${values.report}\n`);
    }
  }
  await recognizer.dispose();
  return 0;
}
