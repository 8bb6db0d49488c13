/**
 * Multinomial logistic regression with L2 penalty on standardised inputs (sklearn's
 * `LogisticRegression(C=…, multi_class='multinomial')` on `StandardScaler` output), fitted by
 * L-BFGS. Pure TypeScript over typed arrays: small (dims × classes weights), exact and fast
 * enough to refit in seconds, so it trains and runs anywhere tfjs does not need to.
 */
import { balancedWeightsByIndex } from '../data/class-weights.js';
import { InvalidArgumentError, ModelFormatError, ShapeMismatchError } from '../errors.js';
import { assertFiniteArray, assertInRange, assertPositiveInt } from '../internal/validate.js';

const C = 'LogisticRegression';

/** Options of {@link LogisticRegression.fit}. */
export interface LogisticRegressionOptions {
  /** Inverse L2 strength (sklearn's `C`): smaller = simpler model. @defaultValue 0.05 */
  readonly c?: number;
  /** 'balanced' weighs each class by N / (classes × count), so rare classes count as much. @defaultValue 'balanced' */
  readonly classWeight?: 'balanced' | 'none';
  /** L-BFGS iterations at most. @defaultValue 500 */
  readonly maxIter?: number;
  /** Stop when the gradient's max-norm falls below this. @defaultValue 1e-5 */
  readonly tol?: number;
  /**
   * Weight of each row (e.g. to balance corpora of different sizes), multiplied with the class
   * weight; non-negative, one per row. @defaultValue all 1
   */
  readonly sampleWeight?: readonly number[];
}

/** Defaults of {@link LogisticRegressionOptions}. */
export const LOGISTIC_REGRESSION_DEFAULTS = Object.freeze({ c: 0.05, classWeight: 'balanced', maxIter: 500, tol: 1e-5 } as const);

/** Serialised form (JSON-safe numbers). */
export interface LogisticRegressionJson {
  readonly classes: number;
  readonly dims: number;
  /** Input mean and scale (standardisation), `dims` each. */
  readonly mean: number[];
  readonly scale: number[];
  /** Weights, class-major `[classes][dims]`, flattened. */
  readonly weights: number[];
  readonly bias: number[];
}

/** A fitted multinomial logistic-regression classifier. */
export class LogisticRegression {
  private constructor(
    readonly classes: number,
    readonly dims: number,
    private readonly mean: Float64Array,
    private readonly scale: Float64Array,
    private readonly weights: Float64Array,
    private readonly bias: Float64Array,
    /** Iterations L-BFGS ran, and the final gradient max-norm (diagnostics). */
    readonly fitInfo: { readonly iterations: number; readonly gradNorm: number } | null = null,
  ) {}

  /**
   * Fit on rows `x[i]` (all of length dims) with class indices `y[i]` in [0, classes).
   * @throws {InvalidArgumentError} SER_INVALID_ARGUMENT on empty data, ragged rows, NaN or bad labels.
   */
  static fit(x: readonly Float32Array[], y: readonly number[], classes: number, options: LogisticRegressionOptions = {}): LogisticRegression {
    const o = { ...LOGISTIC_REGRESSION_DEFAULTS, ...options };
    assertInRange(C, 'c', o.c, 1e-8, 1e8);
    assertPositiveInt(C, 'maxIter', o.maxIter, 1);
    assertPositiveInt(C, 'classes', classes, 2);
    const n = x.length;
    if (n === 0 || n !== y.length)
      throw new InvalidArgumentError('x', n, 'rows with one label each', `${C}: fit needs at least one row and one label per row (got ${n} rows, ${y.length} labels).`);
    const d = x[0]!.length;
    x.forEach((r, i) => {
      if (r.length !== d) throw new ShapeMismatchError([d], [r.length], `${C}: row ${i} has ${r.length} values, row 0 has ${d}. Every row must have the same length.`);
      assertFiniteArray(C, `x[${i}]`, r);
    });
    y.forEach((v, i) => {
      if (!Number.isInteger(v) || v < 0 || v >= classes)
        throw new InvalidArgumentError(`y[${i}]`, v, `an integer class index in [0, ${classes})`, `${C}: y[${i}] must be a class index in [0, ${classes}) (got ${v}).`);
    });
    // standardise (a constant input keeps scale 1)
    const { mean, scale } = columnStandardization(x, d, () => 1);
    const z = new Float64Array(n * d);
    x.forEach((r, i) => {
      for (let j = 0; j < d; j++) z[i * d + j] = (r[j]! - mean[j]!) / scale[j]!;
    });
    const balanced = o.classWeight === 'balanced' ? balancedWeightsByIndex(y, classes) : null;
    const rowWeight = options.sampleWeight;
    if (rowWeight !== undefined && (rowWeight.length !== n || rowWeight.some((w) => !(w >= 0 && Number.isFinite(w)))))
      throw new InvalidArgumentError('sampleWeight', rowWeight.length, `${n} finite non-negative weights`, `${C}: sampleWeight must hold one finite weight >= 0 per row (${n} rows, got ${rowWeight.length}).`);
    const sw = Float64Array.from(y, (v, i) => (balanced ? balanced[v]! : 1) * (rowWeight ? rowWeight[i]! : 1));
    const K = classes;
    const P = K * d + K; // weights then biases
    const lambda = 1 / (o.c * n); // objective = mean weighted CE + lambda/2 ||W||^2  (sklearn's C·ΣCE + ½||W||², divided by C·n)
    const logits = new Float64Array(K);
    const f = (theta: Float64Array, grad: Float64Array): number => {
      grad.fill(0);
      let loss = 0;
      for (let i = 0; i < n; i++) {
        let max = -Infinity;
        for (let k = 0; k < K; k++) {
          let s = theta[K * d + k]!;
          const w = k * d;
          const r = i * d;
          for (let j = 0; j < d; j++) s += theta[w + j]! * z[r + j]!;
          logits[k] = s;
          if (s > max) max = s;
        }
        let sum = 0;
        for (let k = 0; k < K; k++) sum += (logits[k] = Math.exp(logits[k]! - max));
        const wi = sw[i]! / n;
        loss -= wi * Math.log(Math.max(logits[y[i]!]! / sum, 1e-300));
        for (let k = 0; k < K; k++) {
          const g = wi * (logits[k]! / sum - (k === y[i] ? 1 : 0));
          if (g === 0) continue;
          grad[K * d + k]! += g;
          const w = k * d;
          const r = i * d;
          for (let j = 0; j < d; j++) grad[w + j]! += g * z[r + j]!;
        }
      }
      for (let j = 0; j < K * d; j++) {
        loss += 0.5 * lambda * theta[j]! ** 2;
        grad[j]! += lambda * theta[j]!;
      }
      return loss;
    };
    const theta = new Float64Array(P);
    const info = lbfgs(f, theta, o.maxIter, o.tol);
    return new LogisticRegression(K, d, mean, scale, theta.slice(0, K * d), theta.slice(K * d), info);
  }

