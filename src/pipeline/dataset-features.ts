/**
 * Dataset items → model inputs. Decodes each clip once, then builds fixed-size feature matrices
 * for a training split (original + seeded augmented copies) or an evaluation split (originals
 * only). Augmentation is applied ONLY where `augment` is passed, i.e. to the training split; every
 * sample records the item it came from so tests (and users) can audit that no augmented copy of a
 * validation or test clip reaches training.
 */
import type { AudioDecoder } from '../audio/audio-decoder.js';
import type { Augmenter } from '../augment/augmenter.js';
import type { DatasetItem } from '../data/dataset-item.js';
import { InvalidArgumentError } from '../errors.js';
import { createRng } from '../internal/rng.js';
import type { FeatureMatrix } from '../types.js';
import type { FeaturePipeline } from './feature-pipeline.js';
import type { UtteranceStats } from './utterance-stats.js';

/** A decoded, trimmed clip at the pipeline rate. */
export interface PreparedClip {
  readonly item: DatasetItem;
  readonly signal: Float32Array;
}

/** Model inputs with their labels and provenance. */
export interface FeatureSet {
  /** Fixed-size matrices `[frames, bins]`. */
  readonly x: FeatureMatrix[];
  /** Class indices into `labels`. */
  readonly y: number[];
  /** Index into the source items of each sample. */
  readonly source: number[];
  /** Augmentation copy of each sample: 0 = the original clip. */
  readonly copy: number[];
  /** Utterance statistics of each sample's speech (same window), when `stats` was passed. */
  readonly stats?: Float32Array[];
}

/** Progress of long dataset work. */
export type ProgressCallback = (done: number, total: number, what: string) => void;

/** Decode and prepare (resample, trim) every item once. Files that fail are reported, not fatal. */
export async function prepareClips(
  items: readonly DatasetItem[],
  decoder: AudioDecoder,
  pipeline: FeaturePipeline,
  options: { onProgress?: ProgressCallback; onError?: (item: DatasetItem, error: unknown) => void } = {},
): Promise<PreparedClip[]> {
  const out: PreparedClip[] = [];
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    try {
      const audio = await decoder.decodeFile(item.path);
      out.push({ item, signal: pipeline.prepare(audio.samples, audio.sampleRate) });
    } catch (e) {
      if (options.onError) options.onError(item, e);
      else throw e;
    }
    options.onProgress?.(i + 1, items.length, 'decode');
  }
  return out;
}

/** Options of {@link buildFeatureSet}. */
export interface BuildFeatureSetOptions {
  /** Class labels; item.emotion must be one of them. */
  readonly labels: readonly string[];
  /** Augmenter for the TRAINING split only; omit for validation/test. */
  readonly augment?: Augmenter;
  /** Augmented copies per clip (in addition to the original). @defaultValue 0 */
  readonly copies?: number;
  /** Random window offsets for clips longer than the window (training); otherwise centred. */
  readonly randomCrop?: boolean;
  /** Seed of the per-copy augmentation and crop streams. @defaultValue 0 */
  readonly seed?: number;
  /** Also compute utterance statistics of every sample's window speech (for statistics heads). */
  readonly stats?: UtteranceStats;
  readonly onProgress?: ProgressCallback;
}

/**
 * Build model inputs from prepared clips; augmented copies only when `augment` is given.
 * @throws {InvalidArgumentError} SER_INVALID_ARGUMENT for a pipeline with a front end (use
 *   {@link buildFeatureSetAsync}).
 */
export function buildFeatureSet(clips: readonly PreparedClip[], pipeline: FeaturePipeline, options: BuildFeatureSetOptions): FeatureSet {
  const set = emptySet(options);
  for (const job of featureJobs(clips, pipeline, options))
    addSample(set, job, pipeline.windowFeatures(job.signal, job.offset), options.stats?.compute(pipeline.windowSpeech(job.signal, job.offset)), options);
  return set;
}

