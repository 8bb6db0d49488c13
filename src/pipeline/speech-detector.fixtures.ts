/**
 * Synthetic non-speech and speech conditions for checking the speech gate (tests and
 * scripts/speech-detector-check.ts). Seeded; not exported from the package.
 * @internal
 */
import { createRng, randn, type Rng } from '../internal/rng.js';
import { generateNoise } from '../augment/noise.js';

const TAU = 2 * Math.PI;

/** Digital silence, `durationSec` long. */
export function silence(sampleRate: number, durationSec: number): Float32Array {
  return new Float32Array(Math.round(sampleRate * durationSec));
}

/** White Gaussian noise at `rmsDb` dBFS. */
export function whiteNoise(sampleRate: number, durationSec: number, rmsDb: number, seed = 1): Float32Array {
  const rng = createRng(seed);
  const g = 10 ** (rmsDb / 20);
  return Float32Array.from({ length: Math.round(sampleRate * durationSec) }, () => g * randn(rng));
}

/** Pink (1/f) noise at `rmsDb` dBFS (the augmenters' Kellet filter, `generateNoise`). */
export function pinkNoise(sampleRate: number, durationSec: number, rmsDb: number, seed = 2): Float32Array {
  return setRmsDb(Float32Array.from(generateNoise(Math.round(sampleRate * durationSec), 'pink', createRng(seed))), rmsDb);
}

/** Scale `x` in place to an RMS level of `rmsDb` dBFS. */
export function setRmsDb(x: Float32Array, rmsDb: number): Float32Array {
  const r = rms(x);
  if (r > 0) for (let i = 0; i < x.length; i++) x[i] = (x[i]! * 10 ** (rmsDb / 20)) / r;
  return x;
}

/** A copy of `x` scaled to a peak of `peakDb` dBFS. */
export function atPeakDb(x: Float32Array, peakDb: number): Float32Array {
  let p = 0;
  for (const v of x) p = Math.max(p, Math.abs(v));
  const g = p > 0 ? 10 ** (peakDb / 20) / p : 0;
  return x.map((v) => v * g);
}

function rms(x: Float32Array): number {
  let e = 0;
  for (const v of x) e += v * v;
  return Math.sqrt(e / Math.max(1, x.length));
}

/** A sum of sines (each `[freqHz, amplitude]`), optionally with a frequency that moves. */
export function tones(sampleRate: number, durationSec: number, partials: readonly (readonly [number, number])[]): Float32Array {
  const n = Math.round(sampleRate * durationSec);
  const out = new Float32Array(n);
  for (const [f, a] of partials) for (let i = 0; i < n; i++) out[i]! += a * Math.sin((TAU * f * i) / sampleRate);
  return out;
}

/** A harmonic tone: `harmonics` partials of `f0`, amplitudes 1/h, peak about `amplitude`. */
export function harmonicTone(sampleRate: number, durationSec: number, f0: number, harmonics = 8, amplitude = 0.3): Float32Array {
  const partials: [number, number][] = [];
  for (let h = 1; h <= harmonics && h * f0 < sampleRate / 2; h++) partials.push([h * f0, amplitude / h / 2]);
  return tones(sampleRate, durationSec, partials);
}

/** A sine sweep from `fromHz` to `toHz` (exponential when `log`), with `harmonics` partials. */
export function sweep(sampleRate: number, durationSec: number, fromHz: number, toHz: number, options: { log?: boolean; harmonics?: number; amplitude?: number } = {}): Float32Array {
  const n = Math.round(sampleRate * durationSec);
  const out = new Float32Array(n);
  const harmonics = options.harmonics ?? 1;
  const amp = options.amplitude ?? 0.3;
  let phase = 0;
  for (let i = 0; i < n; i++) {
    const u = i / n;
    const f = options.log ? fromHz * (toHz / fromHz) ** u : fromHz + (toHz - fromHz) * u;
    phase += (TAU * f) / sampleRate;
    let v = 0;
    for (let h = 1; h <= harmonics; h++) if (h * f < sampleRate / 2) v += Math.sin(h * phase) / h;
    out[i] = amp * v;
  }
  return out;
}

