/**
 * "Is there speech in this clip?": a fast, level-independent gate run before recognition, so
 * silence, steady tones, noise and music get a typed "no speech found" answer instead of an
 * emotion. Plain TypeScript (layer 3; imports audio/ and the YIN tracker in augment/f0.ts).
 *
 * The decision uses measured properties that separate speech from the usual non-speech input:
 * - **level** — a peak below `silenceDb` (digital silence or a muted input) is silence;
 * - **activity** — 20 ms frames above the clip's own noise floor (a fraction of the way from its
 *   10th to its 99th level percentile, so it works at any recording level) make up the sound;
 * - **voicing** — speech has voiced frames (YIN, F0 60–1000 Hz) that alternate with unvoiced
 *   ones; noise alone has (almost) none, a steady tone or a held note is voiced throughout;
 * - **pitch movement** — the F0 of speech glides from frame to frame; synthetic tones and the
 *   notes of music hold it still (steps between notes, flat within them);
 * - **aperiodicity** — a voice is never perfectly periodic; oscillators and synthetic notes are;
 * - **syllabic modulation** — the share of the level envelope's fluctuation between ~2 and ~8 Hz.
 *
 * Everything runs on an ~8 kHz copy with 10 ms hops (pitch and envelopes need no more), so a
 * 3.7 s clip costs about a millisecond.
 * @module
 */
import { resample } from '../audio/resample.js';
import { yin } from '../augment/f0.js';
import { EmptyAudioError, InvalidArgumentError } from '../errors.js';
import { assertFiniteArray, assertInRange } from '../internal/validate.js';

const C = 'detectSpeech';

/** Why {@link detectSpeech} decided as it did. */
export type SpeechDetectionReason =
  /** Speech found. */
  | 'speech'
  /** No sound above `silenceDb` (or less than `minActiveSec` of sound). */
  | 'silence'
  /** Sound, but (almost) nothing voiced: hiss, hum-free noise, clicks. */
  | 'noise'
  /** Voiced all the way through with a fixed or smoothly swept, perfectly periodic pitch. */
  | 'steady-tone'
  /** Periodic notes whose pitch stays still within each note: an instrument or a synthesiser. */
  | 'music';

/** Human-readable description of each {@link SpeechDetectionReason}, for messages. */
export const SPEECH_REASON_TEXT: Readonly<Record<SpeechDetectionReason, string>> = Object.freeze({
  speech: 'speech',
  silence: 'silence',
  noise: 'noise without a voice',
  'steady-tone': 'a steady tone',
  music: 'music or tone sequences (notes of steady, perfectly periodic pitch)',
});

/** Options of {@link detectSpeech}; all but `sampleRate` are optional. */
export interface SpeechDetectorOptions {
  /** Sample rate of the input, Hz. */
  readonly sampleRate: number;
  /** A clip whose absolute peak is below this level (dBFS) is silence. @defaultValue -70 */
  readonly silenceDb?: number;
  /** Frames quieter than this RMS level (dBFS) are never counted as sound. @defaultValue -80 */
  readonly activeFloorDb?: number;
  /**
   * A frame is active when its level is at least this fraction of the way from the clip's 10th
   * to its 99th level percentile (in dB). @defaultValue 0.3
   */
  readonly activeRelative?: number;
  /** Less active sound than this (seconds) is silence. @defaultValue 0.1 */
  readonly minActiveSec?: number;
  /** Less voiced sound than this (seconds) is noise. @defaultValue 0.05 */
  readonly minVoicedSec?: number;
  /** Fewer voiced frames than this fraction of the active ones is noise. @defaultValue 0.05 */
  readonly minVoicedFraction?: number;
  /** F0 changes over 30 ms below this many semitones count as "steady" pitch. @defaultValue 0.03 */
  readonly steadySemitones?: number;
  /** More steady pitch pairs than this fraction of all voiced pairs is a tone or music. @defaultValue 0.5 */
  readonly maxSteadyPitchFraction?: number;
  /**
   * F0 stretches of 50 ms that a straight line fits (in semitones or in Hz) with an RMS residual
   * below this many semitones count as "smooth" pitch: held still or gliding evenly, as tones and
   * sweeps do. @defaultValue 0.02
   */
  readonly smoothSemitones?: number;
  /** More smooth 50 ms pitch stretches than this fraction of all voiced ones is a tone or music. @defaultValue 0.85 */
  readonly maxSmoothPitchFraction?: number;
  /** A rejected periodic sound with fewer voiced/unvoiced changes than this per active second is one tone, else music. @defaultValue 1 */
  readonly toneVoicingChangesPerSec?: number;
}

