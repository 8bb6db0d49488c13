import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  COMPRESSED_FORMATS,
  COMPRESSED_MUTATIONS,
  compressedCorpus,
  fuzzCompressed,
} from '../../test/audio-fuzz-compressed.js';
import { DATA, describeShared, expectSerErrorAsync } from '../../test/helpers.js';
import { CorruptAudioError, TimeoutError, UnsupportedAudioError } from '../errors.js';
import { AudioDecoder } from './audio-decoder.js';
import { compressedSampleBudget } from './compressed.js';
import { inspectFlac } from './flac-structure.js';
import { oggPageCrc, inspectOggVorbis } from './ogg-structure.js';

const native = new AudioDecoder({ sampleRate: null, mono: false });
const at16k = new AudioDecoder();
const fixture = (name: string): Uint8Array => compressedCorpus(name.endsWith('.flac') ? 'flac' : name.endsWith('.ogg') ? 'ogg' : 'mp3').find((s) => s.name === name)!.bytes.slice();

/** Offsets of the pages of a valid Ogg file. */
function pages(b: Uint8Array): number[] {
  const out: number[] = [];
  for (let at = 0; at + 27 <= b.length; at += pageLength(b, at)) out.push(at);
  return out;
}

function pageLength(b: Uint8Array, at: number): number {
  let len = 27 + b[at + 26]!;
  for (let i = 0; i < b[at + 26]!; i++) len += b[at + 27 + i]!;
  return len;
}

function fixCrc(b: Uint8Array, at: number): Uint8Array {
  new DataView(b.buffer, b.byteOffset).setUint32(at + 22, oggPageCrc(b, at, pageLength(b, at)), true);
  return b;
}

/**
 * The STREAMINFO of tone-16k.flac (as the last metadata block, edited by `edit`) followed by
 * `count` FLAC frame headers of 65536 samples (block-size code 7, 16 kHz) with header byte 3 =
 * `channelByte` (channel assignment and bit depth), each with a valid CRC-8 and 3 zero bytes.
 */
function flacFrameHeaders(edit: (head: Uint8Array) => void, channelByte: number, count: number): Uint8Array {
  const head = fixture('tone-16k.flac').slice(0, 42);
  head[4] = head[4]! | 0x80; // STREAMINFO is the last metadata block
  edit(head);
  const frame = (n: number): number[] => {
    const h = [0xff, 0xf8, 0x70, channelByte, n & 0x7f, 0xff, 0xff];
    let crc = 0;
    for (const v of h) {
      crc ^= v;
      for (let k = 0; k < 8; k++) crc = crc & 0x80 ? ((crc << 1) ^ 0x07) & 0xff : (crc << 1) & 0xff;
    }
    return [...h, crc, 0, 0, 0];
  };
  return new Uint8Array([...head, ...Array.from({ length: count }, (_, i) => frame(i)).flat()]);
}

/** Indices where `a` and `b` differ (exactly), and a length mismatch counts as one: 0 when identical. */
function differences(a: Float32Array, b: Float32Array): number {
  let n = a.length === b.length ? 0 : 1;
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (!Object.is(a[i], b[i])) n++;
  return n;
}

function fixAllCrcs(b: Uint8Array): Uint8Array {
  for (const at of pages(b)) fixCrc(b, at);
  return b;
}

// Seeded mutations of the FLAC / Ogg Vorbis / MP3 fixtures (truncation, bit flips, byte runs,
// splices, deleted ranges, header and length fields, repaired checksums): every case must decode
// to finite samples within the output budget or throw a typed SerError — never another exception.
// `npm run fuzz` (bench/fuzz-compressed.ts) runs the same generator for ≥ 10 000 cases each.
describe('compressed decoder fuzzing (FLAC, Ogg Vorbis, MP3)', () => {
  it.each(COMPRESSED_FORMATS)('%s: 250 mutated files decode or throw typed errors', async (format) => {
    const r = await fuzzCompressed(format, 11, 250);
    expect(r.failures).toEqual([]);
    expect(r.outcomes.bug ?? 0).toBe(0);
    // Both sides of the contract and every mutation kind are exercised.
    expect(r.outcomes.decoded ?? 0).toBeGreaterThan(5);
    expect(r.outcomes.SER_CORRUPT_AUDIO ?? 0).toBeGreaterThan(5);
    for (const k of COMPRESSED_MUTATIONS) expect(r.byKind[k] ?? 0, k).toBeGreaterThan(0);
  }, 120_000);
});

