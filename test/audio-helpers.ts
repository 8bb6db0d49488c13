/**
 * Test-only builders of WAV / AIFF bytes with every header field under control, for the audio
 * layer's format and bad-input tests. Independent of src/audio (it writes, the library reads).
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// Same paths as test/helpers.ts, without importing vitest (bench/ scripts use this file too).
const SHARED = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'shared');
/** ../shared/data and ../shared/ref beside the project root. */
export const DATA = join(SHARED, 'data');
export const REF = join(SHARED, 'ref');

/** One RIFF chunk: id + body (the size field is body.length unless `size` overrides it). */
export interface Chunk {
  id: string;
  body: Uint8Array;
  size?: number;
}

function ascii(s: string): Uint8Array {
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Serialise chunks (little-endian sizes, pad byte after odd bodies unless `pad` is false). */
export function riffChunks(chunks: Chunk[], littleEndian = true, pad = true): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const c of chunks) {
    const h = new Uint8Array(8);
    h.set(ascii(c.id.padEnd(4, ' ')));
    new DataView(h.buffer).setUint32(4, c.size ?? c.body.length, littleEndian);
    parts.push(h, c.body);
    if (pad && c.body.length % 2 === 1) parts.push(new Uint8Array(1));
  }
  return concat(parts);
}

/** Fields of a `fmt ` chunk. */
export interface FmtFields {
  formatTag: number;
  channels: number;
  sampleRate: number;
  bitsPerSample: number;
  blockAlign?: number;
  /** Write WAVE_FORMAT_EXTENSIBLE with this sub-format tag (and optional GUID tail override). */
  extensibleSubTag?: number;
  guidTail?: number[];
  validBits?: number;
}

const GUID_TAIL = [0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71];

/** A `fmt ` chunk body (16 bytes, or 40 for EXTENSIBLE). */
export function fmtBody(f: FmtFields): Uint8Array {
  const ext = f.extensibleSubTag !== undefined;
  const b = new Uint8Array(ext ? 40 : 16);
  const v = new DataView(b.buffer);
  const blockAlign = f.blockAlign ?? f.channels * Math.ceil(f.bitsPerSample / 8);
  v.setUint16(0, ext ? 0xfffe : f.formatTag, true);
  v.setUint16(2, f.channels, true);
  v.setUint32(4, f.sampleRate, true);
  v.setUint32(8, f.sampleRate * blockAlign, true);
  v.setUint16(12, blockAlign, true);
  v.setUint16(14, f.bitsPerSample, true);
  if (ext) {
    v.setUint16(16, 22, true);
    v.setUint16(18, f.validBits ?? f.bitsPerSample, true);
    v.setUint32(20, f.channels === 2 ? 3 : 4, true);
    v.setUint16(24, f.extensibleSubTag!, true);
    b.set(f.guidTail ?? GUID_TAIL, 28);
  }
  return b;
}

/** A complete WAV: RIFF header + chunks (the RIFF size is computed unless given). */
export function wavFile(chunks: Chunk[], opts: { magic?: string; riffSize?: number; pad?: boolean } = {}): Uint8Array {
  const body = riffChunks(chunks, true, opts.pad ?? true);
  const head = new Uint8Array(12);
  head.set(ascii(opts.magic ?? 'RIFF'));
  new DataView(head.buffer).setUint32(4, opts.riffSize ?? body.length + 4, true);
  head.set(ascii('WAVE'), 8);
  return concat([head, body]);
}

/** A simple WAV from fmt fields and raw sample bytes. */
export function simpleWav(f: FmtFields, data: Uint8Array, extra: Chunk[] = []): Uint8Array {
  return wavFile([{ id: 'fmt ', body: fmtBody(f) }, ...extra, { id: 'data', body: data }]);
}

/** Little-endian bytes of integer samples of `bytes` width (two's complement). */
export function intBytes(values: number[], bytes: number, littleEndian = true): Uint8Array {
  const out = new Uint8Array(values.length * bytes);
  values.forEach((val, i) => {
    for (let k = 0; k < bytes; k++) {
      const byte = Math.floor(val / 2 ** (8 * k)) & 0xff;
      out[i * bytes + (littleEndian ? k : bytes - 1 - k)] = byte;
    }
  });
  return out;
}

/** Float samples as little- or big-endian float32/float64 bytes. */
export function floatBytes(values: number[], bytes: 4 | 8, littleEndian = true): Uint8Array {
  const out = new Uint8Array(values.length * bytes);
  const v = new DataView(out.buffer);
  values.forEach((x, i) => (bytes === 4 ? v.setFloat32(i * 4, x, littleEndian) : v.setFloat64(i * 8, x, littleEndian)));
  return out;
}

