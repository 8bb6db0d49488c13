/**
 * Phase-vocoder time-scale modification kernel with identity phase locking
 * (Laroche & Dolson, 1999). Built on `features/fft.ts` (`RealFft`).
 *
 * Analysis frames are taken at fractional input positions `k · hop · rate` (rounded), synthesis
 * frames at `k · hop`. Each spectral peak (a bin larger than its 4 neighbours) gets the classic
 * phase-vocoder phase advance from its instantaneous frequency; every other bin in the peak's
 * region of influence keeps its analysis phase offset to the peak ("identity" locking), which
 * keeps the partials' shapes vertically coherent and removes most of the phasiness of the plain
 * phase vocoder. Internal: callers validate inputs (see time-stretch.ts).
 */
import { RealFft } from '../features/fft.js';
import { periodicHann } from './signal.js';

const TWO_PI = 2 * Math.PI;

function wrap(p: number): number {
  return p - TWO_PI * Math.round(p / TWO_PI);
}

/**
 * Stretch `x` to `outLength` samples at speed `rate` with a phase vocoder.
 *
 * @param nFft - FFT size (power of two); hop is nFft/4.
 */
export function phaseVocoderKernel(x: Float32Array, rate: number, outLength: number, nFft: number): Float32Array {
  const N = nFft;
  const half = N >> 1;
  const hop = N >> 2;
  const bins = half + 1;
  const fft = new RealFft(N, 'timeStretch');
  const w = periodicHann(N);
  const frames = Math.ceil(outLength / hop) + 3;
  const P = N;
  const lastPos = Math.round((frames - 1) * hop * rate);
  const xp = new Float32Array(Math.max(P + x.length + P, P + lastPos + half + 1));
  xp.set(x, P);

  const frame = new Float64Array(N);
  const mag = new Float64Array(bins);
  const phase = new Float64Array(bins);
  const prevPhase = new Float64Array(bins);
  const synth = new Float64Array(bins);
  const instFreq = new Float64Array(bins); // rad/sample
  const re = new Float64Array(bins);
  const im = new Float64Array(bins);
  const out = new Float64Array(N);
  const peaks = new Int32Array(bins);
  const yp = new Float64Array(frames * hop + N);
  const wsum = new Float64Array(frames * hop + N);

  const analyse = (pos: number, magOut: Float64Array | null, phaseOut: Float64Array): void => {
    const s0 = P + pos - half;
    for (let j = 0; j < N; j++) frame[j] = w[j]! * xp[s0 + j]!;
    const spec = fft.forward(frame);
    for (let b = 0, i = 0; b < bins; b++, i += 2) {
      const r = spec[i]!;
      const m = spec[i + 1]!;
      if (magOut) magOut[b] = Math.hypot(r, m);
      phaseOut[b] = Math.atan2(m, r);
    }
  };

  const aux = new Float64Array(bins);
  let prevPos = 0;
  for (let k = 0; k < frames; k++) {
    const pos = Math.round(k * hop * rate);
    analyse(pos, mag, phase);
    if (k === 0) {
      synth.set(phase);
    } else {
      // Instantaneous frequency from the phase difference to a frame `dist` samples earlier.
      // Past half a frame the phase difference is ambiguous, so use an extra frame hop earlier.
      let dist = pos - prevPos;
      let ref = prevPhase;
      if (dist <= 0 || dist > half) {
        dist = hop;
        analyse(pos - hop, null, aux);
        ref = aux;
      }
      for (let b = 0; b < bins; b++) {
        const omega = (TWO_PI * b) / N;
        instFreq[b] = omega + wrap(phase[b]! - ref[b]! - omega * dist) / dist;
      }
      // Peaks: larger than the two neighbours on each side.
      let np = 0;
      for (let b = 0; b < bins; b++) {
        const m = mag[b]!;
        if (
          m > 0 &&
          (b < 1 || m > mag[b - 1]!) &&
          (b < 2 || m > mag[b - 2]!) &&
          (b + 1 >= bins || m >= mag[b + 1]!) &&
          (b + 2 >= bins || m >= mag[b + 2]!)
        ) {
          peaks[np++] = b;
        }
      }
      if (np === 0) {
        for (let b = 0; b < bins; b++) synth[b] = wrap(synth[b]! + instFreq[b]! * hop);
      } else {
        // Region of influence of each peak: up to the midpoint to the neighbouring peaks.
        let lo = 0;
        for (let p = 0; p < np; p++) {
          const pk = peaks[p]!;
          const hi = p + 1 < np ? ((pk + peaks[p + 1]!) >> 1) : bins - 1;
          const pkPhase = wrap(synth[pk]! + instFreq[pk]! * hop);
          const rot = pkPhase - phase[pk]!;
          for (let b = lo; b <= hi; b++) synth[b] = b === pk ? pkPhase : wrap(phase[b]! + rot);
          lo = hi + 1;
        }
      }
    }
    prevPhase.set(phase);
    prevPos = pos;
    for (let b = 0; b < bins; b++) {
      re[b] = mag[b]! * Math.cos(synth[b]!);
      im[b] = mag[b]! * Math.sin(synth[b]!);
    }
    fft.inverse(re, im, out);
    const o = k * hop;
    for (let j = 0; j < N; j++) {
      const wj = w[j]!;
      yp[o + j] = yp[o + j]! + wj * out[j]!;
      wsum[o + j] = wsum[o + j]! + wj * wj;
    }
  }
  const y = new Float32Array(outLength);
  for (let t = 0; t < outLength; t++) {
    const s = wsum[t + half]!;
    y[t] = s > 1e-8 ? yp[t + half]! / s : 0;
  }
  return y;
}
