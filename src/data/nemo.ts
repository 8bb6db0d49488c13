/**
 * nEMO (Christop, LREC-COLING 2024), Polish: a flat folder of `EB0_anger_12.wav`
 * (speaker_emotion_number) plus `data.tsv` with each clip's speaker, gender, age and transcript.
 * @module
 */
import { IoError } from '../errors.js';
import type { Emotion } from '../types.js';
import type { DatasetLoadOptions, DatasetLoadResult, Gender, ParsedName } from './dataset-item.js';
import { loadFolder, type NameScheme } from './folder-loader.js';
import { nodeIo, stripExtension } from './node-io.js';

/** nEMO emotion word → six-class emotion or null (`surprised` is an extra label). */
const EMOTION_WORDS: Readonly<Record<string, Emotion | null>> = Object.freeze({
  anger: 'angry',
  fear: 'fear',
  happiness: 'happy',
  neutral: 'neutral',
  sadness: 'sad',
  surprised: null,
});
const NEMO_RE = /^([A-Za-z]+\d*)_([A-Za-z]+)_(\d+)$/;

/** The name of nEMO's metadata file, in the corpus folder. */
export const NEMO_METADATA_FILE = 'data.tsv';

/**
 * Read an nEMO file name `{speaker}_{emotion}_{n}`: speaker (`EB0`, `KS0`, …), emotion word
 * (anger → angry, fear, happiness → happy, neutral, sadness → sad, or surprised, an extra label)
 * and the clip number. The name carries no gender: {@link loadNemo} adds it from `data.tsv`.
 * @param fileName - the base name, with or without extension.
 * @param _dirName - unused (accepted for a uniform parser signature).
 * @returns the parsed fields, or `null` when the name does not follow the scheme.
 * @example parseNemoName('EB0_anger_12.wav') // => { label: 'anger', emotion: 'angry', speaker: 'EB0' }
 */
export function parseNemoName(fileName: string, _dirName?: string): ParsedName | null {
  const m = NEMO_RE.exec(stripExtension(fileName));
  if (m === null) return null;
  const [, speaker, word] = m as unknown as [string, string, string, string];
  const label = word.toLowerCase();
  const emotion = EMOTION_WORDS[label];
  if (emotion === undefined) return null;
  return { label, emotion, speaker: speaker.toUpperCase() };
}

/** One row of nEMO's `data.tsv`. */
export interface NemoMetadata {
  /** `file_id`, e.g. `'EB0_anger_1.wav'`. */
  readonly file: string;
  /** `speaker_id` (trimmed: the file pads it with spaces). */
  readonly speaker: string;
  readonly gender?: Gender;
  readonly age?: number;
  /** `normalized_text` (or `raw_text` when there is no normalised column). */
  readonly transcript?: string;
}

/**
 * Parse nEMO's `data.tsv` (tab-separated, header `file_id emotion raw_text normalized_text
 * speaker_id gender age`; columns are found by name). Rows without a `file_id` are ignored.
 * @returns the rows by file name.
 */
export function parseNemoMetadata(text: string): Map<string, NemoMetadata> {
  const lines = text.replace(/^\ufeff/, '').split(/\r\n|\n|\r/);
  const header = (lines[0] ?? '').split('\t').map((h) => h.trim().toLowerCase());
  const col = (name: string): number => header.indexOf(name);
  const [fileCol, speakerCol, genderCol, ageCol] = [col('file_id'), col('speaker_id'), col('gender'), col('age')];
  const textCol = col('normalized_text') >= 0 ? col('normalized_text') : col('raw_text');
  const out = new Map<string, NemoMetadata>();
  if (fileCol < 0) return out;
  for (const line of lines.slice(1)) {
    const cells = line.split('\t').map((c) => c.trim());
    const file = cells[fileCol] ?? '';
    if (file === '') continue;
    const g = (cells[genderCol] ?? '').toLowerCase();
    const gender: Gender | undefined = g === 'female' || g === 'f' ? 'female' : g === 'male' || g === 'm' ? 'male' : undefined;
    const age = Number(cells[ageCol] ?? '');
    const transcript = cells[textCol] ?? '';
    out.set(file, {
      file,
      speaker: cells[speakerCol] ?? '',
      ...(gender !== undefined && { gender }),
      ...(ageCol >= 0 && cells[ageCol] !== '' && Number.isFinite(age) && { age }),
      ...(transcript !== '' && { transcript }),
    });
  }
  return out;
}

function nemoScheme(meta: ReadonlyMap<string, NemoMetadata>): NameScheme {
  return Object.freeze({
    dataset: 'nemo',
    title: 'nEMO',
    component: 'loadNemo',
    expected: "names like 'EB0_anger_12.wav' (speaker_emotion_number; emotion anger/fear/happiness/neutral/sadness/surprised), in one flat folder with data.tsv",
    parse(fileName: string): ParsedName | null {
      const p = parseNemoName(fileName);
      if (p === null) return null;
      const row = meta.get(fileName) ?? meta.get(`${stripExtension(fileName)}.wav`);
      if (row === undefined) return p;
      return {
        ...p,
        ...(row.gender !== undefined && { gender: row.gender }),
        ...(row.transcript !== undefined && { statement: row.transcript }),
      };
    },
    key: (_p: ParsedName, base: string) => base,
  } satisfies NameScheme);
}

/**
 * Index an nEMO folder: the flat folder of `{speaker}_{emotion}_{n}.wav` files. When the folder
 * holds `data.tsv`, each item gets the speaker's `gender` and the clip's normalised transcript (as
 * `statement`) from it; without it, both are left unset. Surprised is dropped unless `extraLabels`
 * maps it (`{ surprised: 'happy' }`). 9 speakers, 4481 clips.
 * @throws {DatasetError} SER_DATASET when no file under `dir` is named like nEMO.
 * @throws {IoError} SER_IO when `dir` or an existing `data.tsv` cannot be read.
 */
export async function loadNemo(dir: string, options: DatasetLoadOptions = {}): Promise<DatasetLoadResult> {
  const { fs, path } = await nodeIo('loadNemo');
  const tsv = path.join(path.resolve(dir), NEMO_METADATA_FILE);
  let meta = new Map<string, NemoMetadata>();
  try {
    meta = parseNemoMetadata(await fs.readFile(tsv, 'utf8'));
  } catch (e) {
    const code = (e as { code?: string }).code;
    // No data.tsv (or `dir` itself missing: loadFolder reports that) is fine; anything else is not.
    if (code !== 'ENOENT' && code !== 'ENOTDIR') {
      throw new IoError(tsv, `loadNemo: cannot read ${JSON.stringify(tsv)} (${code ?? 'error'}). Check its permissions, or remove it to load without genders.`, { cause: e });
    }
  }
  return loadFolder(nemoScheme(meta), dir, options);
}
