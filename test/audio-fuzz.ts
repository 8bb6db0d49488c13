/**
 * Seeded mutation fuzzing of the WAV/AIFF decoders, shared by src/audio/fuzz.test.ts (a few
 * hundred cases in `npm test`) and bench/fuzz-wav.ts (≥ 10 000 cases, JSON summary).
 *
 * Contract under test: for ANY bytes, `AudioDecoder.decodeSync` either returns finite samples
 * (no more of them than there are input bytes: allocation is bounded by the file, never by a
 * size field) or throws a SerError with an audio code. Any other exception is a bug.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AudioDecoder } from '../src/audio/audio-decoder.js';
import { SerError } from '../src/errors.js';
import { createRng, randInt, type Rng } from '../src/internal/rng.js';
import { DATA, fmtBody, floatBytes, intBytes, REF, simpleWav, wavFile } from './audio-helpers.js';

/** Mutation kinds applied by {@link mutate}. */
export const MUTATIONS = ['truncate', 'flipBytes', 'flipHeader', 'sizeField', 'chunkId', 'fmtField', 'insertChunk', 'magic', 'combo'] as const;
export type Mutation = (typeof MUTATIONS)[number];

/** Small real and synthetic seeds: every format the parsers read. */
export function fuzzCorpus(): { name: string; bytes: Uint8Array }[] {
  const read = (p: string): Uint8Array => new Uint8Array(readFileSync(p));
  const cut = (b: Uint8Array, n: number): Uint8Array => b.slice(0, Math.min(n, b.length));
  const pcm = { formatTag: 1, channels: 2, sampleRate: 22050, bitsPerSample: 24 };
  const ds64 = new Uint8Array(28);
  new DataView(ds64.buffer).setUint32(8, 64, true);
  return [
    { name: 'angry-8k-u8', bytes: read(join(DATA, 'wav-originals', 'angry-8k-u8.wav')) },
    { name: 'angry-8k-ulaw', bytes: read(join(DATA, 'wav-originals', 'angry-8k-ulaw.wav')) },
    // Header-rich originals (LIST/bext/FLLR chunks), cut to keep cases fast: the cut itself is a mutation.
    { name: 'ravdess-48k-stereo-head', bytes: cut(read(join(DATA, 'wav-originals', '03-01-02-01-01-02-01.wav')), 12000) },
    { name: 'angry-44k-pcm32-ext-head', bytes: cut(read(join(DATA, 'wav-originals', 'angry-44k-pcm32.wav')), 12000) },
    { name: 'angry-48k-float32-head', bytes: cut(read(join(DATA, 'wav-originals', 'angry-48k-float32.wav')), 12000) },
    { name: 'aiff-head', bytes: cut(read(join(DATA, 'wav-oddities', 'tess-YAF_germ_angry-is-aiff.wav')), 8000) },
    { name: 'sine440-16k', bytes: cut(read(join(REF, 'wav', 'sine440_16k.wav')), 8000) },
    { name: 'synthetic-ext-24-stereo', bytes: simpleWav({ ...pcm, extensibleSubTag: 1 }, intBytes(Array.from({ length: 64 }, (_, i) => i * 1000 - 30000), 3)) },
    { name: 'synthetic-float64', bytes: simpleWav({ ...pcm, channels: 1, formatTag: 3, bitsPerSample: 64 }, floatBytes(Array.from({ length: 32 }, (_, i) => Math.sin(i)), 8)) },
    { name: 'synthetic-rf64', bytes: wavFile([{ id: 'ds64', body: ds64 }, { id: 'fmt ', body: fmtBody({ ...pcm, bitsPerSample: 16 }) }, { id: 'data', body: new Uint8Array(64).fill(3), size: 0xffffffff }], { magic: 'RF64' }) },
  ];
}

/** Offsets of chunk headers found by a lenient walk (little- or big-endian sizes). */
function chunkOffsets(b: Uint8Array): number[] {
  const out: number[] = [];
  const le = !(b[0] === 0x46 && b[1] === 0x4f); // 'FO'RM → big-endian
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let p = 12;
  while (p + 8 <= b.length && out.length < 64) {
    out.push(p);
    const size = dv.getUint32(p + 4, le);
    p += 8 + size + (size & 1);
  }
  return out;
}

