#!/usr/bin/env node
/**
 * The `emotion-recog` command: predict, train, evaluate. Progress goes to stderr, results to
 * stdout (one line per file; `--json` gives one JSON object per line).
 */
import { readdir, stat, writeFile } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DATASET_NAMES, type DatasetName } from '../data/dataset-item.js';
import { loadDataset } from '../data/load-dataset.js';
import { SerError } from '../errors.js';
import { AudioDecoder } from '../audio/audio-decoder.js';
import { ADAPT_MIN_CLIPS, EmotionRecognizer } from '../recognizer/emotion-recognizer.js';
import { classificationReport, type ClassificationReport } from '../train/metrics.js';
import { renderReportHtml } from '../train/report-html.js';
import type { BackendName } from '../types.js';
import { LIBRARY_VERSION } from '../version.js';
import { ProgressBar } from './progress.js';

const AUDIO_EXT = new Set(['.wav', '.wave', '.aif', '.aiff', '.flac', '.ogg', '.mp3']);

const USAGE = `emotion-recog ${LIBRARY_VERSION} — speech emotion recognition (angry, disgust, fear, happy, neutral, sad)

Usage:
  emotion-recog predict <files or folders…> [--json] [--model DIR] [--segments] [--hop SEC] [--adapt] [--backend wasm|cpu|tensorflow]
  emotion-recog train --dataset ${DATASET_NAMES.join('|')} --data DIR [--out DIR] [--epochs N] [--batch-size N]
                      [--augment-copies N] [--no-augment] [--val-fraction F] [--frames N] [--seed N]
                      [--checkpoint DIR] [--resume] [--stats-head W] [--report report.html]
  emotion-recog evaluate [--model DIR] --dataset NAME[,NAME…] --data DIR[,DIR…] [--adapt] [--report report.html] [--json]

  --adapt   re-estimate the model's normalisation statistics from the given clips (unlabelled;
            one microphone, room or speaker group; evaluate: per dataset) before predicting

Examples:
  npx emotion-recog predict samples/angry.wav
  npx emotion-recog predict ./clips --json > results.jsonl
  npx emotion-recog train --dataset ravdess --data ./RAVDESS --out ./my-model --report report.html
`;

async function collectFiles(paths: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    let s;
    try {
      s = await stat(p);
    } catch {
      out.push(p); // reported per file below
      continue;
    }
    if (s.isDirectory()) {
      const entries = (await readdir(p, { recursive: true })).map(String).sort();
      for (const e of entries) if (AUDIO_EXT.has(extname(e).toLowerCase())) out.push(join(p, e));
    } else out.push(p);
  }
  return out;
}

function fmtScores(scores: Record<string, number>): string {
  return Object.entries(scores)
    .map(([k, v]) => `${k} ${(v * 100).toFixed(1)}%`)
    .join('  ');
}

/**
 * `--adapt`: re-estimate the recognizer's normalisation statistics from the files themselves
 * (unlabelled; unreadable files and files without speech are left out of the estimate).
 */
async function adaptTo(r: EmotionRecognizer, files: readonly string[]): Promise<void> {
  const decoder = new AudioDecoder({ sampleRate: r.predictor.pipeline.config.sampleRate });
  const signals: { samples: Float32Array; sampleRate: number }[] = [];
  for (const f of files) {
    try {
      signals.push(await decoder.decodeFile(f));
    } catch {
      // reported when the file is predicted
    }
  }
  if (signals.length < ADAPT_MIN_CLIPS) throw new UsageError(`--adapt needs at least ${ADAPT_MIN_CLIPS} readable clips of the same microphone, room or speaker group (got ${signals.length}). Pass more files, or leave out --adapt.`);
  const res = await r.adapt(signals);
  process.stderr.write(`adapted to ${res.clips} clips (${res.skipped.length} without speech left out)\n`);
}

