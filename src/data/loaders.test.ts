import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCremaD, makeCsv, makeEmoDb, makeSavee, makeTempRoot } from '../../test/fixtures/datasets/make-fixtures.js';
import { DATA, expectSerErrorAsync } from '../../test/helpers.js';
import { writeToneWav } from '../../test/write-wav.js';
import { EMOTIONS } from '../types.js';
import type { DatasetItem } from './dataset-item.js';
import { loadDataset } from './load-dataset.js';

const RAVDESS = join(DATA, 'ravdess-16k');
const TESS = join(DATA, 'tess-16k');

function countBy<T>(xs: readonly T[], key: (x: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of xs) out[key(x)] = (out[key(x)] ?? 0) + 1;
  return out;
}

describe('loadDataset: RAVDESS (real, actors 01–20)', () => {
  it('keeps the 880 six-class clips, 44 per actor, and reports calm/surprised as extra-label skips', async () => {
    const { items, skipped } = await loadDataset('ravdess', RAVDESS);
    expect(items).toHaveLength(880);
    const perActor = countBy(items, (i) => i.speaker);
    expect(Object.keys(perActor)).toHaveLength(20);
    for (const n of Object.values(perActor)) expect(n).toBe(44);
    expect(countBy(items, (i) => i.emotion)).toEqual({ neutral: 80, happy: 160, sad: 160, angry: 160, fear: 160, disgust: 160 });
    expect(skipped).toHaveLength(320);
    expect(countBy(skipped, (s) => s.code)).toEqual({ 'extra-label': 320 });
    expect(skipped.filter((s) => /label 'calm'/.test(s.reason))).toHaveLength(160);
    // Actor parity gives gender; metadata comes from the name.
    const first = items[0]!;
    expect(first).toEqual({
      path: join(RAVDESS, 'Actor_01', '03-01-01-01-01-01-01.wav'),
      emotion: 'neutral',
      speaker: '01',
      dataset: 'ravdess',
      label: 'neutral',
      gender: 'male',
      intensity: 'normal',
      statement: '01',
    });
    expect(items.filter((i) => i.gender === 'female')).toHaveLength(440);
    expect(items.filter((i) => i.label === 'fearful').every((i) => i.emotion === 'fear')).toBe(true);
    // Sorted by path: deterministic whatever order readdir returns.
    expect(items.map((i) => i.path)).toEqual([...items.map((i) => i.path)].sort());
  });

  it('maps calm and surprised when extraLabels says so (all 1200 clips)', async () => {
    const { items, skipped } = await loadDataset('ravdess', RAVDESS, { extraLabels: { calm: 'neutral', surprise: 'happy' } });
    expect(items).toHaveLength(1200);
    expect(skipped).toHaveLength(0);
    const e = countBy(items, (i) => i.emotion);
    expect(e.neutral).toBe(80 + 160);
    expect(e.happy).toBe(160 + 160);
    expect(items.filter((i) => i.label === 'calm').every((i) => i.emotion === 'neutral')).toBe(true);
    // Mapping only calm leaves surprised dropped.
    const onlyCalm = await loadDataset('ravdess', RAVDESS, { extraLabels: { calm: 'neutral' } });
    expect(onlyCalm.items).toHaveLength(1040);
  });

  it('filters the song channel and refuses a non-recursive look at the top folder', async () => {
    const song = await loadDataset('ravdess', RAVDESS, { vocalChannel: 'song' });
    expect(song.items).toHaveLength(0);
    expect(song.skipped.filter((s) => s.code === 'filtered')).toHaveLength(1200);
    await expectSerErrorAsync(() => loadDataset('ravdess', RAVDESS, { recursive: false }), 'SER_DATASET', /found no \.wav files.*recursive: false/);
    const one = await loadDataset('ravdess', join(RAVDESS, 'Actor_07'), { recursive: false });
    expect(one.items).toHaveLength(44);
  });
});

describe('loadDataset: TESS (real, half the words)', () => {
  it('counts clips per speaker and class and skips pleasant surprise', async () => {
    const { items, skipped } = await loadDataset('tess', TESS);
    const per = countBy(items, (i) => `${i.speaker}_${i.emotion}`);
    expect(per.OAF_angry).toBe(99);
    for (const spk of ['OAF', 'YAF']) {
      for (const e of EMOTIONS) if (!(spk === 'OAF' && e === 'angry')) expect(per[`${spk}_${e}`], `${spk}_${e}`).toBe(100);
    }
    expect(items).toHaveLength(1199);
    expect(skipped).toHaveLength(200);
    expect(skipped.every((s) => s.code === 'extra-label' && /pleasant_surprise/.test(s.path + s.reason))).toBe(true);
    expect(items.every((i) => i.gender === 'female' && i.dataset === 'tess')).toBe(true);
    // The misspelt OA_bite_neutral.wav is attributed to OAF through its folder.
    expect(items.find((i) => i.path.endsWith('OA_bite_neutral.wav'))).toMatchObject({ speaker: 'OAF', emotion: 'neutral', statement: 'bite' });
  });

  it('maps pleasant surprise with extraLabels { ps: ... }', async () => {
    const { items } = await loadDataset('tess', TESS, { extraLabels: { ps: 'happy' } });
    expect(items).toHaveLength(1399);
    expect(items.filter((i) => i.label === 'pleasant_surprise')).toHaveLength(200);
  });

  it('throws SER_DATASET naming the expected scheme when pointed at another corpus', async () => {
    await expectSerErrorAsync(() => loadDataset('tess', join(RAVDESS, 'Actor_01')), 'SER_DATASET', /does not look like TESS.*none of its 60 audio files.*OAF_back_angry\.wav/);
    await expectSerErrorAsync(() => loadDataset('emodb', TESS), 'SER_DATASET', /03a01Fa\.wav/);
  });
});

