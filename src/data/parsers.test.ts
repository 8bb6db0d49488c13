import { describe, expect, it } from 'vitest';
import { parseCremaDName } from './crema-d.js';
import { parseCsv, parseManifest } from './csv.js';
import { parseEmoDbName } from './emodb.js';
import { parseEmotionTtsName } from './emotiontts-open.js';
import { parseEmovoName } from './emovo.js';
import { parseNemoMetadata, parseNemoName } from './nemo.js';
import { canonicalExtraLabel, normalizeEmotion } from './labels.js';
import { parseRavdessName } from './ravdess.js';
import { parseSaveeName } from './savee.js';
import { parseTessName } from './tess.js';
import { parseTurevName } from './turev-db.js';

describe('parseRavdessName', () => {
  it('reads all seven fields of an audio-only speech name', () => {
    expect(parseRavdessName('03-01-06-02-01-02-13.wav')).toEqual({
      label: 'fearful',
      emotion: 'fear',
      speaker: '13',
      gender: 'male',
      intensity: 'strong',
      statement: '01',
      repetition: 2,
      modality: 'audio-only',
      vocalChannel: 'speech',
    });
    expect(parseRavdessName('03-02-05-01-02-01-24')).toMatchObject({ emotion: 'angry', speaker: '24', gender: 'female', vocalChannel: 'song', statement: '02' });
  });

  it.each([
    ['01', 'neutral', 'neutral'],
    ['02', 'calm', null],
    ['03', 'happy', 'happy'],
    ['04', 'sad', 'sad'],
    ['05', 'angry', 'angry'],
    ['06', 'fearful', 'fear'],
    ['07', 'disgust', 'disgust'],
    ['08', 'surprised', null],
  ])('maps emotion code %s to label %s / emotion %s', (code, label, emotion) => {
    expect(parseRavdessName(`03-01-${code}-01-01-01-01.wav`)).toMatchObject({ label, emotion });
  });

  it.each(['03-01-09-01-01-01-01.wav', '03-01-05-03-01-01-01.wav', '04-01-05-01-01-01-01.wav', '03-03-05-01-01-01-01.wav', '03-01-05-01-01-01-00.wav', '03-01-05-01-01-01.wav', 'Actor_01.wav', '03_01_05_01_01_01_01.wav'])(
    'rejects %s',
    (name) => expect(parseRavdessName(name)).toBeNull(),
  );
});

describe('parseCremaDName', () => {
  it.each([
    ['1001_DFA_ANG_XX.wav', { label: 'anger', emotion: 'angry', speaker: '1001', intensity: 'unspecified', statement: 'DFA' }],
    ['1002_IEO_DIS_HI.wav', { label: 'disgust', emotion: 'disgust', speaker: '1002', intensity: 'high', statement: 'IEO' }],
    ['1091_TIE_FEA_LO.wav', { label: 'fear', emotion: 'fear', speaker: '1091', intensity: 'low', statement: 'TIE' }],
    ['1050_MTI_HAP_MD.wav', { label: 'happy', emotion: 'happy', speaker: '1050', intensity: 'medium', statement: 'MTI' }],
    ['1010_WSI_NEU_XX', { label: 'neutral', emotion: 'neutral', speaker: '1010', intensity: 'unspecified', statement: 'WSI' }],
    ['1076_MTI_SAD_X.wav', { label: 'sad', emotion: 'sad', speaker: '1076', intensity: 'unspecified', statement: 'MTI' }],
  ])('reads %s', (name, expected) => expect(parseCremaDName(name)).toEqual(expected));

  it.each(['1001_DFA_CAL_XX.wav', '1001_DFA_ANG_ZZ.wav', '101_DFA_ANG_XX.wav', '1001-DFA-ANG-XX.wav', 'OAF_back_angry.wav'])('rejects %s', (name) =>
    expect(parseCremaDName(name)).toBeNull(),
  );
});

