/**
 * Structural check of an Ogg Vorbis file before it reaches the WebAssembly decoder: a walk over
 * every Ogg page (capture pattern, version, CRC-32, one serial number, consecutive sequence
 * numbers, packet continuation, non-decreasing granule positions) and the Vorbis identification
 * header (channels, a plausible sample rate, block sizes). Linear in the file size, no allocation
 * beyond a 1 KB table.
 *
 * Why: the decoder trusts the identification header. A one-byte mutation of its sample rate
 * (637 550 208 Hz in `../shared/data/fuzz-cases/slow-vorbis-15k.ogg`) decoded "fine" and then made
 * the resampler build a 40 000:1 anti-alias filter: 41 s for a 15 KB file, 2 samples out.
 * @module
 */
import { CorruptAudioError, UnsupportedAudioError } from '../errors.js';
import { CONVERT_HINT } from './container.js';
import { SAMPLE_RATE_RANGE } from './pcm.js';

/** What {@link inspectOggVorbis} learnt about a structurally sound Ogg Vorbis file. */
export interface OggVorbisLayout {
  /** Complete pages walked. */
  readonly pages: number;
  /** Complete packets after the three Vorbis headers (each decodes to at most `blocksize1 / 2` frames). */
  readonly audioPackets: number;
  readonly channels: number;
  /** Sample rate in Hz, from the identification header (within `SAMPLE_RATE_RANGE`). */
  readonly sampleRate: number;
  /** Long block size in samples (64 … 8192). */
  readonly blocksize1: number;
  /**
   * Upper bound on the decoded frames (samples per channel): `audioPackets × blocksize1 / 2`,
   * the most a Vorbis packet can add (half a long window).
   */
  readonly maxFrames: number;
  /** Bytes at the end that are not a complete page and hold no further page (a truncated download, an appended tag), else 0. */
  readonly truncatedTailBytes: number;
  /**
   * End of the last page walked (the end-of-stream page, or the last complete page): decode
   * `bytes.subarray(0, end)` so the decoder sees exactly the pages that were checked.
   */
  readonly end: number;
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let r = i << 24;
    for (let k = 0; k < 8; k++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1;
    t[i] = r >>> 0;
  }
  return t;
})();

/** Ogg page CRC-32 (polynomial 0x04C11DB7, no reflection, initial 0) with the CRC field read as zero. */
export function oggPageCrc(b: Uint8Array, at: number, length: number): number {
  let crc = 0;
  for (let i = at; i < at + length; i++) {
    const v = i >= at + 22 && i < at + 26 ? 0 : b[i]!;
    crc = ((crc << 8) ^ CRC_TABLE[((crc >>> 24) ^ v) & 0xff]!) >>> 0;
  }
  return crc;
}

const C = 'AudioDecoder';

/** Vorbis I defines channel layouts for 1 to 8 channels; more is application-defined (and, here, almost always a damaged header). */
export const VORBIS_MAX_CHANNELS = 8;