describe('Ogg Vorbis structure check', () => {
  it('refuses an absurd sample rate in the identification header before decoding (the 41 s resampling case)', async () => {
    const b = fixture('tone-16k.ogg');
    new DataView(b.buffer).setUint32(40, 637_550_208, true);
    const e = await expectSerErrorAsync(() => at16k.decode(fixCrc(b, 0)), 'SER_CORRUPT_AUDIO', /Vorbis sample rate must be in \[1000, 768000\] Hz \(got 637550208\)/);
    expect((e as CorruptAudioError).offset).toBe(40);
  });

  it('refuses a page whose CRC-32 does not match, naming the page', async () => {
    const b = fixture('tone-16k.ogg');
    const p = pages(b)[2]!;
    b[p + 100] = b[p + 100]! ^ 0x10;
    const e = await expectSerErrorAsync(() => native.decode(b), 'SER_CORRUPT_AUDIO', /Ogg page 2 at byte \d+ must match its CRC-32/);
    expect((e as CorruptAudioError).offset).toBe(p + 22);
  });

  it('refuses missing pages (sequence gap), a foreign serial number and a backwards granule position', async () => {
    const b = fixture('fuzz-chirp-16k.ogg');
    const ps = pages(b);
    const gap = new Uint8Array([...b.subarray(0, ps[2]!), ...b.subarray(ps[3]!)]);
    await expectSerErrorAsync(() => native.decode(gap), 'SER_CORRUPT_AUDIO', /Ogg page 2 .* must have sequence number 2 \(got 3/);
    const serial = b.slice();
    serial[ps[3]! + 14] = serial[ps[3]! + 14]! ^ 1;
    await expectSerErrorAsync(() => native.decode(fixCrc(serial, ps[3]!)), 'SER_CORRUPT_AUDIO', /Ogg page 3 .* must belong to stream/);
    const granule = b.slice();
    new DataView(granule.buffer).setUint32(ps[4]! + 6, 5, true);
    await expectSerErrorAsync(() => native.decode(fixCrc(granule, ps[4]!)), 'SER_CORRUPT_AUDIO', /Ogg page 4 .* granule position \(5\) before/);
  });

  it('refuses a second logical stream (chained file) as unsupported, with the convert hint', async () => {
    const a = fixture('tone-16k.ogg');
    const b = fixture('tone-44k-stereo.ogg');
    const e = await expectSerErrorAsync(() => native.decode(new Uint8Array([...a, ...b])), 'SER_UNSUPPORTED_AUDIO', /one logical stream .* chained .*ffmpeg/);
    expect(e).toBeInstanceOf(UnsupportedAudioError);
  });

  it('decodes a file cut inside its last page exactly like the complete pages before the cut', async () => {
    const b = fixture('fuzz-chirp-16k.ogg');
    const ps = pages(b);
    const last = ps[ps.length - 1]!;
    const cut = await native.decode(b.subarray(0, last + 40));
    const complete = await native.decode(b.subarray(0, last));
    expect(inspectOggVorbis(b.subarray(0, last + 40), 'Ogg Vorbis').truncatedTailBytes).toBe(40);
    expect(cut.source.frames).toBe(complete.source.frames);
    expect(differences(cut.channelData![0]!, complete.channelData![0]!)).toBe(0);
  });

  it('leaves out an appended tag after the last page (no further page in it), and refuses junk between pages', async () => {
    const b = fixture('tone-16k.ogg');
    const tag = new Uint8Array(128).fill(0x20);
    tag.set([0x54, 0x41, 0x47]); // ID3v1 "TAG"
    const tagged = await native.decode(new Uint8Array([...b, ...tag]));
    const plain = await native.decode(b);
    expect(differences(tagged.channelData![0]!, plain.channelData![0]!)).toBe(0);
    const ps = pages(b);
    const junk = new Uint8Array([...b.subarray(0, ps[2]!), ...tag, ...b.subarray(ps[2]!)]);
    await expectSerErrorAsync(() => native.decode(junk), 'SER_CORRUPT_AUDIO', new RegExp(`Ogg page 2 must start with "OggS" at byte ${ps[2]}, where page 1 ended`));
  });

  it('refuses more than 8 channels (a damaged header, or a layout Vorbis does not define) as unsupported', async () => {
    const b = fixture('tone-16k.ogg');
    b[39] = 216;
    await expectSerErrorAsync(() => native.decode(fixCrc(b, 0)), 'SER_UNSUPPORTED_AUDIO', /Vorbis stream must have 1 to 8 channels.*got 216/);
  });

  it('refuses a file whose packets could decode to more than the per-byte budget (TimeoutError, unit samples), before decoding', async () => {
    // The headers of tone-16k.ogg with 8 channels and 8192-sample long blocks, then 20 pages of
    // 255 one-byte audio packets: each packet may decode to 4096 × 8 samples.
    const src = fixture('tone-16k.ogg');
    const ps = pages(src);
    const head = src.slice(0, ps[2]!);
    head[39] = 8;
    head[56] = 0xd8;
    fixCrc(head, 0);
    const audio = Array.from({ length: 20 }, (_, k) => {
      const page = new Uint8Array(27 + 255 + 255);
      page.set(src.subarray(0, 27));
      page[5] = k === 19 ? 4 : 0;
      const dv = new DataView(page.buffer);
      dv.setUint32(6, (k + 1) * 255 * 4096, true);
      dv.setUint32(10, 0, true);
      dv.setUint32(18, k + 2, true);
      page[26] = 255;
      page.fill(1, 27, 27 + 255);
      return fixCrc(page, 0);
    });
    const bomb = new Uint8Array([...head, ...audio.flatMap((p) => [...p])]);
    const layout = inspectOggVorbis(bomb, 'Ogg Vorbis');
    expect(layout).toMatchObject({ audioPackets: 20 * 255, channels: 8, blocksize1: 8192 });
    const budget = compressedSampleBudget(bomb.length);
    const e = await expectSerErrorAsync(
      () => native.decode(bomb),
      'SER_TIMEOUT',
      new RegExp(`may decode to at most ${budget} samples \\(512 per input byte, all channels; .*\\), but its 5100 audio packets can decode to ${5100 * 4096 * 8}`),
    );
    expect(e).toBeInstanceOf(TimeoutError);
    expect((e as TimeoutError).limit).toBe(budget);
    expect((e as TimeoutError).unit).toBe('samples');
  });
});

describe('FLAC and MP3 structure checks', () => {
  it('refuses a FLAC sample rate outside [1000, 768000] Hz and metadata that runs past the end', async () => {
    const b = fixture('tone-16k.flac');
    const rate0 = b.slice();
    rate0[18] = 0;
    rate0[19] = 0;
    rate0[20] = rate0[20]! & 0x0f;
    await expectSerErrorAsync(() => at16k.decode(rate0), 'SER_CORRUPT_AUDIO', /FLAC sample rate must be in \[1000, 768000\] Hz \(got 0\)/);
    const long = b.slice();
    long[43] = 0x7f; // second metadata block: length 0x7fxxxx
    await expectSerErrorAsync(() => native.decode(long), 'SER_CORRUPT_AUDIO', /metadata block 1 at byte 42 declares \d+ bytes, past the end/);
  });

  it('refuses a FLAC whose frame headers could decode to more than the per-byte budget, before decoding', async () => {
    // STREAMINFO (8 channels, 16 bit) then 200 frame headers of 65536 samples × 8 channels each, CRC-8 valid.
    const bomb = flacFrameHeaders(
      (head) => {
        head[20] = (head[20]! & 0xf1) | (7 << 1);
      },
      0x78,
      200,
    );
    const f = inspectFlac(bomb, 0);
    expect(f).toMatchObject({ frameHeaders: 200, maxSamples: 200 * 65536 * 8, channels: 8 });
    const e = await expectSerErrorAsync(() => native.decode(bomb), 'SER_TIMEOUT', /2242-byte FLAC file may decode to at most 1147904 samples .* its 200 frame headers can decode to 104857600/);
    expect((e as TimeoutError).limit).toBe(compressedSampleBudget(bomb.length));
  });

  it('weights frames by rate / 16 kHz (resampling cost): 10 × 65536 mono frames at 768 kHz are over the budget of a 152-byte file', async () => {
    const b = flacFrameHeaders(
      (head) => {
        // STREAMINFO sample rate (20 bits at body byte 10) = 768000 Hz, mono.
        head[18] = 768000 >> 12;
        head[19] = (768000 >> 4) & 0xff;
        head[20] = ((768000 & 0x0f) << 4) | (head[20]! & 0x01);
      },
      0x08,
      10,
    );
    expect(inspectFlac(b, 0)).toMatchObject({ sampleRate: 768000, channels: 1, maxFrames: 655360, maxSamples: 655360, maxRate: 768000 });
    expect(655360).toBeLessThan(compressedSampleBudget(b.length)); // the samples alone would pass
    const e = await expectSerErrorAsync(() => native.decode(b), 'SER_TIMEOUT', /152-byte FLAC file may decode to at most 1048576 samples .*its 10 frame headers can decode to 31457280/);
    expect((e as TimeoutError).limit).toBe(1 << 20);
  });

  it('refuses an MP3 with no frame header after its ID3v2 tag', async () => {
    const b = fixture('fuzz-chirp-22k-id3.mp3');
    const tag = 10 + ((b[6]! << 21) | (b[7]! << 14) | (b[8]! << 7) | b[9]!);
    const noFrames = new Uint8Array([...b.subarray(0, tag), ...new Uint8Array(500).fill(0x55)]);
    await expectSerErrorAsync(() => native.decode(noFrames), 'SER_CORRUPT_AUDIO', new RegExp(`MP3 file must contain decodable audio frames \\(no MPEG frame header after byte ${tag}`));
  });
});

/** What the WebAssembly decoders return for the whole file, without the structure checks (the decoding path before them). */
async function oneShot(bytes: Uint8Array, format: 'flac' | 'ogg' | 'mp3'): Promise<Float32Array[]> {
  if (format === 'ogg') {
    const { OggVorbisDecoder } = await import('@wasm-audio-decoders/ogg-vorbis');
    const d = new OggVorbisDecoder();
    await d.ready;
    const r = await d.decodeFile(bytes);
    d.free();
    return r.channelData;
  }
  if (format === 'flac') {
    const { FLACDecoder } = await import('@wasm-audio-decoders/flac');
    const d = new FLACDecoder();
    await d.ready;
    const r = await d.decodeFile(bytes);
    d.free();
    // soundfile scaling, as compressed.ts: v / (2^(b−1) − 1) → v / 2^(b−1)
    const up = 2 ** (r.bitDepth - 1) - 1;
    return r.channelData.map((c) => c.map((v) => Math.round(v * up) / 2 ** (r.bitDepth - 1)));
  }
  const { MPEGDecoder } = await import('mpg123-decoder');
  const d = new MPEGDecoder();
  await d.ready;
  const r = d.decode(bytes);
  d.free();
  return r.channelData;
}

describe('valid compressed files decode exactly as without the checks', () => {
  it.each(['tone-16k.flac', 'fuzz-chirp-22k-stereo-24.flac', 'tone-16k.ogg', 'tone-44k-stereo.ogg', 'fuzz-chirp-16k.ogg', 'tone-44k-stereo.mp3', 'fuzz-chirp-22k-id3.mp3'])(
    '%s',
    async (name) => {
      const format = name.slice(name.lastIndexOf('.') + 1) as 'flac' | 'ogg' | 'mp3';
      const bytes = fixture(name);
      const a = await native.decode(bytes);
      const ref = await oneShot(bytes, format);
      // mpg123 returns two channels for mono MP3 too; AudioDecoder keeps the first.
      expect(ref.length).toBe(format === 'mp3' ? 2 : a.source.channels);
      a.channelData!.forEach((c, i) => expect(differences(c, ref[i]!)).toBe(0));
    },
  );

  // Real speech: RAVDESS clips encoded here with ffmpeg (when it is installed).
  const ffmpeg = spawnSync('ffmpeg', ['-version']).status === 0;
  describeShared.skipIf(!ffmpeg)('RAVDESS clips encoded with ffmpeg (skipped where ffmpeg is not installed)', () => {
    it.each([
      ['flac', ['-c:a', 'flac']],
      ['ogg', ['-c:a', 'libvorbis', '-q:a', '3']],
      ['mp3', ['-ar', '44100', '-ac', '2', '-c:a', 'libmp3lame', '-b:a', '128k']],
    ] as const)('%s', async (format, codec) => {
      const dir = mkdtempSync(join(tmpdir(), 'ser-fuzz-'));
      try {
        for (const clip of ['Actor_01/03-01-05-01-01-01-01.wav', 'Actor_02/03-01-03-01-02-01-02.wav']) {
          const out = join(dir, `clip.${format}`);
          const r = spawnSync('ffmpeg', ['-v', 'error', '-y', '-i', join(DATA, 'ravdess-16k', clip), ...codec, out]);
          expect(r.status, String(r.stderr)).toBe(0);
          const bytes = new Uint8Array(readFileSync(out));
          const a = await native.decode(bytes);
          const ref = await oneShot(bytes, format);
          expect(a.source.frames).toBeGreaterThan(40_000);
          a.channelData!.forEach((c, i) => expect(differences(c, ref[i]!)).toBe(0));
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});

describeShared('../shared/data/fuzz-cases/slow-vorbis-15k.ogg (41 s and 2 samples before the structure check)', () => {
  const file = join(DATA, 'fuzz-cases', 'slow-vorbis-15k.ogg');

  it('is refused by the page walk: page 0 fails its CRC-32 (the mutation hit the identification header)', async () => {
    const b = new Uint8Array(readFileSync(file));
    const e = await expectSerErrorAsync(() => at16k.decode(b), 'SER_CORRUPT_AUDIO', /Ogg page 0 at byte 0 must match its CRC-32 checksum \(Ogg Vorbis file of 15828 bytes\)/);
    expect((e as CorruptAudioError).offset).toBe(22);
  });

  it('with its CRC repaired, is refused for its sample rate (637 550 208 Hz), the field that made the resampler take 41 s', async () => {
    const b = fixAllCrcs(new Uint8Array(readFileSync(file)));
    await expectSerErrorAsync(() => at16k.decode(b), 'SER_CORRUPT_AUDIO', /Vorbis sample rate must be in \[1000, 768000\] Hz \(got 637550208\)/);
  });
});
