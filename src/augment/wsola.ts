/**
 * WSOLA time-scale modification kernel (Verhelst & Roelands, 1993): overlap-add of Hann-windowed
 * input frames, each taken within ±`tolerance` samples of its nominal position where it best
 * continues the previous frame (maximum cross-correlation with the "natural continuation").
 * Because whole waveform periods are copied, pitch and formants are untouched and there is no
 * phasiness; this makes it the usual choice for speech. Internal: callers validate inputs
 * (see time-stretch.ts).
 */
import { periodicHann } from './signal.js';

/**
 * Stretch `x` so that it lasts `outLength` samples, playing it at speed `rate`
 * (input advance per output sample).
 *
 * @param frameLength - even frame length N in samples; synthesis hop N/2 (Hann sums to 1).
 * @param tolerance - search range ±samples around each nominal analysis position.
 */
export function wsolaKernel(
  x: Float32Array,
  rate: number,
  outLength: number,
  frameLength: number,
  tolerance: number,
): Float32Array {
  const N = frameLength;
  const half = N >> 1;
  const hs = half; // synthesis hop
  const w = periodicHann(N);
  const frames = Math.ceil((outLength + half) / hs) + 1;
  // Input padded by P zeros at the start so every candidate start index is >= 0, and long enough
  // at the end for the last candidate plus its natural continuation.
  const P = half + tolerance;
  const lastNominal = P + Math.round((frames - 1) * hs * rate) - half;
  const xpLen = Math.max(P + x.length + P, lastNominal + tolerance + N + hs + 1);
  const xp = new Float32Array(xpLen);
  xp.set(x, P);
  const yp = new Float32Array(frames * hs + N);
  // 4-sample moving sums: a crude low-pass (zeros at fs/4 and fs/2) that lets the coarse search
  // correlate every 4th sample without aliasing the high band into the match.
  const xs = new Float32Array(xpLen);
  for (let i = 0; i + 3 < xpLen; i++) xs[i] = xp[i]! + xp[i + 1]! + xp[i + 2]! + xp[i + 3]!;

  let prevStart = 0;
  for (let k = 0; k < frames; k++) {
    const nominal = P + Math.round(k * hs * rate) - half;
    let start = nominal;
    if (k > 0) {
      const tmpl = prevStart + hs; // natural continuation of the previous frame
      // Coarse search: every other lag on the low-passed signal, every 4th sample (8x fewer
      // operations) ...
      let best = 0;
      let bestCorr = -Infinity;
      for (let d = -tolerance; d <= tolerance; d += 2) {
        const c0 = nominal + d;
        let c = 0;
        for (let j = 0; j < N - 3; j += 4) c += xs[tmpl + j]! * xs[c0 + j]!;
        if (c > bestCorr || (c === bestCorr && Math.abs(d) < Math.abs(best))) {
          bestCorr = c;
          best = d;
        }
      }
      // ... then refine at full resolution around the coarse winner.
      let fineBest = best;
      let fineCorr = -Infinity;
      for (let d = Math.max(-tolerance, best - 2); d <= Math.min(tolerance, best + 2); d++) {
        const c0 = nominal + d;
        let c = 0;
        for (let j = 0; j < N; j++) c += xp[tmpl + j]! * xp[c0 + j]!;
        if (c > fineCorr || (c === fineCorr && Math.abs(d) < Math.abs(fineBest))) {
          fineCorr = c;
          fineBest = d;
        }
      }
      start = nominal + fineBest;
    }
    const o = k * hs;
    for (let j = 0; j < N; j++) yp[o + j] = yp[o + j]! + w[j]! * xp[start + j]!;
    prevStart = start;
  }
  // Frame 0 is centred on output sample 0, so output sample t lives at yp[t + N/2].
  return yp.slice(half, half + outLength);
}
