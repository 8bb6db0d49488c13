/**
 * CSV manifests: `path,label[,speaker]` with or without a header row, for any corpus whose file
 * names carry no labels.
 * @module
 */
import { DatasetError, InvalidArgumentError, IoError } from '../errors.js';
import type { Emotion } from '../types.js';
import type { DatasetItem, DatasetLoadOptions, DatasetLoadResult, SkippedFile } from './dataset-item.js';
import { resolveDatasetLoadConfig } from './folder-loader.js';
import { applyExtraLabels, isKnownExtraLabel, normalizeEmotion, resolveExtraLabels } from './labels.js';
import { nodeIo } from './node-io.js';

const COMPONENT = 'loadCsv';

/**
 * Split CSV text into rows of fields (RFC 4180): quoted fields may hold the delimiter, newlines and
 * doubled quotes (`""`); CRLF/LF/CR line ends and a UTF-8 BOM are accepted; blank lines are dropped.
 * @param delimiter - field separator. @defaultValue ','
 * @returns rows with their 1-based line number (of the row's first line).
 * @example parseCsv('a,"b ""c"", d"\n1,2') // => [{ line: 1, fields: ['a', 'b "c", d'] }, { line: 2, fields: ['1', '2'] }]
 */
export function parseCsv(text: string, delimiter = ','): { line: number; fields: string[] }[] {
  const rows: { line: number; fields: string[] }[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let fields: string[] = [];
  let field = '';
  let quoted = false; // inside quotes
  let wasQuoted = false; // current field started with a quote
  let rowStart = 1;
  const endField = (): void => {
    fields.push(wasQuoted ? field : field.trim());
    field = '';
    wasQuoted = false;
  };
  const endRow = (): void => {
    endField();
    if (!(fields.length === 1 && fields[0] === '')) rows.push({ line: rowStart, fields });
    fields = [];
  };
  for (; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n' || (ch === '\r' && text[i + 1] !== '\n')) line++;
        field += ch;
      }
    } else if (ch === '"' && field.trim() === '') {
      quoted = true;
      wasQuoted = true;
      field = '';
    } else if (ch === delimiter) {
      endField();
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRow();
      line++;
      rowStart = line;
    } else if (!wasQuoted) {
      field += ch;
    }
  }
  if (field !== '' || fields.length > 0 || wasQuoted) endRow();
  return rows;
}

const PATH_HEADERS = ['path', 'file', 'filename', 'file_name', 'filepath', 'file_path', 'wav', 'wav_path', 'wav_file', 'audio', 'audio_path', 'audio_file', 'clip', 'fname'];
const LABEL_HEADERS = ['label', 'emotion', 'emotions', 'class', 'emotion_label', 'category', 'target'];
const SPEAKER_HEADERS = ['speaker', 'speaker_id', 'speakerid', 'spk', 'spk_id', 'actor', 'actor_id', 'subject', 'talker'];

/** One data row of a manifest. */
export interface ManifestRow {
  /** 1-based line number in the CSV text. */
  readonly line: number;
  /** The path cell as written (not yet resolved). */
  readonly path: string;
  /** The label cell, trimmed. */
  readonly label: string;
  readonly speaker?: string;
}

/**
 * Interpret parsed CSV text as a `path,label[,speaker]` manifest. A first row is a header when one
 * of its cells is a known column name (`path`/`file`/`wav`…, `label`/`emotion`/`class`…,
 * `speaker`/`actor`…); columns are then found by name, in any order, and other columns are ignored.
 * Without a header, the columns are path, label, speaker.
 * @returns data rows, malformed rows (with a reason), and whether a header was found.
 */
export function parseManifest(text: string, delimiter = ','): {
  header: boolean;
  rows: ManifestRow[];
  bad: { line: number; reason: string }[];
} {
  const table = parseCsv(text, delimiter);
  let pathCol = 0;
  let labelCol = 1;
  let speakerCol = 2;
  let header = false;
  const first = table[0]?.fields.map((f) => f.trim().toLowerCase().replace(/[\s-]+/g, '_'));
  if (first) {
    const find = (names: readonly string[]): number => first.findIndex((f) => names.includes(f));
    const p = find(PATH_HEADERS);
    const l = find(LABEL_HEADERS);
    const s = find(SPEAKER_HEADERS);
    if (p >= 0 || l >= 0 || s >= 0) {
      header = true;
      pathCol = p >= 0 ? p : 0;
      labelCol = l >= 0 ? l : pathCol === 1 ? 0 : 1;
      speakerCol = s; // -1: no speaker column
    }
  }
  const rows: ManifestRow[] = [];
  const bad: { line: number; reason: string }[] = [];
  for (const r of header ? table.slice(1) : table) {
    const path = r.fields[pathCol]?.trim() ?? '';
    const label = r.fields[labelCol]?.trim() ?? '';
    if (path === '' || label === '') {
      bad.push({ line: r.line, reason: `row has ${r.fields.length} field(s) but needs a path and a label (columns ${pathCol + 1} and ${labelCol + 1})` });
      continue;
    }
    const speaker = speakerCol >= 0 ? r.fields[speakerCol]?.trim() : undefined;
    rows.push({ line: r.line, path, label, ...(speaker !== undefined && speaker !== '' && { speaker }) });
  }
  return { header, rows, bad };
}

/** Options of {@link loadCsv}: {@link DatasetLoadOptions} plus CSV specifics. */
export interface CsvLoadOptions extends DatasetLoadOptions {
  /** Field separator. @defaultValue ',' */
  readonly delimiter?: string;
  /** Speaker id when the CSV has no speaker column (or the cell is empty). @defaultValue 'unknown' */
  readonly defaultSpeaker?: string;
}

