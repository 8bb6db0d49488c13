/**
 * TurEV-DB (Canpolat et al. 2020), Turkish single words: `Angry/1234_kz_algi.wav`
 * (speaker_emotion_word) under one folder per emotion.
 * @module
 */
import type { Emotion } from '../types.js';
import type { DatasetLoadOptions, DatasetLoadResult, ParsedName } from './dataset-item.js';
import { loadFolder, type NameScheme } from './folder-loader.js';
import { stripExtension, type FoundFile } from './node-io.js';

/** Turkish emotion code → [label, six-class emotion or null]. */
const EMOTION_CODES: Readonly<Record<string, readonly [string, Emotion | null]>> = Object.freeze({
  kz: ['angry', 'angry'], // kızgın
  mt: ['happy', 'happy'], // mutlu
  hl: ['sad', 'sad'], // hüzünlü
  // sakin: low-arousal calm, not neutral (an extra label, like RAVDESS calm).
  sk: ['calm', null],
});
const TUREV_RE = /^(\d{3,5})_(kz|sk|mt|hl)_([a-z0-9]+)$/i;

/** The repository's folder of high-pass-filtered duplicates of test clips: never training data. */
export const TUREV_EXCLUDED_FOLDER = 'Model Output for Test Data';

/**
 * Read a TurEV-DB file name `{speaker}_{emotion}_{word}`: speaker id (four digits: 1157, 1234,
 * 1358, 1984, 6783, 7895), emotion code (kz angry, mt happy, hl sad, sk calm, an extra label) and
 * the spoken word. The emotion folder (`Angry/`, `Calm/`, …) repeats the code; the name decides.
 * @param fileName - the base name, with or without extension.
 * @param _dirName - unused (accepted for a uniform parser signature).
 * @returns the parsed fields, or `null` when the name does not follow the scheme.
 * @example parseTurevName('1234_kz_algi.wav') // => { label: 'angry', emotion: 'angry', speaker: '1234', statement: 'algi' }
 */
export function parseTurevName(fileName: string, _dirName?: string): ParsedName | null {
  const m = TUREV_RE.exec(stripExtension(fileName));
  if (m === null) return null;
  const [, speaker, code, word] = m as unknown as [string, string, string, string];
  const e = EMOTION_CODES[code.toLowerCase()]!;
  return { label: e[0], emotion: e[1], speaker, statement: word.toLowerCase() };
}

/** TurEV-DB naming scheme for the shared folder loader. */
export const TUREV_DB_SCHEME: NameScheme = Object.freeze({
  dataset: 'turev-db',
  title: 'TurEV-DB',
  component: 'loadTurevDb',
  expected: "names like 'Angry/1234_kz_algi.wav' (speaker_emotion_word; emotion kz/sk/mt/hl), in the emotion folders of 'Sound Source/'",
  parse: parseTurevName,
  key: (p: ParsedName) => `${p.speaker}_${p.label}_${p.statement ?? ''}`,
  exclude(file: FoundFile): string | null {
    const inside = file.path.split(/[\\/]/).some((seg) => seg.toLowerCase() === TUREV_EXCLUDED_FOLDER.toLowerCase());
    return inside ? `in '${TUREV_EXCLUDED_FOLDER}/' (high-pass-filtered copies of test clips, not recordings to train or test on)` : null;
  },
});

/**
 * Index a TurEV-DB folder (its `Sound Source/` with `Angry/ Calm/ Happy/ Sad/`). Calm is a
 * low-arousal state, not neutral: it is dropped unless `extraLabels` maps it (`{ calm: 'neutral' }`
 * only if you accept that). Files under `Model Output for Test Data/` are never indexed (reported
 * as `filtered`). 6 speakers, 1735 single words of about 0.6 s at 44.1 kHz.
 * @throws {DatasetError} SER_DATASET when no file under `dir` is named like TurEV-DB.
 */
export function loadTurevDb(dir: string, options: DatasetLoadOptions = {}): Promise<DatasetLoadResult> {
  return loadFolder(TUREV_DB_SCHEME, dir, options);
}
