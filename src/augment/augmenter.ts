/**
 * `Augmenter`: a seeded, serialisable recipe of augmentation steps applied to waveforms
 * (`apply`) and to feature matrices (`applyFeatures`, SpecAugment steps).
 */
import { InvalidArgumentError } from '../errors.js';
import { createRng, type Rng } from '../internal/rng.js';
import { assertInRange, assertOneOf, describeValue } from '../internal/validate.js';
import type { FeatureMatrix } from '../types.js';
import { babbleKernel, checkBabblePool, resolveSpeakers } from './babble.js';
import { clip } from './clipping.js';
import { aLaw, muLaw } from './companding.js';
import { eqTilt, EQ_TILT_DEFAULTS } from './eq-tilt.js';
import { gain } from './gain.js';
import { lossyLowpass } from './lowpass.js';
import { addNoise } from './noise.js';
import { pitchShift } from './pitch-shift.js';
import { shiftBy, SHIFT_MODES, type ShiftMode } from './shift.js';
import { assertPositive, assertSignal, meanPower, peakAbs } from './signal.js';
import {
  assertFeatureMatrix,
  resolveSpecAugmentConfig,
  specAugmentKernel,
  type SpecAugmentConfig,
  type SpecAugmentOptions,
} from './spec-augment.js';
import { reverberate, REVERBERATE_DEFAULTS } from './reverb.js';
import { speedPerturb } from './speed.js';
import { telephoneBand, TELEPHONE_BAND_DEFAULTS } from './telephone.js';
import { TIME_STRETCH_DEFAULTS, TIME_STRETCH_METHODS, timeStretch, type TimeStretchMethod } from './time-stretch.js';

/** A closed range `[min, max]` sampled uniformly, or one fixed value. */
export type AugmentRange = number | readonly [number, number];

/** Noise colours an Augmenter `noise` step can generate. */
export type NoiseColour = 'white' | 'pink';

interface StepBase {
  /** Probability that the step is applied to a given clip, in [0, 1]. @defaultValue 1 */
  readonly p?: number;
}

/** Time-stretch by a rate drawn from `rate` (duration × 1/rate, pitch kept). */
export interface TimeStretchStep extends StepBase {
  readonly type: 'timeStretch';
  /** Rate range, within [0.1, 10], e.g. `[0.8, 1.25]`. */
  readonly rate: AugmentRange;
  /** @defaultValue 'wsola' */
  readonly method?: TimeStretchMethod;
}
/** Pitch-shift by a number of semitones drawn from `semitones` (duration kept). */
export interface PitchShiftStep extends StepBase {
  readonly type: 'pitchShift';
  /** Semitone range, within [-24, 24], e.g. `[-2, 2]`. */
  readonly semitones: AugmentRange;
  /** @defaultValue 'wsola' */
  readonly method?: TimeStretchMethod;
}
/** Add white or pink noise at an SNR (dB, whole clip) drawn from `snrDb`. */
export interface NoiseStep extends StepBase {
  readonly type: 'noise';
  /** SNR range in dB, within [-30, 100], e.g. `[10, 30]`. */
  readonly snrDb: AugmentRange;
  /** Noise colour, or a list to pick from uniformly. @defaultValue 'white' */
  readonly noise?: NoiseColour | readonly NoiseColour[];
}
/** Apply a gain (dB) drawn from `db`, capped at the clip's headroom (never clips). */
export interface GainStep extends StepBase {
  readonly type: 'gain';
  /** Gain range in dB, within [-100, 100], e.g. `[-6, 6]`. */
  readonly db: AugmentRange;
}
/** Speed-perturb by one of `factors`, picked uniformly (tempo and pitch together). */
export interface SpeedStep extends StepBase {
  readonly type: 'speed';
  /** Factors, each within [0.5, 2], e.g. `[0.9, 1, 1.1]`. */
  readonly factors: readonly number[];
}
/** Shift in time by a whole number of samples drawn uniformly from ±maxShiftSec. */
export interface ShiftStep extends StepBase {
  readonly type: 'shift';
  /** Largest shift in seconds, within [0, 60]. */
  readonly maxShiftSec: number;
  /** @defaultValue 'roll' */
  readonly mode?: ShiftMode;
}
/** Companding laws a `codec` step can apply. */
export type CodecLaw = 'muLaw' | 'aLaw';

/** Names of the companding laws ({@link muLaw} with µ = 255, {@link aLaw} with A = 87.6). */
export const CODEC_LAWS = Object.freeze(['muLaw', 'aLaw'] as const);