async function predict(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { json: { type: 'boolean' }, model: { type: 'string' }, segments: { type: 'boolean' }, hop: { type: 'string' }, backend: { type: 'string' }, adapt: { type: 'boolean' } },
  });
  if (positionals.length === 0) throw new UsageError('predict needs at least one file or folder.');
  const files = await collectFiles(positionals);
  const r = await EmotionRecognizer.load(values.model, { backend: (values.backend ?? 'auto') as BackendName | 'auto' });
  if (values.adapt) await adaptTo(r, files);
  const bar = files.length > 20 && process.stderr.isTTY ? new ProgressBar('predict', files.length) : null;
  let failed = 0;
  for (const [i, file] of files.entries()) {
    try {
      if (values.segments) {
        const segs = await r.recognizeSegments(file, values.hop ? { hopSec: Number(values.hop) } : {});
        for (const s of segs) {
          // Windows without speech are reported as such (SER_NO_SPEECH), never given an emotion.
          if (s.noSpeech) {
            if (values.json) process.stdout.write(JSON.stringify({ file, startSec: round(s.startSec), endSec: round(s.endSec), emotion: null, noSpeech: { code: 'SER_NO_SPEECH', reason: s.reason } }) + '\n');
            else process.stdout.write(`${file}\t${s.startSec.toFixed(2)}-${s.endSec.toFixed(2)}s\tno speech (SER_NO_SPEECH: ${s.reason})\n`);
            continue;
          }
          if (values.json) process.stdout.write(JSON.stringify({ file, startSec: round(s.startSec), endSec: round(s.endSec), emotion: s.emotion, scores: roundScores(s.scores) }) + '\n');
          else process.stdout.write(`${file}\t${s.startSec.toFixed(2)}-${s.endSec.toFixed(2)}s\t${s.emotion}\t${fmtScores(s.scores)}\n`);
        }
      } else {
        const res = await r.recognize(file);
        if (values.json) process.stdout.write(JSON.stringify({ file, emotion: res.emotion, scores: roundScores(res.scores) }) + '\n');
        else process.stdout.write(`${file}\t${res.emotion}\t${fmtScores(res.scores)}\n`);
      }
    } catch (e) {
      failed++;
      const code = SerError.is(e) ? e.code : 'ERROR';
      const message = e instanceof Error ? e.message : String(e);
      if (values.json) process.stdout.write(JSON.stringify({ file, error: { code, message } }) + '\n');
      else process.stderr.write(`${file}\terror ${code}: ${message}\n`);
    }
    bar?.update(i + 1);
  }
  await r.dispose();
  return failed > 0 ? 1 : 0;
}

const round = (x: number) => Math.round(x * 1000) / 1000;
const roundScores = (s: Record<string, number>) => Object.fromEntries(Object.entries(s).map(([k, v]) => [k, Math.round(v * 1e4) / 1e4]));

