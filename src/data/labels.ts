/**
 * Label vocabulary: aliases of the six classes and of the extra labels, and the `extraLabels` policy.
 * @module
 */
import { InvalidArgumentError } from '../errors.js';
import { EMOTIONS, type Emotion } from '../types.js';
import type { ExtraLabelPolicy } from './dataset-item.js';

/** Spellings of the six classes found in datasets and CSV manifests (lower-case). */
export const EMOTION_ALIASES: Readonly<Record<string, Emotion>> = Object.freeze({
  angry: 'angry',
  anger: 'angry',
  ang: 'angry',
  mad: 'angry',
  disgust: 'disgust',
  disgusted: 'disgust',
  dis: 'disgust',
  fear: 'fear',
  fearful: 'fear',
  fea: 'fear',
  afraid: 'fear',
  scared: 'fear',
  happy: 'happy',
  happiness: 'happy',
  hap: 'happy',
  joy: 'happy',
  neutral: 'neutral',
  neu: 'neutral',
  sad: 'sad',
  sadness: 'sad',
});

/** Extra (non six-class) labels the loaders know, each with its canonical name. */
export const EXTRA_LABEL_ALIASES: Readonly<Record<string, string>> = Object.freeze({
  calm: 'calm',
  surprised: 'surprised',
  surprise: 'surprised',
  sur: 'surprised',
  su: 'surprised',
  ps: 'pleasant_surprise',
  pleasant_surprise: 'pleasant_surprise',
  pleasant_surprised: 'pleasant_surprise',
  'pleasant surprise': 'pleasant_surprise',
  pleasantsurprise: 'pleasant_surprise',
  boredom: 'boredom',
  bored: 'boredom',
  contempt: 'contempt',
});

function norm(label: string): string {
  return label.trim().toLowerCase().replace(/[\s-]+/g, '_');
}

/**
 * The six-class emotion a label names, or `null` (case-insensitive; `anger`, `fearful`,
 * `happiness`, `sadness`, `ANG` … are accepted).
 * @example normalizeEmotion('Fearful') // => 'fear'
 */
export function normalizeEmotion(label: string): Emotion | null {
  const n = norm(label);
  return EMOTION_ALIASES[n] ?? EMOTION_ALIASES[n.replace(/_/g, ' ')] ?? null;
}

/** Canonical name of a known extra label (`ps` → `pleasant_surprise`), else the normalised label. */
export function canonicalExtraLabel(label: string): string {
  const n = norm(label);
  return EXTRA_LABEL_ALIASES[n] ?? EXTRA_LABEL_ALIASES[n.replace(/_/g, ' ')] ?? n;
}

/** True when `label` is a known extra label (calm, surprise, pleasant surprise, boredom, contempt). */
export function isKnownExtraLabel(label: string): boolean {
  const n = norm(label);
  return n in EXTRA_LABEL_ALIASES || n.replace(/_/g, ' ') in EXTRA_LABEL_ALIASES;
}

/** Resolved extra-label policy: canonical extra label → emotion. */
export type ExtraLabelMap = ReadonlyMap<string, Emotion>;

/**
 * Validate an {@link ExtraLabelPolicy} and turn it into a lookup by canonical extra label.
 * @throws {InvalidArgumentError} SER_INVALID_ARGUMENT when a value is not one of the six classes
 * or a key already names one of them.
 */
export function resolveExtraLabels(component: string, policy: ExtraLabelPolicy): ExtraLabelMap {
  const out = new Map<string, Emotion>();
  if (policy === 'drop') return out;
  if (policy === null || typeof policy !== 'object' || Array.isArray(policy)) {
    throw new InvalidArgumentError(
      'extraLabels',
      policy,
      "'drop' or a map to the six classes",
      `${component}: extraLabels must be 'drop' or an object such as { calm: 'neutral' } (got ${JSON.stringify(policy)}).`,
    );
  }
  for (const [key, value] of Object.entries(policy)) {
    if (value === undefined) continue;
    if (!(EMOTIONS as readonly string[]).includes(value)) {
      throw new InvalidArgumentError(
        `extraLabels.${key}`,
        value,
        `one of ${EMOTIONS.join(', ')}`,
        `${component}: extraLabels.${key} must be one of ${EMOTIONS.map((e) => `'${e}'`).join(', ')} (got ${JSON.stringify(value)}). Map extra labels onto the six classes or leave them out to drop them.`,
      );
    }
    if (normalizeEmotion(key) !== null) {
      throw new InvalidArgumentError(
        `extraLabels.${key}`,
        key,
        'a label outside the six classes',
        `${component}: extraLabels keys must name labels outside the six classes (got ${JSON.stringify(key)}, which already means '${normalizeEmotion(key)}'). Remove that key.`,
      );
    }
    out.set(canonicalExtraLabel(key), value);
  }
  return out;
}

/**
 * Decide a file's emotion: its six-class emotion, the mapped extra label, or `null` (drop).
 */
export function applyExtraLabels(label: string, emotion: Emotion | null, map: ExtraLabelMap): Emotion | null {
  if (emotion !== null) return emotion;
  return map.get(canonicalExtraLabel(label)) ?? null;
}
