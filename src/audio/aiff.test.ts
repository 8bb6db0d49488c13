import { describe, expect, it } from 'vitest';
import { aiffFile, dataFile, extended80, floatBytes, intBytes } from '../../test/audio-helpers.js';
import { expectSerError, itShared } from '../../test/helpers.js';
import { CorruptAudioError, EmptyAudioError, UnsupportedAudioError } from '../errors.js';
import { parseAiff, readExtended80 } from './aiff.js';

const f32 = (xs: number[]): number[] => xs.map((x) => Math.fround(x));
const base = { channels: 1, frames: 3, bits: 16, sampleRate: 16000 };

describe('parseAiff: formats', () => {
  it('reads the 80-bit extended sample rate, including non-integer rates', () => {
    for (const r of [8000, 22050, 24414, 44100, 22254.545454545454, 96000]) {
      const b = extended80(r);
      expect(readExtended80(new DataView(b.buffer), 0)).toBeCloseTo(r, 9);
    }
  });

  it('decodes big-endian 16-bit PCM (AIFF)', () => {
    const a = parseAiff(aiffFile({ ...base, data: intBytes([-32768, 1, 16384], 2, false) }));
    expect(Array.from(a.channelData[0]!)).toEqual(f32([-1, 1 / 32768, 0.5]));
    expect(a).toMatchObject({ aifc: false, compressionType: 'NONE', encoding: 'pcm', bitsPerSample: 16, sampleRate: 16000, frames: 3 });
  });

  it('decodes signed 8-bit (AIFF 8-bit is two’s complement, unlike WAV)', () => {
    const a = parseAiff(aiffFile({ ...base, bits: 8, data: Uint8Array.of(0x80, 0x00, 0x40) }));
    expect(Array.from(a.channelData[0]!)).toEqual([-1, 0, 0.5]);
  });

  it('decodes 24-bit big-endian and de-interleaves stereo', () => {
    const a = parseAiff(aiffFile({ ...base, channels: 2, frames: 2, bits: 24, data: intBytes([4194304, -8388608, -1, 1], 3, false) }));
    expect(Array.from(a.channelData[0]!)).toEqual(f32([0.5, -1 / 8388608]));
    expect(Array.from(a.channelData[1]!)).toEqual(f32([-1, 1 / 8388608]));
  });

  it.each([
    ['sowt', 16, intBytes([16384, -16384, 1], 2, true), [0.5, -0.5, 1 / 32768], 'pcm'],
    ['twos', 16, intBytes([16384, -16384, 1], 2, false), [0.5, -0.5, 1 / 32768], 'pcm'],
    ['fl32', 32, floatBytes([0.25, -1.5, 0.1], 4, false), [0.25, -1.5, 0.1], 'float'],
    ['fl64', 64, floatBytes([0.25, -1.5, 0.1], 8, false), [0.25, -1.5, 0.1], 'float'],
    ['ulaw', 16, Uint8Array.of(0xff, 0x80, 0x00), [0, 32124 / 32768, -32124 / 32768], 'mulaw'],
    ['alaw', 16, Uint8Array.of(0xd5, 0xaa, 0x2a), [8 / 32768, 32256 / 32768, -32256 / 32768], 'alaw'],
  ] as const)('decodes AIFF-C %s', (compression, bits, data, values, encoding) => {
    const a = parseAiff(aiffFile({ ...base, bits, compression, data }));
    expect(Array.from(a.channelData[0]!)).toEqual(f32([...values]));
    expect(a).toMatchObject({ aifc: true, compressionType: compression, encoding });
  });

  itShared('decodes the real AIFF in wav-oddities (TESS, 24414 Hz, 16-bit)', () => {
    const a = parseAiff(dataFile('wav-oddities', 'tess-YAF_germ_angry-is-aiff.wav'));
    expect(a).toMatchObject({ aifc: false, channels: 1, sampleRate: 24414, bitsPerSample: 16, frames: 53847 });
  });
});

describe('parseAiff: bad input', () => {
  const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
  const good = aiffFile({ ...base, data: intBytes([1, 2, 3], 2, false) });
  it.each([
    ['empty input', new Uint8Array(0), 'SER_EMPTY_AUDIO', /0 bytes/],
    ['a truncated FORM header', ascii('FORM\0\0'), 'SER_CORRUPT_AUDIO', /12 bytes/],
    ['WAV content', ascii('RIFF\0\0\0\0WAVEfmt '), 'SER_UNSUPPORTED_AUDIO', /got WAV content/],
    ['a missing COMM chunk', ascii('FORM\0\0\0\x04AIFF'), 'SER_CORRUPT_AUDIO', /COMM chunk/],
    ['a missing SSND chunk', good.slice(0, 12 + 8 + 18), 'SER_CORRUPT_AUDIO', /SSND chunk/],
    ['truncated sound data', good.slice(0, good.length - 2), 'SER_CORRUPT_AUDIO', /must hold 3 frames = 6 bytes.*\(got 4\)/],
    ['zero channels', aiffFile({ ...base, channels: 0, data: new Uint8Array(6) }), 'SER_CORRUPT_AUDIO', /channels must be >= 1/],
    ['sample rate 0', aiffFile({ ...base, sampleRate: 0, data: new Uint8Array(6) }), 'SER_CORRUPT_AUDIO', /sampleRate must be in/],
    ['zero frames', aiffFile({ ...base, frames: 0, data: new Uint8Array(0) }), 'SER_EMPTY_AUDIO', /at least one sample frame/],
    ['an unsupported compression', aiffFile({ ...base, compression: 'ima4', data: new Uint8Array(6) }), 'SER_UNSUPPORTED_AUDIO', /"ima4".*ffmpeg/],
    ['a NaN float sample', aiffFile({ ...base, bits: 32, compression: 'fl32', data: floatBytes([0, NaN, 0], 4, false) }), 'SER_CORRUPT_AUDIO', /finite/],
  ] as const)('rejects %s', (_n, bytes, code, pattern) => {
    const e = expectSerError(() => parseAiff(bytes), code, pattern);
    const CLASS = { SER_CORRUPT_AUDIO: CorruptAudioError, SER_UNSUPPORTED_AUDIO: UnsupportedAudioError, SER_EMPTY_AUDIO: EmptyAudioError } as const;
    expect(e).toBeInstanceOf(CLASS[code]);
  });
});
