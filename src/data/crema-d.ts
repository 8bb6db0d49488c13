/**
 * CREMA-D (Cao et al. 2014): `AudioWAV/1001_DFA_ANG_XX.wav` (actor_sentence_emotion_intensity).
 * @module
 */
import type { Emotion } from '../types.js';
import type { Intensity, DatasetLoadOptions, DatasetLoadResult, ParsedName } from './dataset-item.js';
import { loadFolder, type NameScheme } from './folder-loader.js';
import { stripExtension } from './node-io.js';

const EMOTION_CODES: Readonly<Record<string, readonly [string, Emotion]>> = Object.freeze({
  ANG: ['anger', 'angry'],
  DIS: ['disgust', 'disgust'],
  FEA: ['fear', 'fear'],
  HAP: ['happy', 'happy'],
  NEU: ['neutral', 'neutral'],
  SAD: ['sad', 'sad'],
});
const INTENSITIES: Readonly<Record<string, Intensity>> = Object.freeze({
  LO: 'low',
  MD: 'medium',
  HI: 'high',
  XX: 'unspecified',
  X: 'unspecified',
});
const CREMA_RE = /^(\d{4})_([A-Z]{3})_([A-Z]{3})_([A-Z]{1,2})$/;

/**
 * Read a CREMA-D file name `AAAA_SSS_EEE_II`: actor id (1001–1091, the speaker), sentence code
 * (`DFA`, `IEO`, …), emotion (ANG, DIS, FEA, HAP, NEU, SAD) and intensity (LO, MD, HI, XX).
 * Gender is not part of the name (it is in CREMA-D's VideoDemographics.csv), so it is left unset.
 * @returns the parsed fields, or `null` when the name does not follow the scheme.
 * @example parseCremaDName('1001_DFA_ANG_XX.wav')
 * // => { label: 'anger', emotion: 'angry', speaker: '1001', intensity: 'unspecified', statement: 'DFA' }
 */
export function parseCremaDName(fileName: string, _dirName?: string): ParsedName | null {
  const m = CREMA_RE.exec(stripExtension(fileName).toUpperCase());
  if (m === null) return null;
  const [, actor, sentence, emo, level] = m as unknown as [string, string, string, string, string];
  const e = EMOTION_CODES[emo];
  const intensity = INTENSITIES[level];
  if (!e || !intensity) return null;
  return { label: e[0], emotion: e[1], speaker: actor, intensity, statement: sentence };
}

/** CREMA-D naming scheme for the shared folder loader. */
export const CREMA_D_SCHEME: NameScheme = Object.freeze({
  dataset: 'crema-d',
  title: 'CREMA-D',
  component: 'loadCremaD',
  expected: "names like '1001_DFA_ANG_XX.wav' (actor_sentence_emotion_intensity; emotion ANG/DIS/FEA/HAP/NEU/SAD, intensity LO/MD/HI/XX), usually in AudioWAV/",
  parse: parseCremaDName,
  key: (_p: ParsedName, base: string) => base.toUpperCase(),
});

/**
 * Index a CREMA-D folder (`AudioWAV/` or its parent). All six emotions are the library's classes.
 * @throws {DatasetError} SER_DATASET when no file under `dir` is named like CREMA-D.
 */
export function loadCremaD(dir: string, options: DatasetLoadOptions = {}): Promise<DatasetLoadResult> {
  return loadFolder(CREMA_D_SCHEME, dir, options);
}
