/**
 * The speech gate on REAL speech (RAVDESS, TESS and the corpus fixtures: Polish, Italian, Turkish,
 * Korean), degraded copies of it (quiet, pink noise at 10 dB SNR, telephone band, single words,
 * long recordings) and synthetic non-speech (silence, noise, tones, sweeps, DTMF, music).
 * The full-corpus check (≈ 11 000 clips) is scripts/speech-detector-check.ts.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AudioDecoder } from '../audio/audio-decoder.js';
import { DATA, describeShared, expectSerError, ifShared } from '../../test/helpers.js';
import { detectSpeech } from './speech-detector.js';
import { atPeakDb, music, nonSpeechSet, telephoneBand, tones, withPinkNoise } from './speech-detector.fixtures.js';

const SR = 16000;
const decoder = new AudioDecoder({ sampleRate: SR });
const load = (path: string) => decoder.decodeSync(readFileSync(path)).samples;

function wavs(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((e) => (statSync(join(dir, e)).isDirectory() ? wavs(join(dir, e)) : /\.wav$/i.test(e) ? [join(dir, e)] : []))
    .sort();
}

// Every 20th RAVDESS clip and every 20th TESS clip (60 + 70), and every corpus fixture (38).
const RAVDESS = ifShared(() => wavs(join(DATA, 'ravdess-16k')).filter((_, i) => i % 20 === 0), []);
const TESS = ifShared(() => wavs(join(DATA, 'tess-16k')).filter((_, i) => i % 20 === 0), []);
const FIXTURES = ifShared(() => wavs(join(DATA, 'corpora-fixtures')), []);
const REAL = [...RAVDESS, ...TESS, ...FIXTURES];

describeShared('detectSpeech on real speech', () => {
  it('accepts every sampled RAVDESS, TESS and corpus-fixture clip', () => {
    expect(REAL.length).toBeGreaterThan(160);
    const rejected = REAL.map((f) => [f, detectSpeech(load(f), { sampleRate: SR })] as const).filter(([, d]) => !d.speech);
    expect(rejected.map(([f, d]) => `${f}: ${d.reason}`)).toEqual([]);
  });

  it.each([
    ['quiet speech (peak −40 dBFS)', (x: Float32Array) => atPeakDb(x, -40)],
    ['speech in pink noise at 10 dB SNR', (x: Float32Array) => withPinkNoise(x, SR, 10)],
    ['telephone-band speech (300–3400 Hz)', (x: Float32Array) => telephoneBand(x, SR)],
  ])('accepts %s', (_name, degrade) => {
    const clips = [...RAVDESS.slice(0, 20), ...TESS.slice(0, 20)];
    const rejected = clips.filter((f) => !detectSpeech(degrade(load(f)), { sampleRate: SR }).speech);
    expect(rejected).toEqual([]);
  });

  it('accepts a single word of 0.6 s (the target word of a TESS clip)', () => {
    for (const f of TESS.slice(0, 20)) {
      const x = load(f);
      // The word ends the clip ("Say the word …"); keep its last 0.6 s before the trailing silence.
      let end = x.length;
      while (end > SR && Math.abs(x[end - 1]!) < 0.01) end--;
      const word = x.slice(Math.max(0, end + 800 - 0.6 * SR), Math.min(x.length, end + 800));
      const d = detectSpeech(word, { sampleRate: SR });
      expect(d.speech, `${f}: ${d.reason}`).toBe(true);
    }
  });

  it('accepts a long recording (ten RAVDESS clips, ~37 s) and 8 kHz and 48 kHz input', () => {
    const parts = RAVDESS.slice(0, 10).map(load);
    const long = new Float32Array(parts.reduce((a, p) => a + p.length, 0));
    parts.reduce((at, p) => (long.set(p, at), at + p.length), 0);
    expect(detectSpeech(long, { sampleRate: SR }).speech).toBe(true);
    const orig = new AudioDecoder({ sampleRate: null }).decodeSync(readFileSync(join(DATA, 'wav-originals', '03-01-05-01-01-01-02.wav')));
    expect(orig.sampleRate).toBe(48000);
    expect(detectSpeech(orig.samples, { sampleRate: 48000 }).speech).toBe(true);
    const x = load(RAVDESS[3]!);
    expect(detectSpeech(x.filter((_, i) => i % 2 === 0), { sampleRate: 8000 }).speech).toBe(true);
  });

  it('measures the clip: voiced speech with moving pitch, level-independent', () => {
    const x = load(RAVDESS[5]!);
    // 20 dB apart, both well above the absolute floor (−80 dBFS frames), which is the only level-dependent part.
    const loud = detectSpeech(atPeakDb(x, -3), { sampleRate: SR });
    const quiet = detectSpeech(atPeakDb(x, -23), { sampleRate: SR });
    expect(quiet.reason).toBe('speech');
    expect(loud.reason).toBe('speech');
    expect(loud.measures.voicedSec).toBeGreaterThan(0.3);
    expect(loud.measures.steadyPitchFraction).toBeLessThan(0.3);
    expect(Math.abs(quiet.measures.activeSec - loud.measures.activeSec)).toBeLessThan(0.1 * loud.measures.activeSec);
    expect(Math.abs(quiet.measures.voicedFraction - loud.measures.voicedFraction)).toBeLessThan(0.1);
  });
});

describe('detectSpeech on non-speech', () => {
  it.each(nonSpeechSet(SR).map((s) => [s.name, s.samples] as const))('rejects %s', (_name, samples) => {
    const d = detectSpeech(samples, { sampleRate: SR });
    expect(d.speech).toBe(false);
    expect(d.reason).not.toBe('speech');
  });

  it('names what it found: silence, noise, a steady tone, music', () => {
    expect(detectSpeech(new Float32Array(SR), { sampleRate: SR }).reason).toBe('silence');
    expect(detectSpeech(nonSpeechSet(SR).find((s) => s.name.startsWith('white noise'))!.samples, { sampleRate: SR }).reason).toBe('noise');
    expect(detectSpeech(tones(SR, 2, [[440, 0.5]]), { sampleRate: SR }).reason).toBe('steady-tone');
    expect(detectSpeech(music(SR, 4, { voices: 3, drumEverySec: 0.25, seed: 21 }), { sampleRate: SR }).reason).toBe('music');
  });

  it('rejects synthetic non-speech at 8 kHz and 44.1 kHz too', () => {
    for (const rate of [8000, 44100]) for (const { name, samples } of nonSpeechSet(rate)) expect(detectSpeech(samples, { sampleRate: rate }).speech, name).toBe(false);
  });
});

describe('detectSpeech input checks', () => {
  it.each([
    ['sampleRate', { sampleRate: 0 }],
    ['silenceDb', { sampleRate: SR, silenceDb: 3 }],
    ['activeRelative', { sampleRate: SR, activeRelative: 2 }],
    ['maxSteadyPitchFraction', { sampleRate: SR, maxSteadyPitchFraction: -1 }],
  ])('throws SER_INVALID_ARGUMENT for a bad %s', (parameter, options) => {
    const e = expectSerError(() => detectSpeech(new Float32Array(100), options), 'SER_INVALID_ARGUMENT', new RegExp(parameter));
    expect((e as unknown as { parameter: string }).parameter).toBe(parameter);
  });

  it('throws SER_EMPTY_AUDIO for no samples and SER_INVALID_ARGUMENT for NaN', () => {
    expectSerError(() => detectSpeech(new Float32Array(0), { sampleRate: SR }), 'SER_EMPTY_AUDIO');
    expectSerError(() => detectSpeech(Float32Array.of(0, Number.NaN), { sampleRate: SR }), 'SER_INVALID_ARGUMENT', /samples/);
  });
});