/** Band-limit to the telephone band ({@link telephoneBand}); fixed edges, not ranges. */
export interface TelephoneStep extends StepBase {
  readonly type: 'telephone';
  /** Lower passband edge in Hz, ≥ 50. @defaultValue 300 */
  readonly lowHz?: number;
  /** Upper passband edge in Hz (must fit below the Nyquist rate of the rate it is filtered at). @defaultValue 3400 */
  readonly highHz?: number;
  /** Intermediate rate in Hz, or null to filter at the clip's rate. @defaultValue 8000 */
  readonly resampleTo?: number | null;
}
/** 8-bit G.711-style companding, µ-law (µ = 255) or A-law (A = 87.6), picked uniformly from `codec`. */
export interface CodecStep extends StepBase {
  readonly type: 'codec';
  /** Law, or a list to pick from uniformly. @defaultValue ['muLaw', 'aLaw'] */
  readonly codec?: CodecLaw | readonly CodecLaw[];
}
/** Codec bandwidth limit ({@link lossyLowpass}) at a cutoff (Hz) drawn from `cutoffHz`. */
export interface LowpassStep extends StepBase {
  readonly type: 'lowpass';
  /** Cutoff range in Hz, within [100, 100000]; each value must also be ≤ 0.95 × Nyquist of the clip, e.g. `[3000, 7000]` at 16 kHz. */
  readonly cutoffHz: AugmentRange;
}
/** Room reverberation ({@link reverberate}) with an RT60 (s) drawn from `rt60Sec`. */
export interface ReverbStep extends StepBase {
  readonly type: 'reverb';
  /** RT60 range in seconds, within [0.05, 5], e.g. `[0.2, 1]`. */
  readonly rt60Sec: AugmentRange;
  /** Direct-to-reverberant ratio range in dB, within [−20, 40]. @defaultValue 0 */
  readonly directToReverbDb?: AugmentRange;
  /** Wet fraction range, within [0, 1]. @defaultValue 1 */
  readonly wet?: AugmentRange;
}
/**
 * Babble of 4–6 other talkers ({@link babbleNoise}) from the Augmenter's `babblePool`, mixed at
 * an SNR (dB, whole clip) drawn from `snrDb`. The Augmenter must be given a `babblePool`.
 */
export interface BabbleStep extends StepBase {
  readonly type: 'babble';
  /** SNR range in dB, within [−30, 100], e.g. `[5, 30]`. */
  readonly snrDb: AugmentRange;
  /** Number of talkers, or `[min, max]`; integers in [1, 64]. @defaultValue [4, 6] */
  readonly speakers?: number | readonly [number, number];
}
/** Spectral tilt ({@link eqTilt}) of a slope (dB/octave) drawn from `dbPerOctave`. */
export interface EqTiltStep extends StepBase {
  readonly type: 'eqTilt';
  /** Slope range in dB/octave, within [−6, 6], e.g. `[-3, 3]`. */
  readonly dbPerOctave: AugmentRange;
  /** Pivot in Hz (unchanged frequency), ≥ 100 and ≤ sampleRate / 4. @defaultValue 1000 */
  readonly pivotHz?: number;
}
/** Hard clipping ({@link clip}): give exactly one of `clipFraction` and `thresholdDb`. */
export interface ClipStep extends StepBase {
  readonly type: 'clip';
  /** Range of the fraction of samples clipped, within [1e-6, 0.5], e.g. `[0.001, 0.02]`. */
  readonly clipFraction?: AugmentRange;
  /** Range of the threshold in dB re the peak, within [−60, 0], e.g. `[-12, -3]`. */
  readonly thresholdDb?: AugmentRange;
}
/** SpecAugment masks; used by `applyFeatures` only (ignored by `apply`). */
export interface SpecAugmentStep extends StepBase, SpecAugmentOptions {
  readonly type: 'specAugment';
}

/** One step of an augmentation recipe. Steps run in recipe order, each with probability `p`. */
export type AugmentStep =
  | TimeStretchStep
  | PitchShiftStep
  | NoiseStep
  | GainStep
  | SpeedStep
  | ShiftStep
  | SpecAugmentStep
  | TelephoneStep
  | CodecStep
  | LowpassStep
  | ReverbStep
  | BabbleStep
  | EqTiltStep
  | ClipStep;

