/**
 * Datasets (layer 3): index emotional-speech corpora by their file-naming schemes (RAVDESS,
 * CREMA-D, TESS, SAVEE, EmoDB) or a CSV manifest, and split them by speaker. Imports only
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