describe('parseTessName', () => {
  it.each([
    ['OAF_back_angry.wav', undefined, { label: 'angry', emotion: 'angry', speaker: 'OAF', statement: 'back' }],
    ['YAF_dog_disgust.wav', 'YAF_disgust', { label: 'disgust', emotion: 'disgust', speaker: 'YAF', statement: 'dog' }],
    ['OAF_neat_fear.wav', 'OAF_Fear', { label: 'fear', emotion: 'fear', speaker: 'OAF', statement: 'neat' }],
    ['YAF_germ_happy.WAV', undefined, { label: 'happy', emotion: 'happy', speaker: 'YAF', statement: 'germ' }],
    ['OAF_back_ps.wav', 'OAF_Pleasant_surprise', { label: 'pleasant_surprise', emotion: null, speaker: 'OAF', statement: 'back' }],
    ['YAF_back_pleasant_surprised.wav', 'YAF_pleasant_surprised', { label: 'pleasant_surprise', emotion: null, speaker: 'YAF', statement: 'back' }],
    // The real OAF_neutral folder holds one file with a misspelt prefix.
    ['OA_bite_neutral.wav', 'OAF_neutral', { label: 'neutral', emotion: 'neutral', speaker: 'OAF', statement: 'bite' }],
    ['back_sad.wav', 'YAF_sad', { label: 'sad', emotion: 'sad', speaker: 'YAF', statement: 'back' }],
  ])('reads %s (folder %s)', (name, dir, expected) => expect(parseTessName(name, dir)).toEqual({ ...expected, gender: 'female' }));

  it.each([
    ['OAF_back.wav', undefined],
    ['OAF_back_bored.wav', undefined],
    ['back_angry.wav', undefined],
    ['OA_bite_neutral.wav', undefined],
    ['XYZ_back_angry.wav', 'misc'],
    ['03-01-05-01-01-01-02.wav', 'Actor_02'],
  ])('rejects %s (folder %s)', (name, dir) => expect(parseTessName(name, dir)).toBeNull());
});

describe('parseSaveeName', () => {
  it.each([
    ['DC_a01.wav', undefined, { label: 'anger', emotion: 'angry', speaker: 'DC', statement: 'a01' }],
    ['JE_d02.wav', undefined, { label: 'disgust', emotion: 'disgust', speaker: 'JE', statement: 'd02' }],
    ['JK_f03.wav', undefined, { label: 'fear', emotion: 'fear', speaker: 'JK', statement: 'f03' }],
    ['KL_h15.wav', undefined, { label: 'happiness', emotion: 'happy', speaker: 'KL', statement: 'h15' }],
    ['DC_n30.wav', undefined, { label: 'neutral', emotion: 'neutral', speaker: 'DC', statement: 'n30' }],
    ['KL_sa03.wav', undefined, { label: 'sadness', emotion: 'sad', speaker: 'KL', statement: 'sa03' }],
    ['JE_su12.wav', undefined, { label: 'surprise', emotion: null, speaker: 'JE', statement: 'su12' }],
    ['a01.wav', 'DC', { label: 'anger', emotion: 'angry', speaker: 'DC', statement: 'a01' }],
    ['sa10.wav', 'KL', { label: 'sadness', emotion: 'sad', speaker: 'KL', statement: 'sa10' }],
  ])('reads %s (folder %s)', (name, dir, expected) => expect(parseSaveeName(name, dir)).toEqual({ ...expected, gender: 'male' }));

  it.each([
    ['a01.wav', undefined],
    ['a01.wav', 'AudioData'],
    ['DC_x01.wav', undefined],
    ['DC_a1.wav', undefined],
    ['DC_sad01.wav', undefined],
  ])('rejects %s (folder %s)', (name, dir) => expect(parseSaveeName(name, dir)).toBeNull());
});

