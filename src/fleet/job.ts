/**
 * What a fleet job is: its data, its deterministic id, the queue's Redis key names and the
 * defaults shared by `enqueue`, `worker` and `results`.
 */
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { InvalidArgumentError } from '../errors.js';

/** The queue name when none is given. */
export const DEFAULT_QUEUE = 'emotion-recog';

/** The BullMQ job name of every fleet job. */
export const JOB_NAME = 'recognize';

/** A job's data: one file path (absolute, as the workers will read it) or one http(s) URL. */
export interface FleetJobData {
  readonly source: string;
}

/** True for an http:// or https:// URL (fetched by the worker), false for a file path. */
export const isUrl = (source: string): boolean => /^https?:\/\//i.test(source);

/** A path made absolute (workers may run in another folder); URLs as they are. */
export const normaliseSource = (source: string): string => (isUrl(source) ? source : resolve(source));

/**
 * The job id of a source: `f` + the first 32 hex digits of the SHA-256 of the normalised path or
 * URL. The same file always gets the same id, so BullMQ ignores a second `add` of it while the
 * first job is kept, and the results store records one result per id.
 */
export function jobIdOf(source: string): string {
  return 'f' + createHash('sha256').update(normaliseSource(source)).digest('hex').slice(0, 32);
}

/** Throw unless `name` is a usable queue name (letters, digits, `.`, `_`, `-`). */
export function assertQueueName(name: string): string {
  if (!/^[A-Za-z0-9._-]{1,100}$/.test(name))
    throw new InvalidArgumentError('queue', name, 'letters, digits, . _ -', `Queue name '${name}' is not usable: use 1–100 letters, digits, '.', '_' or '-'.`);
  return name;
}

/** The Redis keys of a queue's results (next to BullMQ's own `bull:<queue>:*` keys). */
export interface ResultKeys {
  /** Stream of results: one entry per job, fields `jobId` and `result` (the JSON line). */
  readonly stream: string;
  /** Hash jobId → the worker that recorded its result (the exactly-once guard). */
  readonly done: string;
}

export const resultKeys = (queue: string): ResultKeys => ({ stream: `emotion-recog:${queue}:results`, done: `emotion-recog:${queue}:done` });
