/**
 * A fleet worker: takes jobs from a BullMQ queue, labels each file or URL with one
 * EmotionRecognizer, and records each job's result exactly once (results.ts).
 *
 * - A file that cannot be labelled for a reason that will not change (corrupt or unsupported
 *   audio, no speech, a missing file, HTTP 404, a download over the size limit) is a result
 *   with its error code, recorded at once.
 * - Transient failures (HTTP 5xx/429, network errors, download timeouts, unexpected errors) throw,
 *   so BullMQ retries the job with its exponential backoff; the last attempt records the error.
 * - A worker that dies mid-job loses its lock; after `lockMs` another worker takes the job again.
 *   If the dead worker had recorded the result already, the second run records nothing.
 * - `close()` stops taking jobs, lets the jobs in hand finish, then closes the connections.
 */
import { hostname } from 'node:os';
import { InvalidArgumentError, SerError } from '../errors.js';
import { EmotionRecognizer } from '../recognizer/emotion-recognizer.js';
import { errorJson, recognitionJson } from '../scale/result-json.js';
import type { BackendName } from '../types.js';
import { bullmqClient, loadBullmq, type BullmqClient } from './bullmq.js';
import { assertQueueName, DEFAULT_QUEUE, isUrl, type FleetJobData } from './job.js';
import { parseRedisUrl, RespConnection } from './resp-connection.js';
import { appendJsonl, ResultStore, type FleetResult } from './results.js';
import { download, DOWNLOAD_DEFAULTS, DownloadError, type DownloadOptions } from './source.js';

/** Options of {@link FleetWorker.start}. */
export interface FleetWorkerOptions {
  /** Redis URL, e.g. `redis://127.0.0.1:6379`. */
  readonly redis: string;
  /** Queue name. @defaultValue 'emotion-recog' */
  readonly queue?: string;
  /** Jobs processed at once by this worker (downloads overlap; recognition takes one core). @defaultValue 1 */
  readonly concurrency?: number;
  /** Model folder for EmotionRecognizer.load (ignored with `recognizer`). @defaultValue the bundled model */
  readonly model?: string;
  /** tfjs backend for EmotionRecognizer.load. @defaultValue 'auto' */
  readonly backend?: BackendName | 'auto';
  /** A loaded recognizer to use instead of loading one; the worker does not dispose it. */
  readonly recognizer?: EmotionRecognizer;
  /** Also append each result this worker records to this JSONL file. @defaultValue none */
  readonly results?: string;
  /**
   * Job lock in milliseconds: a worker that stops renewing it (killed, frozen) loses its job to
   * another worker after about this long. Also the interval of the stalled-job check. @defaultValue 30000
   */
  readonly lockMs?: number;
  /** Times a job may lose its worker before BullMQ fails it. @defaultValue 2 */
  readonly maxStalledCount?: number;
  /** Download limits for URL jobs. */
  readonly download?: DownloadOptions;
  /** Name recorded with each result. @defaultValue `<hostname>:<pid>` */
  readonly id?: string;
  /** Progress events (the CLI prints them on stderr). */
  readonly onEvent?: (event: FleetWorkerEvent) => void;
}

export const FLEET_WORKER_DEFAULTS = Object.freeze({ queue: DEFAULT_QUEUE, concurrency: 1, lockMs: 30_000, maxStalledCount: 2 });

/** What a worker reports while it runs. */
export type FleetWorkerEvent =
  | { readonly type: 'ready'; readonly worker: string; readonly queue: string }
  | { readonly type: 'start'; readonly jobId: string; readonly file: string; readonly attempt: number }
  /** `recorded` is false when the job's result had been recorded by an earlier run of it. */
  | { readonly type: 'done'; readonly jobId: string; readonly result: FleetResult; readonly recorded: boolean; readonly ms: number }
  | { readonly type: 'retry'; readonly jobId: string; readonly file: string; readonly attempt: number; readonly attempts: number; readonly code: string; readonly message: string }
  | { readonly type: 'error'; readonly message: string }
  | { readonly type: 'closing' }
  | { readonly type: 'closed'; readonly processed: number };

/** Will trying the same job again later possibly succeed? */
function isTransient(e: unknown): boolean {
  if (e instanceof DownloadError) return e.transient;
  if (SerError.is(e)) return e.code === 'SER_TIMEOUT';
  return true; // not one of ours: e.g. Redis unreachable for a moment
}