/** Frozen defaults of {@link SpeechDetectorOptions}. */
export const SPEECH_DETECTOR_DEFAULTS = Object.freeze({
  silenceDb: -70,
  activeFloorDb: -80,
  activeRelative: 0.3,
  minActiveSec: 0.1,
  minVoicedSec: 0.05,
  minVoicedFraction: 0.05,
  steadySemitones: 0.03,
  maxSteadyPitchFraction: 0.5,
  smoothSemitones: 0.02,
  maxSmoothPitchFraction: 0.85,
  toneVoicingChangesPerSec: 1,
} as const satisfies Required<Omit<SpeechDetectorOptions, 'sampleRate'>>);

/** Resolved options of {@link detectSpeech}. */
export type SpeechDetectorConfig = Readonly<Required<SpeechDetectorOptions>>;

/** What {@link detectSpeech} measured (all over the ~8 kHz analysis copy, 10 ms frames). */
export interface SpeechMeasures {
  /** Duration of the input, seconds. */
  readonly durationSec: number;
  /** Absolute peak, dBFS (−Infinity for all-zero input). */
  readonly peakDb: number;
  /** 10th percentile of the 20 ms frame levels, dBFS: the clip's noise floor. */
  readonly floorDb: number;
  /** 99th percentile of the frame levels, dBFS. */
  readonly loudDb: number;
  /** Level a frame must reach to be active, dBFS. */
  readonly activeThresholdDb: number;
  /** Seconds of active frames. */
  readonly activeSec: number;
  /** Seconds of active frames that YIN finds voiced. */
  readonly voicedSec: number;
  /** Voiced share of the active frames, [0, 1]. */
  readonly voicedFraction: number;
  /** Share of voiced frame pairs 30 ms apart whose F0 differs by less than `steadySemitones`, [0, 1]. */
  readonly steadyPitchFraction: number;
  /** Share of voiced 50 ms stretches (without pitch jumps) whose F0 a straight line fits within `smoothSemitones` (RMS), [0, 1]. */
  readonly smoothPitchFraction: number;
  /** F0 jumps of more than a semitone between adjacent voiced frames, per voiced second. */
  readonly pitchJumpsPerSec: number;
  /** Median YIN aperiodicity of the voiced active frames ([0, ~1], low = periodic); 1 when none. */
  readonly medianAperiodicity: number;
  /** Voiced/unvoiced changes per second of active sound. */
  readonly voicingChangesPerSec: number;
  /** Share of the level envelope's fluctuation in the ~2–8 Hz syllabic band, [0, 1]. */
  readonly syllabicModulation: number;
}

/** Result of {@link detectSpeech}. */
export interface SpeechDetection {
  /** Whether the clip holds speech. */
  readonly speech: boolean;
  /** Why; `'speech'` exactly when `speech` is true. */
  readonly reason: SpeechDetectionReason;
  /** The measurements the decision was taken from. */
  readonly measures: SpeechMeasures;
}

/** Resolve and validate {@link SpeechDetectorOptions}. */
export function resolveSpeechDetectorConfig(options: SpeechDetectorOptions): SpeechDetectorConfig {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidArgumentError('options', options, '{ sampleRate }', `${C}: options must be an object with the sampleRate in Hz (e.g. { sampleRate: 16000 }).`);
  }
  const c = { ...SPEECH_DETECTOR_DEFAULTS, ...options };
  assertInRange(C, 'sampleRate', c.sampleRate, 1000, 768_000, 'Pass the sample rate of the signal in Hz.');
  assertInRange(C, 'silenceDb', c.silenceDb, -200, 0, 'Pass a level in dBFS, e.g. -70.');
  assertInRange(C, 'activeFloorDb', c.activeFloorDb, -200, 0, 'Pass a level in dBFS, e.g. -80.');
  assertInRange(C, 'activeRelative', c.activeRelative, 0, 1);
  assertInRange(C, 'minActiveSec', c.minActiveSec, 0, 60);
  assertInRange(C, 'minVoicedSec', c.minVoicedSec, 0, 60);
  assertInRange(C, 'minVoicedFraction', c.minVoicedFraction, 0, 1);
  assertInRange(C, 'steadySemitones', c.steadySemitones, 0, 12);
  assertInRange(C, 'maxSteadyPitchFraction', c.maxSteadyPitchFraction, 0, 1);
  assertInRange(C, 'smoothSemitones', c.smoothSemitones, 0, 12);
  assertInRange(C, 'maxSmoothPitchFraction', c.maxSmoothPitchFraction, 0, 1);
  assertInRange(C, 'toneVoicingChangesPerSec', c.toneVoicingChangesPerSec, 0, 1000);
  return Object.freeze(c);
}