/**
 * Load a CSV manifest. Relative paths are resolved against the CSV's folder. Labels go through the
 * alias table (`anger` → angry, `fearful` → fear, `happiness` → happy, `sadness` → sad …); known
 * extra labels (calm, surprise, boredom …) and any other label can be mapped with `extraLabels`
 * (`{ excited: 'happy' }`), otherwise they are skipped. Without a speaker column every row gets
 * `defaultSpeaker`, which puts all rows in one group: speaker-grouped splits will then refuse to run
 * rather than leak speakers.
 * @param file - the CSV file, or a folder holding exactly one `.csv` file.
 * @throws {DatasetError} SER_DATASET when no row has a usable label or none of the files exist.
 * @throws {IoError} SER_IO when the CSV cannot be read.
 */
export async function loadCsv(file: string, options: CsvLoadOptions = {}): Promise<DatasetLoadResult> {
  const { delimiter = ',', defaultSpeaker = 'unknown', ...rest } = options;
  const config = resolveDatasetLoadConfig(COMPONENT, rest);
  if (typeof delimiter !== 'string' || delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
    throw new InvalidArgumentError('delimiter', delimiter, 'one character', `${COMPONENT}: delimiter must be one character other than a quote or newline (got ${JSON.stringify(delimiter)}). Use ',', ';' or '\\t'.`);
  }
  const extra = resolveExtraLabels(COMPONENT, config.extraLabels);
  const { fs, path } = await nodeIo(COMPONENT);
  const csvPath = await findCsv(file);
  let text: string;
  try {
    text = await fs.readFile(csvPath, 'utf8');
  } catch (e) {
    throw new IoError(csvPath, `${COMPONENT}: cannot read ${JSON.stringify(csvPath)} (${(e as { code?: string }).code ?? 'error'}). Check the path.`, { cause: e });
  }
  const base = path.dirname(csvPath);
  const { rows, bad } = parseManifest(text, delimiter);
  const skipped: SkippedFile[] = bad.map((b) => ({ path: `${csvPath}:${b.line}`, code: 'bad-row', reason: b.reason }));
  const candidates: { item: DatasetItem; line: number }[] = [];
  const seen = new Map<string, number>();
  let labelled = 0;
  for (const r of rows) {
    const abs = path.resolve(base, r.path);
    const emotion0 = normalizeEmotion(r.label);
    const label = r.label.toLowerCase();
    const emotion: Emotion | null = applyExtraLabels(label, emotion0, extra);
    if (emotion === null) {
      const known = isKnownExtraLabel(label);
      if (known) labelled++;
      skipped.push({
        path: abs,
        code: known ? 'extra-label' : 'unknown-label',
        reason: known
          ? `label '${label}' is not one of the six classes (map it with extraLabels, e.g. { ${label}: 'neutral' })`
          : `line ${r.line}: label '${r.label}' is not one of the six classes or a known alias (map it with extraLabels, e.g. { '${label}': 'happy' })`,
      });
      continue;
    }
    labelled++;
    const prev = seen.get(abs);
    if (prev !== undefined) {
      skipped.push({ path: abs, code: 'duplicate', reason: `line ${r.line} repeats line ${prev}` });
      continue;
    }
    seen.set(abs, r.line);
    candidates.push({
      line: r.line,
      item: { path: abs, emotion, speaker: r.speaker ?? defaultSpeaker, dataset: 'csv', label },
    });
  }
  if (labelled === 0) {
    throw new DatasetError(
      `${COMPONENT}: ${JSON.stringify(csvPath)} has no row with a usable label (${rows.length} data rows, ${bad.length} malformed). Expected 'path,label[,speaker]' rows (header optional) with labels such as angry, disgust, fear, happy, neutral, sad.`,
    );
  }
  const items: DatasetItem[] = [];
  if (config.checkExists) {
    const exists = await Promise.all(
      candidates.map((c) =>
        fs.stat(c.item.path).then(
          (s) => s.isFile(),
          () => false,
        ),
      ),
    );
    candidates.forEach((c, i) => {
      if (exists[i]) items.push(c.item);
      else skipped.push({ path: c.item.path, code: 'missing-file', reason: `line ${c.line}: file does not exist (relative paths are resolved against ${base})` });
    });
    if (items.length === 0 && candidates.length > 0) {
      throw new DatasetError(
        `${COMPONENT}: none of the ${candidates.length} files listed in ${JSON.stringify(csvPath)} exists (first: ${JSON.stringify(candidates[0]!.item.path)}). Relative paths are resolved against the CSV's folder; fix the paths or move the CSV.`,
      );
    }
  } else {
    for (const c of candidates) items.push(c.item);
  }
  items.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { items, skipped };
}

/** `file` itself, or the single `.csv` inside the folder `file`. */
async function findCsv(file: string): Promise<string> {
  const { fs, path } = await nodeIo(COMPONENT);
  const abs = path.resolve(file);
  let st: import('node:fs').Stats;
  try {
    st = await fs.stat(abs);
  } catch (e) {
    throw new IoError(abs, `${COMPONENT}: file must be a readable CSV file or folder (got ${JSON.stringify(abs)}, ${(e as { code?: string }).code ?? 'error'}). Check the path.`, { cause: e });
  }
  if (!st.isDirectory()) return abs;
  const csvs = (await fs.readdir(abs)).filter((n) => n.toLowerCase().endsWith('.csv') && !n.startsWith('.'));
  if (csvs.length !== 1) {
    throw new DatasetError(
      `${COMPONENT}: folder ${JSON.stringify(abs)} must hold exactly one .csv manifest (found ${csvs.length}${csvs.length ? `: ${csvs.join(', ')}` : ''}). Pass the CSV file itself.`,
    );
  }
  return path.join(abs, csvs[0]!);
}