const ID_POOL = ['data', 'fmt ', 'ds64', 'LIST', 'fact', 'COMM', 'SSND', 'JUNK', '\0\0\0\0', 'dat\xff'];

function mutateOnce(rng: Rng, src: Uint8Array, kind: Exclude<Mutation, 'combo'>): Uint8Array {
  const b = src.slice();
  const dv = new DataView(b.buffer);
  const chunks = chunkOffsets(b);
  const anyChunk = (): number => (chunks.length ? chunks[randInt(rng, chunks.length)]! : 12);
  switch (kind) {
    case 'truncate':
      return b.slice(0, randInt(rng, b.length + 1));
    case 'flipBytes': {
      const n = 1 + randInt(rng, 20);
      for (let i = 0; i < n && b.length; i++) b[randInt(rng, b.length)] = randInt(rng, 256);
      return b;
    }
    case 'flipHeader': {
      const n = 1 + randInt(rng, 4);
      for (let i = 0; i < n && b.length; i++) {
        const at = randInt(rng, Math.min(b.length, 128));
        b[at] = b[at]! ^ (1 << randInt(rng, 8));
      }
      return b;
    }
    case 'sizeField': {
      const at = rng() < 0.2 ? 4 : anyChunk() + 4;
      if (at + 4 > b.length) return b;
      const le = !(b[0] === 0x46 && b[1] === 0x4f);
      const old = dv.getUint32(at, le);
      const choices = [0, 1, 0xffffffff, 0x7fffffff, 0x80000000, old + 1, Math.max(0, old - 1), old * 2, randInt(rng, 2 ** 32), randInt(rng, 256), b.length];
      dv.setUint32(at, choices[randInt(rng, choices.length)]! >>> 0, le);
      return b;
    }
    case 'chunkId': {
      const at = anyChunk();
      if (at + 4 > b.length) return b;
      const id = rng() < 0.6 ? ID_POOL[randInt(rng, ID_POOL.length)]! : String.fromCharCode(...Array.from({ length: 4 }, () => randInt(rng, 256)));
      for (let i = 0; i < 4; i++) b[at + i] = id.charCodeAt(i) & 0xff;
      return b;
    }
    case 'fmtField': {
      // fmt body (WAV) or COMM body (AIFF): overwrite one of its first 40 bytes' 16/32-bit fields.
      const fmt = chunks.find((p) => String.fromCharCode(...b.subarray(p, p + 4)) === 'fmt ' || String.fromCharCode(...b.subarray(p, p + 4)) === 'COMM');
      if (fmt === undefined) return b;
      const at = fmt + 8 + 2 * randInt(rng, 20);
      if (at + 2 > b.length) return b;
      const specials = [0, 1, 2, 3, 6, 7, 8, 0xfffe, 0xffff, 24, 32, 64, 0x55, randInt(rng, 65536)];
      dv.setUint16(at, specials[randInt(rng, specials.length)]!, rng() < 0.5);
      return b;
    }
    case 'insertChunk': {
      const at = Math.min(anyChunk(), b.length);
      const len = randInt(rng, 40);
      const head = new Uint8Array(8 + len);
      const id = ID_POOL[randInt(rng, ID_POOL.length)]!;
      for (let i = 0; i < 4; i++) head[i] = id.charCodeAt(i) & 0xff;
      new DataView(head.buffer).setUint32(4, rng() < 0.7 ? len : randInt(rng, 2 ** 32), true);
      for (let i = 8; i < head.length; i++) head[i] = randInt(rng, 256);
      const out = new Uint8Array(b.length + head.length);
      out.set(b.subarray(0, at));
      out.set(head, at);
      out.set(b.subarray(at), at + head.length);
      return out;
    }
    case 'magic': {
      const magics = ['RIFF', 'RF64', 'BW64', 'RIFX', 'FORM', 'fLaC', 'OggS', 'ID3\x04', '\xff\xfb\x90\x64', 'caff'];
      const m = magics[randInt(rng, magics.length)]!;
      for (let i = 0; i < 4 && i < b.length; i++) b[i] = m.charCodeAt(i) & 0xff;
      if (rng() < 0.3 && b.length >= 12) {
        const f = ['WAVE', 'AIFF', 'AIFC', 'AVI '][randInt(rng, 4)]!;
        for (let i = 0; i < 4; i++) b[8 + i] = f.charCodeAt(i);
      }
      return b;
    }
  }
}

