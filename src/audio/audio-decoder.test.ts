import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataFile, fmtBody, intBytes, simpleWav, toneDb, wavFile } from '../../test/audio-helpers.js';
import { DATA, describeShared, expectSerError, expectSerErrorAsync, ifShared, itShared, maxAbsDiff, ROOT } from '../../test/helpers.js';
import { CorruptAudioError, EmptyAudioError, IoError, UnsupportedAudioError } from '../errors.js';
import { AUDIO_DECODER_DEFAULTS, AudioDecoder, type DecodedAudio } from './audio-decoder.js';
import { resample } from './resample.js';

const FIX = join(ROOT, 'test', 'fixtures', 'audio');
const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(join(FIX, name)));
const decoder = new AudioDecoder();
const native = new AudioDecoder({ sampleRate: null, mono: false });

/** SNR of `y` against `ref` in dB over their common length. */
function snrDb(ref: Float32Array, y: Float32Array): number {
  let s = 0;
  let e = 0;
  for (let i = 0; i < Math.min(ref.length, y.length); i++) {
    s += ref[i]! * ref[i]!;
    e += (ref[i]! - y[i]!) ** 2;
  }
  return 10 * Math.log10(s / e);
}

describe('AudioDecoder: configuration', () => {
  it('defaults to 16 kHz mono, high-quality resampling, whole file', () => {
    expect(AUDIO_DECODER_DEFAULTS).toEqual({ sampleRate: 16000, mono: true, resampleQuality: 'high', offsetSec: 0, durationSec: null });
    expect(Object.isFrozen(AUDIO_DECODER_DEFAULTS)).toBe(true);
    expect(decoder.config).toEqual(AUDIO_DECODER_DEFAULTS);
    expect(Object.isFrozen(decoder.config)).toBe(true);
    expect(JSON.parse(JSON.stringify(new AudioDecoder({ sampleRate: 22050 })))).toMatchObject({ sampleRate: 22050 });
  });

  it.each([
    ['sampleRate', { sampleRate: 0 }],
    ['sampleRate', { sampleRate: 5_000_000 }],
    ['mono', { mono: 'yes' as unknown as boolean }],
    ['resampleQuality', { resampleQuality: 'best' as 'high' }],
    ['offsetSec', { offsetSec: -1 }],
    ['durationSec', { durationSec: 0 }],
  ])('throws SER_INVALID_ARGUMENT naming %s', (name, options) => {
    expectSerError(() => new AudioDecoder(options), 'SER_INVALID_ARGUMENT', new RegExp(`AudioDecoder: ${name}`));
  });

  it('throws SER_INVALID_ARGUMENT for input that is not bytes', async () => {
    await expectSerErrorAsync(() => decoder.decode('x.wav' as unknown as Uint8Array), 'SER_INVALID_ARGUMENT', /Uint8Array or ArrayBuffer/);
  });
});

