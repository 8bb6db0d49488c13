/**
 * SAVEE (Haq & Jackson 2009): `DC_a01.wav` or `AudioData/DC/a01.wav` (speaker, emotion code, number).
 * @module
 */
import type { Emotion } from '../types.js';
import type { DatasetLoadOptions, DatasetLoadResult, ParsedName } from './dataset-item.js';
import { loadFolder, type NameScheme } from './folder-loader.js';
import { stripExtension } from './node-io.js';

const EMOTION_CODES: Readonly<Record<string, readonly [string, Emotion | null]>> = Object.freeze({
  a: ['anger', 'angry'],
  d: ['disgust', 'disgust'],
  f: ['fear', 'fear'],
  h: ['happiness', 'happy'],
  n: ['neutral', 'neutral'],
  sa: ['sadness', 'sad'],
  su: ['surprise', null],
});
const SAVEE_RE = /^(?:([A-Za-z]{2})_)?(sa|su|a|d|f|h|n)(\d{2})$/i;
const SPEAKER_DIR_RE = /^[A-Za-z]{2}$/;

/**
 * Read a SAVEE file name: optional speaker prefix (DC, JE, JK, KL; four male speakers), emotion
 * code (a anger, d disgust, f fear, h happiness, n neutral, sa sadness, su surprise) and a two-digit
 * sentence number. Without the prefix (`AudioData/DC/a01.wav`) the folder name is the speaker.
 * Surprise comes back with `emotion: null` (an extra label).
 * @returns the parsed fields, or `null` when the name does not follow the scheme or the speaker is unknown.
 * @example parseSaveeName('KL_sa03.wav') // => { label: 'sadness', emotion: 'sad', speaker: 'KL', gender: 'male', statement: 'sa03' }
 */
export function parseSaveeName(fileName: string, dirName?: string): ParsedName | null {
  const m = SAVEE_RE.exec(stripExtension(fileName));
  if (m === null) return null;
  const [, prefix, code, num] = m as unknown as [string, string | undefined, string, string];
  let speaker = prefix;
  if (speaker === undefined) {
    if (dirName === undefined || !SPEAKER_DIR_RE.test(dirName)) return null;
    speaker = dirName;
  }
  const c = code.toLowerCase();
  const e = EMOTION_CODES[c]!;
  return { label: e[0], emotion: e[1], speaker: speaker.toUpperCase(), gender: 'male', statement: `${c}${num}` };
}

/** SAVEE naming scheme for the shared folder loader. */
export const SAVEE_SCHEME: NameScheme = Object.freeze({
  dataset: 'savee',
  title: 'SAVEE',
  component: 'loadSavee',
  expected: "names like 'DC_a01.wav' or 'AudioData/DC/a01.wav' (speaker DC/JE/JK/KL, emotion a/d/f/h/n/sa/su, two-digit number)",
  parse: parseSaveeName,
  key: (p: ParsedName) => `${p.speaker}_${p.statement ?? ''}`,
});

/**
 * Index a SAVEE folder (`AudioData/` with speaker sub-folders, or the flat `ALL/` layout).
 * Surprise is dropped unless `extraLabels` maps it.
 * @throws {DatasetError} SER_DATASET when no file under `dir` is named like SAVEE.
 */
export function loadSavee(dir: string, options: DatasetLoadOptions = {}): Promise<DatasetLoadResult> {
  return loadFolder(SAVEE_SCHEME, dir, options);
}
