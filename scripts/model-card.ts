/**
 * Render docs/model-card.md from the cross-validation record (docs/model-card.json, written by
 * `scripts/train-pretrained.ts --cv 5`) and the shipped bundle's metadata.
 *   npx tsx scripts/model-card.ts
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface Fold { fold: number; testActors: string[]; accuracy: number; uar: number; macroF1: number; epochs: number }
const cv = JSON.parse(readFileSync('docs/model-card.json', 'utf8')) as {
  protocol: string; folds: Fold[]; accuracy: { mean: number; std: number }; uar: { mean: number; std: number }; macroF1: { mean: number; std: number };
  labels: string[]; confusion: number[][]; minutes: number; recipe: Record<string, unknown>; seeds?: number[];
};
const SHIPPED = 'models/default';
const members: string[] = existsSync(join(SHIPPED, 'ensemble.json')) ? (JSON.parse(readFileSync(join(SHIPPED, 'ensemble.json'), 'utf8')) as { members: string[] }).members.map((m) => join(SHIPPED, m)) : [SHIPPED];
const weightBytes = members.reduce((s, d) => s + statSync(join(d, 'weights.bin')).size, 0);
const allMeta = members.map((d) => JSON.parse(readFileSync(join(d, 'metadata.json'), 'utf8')) as { training: { validation: { accuracy: number; uar: number } | null; epochs: number } });
const meta = JSON.parse(readFileSync(join(members[0]!, 'metadata.json'), 'utf8')) as { features: Record<string, unknown>; model: Record<string, unknown>; training: { validation: { accuracy: number; uar: number } | null; epochs: number; items: number; trainSamples: number; validationItems: number } };
const pct = (x: number) => (x * 100).toFixed(1);
const rows = cv.folds.map((f) => `| ${f.fold} | ${f.testActors.map((a) => a.replace('ravdess:', '')).join(', ')} | ${pct(f.accuracy)} | ${pct(f.uar)} | ${pct(f.macroF1)} |`).join('\n');
const conf = cv.confusion.map((r, i) => `| **${cv.labels[i]}** | ${r.join(' | ')} | ${pct(r[i]! / r.reduce((a, b) => a + b, 0))} |`).join('\n');
const head = (meta as { statsHead?: { weight: number; classifier: { dims: number } } }).statsHead;
const protocol = cv.protocol;
/**
 * Recipes compared on the same five speaker-grouped folds (accuracy, UAR: mean ± std over folds; one
 * model unless stated). Each row was produced by scripts/train-pretrained.ts --cv 5 with the
 * options noted; the last row is docs/model-card.json.
 */
const HISTORY: [string, string, string][] = [
  ['40 MFCCs; early stopping on 2–3 held-out training actors', '53.6 ± 9.1', '54.5 ± 7.6'],
  ['40 MFCCs, 128 filters, 2×BiLSTM, 4 augmented copies; early stopping', '55.2 ± 5.5', '55.6 ± 5.7'],
  ['64 log-mel bands; early stopping', '55.5 ± 5.0', '57.3 ± 4.6'],
  ['64 log-mel, early stopping, ensemble of 3 seeds (shipped until this version)', '58.2 ± 4.1', '58.3 ± 3.6'],
  ['the same single model re-run (seed 42): early stopping on 2–3 actors is erratic', '48.3 ± 11.8', '50.2 ± 10.9'],
  ['all 16 training actors, fixed 35 epochs, constant rate (`--validation 0`)', '60.4 ± 5.8', '58.6 ± 6.6'],
  ['the same with a cosine learning-rate decay', '59.9 ± 2.8', '59.5 ± 3.3'],
];
const md = `# Model card: the shipped emotion-recog model (models/default)

## What it is
${members.length > 1 ? `An **ensemble of ${members.length} members** (seeds ${cv.seeds?.join(', ') ?? ''}) whose probabilities are averaged. Each member is` : 'One model:'}
- a CNN-BiLSTM over ${meta.features['feature'] === 'logmel' ? '64 log-mel bands (dB, librosa-equal)' : '40 MFCCs (librosa-equal)'} (16 kHz, 32 ms/10 ms frames): Conv1D(${meta.model['filters']}, k${meta.model['kernelSize']}, ReLU) →
  MaxPool ${meta.model['poolSize']} → ${meta.model['lstmLayers']}× Bidirectional LSTM(${meta.model['lstmUnits']}) → mean over time → Dense(${meta.model['denseUnits']}, ReLU) → Dropout ${meta.model['dropout']} →
  softmax over six classes (angry, disgust, fear, happy, neutral, sad);${head ? `
- fused with a **statistics head**: logistic regression on ${head.classifier.dims} utterance statistics (log-mel and MFCC
  functionals; F0 level, range, slope and movement; voicing, pauses, loudness dynamics, spectral flux, duration),
  as \`p ∝ p_cnn^${(1 - head.weight).toFixed(1)} · p_head^${head.weight.toFixed(1)}\` (see docs/training.md, "Statistics heads").` : ''}

