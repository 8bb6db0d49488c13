/** The CLI as users run it: the built dist/cli.js with the shipped model. */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMAND_USAGE, USAGE } from '../src/cli/usage.js';
import { DATA, itShared, ROOT, SHARED_MISSING } from './helpers.js';
import { encodeWav16, tone } from './write-wav.js';

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('emotion-recog CLI', () => {
  it('predict --json prints one object per file and reports unreadable files per file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-'));
    try {
      const bad = join(dir, 'broken.wav');
      await writeFile(bad, 'RIFF\x10\x00\x00\x00WAVEjunk');
      // Without ../shared a shipped sample stands in for the RAVDESS clip.
      const good = SHARED_MISSING ? join(ROOT, 'samples', 'angry.wav') : join(DATA, 'ravdess-16k', 'Actor_01', '03-01-05-02-01-01-01.wav');
      const r = cli(['predict', good, bad, 'samples/sad.wav', '--json']);
      const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { file: string; emotion?: string; scores?: Record<string, number>; error?: { code: string } });
      expect(lines).toHaveLength(3);
      expect(lines[0]!.file).toBe(good);
      expect(Object.keys(lines[0]!.scores!)).toEqual(['angry', 'disgust', 'fear', 'happy', 'neutral', 'sad']);
      expect(lines[1]!.error!.code).toBe('SER_CORRUPT_AUDIO');
      expect(lines[2]!.emotion).toBeDefined();
      expect(r.code).toBe(1); // one file failed
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('predict reports files without speech per file with SER_NO_SPEECH and goes on', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-'));
    try {
      const silent = join(dir, 'silence.wav');
      const beep = join(dir, 'tone.wav');
      await writeFile(silent, encodeWav16(new Float32Array(32000), 16000));
      await writeFile(beep, encodeWav16(tone(440, 16000, 2), 16000));
      const good = SHARED_MISSING ? join(ROOT, 'samples', 'happy.wav') : join(DATA, 'tess-16k', 'OAF_angry', 'OAF_base_angry.wav');
      const r = cli(['predict', silent, good, beep, '--json']);
      const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { file: string; emotion?: string; error?: { code: string; message: string } });
      expect(lines.map((l) => l.file)).toEqual([silent, good, beep]);
      expect(lines[0]!.error!.code).toBe('SER_NO_SPEECH');
      expect(lines[0]!.error!.message).toMatch(/no speech found .*silence/);
      expect(lines[1]!.emotion).toBeDefined();
      expect(lines[2]!.error!.code).toBe('SER_NO_SPEECH');
      expect(lines[2]!.error!.message).toMatch(/a steady tone/);
      expect(r.code).toBe(1);
      const text = cli(['predict', beep]);
      expect(text.stderr).toMatch(/tone\.wav\terror SER_NO_SPEECH: .*speechGate: false/);
      // --segments marks windows without speech instead of labelling them.
      const seg = cli(['predict', beep, '--segments', '--json']);
      const s = JSON.parse(seg.stdout.trim().split('\n')[0]!) as { emotion: null; noSpeech: { code: string; reason: string } };
      expect(s.emotion).toBeNull();
      expect(s.noSpeech).toEqual({ code: 'SER_NO_SPEECH', reason: 'steady-tone' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("the README's first command labels the six real samples (clips the model never heard): at least five as named, each in its top two", () => {
    const r = cli(['predict', 'samples/', '--json']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { file: string; emotion: string; scores: Record<string, number> });
    expect(lines.map((l) => l.file.replace(/^samples\/+/, ''))).toEqual(['angry.wav', 'disgust.wav', 'fear.wav', 'happy.wav', 'neutral.wav', 'sad.wav']);
    const named = lines.map((l) => l.file.replace(/^.*\/|\.wav$/g, ''));
    expect(lines.filter((l, i) => l.emotion === named[i]).length).toBeGreaterThanOrEqual(5);
    lines.forEach((l, i) => {
      const top2 = Object.entries(l.scores).sort((a, b) => b[1] - a[1]).slice(0, 2).map(([e]) => e);
      expect(top2).toContain(named[i]);
    });
  });

  itShared('predict walks folders and prints a line per clip', () => {
    const r = cli(['predict', join(DATA, 'ravdess-16k', 'Actor_20')]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(60);
    expect(lines[0]).toMatch(/03-01-01-01-01-01-20\.wav\t(angry|disgust|fear|happy|neutral|sad)\t/);
  });

  itShared('predict --adapt re-estimates the statistics from the files it is given, then labels each', () => {
    const plain = cli(['predict', join(DATA, 'ravdess-16k', 'Actor_19'), '--json']);
    const r = cli(['predict', join(DATA, 'ravdess-16k', 'Actor_19'), '--json', '--adapt']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/adapted to 60 clips \(0 without speech left out\)/);
    const a = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { scores: Record<string, number> });
    const b = plain.stdout.trim().split('\n').map((l) => JSON.parse(l) as { scores: Record<string, number> });
    expect(a).toHaveLength(60);
    // the same files, other normalisation statistics: the scores move
    expect(a.some((x, i) => Object.keys(x.scores).some((k) => Math.abs(x.scores[k]! - b[i]!.scores[k]!) > 0.01))).toBe(true);
    const few = cli(['predict', join(DATA, 'ravdess-16k', 'Actor_19', '03-01-01-01-01-01-19.wav'), '--adapt']);
    expect(few.code).toBe(2);
    expect(few.stderr).toMatch(/--adapt needs at least 5 readable clips/);
  });

  itShared('evaluate scores several datasets at once, each and all together', () => {
    const fx = join(DATA, 'corpora-fixtures');
    const r = cli(['evaluate', '--dataset', 'emovo,nemo', '--data', `${join(fx, 'emovo')},${join(fx, 'nemo')}`, '--json']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { dataset: string; clips: number; accuracy: number });
    expect(lines.map((l) => [l.dataset, l.clips])).toEqual([['emovo', 12], ['nemo', 10], ['all', 22]]);
    const acc = (lines[0]!.accuracy * 12 + lines[1]!.accuracy * 10) / 22;
    expect(lines[2]!.accuracy).toBeCloseTo(acc, 10);
    const bad = cli(['evaluate', '--dataset', 'emovo,nemo', '--data', join(fx, 'emovo')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/one --data folder per --dataset/);
  });

  it('prints usage and exits 2 on a bad command line', () => {
    const r = cli(['train', '--dataset', 'nope']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--dataset must be one of ravdess, crema-d/);
    const h = cli(['train', '--dataset', 'ravdess', '--data', join(DATA, 'ravdess-16k'), '--stats-head', '2']);
    expect(h.code).toBe(2);
    expect(h.stderr).toMatch(/--stats-head must be a fusion weight in \[0, 1\] \(got 2\)/);
  });
});

/** Options whose value is a file or folder the command writes (it need not exist beforehand). */
const OUTPUT_OPTION = /^--(out|output|report|checkpoint|results)$/;

/**
 * The files and folders an example command line reads: positionals and option values that look
 * like paths (contain '/' or end in an extension), leaving out URLs, option values the command
 * writes (OUTPUT_OPTION) and shell redirections (`> results.jsonl`).
 */
function filesNamedBy(example: string): string[] {
  const tokens = example.trim().split(/\s+/).slice(example.trim().startsWith('npx ') ? 2 : 1);
  const out: string[] = [];
  tokens.forEach((token, i) => {
    const prev = tokens[i - 1] ?? '';
    if (/^\d*>>?$/.test(prev) || OUTPUT_OPTION.test(prev)) return;
    const value = token.startsWith('--') ? (token.split('=')[1] ?? '') : token;
    if (token.startsWith('--') && OUTPUT_OPTION.test(token.split('=')[0]!)) return;
    for (const part of value.replace(/^['"]|['"]$/g, '').split(',')) {
      if (/:\/\//.test(part) || /[<>$]/.test(part)) continue;
      if (part.includes('/') || /\.[a-z][a-z0-9]*$/i.test(part)) out.push(part);
    }
  });
  return out;
}

/** The example command lines of a usage text: the indented lines after 'Example:' / 'Examples:'. */
function examplesOf(usage: string): string[] {
  const m = /^Examples?:\n((?:[ \t]+\S.*\n?)+)/m.exec(usage);
  return m ? m[1]!.split('\n').filter((l) => l.trim() !== '') : [];
}

describe('emotion-recog usage', () => {
  const commands = Object.keys(COMMAND_USAGE);

  it.each(commands)("%s --help (also after other arguments) prints that command's usage on stdout and exits 0", (command) => {
    for (const args of [[command, '--help'], [command, 'samples/angry.wav', '-h']]) {
      const r = cli(args);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stdout, `${args.join(' ')}: dist/cli.js out of date? (npm run build)`).toBe(COMMAND_USAGE[command]);
      expect(r.stdout).toMatch(new RegExp(`^Usage: emotion-recog ${command}\\b`));
      expect(r.stderr).toBe('');
    }
  });

  it('--help prints the overview, which names every command', () => {
    const r = cli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(USAGE);
    for (const command of commands) expect(r.stdout).toMatch(new RegExp(`^  emotion-recog ${command}\\b`, 'm'));
  });

  it("predict --bogus names the option and prints predict's usage on stderr, exit 2", () => {
    const r = cli(['predict', '--bogus', 'samples/angry.wav']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^emotion-recog: .*--bogus/);
    expect(r.stderr.endsWith(COMMAND_USAGE['predict']!)).toBe(true);
  });

  it('every file an example names exists in the repository', () => {
    const examples = [...Object.values(COMMAND_USAGE), USAGE].flatMap(examplesOf);
    expect(examples.length).toBeGreaterThanOrEqual(commands.length);
    for (const e of examples) expect(e, 'an example runs emotion-recog').toMatch(/^\s*(npx )?emotion-recog /);
    const files = examples.flatMap((e) => filesNamedBy(e).map((f) => ({ example: e.trim(), f })));
    expect(files.map((x) => x.f)).toContain('samples/angry.wav');
    const missing = files.filter(({ f }) => !existsSync(join(ROOT, f)));
    expect(missing, 'files named by usage examples').toEqual([]);
    // The parser itself: paths are found; URLs, written files and redirections are not.
    expect(filesNamedBy('npx emotion-recog x a/b.wav --data c.csv,d/ --out o/ --report r.html https://h/x.wav --redis redis://h:1 > y.jsonl')).toEqual(['a/b.wav', 'c.csv', 'd/']);
  });
});
