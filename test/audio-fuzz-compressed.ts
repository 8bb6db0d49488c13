/**
 * Seeded mutation fuzzing of the FLAC, Ogg Vorbis and MP3 decoders, shared by
 * src/audio/fuzz-compressed.test.ts (a few hundred cases per format in `npm test`) and
 * bench/fuzz-compressed.ts (`npm run fuzz`: ≥ 10 000 per format, JSON summary).
 *
 * Contract under test: for ANY bytes, `AudioDecoder.decode` either returns finite samples (no
 * more of them, over all channels, than `compressedSampleBudget(bytes.length)`) or throws a
 * SerError with an audio code or SER_TIMEOUT. Any other exception is a bug. The time of every
 * case is recorded (the bench fails any case over 5 s; tests never assert time).
 *
 * Seeds are the synthetic fixtures in test/fixtures/audio (no recorded speech), so the fuzzer
 * needs nothing from ../shared.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AudioDecoder } from '../src/audio/audio-decoder.js';
import { compressedSampleBudget } from '../src/audio/compressed.js';
import { FLAC_CRC8 } from '../src/audio/flac-structure.js';
import { oggPageCrc } from '../src/audio/ogg-structure.js';
import { SerError } from '../src/errors.js';
import { createRng, randInt, type Rng } from '../src/internal/rng.js';

/** Formats fuzzed here. */
export const COMPRESSED_FORMATS = ['flac', 'ogg', 'mp3'] as const;
export type CompressedFormat = (typeof COMPRESSED_FORMATS)[number];

/**
 * Mutation kinds: generic byte damage (truncate … crossSplice), format-aware edits of header
 * fields and length fields, `recrc` (a mutation followed by repairing the Ogg page CRC-32s /
 * FLAC frame-header CRC-8s, so the damage reaches the decoder instead of the checksum check)
 * and `combo` (two or three of the others).
 */
export const COMPRESSED_MUTATIONS = [
  'truncate',
  'flipBits',
  'flipBytes',
  'byteRun',
  'splice',
  'deleteRange',
  'crossSplice',
  'headerField',
  'lengthField',
  'recrc',
  'combo',
] as const;
export type CompressedMutation = (typeof COMPRESSED_MUTATIONS)[number];
type Single = Exclude<CompressedMutation, 'combo' | 'recrc'>;
const SINGLES = COMPRESSED_MUTATIONS.filter((k): k is Single => k !== 'combo' && k !== 'recrc');

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'audio');

/** The seeds of one format: small synthetic files (tones and chirps) from test/fixtures/audio. */
export function compressedCorpus(format: CompressedFormat): { name: string; bytes: Uint8Array }[] {
  const names: Record<CompressedFormat, string[]> = {
    flac: ['tone-16k.flac', 'fuzz-chirp-22k-stereo-24.flac'],
    ogg: ['tone-16k.ogg', 'tone-44k-stereo.ogg', 'fuzz-chirp-16k.ogg'],
    mp3: ['tone-16k.mp3', 'tone-44k-stereo.mp3', 'fuzz-chirp-22k-id3.mp3'],
  };
  return names[format].map((name) => ({ name, bytes: new Uint8Array(readFileSync(join(FIXTURES, name))) }));
}

// ---- structure finders (lenient: they look at damaged files too) ---------------------------

/** Offsets of "OggS" capture patterns. */
function oggPages(b: Uint8Array): number[] {
  const out: number[] = [];
  for (let i = 0; i + 27 <= b.length && out.length < 4096; i++) {
    if (b[i] === 0x4f && b[i + 1] === 0x67 && b[i + 2] === 0x67 && b[i + 3] === 0x53) out.push(i);
  }
  return out;
}

/** Rewrite the CRC-32 of every Ogg page whose header and body fit in the file. */
function fixOggCrcs(b: Uint8Array): void {
  for (const at of oggPages(b)) {
    const n = b[at + 26]!;
    if (at + 27 + n > b.length) continue;
    let len = 27 + n;
    for (let i = 0; i < n; i++) len += b[at + 27 + i]!;
    if (at + len > b.length) continue;
    const crc = oggPageCrc(b, at, len);
    b[at + 22] = crc & 0xff;
    b[at + 23] = (crc >>> 8) & 0xff;
    b[at + 24] = (crc >>> 16) & 0xff;
    b[at + 25] = crc >>> 24;
  }
}

