/**
 * recognizeMany: label many files on every core. A pool of worker threads, each with its own
 * EmotionRecognizer (same model and options), runs decode → features → model per file. Results
 * come back as an async iterable, one per input: a recognition, or a typed error for that input
 * (one bad file never ends the run). Node-only (worker_threads); exported from the Node entry
 * `emotion-recog/node`, never from the browser bundle.
 */
import { InvalidArgumentError, SerError, TimeoutError, type SerErrorCode } from '../errors.js';
import { nodeBuiltin } from '../internal/runtime.js';
import type { Recognition, SegmentResult } from '../recognizer/emotion-recognizer.js';
import type { BackendName } from '../types.js';
import type { TaskMessage, WireError, WorkerReply, WorkerSetup } from './protocol.js';

const C = 'recognizeMany';

/** Options of {@link recognizeMany}. */
export interface RecognizeManyOptions {
  /** Worker threads, each with its own copy of the model. @defaultValue all cores (`os.availableParallelism()`) */
  readonly threads?: number;
  /**
   * Yield results in input order (`true`), or as soon as each is ready (`false`: faster when
   * some files are much slower than others; each result still carries its `index`). @defaultValue true
   */
  readonly ordered?: boolean;
  /**
   * Per-file deadline in milliseconds: a worker still busy with one file after this long is
   * terminated and replaced, and that file is reported with TimeoutError (SER_TIMEOUT).
   * `Infinity` (or 0) disables it. @defaultValue 60 000
   */
  readonly deadlineMs?: number;
  /**
   * Most inputs taken from `inputs` but not yet yielded (queued, running, or finished and waiting
   * for an earlier one when ordered). Bounds memory for any number of files. @defaultValue 4 × threads
   */
  readonly maxInFlight?: number;
  /** Model folder or URL. @defaultValue the bundled model */
  readonly model?: string;
  /** tfjs backend of every worker. @defaultValue 'auto' */
  readonly backend?: BackendName | 'auto';
  /** Compute path. @defaultValue 'auto' (WASM engine when the model allows) */
  readonly engine?: 'auto' | 'wasm-kernels' | 'tfjs';
  /** Check each clip (or window) for speech first; see RecognizeOptions.speechGate. @defaultValue true */
  readonly speechGate?: boolean;
  /** Label every window of each file (`recognizeSegments`) instead of the whole clip; `hopSec` between windows. @defaultValue false */
  readonly segments?: boolean | { readonly hopSec?: number };
}

/** One input's answer (`ok: true`) or failure (`ok: false`). */
export type FileResult = FileRecognized | FileFailed;

interface FileResultBase {
  /** Position of the input in `inputs` (0-based). */
  readonly index: number;
  /** The path, or null for byte inputs. */
  readonly file: string | null;
}

/** A recognised input: `recognition` for whole clips, `segments` with the `segments` option. */
export interface FileRecognized extends FileResultBase {
  readonly ok: true;
  readonly recognition?: Recognition;
  readonly segments?: SegmentResult[];
}

/** An input that failed: a SerError with its code (SER_IO, SER_CORRUPT_AUDIO, SER_NO_SPEECH, SER_TIMEOUT …), or an Error for an unexpected failure. */
export interface FileFailed extends FileResultBase {
  readonly ok: false;
  readonly error: SerError | Error;
}

/** What recognizeMany accepts per input: a path, or a file's encoded bytes. */
export type ManyInput = string | Uint8Array;

/** Rebuild a worker's error on this thread: a SerError keeps its code and class name. */
function fromWire(w: WireError): SerError | Error {
  const e = w.code ? new SerError(w.code as SerErrorCode, w.message) : new Error(w.message);
  e.name = w.name;
  return e;
}

interface WorkerLike {
  postMessage(msg: unknown): void;
  on(ev: 'message', fn: (msg: WorkerReply) => void): void;
  on(ev: 'error', fn: (err: Error) => void): void;
  on(ev: 'exit', fn: (code: number) => void): void;
  terminate(): Promise<number>;
}
type WorkerCtor = new (filename: string | URL, options: { eval?: boolean; workerData?: unknown; execArgv?: string[] | undefined }) => WorkerLike;

