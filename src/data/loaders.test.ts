import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCremaD, makeCsv, makeEmoDb, makeSavee, makeTempRoot } from '../../test/fixtures/datasets/make-fixtures.js';
import { DATA, describeShared, expectSerErrorAsync } from '../../test/helpers.js';
import { writeToneWav } from '../../test/write-wav.js';
import { EMOTIONS } from '../types.js';
import type { DatasetItem } from './dataset-item.js';
import { loadDataset } from './load-dataset.js';

const RAVDESS = join(DATA, 'ravdess-16k');
const TESS = join(DATA, 'tess-16k');
/** A few untouched files of nEMO, EMOVO, TurEV-DB and the Emotion TTS open DB, in their own layouts. */
const CORPORA = join(DATA, 'corpora-fixtures');

function countBy<T>(xs: readonly T[], key: (x: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of xs) out[key(x)] = (out[key(x)] ?? 0) + 1;
  return out;
}

describeShared('loadDataset: RAVDESS (real, actors 01–20)', () => {
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

describeShared('loadDataset: TESS (real, half the words)', () => {
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

describeShared('loadDataset: nEMO, EMOVO, TurEV-DB, Emotion TTS (real files, corpora-fixtures)', () => {
  it('nEMO: speaker, emotion and clip from the name; gender and transcript from data.tsv; surprised dropped', async () => {
    const dir = join(CORPORA, 'nemo');
    const { items, skipped } = await loadDataset('nemo', dir);
    expect(items).toHaveLength(10);
    expect(countBy(items, (i) => `${i.speaker}:${i.gender}`)).toEqual({ 'EB0:female': 5, 'KS0:male': 5 });
    expect(countBy(items, (i) => i.emotion)).toEqual({ angry: 2, fear: 2, happy: 2, neutral: 2, sad: 2 });
    expect(items[0]).toEqual({
      path: join(dir, 'EB0_anger_1.wav'),
      emotion: 'angry',
      speaker: 'EB0',
      dataset: 'nemo',
      label: 'anger',
      gender: 'female',
      statement: 'lubię czytać przed snem',
    });
    expect(items.find((i) => i.path.endsWith('KS0_happiness_1.wav'))).toMatchObject({ emotion: 'happy', label: 'happiness', gender: 'male' });
    expect(skipped.map((s) => [s.code, s.path])).toEqual([
      ['extra-label', join(dir, 'EB0_surprised_1.wav')],
      ['extra-label', join(dir, 'KS0_surprised_1.wav')],
    ]);
    const mapped = await loadDataset('nemo', dir, { extraLabels: { surprise: 'happy' } });
    expect(mapped.items).toHaveLength(12);
    expect(mapped.items.filter((i) => i.label === 'surprised').every((i) => i.emotion === 'happy')).toBe(true);
  });

  it('EMOVO: speaker folders f1/ and m2/, gender from the speaker id, sentence as statement; surprise dropped', async () => {
    const dir = join(CORPORA, 'emovo');
    const { items, skipped } = await loadDataset('emovo', dir);
    expect(items).toHaveLength(12);
    expect(countBy(items, (i) => `${i.speaker}:${i.gender}:${i.statement}`)).toEqual({ 'f1:female:b1': 6, 'm2:male:n1': 6 });
    expect(new Set(items.map((i) => i.emotion))).toEqual(new Set(EMOTIONS));
    expect(items.find((i) => i.path === join(dir, 'm2', 'gio-m2-n1.wav'))).toEqual({
      path: join(dir, 'm2', 'gio-m2-n1.wav'),
      emotion: 'happy',
      speaker: 'm2',
      dataset: 'emovo',
      label: 'joy',
      gender: 'male',
      statement: 'n1',
    });
    expect(items.find((i) => i.path.endsWith('rab-f1-b1.wav'))).toMatchObject({ emotion: 'angry', label: 'anger' });
    expect(items.find((i) => i.path.endsWith('pau-f1-b1.wav'))).toMatchObject({ emotion: 'fear', label: 'fear' });
    expect(items.find((i) => i.path.endsWith('tri-f1-b1.wav'))).toMatchObject({ emotion: 'sad', label: 'sadness' });
    expect(skipped.map((s) => s.code)).toEqual(['extra-label', 'extra-label']);
    expect(skipped.every((s) => /sor-/.test(s.path) && /'surprise'/.test(s.reason))).toBe(true);
    expect((await loadDataset('emovo', dir, { extraLabels: { surprise: 'happy' } })).items).toHaveLength(14);
  });

  it('TurEV-DB: emotion from the name code, calm is an extra label (not neutral) and dropped by default', async () => {
    const dir = join(CORPORA, 'turev-db');
    const { items, skipped } = await loadDataset('turev-db', dir);
    expect(items.map((i) => [i.emotion, i.label, i.speaker, i.statement])).toEqual([
      ['angry', 'angry', '1234', 'acik'],
      ['angry', 'angry', '1234', 'algi'],
      ['happy', 'happy', '1234', 'acik'],
      ['happy', 'happy', '1234', 'algi'],
      ['sad', 'sad', '1234', 'acik'],
      ['sad', 'sad', '1234', 'algi'],
    ]);
    expect(items.every((i) => i.dataset === 'turev-db' && i.gender === undefined)).toBe(true);
    expect(skipped.map((s) => [s.code, s.path])).toEqual([
      ['extra-label', join(dir, 'Calm', '1234_sk_acik.wav')],
      ['extra-label', join(dir, 'Calm', '1234_sk_algi.wav')],
    ]);
    expect(skipped[0]!.reason).toMatch(/label 'calm'.*extraLabels/);
    const mapped = await loadDataset('turev-db', dir, { extraLabels: { calm: 'neutral' } });
    expect(mapped.items.filter((i) => i.label === 'calm').map((i) => i.emotion)).toEqual(['neutral', 'neutral']);
  });

  it('Emotion TTS open DB: the number gives the emotion, the speaker folder the speaker', async () => {
    const dir = join(CORPORA, 'emotiontts-open');
    const { items, skipped } = await loadDataset('emotiontts-open', dir);
    expect(skipped).toEqual([]);
    const wav = join(dir, 'emotional-to-emotional', 'neo', 'wav');
    expect(items).toEqual(
      [
        ['neo00001.wav', 'neutral'],
        ['neo00101.wav', 'happy'],
        ['neo00201.wav', 'angry'],
        ['neo00301.wav', 'sad'],
      ].map(([f, e]) => ({ path: join(wav, f!), emotion: e, speaker: 'neo', dataset: 'emotiontts-open', label: e, gender: 'male' })),
    );
  });

  describe('skips, with their codes, in copies of the fixtures', () => {
    let root = '';
    let cleanup: () => Promise<void> = async () => {};
    beforeAll(async () => {
      ({ root, cleanup } = await makeTempRoot());
      const { cp } = await import('node:fs/promises');
      await cp(CORPORA, join(root, 'c'), { recursive: true });
    });
    afterAll(() => cleanup());
    const at = (...p: string[]): string => join(root, 'c', ...p);

    it('nEMO: bad names, resource forks, and no data.tsv (no gender, no transcript)', async () => {
      const { rm } = await import('node:fs/promises');
      await writeToneWav(at('nemo', 'EB0_angry_2.wav'));
      await writeToneWav(at('nemo', 'EB0_anger.wav'));
      await writeToneWav(at('nemo', '._EB0_anger_1.wav'));
      const { items, skipped } = await loadDataset('nemo', at('nemo'));
      expect(items).toHaveLength(10);
      expect(countBy(skipped, (s) => s.code)).toEqual({ 'extra-label': 2, 'unrecognised-name': 2, hidden: 1 });
      expect(skipped.find((s) => s.path.endsWith('EB0_angry_2.wav'))).toMatchObject({ code: 'unrecognised-name', reason: expect.stringMatching(/nEMO scheme.*EB0_anger_12\.wav/) });
      await rm(at('nemo', 'data.tsv'));
      const bare = await loadDataset('nemo', at('nemo'));
      expect(bare.items).toHaveLength(10);
      expect(bare.items.every((i) => i.gender === undefined && i.statement === undefined && i.speaker.length === 3)).toBe(true);
    });

    it('EMOVO: bad names and a second copy of a recording', async () => {
      const { copyFile, mkdir } = await import('node:fs/promises');
      await writeToneWav(at('emovo', 'f1', 'rab-f1.wav'));
      await writeToneWav(at('emovo', 'f1', 'ang-f1-b1.wav'));
      await mkdir(at('emovo', 'm2', 'backup'));
      await copyFile(at('emovo', 'm2', 'neu-m2-n1.wav'), at('emovo', 'm2', 'backup', 'neu-m2-n1.wav'));
      const { items, skipped } = await loadDataset('emovo', at('emovo'));
      expect(items).toHaveLength(12);
      expect(countBy(skipped, (s) => s.code)).toEqual({ 'extra-label': 2, 'unrecognised-name': 2, duplicate: 1 });
      expect(skipped.find((s) => s.code === 'duplicate')!.path).toBe(at('emovo', 'm2', 'neu-m2-n1.wav'));
    });

    it("TurEV-DB: never indexes 'Model Output for Test Data/', reports bad names", async () => {
      const { copyFile, mkdir } = await import('node:fs/promises');
      const bad = at('turev-db', 'Model Output for Test Data', 'testEmotions5000LowPass', 'plain', 'Angry');
      await mkdir(bad, { recursive: true });
      await copyFile(at('turev-db', 'Angry', '1234_kz_algi.wav'), join(bad, '1234_kz_algi.wav'));
      await copyFile(at('turev-db', 'Angry', '1234_kz_acik.wav'), join(bad, '1234_kz_acik.wav'));
      await writeToneWav(at('turev-db', 'Sad', '1234_xx_algi.wav'));
      const { items, skipped } = await loadDataset('turev-db', at('turev-db'));
      expect(items).toHaveLength(6);
      expect(items.some((i) => i.path.includes('Model Output'))).toBe(false);
      expect(countBy(skipped, (s) => s.code)).toEqual({ 'extra-label': 2, filtered: 2, 'unrecognised-name': 1 });
      expect(skipped.filter((s) => s.code === 'filtered').every((s) => s.path.startsWith(bad) && /Model Output for Test Data.*high-pass/.test(s.reason))).toBe(true);
      // Pointed at the excluded folder itself, the loader refuses rather than index the copies.
      await expectSerErrorAsync(() => loadDataset('turev-db', bad), 'SER_DATASET', /all of its 2 audio files are excluded/);
    });

    it('Emotion TTS open DB: numbers outside 00001–00400 and other names are unrecognised', async () => {
      const wav = at('emotiontts-open', 'emotional-to-emotional', 'neo', 'wav');
      await writeToneWav(join(wav, 'neo00401.wav'));
      await writeToneWav(join(wav, 'neo0001.wav'));
      const { items, skipped } = await loadDataset('emotiontts-open', at('emotiontts-open'));
      expect(items).toHaveLength(4);
      expect(skipped.map((s) => [s.code, s.path])).toEqual([
        ['unrecognised-name', join(wav, 'neo0001.wav')],
        ['unrecognised-name', join(wav, 'neo00401.wav')],
      ]);
    });

    it('each loader throws SER_DATASET naming its scheme when pointed at another corpus', async () => {
      await expectSerErrorAsync(() => loadDataset('nemo', join(CORPORA, 'emovo')), 'SER_DATASET', /does not look like nEMO.*EB0_anger_12\.wav/);
      await expectSerErrorAsync(() => loadDataset('emovo', join(CORPORA, 'nemo')), 'SER_DATASET', /does not look like EMOVO.*rab-f1-b1\.wav/);
      await expectSerErrorAsync(() => loadDataset('turev-db', join(CORPORA, 'emotiontts-open')), 'SER_DATASET', /does not look like TurEV-DB.*1234_kz_algi\.wav/);
      await expectSerErrorAsync(() => loadDataset('emotiontts-open', join(CORPORA, 'turev-db')), 'SER_DATASET', /does not look like Emotion TTS open DB.*neo00201\.wav/);
    });
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
