/**
 * Mixing corpora: corpus-prefixed speaker ids, the classes each corpus has, and per-item sample
 * weights that balance corpora and, inside each corpus, its classes.
 *
 * Classes missing from a corpus are handled honestly: a corpus contributes no examples of a class
 * it lacks (EMOVO is the only one of nEMO, EMOVO, TurEV-DB and Emotion TTS with disgust), never
 * "negatives" for it, and its weight is shared only among the classes it has. {@link classesPresent}
 * says which classes each corpus holds, so evaluation can score a corpus on those alone.
 * @module
 */
import { InvalidArgumentError } from '../errors.js';
import { EMOTIONS, type Emotion } from '../types.js';
import type { DatasetItem } from './dataset-item.js';

/** What {@link corpusOf} reads: a `dataset` and/or a corpus-prefixed `speaker`. */
export interface CorpusTagged {
  readonly dataset?: string;
  readonly speaker?: string;
}

/**
 * The corpus an item belongs to: its `dataset` (the loader that indexed it). CSV items have no
 * corpus name of their own, so after {@link mixDatasets} their corpus is the part name that
 * prefixes their speaker (`'iemocap/Ses01F'` → `'iemocap'`).
 * @returns the corpus name, or `undefined` when the item carries neither.
 * @example corpusOf({ dataset: 'emovo', speaker: 'emovo/f1' }) // => 'emovo'
 */
export function corpusOf(item: CorpusTagged): string | undefined {
  const { dataset, speaker } = item;
  if (dataset !== undefined && dataset !== 'csv') return dataset;
  const slash = typeof speaker === 'string' ? speaker.indexOf('/') : -1;
  if (slash > 0) return speaker!.slice(0, slash);
  return dataset;
}

/** A getter for {@link corpusOf} that throws a helpful error instead of returning `undefined`. */
export function corpusGetter<T>(component: string, custom: ((item: T) => string) | undefined): (item: T, index: number) => string {
  return (item, i) => {
    const c = custom ? custom(item) : corpusOf(item as CorpusTagged);
    if (typeof c !== 'string' || c === '') {
      throw new InvalidArgumentError(
        'corpusOf',
        c,
        'a corpus name',
        `${component}: items[${i}] has no corpus (got ${JSON.stringify(c)}). Give items a 'dataset' (loadDataset does), mix them with mixDatasets, or pass corpusOf: (item) => item.corpus.`,
      );
    }
    return c;
  };
}

/** Distinct labels: the six classes in EMOTIONS order first, then other labels sorted (also used by corpus-split). */
export function orderedLabels(labels: Iterable<string>): string[] {
  const set = new Set(labels);
  const six = (EMOTIONS as readonly string[]).filter((e) => set.has(e));
  const rest = [...set].filter((l) => !(EMOTIONS as readonly string[]).includes(l)).sort();
  return [...six, ...rest];
}

/** Options of {@link classesPresent} and {@link corpusClassWeights}. */
export interface CorpusOptions<T> {
  /** Corpus of an item. @defaultValue {@link corpusOf} */
  readonly corpusOf?: (item: T) => string;
}

/**
 * The classes each corpus has: corpus name → its labels (six classes in `EMOTIONS` order).
 * A class absent from a corpus is *unknown* there, not negative: do not score that corpus on it.
 * @example classesPresent(mixed) // => { emotiontts-open: ['angry', 'happy', 'neutral', 'sad'], emovo: ['angry', 'disgust', 'fear', 'happy', 'neutral', 'sad'], … }
 */
export function classesPresent<T extends { readonly emotion: string }>(items: readonly T[], options: CorpusOptions<T> = {}): Record<string, T['emotion'][]> {
  const get = corpusGetter('classesPresent', options.corpusOf);
  const by = new Map<string, Set<string>>();
  items.forEach((item, i) => {
    const c = get(item, i);
    let s = by.get(c);
    if (!s) by.set(c, (s = new Set()));
    s.add(item.emotion);
  });
  const out: Record<string, T['emotion'][]> = {};
  for (const c of [...by.keys()].sort()) out[c] = orderedLabels(by.get(c)!) as T['emotion'][];
  return out;
}

/** Options of {@link corpusClassWeights}. */
export interface CorpusClassWeightOptions<T> extends CorpusOptions<T> {
  /**
   * Relative weight of each corpus (positive); corpora not named get 1. `{ emovo: 2 }` gives EMOVO
   * twice the total weight of each other corpus. @defaultValue every corpus 1
   */
  readonly corpusWeights?: Readonly<Record<string, number>>;
}