async function train(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      dataset: { type: 'string' }, data: { type: 'string' }, out: { type: 'string' }, epochs: { type: 'string' }, 'batch-size': { type: 'string' },
      'augment-copies': { type: 'string' }, 'no-augment': { type: 'boolean' }, 'val-fraction': { type: 'string' }, frames: { type: 'string' },
      seed: { type: 'string' }, checkpoint: { type: 'string' }, resume: { type: 'boolean' }, report: { type: 'string' }, backend: { type: 'string' },
      'stats-head': { type: 'string' },
    },
  });
  const dataset = requireDataset(values.dataset);
  const headWeight = values['stats-head'] === undefined ? 0 : Number(values['stats-head']);
  if (!(headWeight >= 0 && headWeight <= 1)) throw new UsageError(`--stats-head must be a fusion weight in [0, 1] (got ${values['stats-head']}); 0.5 is a good start.`);
  if (!values.data) throw new UsageError('train needs --data DIR (the dataset folder, or the CSV file for --dataset csv).');
  const out = resolve(values.out ?? 'emotion-model');
  const { items, skipped } = await loadDataset(dataset, values.data);
  process.stderr.write(`loaded ${items.length} clips from ${values.data} (${skipped.length} skipped)\n`);
  const bars: Record<string, ProgressBar> = {};
  const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));
  const { recognizer, trained } = await EmotionRecognizer.train(items, {
    backend: (values.backend ?? 'auto') as BackendName | 'auto',
    ...(values.frames ? { features: { frames: Number(values.frames) } } : {}),
    ...(values['no-augment'] ? { augment: false as const } : {}),
    ...(values['augment-copies'] ? { augmentCopies: Number(values['augment-copies']) } : {}),
    ...(values['val-fraction'] ? { validation: Number(values['val-fraction']) } : {}),
    ...(values.seed ? { seed: Number(values.seed) } : {}),
    ...(headWeight > 0 ? { statsHead: { weight: headWeight } } : {}),
    trainer: {
      ...(num(values.epochs) ? { epochs: num(values.epochs)! } : {}),
      ...(num(values['batch-size']) ? { batchSize: num(values['batch-size'])! } : {}),
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
  process.stderr.write(`saved model to ${out}\n`);
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

async function evaluateCmd(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { model: { type: 'string' }, dataset: { type: 'string' }, data: { type: 'string' }, report: { type: 'string' }, json: { type: 'boolean' }, backend: { type: 'string' }, adapt: { type: 'boolean' } },
  });
  // several datasets at once: --dataset a,b --data dirA,dirB (one report each, then all together)
  const datasets = (values.dataset ?? '').split(',').filter(Boolean).map((d) => requireDataset(d));
  if (datasets.length === 0) requireDataset(undefined);
  if (!values.data) throw new UsageError('evaluate needs --data DIR.');
  const dirs = values.data.split(',');
  if (dirs.length !== datasets.length) throw new UsageError(`evaluate needs one --data folder per --dataset (got ${datasets.length} datasets and ${dirs.length} folders, comma-separated).`);
  const r = await EmotionRecognizer.load(values.model, { backend: (values.backend ?? 'auto') as BackendName | 'auto' });
  const allY: number[] = [];
  const allPred: number[] = [];
  let last: { rep: ClassificationReport; dataset: string; data: string; clips: number } | null = null;
  for (const [d, dataset] of datasets.entries()) {
    const { items } = await loadDataset(dataset, dirs[d]!);
    if (values.adapt) {
      await r.adapt(null);
      await adaptTo(r, items.map((i) => i.path));
    }
    const bar = new ProgressBar(`evaluate ${dataset}`, items.length);
    const ev = await r.evaluate(items, { onProgress: (n) => bar.update(n) });
    const rep = ev.report;
    items.forEach((it, i) => {
      allY.push(r.labels.indexOf(it.emotion));
      allPred.push(ev.predictions[i]!);
    });
    if (values.json) process.stdout.write(JSON.stringify({ dataset, clips: items.length, accuracy: rep.accuracy, uar: rep.uar, macroF1: rep.macroF1, confusion: rep.confusion, labels: rep.labels }) + '\n');
    else process.stdout.write(`${dataset}: ${items.length} clips: accuracy ${(rep.accuracy * 100).toFixed(1)}%  UAR ${(rep.uar * 100).toFixed(1)}%  macro-F1 ${(rep.macroF1 * 100).toFixed(1)}%\n`);
    last = { rep, dataset, data: dirs[d]!, clips: items.length };
  }
  let rep = last!.rep;
  if (datasets.length > 1) {
    rep = classificationReport(allY, allPred, r.labels);
    if (values.json) process.stdout.write(JSON.stringify({ dataset: 'all', clips: allY.length, accuracy: rep.accuracy, uar: rep.uar, macroF1: rep.macroF1, confusion: rep.confusion, labels: rep.labels }) + '\n');
    else process.stdout.write(`all: ${allY.length} clips: accuracy ${(rep.accuracy * 100).toFixed(1)}%  UAR ${(rep.uar * 100).toFixed(1)}%  macro-F1 ${(rep.macroF1 * 100).toFixed(1)}%\n`);
  }
  if (values.report) {
    const history = (r.metadata.training as { history?: unknown } | undefined)?.history;
    const dataset = datasets.join(', ');
    await writeFile(values.report, renderReportHtml({ title: `emotion-recog evaluation — ${dataset}`, report: rep, ...(Array.isArray(history) ? { history } : {}), meta: { model: values.model ?? 'bundled', dataset, data: values.data, clips: allY.length, ...(values.adapt ? { adapted: 'per dataset, from its own clips' } : {}) } }));
    process.stderr.write(`report written to ${values.report}\n`);
  }
  await r.dispose();
  return 0;
}

class UsageError extends Error {}

function requireDataset(name: string | undefined): DatasetName {
  if (!name || !(DATASET_NAMES as readonly string[]).includes(name)) throw new UsageError(`--dataset must be one of ${DATASET_NAMES.join(', ')} (got ${name ?? 'nothing'}).`);
  return name as DatasetName;
}

export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    switch (cmd) {
      case 'predict':
        return await predict(rest);
      case 'train':
        return await train(rest);
      case 'evaluate':
        return await evaluateCmd(rest);
      case '--version':
      case '-v':
        process.stdout.write(LIBRARY_VERSION + '\n');
        return 0;
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        process.stdout.write(USAGE);
        return cmd === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command '${cmd}'.`);
    }
  } catch (e) {
    if (e instanceof UsageError || (e instanceof TypeError && (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS'))) {
      process.stderr.write(`emotion-recog: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    if (SerError.is(e)) {
      process.stderr.write(`emotion-recog: ${e.code}: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`emotion-recog: unexpected error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  },
);