/** Names of the step types. */
export const AUGMENT_STEP_TYPES = Object.freeze([
  'timeStretch',
  'pitchShift',
  'noise',
  'gain',
  'speed',
  'shift',
  'specAugment',
  'telephone',
  'codec',
  'lowpass',
  'reverb',
  'babble',
  'eqTilt',
  'clip',
] as const);

/** A step with every default filled in and ranges as `[min, max]` (what `config.recipe` holds). */
export type ResolvedAugmentStep =
  | { readonly type: 'timeStretch'; readonly p: number; readonly rate: readonly [number, number]; readonly method: TimeStretchMethod }
  | { readonly type: 'pitchShift'; readonly p: number; readonly semitones: readonly [number, number]; readonly method: TimeStretchMethod }
  | { readonly type: 'noise'; readonly p: number; readonly snrDb: readonly [number, number]; readonly noise: readonly NoiseColour[] }
  | { readonly type: 'gain'; readonly p: number; readonly db: readonly [number, number] }
  | { readonly type: 'speed'; readonly p: number; readonly factors: readonly number[] }
  | { readonly type: 'shift'; readonly p: number; readonly maxShiftSec: number; readonly mode: ShiftMode }
  | ({ readonly type: 'specAugment'; readonly p: number } & SpecAugmentConfig)
  | { readonly type: 'telephone'; readonly p: number; readonly lowHz: number; readonly highHz: number; readonly resampleTo: number | null }
  | { readonly type: 'codec'; readonly p: number; readonly codec: readonly CodecLaw[] }
  | { readonly type: 'lowpass'; readonly p: number; readonly cutoffHz: readonly [number, number] }
  | {
      readonly type: 'reverb';
      readonly p: number;
      readonly rt60Sec: readonly [number, number];
      readonly directToReverbDb: readonly [number, number];
      readonly wet: readonly [number, number];
    }
  | { readonly type: 'babble'; readonly p: number; readonly snrDb: readonly [number, number]; readonly speakers: readonly [number, number] }
  | { readonly type: 'eqTilt'; readonly p: number; readonly dbPerOctave: readonly [number, number]; readonly pivotHz: number }
  | {
      readonly type: 'clip';
      readonly p: number;
      /** Exactly one of the two is a range; the other is null. */
      readonly clipFraction: readonly [number, number] | null;
      readonly thresholdDb: readonly [number, number] | null;
    };

/** Options of {@link Augmenter}. */
export interface AugmenterOptions {
  /** Base seed (safe integer). Same seed + same recipe + same input → same output, bit for bit. @defaultValue 0 */
  readonly seed?: number;
  /** Steps, run in order. @defaultValue {@link DEFAULT_SPEECH_EMOTION_RECIPE} */
  readonly recipe?: readonly AugmentStep[];
  /**
   * Recordings of other speakers for `babble` steps (required when the recipe has one; each
   * clip finite, non-empty, not silent, at the sample rate `apply` is called with). Data, not
   * configuration: it is validated once here, not stored in `config` or `toJSON()`; pass it
   * again to {@link Augmenter.fromJSON}. Ideally from speakers outside the clip being augmented
   * (e.g. another split or corpus).
   */
  readonly babblePool?: readonly Float32Array[];
}

/** Resolved, frozen configuration of an {@link Augmenter} (JSON-serialisable). */
export interface AugmenterConfig {
  readonly seed: number;
  readonly recipe: readonly ResolvedAugmentStep[];
}

/**
 * A mild recipe for speech emotion recognition. Pitch and tempo carry emotion (anger and joy
 * are faster and higher, sadness slower and lower), so perturbations stay small enough
 * (±10 % speed, ±2 semitones) not to move a clip into another class's range, while gain, noise
 * and shifts add the recording-condition variety that small corpora such as RAVDESS lack.
 */
export const DEFAULT_SPEECH_EMOTION_RECIPE: readonly AugmentStep[] = Object.freeze([
  Object.freeze({ type: 'speed', p: 0.4, factors: Object.freeze([0.9, 1, 1.1]) }),
  Object.freeze({ type: 'timeStretch', p: 0.3, rate: Object.freeze([0.9, 1.1] as const) }),
  Object.freeze({ type: 'pitchShift', p: 0.3, semitones: Object.freeze([-2, 2] as const) }),
  Object.freeze({ type: 'shift', p: 0.5, maxShiftSec: 0.25, mode: 'roll' }),
  Object.freeze({ type: 'gain', p: 0.5, db: Object.freeze([-6, 6] as const) }),
  Object.freeze({ type: 'noise', p: 0.5, snrDb: Object.freeze([15, 35] as const), noise: Object.freeze(['white', 'pink'] as const) }),
  Object.freeze({ type: 'specAugment', p: 0.5, timeMasks: 2, timeMaskMaxFrames: 12, freqMasks: 2, freqMaskMaxBins: 6, maskValue: 'mean' }),
] as const satisfies readonly AugmentStep[]);

