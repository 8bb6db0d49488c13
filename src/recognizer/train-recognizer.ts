/**
 * The whole training recipe behind `EmotionRecognizer.train`, the CLI `train` command and the
 * scripts: items → speaker-grouped train/validation split → decode once → augmented training
 * features (training split only) → scaler fitted on training features → buildCnnLstm → Trainer.
 */
import type * as tfl from '@tensorflow/tfjs-layers';
import { AudioDecoder } from '../audio/audio-decoder.js';
import { Augmenter, DEFAULT_SPEECH_EMOTION_RECIPE, type AugmenterOptions } from '../augment/augmenter.js';
import type { DatasetItem } from '../data/dataset-item.js';
import { groupedTrainValTest } from '../data/split.js';
import { InvalidArgumentError } from '../errors.js';
import type { FrontEnd } from '../features/front-end.js';
import { createRng, randInt } from '../internal/rng.js';
import { buildCnnLstm, cnnLstmConfigOf } from '../model/cnn-lstm.js';
import type { CnnLstmOptions } from '../model/cnn-lstm-config.js';
import { BUNDLE_FORMAT, BUNDLE_FORMAT_VERSION, type BundleMetadata } from '../model/model-bundle.js';
import { StatsHead, type StatsHeadOptions } from '../model/stats-head.js';
import { buildFeatureSetAsync, prepareClips, type FeatureSet, type PreparedClip } from '../pipeline/dataset-features.js';
import { FeaturePipeline, type FeaturePipelineOptions } from '../pipeline/feature-pipeline.js';
import type { FrontEndUse } from '../pipeline/front-end-features.js';
import { UtteranceStats, type UtteranceStatsOptions } from '../pipeline/utterance-stats.js';
import { StandardScaler } from '../preprocess/standard-scaler.js';
import { evaluate, type Evaluation } from '../train/evaluate.js';
import { Trainer, type EpochLog, type TrainerOptions, type TrainingHistory } from '../train/trainer.js';
import { EMOTIONS } from '../types.js';
import { LIBRARY_VERSION } from '../version.js';

/** Progress of a training run. */
export type TrainProgress =
  | { readonly phase: 'decode' | 'features'; readonly done: number; readonly total: number }
  | { readonly phase: 'epoch'; readonly epoch: EpochLog; readonly epochs: number };

/** Options of {@link trainRecognizerModel}; all optional. */
export interface TrainRecognizerOptions {
  /** Class labels in output order. @defaultValue EMOTIONS */
  readonly labels?: readonly string[];
  /** Feature pipeline (MFCC, window length, trimming). @defaultValue FEATURE_PIPELINE_DEFAULTS */
  readonly features?: FeaturePipelineOptions;
  /** Model options; inputFrames/inputBins/numClasses are derived from the features and labels. */
  readonly model?: Omit<CnnLstmOptions, 'inputFrames' | 'inputBins' | 'numClasses'>;
  /** Trainer options (epochs, batch size, early stopping, checkpoints …). */
  readonly trainer?: TrainerOptions;
  /** Augmentation of the TRAINING split; `false` disables. @defaultValue the default speech-emotion recipe */
  readonly augment?: AugmenterOptions | false;
  /** Augmented copies per training clip. @defaultValue 2 */
  readonly augmentCopies?: number;
  /**
   * Validation items, or the fraction of SPEAKERS held out for validation (early stopping and the
   * LR schedule watch it), or `false` for none. @defaultValue 0.15
   */
  readonly validation?: readonly DatasetItem[] | number | false;
  /** Seed of the split, augmentation and training. @defaultValue 42 */
  readonly seed?: number;
  /**
   * Also fit a statistics head (logistic regression on utterance statistics of the same training
   * windows) and fuse it with the CNN-LSTM; `false` for none. @defaultValue false
   */
  readonly statsHead?: (StatsHeadOptions & { readonly stats?: Omit<UtteranceStatsOptions, 'sampleRate'> }) | false;
  /**
   * A pretrained front end (wav2vec 2.0 / WavLM / CREPE … behind the FrontEnd interface): every
   * training window, augmented copies included, is embedded and its embeddings are used as
   * `frontEndUse` says; the bundle records the front end's info and files' SHA-256. @defaultValue none
   */
  readonly frontEnd?: FrontEnd;
  /** How the embeddings are used (see FrontEndUse; 'stats' needs `statsHead`). @defaultValue 'concat' */
  readonly frontEndUse?: FrontEndUse;
  readonly onProgress?: (p: TrainProgress) => void;
}