/**
 * Node flags for the workers: undefined (inherit the parent's, Node's default) unless the parent
 * ran with `--input-type` (only valid for --eval/stdin; a worker refuses it): then the other flags.
 */
function workerExecArgv(): string[] | undefined {
  const argv = (globalThis as { process?: { execArgv?: string[] } }).process?.execArgv ?? [];
  if (!argv.some((a) => a === '--input-type' || a.startsWith('--input-type='))) return undefined;
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--input-type') i++;
    else if (!argv[i]!.startsWith('--input-type=')) out.push(argv[i]!);
  }
  return out;
}

/**
 * Where the worker script is: beside this module in dist/ (scale-worker.js or .cjs, whichever
 * format is running), or src/scale/pool-worker.ts under tsx/vitest, where tsx's loader is
 * registered inside the worker first.
 */
async function workerEntry(): Promise<{ filename: string | URL; eval: boolean }> {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    const { createRequire } = await nodeBuiltin<typeof import('node:module')>('module');
    const { pathToFileURL } = await nodeBuiltin<typeof import('node:url')>('url');
    // tsx's ESM API (its `import` export), located through its package.json.
    const pkg = createRequire(here).resolve('tsx/package.json');
    const tsx = new URL('./dist/esm/api/index.mjs', pathToFileURL(pkg)).href;
    const target = new URL('./pool-worker.ts', here).href;
    return { filename: `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(target)}); });`, eval: true };
  }
  return { filename: new URL(here.endsWith('.cjs') ? './scale-worker.cjs' : './scale-worker.js', here), eval: false };
}

interface Task {
  readonly index: number;
  readonly input: ManyInput;
}

/**
 * Inputs handed to one worker at a time: the one it works on and the next, so it never waits
 * for the main thread between files (on a busy machine the main thread may not run for a while).
 */
const DEPTH = 2;

interface Slot {
  worker: WorkerLike | null;
  ready: boolean;
  /** Inputs sent to this worker, oldest first; the worker runs them one after another, so the first is the one running. */
  tasks: Task[];
  /** The deadline of the running (first) task. */
  timer: ReturnType<typeof setTimeout> | null;
  /** Bumped on each replacement so late events from a terminated worker are ignored. */
  gen: number;
  /** Workers of this slot that died before they were ready, in a row. */
  startFailures: number;
}

/** A slot whose workers die this many times in a row before being ready ends the run. */
const MAX_START_FAILURES = 3;

/**
 * Recognise many inputs on a pool of worker threads. Yields one {@link FileResult} per input,
 * in input order unless `ordered: false`. Never throws for one bad input (that input's result
 * carries the typed error); throws only when the workers cannot load the model (its SerError,
 * e.g. SER_MODEL_FORMAT) or for invalid options. Memory stays flat: at most `maxInFlight`
 * inputs are held at once, and `inputs` is read lazily (an array, any iterable, or an async
 * iterable such as a directory walk). Breaking out of the loop stops the workers.
 * @example
 * import { recognizeMany } from 'emotion-recog/node';
 * for await (const r of recognizeMany(files, { threads: 4 })) {
 *   if (r.ok) console.log(r.file, r.recognition!.emotion);
 *   else console.error(r.file, r.error.message);
 * }
 */
