/**
 * TESS (Dupuis & Pichora-Fuller 2010): `OAF_angry/OAF_back_angry.wav` (speaker_word_emotion).
 * @module
 */
import type { LoadOptions, LoadResult, ParsedName } from './dataset-item.js';
import { loadFolder, type NameScheme } from './folder-loader.js';
import { canonicalExtraLabel, isKnownExtraLabel, normalizeEmotion } from './labels.js';
import { stripExtension } from './node-io.js';

// The emotion is the last token, except the two-word pleasant_surprise(d).
const TESS_RE = /^(OAF|YAF)_(.+?)_(pleasant_surprised?|[a-z]+)$/i;
const TESS_DIR_RE = /^(OAF|YAF)(?:_|$)/i;
const NO_SPEAKER_RE = /^([^_]+)_(pleasant_surprised?|[a-z]+)$/i;

function tessLabel(token: string): { label: string; emotion: ParsedName['emotion'] } | null {
  const emotion = normalizeEmotion(token);
  if (emotion !== null) return { label: token.toLowerCase(), emotion };
  if (isKnownExtraLabel(token)) return { label: canonicalExtraLabel(token), emotion: null };
  return null;
}

/**
 * Read a TESS file name `SPK_word_emotion`: speaker OAF (older) or YAF (younger actress, both
 * female), the target word, and the emotion (angry, disgust, fear, happy, neutral, sad, or
 * `ps` / `pleasant_surprise` = pleasant surprise, an extra label). Case-insensitive, since real
 * copies vary (`OAF_Fear/`, `YAF_pleasant_surprised/`). When the name lacks the speaker prefix
 * (`back_angry.wav`), the folder name (`OAF_angry`) supplies it.
 * @returns the parsed fields, or `null` when the name does not follow the scheme.
 * @example parseTessName('OAF_back_angry.wav') // => { label: 'angry', emotion: 'angry', speaker: 'OAF', gender: 'female', statement: 'back' }
 */
export function parseTessName(fileName: string, dirName?: string): ParsedName | null {
  const base = stripExtension(fileName);
  let speaker: string;
  let word: string;
  let token: string;
  const m = TESS_RE.exec(base);
  if (m !== null) {
    [, speaker, word, token] = m as unknown as [string, string, string, string];
  } else {
    const d = dirName === undefined ? null : TESS_DIR_RE.exec(dirName);
    const n = NO_SPEAKER_RE.exec(base);
    if (d === null || n === null) return null;
    speaker = d[1]!;
    [, word, token] = n as unknown as [string, string, string];
  }
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
export function loadTess(dir: string, options: LoadOptions = {}): Promise<LoadResult> {
  return loadFolder(TESS_SCHEME, dir, options);
}