/** A running worker (see the module comment). */
export class FleetWorker {
  readonly id: string;
  readonly queue: string;
  /** Jobs this worker finished (recorded or found recorded). */
  processed = 0;
  readonly #worker: import('bullmq').Worker<FleetJobData>;
  readonly #clients: { bull: BullmqClient; conn: RespConnection };
  readonly #recognizer: EmotionRecognizer;
  readonly #ownsRecognizer: boolean;
  readonly #emit: (e: FleetWorkerEvent) => void;
  #closing: Promise<void> | undefined;
  #closedResolve!: () => void;
  /** Resolves once the worker has closed (after {@link close}). */
  readonly closed: Promise<void> = new Promise((r) => (this.#closedResolve = r));

  private constructor(
    id: string,
    queue: string,
    worker: import('bullmq').Worker<FleetJobData>,
    clients: { bull: BullmqClient; conn: RespConnection },
    recognizer: EmotionRecognizer,
    ownsRecognizer: boolean,
    emit: (e: FleetWorkerEvent) => void,
  ) {
    this.id = id;
    this.queue = queue;
    this.#worker = worker;
    this.#clients = clients;
    this.#recognizer = recognizer;
    this.#ownsRecognizer = ownsRecognizer;
    this.#emit = emit;
  }

  /**
   * Load the model (unless given), connect, and start taking jobs.
   * @throws {MissingDependencyError} SER_MISSING_DEPENDENCY without the bullmq package.
   * @throws {InvalidArgumentError} SER_INVALID_ARGUMENT for bad options.
   */
  static async start(options: FleetWorkerOptions): Promise<FleetWorker> {
    const queue = assertQueueName(options.queue ?? FLEET_WORKER_DEFAULTS.queue);
    const concurrency = options.concurrency ?? FLEET_WORKER_DEFAULTS.concurrency;
    const lockMs = options.lockMs ?? FLEET_WORKER_DEFAULTS.lockMs;
    const maxStalledCount = options.maxStalledCount ?? FLEET_WORKER_DEFAULTS.maxStalledCount;
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) throw new InvalidArgumentError('concurrency', concurrency, 'an integer in [1, 64]', `concurrency must be an integer from 1 to 64 (got ${concurrency}).`);
    if (!(lockMs >= 1000 && lockMs <= 3_600_000)) throw new InvalidArgumentError('lockMs', lockMs, 'milliseconds in [1000, 3600000]', `the job lock must be 1000 to 3600000 ms (got ${lockMs}).`);
    if (!Number.isInteger(maxStalledCount) || maxStalledCount < 0) throw new InvalidArgumentError('maxStalledCount', maxStalledCount, 'an integer ≥ 0', `maxStalledCount must be a whole number ≥ 0 (got ${maxStalledCount}).`);
    const { maxBytes, timeoutMs } = { ...DOWNLOAD_DEFAULTS, ...options.download };
    if (!(maxBytes >= 1)) throw new InvalidArgumentError('download.maxBytes', maxBytes, 'bytes ≥ 1', `the download limit must be a positive size (got ${maxBytes} bytes).`);
    if (!(timeoutMs >= 1)) throw new InvalidArgumentError('download.timeoutMs', timeoutMs, 'milliseconds ≥ 1', `the download timeout must be positive (got ${timeoutMs} ms).`);
    const address = parseRedisUrl(options.redis);
    const { Worker } = await loadBullmq();
    const emit = options.onEvent ?? (() => undefined);
    const id = options.id ?? `${hostname()}:${process.pid}`;
    const recognizer = options.recognizer ?? (await EmotionRecognizer.load(options.model, { backend: options.backend ?? 'auto' }));
    const conn = new RespConnection(address, { reconnect: true }); // results survive a Redis restart
    let bull: BullmqClient | undefined;
    try {
      await conn.connect();
      bull = await bullmqClient(address);
    } catch (e) {
      conn.close();
      if (!options.recognizer) await recognizer.dispose();
      throw e;
    }
    const store = new ResultStore(conn, queue);
    const processJob = async (job: import('bullmq').Job<FleetJobData>): Promise<{ recorded: boolean }> => {
      const t0 = Date.now();
      const jobId = job.id!;
      const file = typeof job.data?.source === 'string' ? job.data.source : '';
      const attempts = job.opts.attempts ?? 1;
      const attempt = job.attemptsMade + 1;
      emit({ type: 'start', jobId, file, attempt });
      let result: FleetResult;
      try {
        if (!file) throw new InvalidArgumentError('source', job.data, 'a file path or URL', `Job ${jobId} has no source (its data must be { source: 'path or URL' }). Queue jobs with 'emotion-recog enqueue'.`);
        const input = isUrl(file) ? await download(file, options.download) : file;
        result = { jobId, file, ...recognitionJson(await recognizer.recognize(input)), worker: id };
      } catch (e) {
        const error = errorJson(e);
        if (isTransient(e) && attempt < attempts) {
          emit({ type: 'retry', jobId, file, attempt, attempts, ...error });
          throw e;
        }
        result = { jobId, file, error, worker: id };
      }
      const entry = await store.record(result);
      if (entry !== null && options.results) await appendJsonl(options.results, [result]);
      this_.processed++;
      emit({ type: 'done', jobId, result, recorded: entry !== null, ms: Date.now() - t0 });
      return { recorded: entry !== null };
    };
    const worker = new Worker<FleetJobData>(queue, processJob, { connection: bull.client, concurrency, lockDuration: lockMs, stalledInterval: lockMs, maxStalledCount, autorun: false });
    worker.on('error', (e: Error) => emit({ type: 'error', message: e.message }));
    const this_ = new FleetWorker(id, queue, worker, { bull, conn }, recognizer, !options.recognizer, emit);
    await worker.waitUntilReady();
    emit({ type: 'ready', worker: id, queue });
    void worker.run().catch((e: unknown) => emit({ type: 'error', message: e instanceof Error ? e.message : String(e) }));
    return this_;
  }

  /** Stop taking jobs, finish the jobs in hand, close the connections (and the recognizer it loaded). */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#emit({ type: 'closing' });
      try {
        await this.#worker.close();
      } finally {
        await this.#clients.bull.close().catch(() => undefined);
        this.#clients.conn.close();
        if (this.#ownsRecognizer) await this.#recognizer.dispose();
        this.#emit({ type: 'closed', processed: this.processed });
        this.#closedResolve();
      }
    })();
    return this.#closing;
  }
}
