/**
 * Where the scripts find each corpus (RAVDESS and TESS in ../shared/data, the four others built into
 * ../corpora by ../shared/data/build-corpora.sh; docs/datasets.md), and their items with speakers
 * prefixed by the corpus (`nemo/EB0`), so no two corpora share a speaker id.
 */
import { resolve } from 'node:path';
import type { DatasetItem, DatasetName } from '../src/data/dataset-item.js';
import { loadDataset } from '../src/data/load-dataset.js';
import { mixDatasets } from '../src/data/mix.js';

export const CORPUS_DIRS: Readonly<Record<string, string>> = Object.freeze({
  ravdess: '../shared/data/ravdess-16k',
  tess: '../shared/data/tess-16k',
  nemo: '../corpora/nemo',
  emovo: '../corpora/emovo',
  'turev-db': '../corpora/turev-db',
  'emotiontts-open': '../corpora/emotiontts-open',
});

/** Every six-class item of one corpus, speakers prefixed with the corpus name. */
export async function corpusItems(name: string): Promise<DatasetItem[]> {
  const dir = CORPUS_DIRS[name];
  if (!dir) throw new Error(`unknown corpus ${name}; one of ${Object.keys(CORPUS_DIRS).join(', ')}`);
  const { items } = await loadDataset(name as DatasetName, resolve(dir));
  return mixDatasets([{ name, items }]).items;
}