describeShared('AudioDecoder: every shared fixture decodes (wav-originals, wav-oddities)', () => {
  // Rates, channels and encodings from ../shared/data/README.md and the file names.
  const expected: Record<string, { rate: number; channels: number; encoding: string; bits: number; container?: string }> = {
    '03-01-02-01-01-02-01.wav': { rate: 48000, channels: 2, encoding: 'pcm', bits: 16 },
    '03-01-04-02-02-01-03.wav': { rate: 48000, channels: 1, encoding: 'pcm', bits: 16 },
    '03-01-05-01-01-01-02.wav': { rate: 48000, channels: 1, encoding: 'pcm', bits: 16 },
    '03-01-06-01-01-02-20.wav': { rate: 48000, channels: 2, encoding: 'pcm', bits: 16 },
    'angry-16k-alaw.wav': { rate: 16000, channels: 1, encoding: 'alaw', bits: 8 },
    'angry-22k-stereo.wav': { rate: 22050, channels: 2, encoding: 'pcm', bits: 16 },
    'angry-44k-pcm32.wav': { rate: 44100, channels: 1, encoding: 'pcm', bits: 32 },
    'angry-48k-float32.wav': { rate: 48000, channels: 1, encoding: 'float', bits: 32 },
    'angry-48k-pcm24.wav': { rate: 48000, channels: 1, encoding: 'pcm', bits: 24 },
    'angry-8k-u8.wav': { rate: 8000, channels: 1, encoding: 'pcm', bits: 8 },
    'angry-8k-ulaw.wav': { rate: 8000, channels: 1, encoding: 'mulaw', bits: 8 },
    'tess-OAF_food_fear-96k.wav': { rate: 96000, channels: 1, encoding: 'pcm', bits: 16 },
    'tess-YAF_germ_angry-is-aiff.wav': { rate: 24414, channels: 1, encoding: 'pcm', bits: 16, container: 'aiff' },
  };
  const files = ifShared(() => [
    ...readdirSync(join(DATA, 'wav-originals')).map((f) => ['wav-originals', f] as const),
    ...readdirSync(join(DATA, 'wav-oddities')).map((f) => ['wav-oddities', f] as const),
  ], []);

  it('knows every file in the two folders', () => {
    expect(files.map(([, f]) => f).sort()).toEqual(Object.keys(expected).sort());
  });

  it.each(files)('%s/%s decodes to 16 kHz mono with the right source facts', (dir, name) => {
    const e = expected[name]!;
    const a = decoder.decodeSync(dataFile(dir, name));
    expect(a.source).toMatchObject({ container: e.container ?? 'wav', sampleRate: e.rate, channels: e.channels, encoding: e.encoding, bitsPerSample: e.bits });
    expect(a.sampleRate).toBe(16000);
    expect(a.samples.length).toBe(Math.ceil((a.source.frames * 16000) / e.rate));
    expect(a.durationSec).toBeCloseTo(a.source.frames / e.rate, 3);
    // The 'angry' re-encodings are one 3.670 s clip.
    if (name.startsWith('angry-')) expect(Math.abs(a.source.frames / e.rate - 176176 / 48000)).toBeLessThan(1 / e.rate + 1e-9);
    let peak = 0;
    for (const v of a.samples) peak = Math.max(peak, Math.abs(v));
    expect(peak).toBeGreaterThan(0.01);
    expect(peak).toBeLessThan(1.01);
  });

  it('decodes the AIFF-behind-a-.wav by content: 24414 Hz, 2.206 s', () => {
    const a = decoder.decodeSync(dataFile('wav-oddities', 'tess-YAF_germ_angry-is-aiff.wav'));
    expect(a.source.container).toBe('aiff');
    expect(a.source.frames).toBe(53847);
    expect(a.durationSec).toBeCloseTo(53847 / 24414, 4);
  });
});

describeShared('AudioDecoder: the re-encoded angry clip matches its 16-bit 48 kHz original', () => {
  // Reference: 03-01-05-01-01-01-02.wav (16-bit, 48 kHz) → 16 kHz. Its RMS is −38 dBFS, which sets
  // the quantisation SNR each encoding can reach at this level.
  const original = ifShared(() => decoder.decodeSync(dataFile('wav-originals', '03-01-05-01-01-01-02.wav')).samples, new Float32Array(0));
  // The 8 kHz variants carry nothing above 4 kHz: compare them with the original band-limited the same way.
  const original4k = ifShared(() => resample(resample(original, 16000, 8000), 8000, 16000), new Float32Array(0));
  const decode = (name: string): Float32Array => decoder.decodeSync(dataFile('wav-originals', name)).samples;

  it('24-bit PCM and 32-bit float hold the 16-bit values exactly: identical output', () => {
    expect(maxAbsDiff(decode('angry-48k-pcm24.wav'), original)).toBe(0);
    expect(maxAbsDiff(decode('angry-48k-float32.wav'), original)).toBe(0);
  });

  it.each([
    // 32-bit at 44.1 kHz: no quantisation loss, only a third-party 48→44.1 kHz conversion (measured 94 dB).
    ['angry-44k-pcm32.wav', original, 85],
    // 16-bit stereo at 22.05 kHz: 16-bit quantisation at −38 dBFS allows ~60 dB (measured 62.6 dB).
    ['angry-22k-stereo.wav', original, 55],
    // G.711 keeps ~6 bits of mantissa: 33–38 dB SQNR for speech at this level (measured 33.0 / 35.1 dB).
    ['angry-16k-alaw.wav', original, 30],
    ['angry-8k-ulaw.wav', original4k, 30],
    // 8-bit with TPDF dither: Δ = 1/128, noise σ = Δ/2 → 14.6 dB − 4.8 dB of dither = 9.8 dB (measured 10.0 dB).
    ['angry-8k-u8.wav', original4k, 9],
  ] as const)('%s is within its encoding error (SNR ≥ %s dB… see comments)', (name, ref, minSnr) => {
    const y = decode(name);
    expect(Math.abs(y.length - ref.length)).toBeLessThanOrEqual(1);
    expect(snrDb(ref, y)).toBeGreaterThanOrEqual(minSnr);
  });

  it('the 48 kHz RAVDESS originals match the dataset’s own 16 kHz conversions (ravdess-16k) to ≥ 40 dB', () => {
    // Different resamplers differ only near the 8 kHz band edge, where speech has little energy;
    // the 16-bit re-quantisation of ravdess-16k adds noise ~62 dB down (measured 45–52 dB overall).
    for (const [name, actor] of [
      ['03-01-02-01-01-02-01.wav', 'Actor_01'],
      ['03-01-05-01-01-01-02.wav', 'Actor_02'],
      ['03-01-06-01-01-02-20.wav', 'Actor_20'],
    ] as const) {
      const ours = decode(name);
      const theirs = decoder.decodeSync(dataFile('ravdess-16k', actor, name)).samples;
      expect(Math.abs(ours.length - theirs.length)).toBeLessThanOrEqual(1);
      expect(snrDb(theirs, ours), name).toBeGreaterThanOrEqual(40);
    }
  });
});

