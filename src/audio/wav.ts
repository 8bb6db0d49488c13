/**
 * RIFF/WAVE (and RF64/BW64) parser: header facts plus float32 samples per channel.
 *
 * Size fields are never trusted: the chunk walk is bounded by the bytes present, allocation is
 * bounded by the data actually present, and a data chunk that claims more bytes than the file
 * holds is an error unless it carries a streaming writer's placeholder size (0 or 0xFFFFFFFF).
 * @module
 */
import { CorruptAudioError, EmptyAudioError, UnsupportedAudioError } from '../errors.js';
import { CONVERT_HINT, sniffContainer, wrongContainerError } from './container.js';
import { decodeSamples, SAMPLE_RATE_RANGE, type RawAudio, type SampleEncoding } from './pcm.js';

/** What {@link parseWav} returns: samples per channel plus the `fmt ` chunk facts. */
export interface WavData extends RawAudio {
  /** Effective WAVE format tag: 1 PCM, 3 IEEE float, 6 A-law, 7 µ-law (the sub-format when EXTENSIBLE). */
  readonly formatTag: number;
  /** True when the file used WAVE_FORMAT_EXTENSIBLE (tag 0xFFFE). */
  readonly extensible: boolean;
  /** Significant bits (EXTENSIBLE `wValidBitsPerSample`, else `bitsPerSample`). */
  readonly validBitsPerSample: number;
  /** True for RF64/BW64 (64-bit sizes in a `ds64` chunk). */
  readonly rf64: boolean;
}

const C = 'parseWav';
const KSDATAFORMAT_TAIL = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71];

/** Names of common WAVE format tags we do not decode, for the error message. */
const TAG_NAMES: Readonly<Record<number, string>> = {
  0x0000: 'unknown/0',
  0x0002: 'Microsoft ADPCM',
  0x0011: 'IMA ADPCM',
  0x0022: 'DSP TrueSpeech',
  0x0031: 'GSM 6.10',
  0x0040: 'G.721 ADPCM',
  0x0045: 'G.726 ADPCM',
  0x0050: 'MPEG-1 audio',
  0x0055: 'MPEG Layer 3 (MP3)',
  0x0092: 'Dolby AC-3 SPDIF',
  0x00ff: 'AAC',
  0x0161: 'Windows Media Audio',
  0x0162: 'Windows Media Audio Pro',
  0x1610: 'HE-AAC',
  0x2000: 'Dolby AC-3',
  0xf1ac: 'FLAC',
};

const hex4 = (v: number): string => '0x' + v.toString(16).toUpperCase().padStart(4, '0');

function ascii4(b: Uint8Array, at: number): string {
  return String.fromCharCode(b[at]!, b[at + 1]!, b[at + 2]!, b[at + 3]!);
}

/** Four printable ASCII bytes: what a chunk id looks like. */
function looksLikeFourCC(b: Uint8Array, at: number): boolean {
  if (at + 8 > b.length) return false;
  for (let i = at; i < at + 4; i++) if (b[i]! < 0x20 || b[i]! > 0x7e) return false;
  return true;
}

interface Fmt {
  formatTag: number;
  extensible: boolean;
  channels: number;
  sampleRate: number;
  blockAlign: number;
  bitsPerSample: number;
  validBits: number;
  encoding: SampleEncoding;
  bytesPerSample: number;
}

function corrupt(message: string, offset: number): CorruptAudioError {
  return new CorruptAudioError(`${C}: ${message}`, offset);
}