  /** Class probabilities of one row (length `dims`), summing to 1. */
  predictProba(row: Float32Array): Float64Array {
    if (row.length !== this.dims) throw new ShapeMismatchError([this.dims], [row.length], `${C}: the row has ${row.length} values; the model was fitted on ${this.dims}. Compute the features with the same settings.`);
    const { classes: K, dims: d } = this;
    const p = new Float64Array(K);
    let max = -Infinity;
    for (let k = 0; k < K; k++) {
      let s = this.bias[k]!;
      for (let j = 0; j < d; j++) s += this.weights[k * d + j]! * ((row[j]! - this.mean[j]!) / this.scale[j]!);
      p[k] = s;
      if (s > max) max = s;
    }
    let sum = 0;
    for (let k = 0; k < K; k++) sum += (p[k] = Math.exp(p[k]! - max));
    for (let k = 0; k < K; k++) p[k]! /= sum;
    return p;
  }

  /**
   * The same classifier behind another input standardisation: the mean and standard deviation of
   * each input measured on a new domain (unlabelled rows of one microphone, room or speaker group),
   * so that domain's statistics line up with the training data's before the weights see them.
   * @param rows - at least 2 unlabelled rows of `dims` values.
   * @throws {InvalidArgumentError} SER_INVALID_ARGUMENT for fewer than 2 rows or rows of another length.
   */
  restandardized(rows: readonly Float32Array[]): LogisticRegression {
    if (rows.length < 2 || rows.some((r) => r.length !== this.dims))
      throw new InvalidArgumentError('rows', rows.length, `at least 2 rows of ${this.dims} values`, `${C}: re-standardising needs at least 2 rows of ${this.dims} values (got ${rows.length}).`);
    // a statistic constant in the new domain keeps its training scale (no division by ~0)
    const { mean, scale } = columnStandardization(rows, this.dims, (j) => this.scale[j]!);
    return new LogisticRegression(this.classes, this.dims, mean, scale, this.weights, this.bias);
  }

  /** JSON form (for model bundles). */
  toJSON(): LogisticRegressionJson {
    return { classes: this.classes, dims: this.dims, mean: [...this.mean], scale: [...this.scale], weights: [...this.weights], bias: [...this.bias] };
  }

