import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CorruptAudioError, EmptyAudioError, UnsupportedAudioError, type SerErrorCode } from '../errors.js';
import { fmtBody, floatBytes, intBytes, refFiles, simpleWav, stats, wavFile, type Chunk } from '../../test/audio-helpers.js';
import { describeShared, expectSerError, ifShared, REF } from '../../test/helpers.js';
import { toMono } from './mix.js';
import { parseWav } from './wav.js';

const f32 = (xs: number[]): number[] => xs.map((x) => Math.fround(x));
const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
const pcm16 = { formatTag: 1, channels: 1, sampleRate: 16000, bitsPerSample: 16 };

describe('parseWav: sample formats (scaled v / 2^(bits-1), as soundfile)', () => {
  it('decodes 8-bit unsigned PCM as (v - 128) / 128', () => {
    const w = parseWav(simpleWav({ ...pcm16, bitsPerSample: 8 }, Uint8Array.of(0, 128, 255, 64)));
    expect(Array.from(w.channelData[0]!)).toEqual([-1, 0, 127 / 128, -0.5]);
    expect(w).toMatchObject({ encoding: 'pcm', bitsPerSample: 8, formatTag: 1, extensible: false, frames: 4 });
  });

  it('decodes 16-bit PCM exactly', () => {
    const w = parseWav(simpleWav(pcm16, intBytes([-32768, -1, 0, 1, 32767], 2)));
    expect(Array.from(w.channelData[0]!)).toEqual(f32([-1, -1 / 32768, 0, 1 / 32768, 32767 / 32768]));
  });

  it('decodes 24-bit PCM exactly, including sign extension', () => {
    const w = parseWav(simpleWav({ ...pcm16, bitsPerSample: 24 }, intBytes([-8388608, -1, 1, 8388607], 3)));
    expect(Array.from(w.channelData[0]!)).toEqual(f32([-1, -1 / 8388608, 1 / 8388608, 8388607 / 8388608]));
  });

  it('decodes 32-bit PCM as float32(v / 2^31)', () => {
    const w = parseWav(simpleWav({ ...pcm16, bitsPerSample: 32 }, intBytes([-2147483648, 2147483647, 65536], 4)));
    expect(Array.from(w.channelData[0]!)).toEqual(f32([-1, 2147483647 / 2147483648, 65536 / 2147483648]));
  });

  it('keeps 32-bit float samples as stored, including values beyond ±1', () => {
    const w = parseWav(simpleWav({ ...pcm16, formatTag: 3, bitsPerSample: 32 }, floatBytes([0.1, -1.5, 0], 4)));
    expect(Array.from(w.channelData[0]!)).toEqual(f32([0.1, -1.5, 0]));
    expect(w.encoding).toBe('float');
  });

  it('rounds 64-bit float samples to float32', () => {
    const w = parseWav(simpleWav({ ...pcm16, formatTag: 3, bitsPerSample: 64 }, floatBytes([0.1, -0.3], 8)));
    expect(Array.from(w.channelData[0]!)).toEqual(f32([0.1, -0.3]));
    expect(w.bitsPerSample).toBe(64);
  });

  it('expands G.711 µ-law (tag 7) and A-law (tag 6) to the standard 16-bit values / 32768', () => {
    const mu = parseWav(simpleWav({ ...pcm16, formatTag: 7, bitsPerSample: 8 }, Uint8Array.of(0xff, 0x7f, 0x80, 0x00)));
    expect(Array.from(mu.channelData[0]!)).toEqual(f32([0, 0, 32124 / 32768, -32124 / 32768]));
    expect(mu.encoding).toBe('mulaw');
    const a = parseWav(simpleWav({ ...pcm16, formatTag: 6, bitsPerSample: 8 }, Uint8Array.of(0xd5, 0x55, 0xaa, 0x2a)));
    expect(Array.from(a.channelData[0]!)).toEqual(f32([8 / 32768, -8 / 32768, 32256 / 32768, -32256 / 32768]));
    expect(a.encoding).toBe('alaw');
  });

  it('de-interleaves channels', () => {
    const w = parseWav(simpleWav({ ...pcm16, channels: 2 }, intBytes([1, -1, 2, -2, 3, -3], 2)));
    expect(w.channels).toBe(2);
    expect(Array.from(w.channelData[0]!).map((v) => v * 32768)).toEqual([1, 2, 3]);
    expect(Array.from(w.channelData[1]!).map((v) => v * 32768)).toEqual([-1, -2, -3]);
  });

  it('resolves WAVE_FORMAT_EXTENSIBLE to the sub-format tag (PCM 24 and float 32)', () => {
    const p = parseWav(simpleWav({ ...pcm16, bitsPerSample: 24, extensibleSubTag: 1, validBits: 20 }, intBytes([4194304], 3)));
    expect(p).toMatchObject({ formatTag: 1, extensible: true, encoding: 'pcm', bitsPerSample: 24, validBitsPerSample: 20 });
    expect(p.channelData[0]![0]).toBe(0.5);
    const f = parseWav(simpleWav({ ...pcm16, formatTag: 3, bitsPerSample: 32, extensibleSubTag: 3 }, floatBytes([0.25], 4)));
    expect(f).toMatchObject({ formatTag: 3, extensible: true, encoding: 'float' });
  });

  it('reads samples at an unaligned byte offset (a view into a larger buffer)', () => {
    const wav = simpleWav({ ...pcm16, formatTag: 3, bitsPerSample: 32 }, floatBytes([0.5, -0.25], 4));
    const big = new Uint8Array(wav.length + 1);
    big.set(wav, 1);
    expect(Array.from(parseWav(big.subarray(1)).channelData[0]!)).toEqual([0.5, -0.25]);
    const w16 = simpleWav(pcm16, intBytes([16384, -16384], 2));
    const big16 = new Uint8Array(w16.length + 3);
    big16.set(w16, 3);
    expect(Array.from(parseWav(big16.subarray(3)).channelData[0]!)).toEqual([0.5, -0.5]);
  });

  it('reads unaligned samples from a Node Buffer (whose slice() is a view, not a copy)', () => {
    // An odd-sized LIST chunk without its pad byte puts the data at an odd offset.
    const wav = wavFile(
      [{ id: 'fmt ', body: fmtBody({ ...pcm16, formatTag: 3, bitsPerSample: 32 }) }, { id: 'LIST', body: new Uint8Array(5) }, { id: 'data', body: floatBytes([0.5, -0.25, 0.125], 4) }],
      { pad: false },
    );
    expect(Array.from(parseWav(Buffer.from(wav)).channelData[0]!)).toEqual([0.5, -0.25, 0.125]);
    const w16 = wavFile([{ id: 'fmt ', body: fmtBody(pcm16) }, { id: 'LIST', body: new Uint8Array(5) }, { id: 'data', body: intBytes([16384, -8192], 2) }], { pad: false });
    expect(Array.from(parseWav(Buffer.from(w16)).channelData[0]!)).toEqual([0.5, -0.25]);
  });

  it('reads a 14-byte WAVEFORMAT fmt chunk (bits derived from blockAlign)', () => {
    const body = fmtBody(pcm16).subarray(0, 14);
    const w = parseWav(wavFile([{ id: 'fmt ', body }, { id: 'data', body: intBytes([16384], 2) }]));
    expect(w.bitsPerSample).toBe(16);
    expect(w.channelData[0]![0]).toBe(0.5);
  });
});