/** Analysis rate: pitch, levels and envelopes need no more than the telephone band. */
const ANALYSIS_RATE = 8000;
/**
 * A 15-tap Hamming-windowed half-band low-pass, normalised to unity DC gain: the centre tap and
 * the odd taps ±1, ±3, ±5, ±7 (the even ones are 0 in a half-band filter).
 */
const HALF_BAND = (() => {
  const odd: number[] = [];
  for (let k = 1; k <= 7; k += 2) odd.push((Math.sin((Math.PI * k) / 2) / (Math.PI * k)) * (0.54 + 0.46 * Math.cos((Math.PI * k) / 8)));
  const sum = 0.5 + 2 * odd.reduce((a, b) => a + b, 0);
  return { centre: 0.5 / sum, odd: odd.map((t) => t / sum) as [number, number, number, number] };
})();

/** Halve the rate with the half-band filter (the hot path: 16 kHz input). */
function decimate2(x: Float32Array): Float32Array {
  const n = x.length;
  const out = new Float32Array(n >> 1);
  const [h1, h3, h5, h7] = HALF_BAND.odd;
  const h0 = HALF_BAND.centre;
  // Interior outputs read x[i − 7 … i + 7] directly; the few at each end see zeros outside.
  const lo = 4;
  const hi = Math.max(lo, Math.floor((n - 8) / 2) + 1);
  for (let m = lo; m < hi && m < out.length; m++) {
    const i = 2 * m;
    out[m] = h0 * x[i]! + h1 * (x[i - 1]! + x[i + 1]!) + h3 * (x[i - 3]! + x[i + 3]!) + h5 * (x[i - 5]! + x[i + 5]!) + h7 * (x[i - 7]! + x[i + 7]!);
  }
  const at = (i: number) => (i < 0 || i >= n ? 0 : x[i]!);
  const edge = (m: number) => {
    const i = 2 * m;
    out[m] = h0 * at(i) + h1 * (at(i - 1) + at(i + 1)) + h3 * (at(i - 3) + at(i + 3)) + h5 * (at(i - 5) + at(i + 5)) + h7 * (at(i - 7) + at(i + 7));
  };
  for (let m = 0; m < Math.min(lo, out.length); m++) edge(m);
  for (let m = Math.max(lo, hi); m < out.length; m++) edge(m);
  return out;
}

/** The analysis copy and its rate: 16 kHz is halved, other rates above 12 kHz resampled to 8 kHz. */
function analysisCopy(x: Float32Array, sampleRate: number): { x: Float32Array; rate: number } {
  if (sampleRate === 2 * ANALYSIS_RATE) return { x: decimate2(x), rate: ANALYSIS_RATE };
  if (sampleRate <= 1.5 * ANALYSIS_RATE) return { x, rate: sampleRate };
  return { x: resample(x, sampleRate, ANALYSIS_RATE, { quality: 'fast' }), rate: ANALYSIS_RATE };
}

/** Frames this far (dB) below the 99th level percentile are always active. */
const MIN_RANGE_DB = 6;
/** Frames between the two F0 values compared by the "steady pitch" measure (30 ms). */
const STEADY_LAG_FRAMES = 3;
/** Pitch steps larger than this (semitones) are jumps between notes, not glides. */
const JUMP_SEMITONES = 1;
/** Fewer voiced 50 ms stretches than this leave the pitch measures out of the decision (too few to judge). */
const MIN_PITCH_STEPS = 10;
/** Active stretches closer than this many frames are analysed together by YIN. */
const SPAN_GAP_FRAMES = 10;
/** Frames of context added on each side of an active stretch for YIN. */
const SPAN_PAD_FRAMES = 3;

