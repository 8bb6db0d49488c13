/**
 * Babble noise: several other talkers' recordings summed, the "cocktail party" background that
 * is the hardest noise for speech systems (it has the spectrum and modulation of speech).
 */
import { InvalidArgumentError } from '../errors.js';
import { randInt, type Rng } from '../internal/rng.js';
import { describeValue } from '../internal/validate.js';
import { assertSignal, meanPower, peakAbs, toRng, type RngLike } from './signal.js';

/** Options of {@link babbleNoise}. */
export interface BabbleNoiseOptions {
  /** Length of the babble in samples (an integer ≥ 1), e.g. the length of the clip it will be mixed into. */
  readonly length: number;
  /**
   * Number of talkers, or an inclusive range `[min, max]` to draw it from uniformly; integers in
   * [1, 64]. Four to six voices are no longer individually intelligible but still clearly speech.
   * @defaultValue [4, 6]
   */
  readonly speakers?: number | readonly [number, number];
}

/** Defaults of {@link babbleNoise}. */
export const BABBLE_NOISE_DEFAULTS = Object.freeze({
  speakers: Object.freeze([4, 6] as const),
} as const satisfies Omit<Required<BabbleNoiseOptions>, 'length'>);

const C = 'babbleNoise';

/**
 * Check a babble pool at a public boundary: a non-empty array of non-empty, finite, non-silent
 * Float32Arrays. Returns each clip's mean power (used to level the talkers).
 * @internal
 */
export function checkBabblePool(component: string, clips: unknown, name = 'clips'): Float64Array {
  if (!Array.isArray(clips) || clips.length === 0) {
    throw new InvalidArgumentError(
      name,
      clips,
      'a non-empty array of Float32Array clips',
      `${component}: ${name} must be a non-empty array of Float32Array clips (got ${describeValue(clips)}). Pass recordings of other speakers at the same sample rate.`,
    );
  }
  const powers = new Float64Array(clips.length);
  clips.forEach((clip, i) => {
    assertSignal(component, clip, 1, `${name}[${i}]`);
    const p = meanPower(clip);
    if (p === 0) {
      throw new InvalidArgumentError(`${name}[${i}]`, 0, 'non-silent clip', `${component}: ${name}[${i}] must not be silent (got power 0). Remove silent clips from the pool.`);
    }
    powers[i] = p;
  });
  return powers;
}

/** Resolve `speakers` to an inclusive integer range. @internal */
export function resolveSpeakers(component: string, speakers: unknown, name = 'speakers'): readonly [number, number] {
  const range = typeof speakers === 'number' ? [speakers, speakers] : speakers;
  const ok = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 64;
  if (!Array.isArray(range) || range.length !== 2 || !ok(range[0]) || !ok(range[1]) || range[0] > range[1]) {
    throw new InvalidArgumentError(
      name,
      speakers,
      'an integer in [1, 64] or [min, max] of such integers',
      `${component}: ${name} must be an integer in [1, 64] or a range [min, max] of such integers (got ${describeValue(speakers)}). Use e.g. [4, 6].`,
    );
  }
  return Object.freeze([range[0], range[1]] as const);
}

/**
 * The babble kernel (inputs trusted): `speakers` talkers drawn from `clips` (distinct while
 * the pool allows), each levelled to unit mean power over its clip, looped from a random offset
 * to `length` samples and summed; the sum is scaled to the mean of the talkers' clip powers
 * (i.e. about one talker's level), or down to peak 1 if that would exceed full scale.
 * @internal
 */
export function babbleKernel(
  clips: readonly Float32Array[],
  powers: Float64Array,
  length: number,
  [lo, hi]: readonly [number, number],
  rng: Rng,
): Float32Array {
  const k = lo + randInt(rng, hi - lo + 1);
  // Partial Fisher–Yates over the pool: distinct talkers; when k exceeds the pool, a new round
  // of the shuffle starts (repeats, each with its own offset: another stretch of speech).
  const order = Array.from(clips.keys());
  const picks: number[] = [];
  for (let t = 0; t < k; t++) {
    const j = t % order.length;
    const r = j + randInt(rng, order.length - j);
    [order[j], order[r]] = [order[r]!, order[j]!];
    picks.push(order[j]!);
  }
  const acc = new Float64Array(length);
  let target = 0;
  for (const idx of picks) {
    const clip = clips[idx]!;
    const g = 1 / Math.sqrt(powers[idx]!);
    target += powers[idx]!;
    let s = randInt(rng, clip.length);
    for (let i = 0; i < length; i++) {
      acc[i] = acc[i]! + g * clip[s]!;
      if (++s === clip.length) s = 0;
    }
  }
  target /= picks.length;
  let p = 0;
  let pk = 0;
  for (let i = 0; i < length; i++) {
    const v = acc[i]!;
    p += v * v;
    if (Math.abs(v) > pk) pk = Math.abs(v);
  }
  p /= length;
  const out = new Float32Array(length);
  if (p === 0) return out; // every talker silent over this stretch
  let scale = Math.sqrt(target / p);
  if (pk * scale > 1) scale = 1 / pk;
  for (let i = 0; i < length; i++) out[i] = Math.max(-1, Math.min(1, acc[i]! * scale));
  return out;
}

/**
 * Babble noise from a pool of other speakers' recordings, to mix in with
 * `addNoise(x, { snrDb, type: { clip: babble } }, rng)` at an exact SNR.
 *
 * `speakers` talkers (default 4–6) are drawn from `clips` — distinct clips while the pool is
 * big enough, repeats with other offsets otherwise — each levelled to unit mean power (so no
 * voice dominates), looped from a random offset to `length` samples, and summed. The result is
 * scaled to the mean of the chosen clips' powers (about one talker's level), or to peak 1 if
 * that would exceed full scale. Its long-term spectrum is that of speech (on RAVDESS: > 90 % of
 * the energy between 100 Hz and 4 kHz, against 49 % for white noise). Pool clips must share the
 * target's sample rate; leading/trailing silence in them simply becomes gaps in one voice.
 *
 * @param clips - pool of mono recordings (finite, non-empty, not silent), ideally of speakers
 *   other than the target's.
 * @param options - see {@link BabbleNoiseOptions}.
 * @param rng - integer seed or `() => number` in [0, 1); same rng state → same babble.
 * @returns a new Float32Array of `length` samples within [−1, 1] (all zeros only if every chosen
 *   talker is silent over the stretch used).
 * @throws {InvalidArgumentError} SER_INVALID_ARGUMENT on an empty pool, a silent or non-finite
 *   clip, a bad `length`, `speakers` or rng.
 * @throws {EmptyAudioError} SER_EMPTY_AUDIO when a pool clip is empty.
 * @example
 * const babble = babbleNoise(otherSpeakers, { length: x.length }, 42);
 * const noisy = addNoise(x, { snrDb: 10, type: { clip: babble } }, 42);
 * // => 10·log10(Σx² / Σ(noisy − x)²) = 10
 */
export function babbleNoise(clips: readonly Float32Array[], options: BabbleNoiseOptions, rng: RngLike): Float32Array {
  const powers = checkBabblePool(C, clips);
  const length = options?.length;
  if (typeof length !== 'number' || !Number.isInteger(length) || length < 1) {
    throw new InvalidArgumentError('length', length, 'integer >= 1', `${C}: length must be an integer >= 1 (got ${describeValue(length)}). Pass the length of the clip to mix into.`);
  }
  const speakers = resolveSpeakers(C, options.speakers ?? BABBLE_NOISE_DEFAULTS.speakers);
  return babbleKernel(clips, powers, length, speakers, toRng(C, rng));
}