/**
 * Channel-robustness recipe: the recording chain a deployed model meets and an acted studio
 * corpus lacks — room (reverb), background (white/pink noise), microphone (EQ tilt), level
 * (gain), overload (clipping), transmission (codec low-pass, telephone band, G.711
 * companding) — in that physical order. Each channel effect fires with a small probability
 * (0.04–0.12, chosen so that `1 − Π(1 − p)` = 0.49: about half of the copies pass through at
 * least one channel effect and half stay clean), plus the usual ±6 dB gain on half of them.
 * Every step keeps the clip's length, and no step needs extra data, so it drops into any
 * trainer as is; to add babble, append `{ type: 'babble', p: 0.1, snrDb: [5, 30] }` and pass a
 * `babblePool`. Combine with {@link DEFAULT_SPEECH_EMOTION_RECIPE} by concatenation if wanted.
 */
export const CHANNEL_ROBUSTNESS_RECIPE: readonly AugmentStep[] = Object.freeze([
  Object.freeze({ type: 'reverb', p: 0.12, rt60Sec: Object.freeze([0.2, 1] as const), directToReverbDb: Object.freeze([0, 10] as const) }),
  Object.freeze({ type: 'noise', p: 0.12, snrDb: Object.freeze([5, 30] as const), noise: Object.freeze(['white', 'pink'] as const) }),
  Object.freeze({ type: 'eqTilt', p: 0.12, dbPerOctave: Object.freeze([-3, 3] as const) }),
  Object.freeze({ type: 'gain', p: 0.5, db: Object.freeze([-6, 6] as const) }),
  Object.freeze({ type: 'clip', p: 0.04, clipFraction: Object.freeze([0.001, 0.02] as const) }),
  Object.freeze({ type: 'lowpass', p: 0.08, cutoffHz: Object.freeze([3000, 7000] as const) }),
  Object.freeze({ type: 'telephone', p: 0.08 }),
  Object.freeze({ type: 'codec', p: 0.08, codec: Object.freeze(['muLaw', 'aLaw'] as const) }),
] as const satisfies readonly AugmentStep[]);

/** Defaults of {@link Augmenter}. */
export const AUGMENTER_DEFAULTS = Object.freeze({
  seed: 0,
  recipe: DEFAULT_SPEECH_EMOTION_RECIPE,
} as const satisfies Omit<Required<AugmenterOptions>, 'babblePool'>);

const C = 'Augmenter';

function bad(parameter: string, value: unknown, expected: string, remedy = ''): InvalidArgumentError {
  return new InvalidArgumentError(
    parameter,
    value,
    expected,
    `${C}: ${parameter} must be ${expected} (got ${describeValue(value)}).${remedy ? ' ' + remedy : ''}`,
  );
}

function resolveRange(name: string, v: unknown, lo: number, hi: number): readonly [number, number] {
  if (typeof v === 'number') {
    assertInRange(C, name, v, lo, hi);
    return Object.freeze([v, v] as const);
  }
  if (!Array.isArray(v) || v.length !== 2) throw bad(name, v, `a number or [min, max] within [${lo}, ${hi}]`);
  assertInRange(C, `${name}[0]`, v[0], lo, hi);
  assertInRange(C, `${name}[1]`, v[1], lo, hi);
  if ((v[0] as number) > (v[1] as number)) throw bad(name, `[${String(v[0])}, ${String(v[1])}]`, '[min, max] with min <= max');
  return Object.freeze([v[0] as number, v[1] as number] as const);
}