/** What a training run produces. */
export interface TrainedModel {
  readonly model: tfl.LayersModel;
  /** Complete bundle metadata (pipeline, scaler, labels, model config, training record). */
  readonly metadata: BundleMetadata;
  readonly history: TrainingHistory;
  /** Report on the validation speakers (null without validation). */
  readonly validation: Evaluation | null;
  readonly trainItems: readonly DatasetItem[];
  readonly validationItems: readonly DatasetItem[];
}

/** Options shared by training from scratch and fine-tuning: the data side of the recipe. */
export type TrainingDataOptions = Pick<TrainRecognizerOptions, 'labels' | 'augment' | 'augmentCopies' | 'validation' | 'seed' | 'onProgress'> & {
  /** Compute utterance statistics of every training window too (for a statistics head). */
  readonly stats?: UtteranceStats;
};

/** Speaker-grouped split, decoded clips and feature sets (augmented copies in the training set only). */
export interface PreparedTrainingData {
  readonly trainItems: DatasetItem[];
  readonly valItems: DatasetItem[];
  readonly trainSet: FeatureSet;
  readonly valSet: FeatureSet | null;
  readonly augment: Augmenter | undefined;
  readonly copies: number;
}

/**
 * Split items by speaker (or take the given validation items), decode each clip once, and
 * build the training set (originals + augmented copies) and the validation set (originals).
 */
export async function prepareTrainingData(items: readonly DatasetItem[], pipeline: FeaturePipeline, options: TrainingDataOptions = {}): Promise<PreparedTrainingData> {
  const labels = [...(options.labels ?? EMOTIONS)];
  const seed = options.seed ?? 42;
  if (items.length === 0) throw new InvalidArgumentError('items', 0, 'at least one item', 'train: no dataset items were given. Load a dataset with loadDataset().');
  let trainItems: DatasetItem[] = [...items];
  let valItems: DatasetItem[] = [];
  const v = options.validation ?? 0.15;
  if (Array.isArray(v)) valItems = [...(v as DatasetItem[])];
  else if (typeof v === 'number' && v > 0) {
    const split = groupedTrainValTest(items, { valFraction: v, testFraction: 0, seed });
    trainItems = split.train;
    valItems = split.val;
  }
  const decoder = new AudioDecoder({ sampleRate: pipeline.config.sampleRate });
  const progress = (phase: 'decode' | 'features') => (done: number, total: number) => options.onProgress?.({ phase, done, total });
  const all = await prepareClips([...trainItems, ...valItems], decoder, pipeline, { onProgress: progress('decode') });
  const trainClips: PreparedClip[] = all.slice(0, trainItems.length);
  const valClips: PreparedClip[] = all.slice(trainItems.length);
  const augmentOptions: AugmenterOptions | undefined = options.augment === false ? undefined : { seed, recipe: DEFAULT_SPEECH_EMOTION_RECIPE, ...(options.augment ?? {}) };
  // babble needs other talkers: unless a pool is given, draw one from the training clips
  const needsPool = augmentOptions?.recipe?.some((s) => s.type === 'babble') && !augmentOptions.babblePool;
  const augment = augmentOptions && new Augmenter(needsPool ? { ...augmentOptions, babblePool: babblePoolOf(trainClips, seed) } : augmentOptions);
  const copies = augment ? (options.augmentCopies ?? 2) : 0;
  const trainSet = await buildFeatureSetAsync(trainClips, pipeline, {
    labels,
    ...(augment ? { augment, copies } : {}),
    randomCrop: true,
    seed,
    ...(options.stats ? { stats: options.stats } : {}),
    onProgress: progress('features'),
  });
  const valSet = valClips.length ? await buildFeatureSetAsync(valClips, pipeline, { labels }) : null;
  return { trainItems, valItems, trainSet, valSet, augment, copies };
}

