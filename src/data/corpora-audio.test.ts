/**
 * The loaders only index files; AudioDecoder turns every corpus's format into the 16 kHz mono the
 * pipeline expects. One real file of each extra corpus, in its native format: nEMO 24 kHz mono,
 * EMOVO 48 kHz stereo (and its one mono file), TurEV-DB 44.1 kHz single words, Emotion TTS 22.05 kHz.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATA, describeShared } from '../../test/helpers.js';
import { AudioDecoder } from '../audio/audio-decoder.js';

const CORPORA = join(DATA, 'corpora-fixtures');

describeShared('decoding the corpora-fixtures to 16 kHz mono', () => {
  const decoder = new AudioDecoder(); // defaults: 16 kHz, mono
  it.each([
    // file, native rate, channels, native duration (s)
    ['nemo/EB0_anger_1.wav', 24_000, 1, 1.985],
    ['emovo/f1/gio-f1-b1.wav', 48_000, 2, 1.963],
    ['emovo/f1/rab-f1-b1.wav', 48_000, 1, 1.792],
    ['turev-db/Sad/1234_hl_acik.wav', 44_100, 1, 0.509],
    ['emotiontts-open/emotional-to-emotional/neo/wav/neo00201.wav', 22_050, 1, 4.14],
  ] as const)('%s (%i Hz, %i ch) decodes with its duration and is not silent', async (file, rate, channels, seconds) => {
    const a = await decoder.decodeFile(join(CORPORA, file));
    expect(a.source).toMatchObject({ container: 'wav', sampleRate: rate, channels, encoding: expect.any(String), bitsPerSample: 16 });
    expect(a.sampleRate).toBe(16_000);
    expect(a.channelData).toBeUndefined();
    // Same duration as the native file, to within one output sample (and the 3-decimal rounding above).
    expect(Math.abs(a.durationSec - a.source.frames / rate)).toBeLessThanOrEqual(1 / 16_000);
    expect(a.durationSec).toBeCloseTo(seconds, 2);
    expect(Math.abs(a.samples.length - (a.source.frames * 16_000) / rate)).toBeLessThanOrEqual(1);
    let sum = 0;
    let peak = 0;
    let bad = 0;
    for (const x of a.samples) {
      if (!Number.isFinite(x)) bad++;
      sum += x * x;
      peak = Math.max(peak, Math.abs(x));
    }
    expect(bad, 'non-finite samples').toBe(0);
    const rmsDb = 10 * Math.log10(sum / a.samples.length);
    expect(rmsDb, 'RMS level (dBFS)').toBeGreaterThan(-45);
    expect(peak).toBeGreaterThan(0.05);
    expect(peak).toBeLessThanOrEqual(1.01);
  });
});
