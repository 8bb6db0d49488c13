import { DATASET_NAMES, type DatasetName } from '../data/dataset-item.js';
import { UsageError } from './usage-error.js';

/** `--dataset NAME` checked against the loaders' names. */
export function requireDataset(name: string | undefined, command: string): DatasetName {
  if (!name || !(DATASET_NAMES as readonly string[]).includes(name)) throw new UsageError(`--dataset must be one of ${DATASET_NAMES.join(', ')} (got ${name ?? 'nothing'}).`, command);
  return name as DatasetName;
}
