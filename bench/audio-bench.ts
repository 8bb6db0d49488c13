/**
 * Audio layer throughput: decode (parse + mono mix) and resample to 16 kHz for every file in
 * ../shared/data/wav-originals, per resampler quality. One JSON line per (file, quality), then a
 * summary line per quality. Times are medians over `reps` runs after a warm-up (filter tables
 * cached, JIT warm), i.e. the steady state of a dataset loader.
 *
 * Usage: npx tsx bench/audio-bench.ts [reps=15]
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AudioDecoder } from '../src/audio/audio-decoder.js';
import { DATA } from '../test/audio-helpers.js';

const reps = Number(process.argv[2] ?? 15);
const dir = join(DATA, 'wav-originals');
const files = readdirSync(dir).filter((f) => f.endsWith('.wav')).sort();
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

for (const quality of ['high', 'fast'] as const) {
  const native = new AudioDecoder({ sampleRate: null });
  const to16k = new AudioDecoder({ resampleQuality: quality });
  let totalMs = 0;
  let totalAudioSec = 0;
  let ms48: number[] = [];
  for (const f of files) {
    const bytes = new Uint8Array(readFileSync(join(dir, f)));
    for (let i = 0; i < 3; i++) to16k.decodeSync(bytes); // warm-up: JIT + filter table
    const dec: number[] = [];
    const all: number[] = [];
    let a = to16k.decodeSync(bytes);
    for (let i = 0; i < reps; i++) {
      let t = performance.now();
      native.decodeSync(bytes);
      dec.push(performance.now() - t);
      t = performance.now();
      a = to16k.decodeSync(bytes);
      all.push(performance.now() - t);
    }
    const ms = median(all);
    const audioSec = a.source.frames / a.source.sampleRate;
    totalMs += ms;
    totalAudioSec += audioSec;
    if (a.source.sampleRate === 48000) ms48 = [...ms48, ms];
    process.stdout.write(
      JSON.stringify({
        bench: 'audio-decode-resample',
        quality,
        file: f,
        rate: a.source.sampleRate,
        channels: a.source.channels,
        encoding: `${a.source.encoding}${a.source.bitsPerSample}`,
        audioSec: Number(audioSec.toFixed(3)),
        decodeMs: Number(median(dec).toFixed(3)),
        decodeResampleMs: Number(ms.toFixed(3)),
        xRealTime: Math.round(audioSec / (ms / 1000)),
      }) + '\n',
    );
  }
  process.stdout.write(
    JSON.stringify({
      bench: 'audio-decode-resample-summary',
      quality,
      files: files.length,
      filesPerSec: Number(((files.length / totalMs) * 1000).toFixed(1)),
      xRealTime: Math.round(totalAudioSec / (totalMs / 1000)),
      median48kTo16kMs: Number(median(ms48).toFixed(3)),
      node: process.version,
    }) + '\n',
  );
}