describe('parseEmoDbName', () => {
  it.each([
    ['03a01Wa.wav', { label: 'anger', emotion: 'angry', speaker: '03', gender: 'male', statement: 'a01' }],
    ['08b02Lc.wav', { label: 'boredom', emotion: null, speaker: '08', gender: 'female', statement: 'b02' }],
    ['09a05Ea.wav', { label: 'disgust', emotion: 'disgust', speaker: '09', gender: 'female', statement: 'a05' }],
    ['10a04Ad.wav', { label: 'fear', emotion: 'fear', speaker: '10', gender: 'male', statement: 'a04' }],
    ['03a01Fa.wav', { label: 'happiness', emotion: 'happy', speaker: '03', gender: 'male', statement: 'a01' }],
    ['16a07Tb.wav', { label: 'sadness', emotion: 'sad', speaker: '16', gender: 'female', statement: 'a07' }],
    ['12a05Nc.wav', { label: 'neutral', emotion: 'neutral', speaker: '12', gender: 'male', statement: 'a05' }],
    // An unlisted speaker is still recognised, without a gender.
    ['99b10Na.wav', { label: 'neutral', emotion: 'neutral', speaker: '99', statement: 'b10' }],
  ])('reads %s', (name, expected) => expect(parseEmoDbName(name)).toEqual(expected));

  it.each(['03a01fa.wav', '03a01FA.wav', '03c01Fa.wav', '3a01Fa.wav', '03a01Xa.wav'])('rejects %s', (name) => expect(parseEmoDbName(name)).toBeNull());
});

describe('label vocabulary', () => {
  it.each([
    ['anger', 'angry'],
    ['Angry', 'angry'],
    ['fearful', 'fear'],
    ['happiness', 'happy'],
    ['sadness', 'sad'],
    ['DISGUSTED', 'disgust'],
    [' neutral ', 'neutral'],
    ['calm', null],
    ['excited', null],
  ])('normalizeEmotion(%j) is %j', (label, expected) => expect(normalizeEmotion(label)).toBe(expected));

  it('canonicalises extra-label aliases', () => {
    expect(canonicalExtraLabel('ps')).toBe('pleasant_surprise');
    expect(canonicalExtraLabel('Pleasant surprise')).toBe('pleasant_surprise');
    expect(canonicalExtraLabel('su')).toBe('surprised');
    expect(canonicalExtraLabel('surprise')).toBe('surprised');
    expect(canonicalExtraLabel('bored')).toBe('boredom');
    expect(canonicalExtraLabel('Excited')).toBe('excited');
  });
});