function resolveStep(step: unknown, i: number): ResolvedAugmentStep {
  const at = `recipe[${i}]`;
  if (typeof step !== 'object' || step === null) throw bad(at, step, 'a step object such as { type: "gain", db: [-6, 6] }');
  const s = step as Record<string, unknown>;
  assertOneOf(C, `${at}.type`, s['type'], AUGMENT_STEP_TYPES);
  const p = s['p'] ?? 1;
  assertInRange(C, `${at}.p`, p, 0, 1);
  switch (s['type']) {
    case 'timeStretch':
    case 'pitchShift': {
      const method = s['method'] ?? TIME_STRETCH_DEFAULTS.method;
      assertOneOf(C, `${at}.method`, method, TIME_STRETCH_METHODS);
      return s['type'] === 'timeStretch'
        ? { type: 'timeStretch', p, rate: resolveRange(`${at}.rate`, s['rate'], 0.1, 10), method }
        : { type: 'pitchShift', p, semitones: resolveRange(`${at}.semitones`, s['semitones'], -24, 24), method };
    }
    case 'noise': {
      const raw = s['noise'] ?? 'white';
      const list = Array.isArray(raw) ? raw : [raw];
      if (list.length === 0) throw bad(`${at}.noise`, raw, "'white', 'pink' or a non-empty list of them");
      list.forEach((c, j) => assertOneOf(C, `${at}.noise[${j}]`, c, ['white', 'pink'] as const));
      return { type: 'noise', p, snrDb: resolveRange(`${at}.snrDb`, s['snrDb'], -30, 100), noise: Object.freeze([...(list as NoiseColour[])]) };
    }
    case 'gain':
      return { type: 'gain', p, db: resolveRange(`${at}.db`, s['db'], -100, 100) };
    case 'speed': {
      const f = s['factors'];
      if (!Array.isArray(f) || f.length === 0) throw bad(`${at}.factors`, f, 'a non-empty array of factors in [0.5, 2]', 'Use e.g. [0.9, 1, 1.1].');
      f.forEach((v, j) => assertInRange(C, `${at}.factors[${j}]`, v, 0.5, 2));
      return { type: 'speed', p, factors: Object.freeze([...(f as number[])]) };
    }
    case 'shift': {
      assertInRange(C, `${at}.maxShiftSec`, s['maxShiftSec'], 0, 60);
      const mode = s['mode'] ?? 'roll';
      assertOneOf(C, `${at}.mode`, mode, SHIFT_MODES);
      return { type: 'shift', p, maxShiftSec: s['maxShiftSec'], mode };
    }
    case 'telephone': {
      const lowHz = s['lowHz'] ?? TELEPHONE_BAND_DEFAULTS.lowHz;
      const highHz = s['highHz'] ?? TELEPHONE_BAND_DEFAULTS.highHz;
      const resampleTo = s['resampleTo'] === undefined ? TELEPHONE_BAND_DEFAULTS.resampleTo : s['resampleTo'];
      assertInRange(C, `${at}.lowHz`, lowHz, 50, 100_000);
      assertInRange(C, `${at}.highHz`, highHz, lowHz, 100_000);
      if (highHz === lowHz) throw bad(`${at}.highHz`, highHz, 'a number > lowHz');
      if (resampleTo !== null) assertInRange(C, `${at}.resampleTo`, resampleTo, 1000, 1_000_000, 'Or pass null to filter at the clip\'s rate.');
      return { type: 'telephone', p, lowHz, highHz, resampleTo };
    }
    case 'codec': {
      const raw = s['codec'] ?? CODEC_LAWS;
      const list = Array.isArray(raw) ? raw : [raw];
      if (list.length === 0) throw bad(`${at}.codec`, raw, "'muLaw', 'aLaw' or a non-empty list of them");
      list.forEach((c, j) => assertOneOf(C, `${at}.codec[${j}]`, c, CODEC_LAWS));
      return { type: 'codec', p, codec: Object.freeze([...(list as CodecLaw[])]) };
    }
    case 'lowpass':
      return { type: 'lowpass', p, cutoffHz: resolveRange(`${at}.cutoffHz`, s['cutoffHz'], 100, 100_000) };
    case 'reverb':
      return {
        type: 'reverb',
        p,
        rt60Sec: resolveRange(`${at}.rt60Sec`, s['rt60Sec'], 0.05, 5),
        directToReverbDb: resolveRange(`${at}.directToReverbDb`, s['directToReverbDb'] ?? REVERBERATE_DEFAULTS.directToReverbDb, -20, 40),
        wet: resolveRange(`${at}.wet`, s['wet'] ?? REVERBERATE_DEFAULTS.wet, 0, 1),
      };
    case 'babble':
      return {
        type: 'babble',
        p,
        snrDb: resolveRange(`${at}.snrDb`, s['snrDb'], -30, 100),
        speakers: resolveSpeakers(C, s['speakers'] ?? [4, 6], `${at}.speakers`),
      };
    case 'eqTilt': {
      const pivotHz = s['pivotHz'] ?? EQ_TILT_DEFAULTS.pivotHz;
      assertInRange(C, `${at}.pivotHz`, pivotHz, 100, 100_000);
      return { type: 'eqTilt', p, dbPerOctave: resolveRange(`${at}.dbPerOctave`, s['dbPerOctave'], -6, 6), pivotHz };
    }
    case 'clip': {
      // null (as stored by toJSON) counts as absent.
      const f = s['clipFraction'] ?? null;
      const t = s['thresholdDb'] ?? null;
      if ((f === null) === (t === null)) {
        throw bad(at, `{ clipFraction: ${describeValue(f)}, thresholdDb: ${describeValue(t)} }`, 'a clip step with exactly one of clipFraction and thresholdDb', "Use e.g. { type: 'clip', clipFraction: [0.001, 0.02] }.");
      }
      return {
        type: 'clip',
        p,
        clipFraction: f === null ? null : resolveRange(`${at}.clipFraction`, f, 1e-6, 0.5),
        thresholdDb: t === null ? null : resolveRange(`${at}.thresholdDb`, t, -60, 0),
      };
    }
    default: {
      return { type: 'specAugment', p, ...resolveSpecAugmentConfig(s as SpecAugmentOptions, C, `${at}.`) };
    }
  }
}

