/**
 * One-hot label encoding with a fixed, stable label order.
 *
 * Layer 3 (preprocess): plain TypeScript; imports only layer 0.
 * @module
 */
import { InvalidArgumentError, ModelFormatError, ShapeMismatchError, UnknownLabelError } from '../errors.js';

const COMPONENT = 'OneHot';

/** Serialised form of a {@link OneHot} encoder. */
export interface OneHotJson<L extends string = string> {
  readonly type: 'OneHot';
  readonly version: 1;
  /** Labels in index order: label `labels[i]` is encoded as a 1 at position `i`. */
  readonly labels: readonly L[];
}

/**
 * Maps labels to one-hot vectors and back. The order of `labels` given to the constructor is the
 * index order forever (it is saved with the model), so `encodeIndex(labels[i]) === i`.
 *
 * @typeParam L - the label union, e.g. `Emotion`; `decode` returns it.
 * @example
 * ```ts
 * const enc = new OneHot(EMOTIONS);
 * enc.encode('fear');            // => Float32Array [0, 0, 1, 0, 0, 0]
 * enc.decode([0.1, 0.7, 0.2, 0, 0, 0]); // => 'disgust' (arg-max)
 * ```
 */
export class OneHot<L extends string> {
  /** The labels in index order (frozen). */
  readonly labels: readonly L[];
  readonly #index: ReadonlyMap<string, number>;

  /**
   * @param labels - distinct, non-empty strings; their order fixes the encoding.
   * @throws {InvalidArgumentError} SER_INVALID_ARGUMENT when `labels` is empty, holds a non-string
   * or empty string, or holds a duplicate.
   */
  constructor(labels: readonly L[]) {
    if (!Array.isArray(labels) || labels.length === 0) {
      throw new InvalidArgumentError(
        'labels',
        labels,
        'a non-empty array of strings',
        `${COMPONENT}: labels must be a non-empty array of strings (got ${Array.isArray(labels) ? 'an empty array' : typeof labels}). Pass the class names, e.g. EMOTIONS.`,
      );
    }
    const index = new Map<string, number>();
    labels.forEach((label, i) => {
      if (typeof label !== 'string' || label.length === 0) {
        throw new InvalidArgumentError(
          'labels',
          label,
          'non-empty strings',
          `${COMPONENT}: labels[${i}] must be a non-empty string (got ${JSON.stringify(label)}). Pass the class names, e.g. EMOTIONS.`,
        );
      }
      if (index.has(label)) {
        throw new InvalidArgumentError(
          'labels',
          label,
          'distinct labels',
          `${COMPONENT}: labels must be distinct (got ${JSON.stringify(label)} at ${index.get(label)} and ${i}). Remove the duplicate.`,
        );
      }
      index.set(label, i);
    });
    this.labels = Object.freeze([...labels]);
    this.#index = index;
  }

  /** Number of classes (`k`, the length of every encoded vector). */
  get size(): number {
    return this.labels.length;
  }

  /** True when `label` is one of the known labels (a type guard for untyped input). */
  has(label: string): label is L {
    return this.#index.has(label);
  }

  /**
   * Index of `label` in {@link OneHot.labels}.
   * @throws {UnknownLabelError} SER_UNKNOWN_LABEL when the label is not known.
   */
  encodeIndex(label: L): number {
    const i = this.#index.get(label);
    if (i === undefined) {
      throw new UnknownLabelError(
        String(label),
        this.labels,
        `${COMPONENT}: label must be one of ${this.labels.map((l) => `'${l}'`).join(', ')} (got ${JSON.stringify(label)}). Map or drop labels outside the model's classes before encoding.`,
      );
    }
    return i;
  }

  /**
   * One-hot vector of `label`: length `k`, a 1 at `encodeIndex(label)`, 0 elsewhere.
   * @throws {UnknownLabelError} SER_UNKNOWN_LABEL when the label is not known.
   */
  encode(label: L): Float32Array {
    const out = new Float32Array(this.labels.length);
    out[this.encodeIndex(label)] = 1;
    return out;
  }

  /**
   * One-hot matrix of many labels, row-major `[n, k]` (row `i` encodes `labels[i]`), ready for
   * `tf.tensor2d(data, [n, k])`.
   * @throws {UnknownLabelError} SER_UNKNOWN_LABEL at the first unknown label.
   */
  encodeBatch(labels: readonly L[]): Float32Array {
    const k = this.labels.length;
    const out = new Float32Array(labels.length * k);
    for (let i = 0; i < labels.length; i++) out[i * k + this.encodeIndex(labels[i]!)] = 1;
    return out;
  }