function id3Size(b: Uint8Array): number {
  if (b.length < 10 || b[0] !== 0x49 || b[1] !== 0x44 || b[2] !== 0x33) return 0;
  return 10 + (((b[6]! & 0x7f) << 21) | ((b[7]! & 0x7f) << 14) | ((b[8]! & 0x7f) << 7) | (b[9]! & 0x7f));
}

/** Offset of "fLaC" (after an ID3v2 tag), or -1. */
function flacStart(b: Uint8Array): number {
  const at = id3Size(b);
  return b[at] === 0x66 && b[at + 1] === 0x4c && b[at + 2] === 0x61 && b[at + 3] === 0x43 ? at : -1;
}

/** Offsets of FLAC metadata block headers (lenient walk). */
function flacBlocks(b: Uint8Array): number[] {
  const s = flacStart(b);
  const out: number[] = [];
  if (s < 0) return out;
  let at = s + 4;
  while (at + 4 <= b.length && out.length < 64) {
    out.push(at);
    if (b[at]! & 0x80) break;
    at += 4 + ((b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!);
  }
  return out;
}

/** Offsets of FLAC frame syncs (0xFFF8/0xFFF9), or of MPEG frame syncs (11 set bits). */
function syncs(b: Uint8Array, format: CompressedFormat): number[] {
  const out: number[] = [];
  for (let i = 0; i + 4 <= b.length && out.length < 4096; i++) {
    if (b[i] !== 0xff) continue;
    if (format === 'flac' ? (b[i + 1]! & 0xfe) === 0xf8 : (b[i + 1]! & 0xe0) === 0xe0) out.push(i);
  }
  return out;
}


/** Length of the FLAC frame header at `at` up to its CRC-8 byte, or 0 when it cannot be parsed. */
function flacHeaderLength(b: Uint8Array, at: number): number {
  if (at + 6 > b.length) return 0;
  const bs = b[at + 2]! >> 4;
  const rate = b[at + 2]! & 0x0f;
  const lead = b[at + 4]!;
  let n = 1;
  for (let m = 0x80; n < 8 && lead & m; m >>= 1) n++;
  let len = 4 + (n === 1 ? 1 : n - 1);
  if (bs === 6) len += 1;
  if (bs === 7) len += 2;
  if (rate === 12) len += 1;
  if (rate === 13 || rate === 14) len += 2;
  return at + len < b.length ? len : 0;
}

/** Rewrite the CRC-8 of every FLAC frame header found by sync search. */
function fixFlacCrcs(b: Uint8Array): void {
  const start = flacBlocks(b);
  const audio = start.length ? start[start.length - 1]! + 4 : 0;
  for (const at of syncs(b, 'flac')) {
    if (at < audio) continue;
    const len = flacHeaderLength(b, at);
    if (!len) continue;
    let crc = 0;
    for (let i = at; i < at + len; i++) crc = FLAC_CRC8[crc ^ b[i]!]!;
    b[at + len] = crc;
  }
}

// ---- mutations ----------------------------------------------------------------------------

function pick<T>(rng: Rng, xs: readonly T[]): T {
  return xs[randInt(rng, xs.length)]!;
}

function setU32le(b: Uint8Array, at: number, v: number): void {
  if (at + 4 > b.length) return;
  for (let i = 0; i < 4; i++) b[at + i] = (v >>> (8 * i)) & 0xff;
}

function insert(b: Uint8Array, at: number, piece: Uint8Array): Uint8Array {
  const out = new Uint8Array(b.length + piece.length);
  out.set(b.subarray(0, at));
  out.set(piece, at);
  out.set(b.subarray(at), at + piece.length);
  return out;
}

const U32_SPECIALS = [0, 1, 999, 1000, 8000, 44100, 768_000, 768_001, 0x7fffffff, 0x80000000, 0xffffffff];

/** Overwrite one header field the decoder trusts (sample rate, channels, block sizes, bitrate …). */
function headerField(rng: Rng, b: Uint8Array, format: CompressedFormat): void {
  if (format === 'ogg') {
    const pages = oggPages(b);
    if (rng() < 0.6 && b.length >= 58) {
      // Vorbis identification header on page 0 (body at 28): channels 39, rate 40, bitrates 44–55, block sizes 56, framing 57.
      const f = randInt(rng, 5);
      if (f === 0) b[39] = pick(rng, [0, 1, 2, 8, 9, 255, randInt(rng, 256)]);
      else if (f === 1) setU32le(b, 40, rng() < 0.7 ? pick(rng, U32_SPECIALS) : randInt(rng, 2 ** 32));
      else if (f === 2) b[56] = randInt(rng, 256);
      else if (f === 3) b[57] = randInt(rng, 256);
      else setU32le(b, 44 + 4 * randInt(rng, 3), randInt(rng, 2 ** 32));
      return;
    }
    if (!pages.length) return;
    const at = pick(rng, pages);
    const f = randInt(rng, 4);
    if (f === 0) setU32le(b, at + 6, pick(rng, [0, 0xffffffff, randInt(rng, 2 ** 32)])); // granule low
    else if (f === 1) setU32le(b, at + 10, pick(rng, [0, 0xffffffff, 0x7fffffff]));      // granule high
    else if (f === 2) setU32le(b, at + 18, pick(rng, [0, 1, 2, randInt(rng, 2 ** 32)]));  // sequence
    else if (at + 5 < b.length) b[at + 5] = randInt(rng, 8);                              // flags
    return;
  }
  if (format === 'flac') {
    const s = flacStart(b);
    if (s >= 0 && rng() < 0.6 && b.length >= s + 26) {
      const si = s + 8; // STREAMINFO body
      const f = randInt(rng, 5);
      if (f === 0) { b[si] = randInt(rng, 256); b[si + 1] = randInt(rng, 256); } // min block
      else if (f === 1) { b[si + 2] = randInt(rng, 256); b[si + 3] = randInt(rng, 256); } // max block
      else if (f === 2) { b[si + 10] = randInt(rng, 256); b[si + 11] = randInt(rng, 256); b[si + 12] = randInt(rng, 256); } // rate, channels
      else if (f === 3) b[si + 12 + randInt(rng, 2)] = randInt(rng, 256); // channels / bits per sample
      else for (let i = 13; i < 18; i++) b[si + i] = pick(rng, [0, 0xff, randInt(rng, 256)]); // total samples
      return;
    }
    const frames = syncs(b, 'flac');
    if (!frames.length) return;
    const at = pick(rng, frames);
    const i = at + 2 + randInt(rng, 3); // block size / rate, channels / bits, coded number
    if (i < b.length) b[i] = randInt(rng, 256);
    if (rng() < 0.7) fixFlacCrcs(b); // let the odd header through its CRC-8
    return;
  }
  const frames = syncs(b, 'mp3');
  if (!frames.length) return;
  const at = pick(rng, frames);
  const i = at + 1 + randInt(rng, 3); // version/layer/crc, bitrate/rate/padding, mode
  if (i < b.length) b[i] = (b[i]! & (i === at + 1 ? 0xe0 : 0)) | randInt(rng, i === at + 1 ? 32 : 256);
}

/** Overwrite a length or count field: Ogg segment count or lacing values, FLAC block lengths, ID3 size. */
function lengthField(rng: Rng, b: Uint8Array, format: CompressedFormat): void {
  if (format === 'ogg') {
    const pages = oggPages(b);
    if (!pages.length) return;
    const at = pick(rng, pages);
    if (rng() < 0.3) {
      if (at + 26 < b.length) b[at + 26] = pick(rng, [0, 1, 255, randInt(rng, 256)]);
    } else {
      const n = b[at + 26] ?? 0;
      const i = at + 27 + randInt(rng, Math.max(1, n));
      if (i < b.length) b[i] = pick(rng, [0, 1, 254, 255, randInt(rng, 256)]);
    }
    return;
  }
  if (format === 'flac') {
    const blocks = flacBlocks(b);
    if (!blocks.length) return;
    const at = pick(rng, blocks);
    const v = pick(rng, [0, 1, 33, 34, 35, 0xffffff, randInt(rng, 1 << 24), b.length]);
    if (at + 4 <= b.length) {
      b[at + 1] = (v >> 16) & 0xff;
      b[at + 2] = (v >> 8) & 0xff;
      b[at + 3] = v & 0xff;
    }
    if (rng() < 0.3 && at < b.length) b[at] = (b[at]! & 0x80) | randInt(rng, 128); // block type
    if (rng() < 0.2 && at < b.length) b[at] = b[at]! ^ 0x80; // last-block flag
    return;
  }
  if (b.length >= 10 && b[0] === 0x49) {
    for (let i = 6; i < 10; i++) b[i] = pick(rng, [0, 0x7f, 0xff, randInt(rng, 256)]);
    return;
  }
  const frames = syncs(b, 'mp3');
  if (frames.length) {
    const at = pick(rng, frames) + 2;
    if (at < b.length) b[at] = (b[at]! & 0x0f) | (randInt(rng, 16) << 4); // bitrate index → frame length
  }
}

function mutateOnce(rng: Rng, src: Uint8Array, kind: Single, format: CompressedFormat, other: Uint8Array): Uint8Array {
  const b = src.slice();
  const pos = (): number => randInt(rng, Math.max(1, b.length));
  switch (kind) {
    case 'truncate':
      return b.slice(0, randInt(rng, b.length + 1));
    case 'flipBits': {
      const n = 1 + randInt(rng, 8);
      for (let i = 0; i < n && b.length; i++) {
        const at = pos();
        b[at] = b[at]! ^ (1 << randInt(rng, 8));
      }
      return b;
    }
    case 'flipBytes': {
      const n = 1 + randInt(rng, 20);
      for (let i = 0; i < n && b.length; i++) b[pos()] = randInt(rng, 256);
      return b;
    }
    case 'byteRun': {
      const at = pos();
      const len = 1 + randInt(rng, 256);
      const v = pick(rng, [0, 0xff, randInt(rng, 256)]);
      for (let i = at; i < Math.min(b.length, at + len); i++) b[i] = v;
      return b;
    }
    case 'splice': {
      // A copy of one range of the file inserted elsewhere (duplicated pages or frames).
      const from = pos();
      const piece = b.slice(from, from + 1 + randInt(rng, 2048));
      return insert(b, randInt(rng, b.length + 1), piece);
    }
    case 'deleteRange': {
      const at = pos();
      const len = 1 + randInt(rng, 1024);
      return new Uint8Array([...b.subarray(0, at), ...b.subarray(Math.min(b.length, at + len))]);
    }
    case 'crossSplice': {
      // The head of this file and the tail of another file of the same format.
      const cut = pos();
      const tail = other.subarray(randInt(rng, Math.max(1, other.length)));
      return new Uint8Array([...b.subarray(0, cut), ...tail]);
    }
    case 'headerField':
      headerField(rng, b, format);
      return b;
    case 'lengthField':
      lengthField(rng, b, format);
      return b;
  }
}

/** Apply one seeded mutation (or a combination) to `src`. */
export function mutateCompressed(
  rng: Rng,
  src: Uint8Array,
  format: CompressedFormat,
  other: Uint8Array,
): { kind: CompressedMutation; bytes: Uint8Array } {
  // Most damage to an Ogg file stops at a page CRC; repairing the CRCs more often lets it reach the Vorbis decoder.
  const kind = format === 'ogg' && rng() < 0.3 ? 'recrc' : pick(rng, COMPRESSED_MUTATIONS);
  if (kind === 'combo') {
    let b = src;
    const steps = 2 + randInt(rng, 2);
    for (let i = 0; i < steps; i++) b = mutateOnce(rng, b, pick(rng, SINGLES), format, other);
    return { kind, bytes: b };
  }
  if (kind === 'recrc') {
    const b = mutateOnce(rng, src, pick(rng, SINGLES), format, other);
    if (format === 'ogg') fixOggCrcs(b);
    if (format === 'flac') fixFlacCrcs(b);
    return { kind, bytes: b };
  }
  return { kind, bytes: mutateOnce(rng, src, kind, format, other) };
}

// ---- contract -----------------------------------------------------------------------------

/** Outcome of one case: a valid decode, a typed error (its code), or a contract violation. */
export type CompressedOutcome = { ok: true; samples: number } | { ok: false; code: string; message: string } | { bug: string };

const TYPED = new Set(['SER_CORRUPT_AUDIO', 'SER_UNSUPPORTED_AUDIO', 'SER_EMPTY_AUDIO', 'SER_TIMEOUT']);

/** Decode `bytes` and check the contract. */
export async function runCompressedCase(decoder: AudioDecoder, bytes: Uint8Array): Promise<CompressedOutcome> {
  try {
    const a = await decoder.decode(bytes);
    if (a.samples.length === 0) return { bug: 'decoded zero samples without EmptyAudioError' };
    const s = a.source;
    if (!(s.channels >= 1) || !(s.sampleRate > 0) || !(s.frames >= 1)) return { bug: `bad source facts ${JSON.stringify(s)}` };
    if (s.frames * s.channels > compressedSampleBudget(bytes.length)) {
      return { bug: `decoded ${s.frames} × ${s.channels} samples from ${bytes.length} bytes (over the budget)` };
    }
    for (let i = 0; i < a.samples.length; i++) if (!Number.isFinite(a.samples[i]!)) return { bug: `non-finite sample at ${i}` };
    return { ok: true, samples: a.samples.length };
  } catch (e) {
    if (SerError.is(e) && TYPED.has(e.code)) return { ok: false, code: e.code, message: e.message };
    return { bug: `untyped exception: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}` };
  }
}

/** Summary of {@link fuzzCompressed}. */
export interface CompressedFuzzReport {
  format: CompressedFormat;
  seed: number;
  cases: number;
  /** Count per outcome: `decoded`, an error code, or `bug`. */
  outcomes: Record<string, number>;
  byKind: Record<string, number>;
  /** First contract violations, with what is needed to reproduce them. */
  failures: { caseIndex: number; seedName: string; kind: CompressedMutation; bug: string }[];
  /** Wall time of every case in ms (for max / p99). */
  caseMs: number[];
  totalMs: number;
  /** The slowest case, to reproduce. */
  slowest: { caseIndex: number; seedName: string; kind: CompressedMutation; ms: number; outcome: string };
}

/**
 * Run `cases` seeded cases of one format. Every `resampleEvery`-th case decodes at 16 kHz (the
 * resampling path a damaged sample rate reaches), the others at the native rate.
 * `onCase` sees every case (the bench uses it to keep the bytes of slow ones).
 */
export async function fuzzCompressed(
  format: CompressedFormat,
  seed: number,
  cases: number,
  opts: { resampleEvery?: number; onCase?: (i: number, bytes: Uint8Array, ms: number, outcome: CompressedOutcome) => void } = {},
): Promise<CompressedFuzzReport> {
  const corpus = compressedCorpus(format);
  const rng = createRng(seed);
  const native = new AudioDecoder({ sampleRate: null });
  const at16k = new AudioDecoder();
  const every = opts.resampleEvery ?? 10;
  const outcomes: Record<string, number> = {};
  const byKind: Record<string, number> = {};
  const failures: CompressedFuzzReport['failures'] = [];
  const caseMs: number[] = [];
  let slowest: CompressedFuzzReport['slowest'] = { caseIndex: -1, seedName: '', kind: 'truncate', ms: 0, outcome: '' };
  const t0 = performance.now();
  for (let i = 0; i < cases; i++) {
    const src = pick(rng, corpus);
    const other = pick(rng, corpus);
    const { kind, bytes } = mutateCompressed(rng, src.bytes, format, other.bytes);
    byKind[kind] = (byKind[kind] ?? 0) + 1;
    const t = performance.now();
    const r = await runCompressedCase(i % every === 0 ? at16k : native, bytes);
    const ms = performance.now() - t;
    caseMs.push(ms);
    const key = 'bug' in r ? 'bug' : r.ok ? 'decoded' : r.code;
    outcomes[key] = (outcomes[key] ?? 0) + 1;
    if (ms > slowest.ms) slowest = { caseIndex: i, seedName: src.name, kind, ms, outcome: key };
    if ('bug' in r && failures.length < 20) failures.push({ caseIndex: i, seedName: src.name, kind, bug: r.bug });
    opts.onCase?.(i, bytes, ms, r);
  }
  return { format, seed, cases, outcomes, byKind, failures, caseMs, totalMs: performance.now() - t0, slowest };
}

/** The q-quantile (0–1) of `xs` (nearest rank). */
export function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
}