/** Merge with {@link AUGMENTER_DEFAULTS}, validate every step, fill its defaults and deep-freeze. */
export function resolveAugmenterConfig(options: AugmenterOptions = {}): AugmenterConfig {
  const seed = options.seed ?? AUGMENTER_DEFAULTS.seed;
  if (!Number.isSafeInteger(seed)) throw bad('seed', seed, 'a safe integer', 'Pass e.g. 42.');
  const recipe = options.recipe ?? AUGMENTER_DEFAULTS.recipe;
  if (!Array.isArray(recipe)) throw bad('recipe', recipe, 'an array of steps');
  const steps = recipe.map((s, i) => Object.freeze(resolveStep(s, i)));
  return Object.freeze({ seed, recipe: Object.freeze(steps) });
}

// --- seeding -------------------------------------------------------------------------------

function mix32(h: number, v: number): number {
  let k = Math.imul(v | 0, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Murmur3-style hash of safe integers (each split into two 32-bit words). */
function hashSeeds(...values: number[]): number {
  let h = 0x2545f491;
  for (const v of values) {
    h = mix32(h, v % 4294967296);
    h = mix32(h, Math.floor(v / 4294967296));
  }
  return fmix32(h);
}

/** Channel filters whose output can exceed [−1, 1] for an input within it (reverb and noise scale themselves; stretch/resampling overshoot is handled once at the end, as before). */
const CAN_OVERSHOOT: ReadonlySet<string> = new Set(['telephone', 'lowpass', 'eqTilt']);

function uniform(rng: Rng, [lo, hi]: readonly [number, number]): number {
  return lo === hi ? lo : lo + (hi - lo) * rng();
}

/**
 * A seeded, composable augmentation pipeline for training.
 *
 * Each recipe step runs with probability `p`, with its parameters drawn uniformly from its
 * ranges. Every step draws from its own random stream, seeded by `hash(config.seed, seed,
 * stepIndex)`, so:
 * - with `apply(x, { seed })` the output depends only on `(config.seed, seed, x)`: the Trainer
 *   passes one seed per item (and per copy), and results do not depend on batch order;
 * - without `seed`, call `k` of this instance (0, 1, 2 …) uses `seed = k`: reproducible for a
 *   fixed call order.
 *
 * Guarantees of `apply` beyond the individual transforms: the output is finite and, when the
 * input is within [-1, 1], stays within [-1, 1] — gain steps are capped at the clip's headroom,
 * noise mixes are scaled down if they would clip, and if a resampling or phase-vocoder step
 * overshoots (Gibbs ripple, a few percent at most) the clip is scaled so its peak is 1; a
 * channel filter (`telephone`, `lowpass`, `eqTilt`) that overshoots is scaled back right after
 * its step. Noise and babble steps are skipped on an all-zero clip (SNR is undefined there).
 * `timeStretch` and `speed` change the length (every channel step keeps it); crop or pad
 * afterwards (`cropOrPad`) if you need a fixed length. `babble` steps draw talkers from the
 * `babblePool` option, which is data and not part of `config`.
 *
 * @example
 * const aug = new Augmenter({ seed: 1, recipe: [{ type: 'gain', p: 1, db: [-6, 6] }] });
 * const y = aug.apply(x, { sampleRate: 16000, seed: 7 });
 * // => same y for the same (1, 7, x), on every run and platform
 */
export class Augmenter {
  /** Resolved, deep-frozen configuration; `JSON.stringify(aug)` stores it. */
  readonly config: AugmenterConfig;
  private calls = 0;
  /** The babble pool (validated) and each clip's mean power; null without one. */
  private readonly babble: { readonly clips: readonly Float32Array[]; readonly powers: Float64Array } | null;

  /**
   * @param options - see {@link AugmenterOptions}; omitted fields come from {@link AUGMENTER_DEFAULTS}.
   * @throws {InvalidArgumentError} SER_INVALID_ARGUMENT naming the bad field (e.g. `recipe[2].snrDb[0]`),
   *   or `babblePool` when the recipe has a `babble` step and no (valid) pool is given.
   * @throws {EmptyAudioError} SER_EMPTY_AUDIO when a `babblePool` clip is empty.
   */
  constructor(options: AugmenterOptions = {}) {
    this.config = resolveAugmenterConfig(options);
    const pool = options.babblePool;
    if (pool === undefined) {
      if (this.config.recipe.some((s) => s.type === 'babble')) {
        throw bad(
          'babblePool',
          pool,
          "a non-empty array of Float32Array clips when the recipe has a 'babble' step",
          'Pass new Augmenter({ recipe, babblePool: otherSpeakersClips }) (or Augmenter.fromJSON(json, { babblePool })), or remove the babble step.',
        );
      }
      this.babble = null;
    } else {
      const clips = Object.freeze([...pool]);
      this.babble = { clips, powers: checkBabblePool(C, clips, 'babblePool') };
    }
  }

  /**
   * Rebuild an Augmenter from {@link Augmenter.toJSON} output; a recipe with a `babble` step
   * needs its pool again (`{ babblePool }`), since clips are not serialised.
   */
  static fromJSON(json: AugmenterConfig, options: Pick<AugmenterOptions, 'babblePool'> = {}): Augmenter {
    return new Augmenter({ ...(json as AugmenterOptions), ...options });
  }

  /** The resolved configuration (plain JSON data). */
  toJSON(): AugmenterConfig {
    return this.config;
  }

  private nextSeed(seed: number | undefined): number {
    if (seed === undefined) return this.calls++;
    if (!Number.isSafeInteger(seed)) throw bad('seed', seed, 'a safe integer', 'Pass e.g. the item index.');
    return seed;
  }

  /**
   * Run the waveform steps of the recipe (all but `specAugment`) on one clip.
   *
   * @param samples - mono signal, finite values; long enough for the stretch frames (≥ 64 ms).
   * @param options - `sampleRate` in Hz; optional per-item integer `seed`.
   * @returns a new Float32Array (length changes with `timeStretch`/`speed` steps).
   * @throws {InvalidArgumentError} SER_INVALID_ARGUMENT on a bad sampleRate/seed or NaN/Inf samples.
   * @throws {EmptyAudioError} SER_EMPTY_AUDIO when `samples` is empty or too short for a stretch step.
   */
  apply(samples: Float32Array, options: { readonly sampleRate: number; readonly seed?: number }): Float32Array {
    assertSignal(C, samples);
    const sampleRate = options?.sampleRate;
    assertPositive(C, 'sampleRate', sampleRate, 'Pass apply(x, { sampleRate: 16000 }).');
    const itemSeed = this.nextSeed(options.seed);
    const inRange = peakAbs(samples) <= 1;
    let x = samples;
    let changed = false;
    this.config.recipe.forEach((step, i) => {
      if (step.type === 'specAugment') return;
      const rng = createRng(hashSeeds(this.config.seed, itemSeed, i));
      if (!(rng() < step.p)) return;
      switch (step.type) {
        case 'timeStretch': {
          const rate = uniform(rng, step.rate);
          x = timeStretch(x, { rate, sampleRate, method: step.method });
          break;
        }
        case 'pitchShift': {
          const semitones = uniform(rng, step.semitones);
          x = pitchShift(x, { sampleRate, semitones, method: step.method });
          break;
        }
        case 'speed': {
          const factor = step.factors[Math.min(step.factors.length - 1, Math.floor(rng() * step.factors.length))]!;
          x = speedPerturb(x, { sampleRate, factor });
          break;
        }
        case 'shift': {
          const max = Math.round(step.maxShiftSec * sampleRate);
          const shift = Math.min(2 * max, Math.floor(rng() * (2 * max + 1))) - max;
          x = shiftBy(x, shift, step.mode);
          break;
        }
        case 'gain': {
          const pk = peakAbs(x);
          let db = uniform(rng, step.db);
          // Cap at the headroom (minus a hair for float32 rounding) so the output never clips.
          if (inRange && pk > 0) db = Math.min(db, -20 * Math.log10(pk) - 1e-5);
          x = gain(x, { db, allowClipping: !inRange });
          break;
        }
        case 'noise': {
          const snrDb = uniform(rng, step.snrDb);
          const colour = step.noise[Math.min(step.noise.length - 1, Math.floor(rng() * step.noise.length))]!;
          if (meanPower(x) === 0) return; // SNR undefined on silence: skip
          x = addNoise(x, { snrDb, type: colour, allowClipping: !inRange }, rng);
          break;
        }
        case 'telephone':
          x = telephoneBand(x, { sampleRate, lowHz: step.lowHz, highHz: step.highHz, resampleTo: step.resampleTo });
          break;
        case 'codec': {
          const law = step.codec[Math.min(step.codec.length - 1, Math.floor(rng() * step.codec.length))]!;
          x = law === 'muLaw' ? muLaw(x) : aLaw(x);
          break;
        }
        case 'lowpass':
          x = lossyLowpass(x, { sampleRate, cutoffHz: uniform(rng, step.cutoffHz) });
          break;
        case 'reverb': {
          const rt60Sec = uniform(rng, step.rt60Sec);
          const directToReverbDb = uniform(rng, step.directToReverbDb);
          const wet = uniform(rng, step.wet);
          x = reverberate(x, { sampleRate, rt60Sec, directToReverbDb, wet }, rng);
          break;
        }
        case 'babble': {
          const snrDb = uniform(rng, step.snrDb);
          if (meanPower(x) === 0) return; // SNR undefined on silence: skip
          const pool = this.babble!; // the constructor guarantees a pool for babble steps
          const babble = babbleKernel(pool.clips, pool.powers, x.length, step.speakers, rng);
          if (meanPower(babble) === 0) return; // every talker silent over this stretch: nothing to mix
          x = addNoise(x, { snrDb, type: { clip: babble }, allowClipping: !inRange }, rng);
          break;
        }
        case 'eqTilt':
          x = eqTilt(x, { sampleRate, dbPerOctave: uniform(rng, step.dbPerOctave), pivotHz: step.pivotHz });
          break;
        case 'clip':
          x = step.clipFraction !== null
            ? clip(x, { clipFraction: uniform(rng, step.clipFraction) })
            : clip(x, { thresholdDb: uniform(rng, step.thresholdDb!) });
          break;
      }
      // Filters can overshoot full scale (Gibbs ripple, a bright tilt): scale back before the
      // next step so that, e.g., a codec after them never saturates what the clip did not.
      if (inRange && CAN_OVERSHOOT.has(step.type)) {
        const pk = peakAbs(x);
        if (pk > 1) {
          const g = 1 / pk;
          for (let j = 0; j < x.length; j++) x[j] = Math.max(-1, Math.min(1, x[j]! * g));
        }
      }
      changed = true;
    });
    if (!changed) return samples.slice();
    if (inRange) {
      const pk = peakAbs(x);
      if (pk > 1) {
        const g = 1 / pk;
        for (let j = 0; j < x.length; j++) x[j] = Math.max(-1, Math.min(1, x[j]! * g));
      }
    }
    return x;
  }

  /**
   * Run the `specAugment` steps of the recipe on a feature matrix (e.g. MFCC frames × bins).
   *
   * @param features - frame-major FeatureMatrix, finite values.
   * @param options - optional per-item integer `seed` (same rules as {@link Augmenter.apply}).
   * @returns a new FeatureMatrix of the same shape (a copy when no step fires).
   * @throws {InvalidArgumentError} SER_INVALID_ARGUMENT on a bad seed or NaN/Inf values.
   * @throws {ShapeMismatchError} SER_SHAPE_MISMATCH when `data.length !== frames * bins`.
   */
  applyFeatures(features: FeatureMatrix, options: { readonly seed?: number } = {}): FeatureMatrix {
    assertFeatureMatrix(C, features);
    const itemSeed = this.nextSeed(options?.seed);
    let m: FeatureMatrix = { data: features.data.slice(), frames: features.frames, bins: features.bins };
    this.config.recipe.forEach((step, i) => {
      if (step.type !== 'specAugment') return;
      const rng = createRng(hashSeeds(this.config.seed, itemSeed, i));
      if (rng() < step.p) m = specAugmentKernel(m, step, rng);
    });
    return m;
  }
}
