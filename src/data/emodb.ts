/**
 * Berlin EmoDB (Burkhardt et al. 2005): `wav/03a01Fa.wav` (speaker, text, emotion, version).
 * @module
 */
import type { Emotion } from '../types.js';
import type { Gender, DatasetLoadOptions, DatasetLoadResult, ParsedName } from './dataset-item.js';
import { loadFolder, type NameScheme } from './folder-loader.js';
import { stripExtension } from './node-io.js';

/** German emotion letter → [English label, six-class emotion or null]. */
const EMOTION_CODES: Readonly<Record<string, readonly [string, Emotion | null]>> = Object.freeze({
  W: ['anger', 'angry'], // Wut
  L: ['boredom', null], // Langeweile
  E: ['disgust', 'disgust'], // Ekel
  A: ['fear', 'fear'], // Angst
  F: ['happiness', 'happy'], // Freude
  T: ['sadness', 'sad'], // Trauer
  N: ['neutral', 'neutral'],
});
/** The ten EmoDB speakers' genders (from the corpus documentation). */
const GENDERS: Readonly<Record<string, Gender>> = Object.freeze({
  '03': 'male',
  '08': 'female',
  '09': 'female',
  '10': 'male',
  '11': 'male',
  '12': 'male',
  '13': 'female',
  '14': 'female',
  '15': 'male',
  '16': 'female',
});
// Case matters: the emotion letter is upper-case, the version letter lower-case ('A' fear vs 'a').
const EMODB_RE = /^(\d{2})([ab]\d{2})([WLEAFTN])([a-z])$/;

/**
 * Read an EmoDB file name `SSTTTEV`: speaker (two digits), text code (`a01`–`a07`, `b01`–`b10`),
 * emotion letter (W anger, L boredom, E disgust, A fear, F happiness, T sadness, N neutral) and a
 * version letter. Boredom comes back with `emotion: null` (an extra label).
 * @returns the parsed fields, or `null` when the name does not follow the scheme.
 * @example parseEmoDbName('03a01Fa.wav') // => { label: 'happiness', emotion: 'happy', speaker: '03', gender: 'male', statement: 'a01' }
 */
export function parseEmoDbName(fileName: string, _dirName?: string): ParsedName | null {
  const m = EMODB_RE.exec(stripExtension(fileName));
  if (m === null) return null;
  const [, speaker, text, code] = m as unknown as [string, string, string, string];
  const e = EMOTION_CODES[code]!;
  const gender = GENDERS[speaker];
  return { label: e[0], emotion: e[1], speaker, ...(gender !== undefined && { gender }), statement: text };
}

/** EmoDB naming scheme for the shared folder loader. */
export const EMODB_SCHEME: NameScheme = Object.freeze({
  dataset: 'emodb',
  title: 'EmoDB',
  component: 'loadEmoDb',
  expected: "names like '03a01Fa.wav' (speaker, text a01-b10, emotion W/L/E/A/F/T/N, version letter), usually in wav/",
  parse: parseEmoDbName,
  key: (_p: ParsedName, base: string) => base,
});

/**
 * Index an EmoDB folder (`wav/` or its parent). Boredom is dropped unless `extraLabels` maps it.
 * @throws {DatasetError} SER_DATASET when no file under `dir` is named like EmoDB.
 */
export function loadEmoDb(dir: string, options: DatasetLoadOptions = {}): Promise<DatasetLoadResult> {
  return loadFolder(EMODB_SCHEME, dir, options);
}
