/**
 * Leave-one-corpus-out evaluation of the multi-corpus recipe (and the shipped model's training).
 *
 *   npx tsx scripts/loco.ts --loco                      # every selection corpus left out in turn
 *   npx tsx scripts/loco.ts --loco --only nemo,tess     # some folds (run folds in parallel processes)
 *   npx tsx scripts/loco.ts --cv 4                      # RAVDESS actors 01–20 in 4 speaker folds, other corpora always in training
 *   npx tsx scripts/loco.ts --holdout                   # the set-aside corpus, scored ONCE at the end
 *   npx tsx scripts/loco.ts --final                     # train on everything → models/default
 *
 * Selection corpora: RAVDESS 01–20, TESS, nEMO, TurEV-DB, Emotion TTS (../shared/data, ../corpora;
 * see docs/datasets.md). EMOVO was set aside before the first experiment and never used to choose
 * anything; --holdout trains on all selection corpora and scores it. Results (with per-clip class
 * probabilities, for calibration) go to docs/eval/<name>.json.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { AudioDecoder } from '../src/audio/audio-decoder.js';
import { initBackend } from '../src/backends/select.js';
import type { DatasetItem } from '../src/data/dataset-item.js';
import { corpusItems } from './corpora.js';
import { leaveOneCorpusOut } from '../src/data/corpus-split.js';
import { groupedKFold } from '../src/data/split.js';
import { saveBundles } from '../src/model/ensemble-bundle.js';
import { EmotionRecognizer } from '../src/recognizer/emotion-recognizer.js';
import { balanceCorpora, MULTI_CORPUS_RECIPE } from '../src/recognizer/multi-corpus.js';

import { trainRecognizerModel, type TrainProgress, type TrainRecognizerOptions } from '../src/recognizer/train-recognizer.js';
import { EMOTIONS } from '../src/types.js';

const { values } = parseArgs({
  options: {
    loco: { type: 'boolean' },
    cv: { type: 'string' },
    holdout: { type: 'boolean' },
    final: { type: 'boolean' },
    only: { type: 'string' },
    corpora: { type: 'string', default: 'ravdess,tess,nemo,turev-db,emotiontts-open' },
    'holdout-corpus': { type: 'string', default: 'emovo' },
    seeds: { type: 'string', default: '42' },
    epochs: { type: 'string' },
    copies: { type: 'string' },
    clips: { type: 'string' },
    out: { type: 'string', default: 'models/default' },
    results: { type: 'string', default: 'docs/eval' },
    runs: { type: 'string', default: '../runs' },
    tag: { type: 'string', default: '' },
  },
});

/** RAVDESS clips that may become samples/ (strong intensity; neutral has none), kept out of the final training. */
export const SAMPLE_CANDIDATES = ['08', '09'].flatMap((a) => ['05-02', '07-02', '06-02', '03-02', '01-01', '04-02'].map((e) => `Actor_${a}/03-01-${e}-01-01-${a}.wav`));
const seeds = values.seeds!.split(',').map(Number);
const recipe: TrainRecognizerOptions = {
  ...MULTI_CORPUS_RECIPE,
  ...(values.epochs ? { trainer: { ...MULTI_CORPUS_RECIPE.trainer, epochs: Number(values.epochs) } } : {}),
  ...(values.copies ? { augmentCopies: Number(values.copies) } : {}),
};
const clipsPerCorpus = values.clips ? Number(values.clips) : 1200;
const log = (s: string) => process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${s}\n`);
const progress = (p: TrainProgress): void => {
  if (p.phase === 'epoch') log(`  epoch ${p.epoch.epoch}/${p.epochs} loss ${p.epoch.loss.toFixed(3)} acc ${(p.epoch.acc * 100).toFixed(1)} ${p.epoch.samplesPerSec.toFixed(0)} samples/s ${p.epoch.seconds.toFixed(0)}s`);
  else if (p.done === p.total) log(`  ${p.phase} ${p.total}`);
};


async function trainAndScore(name: string, train: DatasetItem[], test: DatasetItem[], meta: Record<string, unknown>): Promise<void> {
  const t0 = Date.now();
  const balanced = balanceCorpora(train, { clipsPerCorpus, seed: 42 });
  log(`${name}: training on ${balanced.length} clips (${train.length} distinct), testing on ${test.length}`);
  const members = [];
  for (const s of seeds) members.push(await trainRecognizerModel(balanced, { ...recipe, seed: s, onProgress: progress }));
  await saveBundles(join(values.runs!, name), members);
  const r = await EmotionRecognizer.fromBundles(members);
  const ev = await r.evaluate(test);
  // with adaptation: the scalers re-measured on the (unlabelled) clips of the left-out corpus
  const decoder = new AudioDecoder({ sampleRate: r.predictor.pipeline.config.sampleRate });
  const mats = [];
  const speech = [];
  for (const t of test) {
    const a = await decoder.decodeFile(t.path);
    const prepared = r.predictor.pipeline.prepare(a.samples, a.sampleRate);
    mats.push(r.predictor.pipeline.windowFeatures(prepared));
    speech.push(r.predictor.pipeline.windowSpeech(prepared));
  }
  r.predictor.adapt(mats, speech);
  const evA = await r.evaluate(test);
  const K = EMOTIONS.length;
  const present = EMOTIONS.filter((e) => test.some((t) => t.emotion === e));
  const conf = ev.report.confusion;
  // the report's UAR averages the classes with support, i.e. those the test corpus has
  const uar = ev.report.uar;
  const out = {
    name, ...meta, seeds, recipe: { ...recipe, onProgress: undefined }, clipsPerCorpus,
    trainClips: balanced.length, trainDistinct: train.length, testClips: test.length,
    accuracy: ev.report.accuracy, uar, adapted: { accuracy: evA.report.accuracy, uar: evA.report.uar, confusion: evA.report.confusion }, classesPresent: present, labels: EMOTIONS, confusion: conf,
    minutes: (Date.now() - t0) / 60000,
    clips: test.map((t, i) => ({ path: t.path.replace(/^.*?(ravdess-16k|tess-16k|corpora)\//, '$1/'), speaker: t.speaker, label: t.emotion, p: [...ev.probabilities.subarray(i * K, (i + 1) * K)].map((v) => Number(v.toFixed(5))) })),
  };
  await mkdir(values.results!, { recursive: true });
  await writeFile(join(values.results!, `${name}${values.tag}.json`), JSON.stringify(out) + '\n');
  log(`${name}: accuracy ${(out.accuracy * 100).toFixed(1)} % UAR ${(uar * 100).toFixed(1)} % over ${present.join('/')}; adapted: accuracy ${(out.adapted.accuracy * 100).toFixed(1)} % UAR ${(out.adapted.uar * 100).toFixed(1)} % (${out.minutes.toFixed(1)} min)`);
  await r.dispose();
}

async function main(): Promise<void> {
  await initBackend('auto');
  const names = values.corpora!.split(',');
  const data = new Map<string, DatasetItem[]>();
  for (const n of names) data.set(n, await corpusItems(n));
  const all = () => [...data.values()].flat();
  if (values.loco) {
    const only = values.only ? values.only.split(',') : names;
    for (const fold of leaveOneCorpusOut(all()).filter((f) => only.includes(f.heldOut))) {
      await trainAndScore(`loco-${fold.heldOut}`, fold.train, fold.test, { protocol: `leave-one-corpus-out: trained on ${fold.trainCorpora.join(', ')}; scored on all of ${fold.heldOut}` });
    }
  }
  if (values.cv) {
    const k = Number(values.cv);
    const rav = data.get('ravdess')!;
    const others = all().filter((i) => !i.speaker.startsWith('ravdess/'));
    const folds = groupedKFold(rav, { k, seed: 42 });
    const only = values.only ? values.only.split(',').map(Number) : folds.map((_, i) => i);
    for (const f of only) {
      const fold = folds[f]!;
      await trainAndScore(`cv-ravdess-${f + 1}`, [...others, ...fold.train], fold.test, { protocol: `speaker-grouped ${k}-fold CV on RAVDESS actors 01-20; test actors ${fold.testGroups.join(', ')}; all other selection corpora in training` });
    }
  }
  if (values.holdout) {
    const held = values['holdout-corpus']!;
    await trainAndScore(`holdout-${held}`, all(), await corpusItems(held), { protocol: `set-aside corpus ${held}, never used for any choice, scored once: trained on ${names.join(', ')}` });
  }
  if (values.final) {
    const extra = await corpusItems(values['holdout-corpus']!);
    // the candidates for samples/ stay out of training, so the README's first command runs on clips the model never heard
    const items = balanceCorpora([...all(), ...extra].filter((i) => !SAMPLE_CANDIDATES.some((c) => i.path.endsWith(c))), { clipsPerCorpus, seed: 42 });
    log(`final: ${items.length} training clips`);
    const corpora = [...new Set(items.map((i) => i.dataset))].map((c) => {
      const mine = items.filter((i) => i.dataset === c);
      const distinct = new Set(mine.map((i) => i.path));
      return { corpus: c, speakers: new Set(mine.map((i) => i.speaker)).size, distinctClips: distinct.size, trainingClips: mine.length, classes: Object.fromEntries(EMOTIONS.map((e) => [e, mine.filter((i) => i.emotion === e).length]).filter(([, n]) => n)) };
    });
    await mkdir(values.results!, { recursive: true });
    await writeFile(join(values.results!, 'final-training.json'), JSON.stringify({ seeds, clipsPerCorpus, excluded: SAMPLE_CANDIDATES, corpora }, null, 1) + '\n');
    const members = [];
    for (const s of seeds) members.push(await trainRecognizerModel(items, { ...recipe, seed: s, onProgress: progress }));
    const out = resolve(values.out!);
    await rm(out, { recursive: true, force: true });
    await mkdir(out, { recursive: true });
    await saveBundles(out, members);
    await writeFile(join(out, 'TRAINING.txt'), `Trained by: npx tsx scripts/loco.ts --final --seeds ${seeds.join(',')}\ncorpora ${[...names, values['holdout-corpus']].join(', ')}; clips per corpus ${clipsPerCorpus}\n`);
    log(`saved ${out}`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