  /**
   * The label of a class index, or of a score/one-hot vector (its arg-max; the first wins a tie).
   * @param v - an integer in `[0, k)`, or `k` numbers.
   * @throws {InvalidArgumentError} SER_INVALID_ARGUMENT for an index out of range or a vector with NaN.
   * @throws {ShapeMismatchError} SER_SHAPE_MISMATCH when the vector length is not `k`.
   */
  decode(v: number | ArrayLike<number>): L {
    const k = this.labels.length;
    if (typeof v === 'number') {
      if (!Number.isInteger(v) || v < 0 || v >= k) {
        throw new InvalidArgumentError(
          'index',
          v,
          `integer in [0, ${k - 1}]`,
          `${COMPONENT}: index must be an integer in [0, ${k - 1}] (got ${v}). The encoder has ${k} labels.`,
        );
      }
      return this.labels[v]!;
    }
    if (v === null || typeof v !== 'object' || typeof v.length !== 'number') {
      throw new InvalidArgumentError(
        'vector',
        v,
        'a number or an array of numbers',
        `${COMPONENT}: decode() takes a class index or a vector of ${k} scores (got ${String(v)}).`,
      );
    }
    if (v.length !== k) {
      throw new ShapeMismatchError(
        [k],
        [v.length],
        `${COMPONENT}: vector must have ${k} entries, one per label (got ${v.length}). Decode one row of the model output at a time, or use decodeBatch().`,
      );
    }
    let best = 0;
    let bestValue = -Infinity;
    for (let i = 0; i < k; i++) {
      const x = v[i]!;
      if (Number.isNaN(x)) {
        throw new InvalidArgumentError(
          'vector',
          x,
          'numbers (no NaN)',
          `${COMPONENT}: vector[${i}] is NaN. Check the model output for numerical problems.`,
        );
      }
      if (x > bestValue) {
        bestValue = x;
        best = i;
      }
    }
    return this.labels[best]!;
  }

  /**
   * Decode a row-major `[n, k]` score matrix into `n` labels (arg-max of each row).
   * @throws {ShapeMismatchError} SER_SHAPE_MISMATCH when `data.length` is not a multiple of `k`.
   */
  decodeBatch(data: ArrayLike<number>): L[] {
    const k = this.labels.length;
    if (data.length % k !== 0) {
      throw new ShapeMismatchError(
        [null, k],
        [data.length],
        `${COMPONENT}: data must hold n * ${k} scores (got ${data.length}). Pass a row-major [n, ${k}] matrix.`,
      );
    }
    const n = data.length / k;
    const out: L[] = new Array<L>(n);
    const row = new Float64Array(k);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < k; j++) row[j] = data[i * k + j]!;
      out[i] = this.decode(row);
    }
    return out;
  }

  /** Serialise (labels in index order). */
  toJSON(): OneHotJson<L> {
    return { type: 'OneHot', version: 1, labels: [...this.labels] };
  }

  /**
   * Rebuild an encoder from {@link OneHot.toJSON} output (object or JSON string) or a plain label array.
   * @throws {ModelFormatError} SER_MODEL_FORMAT (field `labels`) when the labels are missing, empty,
   * not strings, or duplicated.
   */
  static fromJSON<L extends string = string>(json: unknown): OneHot<L> {
    let obj: unknown = json;
    if (typeof json === 'string') {
      try {
        obj = JSON.parse(json);
      } catch (e) {
        throw new ModelFormatError('labels', `${COMPONENT}.fromJSON: the text is not valid JSON. Pass the object saved from oneHot.toJSON().`, { cause: e });
      }
    }
    let labels: unknown;
    if (Array.isArray(obj)) labels = obj;
    else if (obj !== null && typeof obj === 'object') {
      const o = obj as Record<string, unknown>;
      if (o.type !== undefined && o.type !== 'OneHot') {
        throw new ModelFormatError('type', `${COMPONENT}.fromJSON: type must be 'OneHot' (got ${JSON.stringify(o.type)}). Pass the object saved from oneHot.toJSON().`);
      }
      labels = o.labels;
    }
    if (!Array.isArray(labels)) {
      throw new ModelFormatError('labels', `${COMPONENT}.fromJSON: labels must be an array of strings (got ${JSON.stringify(labels)}). The saved label list is damaged.`);
    }
    try {
      return new OneHot<L>(labels as L[]);
    } catch (e) {
      throw new ModelFormatError('labels', `${COMPONENT}.fromJSON: ${(e as Error).message.replace(/^OneHot: /, '')}`, { cause: e });
    }
  }
}
