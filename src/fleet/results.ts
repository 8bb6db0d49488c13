/**
 * The fleet's results in Redis: a stream with one entry per job (XADD) guarded by a per-job
 * "done" mark, both written by one Lua script so the pair is atomic. A job that BullMQ delivers
 * again (its worker died after recording, or its lock expired on a slow worker) finds the mark
 * and records nothing: every job has exactly one result, whatever happens to the workers.
 */
import { appendFile } from 'node:fs/promises';
import { IoError } from '../errors.js';
import { resultKeys, type ResultKeys } from './job.js';
import type { RespConnection, RespValue } from './resp-connection.js';

/** A labelled file, in `predict --json`'s shape plus the job id and the worker that labelled it. */
export interface FleetLabel {
  readonly jobId: string;
  readonly file: string;
  readonly emotion: string;
  readonly scores: Readonly<Record<string, number>>;
  readonly worker: string;
}

/** A file that could not be labelled (decoding failed, no speech, download failed after its retries …). */
export interface FleetFailure {
  readonly jobId: string;
  readonly file: string;
  readonly error: { readonly code: string; readonly message: string };
  readonly worker: string;
}

/** One job's result: one JSON line of the results. */
export type FleetResult = FleetLabel | FleetFailure;

/** Sets the done mark and appends to the stream only if the mark was not set. Returns the entry id or nil. */
const RECORD_LUA = `if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[3]) == 1 then
  return redis.call('XADD', KEYS[2], '*', 'jobId', ARGV[1], 'result', ARGV[2])
end
return false`;

/** Reads and writes one queue's results through a connection it does not own. */
export class ResultStore {
  readonly keys: ResultKeys;
  readonly #conn: RespConnection;

  constructor(conn: RespConnection, queue: string) {
    this.#conn = conn;
    this.keys = resultKeys(queue);
  }

  /**
   * Record a job's result unless one is recorded already.
   * @returns the stream entry id, or null when the job had a result (nothing was written).
   */
  async record(result: FleetResult): Promise<string | null> {
    const r = await this.#conn.send('EVAL', [RECORD_LUA, 2, this.keys.done, this.keys.stream, result.jobId, JSON.stringify(result), result.worker]);
    return typeof r === 'string' ? r : null;
  }

  /** True when the job's result is recorded. */
  async has(jobId: string): Promise<boolean> {
    return (await this.#conn.send('HEXISTS', [this.keys.done, jobId])) === 1;
  }

  /** How many results are recorded. */
  async count(): Promise<number> {
    return Number(await this.#conn.send('XLEN', [this.keys.stream]));
  }

  /** Every recorded result, oldest first (read in pages of `pageSize` entries). */
  async readAll(pageSize = 1000): Promise<FleetResult[]> {
    const out: FleetResult[] = [];
    let start = '-';
    for (;;) {
      const page = (await this.#conn.send('XRANGE', [this.keys.stream, start, '+', 'COUNT', pageSize])) as RespValue[][];
      for (const [, fields] of page as [string, string[]][]) {
        const i = fields.indexOf('result');
        if (i >= 0) out.push(JSON.parse(fields[i + 1]!) as FleetResult);
      }
      if (page.length < pageSize) return out;
      start = '(' + String(page[page.length - 1]![0]);
    }
  }

  /** Forget every result of the queue (so its files can be labelled again). */
  async clear(): Promise<void> {
    await this.#conn.send('DEL', [this.keys.stream, this.keys.done]);
  }
}

/** Append results to a JSONL file (one JSON object per line). */
export async function appendJsonl(path: string, results: readonly FleetResult[]): Promise<void> {
  if (results.length === 0) return;
  try {
    await appendFile(path, results.map((r) => JSON.stringify(r) + '\n').join(''));
  } catch (e) {
    throw new IoError(path, `Could not append results to ${path}: ${(e as Error).message}. Check that its folder exists and is writable.`, { cause: e });
  }
}
