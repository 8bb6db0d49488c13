/**
 * Speech level: the active level of a clip (RMS over the frames that hold speech, in dBFS) and a
 * gain that brings it to a target. Every quantity is relative to the clip's own loud frames, so
 * the estimate moves exactly with any gain (a clip 20 dB quieter reads 20 dB lower) and the
 * normalised signal is the same whatever level it was recorded or peak-normalised at. One gain for
 * the whole clip: loud-against-soft dynamics inside it are kept.
 * @module
 */
import { quickselect } from '../internal/select.js';
import { assertInRange, assertPositiveInt } from '../internal/validate.js';

const C = 'speechLevel';

/** Options of {@link speechLevelDb} and {@link normalizeSpeechLevel}. */
export interface SpeechLevelOptions {
  /** Sample rate in Hz (sets the frame length). */
  readonly sampleRate: number;
  /** Frame length in seconds. @defaultValue 0.02 */
  readonly frameSec?: number;
  /**
   * Frames more than this many dB below the loud level (95th percentile of frame power) are
   * pauses and are left out of the level, like ITU-T P.56's activity threshold. @defaultValue 30
   */
  readonly activityDb?: number;
}

/** Options of {@link normalizeSpeechLevel}. */
export interface NormalizeSpeechLevelOptions extends SpeechLevelOptions {
  /** Active speech level of the result, dBFS (RMS of a full-scale sine is −3 dBFS). @defaultValue -26 */
  readonly targetDb?: number;
}

/** Defaults of the optional {@link NormalizeSpeechLevelOptions}. */
export const SPEECH_LEVEL_DEFAULTS = Object.freeze({ frameSec: 0.02, activityDb: 30, targetDb: -26 });

/** Below this mean-square power (−200 dBFS) a clip counts as digital silence and is left alone. */
const SILENT_POWER = 1e-20;

/**
 * Active speech level of a clip in dBFS: 10·log10 of the mean power over the non-overlapping
 * frames within `activityDb` of the 95th-percentile frame power. `-Infinity` for digital silence.
 * @example speechLevelDb(speech, { sampleRate: 16000 }) // => -27.4
 */
export function speechLevelDb(samples: Float32Array, options: SpeechLevelOptions): number {
  const frameSec = options.frameSec ?? SPEECH_LEVEL_DEFAULTS.frameSec;
  const activityDb = options.activityDb ?? SPEECH_LEVEL_DEFAULTS.activityDb;
  assertPositiveInt(C, 'sampleRate', options.sampleRate, 1);
  assertInRange(C, 'frameSec', frameSec, 0.001, 1);
  assertInRange(C, 'activityDb', activityDb, 1, 120);
  const len = Math.max(1, Math.round(frameSec * options.sampleRate));
  const nFrames = Math.max(1, Math.floor(samples.length / len));
  const power = new Float64Array(nFrames);
  for (let f = 0; f < nFrames; f++) {
    let s = 0;
    const end = Math.min(samples.length, (f + 1) * len);
    for (let i = f * len; i < end; i++) s += samples[i]! * samples[i]!;
    power[f] = s / Math.max(1, end - f * len);
  }
  const loud = quickselect(Float64Array.from(power), Math.min(nFrames - 1, Math.floor(0.95 * (nFrames - 1) + 0.5)));
  if (!(loud > SILENT_POWER)) return -Infinity;
  const floor = loud * 10 ** (-activityDb / 10);
  let sum = 0;
  let n = 0;
  for (let f = 0; f < nFrames; f++)
    if (power[f]! >= floor) {
      sum += power[f]!;
      n++;
    }
  return 10 * Math.log10(sum / n);
}

/**
 * Scale a clip so its active speech level ({@link speechLevelDb}) is `targetDb`. Digital silence
 * comes back unchanged (a copy). The result is not clipped: it is a feature-pipeline signal, not
 * audio to play (a quiet clip brought up may exceed ±1).
 * @returns a new Float32Array and the gain applied, in dB.
 */
export function normalizeSpeechLevel(samples: Float32Array, options: NormalizeSpeechLevelOptions): { samples: Float32Array; gainDb: number } {
  const targetDb = options.targetDb ?? SPEECH_LEVEL_DEFAULTS.targetDb;
  assertInRange(C, 'targetDb', targetDb, -100, 20);
  const level = speechLevelDb(samples, options);
  if (!Number.isFinite(level)) return { samples: samples.slice(), gainDb: 0 };
  const gainDb = targetDb - level;
  const g = 10 ** (gainDb / 20);
  const out = new Float32Array(samples.length);
  for (let i = 0; i < samples.length; i++) out[i] = samples[i]! * g;
  return { samples: out, gainDb };
}