describe('parseWav: chunk walking', () => {
  const data = intBytes([100, 200, 300], 2);
  const expectSamples = (bytes: Uint8Array): void => {
    expect(Array.from(parseWav(bytes).channelData[0]!).map((v) => v * 32768)).toEqual([100, 200, 300]);
  };

  it('skips unknown chunks before and after fmt, including odd-sized ones padded to even', () => {
    const chunks: Chunk[] = [
      { id: 'JUNK', body: new Uint8Array(28) },
      { id: 'bext', body: new Uint8Array(3) },
      { id: 'fmt ', body: fmtBody(pcm16) },
      { id: 'LIST', body: ascii('INFOISFT\x05\0\0\0Lavf\0') },
      { id: 'FLLR', body: new Uint8Array(7) },
      { id: 'fact', body: intBytes([3], 4) },
      { id: 'data', body: data },
      { id: '_PMX', body: new Uint8Array(9) },
    ];
    expectSamples(wavFile(chunks));
  });

  it('tolerates a missing pad byte after an odd-sized chunk', () => {
    expectSamples(wavFile([{ id: 'fmt ', body: fmtBody(pcm16) }, { id: 'LIST', body: new Uint8Array(5) }, { id: 'data', body: data }], { pad: false }));
  });

  it('accepts the fmt chunk after the data chunk', () => {
    expectSamples(wavFile([{ id: 'data', body: data }, { id: 'fmt ', body: fmtBody(pcm16) }]));
  });

  it('ignores the RIFF size field and a trailing partial frame or trailing junk', () => {
    expectSamples(wavFile([{ id: 'fmt ', body: fmtBody(pcm16) }, { id: 'data', body: data }], { riffSize: 4 }));
    const withTail = new Uint8Array([...wavFile([{ id: 'fmt ', body: fmtBody(pcm16) }, { id: 'data', body: data }]), 1, 2, 3]);
    expectSamples(withTail);
    expect(parseWav(simpleWav(pcm16, new Uint8Array([...data, 9]))).frames).toBe(3);
  });

  it('reads to the end of the file when a streaming writer left the data size 0 or 0xFFFFFFFF', () => {
    expectSamples(wavFile([{ id: 'fmt ', body: fmtBody(pcm16) }, { id: 'data', body: data, size: 0xffffffff }]));
    expectSamples(wavFile([{ id: 'fmt ', body: fmtBody(pcm16) }, { id: 'data', body: data, size: 0 }]));
  });

  it('reads RF64 with the data size in the ds64 chunk', () => {
    const ds64 = new Uint8Array(28);
    new DataView(ds64.buffer).setUint32(8, data.length, true);
    const bytes = wavFile(
      [{ id: 'ds64', body: ds64 }, { id: 'fmt ', body: fmtBody(pcm16) }, { id: 'data', body: new Uint8Array([...data, 0, 0]), size: 0xffffffff }],
      { magic: 'RF64', riffSize: 0xffffffff },
    );
    const w = parseWav(bytes);
    expect(w.rf64).toBe(true);
    expect(w.frames).toBe(3);
  });
});

