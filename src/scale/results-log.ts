/**
 * The results file of `predict --out`: JSON Lines, one object with a `file` key per input,
 * appended with one write per line and fsynced in small groups, so a run killed at any moment
 * leaves whole lines plus at most one torn last line. Reopened with `resume`, the torn line is
 * cut off and the files already present are reported, so the run continues without losing or
 * repeating a line. Node-only.
 */
import { closeSync, existsSync, fstatSync, fsyncSync, ftruncateSync, openSync, readSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';
import { InvalidArgumentError, IoError } from '../errors.js';

const C = 'ResultsLog';

/** Options of {@link ResultsLog.open}. */
export interface ResultsLogOptions {
  /**
   * Continue an existing file: cut a torn last line, keep the rest and skip its files. Without
   * it, an existing non-empty file is refused (never silently overwritten or mixed). @defaultValue false
   */
  readonly resume?: boolean;
  /** fsync after this many lines (and on close). 1 = after every line. @defaultValue 16 */
  readonly syncEvery?: number;
  /** …or when this many milliseconds have passed since the last fsync. @defaultValue 250 */
  readonly syncIntervalMs?: number;
}

/** An append-only JSONL results file. Open with {@link ResultsLog.open}. */
export class ResultsLog {
  /** The file's path as given. */
  readonly path: string;
  /** Lines kept from an earlier run (resume). */
  readonly resumedLines: number;
  /** Bytes of a torn last line that were cut off on open (0 when the file ended cleanly). */
  readonly truncatedBytes: number;
  readonly #done: Set<string>;
  readonly #syncEvery: number;
  readonly #syncIntervalMs: number;
  #fd: number | null;
  #unsynced = 0;
  /** Where the next line goes (end of the kept lines). */
  #pos: number;
  #lastSync = Date.now();

  private constructor(path: string, fd: number, pos: number, done: Set<string>, resumedLines: number, truncatedBytes: number, syncEvery: number, syncIntervalMs: number) {
    this.path = path;
    this.#fd = fd;
    this.#pos = pos;
    this.#done = done;
    this.resumedLines = resumedLines;
    this.truncatedBytes = truncatedBytes;
    this.#syncEvery = syncEvery;
    this.#syncIntervalMs = syncIntervalMs;
  }

  /**
   * Open (create) a results file for appending.
   * @throws {IoError} SER_IO when it cannot be opened, exists without `resume`, or holds a
   *   line (other than a torn last one) that is not a JSON object with a `file` string.
   */
  static open(path: string, options: ResultsLogOptions = {}): ResultsLog {
    const syncEvery = options.syncEvery ?? 16;
    if (!Number.isInteger(syncEvery) || syncEvery < 1)
      throw new InvalidArgumentError('syncEvery', syncEvery, 'a positive integer', `${C}: syncEvery must be a positive integer (got ${String(syncEvery)}).`);
    let fd: number;
    try {
      fd = openSync(path, existsSync(path) ? 'r+' : 'w+');
    } catch (cause) {
      throw new IoError(path, `${C}: cannot open ${JSON.stringify(path)} for writing (${(cause as { code?: string }).code ?? String(cause)}). Check the folder exists and is writable.`, { cause });
    }
    try {
      const size = fstatSync(fd).size;
      if (size > 0 && !options.resume)
        throw new IoError(path, `${C}: ${JSON.stringify(path)} already holds results. Pass --resume (resume: true) to continue it, or remove it to start over.`);
      const bytes = Buffer.alloc(size);
      for (let off = 0; off < size; ) {
        const n = readSync(fd, bytes, off, size - off, off);
        if (n === 0) break;
        off += n;
      }
      // Whole lines end with '\n'; anything after the last one was torn by a kill mid-write.
      const end = bytes.lastIndexOf(0x0a) + 1;
      const done = new Set<string>();
      let lines = 0;
      const text = bytes.subarray(0, end).toString('utf8');
      for (const line of text.split('\n')) {
        if (line.length === 0) continue;
        lines++;
        let file: unknown;
        try {
          file = (JSON.parse(line) as { file?: unknown }).file;
        } catch {
          file = undefined;
        }
        if (typeof file !== 'string')
          throw new IoError(path, `${C}: line ${lines} of ${JSON.stringify(path)} is not a results line (a JSON object with a "file" string). Fix or remove that line, then resume.`);
        done.add(resolve(file));
      }
      if (end < size) {
        ftruncateSync(fd, end);
        fsyncSync(fd);
      }
      return new ResultsLog(path, fd, end, done, lines, size - end, syncEvery, options.syncIntervalMs ?? 250);
    } catch (e) {
      closeSync(fd);
      throw e;
    }
  }

  /** True when `file` (resolved against the working directory) already has a line. */
  has(file: string): boolean {
    return this.#done.has(resolve(file));
  }

  /** Files with a line (resolved paths). */
  get done(): ReadonlySet<string> {
    return this.#done;
  }

  /** Append one record as one line (one write call), fsyncing every few lines. */
  append(record: { readonly file: string }): void {
    if (this.#fd === null) throw new InvalidArgumentError('log', 'closed', 'an open results log', `${C}: append after close() on ${JSON.stringify(this.path)}.`);
    const buf = Buffer.from(JSON.stringify(record) + '\n', 'utf8');
    for (let off = 0; off < buf.length; ) off += writeSync(this.#fd, buf, off, buf.length - off, this.#pos + off);
    this.#pos += buf.length;
    this.#done.add(resolve(record.file));
    this.#unsynced++;
    if (this.#unsynced >= this.#syncEvery || Date.now() - this.#lastSync >= this.#syncIntervalMs) this.sync();
  }

  /** fsync what was appended so far. */
  sync(): void {
    if (this.#fd === null || this.#unsynced === 0) return;
    fsyncSync(this.#fd);
    this.#unsynced = 0;
    this.#lastSync = Date.now();
  }

  /** fsync and close. */
  close(): void {
    if (this.#fd === null) return;
    this.sync();
    closeSync(this.#fd);
    this.#fd = null;
  }
}
