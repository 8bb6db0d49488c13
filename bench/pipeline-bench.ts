/**
 * Decode + resample + MFCC throughput (the whole front end), JSON lines:
 *  - 48 kHz originals (../shared/data/wav-originals/03-01-*.wav) → 16 kHz → MFCC (ser16k)
 *  - 16 kHz RAVDESS clips (../shared/data/ravdess-16k) → MFCC
 *   npx tsx bench/pipeline-bench.ts [--rounds 3]
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AudioDecoder } from '../src/audio/audio-decoder.js';
import { Mfcc, SER16K_MFCC } from '../src/features/mfcc.js';

const here = dirname(fileURLToPath(import.meta.url));
const DATA = resolve(here, '..', '..', 'shared', 'data');
const rounds = Number(process.argv[process.argv.indexOf('--rounds') + 1] ?? 3) || 3;

const mfcc = new Mfcc(SER16K_MFCC);
const decoder = new AudioDecoder({ sampleRate: 16000 });

function run(name: string, files: Uint8Array[], reps: number): void {
  let best = { filesPerSec: 0, xRealtime: 0 };
  for (let r = 0; r < rounds; r++) {
    let audioSec = 0;
    const t0 = performance.now();
    for (let k = 0; k < reps; k++)
      for (const bytes of files) {
        const a = decoder.decodeSync(bytes);
        mfcc.compute(a.samples);
        audioSec += a.durationSec;
      }
    const sec = (performance.now() - t0) / 1000;
    const res = { filesPerSec: (files.length * reps) / sec, xRealtime: audioSec / sec };
    if (res.xRealtime > best.xRealtime) best = res;
  }
  console.log(JSON.stringify({ bench: 'pipeline', input: name, stages: 'decode+resample+mfcc', files: files.length, filesPerSec: +best.filesPerSec.toFixed(1), xRealtime: +best.xRealtime.toFixed(0) }));
}

const originals = readdirSync(join(DATA, 'wav-originals')).filter((f) => /^03-01-.*\.wav$/.test(f)).map((f) => readFileSync(join(DATA, 'wav-originals', f)));
run('wav-originals 48 kHz (2 stereo)', originals, 50);
const ravdess: Uint8Array[] = [];
for (const actor of readdirSync(join(DATA, 'ravdess-16k')).sort().slice(0, 5))
  for (const f of readdirSync(join(DATA, 'ravdess-16k', actor)).sort()) ravdess.push(readFileSync(join(DATA, 'ravdess-16k', actor, f)));
run('ravdess-16k (300 clips)', ravdess, 1);
