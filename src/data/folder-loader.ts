/**
 * The shared engine behind the name-based loaders: list audio files, parse each name, apply the
 * extra-label policy and filters, drop duplicates, and report what was skipped.
 * @module
 */
import { DatasetError, InvalidArgumentError } from '../errors.js';
import { assertOneOf } from '../internal/validate.js';
import {
  DATASET_LOAD_DEFAULTS,
  type DatasetItem,
  type DatasetName,
  type DatasetLoadConfig,
  type DatasetLoadOptions,
  type DatasetLoadResult,
  type ParsedName,
  type SkippedFile,
} from './dataset-item.js';
import { applyExtraLabels, resolveExtraLabels } from './labels.js';
import { extensionOf, listFiles, stripExtension, type FoundFile } from './node-io.js';

/** Merge, validate and freeze {@link DatasetLoadOptions}. */
export function resolveDatasetLoadConfig(component: string, options: DatasetLoadOptions = {}): DatasetLoadConfig {
  // Ignore explicit `undefined`s so they fall back to the defaults.
  const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as DatasetLoadOptions;
  const cfg = { ...DATASET_LOAD_DEFAULTS, ...given };
  resolveExtraLabels(component, cfg.extraLabels);
  for (const key of ['recursive', 'checkExists'] as const) {
    if (typeof cfg[key] !== 'boolean') {
      throw new InvalidArgumentError(key, cfg[key], 'boolean', `${component}: ${key} must be a boolean (got ${String(cfg[key])}).`);
    }
  }
  assertOneOf(component, 'vocalChannel', cfg.vocalChannel, ['speech', 'song', 'both'] as const);
  if (
    !Array.isArray(cfg.extensions) ||
    cfg.extensions.length === 0 ||
    !cfg.extensions.every((e) => typeof e === 'string' && /^\.[a-z0-9]+$/.test(e))
  ) {
    throw new InvalidArgumentError(
      'extensions',
      cfg.extensions,
      "lower-case extensions with a dot, e.g. ['.wav']",
      `${component}: extensions must be a non-empty list of lower-case extensions with a dot, e.g. ['.wav', '.flac'] (got ${JSON.stringify(cfg.extensions)}).`,
    );
  }
  return Object.freeze({ ...cfg, extensions: Object.freeze([...cfg.extensions]) });
}

/** How one dataset names its files. */
export interface NameScheme {
  readonly dataset: DatasetName;
  /** Display name in messages, e.g. 'RAVDESS'. */
  readonly title: string;
  /** Loader name in messages, e.g. 'loadRavdess'. */
  readonly component: string;
  /** What a valid name looks like, for the error message. */
  readonly expected: string;
  parse(fileName: string, dirName?: string): ParsedName | null;
  /** Identity of a recording, to drop copies found twice in one tree. */
  key(parsed: ParsedName, fileName: string): string;
  /** Reason to exclude a recognised file under `config`, or null to keep it. */
  filter?(parsed: ParsedName, config: DatasetLoadConfig): string | null;
  /**
   * Reason to exclude a file by where it lies, before its name is parsed (TurEV-DB's
   * `Model Output for Test Data/` copies), or null to keep it. Excluded files are reported as
   * `filtered`.
   */
  exclude?(file: FoundFile): string | null;
}

/** Load every recognisable file of `scheme` under `dir`. */
export async function loadFolder(scheme: NameScheme, dir: string, options: DatasetLoadOptions = {}): Promise<DatasetLoadResult> {
  const config = resolveDatasetLoadConfig(scheme.component, options);
  const extra = resolveExtraLabels(scheme.component, config.extraLabels);
  const files = await listFiles(scheme.component, dir, config.recursive);
  const items: DatasetItem[] = [];
  const skipped: SkippedFile[] = [];
  const seen = new Map<string, string>();
  let audio = 0;
  let recognised = 0;
  let excludedCount = 0;
  let excludedReason = '';
  const examples: string[] = [];
  for (const f of files) {
    if (!config.extensions.includes(extensionOf(f.name))) continue;
    audio++;
    if (f.name.startsWith('.')) {
      skipped.push({ path: f.path, code: 'hidden', reason: 'hidden file or macOS resource fork' });
      continue;
    }
    const excluded = scheme.exclude?.(f) ?? null;
    if (excluded !== null) {
      excludedCount++;
      excludedReason = excluded;
      skipped.push({ path: f.path, code: 'filtered', reason: excluded });
      continue;
    }
    const parsed = scheme.parse(f.name, f.dirName);
    if (parsed === null) {
      if (examples.length < 3) examples.push(f.name);
      skipped.push({ path: f.path, code: 'unrecognised-name', reason: `name does not follow the ${scheme.title} scheme (${scheme.expected})` });
      continue;
    }
    recognised++;
    const why = scheme.filter?.(parsed, config) ?? null;
    if (why !== null) {
      skipped.push({ path: f.path, code: 'filtered', reason: why });
      continue;
    }
    const key = scheme.key(parsed, stripExtension(f.name));
    const first = seen.get(key);
    if (first !== undefined) {
      skipped.push({ path: f.path, code: 'duplicate', reason: `same recording as ${first}` });
      continue;
    }
    seen.set(key, f.path);
    const emotion = applyExtraLabels(parsed.label, parsed.emotion, extra);
    if (emotion === null) {
      skipped.push({
        path: f.path,
        code: 'extra-label',
        reason: `label '${parsed.label}' is not one of the six classes (map it with extraLabels, e.g. { ${parsed.label}: 'neutral' })`,
      });
      continue;
    }
    items.push({
      path: f.path,
      emotion,
      speaker: parsed.speaker,
      dataset: scheme.dataset,
      label: parsed.label,
      ...(parsed.gender !== undefined && { gender: parsed.gender }),
      ...(parsed.intensity !== undefined && { intensity: parsed.intensity }),
      ...(parsed.statement !== undefined && { statement: parsed.statement }),
    });
  }
  if (recognised === 0) {
    const what =
      audio === 0
        ? `found no ${config.extensions.join('/')} files`
        : excludedCount === audio
          ? `all of its ${audio} audio files are excluded (${excludedReason})`
          : `none of its ${audio} audio files is named like a ${scheme.title} file (e.g. ${examples.map((e) => JSON.stringify(e)).join(', ')})`;
    throw new DatasetError(
      `${scheme.component}: ${JSON.stringify(dir)} does not look like ${scheme.title}: ${what}. Expected ${scheme.expected}${config.recursive ? '' : ' (recursive: false, so sub-folders were not searched)'}. Check the folder, or list the files in a CSV and use loadDataset('csv', file).`,
    );
  }
  return { items, skipped };
}