/** Semitones per unit of relative frequency change near a frequency (12 / ln 2). */
const SEMITONES_PER_RATIO = 12 / Math.LN2;

/**
 * RMS residual, in semitones, of a straight line fitted in Hz to the F0 of frames t − 2 … t + 2
 * (a linear sweep is straight in Hz, not in semitones).
 */
function linearInHz(f0: Float32Array, t: number): number {
  const a = f0[t - 2]!, p = f0[t - 1]!, b = f0[t]!, c = f0[t + 1]!, d = f0[t + 2]!;
  const mean = (a + p + b + c + d) / 5;
  const slope = (2 * (d - a) + (c - p)) / 10;
  const r0 = a - mean + 2 * slope, r1 = p - mean + slope, r2 = b - mean, r3 = c - mean - slope, r4 = d - mean - 2 * slope;
  return (Math.sqrt((r0 * r0 + r1 * r1 + r2 * r2 + r3 * r3 + r4 * r4) / 5) / mean) * SEMITONES_PER_RATIO;
}

/** The `q`-quantile (0…1) of `values` (sorted copy, nearest rank). */
function quantile(values: Float64Array, q: number): number {
  if (values.length === 0) return Number.NaN;
  const s = Float64Array.from(values).sort();
  return s[Math.min(s.length - 1, Math.max(0, Math.round(q * (s.length - 1))))]!;
}

/** Centred moving average of `x` over `len` frames (shorter at the edges). */
function movingAverage(x: Float64Array, len: number): Float64Array {
  const n = x.length;
  const prefix = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) prefix[i + 1] = prefix[i]! + x[i]!;
  const out = new Float64Array(n);
  const h = len >> 1;
  for (let i = 0; i < n; i++) {
    const lo = Math.max(0, i - h);
    const hi = Math.min(n, i - h + len);
    out[i] = (prefix[hi]! - prefix[lo]!) / (hi - lo);
  }
  return out;
}

/**
 * Decide whether a clip holds speech, from level, activity, voicing, pitch movement,
 * periodicity and syllabic modulation (see the module description).
 *
 * Accepts real speech at any level from a whisper-quiet −40 dBFS up, in noise down to ~10 dB
 * SNR, in the telephone band, single words of ~0.5 s and long recordings; rejects digital
 * silence, noise alone, steady and swept tones, tone pairs and synthetic music.
 *
 * @param samples - mono signal, finite values.
 * @param options - see {@link SpeechDetectorOptions}; `sampleRate` (Hz) is required.
 * @returns `{ speech, reason, measures }`.
 * @throws {InvalidArgumentError} SER_INVALID_ARGUMENT on bad options or NaN/Inf samples.
 * @throws {EmptyAudioError} SER_EMPTY_AUDIO when `samples` is empty.
 * @example
 * detectSpeech(new Float32Array(16000), { sampleRate: 16000 });
 * // => { speech: false, reason: 'silence', measures: { peakDb: -Infinity, … } }
 */
