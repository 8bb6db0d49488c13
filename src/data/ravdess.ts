/**
 * RAVDESS (Livingstone & Russo 2018): `MM-VC-EE-II-SS-RR-AA.wav`, e.g. `03-01-05-01-01-01-02.wav`.
 * @module
 */
import type { Emotion } from '../types.js';
import type { DatasetLoadConfig, DatasetLoadOptions, DatasetLoadResult, ParsedName } from './dataset-item.js';
import { loadFolder, type NameScheme } from './folder-loader.js';
import { stripExtension } from './node-io.js';

/** RAVDESS emotion field → [RAVDESS label, six-class emotion or null]. */
const EMOTION_CODES: Readonly<Record<string, readonly [string, Emotion | null]>> = Object.freeze({
  '01': ['neutral', 'neutral'],
  '02': ['calm', null],
  '03': ['happy', 'happy'],
  '04': ['sad', 'sad'],
  '05': ['angry', 'angry'],
  '06': ['fearful', 'fear'],
  '07': ['disgust', 'disgust'],
  '08': ['surprised', null],
});
const MODALITIES = { '01': 'audio-video', '02': 'video-only', '03': 'audio-only' } as const;
const CHANNELS = { '01': 'speech', '02': 'song' } as const;

const RAVDESS_RE = /^(\d{2})-(\d{2})-(\d{2})-(\d{2})-(\d{2})-(\d{2})-(\d{2})$/;

/**
 * Read a RAVDESS file name: modality, vocal channel, emotion, intensity, statement, repetition,
 * actor (two digits each). Speaker is the actor (`'01'`–`'24'`); odd actors are male, even female.
 * Emotions 02 calm and 08 surprised come back with `emotion: null` (extra labels).
 * @param fileName - the base name, with or without extension.
 * @param _dirName - unused (accepted for a uniform parser signature).
 * @returns the parsed fields, or `null` when the name does not follow the scheme.
 * @example parseRavdessName('03-01-06-02-01-02-13.wav')
 * // => { label: 'fearful', emotion: 'fear', speaker: '13', gender: 'male', intensity: 'strong',
 * //      statement: '01', repetition: 2, modality: 'audio-only', vocalChannel: 'speech' }
 */
export function parseRavdessName(fileName: string, _dirName?: string): ParsedName | null {
  const m = RAVDESS_RE.exec(stripExtension(fileName));
  if (m === null) return null;
  const [, mm, vc, ee, ii, ss, rr, aa] = m as unknown as [string, string, string, string, string, string, string, string];
  const modality = MODALITIES[mm as keyof typeof MODALITIES];
  const vocalChannel = CHANNELS[vc as keyof typeof CHANNELS];
  const emo = EMOTION_CODES[ee];
  const actor = Number(aa);
  if (!modality || !vocalChannel || !emo || (ii !== '01' && ii !== '02')) return null;
  if ((ss !== '01' && ss !== '02') || (rr !== '01' && rr !== '02') || actor < 1) return null;
  return {
    label: emo[0],
    emotion: emo[1],
    speaker: aa,
    gender: actor % 2 === 1 ? 'male' : 'female',
    intensity: ii === '01' ? 'normal' : 'strong',
    statement: ss,
    repetition: Number(rr),
    modality,
    vocalChannel,
  };
}

/** RAVDESS naming scheme for the shared folder loader. */
export const RAVDESS_SCHEME: NameScheme = Object.freeze({
  dataset: 'ravdess',
  title: 'RAVDESS',
  component: 'loadRavdess',
  expected: "names like '03-01-05-01-01-01-02.wav' (modality-channel-emotion-intensity-statement-repetition-actor, two digits each)",
  parse: parseRavdessName,
  key: (_p: ParsedName, base: string) => base,
  filter(p: ParsedName, config: DatasetLoadConfig): string | null {
    if (p.modality !== 'audio-only') return `modality ${p.modality} (only 03 audio-only files are audio recordings)`;
    if (config.vocalChannel !== 'both' && p.vocalChannel !== config.vocalChannel) {
      return `vocal channel ${p.vocalChannel} (vocalChannel: '${config.vocalChannel}')`;
    }
    return null;
  },
});

/**
 * Index a RAVDESS folder (e.g. `Audio_Speech_Actors_01-24/` with its `Actor_XX/` sub-folders).
 * Keeps audio-only speech by default (`vocalChannel: 'song' | 'both'` for the song part); calm and
 * surprised are dropped unless `extraLabels` maps them. 44 six-class clips per actor.
 * @throws {DatasetError} SER_DATASET when no file under `dir` is named like RAVDESS.
 * @throws {IoError} SER_IO when `dir` cannot be read.
 */
export function loadRavdess(dir: string, options: DatasetLoadOptions = {}): Promise<DatasetLoadResult> {
  return loadFolder(RAVDESS_SCHEME, dir, options);
}
