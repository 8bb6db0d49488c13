/** How often noise-floor-aware trimming (margin 6 dB) changes the kept span of clean corpus clips. */
import { AudioDecoder } from '../../src/audio/audio-decoder.js';
import { trimSilence } from '../../src/audio/trim.js';
import { corpusItems } from './corpora.js';
const dec = new AudioDecoder();
for (const c of ['ravdess', 'tess', 'nemo', 'turev-db', 'emotiontts-open', 'emovo']) {
  const items = (await corpusItems(c)).filter((_, i) => i % 10 === 0);
  let changed = 0, cut = 0;
  for (const it of items) {
    const { samples } = await dec.decodeFile(it.path);
    const a = trimSilence(samples, { topDb: 30, frameLength: 512, hopLength: 128 });
    const b = trimSilence(samples, { topDb: 30, frameLength: 512, hopLength: 128, noiseMarginDb: 6 });
    if (b.trimmed.length < 0.95 * a.trimmed.length) changed++;
    cut += 1 - b.trimmed.length / a.trimmed.length;
  }
  console.log(`${c}: ${changed}/${items.length} clips lose > 5 % of their span; mean cut ${(cut / items.length * 100).toFixed(1)} %`);
}
