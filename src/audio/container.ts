/**
 * Container detection by content (magic bytes), never by file name: a `.wav` that is really an
 * AIFF or an MP3 is recognised as such, and formats we cannot decode are named in the error.
 * @module
 */
import { CorruptAudioError, UnsupportedAudioError } from '../errors.js';

/** Containers the decoder can read. */
export type AudioContainer = 'wav' | 'aiff' | 'flac' | 'ogg' | 'mp3';

/** Every format {@link sniffContainer} can tell apart. */
export type SniffedFormat =
  | AudioContainer
  | 'rf64'
  | 'ogg-opus'
  | 'ogg-flac'
  | 'ogg-speex'
  | 'mp4'
  | 'aac-adts'
  | 'caf'
  | 'au'
  | 'matroska'
  | 'amr'
  | 'wavpack'
  | 'ape'
  | 'wave64'
  | 'rifx'
  | 'riff-other'
  | 'unknown';

/** Result of {@link sniffContainer}. */
export interface SniffResult {
  /** Machine-readable format. */
  readonly format: SniffedFormat;
  /** Human-readable name used in error messages, e.g. `AIFF`, `Ogg Opus`, `MP4/M4A (ftyp M4A )`. */
  readonly name: string;
  /** Bytes of a leading ID3v2 tag (MP3 / FLAC), 0 when there is none. */
  readonly id3Bytes: number;
}

function ascii(b: Uint8Array, at: number, len: number): string {
  let s = '';
  for (let i = at; i < at + len && i < b.length; i++) s += String.fromCharCode(b[i]!);
  return s;
}

/** Size of an ID3v2 tag at `at` (header + body + optional footer), or 0. */
function id3Size(b: Uint8Array, at: number): number {
  if (b.length < at + 10 || ascii(b, at, 3) !== 'ID3') return 0;
  const size = ((b[at + 6]! & 0x7f) << 21) | ((b[at + 7]! & 0x7f) << 14) | ((b[at + 8]! & 0x7f) << 7) | (b[at + 9]! & 0x7f);
  const footer = b[at + 5]! & 0x10 ? 10 : 0;
  return 10 + size + footer;
}

/** MPEG audio frame sync with a valid version/layer/bitrate/sample-rate (layer I–III) at `at`. */
export function isMpegFrame(b: Uint8Array, at: number): boolean {
  if (b.length < at + 4) return false;
  const b1 = b[at + 1]!;
  const b2 = b[at + 2]!;
  if (b[at] !== 0xff || (b1 & 0xe0) !== 0xe0) return false;
  const version = (b1 >> 3) & 3; // 1 is reserved
  const layer = (b1 >> 1) & 3; // 0 is reserved (ADTS uses it)
  const bitrate = b2 >> 4; // 15 is invalid
  const rate = (b2 >> 2) & 3; // 3 is reserved
  return version !== 1 && layer !== 0 && bitrate !== 15 && rate !== 3;
}

function isAdts(b: Uint8Array, at: number): boolean {
  return b.length >= at + 7 && b[at] === 0xff && (b[at + 1]! & 0xf6) === 0xf0;
}

const W64_RIFF_GUID = [0x72, 0x69, 0x66, 0x66, 0x2e, 0x91, 0xcf, 0x11, 0xa5, 0xd6, 0x28, 0xdb, 0x04, 0xc1, 0x00, 0x00];

/**
 * Identify an audio container from its first bytes.
 *
 * @param bytes - the start of the file (the whole file is fine; at most the first few KB are read,
 *   except that a leading ID3v2 tag is skipped to find what follows it).
 * @returns the format and a display name; `format: 'unknown'` when nothing matches.
 * @example
 * sniffContainer(new TextEncoder().encode('fLaC\0\0\0\x22')).format // => 'flac'
 */