describeShared('AudioDecoder: options', () => {
  const bytes = ifShared(() => dataFile('wav-originals', '03-01-02-01-01-02-01.wav'), new Uint8Array(0));

  it('sampleRate: null keeps the native rate and equals the channel mean', () => {
    const a = new AudioDecoder({ sampleRate: null }).decodeSync(bytes);
    expect(a.sampleRate).toBe(48000);
    expect(a.samples.length).toBe(172972);
    expect(a.channelData).toBeUndefined();
  });

  it('mono: false also returns every channel, resampled; samples is their mean', () => {
    const a = new AudioDecoder({ mono: false }).decodeSync(bytes);
    expect(a.channelData).toHaveLength(2);
    const [l, r] = a.channelData!;
    expect(l!.length).toBe(a.samples.length);
    for (let i = 0; i < a.samples.length; i += 97) expect(a.samples[i]).toBe(Math.fround((l![i]! + r![i]!) / 2));
    const m = decoder.decodeSync(bytes).samples;
    // Resampling is linear: mixing before or after differs only by float32 rounding.
    expect(maxAbsDiff(m, a.samples)).toBeLessThan(1e-6);
  });

  it('offsetSec / durationSec cut at the native rate like librosa.load(offset, duration)', () => {
    const full = new AudioDecoder({ sampleRate: null }).decodeSync(bytes).samples;
    const cut = new AudioDecoder({ sampleRate: null, offsetSec: 0.5, durationSec: 1 }).decodeSync(bytes);
    expect(cut.samples.length).toBe(48000);
    expect(Array.from(cut.samples.subarray(0, 50))).toEqual(Array.from(full.subarray(24000, 24050)));
    const at16 = new AudioDecoder({ offsetSec: 0.5, durationSec: 1 }).decodeSync(bytes);
    expect(at16.samples.length).toBe(16000);
    expect(at16.durationSec).toBe(1);
    const tail = new AudioDecoder({ sampleRate: null, offsetSec: 3, durationSec: 10 }).decodeSync(bytes);
    expect(tail.samples.length).toBe(172972 - 144000);
  });

  it('throws SER_EMPTY_AUDIO when offsetSec is past the end', () => {
    expectSerError(() => new AudioDecoder({ offsetSec: 10 }).decodeSync(bytes), 'SER_EMPTY_AUDIO', /offsetSec must be less than the file duration 3.604 s/);
  });

  it("resampleQuality: 'fast' stays within 0.1 dB of 'high' on speech", () => {
    const hi = decoder.decodeSync(bytes).samples;
    const lo = new AudioDecoder({ resampleQuality: 'fast' }).decodeSync(bytes).samples;
    expect(Math.abs(10 * Math.log10(snrRatio(hi, lo)))).toBeLessThan(0.1);
  });

  function snrRatio(a: Float32Array, b: Float32Array): number {
    let ea = 0;
    let eb = 0;
    for (let i = 0; i < a.length; i++) {
      ea += a[i]! ** 2;
      eb += b[i]! ** 2;
    }
    return ea / eb;
  }

  it('accepts an ArrayBuffer, a Uint8Array view at an offset, and a Node Buffer', async () => {
    const small = simpleWav({ formatTag: 1, channels: 1, sampleRate: 16000, bitsPerSample: 16 }, intBytes([16384, -16384], 2));
    const padded = new Uint8Array(small.length + 7);
    padded.set(small, 7);
    for (const input of [small.slice().buffer, padded.subarray(7), Buffer.from(small)]) {
      const a = await decoder.decode(input);
      expect(Array.from(a.samples)).toEqual([0.5, -0.5]);
    }
  });
});

