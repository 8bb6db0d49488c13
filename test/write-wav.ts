/**
 * Test-only 16-bit PCM WAV writer (and a matching minimal reader), independent of src/audio so that
 * dataset fixtures can be generated without the decoder under test.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Encode mono or interleaved float samples in [-1, 1] as a canonical 44-byte-header 16-bit PCM WAV. */
export function encodeWav16(samples: Float32Array, sampleRate: number, channels = 1): Uint8Array {
  const dataBytes = samples.length * 2;
  const buf = new ArrayBuffer(44 + dataBytes);
  const v = new DataView(buf);
  const ascii = (off: number, s: string): void => {
    for (let i = 0; i < s.length; i++) v.setUint8(off + i, s.charCodeAt(i));
  };
  ascii(0, 'RIFF');
  v.setUint32(4, 36 + dataBytes, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  v.setUint32(16, 16, true);
  v.setUint16(20, 1, true); // WAVE_FORMAT_PCM
  v.setUint16(22, channels, true);
  v.setUint32(24, sampleRate, true);
  v.setUint32(28, sampleRate * channels * 2, true);
  v.setUint16(32, channels * 2, true);
  v.setUint16(34, 16, true);
  ascii(36, 'data');
  v.setUint32(40, dataBytes, true);
  for (let i = 0; i < samples.length; i++) {
    const x = Math.max(-1, Math.min(1, samples[i]!));
    v.setInt16(44 + i * 2, Math.round(x < 0 ? x * 32768 : x * 32767), true);
  }
  return new Uint8Array(buf);
}

/** A short tone (default 0.05 s of 440 Hz at 8 kHz): a tiny but valid audio file body. */
export function tone(freqHz = 440, sampleRate = 8000, durationSec = 0.05, amplitude = 0.3): Float32Array {
  const n = Math.round(sampleRate * durationSec);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = amplitude * Math.sin((2 * Math.PI * freqHz * i) / sampleRate);
  return out;
}

/** Write a tiny tone WAV at `path`, creating parent folders. */
export async function writeToneWav(path: string, freqHz = 440): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, encodeWav16(tone(freqHz), 8000));
}

/** Read the raw int16 samples of a 16-bit PCM WAV (walks RIFF chunks; test use only). */
export function readWavInt16(bytes: Uint8Array): { samples: Int16Array; sampleRate: number; channels: number } {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (off: number): string => String.fromCharCode(...bytes.subarray(off, off + 4));
  if (tag(0) !== 'RIFF' || tag(8) !== 'WAVE') throw new Error('not a RIFF/WAVE file');
  let off = 12;
  let sampleRate = 0;
  let channels = 0;
  while (off + 8 <= bytes.length) {
    const id = tag(off);
    const size = v.getUint32(off + 4, true);
    if (id === 'fmt ') {
      if (v.getUint16(off + 8 + 14, true) !== 16) throw new Error('not 16-bit');
      channels = v.getUint16(off + 8 + 2, true);
      sampleRate = v.getUint32(off + 8 + 4, true);
    } else if (id === 'data') {
      const n = Math.floor(Math.min(size, bytes.length - off - 8) / 2);
      const samples = new Int16Array(n);
      for (let i = 0; i < n; i++) samples[i] = v.getInt16(off + 8 + i * 2, true);
      return { samples, sampleRate, channels };
    }
    off += 8 + size + (size & 1);
  }
  throw new Error('no data chunk');
}