/** DTMF-like tone pairs: `keys` pairs of a low and a high tone, `toneSec` on and `gapSec` off. */
export function dtmf(sampleRate: number, keys: number, toneSec = 0.2, gapSec = 0.1, seed = 3): Float32Array {
  const low = [697, 770, 852, 941];
  const high = [1209, 1336, 1477];
  const rng = createRng(seed);
  const on = Math.round(toneSec * sampleRate);
  const off = Math.round(gapSec * sampleRate);
  const out = new Float32Array(keys * (on + off) + off);
  for (let k = 0; k < keys; k++) {
    const fl = low[Math.floor(rng() * low.length)]!;
    const fh = high[Math.floor(rng() * high.length)]!;
    const start = off + k * (on + off);
    for (let i = 0; i < on; i++) out[start + i] = 0.25 * (Math.sin((TAU * fl * i) / sampleRate) + Math.sin((TAU * fh * i) / sampleRate));
  }
  return out;
}

/** Options of {@link music}. */
export interface MusicOptions {
  /** Notes per event: 1 = a melody, 3 = triads. @defaultValue 1 */
  readonly voices?: number;
  /** Note length range, seconds. @defaultValue [0.2, 0.5] */
  readonly noteSec?: readonly [number, number];
  /** Add drum-like decaying noise bursts on a beat of this many seconds (0 = none). @defaultValue 0 */
  readonly drumEverySec?: number;
  /** Harmonics per note. @defaultValue 6 */
  readonly harmonics?: number;
  /** Vibrato depth, semitones (0 = synthesiser-steady). @defaultValue 0 */
  readonly vibratoSemitones?: number;
  readonly seed?: number;
}

/**
 * Synthetic music: harmonic notes (1/h partials, 10 ms attack, exponential decay) from a major
 * scale around A3, changing every 200–500 ms, optionally as chords and with drum bursts.
 */
export function music(sampleRate: number, durationSec: number, options: MusicOptions = {}): Float32Array {
  const rng: Rng = createRng(options.seed ?? 4);
  const voices = options.voices ?? 1;
  const [minSec, maxSec] = options.noteSec ?? [0.2, 0.5];
  const harmonics = options.harmonics ?? 6;
  const vib = options.vibratoSemitones ?? 0;
  const n = Math.round(sampleRate * durationSec);
  const out = new Float32Array(n);
  const scale = [0, 2, 4, 5, 7, 9, 11, 12, 14, 16];
  let at = 0;
  while (at < n) {
    const len = Math.min(n - at, Math.round((minSec + (maxSec - minSec) * rng()) * sampleRate));
    const root = Math.floor(rng() * 7);
    for (let v = 0; v < voices; v++) {
      const f0 = 220 * 2 ** (scale[root + 2 * v]! / 12) * (voices > 1 && v === 0 ? 0.5 : 1);
      let phase = 0;
      for (let i = 0; i < len; i++) {
        const tSec = i / sampleRate;
        const f = f0 * 2 ** ((vib * Math.sin(TAU * 5.5 * tSec)) / 12);
        phase += (TAU * f) / sampleRate;
        const envelope = Math.min(1, tSec / 0.01) * Math.exp(-tSec * 2.5);
        let s = 0;
        for (let h = 1; h <= harmonics && h * f < sampleRate / 2; h++) s += Math.sin(h * phase) / h;
        out[at + i]! += (0.2 / voices) * envelope * s;
      }
    }
    at += len;
  }
  const beat = options.drumEverySec ?? 0;
  if (beat > 0) {
    const step = Math.round(beat * sampleRate);
    for (let start = 0; start < n; start += step) {
      for (let i = 0; i < Math.min(step, n - start); i++) out[start + i]! += 0.3 * Math.exp(-i / (0.03 * sampleRate)) * randn(rng);
    }
  }
  return out;
}

/** `speech` plus pink noise at `snrDb` relative to the whole clip's power. */
export function withPinkNoise(speech: Float32Array, sampleRate: number, snrDb: number, seed = 5): Float32Array {
  const level = 20 * Math.log10(rms(speech) || 1e-9) - snrDb;
  const noise = pinkNoise(sampleRate, speech.length / sampleRate, level, seed);
  return speech.map((v, i) => v + (noise[i] ?? 0));
}