/**
 * Per-item sample weights that balance corpora and, inside each corpus, its classes:
 *
 * `weight_i = N · (ω_c / Σω) · 1 / (K_c · n_{c,k})` for item `i` of class `k` in corpus `c`, with
 * `N` items, corpus weights `ω` (default 1), `K_c` classes present in corpus `c` and `n_{c,k}`
 * items of class `k` there.
 *
 * So the weights sum to `N` (mean 1, like `classWeights`); corpus `c`'s items sum to
 * `N · ω_c / Σω` (equal shares by default, whatever the corpus size); and inside a corpus each class
 * it has sums to the same amount. A class the corpus lacks gets nothing from it: the corpus adds no
 * examples of that class rather than counting as evidence against it, and its share goes to the
 * classes it has. Consequently a class present in few corpora (disgust) gets less total weight than
 * one present in all; check `classesPresent` and weigh that choice.
 *
 * @returns one weight per item, in input order.
 * @throws {InvalidArgumentError} SER_INVALID_ARGUMENT when `items` is empty, an item has no corpus,
 * or a corpus weight is not positive or names a corpus not in `items`.
 * @example
 * ```ts
 * corpusClassWeights([{ dataset: 'emovo', emotion: 'sad' }, { dataset: 'emovo', emotion: 'sad' }, { dataset: 'nemo', emotion: 'happy' }])
 * // => [0.75, 0.75, 1.5]
 * ```
 */
export function corpusClassWeights<T extends { readonly emotion: string }>(items: readonly T[], options: CorpusClassWeightOptions<T> = {}): number[] {
  const component = 'corpusClassWeights';
  if (!Array.isArray(items) || items.length === 0) {
    throw new InvalidArgumentError('items', items, 'a non-empty array', `${component}: items must be a non-empty array (got ${Array.isArray(items) ? 'an empty array' : typeof items}). Compute weights on the training set.`);
  }
  const get = corpusGetter(component, options.corpusOf);
  const corpus = items.map((item, i) => get(item, i));
  const counts = new Map<string, Map<string, number>>();
  items.forEach((item, i) => {
    const c = corpus[i]!;
    let m = counts.get(c);
    if (!m) counts.set(c, (m = new Map()));
    m.set(item.emotion, (m.get(item.emotion) ?? 0) + 1);
  });
  const given = options.corpusWeights ?? {};
  for (const [name, w] of Object.entries(given)) {
    if (!counts.has(name)) {
      throw new InvalidArgumentError(
        `corpusWeights.${name}`,
        w,
        'a corpus present in items',
        `${component}: corpusWeights names ${JSON.stringify(name)}, which has no items (corpora: ${[...counts.keys()].sort().join(', ')}). Remove it or fix the name.`,
      );
    }
    if (typeof w !== 'number' || !Number.isFinite(w) || w <= 0) {
      throw new InvalidArgumentError(`corpusWeights.${name}`, w, 'a positive number', `${component}: corpusWeights.${name} must be a positive finite number (got ${String(w)}). Leave a corpus out of the mix instead of weighting it 0.`);
    }
  }
  const omega = (c: string): number => given[c] ?? 1;
  let total = 0;
  for (const c of counts.keys()) total += omega(c);
  const n = items.length;
  return items.map((item, i) => {
    const c = corpus[i]!;
    const m = counts.get(c)!;
    return (n * omega(c)) / total / (m.size * m.get(item.emotion)!);
  });
}

/** One corpus of {@link mixDatasets}. */
export interface MixPart {
  /**
   * Corpus name: it prefixes every speaker id (`'emovo/f1'`). For loader output it must be the
   * items' `dataset` (`'emovo'` for `loadDataset('emovo', …)`); CSV items take any name.
   */
  readonly name: string;
  readonly items: readonly DatasetItem[];
  /** Relative total weight of this corpus in the sample weights. @defaultValue 1 */
  readonly weight?: number;
}

/** Options of {@link mixDatasets}. */
export interface MixOptions {
  /**
   * Keep only items of these classes, e.g. the four every corpus has
   * (`['angry', 'happy', 'neutral', 'sad']`). @defaultValue every class
   */
  readonly classes?: readonly Emotion[];
}

/** What {@link mixDatasets} reports about one corpus. */
export interface CorpusSummary {
  readonly name: string;
  /** Number of items kept. */
  readonly items: number;
  readonly speakers: number;
  /** The part's relative weight (default 1). */
  readonly weight: number;
  /** Items per class it has. */
  readonly classCounts: Readonly<Partial<Record<Emotion, number>>>;
  /** Classes it has, `EMOTIONS` order. */
  readonly classesPresent: Emotion[];
  /** Classes of the mix it lacks: it contributes no examples of them (not negatives). */
  readonly classesMissing: Emotion[];
}

/** Result of {@link mixDatasets}. */
export interface MixResult {
  /** Every part's items in part order, speakers prefixed with the corpus name. */
  readonly items: DatasetItem[];
  /** {@link corpusClassWeights} of `items` with the parts' weights: one per item, summing to `items.length`. */
  readonly weights: number[];
  /** One summary per part, in part order. */
  readonly corpora: CorpusSummary[];
}

