/**
 * Types shared by the dataset loaders and splitters.
 * @module
 */
import type { Emotion } from '../types.js';

/** Datasets the library can index by file name (plus `csv`, a manifest of path,label[,speaker]). */
export const DATASET_NAMES = Object.freeze(['ravdess', 'crema-d', 'tess', 'savee', 'emodb', 'nemo', 'emovo', 'turev-db', 'emotiontts-open', 'csv'] as const);

/** One of {@link DATASET_NAMES}. */
export type DatasetName = (typeof DATASET_NAMES)[number];

/** Speaker gender, where the dataset documents it. */
export type Gender = 'male' | 'female';

/**
 * Expressed intensity, where the dataset records it: RAVDESS `normal` / `strong`; CREMA-D `low`,
 * `medium`, `high` or `unspecified` (`XX`).
 */
export type Intensity = 'normal' | 'strong' | 'low' | 'medium' | 'high' | 'unspecified';

/** One labelled audio file of a dataset. */
export interface DatasetItem {
  /** Absolute path of the audio file (CSV paths are resolved against the CSV's folder). */
  readonly path: string;
  /** One of the six classes (after `extraLabels` mapping). */
  readonly emotion: Emotion;
  /**
   * Speaker id as the dataset writes it: RAVDESS actor `'01'`, CREMA-D `'1001'`, TESS `'OAF'`,
   * SAVEE `'DC'`, EmoDB `'03'`, nEMO `'EB0'`, EMOVO `'f1'`, TurEV-DB `'1234'`, Emotion TTS
   * `'neo'`, CSV speaker column. Unique within one dataset only: combine with `dataset` (see
   * {@link speakerKey}) when mixing datasets; `mixDatasets` prefixes it with the corpus name
   * (`'emovo/f1'`).
   */
  readonly speaker: string;
  /**
   * Which loader produced the item: the item's corpus (`mixDatasets`, `corpusClassWeights` and
   * `leaveOneCorpusOut` read it through `corpusOf`).
   */
  readonly dataset: DatasetName;
  /**
   * The label as the dataset names it, lower-case: e.g. `'fearful'` (RAVDESS), `'anger'` (SAVEE),
   * `'calm'` (before a `{ calm: 'neutral' }` mapping), or the raw CSV cell.
   */
  readonly label?: string;
  readonly gender?: Gender;
  readonly intensity?: Intensity;
  /**
   * Sentence / text id within the dataset: RAVDESS `'01'`/`'02'`, CREMA-D `'DFA'`, TESS the
   * target word, SAVEE `'a01'`, EmoDB `'a01'`, EMOVO `'b1'`, TurEV-DB the word (`'algi'`), nEMO
   * the normalised transcript from `data.tsv`.
   */
  readonly statement?: string;
}

/**
 * What to do with labels outside the six classes (RAVDESS calm and surprised, SAVEE surprise, TESS
 * pleasant surprise, EmoDB boredom, nEMO surprised, EMOVO surprise, TurEV-DB calm, other CSV labels): `'drop'` (skip the file, the default), or a
 * map from such a label to one of the six classes, e.g. `{ calm: 'neutral' }`. Unmapped extra
 * labels are still dropped. Keys are case-insensitive and accept aliases (`surprise` = `surprised`
 * = `su`; `ps` = `pleasant_surprise`; `bored` = `boredom`).
 */
export type ExtraLabelPolicy = 'drop' | Readonly<Partial<Record<string, Emotion>>>;

