/**
 * Emotion TTS open DB (the public 5 % of the SELVAS AI / KAIST corpus), Korean:
 * `<set>/<speaker>/wav/{speaker}{nnnnn}.wav`, the emotion given by the number.
 * @module
 */
import type { Emotion } from '../types.js';
import type { DatasetLoadOptions, DatasetLoadResult, Gender, ParsedName } from './dataset-item.js';
import { loadFolder, type NameScheme } from './folder-loader.js';
import { stripExtension } from './node-io.js';

/**
 * Speakers and genders, from the corpus README: `plain-to-emotional/` (a neutral script read with
 * each emotion) ema, emb female, emf, emg, emh male; `emotional-to-emotional/` (a script written
 * for each emotion) nea–nee female, nek–neo male.
 */
const SPEAKERS: Readonly<Record<string, Gender>> = Object.freeze({
  ema: 'female',
  emb: 'female',
  emf: 'male',
  emg: 'male',
  emh: 'male',
  nea: 'female',
  neb: 'female',
  nec: 'female',
  ned: 'female',
  nee: 'female',
  nek: 'male',
  nel: 'male',
  nem: 'male',
  nen: 'male',
  neo: 'male',
});
/** Blocks of 100 numbers: 00001–00100 neutral, 00101–00200 happy, 00201–00300 angry, 00301–00400 sad. */
const BLOCKS: readonly Emotion[] = Object.freeze(['neutral', 'happy', 'angry', 'sad']);
const ETTS_RE = /^([a-z]{3})(\d{5})$/i;

/**
 * Read an Emotion TTS open DB file name `{speaker}{nnnnn}`: the speaker (the three letters that
 * also name its folder, e.g. `neo`) and a five-digit number whose hundred gives the emotion:
 * 00001–00100 neutral, 00101–00200 happy, 00201–00300 angry, 00301–00400 sad. Gender comes from
 * the corpus README for its 15 speakers and is left unset for any other.
 * @param fileName - the base name, with or without extension.
 * @param _dirName - unused (the folder is `wav/`; the speaker is in the name).
 * @returns the parsed fields, or `null` when the name does not follow the scheme or the number is outside 1–400.
 * @example parseEmotionTtsName('neo00201.wav') // => { label: 'angry', emotion: 'angry', speaker: 'neo', gender: 'male' }
 */
export function parseEmotionTtsName(fileName: string, _dirName?: string): ParsedName | null {
  const m = ETTS_RE.exec(stripExtension(fileName));
  if (m === null) return null;
  const [, spk, digits] = m as unknown as [string, string, string];
  const n = Number(digits);
  if (n < 1 || n > 400) return null;
  const emotion = BLOCKS[Math.floor((n - 1) / 100)]!;
  const speaker = spk.toLowerCase();
  const gender = SPEAKERS[speaker];
  return { label: emotion, emotion, speaker, ...(gender !== undefined && { gender }) };
}

/** Emotion TTS open DB naming scheme for the shared folder loader. */
export const EMOTIONTTS_OPEN_SCHEME: NameScheme = Object.freeze({
  dataset: 'emotiontts-open',
  title: 'Emotion TTS open DB',
  component: 'loadEmotionTtsOpen',
  expected: "names like 'emotional-to-emotional/neo/wav/neo00201.wav' (three-letter speaker and a number 00001-00400: neutral, happy, angry, sad by hundreds)",
  parse: parseEmotionTtsName,
  key: (_p: ParsedName, base: string) => base.toLowerCase(),
});

/**
 * Index the Emotion TTS open DB (`Dataset/SpeechCorpus/Emotional/` with `plain-to-emotional/` and
 * `emotional-to-emotional/`). Four classes, no extra labels: no disgust or fear. 15 speakers, 300
 * clips (5 per emotion and speaker) at 22.05 kHz. In the `emotional-to-emotional` set the script
 * itself is emotional, so the words carry the emotion as well as the voice.
 * @throws {DatasetError} SER_DATASET when no file under `dir` is named like the Emotion TTS open DB.
 */
export function loadEmotionTtsOpen(dir: string, options: DatasetLoadOptions = {}): Promise<DatasetLoadResult> {
  return loadFolder(EMOTIONTTS_OPEN_SCHEME, dir, options);
}