export async function* recognizeMany(inputs: Iterable<ManyInput> | AsyncIterable<ManyInput>, options: RecognizeManyOptions = {}): AsyncGenerator<FileResult, void, undefined> {
  const os = await nodeBuiltin<typeof import('node:os')>('os');
  const threads = options.threads ?? (os.availableParallelism?.() ?? os.cpus().length);
  if (!Number.isInteger(threads) || threads < 1 || threads > 256)
    throw new InvalidArgumentError('threads', threads, 'an integer in [1, 256]', `${C}: threads must be an integer in [1, 256] (got ${String(threads)}). Leave it out for one per core.`);
  const deadlineMs = options.deadlineMs === undefined ? 60_000 : options.deadlineMs === 0 ? Infinity : options.deadlineMs;
  if (!(deadlineMs > 0))
    throw new InvalidArgumentError('deadlineMs', deadlineMs, 'a positive number of milliseconds (or Infinity)', `${C}: deadlineMs must be > 0 (got ${String(options.deadlineMs)}). Use Infinity to disable the per-file deadline.`);
  const maxInFlight = options.maxInFlight ?? 4 * threads;
  if (!Number.isInteger(maxInFlight) || maxInFlight < 1)
    throw new InvalidArgumentError('maxInFlight', maxInFlight, 'a positive integer', `${C}: maxInFlight must be a positive integer (got ${String(maxInFlight)}).`);
  const ordered = options.ordered ?? true;
  const seg = options.segments;
  const setup: WorkerSetup = {
    model: options.model,
    backend: options.backend ?? 'auto',
    engine: options.engine ?? 'auto',
    speechGate: options.speechGate ?? true,
    segments: seg ? { hopSec: typeof seg === 'object' ? seg.hopSec : undefined } : false,
  };

  const { Worker } = await nodeBuiltin<{ Worker: WorkerCtor }>('worker_threads');
  const entry = await workerEntry();
  let execArgv = workerExecArgv();

  // Event plumbing: every worker event settles results or slots, then wakes the loop below.
  let wake: (() => void) | null = null;
  const notify = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  const finished = new Map<number, FileResult>();
  let fatal: SerError | Error | null = null;
  let everReady = false;
  const slots: Slot[] = Array.from({ length: threads }, () => ({ worker: null, ready: false, tasks: [], timer: null, gen: 0, startFailures: 0 }));
  const queue: Task[] = [];
  const fileOf = (t: Task) => (typeof t.input === 'string' ? t.input : null);
  /** Start the deadline of the slot's running task (the clock runs from when the worker could start it). */
  const arm = (slot: Slot) => {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = slot.tasks.length > 0 && Number.isFinite(deadlineMs) ? setTimeout(() => timeOut(slot), deadlineMs) : null;
  };
  /** The running task is done (result or error): record it and start the next one's clock. */
  const settle = (slot: Slot, result: FileResult) => {
    slot.tasks.shift();
    finished.set(result.index, result);
    arm(slot);
  };
  /** The worker is gone: its waiting (not started) tasks go back to the front of the queue. */
  const requeue = (slot: Slot) => {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    queue.unshift(...slot.tasks);
    slot.tasks = [];
  };

  const start = (slot: Slot) => {
    const gen = ++slot.gen;
    let w: WorkerLike;
    try {
      w = new Worker(entry.filename, { eval: entry.eval, workerData: setup, execArgv });
    } catch (e) {
      // A flag the parent has but workers refuse (V8 or per-process options): start without flags.
      if ((e as { code?: string }).code !== 'ERR_WORKER_INVALID_EXEC_ARGV') throw e;
      execArgv = [];
      w = new Worker(entry.filename, { eval: entry.eval, workerData: setup, execArgv });
    }
    slot.worker = w;
    slot.ready = false;
    const live = () => slot.gen === gen;
    w.on('message', (m: WorkerReply) => {
      if (!live()) return;
      if (m.type === 'ready') {
        slot.ready = true;
        slot.startFailures = 0;
        everReady = true;
      } else if (m.type === 'load-error') {
        fatal ??= fromWire(m.error);
      } else if (slot.tasks[0]?.index === m.id) {
        const t = slot.tasks[0];
        settle(slot, m.type === 'result' ? { index: t.index, file: fileOf(t), ok: true, ...(m.recognition ? { recognition: m.recognition } : {}), ...(m.segments ? { segments: m.segments } : {}) } : { index: t.index, file: fileOf(t), ok: false, error: fromWire(m.error) });
      }
      notify();
    });
    const died = (why: string) => {
      if (!live()) return;
      slot.gen++; // ignore whatever else this worker says
      slot.worker = null;
      if (!slot.ready && ++slot.startFailures >= MAX_START_FAILURES) fatal ??= new Error(`${C}: workers keep dying before they are ready (${why}).`);
      slot.ready = false;
      const t = slot.tasks[0];
      if (t) {
        // It crashed on this input (e.g. out of memory): report it and carry on with a new worker.
        settle(slot, { index: t.index, file: fileOf(t), ok: false, error: new Error(`${C}: the worker died while recognising this input (${why}).`) });
        requeue(slot);
        start(slot);
      } else if (!everReady) fatal ??= new Error(`${C}: a worker could not start (${why}).`);
      else if (!fatal) start(slot);
      notify();
    };
    w.on('error', (e) => died(e.message));
    w.on('exit', (code) => died(`exit code ${code}`));
  };

  const timeOut = (slot: Slot) => {
    const t = slot.tasks[0];
    if (!t) return;
    const old = slot.worker;
    slot.gen++;
    slot.worker = null;
    void old?.terminate();
    settle(slot, {
      index: t.index,
      file: fileOf(t),
      ok: false,
      error: new TimeoutError(deadlineMs, 'ms', `${C}: ${fileOf(t) ?? `input ${t.index}`} was still being recognised after ${deadlineMs} ms (deadlineMs); its worker was stopped and replaced. Check that the file is a valid recording, or raise the deadline (--deadline SEC) for very long files.`),
    });
    requeue(slot);
    start(slot);
    notify();
  };

  const iterator = Symbol.asyncIterator in inputs ? (inputs as AsyncIterable<ManyInput>)[Symbol.asyncIterator]() : (inputs as Iterable<ManyInput>)[Symbol.iterator]();
  let taken = 0; // inputs read from `iterator`
  let emitted = 0; // results yielded
  let nextOrdered = 0; // next index to yield when ordered
  let exhausted = false;

  let started = false;
  try {
    for (;;) {
      if (fatal) throw fatal;
      // Read inputs while fewer than maxInFlight are held.
      while (!exhausted && taken - emitted < maxInFlight) {
        const n = await iterator.next();
        if (n.done) {
          exhausted = true;
          break;
        }
        const input = n.value;
        if (typeof input !== 'string' && !(input instanceof Uint8Array))
          throw new InvalidArgumentError('inputs', typeof input, 'file paths or Uint8Array bytes', `${C}: every input must be a file path or a Uint8Array of encoded audio (got ${typeof input} at index ${taken}).`);
        queue.push({ index: taken++, input });
      }
      // Workers start with the first input (none for an empty list).
      if (!started && queue.length > 0) {
        started = true;
        for (const s of slots) start(s);
      }
      // Hand queued inputs to ready workers, up to DEPTH each, one round at a time (spreads a short queue).
      for (let round = 0; round < DEPTH; round++) {
        for (const slot of slots) {
          if (queue.length === 0) break;
          if (!slot.worker || !slot.ready || slot.tasks.length > round) continue;
          const task = queue.shift()!;
          slot.tasks.push(task);
          if (slot.tasks.length === 1) arm(slot);
          slot.worker.postMessage({ type: 'task', id: task.index, input: task.input } satisfies TaskMessage);
        }
      }
      // Yield what is ready.
      let yielded = false;
      if (ordered) {
        for (let r = finished.get(nextOrdered); r; r = finished.get(nextOrdered)) {
          finished.delete(nextOrdered++);
          emitted++;
          yielded = true;
          yield r;
        }
      } else {
        for (const [i, r] of finished) {
          finished.delete(i);
          emitted++;
          yielded = true;
          yield r;
        }
      }
      if (exhausted && emitted === taken) return;
      if (yielded) continue; // the consumer may have let time pass: look again before sleeping
      if (fatal) throw fatal;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    for (const s of slots) {
      if (s.timer) clearTimeout(s.timer);
      s.gen++;
      const w = s.worker;
      s.worker = null;
      await w?.terminate();
    }
    if (!exhausted) await (iterator as AsyncIterator<ManyInput>).return?.();
  }
}