export function sniffContainer(bytes: Uint8Array): SniffResult {
  const b = bytes;
  const r = (format: SniffedFormat, name: string, id3Bytes = 0): SniffResult => ({ format, name, id3Bytes });
  const m4 = ascii(b, 0, 4);
  const form = ascii(b, 8, 4);
  if (m4 === 'RIFF') return form === 'WAVE' ? r('wav', 'WAV') : r('riff-other', `RIFF/${JSON.stringify(form)}`);
  if (m4 === 'RF64' || m4 === 'BW64') return r('rf64', m4);
  if (m4 === 'RIFX') return r('rifx', 'RIFX (big-endian WAV)');
  if (m4 === 'FORM' && (form === 'AIFF' || form === 'AIFC')) return r('aiff', form);
  if (m4 === 'fLaC') return r('flac', 'FLAC');
  if (m4 === 'OggS') {
    // The first page's first packet says which codec the Ogg stream carries.
    const head = ascii(b, 28, 8);
    if (head.startsWith('\x01vorbis')) return r('ogg', 'Ogg Vorbis');
    if (head.startsWith('OpusHead')) return r('ogg-opus', 'Ogg Opus');
    if (head.startsWith('\x7fFLAC')) return r('ogg-flac', 'Ogg FLAC');
    if (head.startsWith('Speex')) return r('ogg-speex', 'Ogg Speex');
    return r('ogg', 'Ogg');
  }
  if (ascii(b, 4, 4) === 'ftyp') return r('mp4', `MP4/M4A (ftyp ${JSON.stringify(ascii(b, 8, 4))})`);
  if (m4 === 'caff') return r('caf', 'Core Audio Format (CAF)');
  if (m4 === '.snd') return r('au', 'Sun/NeXT AU');
  if (m4 === 'wvpk') return r('wavpack', 'WavPack');
  if (m4 === 'MAC ') return r('ape', "Monkey's Audio (APE)");
  if (ascii(b, 0, 5) === '#!AMR') return r('amr', 'AMR');
  if (b[0] === 0x1a && b[1] === 0x45 && b[2] === 0xdf && b[3] === 0xa3) return r('matroska', 'Matroska/WebM');
  if (b.length >= 16 && W64_RIFF_GUID.every((v, i) => b[i] === v)) return r('wave64', 'Sony Wave64');
  const id3 = id3Size(b, 0);
  if (id3 > 0) {
    if (ascii(b, id3, 4) === 'fLaC') return r('flac', 'FLAC', id3);
    if (isAdts(b, id3)) return r('aac-adts', 'AAC (ADTS)', id3);
    // An ID3v2 tag with the audio cut off (or a frame sync we cannot see) is still an MP3 file.
    return r('mp3', 'MP3', id3);
  }
  if (isMpegFrame(b, 0)) return r('mp3', 'MP3');
  if (isAdts(b, 0)) return r('aac-adts', 'AAC (ADTS)');
  return r('unknown', 'unknown');
}

/** First bytes of a buffer as hex and printable ASCII, for error messages. */
export function describeMagic(bytes: Uint8Array, count = 8): string {
  const head = bytes.subarray(0, count);
  const hex = Array.from(head, (v) => v.toString(16).padStart(2, '0')).join(' ');
  const text = Array.from(head, (v) => (v >= 0x20 && v < 0x7f ? String.fromCharCode(v) : '.')).join('');
  return `${hex} "${text}"`;
}

/** Shell command that converts anything ffmpeg reads into the WAV this library reads fastest. */
export const CONVERT_HINT = 'ffmpeg -i input -ac 1 -c:a pcm_s16le output.wav';

/**
 * The error to throw when `bytes` are not the container a parser expects: an
 * UnsupportedAudioError that names the real container when it is recognised, else a
 * CorruptAudioError that shows the first bytes.
 */
export function wrongContainerError(
  component: string,
  expected: string,
  bytes: Uint8Array,
  sniff: SniffResult = sniffContainer(bytes),
): UnsupportedAudioError | CorruptAudioError {
  if (sniff.format === 'unknown') {
    return new CorruptAudioError(
      `${component}: bytes must start with a ${expected} header (got ${describeMagic(bytes)}, ${bytes.length} bytes). ` +
        `The data is not a recognised audio file; check the path, or convert it with \`${CONVERT_HINT}\`.`,
      0,
    );
  }
  return new UnsupportedAudioError(
    `${component}: bytes must be a ${expected} file (got ${sniff.name} content). ` +
      `Use AudioDecoder.decode() for WAV, AIFF, FLAC, Ogg Vorbis and MP3, or convert with \`${CONVERT_HINT}\`.`,
    sniff.format,
  );
}