describe('AudioDecoder: FLAC, Ogg Vorbis, MP3 (WebAssembly decoders, loaded on demand)', () => {
  const wav = decoder.decodeSync(fixture('tone-16k.wav'));
  const tone = (a: DecodedAudio, f: number): number => toneDb(a.samples, f, a.sampleRate, 1000, a.samples.length - 1000);

  it('FLAC decodes bit-exactly to the WAV it was encoded from (soundfile scaling, v / 2^15)', async () => {
    const a = await decoder.decode(fixture('tone-16k.flac'));
    expect(a.source).toEqual({ container: 'flac', sampleRate: 16000, channels: 1, frames: 8000, encoding: 'flac', bitsPerSample: 16 });
    expect(maxAbsDiff(a.samples, wav.samples)).toBe(0);
  });

  it('Ogg Vorbis decodes sample-aligned within the codec error (SNR ≥ 25 dB; measured 30 dB at q4)', async () => {
    const a = await decoder.decode(fixture('tone-16k.ogg'));
    expect(a.source).toMatchObject({ container: 'ogg', sampleRate: 16000, channels: 1, frames: 8000, encoding: 'vorbis', bitsPerSample: null });
    expect(snrDb(wav.samples, a.samples)).toBeGreaterThanOrEqual(25);
  });

  it('MP3 decodes mono as one channel with the tone levels kept within 1 dB', async () => {
    const a = await decoder.decode(fixture('tone-16k.mp3'));
    expect(a.source).toMatchObject({ container: 'mp3', sampleRate: 16000, channels: 1, encoding: 'mp3', bitsPerSample: null });
    expect(Math.abs(tone(a, 440) - tone(wav, 440))).toBeLessThan(1);
    expect(Math.abs(tone(a, 1000) - tone(wav, 1000))).toBeLessThan(1);
  });

  it.each(['tone-44k-stereo.ogg', 'tone-44k-stereo.mp3'])('%s: 44.1 kHz stereo (440 Hz left, 1 kHz right) → per-channel and mixed 16 kHz', async (name) => {
    const a = await native.decode(fixture(name));
    expect(a.source).toMatchObject({ sampleRate: 44100, channels: 2, frames: 13230 });
    const [l, r] = a.channelData!;
    const at = (x: Float32Array, f: number): number => toneDb(x, f, 44100, 2000, 11000);
    expect(at(l!, 440)).toBeGreaterThan(-7); // 0.5 amplitude = −6 dB
    expect(at(l!, 1000)).toBeLessThan(-60);
    expect(at(r!, 1000)).toBeGreaterThan(-7);
    expect(at(r!, 440)).toBeLessThan(-60);
    const m = await decoder.decode(fixture(name));
    expect(m.sampleRate).toBe(16000);
    expect(m.samples.length).toBe(4800);
    // Each tone is on one channel: the mean halves it (−12 dB).
    expect(Math.abs(tone(m, 440) + 12)).toBeLessThan(1);
    expect(Math.abs(tone(m, 1000) + 12)).toBeLessThan(1);
  });

  it('decodeSync refuses compressed formats with a pointer to decode()', () => {
    expectSerError(() => decoder.decodeSync(fixture('tone-16k.flac')), 'SER_UNSUPPORTED_AUDIO', /decodeSync\(\) reads WAV and AIFF only \(got FLAC\).*decode\(bytes\)/);
  });

  it('throws SER_CORRUPT_AUDIO for compressed files whose frames are missing or damaged', async () => {
    expect(await expectSerErrorAsync(() => decoder.decode(fixture('tone-16k.flac').slice(0, 60)), 'SER_CORRUPT_AUDIO', /FLAC.*decodable audio frames/)).toBeInstanceOf(CorruptAudioError);
    await expectSerErrorAsync(() => decoder.decode(fixture('tone-16k.ogg').slice(0, 100)), 'SER_CORRUPT_AUDIO', /Ogg Vorbis/);
    const junk = fixture('tone-16k.mp3').slice(0, 4);
    await expectSerErrorAsync(() => decoder.decode(new Uint8Array([...junk, ...new Uint8Array(40)])), 'SER_CORRUPT_AUDIO', /MP3/);
  });

  it('the WAV path never imports the WebAssembly decoders (dynamic import only)', () => {
    const src = readFileSync(join(ROOT, 'src', 'audio', 'audio-decoder.ts'), 'utf8');
    expect(src).not.toMatch(/^import (?!type)[^;]*'\.\/compressed\.js'/m);
    expect(src).toMatch(/await import\('\.\/compressed\.js'\)/);
    const lib = readFileSync(join(ROOT, 'src', 'audio', 'compressed.ts'), 'utf8');
    expect(lib).not.toMatch(/^import [^;]*'(@wasm-audio-decoders|mpg123)/m);
  });
});

describe('AudioDecoder: containers it cannot decode are named, never guessed', () => {
  const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
  const ogg = (head: string): Uint8Array => {
    const b = new Uint8Array(64);
    b.set(ascii('OggS'));
    b.set(ascii(head), 28);
    return b;
  };
  it.each([
    ['Ogg Opus', ogg('OpusHead'), /Ogg Opus/],
    ['MP4/M4A', ascii('\0\0\0\x20ftypM4A \0\0\0\0isom'), /MP4\/M4A/],
    ['CAF', ascii('caff\0\x01\0\0desc'), /CAF/],
    ['WebM', Uint8Array.of(0x1a, 0x45, 0xdf, 0xa3, 1, 2, 3, 4), /Matroska\/WebM/],
    ['AAC', Uint8Array.of(0xff, 0xf1, 0x50, 0x80, 0, 0x1f, 0xfc, 0, 0), /AAC \(ADTS\)/],
  ])('%s → SER_UNSUPPORTED_AUDIO with a conversion hint', async (_n, bytes, pattern) => {
    const e = await expectSerErrorAsync(() => decoder.decode(bytes), 'SER_UNSUPPORTED_AUDIO', pattern);
    expect(e).toBeInstanceOf(UnsupportedAudioError);
    expect(e.message).toMatch(/ffmpeg -i input .* output\.wav/);
  });

  it('empty input → SER_EMPTY_AUDIO; unknown bytes → SER_CORRUPT_AUDIO; truncated RIFF → SER_CORRUPT_AUDIO', async () => {
    expect(await expectSerErrorAsync(() => decoder.decode(new Uint8Array(0)), 'SER_EMPTY_AUDIO', /0 bytes/)).toBeInstanceOf(EmptyAudioError);
    expect(await expectSerErrorAsync(() => decoder.decode(ascii('<html><body>404</body></html>')), 'SER_CORRUPT_AUDIO', /not a recognised audio file/)).toBeInstanceOf(CorruptAudioError);
    expectSerError(() => decoder.decodeSync(ascii('RIFF\0\0')), 'SER_CORRUPT_AUDIO', /truncated/);
    expectSerError(() => decoder.decodeSync(ascii('FORM\0\0')), 'SER_CORRUPT_AUDIO', /truncated/);
  });

  it('propagates WAV errors unchanged (unsupported tag)', () => {
    const adpcm = wavFile([{ id: 'fmt ', body: fmtBody({ formatTag: 2, channels: 1, sampleRate: 8000, bitsPerSample: 4, blockAlign: 256 }) }, { id: 'data', body: new Uint8Array(256) }]);
    expectSerError(() => decoder.decodeSync(adpcm), 'SER_UNSUPPORTED_AUDIO', /0x0002, Microsoft ADPCM/);
  });
});

describe('AudioDecoder.decodeFile', () => {
  itShared('reads a file from disk', async () => {
    const a = await decoder.decodeFile(join(DATA, 'wav-originals', 'angry-8k-ulaw.wav'));
    expect(a.source.encoding).toBe('mulaw');
    expect(a.samples.length).toBe(58726);
  });

  it('throws SER_IO naming the path for a missing file, with the fs error as cause', async () => {
    const e = await expectSerErrorAsync(() => decoder.decodeFile('/no/such/file.wav'), 'SER_IO', /"\/no\/such\/file\.wav": ENOENT/);
    expect(e).toBeInstanceOf(IoError);
    expect((e as unknown as { path: string }).path).toBe('/no/such/file.wav');
    expect((e.cause as { code: string }).code).toBe('ENOENT');
  });

  it('throws SER_IO for a directory and SER_INVALID_ARGUMENT for an empty path', async () => {
    await expectSerErrorAsync(() => decoder.decodeFile(FIX), 'SER_IO', /EISDIR/);
    await expectSerErrorAsync(() => decoder.decodeFile(''), 'SER_INVALID_ARGUMENT', /path must be a non-empty string/);
  });
});