function u32(b: Uint8Array, at: number): number {
  return (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
}

/**
 * True when the bytes from `at` to the end are a proper prefix of an Ogg page (a cut-off
 * download): the page would end past the end of the file, and no other page starts after it (a
 * damaged length with more pages behind it is corruption, not truncation).
 */
function isTruncatedPage(b: Uint8Array, at: number): boolean {
  const cap = [0x4f, 0x67, 0x67, 0x53];
  for (let i = 0; i < 4 && at + i < b.length; i++) if (b[at + i] !== cap[i]) return false;
  let cut = b.length - at < 27;
  if (!cut) {
    const n = b[at + 26]!;
    let body = 0;
    for (let i = 0; i < n && at + 27 + i < b.length; i++) body += b[at + 27 + i]!;
    cut = b.length - at < 27 + n + body;
  }
  return cut && !hasPageAfter(b, at + 4);
}

/** True when an `OggS` capture pattern occurs at or after `from`. */
function hasPageAfter(b: Uint8Array, from: number): boolean {
  for (let i = from; i + 4 <= b.length; i++) if (b[i] === 0x4f && u32(b, i) === 0x5367674f) return true;
  return false;
}

/**
 * Walk the pages of an Ogg Vorbis file and check its identification header.
 *
 * A truncated last page, or a tail with no further page in it, is accepted and left out (the
 * complete pages decode, as before); bytes after the end-of-stream page are ignored unless they
 * start another logical stream.
 *
 * @param bytes - the whole file (starts with `OggS`, see `sniffContainer`).
 * @param name - display name for messages (`Ogg Vorbis`, or `Ogg` when the codec was not recognised).
 * @throws {CorruptAudioError} SER_CORRUPT_AUDIO (with the byte `offset`) for a page that is not
 *   where the previous one ended, a CRC mismatch, a sequence gap, a broken packet continuation, a
 *   granule position that goes backwards, a missing or damaged Vorbis header (sample rate outside
 *   `SAMPLE_RATE_RANGE`, 0 channels, invalid block sizes), or no audio packet at all.
 * @throws {UnsupportedAudioError} SER_UNSUPPORTED_AUDIO for a chained or multiplexed Ogg file
 *   (more than one logical stream), or more than {@link VORBIS_MAX_CHANNELS} channels.
 */
export function inspectOggVorbis(bytes: Uint8Array, name: string): OggVorbisLayout {
  const b = bytes;
  const corrupt = (what: string, offset: number): CorruptAudioError =>
    new CorruptAudioError(`${C}: ${what} (${name} file of ${b.length} bytes). The file is damaged; re-export it.`, offset);
  let at = 0;
  let pages = 0;
  let serial = 0;
  let packets = 0; // complete packets so far
  let pending = false; // the previous page ended inside a packet
  let packetStart = -1; // offset of the first byte of the first packet (identification header)
  let firstPacketBytes = 0;
  let lastGranule = -1n;
  let eos = false;
  let truncatedTailBytes = 0;
  const headerTypes: number[] = []; // first byte of packets 1-3
  while (at < b.length) {
    if (eos) {
      // Trailing bytes after the last page: only another stream is refused.
      if (b.length - at >= 27 && u32(b, at) === 0x5367674f) {
        if (u32(b, at + 14) === serial || (b[at + 5]! & 2) === 0) throw corrupt(`no Ogg page may follow the end-of-stream page (page ${pages} at byte ${at})`, at);
        throw new UnsupportedAudioError(
          `${C}: an Ogg file must hold one logical stream (a second one starts at byte ${at}: a chained or multiplexed file). ` +
            `Convert it with \`${CONVERT_HINT}\`.`,
          'ogg',
        );
      }
      break;
    }
    if (isTruncatedPage(b, at)) {
      truncatedTailBytes = b.length - at;
      break;
    }
    if (b.length - at < 4 || u32(b, at) !== 0x5367674f) {
      // Bytes after the last page that hold no further page (an appended tag, a damaged tail) are left out.
      if (!hasPageAfter(b, at)) {
        truncatedTailBytes = b.length - at;
        break;
      }
      throw corrupt(`Ogg page ${pages} must start with "OggS" at byte ${at}, where page ${pages - 1} ended`, at);
    }
    if (b[at + 4] !== 0) throw corrupt(`Ogg page ${pages} at byte ${at} must have stream structure version 0 (got ${b[at + 4]})`, at + 4);
    const flags = b[at + 5]!;
    const continued = (flags & 1) !== 0;
    const bos = (flags & 2) !== 0;
    if ((flags & 0xf8) !== 0) throw corrupt(`Ogg page ${pages} at byte ${at} must have header flags ≤ 7 (got ${flags})`, at + 5);
    const granule = BigInt.asIntN(64, BigInt(u32(b, at + 6)) | (BigInt(u32(b, at + 10)) << 32n));
    const pageSerial = u32(b, at + 14);
    const seq = u32(b, at + 18);
    const crc = u32(b, at + 22);
    const nseg = b[at + 26]!;
    let bodyLen = 0;
    for (let i = 0; i < nseg; i++) bodyLen += b[at + 27 + i]!;
    const pageLen = 27 + nseg + bodyLen;
    if (oggPageCrc(b, at, pageLen) !== crc) throw corrupt(`Ogg page ${pages} at byte ${at} must match its CRC-32 checksum`, at + 22);
    if (pages === 0) {
      if (!bos) throw corrupt('the first Ogg page must carry the beginning-of-stream flag', at + 5);
      serial = pageSerial;
    } else {
      if (pageSerial !== serial) {
        if (bos) {
          throw new UnsupportedAudioError(
            `${C}: an Ogg file must hold one logical stream (page ${pages} at byte ${at} begins another: a multiplexed file). Convert it with \`${CONVERT_HINT}\`.`,
            'ogg',
          );
        }
        throw corrupt(`Ogg page ${pages} at byte ${at} must belong to stream ${serial} (got serial ${pageSerial})`, at + 14);
      }
      if (bos) throw corrupt(`only the first Ogg page may carry the beginning-of-stream flag (page ${pages} at byte ${at})`, at + 5);
    }
    if (seq !== pages) throw corrupt(`Ogg page ${pages} at byte ${at} must have sequence number ${pages} (got ${seq}: pages are missing or out of order)`, at + 18);
    if (continued !== pending) {
      throw corrupt(
        continued
          ? `Ogg page ${pages} at byte ${at} continues a packet, but page ${pages - 1} ended with a complete packet`
          : `Ogg page ${pages} at byte ${at} must continue the packet that page ${pages - 1} left unfinished`,
        at + 5,
      );
    }
    // Packets: a lacing value < 255 ends one.
    let endsPacket = false;
    let p = at + 27 + nseg;
    for (let i = 0; i < nseg; i++) {
      const lace = b[at + 27 + i]!;
      if (packetStart < 0) packetStart = p;
      if (!pending && packets < 3) headerTypes.push(lace > 0 ? b[p]! : -1);
      if (packets === 0) firstPacketBytes += lace;
      p += lace;
      pending = lace === 255;
      if (!pending) {
        packets++;
        endsPacket = true;
      }
    }
    if (endsPacket && granule !== -1n) {
      if (granule < lastGranule) throw corrupt(`Ogg page ${pages} at byte ${at} must not have a granule position (${granule}) before the previous page's (${lastGranule})`, at + 6);
      lastGranule = granule;
    }
    if (flags & 4) eos = true;
    pages++;
    at += pageLen;
  }
  if (packets === 0) {
    throw corrupt(`a ${name} file must contain decodable audio frames (got no complete Vorbis header packet)`, 0);
  }
  // Identification header: 30 bytes, "\x01vorbis", version 0, channels, rate, bitrates, block sizes, framing.
  const h = packetStart;
  const id = String.fromCharCode(...b.subarray(h, h + 7));
  if (firstPacketBytes !== 30 || id !== '\x01vorbis') {
    throw corrupt(`the first Ogg packet must be a 30-byte Vorbis identification header (got ${firstPacketBytes} bytes starting ${JSON.stringify(id)})`, h);
  }
  const version = u32(b, h + 7);
  const channels = b[h + 11]!;
  const sampleRate = u32(b, h + 12);
  const bs = b[h + 28]!;
  const bs0 = 2 ** (bs & 0x0f);
  const bs1 = 2 ** (bs >> 4);
  if (version !== 0) throw corrupt(`the Vorbis identification header must have version 0 (got ${version})`, h + 7);
  if (channels === 0) throw corrupt('the Vorbis identification header must declare at least 1 channel (got 0)', h + 11);
  if (channels > VORBIS_MAX_CHANNELS) {
    throw new UnsupportedAudioError(
      `${C}: a Vorbis stream must have 1 to ${VORBIS_MAX_CHANNELS} channels, the layouts Vorbis defines (got ${channels}; a damaged header, or a multichannel master). ` +
        `Down-mix it with \`${CONVERT_HINT}\`.`,
      'ogg',
    );
  }
  const [lo, hi] = SAMPLE_RATE_RANGE;
  if (sampleRate < lo || sampleRate > hi) throw corrupt(`the Vorbis sample rate must be in [${lo}, ${hi}] Hz (got ${sampleRate})`, h + 12);
  if (bs0 < 64 || bs1 > 8192 || bs0 > bs1) throw corrupt(`Vorbis block sizes must satisfy 64 ≤ short ≤ long ≤ 8192 (got ${bs0} and ${bs1})`, h + 28);
  if ((b[h + 29]! & 1) === 0) throw corrupt('the Vorbis identification header must end with its framing bit', h + 29);
  if (headerTypes[1] !== undefined && headerTypes[1] !== 3) throw corrupt(`the second Ogg packet must be the Vorbis comment header (type 3, got ${headerTypes[1]})`, 0);
  if (headerTypes[2] !== undefined && headerTypes[2] !== 5) throw corrupt(`the third Ogg packet must be the Vorbis setup header (type 5, got ${headerTypes[2]})`, 0);
  const audioPackets = Math.max(0, packets - 3);
  if (audioPackets === 0) {
    throw corrupt(`a ${name} file must contain decodable audio frames (got ${packets} complete packet${packets === 1 ? '' : 's'}: the headers${packets < 3 ? ' are incomplete' : ' only'})`, 0);
  }
  return { pages, audioPackets, channels, sampleRate, blocksize1: bs1, maxFrames: audioPackets * (bs1 / 2), truncatedTailBytes, end: at };
}
