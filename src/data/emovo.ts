/**
 * EMOVO (Costantini et al., LREC 2014), Italian: `f1/rab-f1-b1.wav` (emotion-speaker-sentence)
 * under one folder per speaker.
 * @module
 */
import type { Emotion } from '../types.js';
import type { DatasetLoadOptions, DatasetLoadResult, ParsedName } from './dataset-item.js';
import { loadFolder, type NameScheme } from './folder-loader.js';
import { stripExtension } from './node-io.js';

/** Italian emotion code → [English label, six-class emotion or null]. */
const EMOTION_CODES: Readonly<Record<string, readonly [string, Emotion | null]>> = Object.freeze({
  rab: ['anger', 'angry'], // rabbia
  dis: ['disgust', 'disgust'], // disgusto
  pau: ['fear', 'fear'], // paura
  gio: ['joy', 'happy'], // gioia
  neu: ['neutral', 'neutral'],
  tri: ['sadness', 'sad'], // tristezza
  sor: ['surprise', null], // sorpresa
});
const EMOVO_RE = /^(rab|dis|pau|gio|neu|tri|sor)-([fm])(\d)-([a-z]\d{1,2})$/i;

/**
 * Read an EMOVO file name `{emotion}-{speaker}-{sentence}`: emotion code (rab anger, dis disgust,
 * pau fear, gio joy → happy, neu neutral, tri sadness, sor surprise, an extra label), speaker
 * (`f1`–`f3` female, `m1`–`m3` male) and sentence (`b1`–`b3`, `d1`–`d2`, `l1`–`l4`, `n1`–`n5`).
 * @param fileName - the base name, with or without extension.
 * @param _dirName - unused (the speaker folder repeats the speaker in the name).
 * @returns the parsed fields, or `null` when the name does not follow the scheme.
 * @example parseEmovoName('rab-f1-b1.wav') // => { label: 'anger', emotion: 'angry', speaker: 'f1', gender: 'female', statement: 'b1' }
 */
export function parseEmovoName(fileName: string, _dirName?: string): ParsedName | null {
  const m = EMOVO_RE.exec(stripExtension(fileName));
  if (m === null) return null;
  const [, code, sex, num, sentence] = m as unknown as [string, string, string, string, string];
  const e = EMOTION_CODES[code.toLowerCase()]!;
  const s = sex.toLowerCase();
  return { label: e[0], emotion: e[1], speaker: `${s}${num}`, gender: s === 'f' ? 'female' : 'male', statement: sentence.toLowerCase() };
}

/** EMOVO naming scheme for the shared folder loader. */
export const EMOVO_SCHEME: NameScheme = Object.freeze({
  dataset: 'emovo',
  title: 'EMOVO',
  component: 'loadEmovo',
  expected: "names like 'f1/rab-f1-b1.wav' (emotion rab/dis/pau/gio/neu/tri/sor, speaker f1-f3/m1-m3, sentence b1/d1/l1/n1…)",
  parse: parseEmovoName,
  key: (p: ParsedName) => `${p.label}-${p.speaker}-${p.statement ?? ''}`,
});

/**
 * Index an EMOVO folder (the six speaker folders `f1/` … `m3/`). Surprise (`sor`) is dropped
 * unless `extraLabels` maps it (`{ surprise: 'happy' }`). 6 speakers, 588 clips (98 per speaker:
 * 14 sentences × 7 emotions; 504 in the six classes); the audio is 48 kHz, mostly stereo.
 * @throws {DatasetError} SER_DATASET when no file under `dir` is named like EMOVO.
 */
export function loadEmovo(dir: string, options: DatasetLoadOptions = {}): Promise<DatasetLoadResult> {
  return loadFolder(EMOVO_SCHEME, dir, options);
}
