/**
 * Small helpers shared by the feature modules (not re-exported from the package barrel):
 * the default logger, input-signal validation and option checks with the library's messages.
 */
import { EmptyAudioError, InvalidArgumentError } from '../errors.js';
import type { Logger } from '../types.js';
import { describeValue } from '../internal/validate.js';

/**
 * Logger used when the caller injects none: forwards warnings to `console.warn` so that
 * legal-but-suspicious settings (empty mel filters, FFT longer than the input) are never
 * silent, as librosa's `warnings.warn` is not. Inject `{ warn() {} }` to silence it.
 */
export const DEFAULT_LOGGER: Logger = Object.freeze({
  warn(message: string): void {
    globalThis.console?.warn(message);
  },
});

/**
 * Validate an input signal at a public boundary: a Float32Array (or Float64Array) that is
 * non-empty and holds only finite numbers.
 *
 * The finiteness check sums the samples (one branch-free pass): the sum of finite float32
 * values cannot overflow a double, so a non-finite sum means a NaN/±Inf sample; only then is
 * the offending index searched for the message.
 *
 * @throws {InvalidArgumentError} SER_INVALID_ARGUMENT when not a typed float array or NaN/Inf inside.
 * @throws {EmptyAudioError} SER_EMPTY_AUDIO when the signal has no samples.
 */
export function assertSignal(component: string, signal: unknown, name = 'samples'): asserts signal is Float32Array | Float64Array {
  assertSignalShape(component, signal, name);
  assertFiniteSignal(component, signal, name);
}

/** The type / non-empty half of {@link assertSignal}. */
export function assertSignalShape(component: string, signal: unknown, name = 'samples'): asserts signal is Float32Array | Float64Array {
  if (!(signal instanceof Float32Array) && !(signal instanceof Float64Array)) {
    throw new InvalidArgumentError(
      name,
      signal,
      'Float32Array',
      `${component}: ${name} must be a Float32Array (got ${describeValue(signal)}). Decode audio with parseWav/AudioDecoder or wrap numbers with Float32Array.from().`,
    );
  }
  const n = signal.length;
  if (n === 0) {
    throw new EmptyAudioError(`${component}: ${name} must contain at least one sample (got 0). Check that the audio decoded to a non-empty signal.`);
  }
}

/** The NaN/Inf half of {@link assertSignal}. */
export function assertFiniteSignal(component: string, signal: Float32Array | Float64Array, name = 'samples', from = 0): void {
  const n = signal.length;
  let a = 0;
  let b = 0;
  let i = from;
  for (; i + 1 < n; i += 2) {
    a += signal[i]!;
    b += signal[i + 1]!;
  }
  if (i < n) a += signal[i]!;
  // NaN propagates and ±Inf stays non-finite (or becomes NaN as Inf - Inf) through the sums.
  if (Number.isFinite(a) && Number.isFinite(b)) return;
  for (let j = from; j < n; j++) {
    const v = signal[j]!;
    if (!Number.isFinite(v)) {
      throw new InvalidArgumentError(
        name,
        v,
        'finite numbers',
        `${component}: ${name} must hold finite numbers (got ${v} at index ${j}). Remove NaN/Inf samples before calling.`,
      );
    }
  }
}

/** Throw InvalidArgumentError unless `value` is a boolean. */
export function assertBoolean(component: string, name: string, value: unknown): asserts value is boolean {
  if (typeof value !== 'boolean') {
    throw new InvalidArgumentError(
      name,
      value,
      'boolean',
      `${component}: ${name} must be a boolean (got ${describeValue(value)}). Pass true or false.`,
    );
  }
}

/** Throw InvalidArgumentError unless `value` is a finite number > `lo` (or ≥ when `inclusive`). */
export function assertNumberAbove(
  component: string,
  name: string,
  value: unknown,
  lo: number,
  inclusive = false,
  remedy = '',
): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value) || (inclusive ? value < lo : value <= lo)) {
    const exp = `finite number ${inclusive ? '>=' : '>'} ${lo}`;
    throw new InvalidArgumentError(
      name,
      value,
      exp,
      `${component}: ${name} must be a ${exp} (got ${describeValue(value)}).${remedy ? ' ' + remedy : ''}`,
    );
  }
}

/** Throw InvalidArgumentError when `options` holds a key not in `known` (catches snake_case typos). */
export function assertKnownKeys(component: string, options: object, known: readonly string[]): void {
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      const camel = key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
      const hint = camel !== key && known.includes(camel) ? ` Did you mean '${camel}'?` : ` Known options: ${known.join(', ')}.`;
      throw new InvalidArgumentError(key, (options as Record<string, unknown>)[key], 'a known option', `${component}: option '${key}' must be a known option (got unknown option '${key}').${hint}`);
    }
  }
}