describe('parseWav: bad input throws typed errors', () => {
  const good = simpleWav(pcm16, intBytes([1, 2, 3, 4], 2));
  const withFmt = (over: Partial<Parameters<typeof fmtBody>[0]>, dataBytes = intBytes([1, 2], 2)): Uint8Array =>
    simpleWav({ ...pcm16, ...over }, dataBytes);
  const cut = (b: Uint8Array, n: number): Uint8Array => b.slice(0, n);
  const page = (codecHead: string): Uint8Array => {
    const b = new Uint8Array(64);
    b.set(ascii('OggS'));
    b.set(ascii(codecHead), 28);
    return b;
  };
  const cases: [string, Uint8Array, SerErrorCode, RegExp][] = [
    ['empty input', new Uint8Array(0), 'SER_EMPTY_AUDIO', /0 bytes/],
    ['a truncated RIFF header', ascii('RIFF\x10\0\0'), 'SER_CORRUPT_AUDIO', /12 bytes.*truncated/],
    ['unrecognised magic', ascii('hello world, not audio'), 'SER_CORRUPT_AUDIO', /68 65 6c 6c.*not a recognised audio file/],
    ['FLAC content', ascii('fLaC\0\0\0\x22' + '\0'.repeat(40)), 'SER_UNSUPPORTED_AUDIO', /FLAC/],
    ['Ogg Vorbis content', page('\x01vorbis'), 'SER_UNSUPPORTED_AUDIO', /Ogg Vorbis/],
    ['Ogg Opus content', page('OpusHead'), 'SER_UNSUPPORTED_AUDIO', /Ogg Opus/],
    ['an ID3-tagged MP3', ascii('ID3\x04\0\0\0\0\0\x0a' + '\0'.repeat(20)), 'SER_UNSUPPORTED_AUDIO', /MP3/],
    ['a bare MP3 frame', Uint8Array.of(0xff, 0xfb, 0x90, 0x64, 0, 0, 0, 0, 0, 0, 0, 0), 'SER_UNSUPPORTED_AUDIO', /MP3/],
    ['AIFF content', ascii('FORM\0\0\0\x20AIFFCOMM'), 'SER_UNSUPPORTED_AUDIO', /AIFF/],
    ['AIFF-C content', ascii('FORM\0\0\0\x20AIFCFVER'), 'SER_UNSUPPORTED_AUDIO', /AIFC/],
    ['M4A content', ascii('\0\0\0\x20ftypM4A \0\0\0\0'), 'SER_UNSUPPORTED_AUDIO', /MP4\/M4A/],
    ['a RIFF that is not WAVE', ascii('RIFF\x04\0\0\0AVI LIST'), 'SER_UNSUPPORTED_AUDIO', /AVI/],
    ['a missing fmt chunk', wavFile([{ id: 'data', body: intBytes([1], 2) }]), 'SER_CORRUPT_AUDIO', /'fmt ' chunk/],
    ['a missing data chunk', wavFile([{ id: 'fmt ', body: fmtBody(pcm16) }]), 'SER_CORRUPT_AUDIO', /'data' chunk/],
    ['a truncated fmt chunk', cut(good, 30), 'SER_CORRUPT_AUDIO', /fmt chunk declares 16 bytes/],
    ['a truncated data chunk', cut(good, good.length - 3), 'SER_CORRUPT_AUDIO', /declares 8 bytes but only 5.*truncated/],
    ['a data size larger than the file', wavFile([{ id: 'fmt ', body: fmtBody(pcm16) }, { id: 'data', body: intBytes([1], 2), size: 1000 }]), 'SER_CORRUPT_AUDIO', /declares 1000 bytes/],
    ['an empty data chunk followed by another chunk', wavFile([{ id: 'fmt ', body: fmtBody(pcm16) }, { id: 'data', body: new Uint8Array(0) }, { id: 'LIST', body: new Uint8Array(4) }]), 'SER_EMPTY_AUDIO', /at least one frame/],
    ['a data chunk shorter than one frame', withFmt({}, Uint8Array.of(7)), 'SER_EMPTY_AUDIO', /at least one frame/],
    ['MP3-in-WAV (tag 0x0055)', withFmt({ formatTag: 0x55, bitsPerSample: 0, blockAlign: 1 }), 'SER_UNSUPPORTED_AUDIO', /0x0055, MPEG Layer 3.*ffmpeg -i input .*pcm_s16le/],
    ['IMA ADPCM (tag 0x0011)', withFmt({ formatTag: 0x11, bitsPerSample: 4 }), 'SER_UNSUPPORTED_AUDIO', /0x0011, IMA ADPCM/],
    ['an EXTENSIBLE sub-format that is not PCM/float/G.711', withFmt({ extensibleSubTag: 1, guidTail: Array(12).fill(1) }), 'SER_UNSUPPORTED_AUDIO', /sub-format/],
    ['an EXTENSIBLE fmt chunk shorter than 40 bytes', wavFile([{ id: 'fmt ', body: fmtBody({ ...pcm16, extensibleSubTag: 1 }).subarray(0, 24) }, { id: 'data', body: intBytes([1], 2) }]), 'SER_CORRUPT_AUDIO', /at least 40 bytes/],
    ['a fmt chunk shorter than 14 bytes', wavFile([{ id: 'fmt ', body: new Uint8Array(10) }, { id: 'data', body: intBytes([1], 2) }]), 'SER_CORRUPT_AUDIO', /at least 14 bytes/],
    ['64-bit integer PCM', withFmt({ bitsPerSample: 64 }, new Uint8Array(16)), 'SER_UNSUPPORTED_AUDIO', /8 to 32 bits.*64/],
    ['a NaN float sample', withFmt({ formatTag: 3, bitsPerSample: 32 }, floatBytes([0, NaN], 4)), 'SER_CORRUPT_AUDIO', /finite.*NaN at frame 1/],
    ['an Infinity float sample', withFmt({ formatTag: 3, bitsPerSample: 32 }, floatBytes([-Infinity, 0], 4)), 'SER_CORRUPT_AUDIO', /finite.*-Infinity at frame 0/],
    ['a float64 sample that overflows float32', withFmt({ formatTag: 3, bitsPerSample: 64 }, floatBytes([1e300], 8)), 'SER_CORRUPT_AUDIO', /finite/],
    ['blockAlign 0', withFmt({ blockAlign: 0 }), 'SER_CORRUPT_AUDIO', /blockAlign must be a non-zero multiple/],
    ['blockAlign not a multiple of channels', withFmt({ channels: 2, blockAlign: 3 }), 'SER_CORRUPT_AUDIO', /blockAlign must be a non-zero multiple of channels=2/],
    ['blockAlign too wide for 16-bit samples', withFmt({ blockAlign: 4 }), 'SER_CORRUPT_AUDIO', /blockAlign\/bitsPerSample.*blockAlign=4/],
    ['a 16-bit float format', withFmt({ formatTag: 3, bitsPerSample: 16 }), 'SER_CORRUPT_AUDIO', /32- or 64-bit float/],
    ['16-bit A-law', withFmt({ formatTag: 6, bitsPerSample: 16 }), 'SER_CORRUPT_AUDIO', /8-bit G.711/],
    ['zero channels', withFmt({ channels: 0, blockAlign: 2 }), 'SER_CORRUPT_AUDIO', /channels must be >= 1 \(got 0\)/],
    ['sample rate 0', withFmt({ sampleRate: 0 }), 'SER_CORRUPT_AUDIO', /sampleRate must be in \[1000, 768000\] Hz \(got 0\)/],
    ['an absurd sample rate', withFmt({ sampleRate: 4_000_000_000 }), 'SER_CORRUPT_AUDIO', /sampleRate.*4000000000/],
  ];

  const CLASS = { SER_CORRUPT_AUDIO: CorruptAudioError, SER_UNSUPPORTED_AUDIO: UnsupportedAudioError, SER_EMPTY_AUDIO: EmptyAudioError } as const;
  it.each(cases)('rejects %s', (_name, bytes, code, pattern) => {
    const e = expectSerError(() => parseWav(bytes), code, pattern);
    expect(e).toBeInstanceOf(CLASS[code as keyof typeof CLASS]);
  });

  it('names the format tag and bit depth on UnsupportedAudioError', () => {
    const e = expectSerError(() => parseWav(withFmt({ formatTag: 0x55, bitsPerSample: 0, blockAlign: 1 })), 'SER_UNSUPPORTED_AUDIO');
    expect(e).toBeInstanceOf(UnsupportedAudioError);
    expect((e as UnsupportedAudioError).formatTag).toBe(0x55);
    expect((e as UnsupportedAudioError).format).toBe('wav');
  });
});