/** IEEE 80-bit extended big-endian encoding of a positive number (AIFF sample rates). */
export function extended80(x: number): Uint8Array {
  const b = new Uint8Array(10);
  if (x === 0) return b;
  const e = Math.floor(Math.log2(x));
  const mant = x / 2 ** e; // [1, 2)
  const v = new DataView(b.buffer);
  v.setUint16(0, e + 16383, false);
  const hi = Math.floor(mant * 2 ** 31);
  const lo = Math.floor((mant * 2 ** 31 - hi) * 2 ** 32);
  v.setUint32(2, hi >>> 0, false);
  v.setUint32(6, lo >>> 0, false);
  return b;
}

/** An AIFF or AIFF-C file. */
export function aiffFile(f: {
  channels: number;
  frames: number;
  bits: number;
  sampleRate: number;
  compression?: string;
  data: Uint8Array;
  ssndSize?: number;
}): Uint8Array {
  const aifc = f.compression !== undefined;
  const comm = new Uint8Array(aifc ? 24 : 18);
  const v = new DataView(comm.buffer);
  v.setInt16(0, f.channels, false);
  v.setUint32(2, f.frames, false);
  v.setInt16(6, f.bits, false);
  comm.set(extended80(f.sampleRate), 8);
  if (aifc) {
    comm.set(ascii(f.compression!), 18);
    comm.set([0, 0], 22); // empty pascal string + pad
  }
  const ssnd = concat([new Uint8Array(8), f.data]);
  const chunks: Chunk[] = [
    ...(aifc ? [{ id: 'FVER', body: Uint8Array.of(0xa2, 0x80, 0x51, 0x40) }] : []),
    { id: 'COMM', body: comm },
    { id: 'SSND', body: ssnd, ...(f.ssndSize === undefined ? {} : { size: f.ssndSize }) },
  ];
  const body = riffChunks(chunks, false);
  const head = new Uint8Array(12);
  head.set(ascii('FORM'));
  new DataView(head.buffer).setUint32(4, body.length + 4, false);
  head.set(ascii(aifc ? 'AIFC' : 'AIFF'), 8);
  return concat([head, body]);
}

/** Read a file under ../shared/data as bytes. */
export function dataFile(...parts: string[]): Uint8Array {
  return new Uint8Array(readFileSync(join(DATA, ...parts)));
}

/** librosa reference JSON entry (signal statistics) for `name` in `file`. */
export interface RefSignal {
  n: number;
  sum: number;
  sumsq: number;
  min: number;
  max: number;
  head: number[];
}
export interface RefFile {
  name: string;
  sr: number;
  native: { sr: number; channels: number; frames: number; subtype: string };
  signal: RefSignal;
}

const refCache = new Map<string, RefFile[]>();
/** Entries of a librosa reference JSON in ../shared/ref (parsed once, MFCC arrays dropped). */
export function refFiles(file: string): RefFile[] {
  let v = refCache.get(file);
  if (!v) {
    const raw = JSON.parse(readFileSync(join(REF, file), 'utf8')) as { files: (RefFile & Record<string, unknown>)[] };
    v = raw.files.map(({ name, sr, native, signal }) => ({ name, sr, native, signal }));
    refCache.set(file, v);
  }
  return v;
}

/** Sum and sum of squares in float64. */
export function stats(x: Float32Array): { sum: number; sumsq: number; min: number; max: number } {
  let sum = 0;
  let sumsq = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const v of x) {
    sum += v;
    sumsq += v * v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { sum, sumsq, min, max };
}

/** RMS level of `x` in dB (re 1.0). */
export function rmsDb(x: Float32Array, from = 0, to = x.length): number {
  let s = 0;
  for (let i = from; i < to; i++) s += x[i]! * x[i]!;
  return 10 * Math.log10(s / (to - from));
}

/** Amplitude of the `freqHz` component (single-bin DFT with a Hann window), in dB re a unit sine. */
export function toneDb(x: Float32Array, freqHz: number, sampleRate: number, from = 0, to = x.length): number {
  let re = 0;
  let im = 0;
  let wsum = 0;
  const n = to - from;
  for (let i = 0; i < n; i++) {
    const w = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n);
    const ph = (2 * Math.PI * freqHz * (from + i)) / sampleRate;
    re += w * x[from + i]! * Math.cos(ph);
    im -= w * x[from + i]! * Math.sin(ph);
    wsum += w;
  }
  return 20 * Math.log10((2 * Math.hypot(re, im)) / wsum);
}