/** Babble pool: up to 64 distinct training clips drawn at random (seeded), so mixed corpora give many talkers. */
function babblePoolOf(clips: readonly PreparedClip[], seed: number): Float32Array[] {
  if (clips.length === 0) return [];
  const n = Math.min(64, clips.length);
  const rng = createRng(seed ^ 0xbab1e);
  const picked = new Set<number>();
  while (picked.size < n) picked.add(randInt(rng, clips.length));
  return [...picked].map((i) => clips[i]!.signal);
}

/** Train a CNN-LSTM on dataset items with the full recipe. Needs Node (reads files). */
export async function trainRecognizerModel(items: readonly DatasetItem[], options: TrainRecognizerOptions = {}): Promise<TrainedModel> {
  const labels = [...(options.labels ?? EMOTIONS)];
  const seed = options.seed ?? 42;
  const fe = options.frontEnd;
  if (options.frontEndUse !== undefined && !fe)
    throw new InvalidArgumentError('frontEndUse', options.frontEndUse, 'a frontEnd as well', `train: frontEndUse '${options.frontEndUse}' needs a frontEnd (a loaded FrontEnd, or a path with EmotionRecognizer.train). Pass one, or drop frontEndUse.`);
  const pipeline = fe
    ? new FeaturePipeline({ ...(options.features ?? {}), frontEnd: { use: options.frontEndUse ?? 'concat', info: fe.info } }, { frontEnd: fe })
    : new FeaturePipeline(options.features ?? {});
  const headOptions = options.statsHead || undefined;
  const pooled = fe && options.frontEndUse === 'stats';
  if (pooled && !headOptions)
    throw new InvalidArgumentError('frontEndUse', 'stats', 'a statsHead', "train: frontEndUse 'stats' pools the embeddings into the statistics head, so it needs statsHead (e.g. { weight: 0.5 }); or use 'concat' / 'replace'.");
  const stats =
    headOptions && new UtteranceStats({ ...(headOptions.stats ?? {}), sampleRate: pipeline.config.sampleRate, ...(pooled ? { frontEnd: { info: fe.info } } : {}) });
  if (pooled) stats!.attachFrontEnd(fe);
  const { trainItems, valItems, trainSet, valSet, augment, copies } = await prepareTrainingData(items, pipeline, { ...options, ...(stats ? { stats } : {}) });
  const scaler = new StandardScaler().fit(trainSet.x);
  const scale = (s: FeatureSet) => ({ x: s.x.map((m) => scaler.transform(m)), y: s.y });
  const model = buildCnnLstm({ seed, ...(options.model ?? {}), inputFrames: pipeline.config.frames, inputBins: pipeline.bins, numClasses: labels.length });
  const trainer = new Trainer({ seed, ...(options.trainer ?? {}) });
  const epochs = trainer.config.epochs;
  const history = await trainer.fit(model, scale(trainSet), {
    ...(valSet ? { validation: scale(valSet) } : {}),
    onEpochEnd: (epoch) => options.onProgress?.({ phase: 'epoch', epoch, epochs }),
  });
  const validation = valSet ? await evaluate(model, scale(valSet), { labels }) : null;
  const head = headOptions && StatsHead.fit(stats!, trainSet.stats!, trainSet.y, labels.length, headOptions);
  const modelConfig = cnnLstmConfigOf(model);
  const metadata: BundleMetadata = {
    format: BUNDLE_FORMAT,
    formatVersion: BUNDLE_FORMAT_VERSION,
    libraryVersion: LIBRARY_VERSION,
    ...(modelConfig ? { model: modelConfig } : {}),
    labels,
    audio: { sampleRate: pipeline.config.sampleRate },
    features: { ...pipeline.toJSON() },
    input: { frames: pipeline.config.frames, bins: pipeline.bins },
    scaler: { ...scaler.toJSON() },
    ...(head ? { statsHead: head.toJSON() } : {}),
    training: {
      items: trainItems.length,
      trainSamples: trainSet.x.length,
      validationItems: valItems.length,
      augment: augment ? augment.toJSON() : false,
      augmentCopies: copies,
      trainer: { ...trainer.config, logger: undefined },
      epochs: history.epochs.length,
      stopReason: history.stopReason,
      history: history.epochs,
      validation: validation ? { accuracy: validation.report.accuracy, uar: validation.report.uar, macroF1: validation.report.macroF1 } : null,
    },
  };
  return { model, metadata, history, validation, trainItems, validationItems: valItems };
}