/** Options of {@link loadDataset} and the per-dataset loaders; all optional. */
export interface DatasetLoadOptions {
  /** Labels outside the six classes. @defaultValue 'drop' */
  readonly extraLabels?: ExtraLabelPolicy;
  /** Walk sub-folders (RAVDESS `Actor_01/`, TESS `OAF_angry/`, SAVEE `AudioData/DC/`). @defaultValue true */
  readonly recursive?: boolean;
  /** RAVDESS only: which vocal channel to keep (`03-01-…` speech, `03-02-…` song). @defaultValue 'speech' */
  readonly vocalChannel?: 'speech' | 'song' | 'both';
  /** File extensions considered audio (lower-case, with the dot). @defaultValue ['.wav'] */
  readonly extensions?: readonly string[];
  /** CSV only: skip rows whose file does not exist (reason `missing-file`). @defaultValue true */
  readonly checkExists?: boolean;
}

/** Defaults of {@link DatasetLoadOptions}. */
export const DATASET_LOAD_DEFAULTS = Object.freeze({
  extraLabels: 'drop',
  recursive: true,
  vocalChannel: 'speech',
  extensions: Object.freeze(['.wav']),
  checkExists: true,
} as const satisfies Required<DatasetLoadOptions>);

/** Resolved {@link DatasetLoadOptions}. */
export interface DatasetLoadConfig {
  readonly extraLabels: ExtraLabelPolicy;
  readonly recursive: boolean;
  readonly vocalChannel: 'speech' | 'song' | 'both';
  readonly extensions: readonly string[];
  readonly checkExists: boolean;
}

/** Why a file was not turned into an item. */
export type SkipCode =
  /** The name does not follow the dataset's naming scheme. */
  | 'unrecognised-name'
  /** A label outside the six classes, dropped by `extraLabels`. */
  | 'extra-label'
  /** A CSV label that is neither one of the six classes (or an alias) nor a known extra label. */
  | 'unknown-label'
  /**
   * Recognised but excluded by an option (RAVDESS song / video modality), or found in a folder the
   * corpus says not to use (TurEV-DB `Model Output for Test Data/`).
   */
  | 'filtered'
  /** The same recording was already indexed from another folder (e.g. Kaggle's doubled RAVDESS tree). */
  | 'duplicate'
  /** A hidden file or macOS resource fork (`._x.wav`, `__MACOSX/`). */
  | 'hidden'
  /** A CSV row whose audio file does not exist. */
  | 'missing-file'
  /** A CSV row that is malformed (too few columns, empty path). */
  | 'bad-row';

/** A file (or CSV row) the loader did not index, and why. */
export interface SkippedFile {
  readonly path: string;
  readonly code: SkipCode;
  /** Human-readable reason. */
  readonly reason: string;
}

/** Result of a loader: the items (sorted by path) and everything skipped. */
export interface DatasetLoadResult {
  readonly items: DatasetItem[];
  readonly skipped: SkippedFile[];
}

/**
 * What a `parseXxxName()` function reads from one file name: the dataset's own label, its six-class
 * emotion (`null` for an extra label), the speaker and optional metadata.
 */
export interface ParsedName {
  /** The dataset's label, lower-case (`'fearful'`, `'calm'`, `'pleasant_surprise'`, `'boredom'`). */
  readonly label: string;
  /** The six-class emotion, or `null` when `label` is outside the six classes. */
  readonly emotion: Emotion | null;
  readonly speaker: string;
  readonly gender?: Gender;
  readonly intensity?: Intensity;
  readonly statement?: string;
  /** RAVDESS: `audio-video` (01), `video-only` (02), `audio-only` (03). */
  readonly modality?: 'audio-video' | 'video-only' | 'audio-only';
  /** RAVDESS: `speech` (01) or `song` (02). */
  readonly vocalChannel?: 'speech' | 'song';
  /** RAVDESS repetition 1 or 2. */
  readonly repetition?: number;
}

/**
 * Grouping key that is unique across datasets: `'<dataset>:<speaker>'` (RAVDESS actor 03 and EmoDB
 * speaker 03 are different people). The default `groupBy` of the splitters.
 */
export function speakerKey(item: { readonly speaker: string; readonly dataset?: string }): string {
  return item.dataset === undefined ? item.speaker : `${item.dataset}:${item.speaker}`;
}