describe('loadDataset on generated fixtures', () => {
  let root = '';
  let cleanup: () => Promise<void> = async () => {};
  beforeAll(async () => {
    ({ root, cleanup } = await makeTempRoot());
  });
  afterAll(() => cleanup());

  it('CREMA-D: indexes AudioWAV/, skips junk and resource forks', async () => {
    const { dir, valid } = await makeCremaD(root);
    const { items, skipped } = await loadDataset('crema-d', dir);
    expect(items.map((i) => i.path)).toEqual(valid.map((f) => join(dir, 'AudioWAV', f)).sort());
    expect(countBy(items, (i) => i.speaker)).toEqual({ '1001': 9, '1091': 3 });
    expect(new Set(items.map((i) => i.emotion))).toEqual(new Set(EMOTIONS));
    expect(items.find((i) => i.path.endsWith('1001_IEO_ANG_LO.wav'))).toMatchObject({ emotion: 'angry', label: 'anger', intensity: 'low', statement: 'IEO', dataset: 'crema-d' });
    expect(countBy(skipped, (s) => s.code)).toEqual({ 'unrecognised-name': 2, hidden: 1 });
    expect(skipped.find((s) => s.code === 'unrecognised-name')!.reason).toMatch(/CREMA-D scheme.*1001_DFA_ANG_XX/);
  });

  it('SAVEE: reads AudioData/<speaker>/ and the flat prefixed layout, dropping duplicate recordings', async () => {
    const { dir } = await makeSavee(root);
    const { items, skipped } = await loadDataset('savee', dir);
    // 2 speakers × 7 six-class files + KL_sa03 (DC_a01 and DC_sa01 in ALL/ are copies)
    expect(items).toHaveLength(15);
    expect(countBy(items, (i) => i.speaker)).toEqual({ DC: 7, JK: 7, KL: 1 });
    expect(countBy(skipped, (s) => s.code)).toEqual({ duplicate: 2, 'extra-label': 2 });
    const dup = skipped.filter((s) => s.code === 'duplicate').map((s) => s.path);
    expect(dup.every((p) => p.includes(join(dir, 'AudioData')))).toBe(true); // ALL/ sorts first and is kept
    expect(items.find((i) => i.path.endsWith(join('JK', 'h01.wav')))).toMatchObject({ emotion: 'happy', label: 'happiness', gender: 'male', statement: 'h01' });
    const mapped = await loadDataset('savee', dir, { extraLabels: { surprised: 'happy' } });
    expect(mapped.items).toHaveLength(17);
  });

  it('EmoDB: case-sensitive names; boredom dropped unless mapped', async () => {
    const { dir } = await makeEmoDb(root);
    const { items, skipped } = await loadDataset('emodb', dir);
    expect(items.map((i) => `${i.speaker}:${i.emotion}`).sort()).toEqual(
      ['03:happy', '03:angry', '16:sad', '10:fear', '11:disgust', '12:neutral', '08:neutral'].sort(),
    );
    expect(countBy(skipped, (s) => s.code)).toEqual({ 'extra-label': 1, 'unrecognised-name': 1 });
    const mapped = await loadDataset('emodb', dir, { extraLabels: { bored: 'neutral' } });
    expect(mapped.items.find((i) => i.label === 'boredom')).toMatchObject({ emotion: 'neutral', speaker: '08', gender: 'female' });
  });

  it('CSV: header by name, aliases, quoted paths, relative and absolute paths, and every skip reason', async () => {
    const { csv, csvNoHeader, absWav } = await makeCsv(root);
    const dir = join(root, 'custom');
    const { items, skipped } = await loadDataset('csv', csv);
    const byPath = Object.fromEntries(items.map((i) => [i.path, i]));
    expect(Object.keys(byPath).sort()).toEqual(
      [join(dir, 'clips', 'a.wav'), join(dir, 'clips', 'b.wav'), join(dir, 'clips', 'c.wav'), join(dir, 'clips', 'd.wav'), join(dir, 'clips', 'with, comma.wav'), absWav].sort(),
    );
    expect(byPath[join(dir, 'clips', 'a.wav')]).toEqual({ path: join(dir, 'clips', 'a.wav'), emotion: 'angry', speaker: 's1', dataset: 'csv', label: 'anger' });
    expect(byPath[join(dir, 'clips', 'b.wav')]!.emotion).toBe('fear');
    expect(byPath[join(dir, 'clips', 'c.wav')]!.emotion).toBe('happy');
    expect(byPath[join(dir, 'clips', 'd.wav')]!.emotion).toBe('sad');
    expect(byPath[absWav]).toMatchObject({ emotion: 'neutral', speaker: 's3' });
    expect(countBy(skipped, (s) => s.code)).toEqual({ 'extra-label': 1, 'unknown-label': 1, 'missing-file': 1, duplicate: 1, 'bad-row': 1 });
    expect(skipped.find((s) => s.code === 'unknown-label')!.reason).toMatch(/'excited'.*extraLabels/);

    const mapped = await loadDataset('csv', csv, { extraLabels: { calm: 'neutral', excited: 'happy' } });
    expect(mapped.items).toHaveLength(8);
    expect(mapped.items.find((i) => i.label === 'excited')!.emotion).toBe('happy');

    const plain = await loadDataset('csv', csvNoHeader);
    expect(plain.items.map((i: DatasetItem) => [i.emotion, i.speaker])).toEqual([
      ['angry', 'unknown'],
      ['neutral', 'unknown'],
    ]);
    // A folder with two CSVs is ambiguous.
    await expectSerErrorAsync(() => loadDataset('csv', dir), 'SER_DATASET', /exactly one \.csv.*found 2/);
  });

  it('CSV: SER_DATASET when no label is usable or no listed file exists; SER_IO when missing', async () => {
    const { writeFile } = await import('node:fs/promises');
    const bad = join(root, 'bad.csv');
    await writeFile(bad, 'path,label\nx.wav,excited\ny.wav,bored2\n');
    await expectSerErrorAsync(() => loadDataset('csv', bad), 'SER_DATASET', /no row with a usable label.*path,label\[,speaker\]/);
    const gone = join(root, 'gone.csv');
    await writeFile(gone, 'x.wav,angry\ny.wav,sad\n');
    await expectSerErrorAsync(() => loadDataset('csv', gone), 'SER_DATASET', /none of the 2 files.*resolved against the CSV's folder/);
    expect((await loadDataset('csv', gone, { checkExists: false })).items).toHaveLength(2);
    await expectSerErrorAsync(() => loadDataset('csv', join(root, 'nope.csv')), 'SER_IO', /nope\.csv/);
    await expectSerErrorAsync(() => loadDataset('csv', gone, { delimiter: ';;' }), 'SER_INVALID_ARGUMENT', /delimiter/);
    const tsv = join(root, 'list.tsv');
    await writeFile(tsv, 'label\tpath\tspeaker\nsad\tx.wav\tA\n');
    const t = await loadDataset('csv', tsv, { delimiter: '\t', checkExists: false });
    expect(t.items).toEqual([{ path: join(root, 'x.wav'), emotion: 'sad', speaker: 'A', dataset: 'csv', label: 'sad' }]);
  });

  it('throws SER_DATASET for a folder without recognisable files and SER_IO for a missing folder', async () => {
    const junk = join(root, 'junk');
    await writeToneWav(join(junk, 'hello.wav'));
    await writeToneWav(join(junk, 'world.wav'));
    await expectSerErrorAsync(() => loadDataset('crema-d', junk), 'SER_DATASET', /none of its 2 audio files.*"hello\.wav".*Expected names like '1001_DFA_ANG_XX\.wav'/);
    await expectSerErrorAsync(() => loadDataset('ravdess', join(root, 'does-not-exist')), 'SER_IO', /readable folder/);
  });

  it('validates options and the dataset name', async () => {
    await expectSerErrorAsync(() => loadDataset('iemocap' as 'csv', root), 'SER_INVALID_ARGUMENT', /name must be one of 'ravdess'/);
    await expectSerErrorAsync(() => loadDataset('ravdess', RAVDESS, { extraLabels: { calm: 'relaxed' as 'neutral' } }), 'SER_INVALID_ARGUMENT', /extraLabels\.calm/);
    await expectSerErrorAsync(() => loadDataset('ravdess', RAVDESS, { extraLabels: { anger: 'sad' } }), 'SER_INVALID_ARGUMENT', /already means 'angry'/);
    await expectSerErrorAsync(() => loadDataset('ravdess', RAVDESS, { vocalChannel: 'video' as 'song' }), 'SER_INVALID_ARGUMENT', /vocalChannel/);
    await expectSerErrorAsync(() => loadDataset('ravdess', RAVDESS, { extensions: ['wav'] }), 'SER_INVALID_ARGUMENT', /extensions/);
  });
});