function parseFmt(b: Uint8Array, dv: DataView, at: number, size: number): Fmt {
  if (size < 14) throw corrupt(`the fmt chunk must be at least 14 bytes (got ${size}). The header is damaged; re-export the file.`, at);
  const rawTag = dv.getUint16(at, true);
  const channels = dv.getUint16(at + 2, true);
  const sampleRate = dv.getUint32(at + 4, true);
  const blockAlign = dv.getUint16(at + 12, true);
  // A 14-byte WAVEFORMAT (pre-PCMWAVEFORMAT) has no bitsPerSample: derive it from blockAlign.
  let bitsPerSample = size >= 16 ? dv.getUint16(at + 14, true) : channels > 0 ? (8 * blockAlign) / channels : 0;
  if (channels === 0) throw corrupt('channels must be >= 1 (got 0). The header is damaged; re-export the file.', at + 2);
  const [lo, hi] = SAMPLE_RATE_RANGE;
  if (sampleRate < lo || sampleRate > hi) {
    throw corrupt(`sampleRate must be in [${lo}, ${hi}] Hz (got ${sampleRate}). The header is damaged; re-export the file.`, at + 4);
  }
  let formatTag = rawTag;
  let extensible = false;
  let validBits = bitsPerSample;
  if (rawTag === 0xfffe) {
    extensible = true;
    if (size < 40) {
      throw corrupt(`a WAVE_FORMAT_EXTENSIBLE fmt chunk must be at least 40 bytes (got ${size}). The header is damaged; re-export the file.`, at);
    }
    validBits = dv.getUint16(at + 18, true) || bitsPerSample;
    const sub = at + 24;
    formatTag = dv.getUint16(sub, true);
    const tailOk = KSDATAFORMAT_TAIL.every((v, i) => b[sub + 2 + i] === v);
    if (!tailOk) {
      const guid = Array.from(b.subarray(sub, sub + 16), (v) => v.toString(16).padStart(2, '0')).join('');
      throw new UnsupportedAudioError(
        `${C}: the EXTENSIBLE sub-format must be a KSDATAFORMAT_SUBTYPE GUID for PCM, float, A-law or µ-law (got ${guid}). ` +
          `Convert with \`${CONVERT_HINT}\`.`,
        'wav',
        0xfffe,
        bitsPerSample,
      );
    }
  }
  let encoding: SampleEncoding;
  if (formatTag === 1) encoding = 'pcm';
  else if (formatTag === 3) encoding = 'float';
  else if (formatTag === 6) encoding = 'alaw';
  else if (formatTag === 7) encoding = 'mulaw';
  else {
    const name = TAG_NAMES[formatTag];
    throw new UnsupportedAudioError(
      `${C}: the WAV format tag must be 1 (PCM), 3 (float), 6 (A-law) or 7 (µ-law) (got ${hex4(formatTag)}${name ? `, ${name}` : ''}). ` +
        `Convert to 16-bit PCM with \`${CONVERT_HINT}\`.`,
      'wav',
      formatTag,
      bitsPerSample,
    );
  }
  if (blockAlign === 0 || blockAlign % channels !== 0) {
    throw corrupt(`blockAlign must be a non-zero multiple of channels=${channels} (got ${blockAlign}). The header is damaged; re-export the file.`, at + 12);
  }
  const bytesPerSample = blockAlign / channels;
  if (bitsPerSample === 0 && size < 16) bitsPerSample = bytesPerSample * 8;
  const expect = (ok: boolean, what: string): void => {
    if (!ok) {
      throw corrupt(
        `blockAlign/bitsPerSample must describe ${what} (got blockAlign=${blockAlign}, channels=${channels}, bitsPerSample=${bitsPerSample}). The header is damaged; re-export the file.`,
        at + 12,
      );
    }
  };
  if (encoding === 'pcm') {
    if (bitsPerSample > 32) {
      throw new UnsupportedAudioError(
        `${C}: integer PCM must be 8 to 32 bits (got ${bitsPerSample}). Convert with \`${CONVERT_HINT}\`.`,
        'wav',
        formatTag,
        bitsPerSample,
      );
    }
    // Odd widths (12, 20 bits…) live left-justified in a whole-byte container, read as the container.
    expect(bitsPerSample >= 1 && bytesPerSample === Math.ceil(bitsPerSample / 8), 'whole-byte integer samples (blockAlign = channels × ceil(bits/8))');
  } else if (encoding === 'float') {
    expect((bitsPerSample === 32 || bitsPerSample === 64) && bytesPerSample === bitsPerSample / 8, '32- or 64-bit float samples');
  } else {
    expect(bitsPerSample === 8 && bytesPerSample === 1, '8-bit G.711 samples');
  }
  if (validBits > bitsPerSample) validBits = bitsPerSample;
  return { formatTag, extensible, channels, sampleRate, blockAlign, bitsPerSample, validBits, encoding, bytesPerSample };
}

/**
 * Parse a WAV file into float32 samples per channel.
 *
 * Supports PCM 8-bit unsigned and 16/24/32-bit signed (scaled `v / 2^(bits−1)` as soundfile and
 * librosa do), 32/64-bit IEEE float (as stored), A-law (tag 6), µ-law (tag 7),
 * WAVE_FORMAT_EXTENSIBLE (tag 0xFFFE; the sub-format GUID gives the real tag) and RF64/BW64.
 * Unknown chunks (`LIST`, `bext`, `FLLR`, `_PMX`, `fact`, `PAD `…) are skipped; odd chunk sizes
 * are padded to even.
 *
 * @param bytes - the whole file.
 * @returns samples per channel (`channelData[c][i]`, each `frames` long) and the format facts.
 * @throws {EmptyAudioError} SER_EMPTY_AUDIO when the input or its data chunk holds no frames.
 * @throws {UnsupportedAudioError} SER_UNSUPPORTED_AUDIO for another container (named: AIFF, FLAC,
 *   Ogg, MP3, MP4…) or a WAV encoding we do not decode (names the format tag).
 * @throws {CorruptAudioError} SER_CORRUPT_AUDIO for an unrecognised magic, a truncated header or
 *   data chunk, a missing `fmt `/`data` chunk, inconsistent blockAlign, 0 channels, an absurd
 *   sample rate, or NaN/Inf float samples.
 * @example
 * const wav = parseWav(new Uint8Array(await readFile('speech.wav')));
 * wav.sampleRate // => 16000
 * wav.channelData[0].length === wav.frames // => true
 * @see soundfile.read / librosa.load (decoding half)
 */