export function detectSpeech(samples: Float32Array, options: SpeechDetectorOptions): SpeechDetection {
  const cfg = resolveSpeechDetectorConfig(options);
  if (!(samples instanceof Float32Array)) {
    throw new InvalidArgumentError('samples', samples, 'Float32Array', `${C}: samples must be a Float32Array (got ${Object.prototype.toString.call(samples)}). Convert with Float32Array.from(x).`);
  }
  if (samples.length === 0) throw new EmptyAudioError(`${C}: samples is empty (0 samples). Pass a non-empty clip.`);
  const durationSec = samples.length / cfg.sampleRate;

  let peak = 0;
  let sum = 0;
  for (let i = 0; i < samples.length; i++) {
    const v = samples[i]!;
    sum += v;
    const a = Math.abs(v);
    if (a > peak) peak = a;
  }
  // NaN/Inf make the sum non-finite: only then scan for the first bad sample (named in the error).
  if (!Number.isFinite(sum)) assertFiniteArray(C, 'samples', samples);
  const peakDb = peak > 0 ? 20 * Math.log10(peak) : -Infinity;
  const empty = { floorDb: -Infinity, loudDb: -Infinity, activeThresholdDb: Infinity, activeSec: 0, voicedSec: 0, voicedFraction: 0, steadyPitchFraction: 0, smoothPitchFraction: 0, pitchJumpsPerSec: 0, medianAperiodicity: 1, voicingChangesPerSec: 0, syllabicModulation: 0 };
  if (peakDb < cfg.silenceDb) return { speech: false, reason: 'silence', measures: { durationSec, peakDb, ...empty } };

  const { x, rate } = analysisCopy(samples, cfg.sampleRate);
  const hop = Math.max(1, Math.round(0.01 * rate));
  const frameSec = hop / rate;
  // Frame t covers [t·hop − hop, t·hop + hop): 20 ms centred where YIN's frame t is centred.
  const nFrames = 1 + Math.floor(x.length / hop);
  const levelDb = new Float64Array(nFrames);
  const env = new Float64Array(nFrames);
  for (let t = 0; t < nFrames; t++) {
    const lo = Math.max(0, t * hop - hop);
    const hi = Math.min(x.length, t * hop + hop);
    let e = 0;
    for (let i = lo; i < hi; i++) e += x[i]! * x[i]!;
    const ms = e / (2 * hop);
    env[t] = Math.sqrt(ms);
    levelDb[t] = 10 * Math.log10(ms + 1e-20);
  }
  const floorDb = quantile(levelDb, 0.1);
  const loudDb = quantile(levelDb, 0.99);
  // A clip whose level hardly varies (a tone, steady noise) is active throughout: the threshold is
  // never closer than MIN_RANGE_DB below the loud level.
  const activeThresholdDb = Math.max(cfg.activeFloorDb, Math.min(floorDb + cfg.activeRelative * (loudDb - floorDb), loudDb - MIN_RANGE_DB));
  const active = new Uint8Array(nFrames);
  let nActive = 0;
  for (let t = 0; t < nFrames; t++) {
    if (levelDb[t]! >= activeThresholdDb) {
      active[t] = 1;
      nActive++;
    }
  }
  const activeSec = nActive * frameSec;

  // Syllabic modulation: envelope band-passed by the difference of two moving averages
  // (≈ 60 ms and ≈ 400 ms: passes ~2–8 Hz at 100 frames/s) over its whole fluctuation.
  const framesPerSec = 1 / frameSec;
  const band = movingAverage(env, Math.max(1, Math.round(0.06 * framesPerSec)));
  const slow = movingAverage(env, Math.max(2, Math.round(0.4 * framesPerSec)));
  let mean = 0;
  for (let t = 0; t < nFrames; t++) mean += env[t]!;
  mean /= nFrames;
  let bandPow = 0;
  let totalPow = 0;
  for (let t = 0; t < nFrames; t++) {
    const b = band[t]! - slow[t]!;
    const d = env[t]! - mean;
    bandPow += b * b;
    totalPow += d * d;
  }
  const syllabicModulation = totalPow > 0 ? Math.min(1, bandPow / totalPow) : 0;

  if (activeSec < cfg.minActiveSec) {
    return { speech: false, reason: 'silence', measures: { ...empty, durationSec, peakDb, floorDb, loudDb, activeThresholdDb, activeSec, syllabicModulation } };
  }

  // F0 only where there is sound: YIN runs on each stretch of active frames (widened by a few
  // frames and merged across short gaps), so its cost follows the speech, not the clip length.
  const f0 = new Float32Array(nFrames).fill(Number.NaN);
  const aper = new Float32Array(nFrames).fill(1);
  const yinOptions = { sampleRate: rate, fMin: 60, fMax: Math.min(1000, rate / 4), hopLength: hop, winLength: Math.round(0.02 * rate) };
  for (let t = 0; t < nFrames; ) {
    if (!active[t]) {
      t++;
      continue;
    }
    let end = t;
    for (let gap = 0; end < nFrames && gap <= SPAN_GAP_FRAMES; end++) gap = active[end] ? 0 : gap + 1;
    const first = Math.max(0, t - SPAN_PAD_FRAMES);
    const last = Math.min(nFrames - 1, end + SPAN_PAD_FRAMES);
    const track = yin(x.subarray(first * hop, Math.min(x.length, last * hop + 1)), yinOptions);
    for (let j = 0; j < track.f0.length && first + j <= last; j++) {
      f0[first + j] = track.f0[j]!;
      aper[first + j] = track.aperiodicity[j]!;
    }
    t = end;
  }

  // Semitones per active voiced frame (NaN elsewhere).
  const st = new Float64Array(nFrames).fill(Number.NaN);
  let nVoiced = 0;
  let changes = 0;
  const voicedAper: number[] = [];
  for (let t = 0; t < nFrames; t++) {
    const voiced = active[t] === 1 && f0[t] === f0[t];
    if (voiced) {
      nVoiced++;
      voicedAper.push(aper[t]!);
      st[t] = 12 * Math.log2(f0[t]!);
    }
    if (t > 0 && active[t] && active[t - 1] && voiced !== (st[t - 1] === st[t - 1])) changes++;
  }
  // Pitch held still (within steadySemitones over 30 ms) and pitch moving along a straight line
  // (second difference within smoothSemitones): a voice does neither for long.
  let pairs = 0;
  let steady = 0;
  let triples = 0;
  let smooth = 0;
  let jumps = 0;
  for (let t = 1; t < nFrames; t++) {
    const b = st[t]!;
    if (b !== b) continue;
    const p = st[t - 1]!;
    if (p === p && Math.abs(b - p) > JUMP_SEMITONES) jumps++;
    if (t >= STEADY_LAG_FRAMES) {
      const a = st[t - STEADY_LAG_FRAMES]!;
      if (a === a) {
        pairs++;
        if (Math.abs(b - a) < cfg.steadySemitones) steady++;
      }
    }
    // Residual of a straight line fitted to the F0 (semitones) of 5 voiced frames around t.
    if (t >= 2 && t + 2 < nFrames) {
      const a = st[t - 2]!, c = st[t + 1]!, d = st[t + 2]!;
      // Stretches with a jump (a note change, or YIN switching to a subharmonic) are left out.
      if (a === a && p === p && c === c && d === d && Math.max(Math.abs(p - a), Math.abs(b - p), Math.abs(c - b), Math.abs(d - c)) <= JUMP_SEMITONES) {
        triples++;
        const mean = (a + p + b + c + d) / 5;
        const slope = (2 * (d - a) + (c - p)) / 10;
        const r0 = a - mean + 2 * slope, r1 = p - mean + slope, r2 = b - mean, r3 = c - mean - slope, r4 = d - mean - 2 * slope;
        if (Math.sqrt((r0 * r0 + r1 * r1 + r2 * r2 + r3 * r3 + r4 * r4) / 5) < cfg.smoothSemitones || linearInHz(f0, t) < cfg.smoothSemitones) smooth++;
      }
    }
  }
  const voicedSec = nVoiced * frameSec;
  const voicedFraction = nVoiced / nActive;
  const steadyPitchFraction = pairs > 0 ? steady / pairs : 0;
  const smoothPitchFraction = triples > 0 ? smooth / triples : 0;
  voicedAper.sort((a, b) => a - b);
  const medianAperiodicity = voicedAper.length > 0 ? voicedAper[voicedAper.length >> 1]! : 1;
  const voicingChangesPerSec = changes / activeSec;
  const pitchJumpsPerSec = voicedSec > 0 ? jumps / voicedSec : 0;
  const measures: SpeechMeasures = {
    durationSec, peakDb, floorDb, loudDb, activeThresholdDb, activeSec, voicedSec, voicedFraction, steadyPitchFraction, smoothPitchFraction, pitchJumpsPerSec, medianAperiodicity, voicingChangesPerSec, syllabicModulation,
  };

  let reason: SpeechDetectionReason = 'speech';
  if (voicedSec < cfg.minVoicedSec || voicedFraction < cfg.minVoicedFraction) reason = 'noise';
  else if (triples >= MIN_PITCH_STEPS && (steadyPitchFraction > cfg.maxSteadyPitchFraction || smoothPitchFraction > cfg.maxSmoothPitchFraction)) {
    reason = voicingChangesPerSec < cfg.toneVoicingChangesPerSec ? 'steady-tone' : 'music';
  }
  return { speech: reason === 'speech', reason, measures };
}
