/**
 * Datasets (layer 3): index emotional-speech corpora by their file-naming schemes (RAVDESS,
 * CREMA-D, TESS, SAVEE, EmoDB, nEMO, EMOVO, TurEV-DB, Emotion TTS open DB) or a CSV manifest, mix
 * corpora with balanced sample weights, and split them by speaker or by corpus. Imports only
 * `errors`, `types` and `internal`; loaders reach Node's `fs`/`path` through a dynamic import at
 * call time, so this module is safe to bundle for the browser (where only the pure parsers and
 * splitters are usable).
 * @module
 */
export {
  DATASET_NAMES,
  DATASET_LOAD_DEFAULTS,
  speakerKey,
  type DatasetItem,
  type DatasetName,
  type ExtraLabelPolicy,
  type Gender,
  type Intensity,
  type DatasetLoadConfig,
  type DatasetLoadOptions,
  type DatasetLoadResult,
  type ParsedName,
  type SkipCode,
  type SkippedFile,
} from './dataset-item.js';
export { EMOTION_ALIASES, EXTRA_LABEL_ALIASES, normalizeEmotion, canonicalExtraLabel } from './labels.js';
export { resolveDatasetLoadConfig } from './folder-loader.js';
export { parseRavdessName, loadRavdess } from './ravdess.js';
export { parseCremaDName, loadCremaD } from './crema-d.js';
export { parseTessName, loadTess } from './tess.js';
export { parseSaveeName, loadSavee } from './savee.js';
export { parseEmoDbName, loadEmoDb } from './emodb.js';
export { parseNemoName, parseNemoMetadata, loadNemo, NEMO_METADATA_FILE, type NemoMetadata } from './nemo.js';
export { parseEmovoName, loadEmovo } from './emovo.js';
export { parseTurevName, loadTurevDb, TUREV_EXCLUDED_FOLDER } from './turev-db.js';
export { parseEmotionTtsName, loadEmotionTtsOpen } from './emotiontts-open.js';
export { parseCsv, parseManifest, loadCsv, type CsvLoadOptions, type ManifestRow } from './csv.js';
export { loadDataset } from './load-dataset.js';
export {
  groupedKFold,
  groupedTrainValTest,
  GROUPED_SPLIT_DEFAULTS,
  type Fold,
  type GroupedKFoldOptions,
  type GroupedTrainValTestOptions,
  type TrainValTestSplit,
} from './split.js';
export { classWeights, classCounts, balancedWeightsByIndex } from './class-weights.js';
export {
  mixDatasets,
  corpusClassWeights,
  classesPresent,
  corpusOf,
  type CorpusTagged,
  type CorpusOptions,
  type CorpusClassWeightOptions,
  type CorpusSummary,
  type MixPart,
  type MixOptions,
  type MixResult,
} from './mix.js';
export { leaveOneCorpusOut, type CorpusFold, type LeaveOneCorpusOutOptions } from './corpus-split.js';