Input: the middle ${Number(meta.features['frames']) / 100} s of the clip after trimming silence 30 dB below the peak (shorter clips are zero-padded).
${(weightBytes / 4 / members.length / 1000).toFixed(0)} k network parameters per member, ${Math.round(weightBytes / 1024)} KiB of weights in all (plus the heads in metadata.json).

## Training data and recipe
RAVDESS speech, actors 01–20 (880 clips of the six classes; calm and surprised dropped), 16 kHz.
Augmentation on the training clips only (3 seeded copies each: time-stretch, pitch-shift, noise,
gain, speed, shift, SpecAugment — the default speech-emotion recipe), class-balanced loss, Adam
with a cosine learning-rate decay from 1e-3 to 1e-5 over a fixed ${allMeta[0]!.training.epochs} epochs on all training actors
(no early stopping: nothing is selected on held-out data), L2 1e-4. The heads are fitted by L-BFGS
(C = 0.05, class-balanced) on the statistics of the same training windows.
Reproduce: \`npx tsx scripts/train-pretrained.ts --final${members.length > 1 ? ` --seeds ${cv.seeds?.join(',') ?? ''}` : ''}\` (about 2.5 minutes per member on
2 cores with the WASM engine).

## How well it works on speakers it has never heard
${protocol}. Each fold trains fresh members with the same recipe on 16 actors and tests on the other 4
(\`npx tsx scripts/train-pretrained.ts --cv 5\`, ${cv.minutes.toFixed(0)} minutes here).

| fold | test actors | accuracy % | UAR % | macro-F1 % |
|---|---|---|---|---|
${rows}
| **mean ± std** | | **${pct(cv.accuracy.mean)} ± ${pct(cv.accuracy.std)}** | **${pct(cv.uar.mean)} ± ${pct(cv.uar.std)}** | ${pct(cv.macroF1.mean)} ± ${pct(cv.macroF1.std)} |

Confusion matrix, summed over the five test folds (rows = true class, columns = predicted):

| true \\ predicted | ${cv.labels.join(' | ')} | recall % |
|---|${cv.labels.map(() => '---').join('|')}|---|
${conf}

## How the recipe was found
Every figure below is speaker-grouped 5-fold CV on the same folds (mean ± std over folds):

| recipe | accuracy % | UAR % |
|---|---|---|
${HISTORY.map(([r, a, u]) => `| ${r} | ${a} | ${u} |`).join('\n')}
| **shipped: ${members.length > 1 ? `${members.length} seeds × ` : ''}(CNN-BiLSTM + statistics head)** | **${pct(cv.accuracy.mean)} ± ${pct(cv.accuracy.std)}** | **${pct(cv.uar.mean)} ± ${pct(cv.uar.std)}** |

Earlier single-fold trials under the early-stopping recipe (per-utterance CMVN, deltas, adding TESS, 2 s or 4 s
windows, 6 augmented copies) were all worse. Two findings mattered: early stopping on the two or three actors that can be
held out of 16 is noise (it stopped one fold after 5 epochs at 32 %), and a linear model on global
prosodic and spectral statistics errs differently from the network, so fusing them gains about five
points (out-of-fold predictions: \`--oof\`).

## Anchors, and what the numbers mean
- Chance is 16.7 % (six classes); RAVDESS neutral has half the clips of the other classes.
- Humans recognise CREMA-D emotions from audio alone 40.9 % of the time.
- The seed CNN-LSTM in PyTorch (RAVDESS actors 01–16 + TESS, augmented) scores 56 % on actors 17–20.
- A frozen WavLM-large with attentive pooling reaches 78.8 % on RAVDESS split by actor.
- Papers above 90 % on these corpora leak speakers or augmented copies between train and test.

**The project goal of ≥ 75 % accuracy and UAR on unseen speakers is not met** (${pct(cv.accuracy.mean)} % / ${pct(cv.uar.mean)} %).
Most remaining errors are fear ↔ happy, fear ↔ sad and sad ↔ neutral: distinctions that depend on what is
normal for the speaker. With each actor's statistics normalised by their own mean and spread (an oracle that needs
many clips per speaker), a linear model on the first version of these statistics gained about ten points in an
exploratory run (59 → 69 %). Reaching 75 % without that
needs representations learnt from thousands of speakers (self-supervised models such as WavLM, which cannot be
downloaded here and would not fit "a few MB"), or many more training speakers (CREMA-D's 91).

## Limits
- Acted English speech by 20 young North-American actors; spontaneous speech, other languages,
  children, telephone audio and synthetic voices are out of domain (the generated sample in
  samples/ is labelled 'angry', meaning nothing).
- One 3 s window per clip: use \`recognizeSegments\` for longer audio.
- Licence: trained on RAVDESS (CC BY-NC-SA 4.0): non-commercial use only.
`;
writeFileSync('docs/model-card.md', md);
console.log('wrote docs/model-card.md');