  /**
   * Rebuild from {@link toJSON} output.
   * @throws {ModelFormatError} SER_MODEL_FORMAT when sizes disagree or values are not finite.
   */
  static fromJSON(json: unknown, where = 'logistic regression'): LogisticRegression {
    const j = json as Partial<LogisticRegressionJson> | null;
    const ok = (a: unknown, len: number) => Array.isArray(a) && a.length === len && a.every((v) => typeof v === 'number' && Number.isFinite(v));
    const K = j?.classes;
    const d = j?.dims;
    if (!j || !Number.isInteger(K) || !Number.isInteger(d) || K! < 2 || d! < 1 || !ok(j.mean, d!) || !ok(j.scale, d!) || !ok(j.weights, K! * d!) || !ok(j.bias, K!) || j.scale!.some((s) => s <= 0))
      throw new ModelFormatError('statsHead', `${C}: ${where} is malformed (classes, dims, mean, scale, weights and bias must agree in size and be finite). Re-save or re-download the model.`);
    return new LogisticRegression(K!, d!, Float64Array.from(j.mean!), Float64Array.from(j.scale!), Float64Array.from(j.weights!), Float64Array.from(j.bias!));
  }
}

/**
 * Per-column mean and standard deviation of `rows` (population, float64): the standardisation the
 * classifier puts in front of its weights. A column with (near-)zero variance gets `constantScale(j)`.
 */
function columnStandardization(rows: readonly Float32Array[], d: number, constantScale: (j: number) => number): { mean: Float64Array; scale: Float64Array } {
  const n = rows.length;
  const mean = new Float64Array(d);
  const scale = new Float64Array(d);
  for (const r of rows) for (let j = 0; j < d; j++) mean[j]! += r[j]! / n;
  for (const r of rows) for (let j = 0; j < d; j++) scale[j]! += (r[j]! - mean[j]!) ** 2 / n;
  for (let j = 0; j < d; j++) scale[j] = scale[j]! > 1e-20 ? Math.sqrt(scale[j]!) : constantScale(j);
  return { mean, scale };
}

/** Minimise a smooth convex `f` in place with L-BFGS (memory 10) and a backtracking Armijo line search. */
function lbfgs(f: (x: Float64Array, g: Float64Array) => number, x: Float64Array, maxIter: number, tol: number): { iterations: number; gradNorm: number } {
  const m = 10;
  const n = x.length;
  const g = new Float64Array(n);
  let fx = f(x, g);
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const rho: number[] = [];
  const dir = new Float64Array(n);
  const xNew = new Float64Array(n);
  const gNew = new Float64Array(n);
  const alpha = new Float64Array(m);
  const dot = (a: Float64Array, b: Float64Array) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += a[i]! * b[i]!;
    return s;
  };
  const maxNorm = (a: Float64Array) => a.reduce((s, v) => Math.max(s, Math.abs(v)), 0);
  let it = 0;
  for (; it < maxIter && maxNorm(g) > tol; it++) {
    // two-loop recursion: dir = -H g
    dir.set(g);
    for (let i = S.length - 1; i >= 0; i--) {
      alpha[i] = rho[i]! * dot(S[i]!, dir);
      for (let k = 0; k < n; k++) dir[k]! -= alpha[i]! * Y[i]![k]!;
    }
    const gamma = S.length ? dot(S[S.length - 1]!, Y[Y.length - 1]!) / dot(Y[Y.length - 1]!, Y[Y.length - 1]!) : 1 / Math.max(1, maxNorm(g));
    for (let k = 0; k < n; k++) dir[k]! *= gamma;
    for (let i = 0; i < S.length; i++) {
      const beta = rho[i]! * dot(Y[i]!, dir);
      for (let k = 0; k < n; k++) dir[k]! += S[i]![k]! * (alpha[i]! - beta);
    }
    for (let k = 0; k < n; k++) dir[k] = -dir[k]!;
    let slope = dot(g, dir);
    if (slope >= 0) {
      // not a descent direction (numerical trouble): restart with steepest descent
      S.length = Y.length = rho.length = 0;
      for (let k = 0; k < n; k++) dir[k] = -g[k]!;
      slope = dot(g, dir);
    }
    let step = 1;
    let fNew = Infinity;
    for (let ls = 0; ls < 40; ls++) {
      for (let k = 0; k < n; k++) xNew[k] = x[k]! + step * dir[k]!;
      fNew = f(xNew, gNew);
      if (fNew <= fx + 1e-4 * step * slope) break;
      step *= 0.5;
    }
    if (!(fNew < fx) && !(fNew <= fx)) break;
    const s = new Float64Array(n);
    const yv = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      s[k] = xNew[k]! - x[k]!;
      yv[k] = gNew[k]! - g[k]!;
    }
    const sy = dot(s, yv);
    if (sy > 1e-12) {
      if (S.length === m) {
        S.shift();
        Y.shift();
        rho.shift();
      }
      S.push(s);
      Y.push(yv);
      rho.push(1 / sy);
    }
    const improved = fx - fNew;
    x.set(xNew);
    g.set(gNew);
    fx = fNew;
    if (improved >= 0 && improved < 1e-12 * Math.max(1, Math.abs(fx))) break;
  }
  return { iterations: it, gradNorm: maxNorm(g) };
}