/** Telephone band: 4th-order Butterworth-like high-pass at `lowHz` and low-pass at `highHz` (cascaded biquads). */
export function telephoneBand(x: Float32Array, sampleRate: number, lowHz = 300, highHz = 3400): Float32Array {
  let y: Float32Array = x.slice();
  for (const q of [0.5412, 1.3066]) {
    y = biquad(y, sampleRate, 'highpass', lowHz, q);
    y = biquad(y, sampleRate, 'lowpass', highHz, q);
  }
  return y;
}

function biquad(x: Float32Array, sampleRate: number, type: 'lowpass' | 'highpass', f: number, q: number): Float32Array {
  const w = (TAU * f) / sampleRate;
  const alpha = Math.sin(w) / (2 * q);
  const cw = Math.cos(w);
  const b = type === 'lowpass' ? [(1 - cw) / 2, 1 - cw, (1 - cw) / 2] : [(1 + cw) / 2, -(1 + cw), (1 + cw) / 2];
  const a0 = 1 + alpha, a1 = -2 * cw, a2 = 1 - alpha;
  const out = new Float32Array(x.length);
  let x1 = 0, x2 = 0, y1 = 0, y2 = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    const y = (b[0]! * v + b[1]! * x1 + b[2]! * x2 - a1 * y1 - a2 * y2) / a0;
    x2 = x1; x1 = v; y2 = y1; y1 = y;
    out[i] = y;
  }
  return out;
}

/** Named synthetic non-speech signals at `sampleRate` (all must be rejected by the gate). */
export function nonSpeechSet(sampleRate: number): { name: string; samples: Float32Array }[] {
  const sr = sampleRate;
  const set: { name: string; samples: Float32Array }[] = [
    { name: 'digital silence', samples: silence(sr, 3) },
    { name: 'near silence (-90 dBFS noise)', samples: whiteNoise(sr, 3, -90) },
    { name: 'low white noise (-60 dBFS)', samples: whiteNoise(sr, 3, -60) },
    { name: 'low pink noise (-55 dBFS)', samples: pinkNoise(sr, 3, -55) },
    { name: 'white noise (-20 dBFS)', samples: whiteNoise(sr, 3, -20) },
    { name: 'pink noise (-20 dBFS)', samples: pinkNoise(sr, 3, -20) },
    { name: 'sine 440 Hz', samples: tones(sr, 3, [[440, 0.5]]) },
    { name: 'sine 120 Hz', samples: tones(sr, 3, [[120, 0.5]]) },
    { name: 'sine 1 kHz, quiet', samples: tones(sr, 3, [[1000, 0.003]]) },
    { name: 'harmonic tone 150 Hz', samples: harmonicTone(sr, 3, 150) },
    { name: 'harmonic tone 300 Hz', samples: harmonicTone(sr, 3, 300) },
    { name: 'linear sweep 100-2000 Hz', samples: sweep(sr, 3, 100, 2000) },
    { name: 'log sweep 80-500 Hz, harmonic', samples: sweep(sr, 3, 80, 500, { log: true, harmonics: 6 }) },
    { name: 'slow sweep 200-260 Hz, harmonic', samples: sweep(sr, 3, 200, 260, { harmonics: 6 }) },
    { name: 'DTMF tone pairs', samples: dtmf(sr, 10) },
    { name: 'DTMF tone pairs, short', samples: dtmf(sr, 10, 0.08, 0.06) },
    { name: 'tone pair 350+440 Hz (dial tone)', samples: tones(sr, 3, [[350, 0.25], [440, 0.25]]) },
    { name: 'melody', samples: music(sr, 4) },
    { name: 'melody, fast notes', samples: music(sr, 4, { noteSec: [0.12, 0.25], seed: 9 }) },
    { name: 'chords', samples: music(sr, 4, { voices: 3, seed: 6 }) },
    { name: 'melody + drums', samples: music(sr, 4, { drumEverySec: 0.25, seed: 7 }) },
    { name: 'chords + drums', samples: music(sr, 4, { voices: 3, drumEverySec: 0.25, seed: 8 }) },
    { name: 'chords + drums, long', samples: music(sr, 12, { voices: 3, drumEverySec: 0.5, seed: 10 }) },
  ];
  return set;
}
