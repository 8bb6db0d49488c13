/**
 * One entry point for every supported dataset.
 * @module
 */
import { assertOneOf } from '../internal/validate.js';
import { loadCremaD } from './crema-d.js';
import { loadCsv, type CsvLoadOptions } from './csv.js';
import { DATASET_NAMES, type DatasetName, type DatasetLoadOptions, type DatasetLoadResult } from './dataset-item.js';
import { loadEmoDb } from './emodb.js';
import { loadEmotionTtsOpen } from './emotiontts-open.js';
import { loadEmovo } from './emovo.js';
import { loadNemo } from './nemo.js';
import { loadRavdess } from './ravdess.js';
import { loadSavee } from './savee.js';
import { loadTess } from './tess.js';
import { loadTurevDb } from './turev-db.js';

/**
 * Index a dataset by its file names (or, for `'csv'`, by a manifest). Node only: the file-system
 * modules are imported on first call, so importing the library in a browser stays safe.
 *
 * Unrecognisable files are skipped and reported in `skipped` with a code and reason; items come
 * back sorted by path, so the result (and any seeded split of it) is the same on every machine.
 *
 * @param name - `'ravdess' | 'crema-d' | 'tess' | 'savee' | 'emodb' | 'nemo' | 'emovo' | 'turev-db' |
 * 'emotiontts-open' | 'csv'` (see {@link DATASET_NAMES}).
 * @param dir - the dataset's root folder (sub-folders are searched unless `recursive: false`); for
 * `'csv'`, the CSV file (or a folder holding exactly one).
 * @param options - extra-label policy, recursion, RAVDESS vocal channel, extensions; see {@link DatasetLoadOptions}.
 * @throws {InvalidArgumentError} SER_INVALID_ARGUMENT for an unknown name or bad option.
 * @throws {DatasetError} SER_DATASET when the folder holds no file named like the dataset (the
 * message says which naming scheme was expected).
 * @throws {IoError} SER_IO when the folder or CSV cannot be read.
 * @example
 * ```ts
 * const { items, skipped } = await loadDataset('ravdess', '/data/ravdess', { extraLabels: { calm: 'neutral' } });
 * ```
 */
export function loadDataset(name: DatasetName, dir: string, options: DatasetLoadOptions | CsvLoadOptions = {}): Promise<DatasetLoadResult> {
  try {
    assertOneOf('loadDataset', 'name', name, DATASET_NAMES);
  } catch (e) {
    return Promise.reject(e);
  }
  switch (name) {
    case 'ravdess':
      return loadRavdess(dir, options);
    case 'crema-d':
      return loadCremaD(dir, options);
    case 'tess':
      return loadTess(dir, options);
    case 'savee':
      return loadSavee(dir, options);
    case 'emodb':
      return loadEmoDb(dir, options);
    case 'nemo':
      return loadNemo(dir, options);
    case 'emovo':
      return loadEmovo(dir, options);
    case 'turev-db':
      return loadTurevDb(dir, options);
    case 'emotiontts-open':
      return loadEmotionTtsOpen(dir, options);
    case 'csv':
      return loadCsv(dir, options);
  }
}
