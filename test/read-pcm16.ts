/**
 * Tiny test/bench-only WAV reader (16-bit PCM or 32-bit float, any channel count, averaged to
 * mono exactly as librosa does: int16 / 32768 as float32, then the float32 channel mean).
 * The library's real decoder lives in src/audio; this one exists so that the feature tests do
 * not depend on it.
 */
import { readFileSync } from 'node:fs';

export interface TestWav {
  samples: Float32Array;
  sampleRate: number;
  channels: number;
}

export function readWav(path: string): TestWav {
  const buf = readFileSync(path);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const tag = (o: number) => buf.toString('latin1', o, o + 4);
  if (tag(0) !== 'RIFF' || tag(8) !== 'WAVE') throw new Error(`${path}: not a RIFF/WAVE file`);
  let off = 12;
  let format = 0;
  let channels = 0;
  let sampleRate = 0;
  let bits = 0;
  let data: { start: number; size: number } | null = null;
  while (off + 8 <= buf.length) {
    const id = tag(off);
    const size = view.getUint32(off + 4, true);
    if (id === 'fmt ') {
      format = view.getUint16(off + 8, true);
      channels = view.getUint16(off + 10, true);
      sampleRate = view.getUint32(off + 12, true);
      bits = view.getUint16(off + 22, true);
      if (format === 0xfffe) format = view.getUint16(off + 32, true);
    } else if (id === 'data') {
      data = { start: off + 8, size: Math.min(size, buf.length - off - 8) };
    }
    off += 8 + size + (size & 1);
  }
  if (!data) throw new Error(`${path}: no data chunk`);
  const bytes = bits / 8;
  const frames = Math.floor(data.size / (bytes * channels));
  const samples = new Float32Array(frames);
  const ch = new Float32Array(channels);
  for (let i = 0; i < frames; i++) {
    for (let c = 0; c < channels; c++) {
      const p = data.start + (i * channels + c) * bytes;
      if (format === 1 && bits === 16) ch[c] = view.getInt16(p, true) / 32768;
      else if (format === 3 && bits === 32) ch[c] = view.getFloat32(p, true);
      else throw new Error(`${path}: unsupported format ${format}/${bits}`);
    }
    if (channels === 1) samples[i] = ch[0]!;
    else {
      let s = 0;
      for (let c = 0; c < channels; c++) s = Math.fround(s + ch[c]!);
      samples[i] = s / channels;
    }
  }
  return { samples, sampleRate, channels };
}
