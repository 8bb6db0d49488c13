/**
 * Structural check of an MP3 (MPEG audio layer I–III) file before it reaches the WebAssembly
 * decoder: a count of the frame headers it could decode, which bounds the decoded output
 * (mpg123 decodes at most one frame, ≤ 1152 samples per channel, per header, and frames do not
 * overlap). Linear in the file size.
 * @module
 */
import { CorruptAudioError } from '../errors.js';
import { isMpegFrame } from './container.js';

/** What {@link inspectMpeg} learnt about an MP3 file. */
export interface MpegLayout {
  /** Byte offsets that hold a valid-looking frame header (sync, version, layer, bitrate, rate). */
  readonly frameHeaders: number;
  /** Offset of the first of them. */
  readonly firstFrame: number;
  /**
   * Upper bound on decoded samples summed over channels: `frameHeaders × 1152 × 2` (the decoder
   * always returns two channels before the mono check).
   */
  readonly maxSamples: number;
}

/** Samples per channel of the longest MPEG audio frame (layer II/III, MPEG-1). */
export const MPEG_MAX_FRAME_SAMPLES = 1152;

const C = 'AudioDecoder';

/**
 * Count the frame headers of an MP3 file.
 * @param bytes - the whole file.
 * @param start - where the audio starts (after a leading ID3v2 tag, see `sniffContainer`).
 * @throws {CorruptAudioError} SER_CORRUPT_AUDIO when no byte after `start` begins a frame header.
 */
export function inspectMpeg(bytes: Uint8Array, start: number): MpegLayout {
  let frameHeaders = 0;
  let firstFrame = -1;
  for (let i = start; i + 4 <= bytes.length; i++) {
    if (bytes[i] !== 0xff || !isMpegFrame(bytes, i)) continue;
    if (firstFrame < 0) firstFrame = i;
    frameHeaders++;
  }
  if (frameHeaders === 0) {
    throw new CorruptAudioError(
      `${C}: an MP3 file must contain decodable audio frames (no MPEG frame header after byte ${start} of ${bytes.length}). The file is truncated or damaged; re-export it.`,
      start,
    );
  }
  return { frameHeaders, firstFrame, maxSamples: frameHeaders * MPEG_MAX_FRAME_SAMPLES * 2 };
}
