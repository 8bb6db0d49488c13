/**
 * TESS (Dupuis & Pichora-Fuller 2010): `OAF_angry/OAF_back_angry.wav` (speaker_word_emotion).
 * @module
 */
import type { DatasetLoadOptions, DatasetLoadResult, ParsedName } from './dataset-item.js';
import { loadFolder, type NameScheme } from './folder-loader.js';
import { canonicalExtraLabel, isKnownExtraLabel, normalizeEmotion } from './labels.js';
import { stripExtension } from './node-io.js';

// [speaker_]word_emotion; the emotion is the last token, except the two-word pleasant_surprise(d).
const TESS_RE = /^(?:([A-Za-z]{2,3})_)?([^_]+(?:_[^_]+)*?)_(pleasant_surprised?|[a-z]+)$/i;
const SPEAKER_RE = /^(OAF|YAF)$/i;
const TESS_DIR_RE = /^(OAF|YAF)(?:_|$)/i;

function tessLabel(token: string): { label: string; emotion: ParsedName['emotion'] } | null {
  const emotion = normalizeEmotion(token);
  if (emotion !== null) return { label: token.toLowerCase(), emotion };
  // TESS's only non-six-class emotion is pleasant surprise (ps).
  if (isKnownExtraLabel(token) && /surprise/.test(canonicalExtraLabel(token))) {
    return { label: 'pleasant_surprise', emotion: null };
  }
  return null;
}

/**
 * Read a TESS file name `SPK_word_emotion`: speaker OAF (older) or YAF (younger actress, both
 * female), the target word, and the emotion (angry, disgust, fear, happy, neutral, sad, or
 * `ps` / `pleasant_surprise` = pleasant surprise, an extra label). Case-insensitive, since real
 * copies vary (`OAF_Fear/`, `YAF_pleasant_surprised/`). When the name's speaker prefix is missing
 * or misspelt (`back_angry.wav`, the real `OAF_neutral/OA_bite_neutral.wav`), the folder name
 * (`OAF_…`) supplies the speaker.
 * @returns the parsed fields, or `null` when the name does not follow the scheme.
 * @example parseTessName('OAF_back_angry.wav') // => { label: 'angry', emotion: 'angry', speaker: 'OAF', gender: 'female', statement: 'back' }
 */
export function parseTessName(fileName: string, dirName?: string): ParsedName | null {
  const m = TESS_RE.exec(stripExtension(fileName));
  if (m === null) return null;
  const [, prefix, word, token] = m as unknown as [string, string | undefined, string, string];
  let speaker: string | undefined;
  if (prefix !== undefined && SPEAKER_RE.test(prefix)) speaker = prefix;
  else speaker = dirName === undefined ? undefined : TESS_DIR_RE.exec(dirName)?.[1];
  if (speaker === undefined) return null;
  const l = tessLabel(token);
  if (l === null) return null;
  return { ...l, speaker: speaker.toUpperCase(), gender: 'female', statement: word.toLowerCase() };
}

/** TESS naming scheme for the shared folder loader. */
export const TESS_SCHEME: NameScheme = Object.freeze({
  dataset: 'tess',
  title: 'TESS',
  component: 'loadTess',
  expected: "names like 'OAF_back_angry.wav' (OAF|YAF_word_emotion; emotion angry/disgust/fear/happy/neutral/sad/ps), in folders like OAF_angry/",
  parse: parseTessName,
  key: (p: ParsedName) => `${p.speaker}_${p.statement ?? ''}_${p.label}`,
});

/**
 * Index a TESS folder (the 14 `OAF_*` / `YAF_*` sub-folders). Pleasant surprise is dropped unless
 * `extraLabels` maps it (`{ ps: 'happy' }`). Two speakers only: never call a TESS split
 * speaker-independent.
 * @throws {DatasetError} SER_DATASET when no file under `dir` is named like TESS.
 */
export function loadTess(dir: string, options: DatasetLoadOptions = {}): Promise<DatasetLoadResult> {
  return loadFolder(TESS_SCHEME, dir, options);
}