describeShared('parseWav: librosa parity on native 16 kHz files (ref/librosa_ser16k.json)', () => {
  const refs = ifShared(() => refFiles('librosa_ser16k.json'), []);
  it('covers every WAV the reference lists', () => {
    const wavs = readdirSync(join(REF, 'wav'));
    for (const r of refs) expect(wavs).toContain(r.name);
    expect(refs.length).toBeGreaterThanOrEqual(9);
  });
  it.each(refs.map((r) => [r.name, r] as const))('%s: samples equal librosa.load (head exact, sum/sumsq to float32 summation error)', (name, r) => {
    const w = parseWav(new Uint8Array(readFileSync(join(REF, 'wav', name))));
    expect(w.sampleRate).toBe(r.native.sr);
    expect(w.channels).toBe(r.native.channels);
    expect(w.frames).toBe(r.native.frames);
    const y = toMono(w.channelData);
    expect(y.length).toBe(r.signal.n);
    // The reference prints 9 significant digits, enough to round-trip float32: the head must be bit-exact.
    expect(Array.from(y.subarray(0, 16))).toEqual(r.signal.head.map((v) => Math.fround(v)));
    const s = stats(y);
    // numpy sums float32 pairwise: a relative error of ~1e-7 · log2(n), well inside 2e-6 of sumsq.
    expect(Math.abs(s.sumsq - r.signal.sumsq)).toBeLessThanOrEqual(2e-6 * r.signal.sumsq);
    expect(Math.abs(s.sum - r.signal.sum)).toBeLessThanOrEqual(1e-6 * r.signal.sumsq + 1e-6);
    expect(s.min).toBeCloseTo(r.signal.min, 8);
    expect(s.max).toBeCloseTo(r.signal.max, 8);
  });
});