/**
 * {@link buildFeatureSet} for every pipeline, front end or not: the same samples (same
 * augmentation, crops and seeds), each featurised with `windowFeaturesAsync`, so augmented copies
 * go through the front end too.
 */
export async function buildFeatureSetAsync(clips: readonly PreparedClip[], pipeline: FeaturePipeline, options: BuildFeatureSetOptions): Promise<FeatureSet> {
  if (!pipeline.needsFrontEnd && !options.stats?.needsFrontEnd) return buildFeatureSet(clips, pipeline, options);
  const set = emptySet(options);
  for (const job of featureJobs(clips, pipeline, options)) {
    const m = await pipeline.windowFeaturesAsync(job.signal, job.offset);
    addSample(set, job, m, await options.stats?.computeAsync(pipeline.windowSpeech(job.signal, job.offset)), options);
  }
  return set;
}

/** One sample to featurise: the (augmented, levelled) signal and the window offset. */
interface FeatureJob {
  readonly i: number;
  readonly c: number;
  readonly y: number;
  readonly signal: Float32Array;
  readonly offset: number | undefined;
  readonly itemSeed: number;
  /** Set on the clip's last copy (for progress). */
  readonly lastOfClip: boolean;
  /** Clips in the set (for progress). */
  readonly clips: number;
}

function emptySet(options: BuildFeatureSetOptions): FeatureSet {
  return { x: [], y: [], source: [], copy: [], ...(options.stats ? { stats: [] } : {}) };
}

/** The samples of a feature set in order: every clip, then its augmented copies. */
function* featureJobs(clips: readonly PreparedClip[], pipeline: FeaturePipeline, options: BuildFeatureSetOptions): Generator<FeatureJob> {
  const copies = options.augment ? (options.copies ?? 0) : 0;
  if (!Number.isInteger(copies) || copies < 0)
    throw new InvalidArgumentError('copies', copies, 'integer >= 0', `buildFeatureSet: copies must be an integer >= 0 (got ${copies}).`);
  const labelIndex = new Map(options.labels.map((l, i) => [l, i]));
  const seed = options.seed ?? 0;
  const sr = pipeline.config.sampleRate;
  const n = pipeline.windowSamples;
  for (const [i, clip] of clips.entries()) {
    const y = labelIndex.get(clip.item.emotion);
    if (y === undefined)
      throw new InvalidArgumentError('labels', clip.item.emotion, options.labels.join(', '), `buildFeatureSet: ${clip.item.path} has label '${clip.item.emotion}', which is not among the labels [${options.labels.join(', ')}]. Map or drop it when loading.`);
    for (let c = 0; c <= copies; c++) {
      let signal = clip.signal;
      const itemSeed = (Math.imul(i + 1, 0x9e3779b1) ^ Math.imul(c + 1, 0x85ebca6b) ^ seed) >>> 0;
      // augmented copies are levelled again, as the same speech through that channel would be
      if (c > 0) signal = pipeline.normalizeLevel(options.augment!.apply(signal, { sampleRate: sr, seed: itemSeed }));
      let offset: number | undefined;
      if (options.randomCrop && signal.length > n) offset = Math.floor(createRng(itemSeed ^ 0x5bd1e995)() * (signal.length - n + 1));
      yield { i, c, y, signal, offset, itemSeed, lastOfClip: c === copies, clips: clips.length };
    }
  }
}

/** Append one featurised sample (SpecAugment on augmented copies) and its statistics (when asked). */
function addSample(set: FeatureSet, job: FeatureJob, features: FeatureMatrix, stats: Float32Array | undefined, options: BuildFeatureSetOptions): void {
  let m = features;
  if (job.c > 0 && options.augment!.config.recipe.some((s) => s.type === 'specAugment')) m = options.augment!.applyFeatures(m, { seed: job.itemSeed });
  set.x.push(m);
  if (stats) set.stats!.push(stats);
  set.y.push(job.y);
  set.source.push(job.i);
  set.copy.push(job.c);
  if (job.lastOfClip) options.onProgress?.(job.i + 1, job.clips, 'features');
}