describe('parseCsv / parseManifest', () => {
  it('handles quotes, doubled quotes, embedded commas and newlines, CRLF, BOM and blank lines', () => {
    const rows = parseCsv('\ufeffa, b ,"c, ""d"""\r\n\r\n"multi\nline",2,\n last ,"x"');
    expect(rows).toEqual([
      { line: 1, fields: ['a', 'b', 'c, "d"'] },
      { line: 3, fields: ['multi\nline', '2', ''] },
      { line: 5, fields: ['last', 'x'] },
    ]);
    expect(parseCsv('a;b\n1;2', ';').map((r) => r.fields)).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('detects a header and finds columns by name, in any order', () => {
    const m = parseManifest('Emotion,Speaker ID,File Path\nangry,s1,x.wav\nsad,,y.wav\n');
    expect(m.header).toBe(true);
    expect(m.rows).toEqual([
      { line: 2, path: 'x.wav', label: 'angry', speaker: 's1' },
      { line: 3, path: 'y.wav', label: 'sad' },
    ]);
  });

  it('reads path,label,speaker positionally without a header and reports short rows', () => {
    const m = parseManifest('x.wav,angry,7\ny.wav\nz.wav,sad\n');
    expect(m.header).toBe(false);
    expect(m.rows).toEqual([
      { line: 1, path: 'x.wav', label: 'angry', speaker: '7' },
      { line: 3, path: 'z.wav', label: 'sad' },
    ]);
    expect(m.bad).toHaveLength(1);
    expect(m.bad[0]!.line).toBe(2);
  });
});

describe('parseNemoName', () => {
  it.each([
    ['EB0_anger_12.wav', 'anger', 'angry'],
    ['KS0_fear_1.wav', 'fear', 'fear'],
    ['MP0_happiness_256.wav', 'happiness', 'happy'],
    ['IC0_neutral_3', 'neutral', 'neutral'],
    ['WR0_sadness_90.wav', 'sadness', 'sad'],
    ['TP0_surprised_7.wav', 'surprised', null],
  ])('%s → label %s, emotion %s', (name, label, emotion) => {
    expect(parseNemoName(name)).toEqual({ label, emotion, speaker: name.slice(0, 3) });
  });

  it.each(['EB0_angry_1.wav', 'EB0_anger.wav', 'EB0-anger-1.wav', 'anger_1.wav', 'EB0_anger_x.wav', 'data.tsv'])('rejects %s', (name) =>
    expect(parseNemoName(name)).toBeNull(),
  );

  it('reads data.tsv by column name, trimming the padded speaker id', () => {
    const tsv = 'file_id\temotion\traw_text\tnormalized_text\tspeaker_id\tgender\tage\nEB0_anger_1.wav\tanger\tLubię czytać.\tlubię czytać\t        EB0\tfemale\t27\nKS0_fear_1.wav\tfear\tA.\ta\tKS0\tmale\t\n';
    const m = parseNemoMetadata(tsv);
    expect(m.get('EB0_anger_1.wav')).toEqual({ file: 'EB0_anger_1.wav', speaker: 'EB0', gender: 'female', age: 27, transcript: 'lubię czytać' });
    expect(m.get('KS0_fear_1.wav')).toEqual({ file: 'KS0_fear_1.wav', speaker: 'KS0', gender: 'male', transcript: 'a' });
    expect(parseNemoMetadata('no header here\n').size).toBe(0);
  });
});

describe('parseEmovoName', () => {
  it.each([
    ['rab', 'anger', 'angry'],
    ['dis', 'disgust', 'disgust'],
    ['pau', 'fear', 'fear'],
    ['gio', 'joy', 'happy'],
    ['neu', 'neutral', 'neutral'],
    ['tri', 'sadness', 'sad'],
    ['sor', 'surprise', null],
  ])('maps %s to label %s / emotion %s', (code, label, emotion) => {
    expect(parseEmovoName(`${code}-m3-n5.wav`)).toEqual({ label, emotion, speaker: 'm3', gender: 'male', statement: 'n5' });
  });

  it('reads the speaker and its gender', () => {
    expect(parseEmovoName('rab-f1-b1.wav', 'f1')).toEqual({ label: 'anger', emotion: 'angry', speaker: 'f1', gender: 'female', statement: 'b1' });
    expect(parseEmovoName('NEU-F2-L4.WAV')).toMatchObject({ speaker: 'f2', gender: 'female', statement: 'l4' });
  });

  it.each(['ang-f1-b1.wav', 'rab-x1-b1.wav', 'rab_f1_b1.wav', 'rab-f1.wav', 'rab-f1-b.wav'])('rejects %s', (name) => expect(parseEmovoName(name)).toBeNull());
});

describe('parseTurevName', () => {
  it.each([
    ['1234_kz_algi.wav', 'angry', 'angry'],
    ['1157_mt_beste.wav', 'happy', 'happy'],
    ['7895_hl_ogul1.wav', 'sad', 'sad'],
    ['6783_sk_acik.wav', 'calm', null],
  ])('%s → label %s, emotion %s', (name, label, emotion) => {
    const [speaker, , word] = name.replace('.wav', '').split('_');
    expect(parseTurevName(name)).toEqual({ label, emotion, speaker, statement: word });
  });

  it.each(['1234_xx_algi.wav', 'ab_kz_algi.wav', '1234_kz.wav', '1234-kz-algi.wav', '1234_kz_al gi.wav'])('rejects %s', (name) => expect(parseTurevName(name)).toBeNull());
});

describe('parseEmotionTtsName', () => {
  it.each([
    ['neo00001.wav', 'neutral', 'neo', 'male'],
    ['neo00100.wav', 'neutral', 'neo', 'male'],
    ['ema00101.wav', 'happy', 'ema', 'female'],
    ['nee00250.wav', 'angry', 'nee', 'female'],
    ['emh00400.wav', 'sad', 'emh', 'male'],
  ])('%s → %s, speaker %s (%s)', (name, emotion, speaker, gender) => {
    expect(parseEmotionTtsName(name)).toEqual({ label: emotion, emotion, speaker, gender });
  });

  it('leaves gender unset for a speaker the README does not list', () => {
    expect(parseEmotionTtsName('xyz00301.wav')).toEqual({ label: 'sad', emotion: 'sad', speaker: 'xyz' });
  });

  it.each(['neo00000.wav', 'neo00401.wav', 'neo0001.wav', 'ne00001.wav', 'neo00001a.wav'])('rejects %s', (name) => expect(parseEmotionTtsName(name)).toBeNull());
});