const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * Mix corpora into one training list: prefix every speaker id with its corpus name
 * (`'f1'` → `'emovo/f1'`), so speaker ids are unique across corpora and speaker-grouped splits never
 * confuse two people; keep each item's corpus in `dataset` (read it with {@link corpusOf}); and
 * compute sample weights that give each corpus its share (equal by default, scaled by `weight`)
 * and each class inside a corpus an equal part of it ({@link corpusClassWeights}).
 *
 * A corpus contributes no examples of a class it lacks — see `corpora[].classesMissing` — and its
 * items are never relabelled. Items keep their order (loaders sort by path), so the mix is the same
 * on every machine.
 *
 * @throws {InvalidArgumentError} SER_INVALID_ARGUMENT when `parts` is empty, a name is empty,
 * repeated, contains `/` or `:`, or differs from its items' `dataset`, a weight is not positive, or
 * a part has no item (after `classes`).
 * @example
 * ```ts
 * const mix = mixDatasets([{ name: 'emovo', items: emovo }, { name: 'nemo', items: nemo, weight: 0.5 }]);
 * mix.items[0].speaker // => 'emovo/f1'
 * ```
 */
export function mixDatasets(parts: readonly MixPart[], options: MixOptions = {}): MixResult {
  const component = 'mixDatasets';
  if (!Array.isArray(parts) || parts.length === 0) {
    throw new InvalidArgumentError('parts', parts, 'a non-empty array', `${component}: parts must be a non-empty array of { name, items } (got ${Array.isArray(parts) ? 'an empty array' : typeof parts}).`);
  }
  const keep = options.classes;
  if (keep !== undefined) {
    if (!Array.isArray(keep) || keep.length === 0 || !keep.every((c) => (EMOTIONS as readonly string[]).includes(c))) {
      throw new InvalidArgumentError('classes', keep, `a non-empty list of ${EMOTIONS.join(', ')}`, `${component}: classes must be a non-empty list of the six classes (got ${JSON.stringify(keep)}).`);
    }
  }
  const names = new Set<string>();
  const items: DatasetItem[] = [];
  const corpora: CorpusSummary[] = [];
  const corpusWeights: Record<string, number> = {};
  parts.forEach((part, p) => {
    const { name, weight = 1 } = part;
    if (typeof name !== 'string' || !NAME_RE.test(name)) {
      throw new InvalidArgumentError(`parts[${p}].name`, name, "a corpus name such as 'emovo'", `${component}: parts[${p}].name must be a corpus name of letters, digits, '.', '_' or '-' (got ${JSON.stringify(name)}); it prefixes speaker ids as '<name>/<speaker>'.`);
    }
    if (names.has(name)) {
      throw new InvalidArgumentError(`parts[${p}].name`, name, 'a name used once', `${component}: corpus ${JSON.stringify(name)} is named twice. Concatenate its items into one part.`);
    }
    names.add(name);
    if (typeof weight !== 'number' || !Number.isFinite(weight) || weight <= 0) {
      throw new InvalidArgumentError(`parts[${p}].weight`, weight, 'a positive number', `${component}: parts[${p}].weight must be a positive finite number (got ${String(weight)}). Leave the corpus out instead of weighting it 0.`);
    }
    if (!Array.isArray(part.items)) {
      throw new InvalidArgumentError(`parts[${p}].items`, part.items, 'an array of DatasetItem', `${component}: parts[${p}].items must be an array (got ${typeof part.items}). Pass the items of loadDataset(...).`);
    }
    const counts: Partial<Record<Emotion, number>> = {};
    const speakers = new Set<string>();
    const prefix = `${name}/`;
    const partItems: readonly DatasetItem[] = part.items;
    for (const item of partItems) {
      if (item.dataset !== 'csv' && item.dataset !== name) {
        throw new InvalidArgumentError(
          `parts[${p}].name`,
          name,
          `the items' dataset (${JSON.stringify(item.dataset)})`,
          `${component}: part ${JSON.stringify(name)} holds ${item.dataset} items (${JSON.stringify(item.path)}). Name the part ${JSON.stringify(item.dataset)}, or put these items in their own part.`,
        );
      }
      if (keep !== undefined && !keep.includes(item.emotion)) continue;
      const speaker = item.speaker.startsWith(prefix) ? item.speaker : prefix + item.speaker;
      items.push({ ...item, speaker });
      speakers.add(speaker);
      counts[item.emotion] = (counts[item.emotion] ?? 0) + 1;
    }
    if (speakers.size === 0) {
      throw new InvalidArgumentError(
        `parts[${p}].items`,
        part.items.length,
        'at least one item',
        `${component}: part ${JSON.stringify(name)} has no items${keep ? ` of the classes ${keep.join(', ')}` : ''}. Check its loader, or leave it out.`,
      );
    }
    corpusWeights[name] = weight;
    const present = EMOTIONS.filter((e) => counts[e] !== undefined);
    corpora.push({ name, items: present.reduce((a, e) => a + counts[e]!, 0), speakers: speakers.size, weight, classCounts: counts, classesPresent: present, classesMissing: [] });
  });
  const all = new Set(corpora.flatMap((c) => c.classesPresent));
  const summaries = corpora.map((c) => ({ ...c, classesMissing: EMOTIONS.filter((e) => all.has(e) && !c.classesPresent.includes(e)) }));
  // Corpus of each mixed item = its part (CSV items through their prefix): weight by part name.
  const partOf = (item: DatasetItem): string => item.speaker.slice(0, item.speaker.indexOf('/'));
  const weights = corpusClassWeights(items, { corpusWeights, corpusOf: partOf });
  return { items, weights, corpora: summaries };
}
