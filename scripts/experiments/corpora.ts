/**
 * Experiment-side corpus index: every corpus of the multi-corpus recipe as plain items
 * (path, emotion, speaker prefixed with the corpus). Uses the library's loaders.
 */
import { readdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { loadDataset } from '../../src/data/load-dataset.js';
import type { DatasetName } from '../../src/data/dataset-item.js';

export interface CorpusItem {
  readonly path: string;
  readonly emotion: string;
  readonly speaker: string;
  readonly corpus: string;
}

/** Where each corpus lives (RAVDESS/TESS in ../shared/data, the four others built into ../corpora). */
export const CORPUS_DIRS: Record<string, string> = {
  ravdess: '../shared/data/ravdess-16k',
  tess: '../shared/data/tess-16k',
  nemo: '../corpora/nemo',
  emovo: '../corpora/emovo',
  'turev-db': '../corpora/turev-db',
  'emotiontts-open': '../corpora/emotiontts-open',
};

/** Stand-in indexers until the library's loaders for these corpora land. */
function quickIndex(corpus: string, dir: string): CorpusItem[] {
  const files = readdirSync(dir, { recursive: true }) as string[];
  const out: CorpusItem[] = [];
  for (const f of files) {
    if (!f.endsWith('.wav')) continue;
    const base = basename(f, '.wav');
    let emotion: string | undefined;
    let speaker: string | undefined;
    if (corpus === 'nemo') {
      const [spk, emo] = base.split('_');
      emotion = ({ anger: 'angry', fear: 'fear', happiness: 'happy', neutral: 'neutral', sadness: 'sad' } as Record<string, string>)[emo!];
      speaker = spk;
    } else if (corpus === 'emovo') {
      const [emo, spk] = base.split('-');
      emotion = ({ rab: 'angry', dis: 'disgust', pau: 'fear', gio: 'happy', neu: 'neutral', tri: 'sad' } as Record<string, string>)[emo!];
      speaker = spk;
    } else if (corpus === 'turev-db') {
      const [spk, emo] = base.split('_');
      emotion = ({ kz: 'angry', mt: 'happy', hl: 'sad' } as Record<string, string>)[emo!];
      speaker = spk;
      if (f.includes('Model Output')) emotion = undefined;
    } else if (corpus === 'emotiontts-open') {
      const m = /^([a-z]+)(\d{5})$/.exec(base);
      if (m) {
        const n = Number(m[2]);
        emotion = n <= 100 ? 'neutral' : n <= 200 ? 'happy' : n <= 300 ? 'angry' : n <= 400 ? 'sad' : undefined;
        speaker = m[1];
      }
    }
    if (emotion && speaker) out.push({ path: join(dir, f), emotion, speaker: `${corpus}/${speaker}`, corpus });
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : 1));
}

export async function corpusItems(corpus: string, root = process.cwd()): Promise<CorpusItem[]> {
  const dir = resolve(root, CORPUS_DIRS[corpus]!);
  if (corpus !== 'ravdess' && corpus !== 'tess') return quickIndex(corpus, dir);
  const { items } = await loadDataset(corpus as DatasetName, dir);
  return items.map((i) => ({ path: i.path, emotion: i.emotion, speaker: `${corpus}/${i.speaker}`, corpus }));
}
