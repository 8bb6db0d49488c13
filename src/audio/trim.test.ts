import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { DATA, describeShared, expectSerError, ifShared, sine } from '../../test/helpers.js';
import { readWav } from '../../test/read-pcm16.js';
import { addNoise } from '../augment/noise.js';
import { trimOrPad, trimSilence } from './trim.js';

const ramp = (n: number): Float32Array => Float32Array.from({ length: n }, (_, i) => i + 1);

describe('trimOrPad', () => {
  it('crops to round(durationSec · sampleRate) from the start', () => {
    expect(Array.from(trimOrPad(ramp(10), { sampleRate: 4, durationSec: 1.5 }))).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('zero-pads a short signal at the end', () => {
    expect(Array.from(trimOrPad(ramp(3), { sampleRate: 2, durationSec: 2.5 }))).toEqual([1, 2, 3, 0, 0]);
  });

  it('skips offsetSec first (librosa.load offset)', () => {
    expect(Array.from(trimOrPad(ramp(10), { sampleRate: 2, durationSec: 1, offsetSec: 1.5 }))).toEqual([4, 5]);
    expect(Array.from(trimOrPad(ramp(4), { sampleRate: 2, durationSec: 1, offsetSec: 9 }))).toEqual([0, 0]);
  });

  it("mode 'center' crops the middle and pads both sides", () => {
    expect(Array.from(trimOrPad(ramp(7), { sampleRate: 1, durationSec: 3, mode: 'center' }))).toEqual([3, 4, 5]);
    expect(Array.from(trimOrPad(ramp(2), { sampleRate: 1, durationSec: 5, mode: 'center' }))).toEqual([0, 1, 2, 0, 0]);
  });

  it.each([
    ['durationSec', { sampleRate: 16000, durationSec: -1 }],
    ['sampleRate', { sampleRate: 0, durationSec: 1 }],
    ['offsetSec', { sampleRate: 16000, durationSec: 1, offsetSec: -0.5 }],
    ['mode', { sampleRate: 16000, durationSec: 1, mode: 'end' as 'start' }],
  ])('throws SER_INVALID_ARGUMENT naming %s', (name, opts) => {
    const e = expectSerError(() => trimOrPad(new Float32Array(4), opts), 'SER_INVALID_ARGUMENT', new RegExp(`trimOrPad: ${name}`));
    expect((e as unknown as { parameter: string }).parameter).toBe(name);
  });
});

describe('trimSilence (librosa.effects.trim)', () => {
  // Silence [0, 16000), a 0.5-amplitude tone [16000, 32000), silence to 48000. With frameLength 2048,
  // hop 512 and centred frames, frame t spans [512t − 1024, 512t + 1024): frame 30 is the first to
  // touch the tone (384 of 2048 samples, −7 dB re the loudest frame) and frame 64 the last (256
  // samples, −9 dB); librosa keeps [30·512, 65·512) = [15360, 33280).
  function burst(floor: number): Float32Array {
    const x = new Float32Array(48000);
    const tone = sine(440, 16000, 1, 0.5);
    for (let i = 0; i < x.length; i++) x[i] = i >= 16000 && i < 32000 ? tone[i - 16000]! : floor * tone[i % 16000]!;
    return x;
  }

  it('keeps the frames within topDb of the loudest, in hop-aligned sample indices', () => {
    const r = trimSilence(burst(0));
    expect([r.start, r.end]).toEqual([15360, 33280]);
    expect(r.trimmed.length).toBe(33280 - 15360);
    expect(r.trimmed[16000 - 15360]).toBe(0);
    expect(r.trimmed[16001 - 15360]).toBe(burst(0)[16001]);
  });

  it('treats a floor 80 dB down as silence but keeps one 40 dB down', () => {
    expect([trimSilence(burst(1e-4)).start, trimSilence(burst(1e-4)).end]).toEqual([15360, 33280]);
    const loud = trimSilence(burst(1e-2));
    expect([loud.start, loud.end]).toEqual([0, 48000]);
    const strict = trimSilence(burst(1e-2), { topDb: 30 });
    expect([strict.start, strict.end]).toEqual([15360, 33280]);
  });

  it('honours frameLength and hopLength', () => {
    // frame t spans [256t − 512, 256t + 512): first touching the tone is t = 61 (15616 + 1024 > 16000 → t ≥ 60.5).
    const r = trimSilence(burst(0), { frameLength: 1024, hopLength: 256 });
    expect([r.start, r.end]).toEqual([61 * 256, 127 * 256]);
  });

  it('keeps an all-zero signal whole and returns an empty span for an empty one (as librosa)', () => {
    expect([trimSilence(new Float32Array(5000)).start, trimSilence(new Float32Array(5000)).end]).toEqual([0, 5000]);
    const e = trimSilence(new Float32Array(0));
    expect([e.start, e.end, e.trimmed.length]).toEqual([0, 0, 0]);
  });

  it.each([
    ['topDb', { topDb: -1 }],
    ['frameLength', { frameLength: 0 }],
    ['hopLength', { hopLength: 1.5 }],
  ])('throws SER_INVALID_ARGUMENT naming %s', (name, opts) => {
    expectSerError(() => trimSilence(new Float32Array(4), opts), 'SER_INVALID_ARGUMENT', new RegExp(name));
  });
});

describeShared('trimSilence noiseMarginDb (noise-floor-aware trimming)', () => {
  const clip = ifShared(() => readWav(join(DATA, 'ravdess-16k', 'Actor_04', '03-01-03-01-01-01-04.wav')).samples, new Float32Array(0));
  const opts = { topDb: 30, frameLength: 512, hopLength: 128 } as const;

  it('cuts the speech-free start and end of a noisy real clip where the clean clip is cut', () => {
    const clean = trimSilence(clip, opts);
    const noisy = addNoise(clip, { snrDb: 15, type: 'pink' }, 3);
    const plain = trimSilence(noisy, opts);
    const aware = trimSilence(noisy, { ...opts, noiseMarginDb: 6 });
    const len = clean.end - clean.start;
    // librosa's rule keeps the noise-only second at each end (the whole clip) …
    expect(plain.end - plain.start).toBeGreaterThan(2 * len);
    // … the floor-aware rule keeps little more than the clean span, and nearly all of it
    expect(aware.end - aware.start).toBeLessThan(1.35 * len);
    const overlap = Math.min(aware.end, clean.end) - Math.max(aware.start, clean.start);
    expect(overlap).toBeGreaterThan(0.95 * len);
  });

  it('leaves a clean studio clip as librosa trims it, and null is librosa exactly', () => {
    const a = trimSilence(clip, opts);
    const b = trimSilence(clip, { ...opts, noiseMarginDb: 6 });
    expect(Math.abs(b.end - b.start - (a.end - a.start))).toBeLessThan(0.05 * 16000);
    expect(trimSilence(clip, { ...opts, noiseMarginDb: null })).toEqual(a);
  });

  it('keeps a steady tone and steady noise whole (no floor of their own) and rejects a bad margin', () => {
    const noise = addNoise(new Float32Array(16000).fill(1e-3), { snrDb: -30, type: 'white' }, 1);
    expect(trimSilence(noise, { ...opts, noiseMarginDb: 6 })).toEqual(trimSilence(noise, opts));
    const tone = sine(220, 16000, 1);
    expect(trimSilence(tone, { ...opts, noiseMarginDb: 6 }).trimmed.length).toBeGreaterThan(0.95 * tone.length);
    expectSerError(() => trimSilence(clip, { ...opts, noiseMarginDb: -1 }), 'SER_INVALID_ARGUMENT', /noiseMarginDb/);
  });
});