export function parseWav(bytes: Uint8Array): WavData {
  const b = bytes;
  const n = b.length;
  if (n === 0) {
    throw new EmptyAudioError(`${C}: bytes must hold a WAV file (got 0 bytes). Check that the file was read completely.`);
  }
  const m4 = n >= 4 ? ascii4(b, 0) : '';
  const riffLike = m4 === 'RIFF' || m4 === 'RF64' || m4 === 'BW64';
  if (riffLike && n < 12) {
    throw corrupt(`the RIFF header must be 12 bytes (got ${n}). The file is truncated; re-download or re-export it.`, 0);
  }
  const sniff = sniffContainer(b);
  if (sniff.format !== 'wav' && sniff.format !== 'rf64') throw wrongContainerError(C, 'WAV (RIFF/WAVE)', b, sniff);
  if (m4 !== 'RIFF' && ascii4(b, 8) !== 'WAVE') {
    throw corrupt(`an ${m4} header must have form type "WAVE" (got ${JSON.stringify(ascii4(b, 8))}). Re-export the file.`, 8);
  }
  const rf64 = sniff.format === 'rf64';
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);

  let fmt: Fmt | undefined;
  let dataAt = -1;
  let declared = 0;
  let ds64DataSize: number | undefined;
  let streaming = false;
  let p = 12;
  while (p + 8 <= n) {
    const id = ascii4(b, p);
    const size = dv.getUint32(p + 4, true);
    const body = p + 8;
    const fits = body + size <= n;
    if (id === 'fmt ' && !fmt) {
      if (!fits) throw corrupt(`the fmt chunk declares ${size} bytes but only ${n - body} remain. The file is truncated; re-export it.`, p);
      fmt = parseFmt(b, dv, body, size);
    } else if (id === 'ds64' && rf64 && ds64DataSize === undefined) {
      if (!fits || size < 24) throw corrupt(`the ds64 chunk must hold 24 bytes (got ${Math.min(size, n - body)}). The file is truncated; re-export it.`, p);
      ds64DataSize = dv.getUint32(body + 8, true) + dv.getUint32(body + 12, true) * 2 ** 32;
    } else if (id === 'data' && dataAt < 0) {
      dataAt = body;
      declared = size;
      if (size === 0xffffffff && !(rf64 && ds64DataSize !== undefined)) {
        streaming = true; // "size unknown": the data runs to the end of the file
        break;
      }
      if (rf64 && size === 0xffffffff) declared = ds64DataSize!;
      // Size 0 from a writer that never patched the header, unless a real chunk follows (truly empty).
      if (size === 0 && body < n && !looksLikeFourCC(b, body)) {
        streaming = true;
        break;
      }
      if (body + declared >= n) break; // nothing can follow the data
      if (fmt) break; // both found: trailing chunks (LIST, id3…) are irrelevant
    } else if (!fits) {
      break; // a trailing chunk cut short: it cannot hold fmt or data
    }
    const size64 = id === 'data' ? declared : size;
    let next = body + size64 + (size64 & 1);
    // Some writers forget the pad byte after an odd-sized chunk: accept whichever offset holds a chunk id.
    if (size64 & 1 && !looksLikeFourCC(b, next) && looksLikeFourCC(b, next - 1)) next -= 1;
    p = next;
  }

  if (!fmt) {
    throw corrupt(
      dataAt < 0
        ? `a WAV file must contain a 'fmt ' chunk (none found in ${n} bytes). The file is truncated or damaged; re-export it.`
        : `a WAV file must contain a 'fmt ' chunk before the end of the file (none found in ${n} bytes). Re-export the file.`,
      12,
    );
  }
  if (dataAt < 0) {
    throw corrupt(`a WAV file must contain a 'data' chunk (none found in ${n} bytes). The file is truncated or damaged; re-export it.`, 12);
  }
  const available = n - dataAt;
  let dataBytes: number;
  if (streaming) dataBytes = available;
  else if (declared > available) {
    throw corrupt(
      `the data chunk declares ${declared} bytes but only ${available} are present. The file is truncated; re-download or re-export it.`,
      dataAt - 8,
    );
  } else dataBytes = declared;

  const frames = Math.floor(dataBytes / fmt.blockAlign);
  if (frames === 0) {
    throw new EmptyAudioError(`${C}: the data chunk must hold at least one frame (got ${dataBytes} bytes, blockAlign ${fmt.blockAlign}). The recording is empty.`);
  }
  const channelData = decodeSamples(
    b.subarray(dataAt, dataAt + frames * fmt.blockAlign),
    frames,
    fmt.channels,
    { encoding: fmt.encoding, bytesPerSample: fmt.bytesPerSample, littleEndian: true, signed8: false },
    C,
    dataAt,
  );
  return {
    channelData,
    frames,
    sampleRate: fmt.sampleRate,
    channels: fmt.channels,
    encoding: fmt.encoding,
    bitsPerSample: fmt.bitsPerSample,
    validBitsPerSample: fmt.validBits,
    formatTag: fmt.formatTag,
    extensible: fmt.extensible,
    rf64,
  };
}