/** Apply one seeded mutation (or a combination of two or three) to `src`. */
export function mutate(rng: Rng, src: Uint8Array): { kind: Mutation; bytes: Uint8Array } {
  const kind = MUTATIONS[randInt(rng, MUTATIONS.length)]!;
  if (kind !== 'combo') return { kind, bytes: mutateOnce(rng, src, kind) };
  let b = src;
  const steps = 2 + randInt(rng, 2);
  for (let i = 0; i < steps; i++) b = mutateOnce(rng, b, MUTATIONS[randInt(rng, MUTATIONS.length - 1)]! as Exclude<Mutation, 'combo'>);
  return { kind, bytes: b };
}

/** Outcome of one case: a valid decode, a typed error (its code), or a contract violation. */
export type Outcome = { ok: true; samples: number } | { ok: false; code: string } | { bug: string };

const AUDIO_CODES = new Set(['SER_CORRUPT_AUDIO', 'SER_UNSUPPORTED_AUDIO', 'SER_EMPTY_AUDIO']);

/** Decode `bytes` and check the contract. */
export function runCase(decoder: AudioDecoder, bytes: Uint8Array): Outcome {
  try {
    const a = decoder.decodeSync(bytes);
    if (a.samples.length === 0) return { bug: 'decoded zero samples without EmptyAudioError' };
    if (decoder.config.sampleRate === null && a.samples.length > bytes.length) {
      return { bug: `allocated ${a.samples.length} samples from ${bytes.length} bytes` };
    }
    for (let i = 0; i < a.samples.length; i++) if (!Number.isFinite(a.samples[i]!)) return { bug: `non-finite sample at ${i}` };
    if (!(a.source.channels >= 1) || !(a.source.sampleRate > 0)) return { bug: `bad source facts ${JSON.stringify(a.source)}` };
    return { ok: true, samples: a.samples.length };
  } catch (e) {
    if (SerError.is(e) && AUDIO_CODES.has(e.code)) return { ok: false, code: e.code };
    return { bug: `untyped exception: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}` };
  }
}

/** Run `cases` seeded cases; returns the summary and the first failures (with reproduction info). */
export function fuzz(seed: number, cases: number, opts: { resampleEvery?: number } = {}) {
  const corpus = fuzzCorpus();
  const rng = createRng(seed);
  const nativeDecoder = new AudioDecoder({ sampleRate: null });
  const decoder16k = new AudioDecoder();
  const outcomes: Record<string, number> = {};
  const byKind: Record<string, number> = {};
  const failures: { caseIndex: number; seedName: string; kind: Mutation; bug: string }[] = [];
  let maxMs = 0;
  const t0 = performance.now();
  for (let i = 0; i < cases; i++) {
    const src = corpus[randInt(rng, corpus.length)]!;
    const { kind, bytes } = mutate(rng, src.bytes);
    byKind[kind] = (byKind[kind] ?? 0) + 1;
    const every = opts.resampleEvery ?? 10;
    const t = performance.now();
    const r = runCase(i % every === 0 ? decoder16k : nativeDecoder, bytes);
    maxMs = Math.max(maxMs, performance.now() - t);
    const key = 'bug' in r ? 'bug' : r.ok ? 'decoded' : r.code;
    outcomes[key] = (outcomes[key] ?? 0) + 1;
    if ('bug' in r && failures.length < 20) failures.push({ caseIndex: i, seedName: src.name, kind, bug: r.bug });
  }
  const ms = performance.now() - t0;
  return { seed, cases, outcomes, byKind, failures, ms, maxCaseMs: maxMs };
}
