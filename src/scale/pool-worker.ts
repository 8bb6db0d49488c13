/**
 * Worker of {@link recognizeMany}: loads one EmotionRecognizer (the model, backend and engine of
 * `workerData`) and answers one task at a time: decode → features → model for one file. Its
 * own errors never end the worker; each is sent back with its task id. Node-only: built as its
 * own file (dist/scale-worker.js / .cjs), never imported by a library entry.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { SerError } from '../errors.js';
import { EmotionRecognizer } from '../recognizer/emotion-recognizer.js';
import type { TaskMessage, WireError, WorkerReply, WorkerSetup } from './protocol.js';

const port = parentPort;
if (!port) throw new Error('pool-worker.ts runs only as a worker thread of recognizeMany().');

function toWire(e: unknown): WireError {
  if (SerError.is(e)) return { name: e.name, code: e.code, message: e.message };
  if (e instanceof Error) return { name: e.name, code: undefined, message: e.message };
  return { name: 'Error', code: undefined, message: String(e) };
}

const setup = workerData as WorkerSetup;
const send = (m: WorkerReply) => port.postMessage(m);
// Tasks that arrive while the model loads wait for it (the pool sends none before 'ready').
const loaded: Promise<EmotionRecognizer | null> = EmotionRecognizer.load(setup.model, { backend: setup.backend, engine: setup.engine }).then(
  (r) => {
    send({ type: 'ready' });
    return r;
  },
  (e: unknown) => {
    send({ type: 'load-error', error: toWire(e) });
    return null;
  },
);

/** Tasks run one after another, in the order they arrive (the pool times the first one it sent). */
let chain: Promise<void> = Promise.resolve();

port.on('message', (msg: TaskMessage) => {
  chain = chain.then(async () => {
    try {
      const recognizer = await loaded;
      if (!recognizer) return;
      if (setup.segments) {
        const opts = { speechGate: setup.speechGate, ...(setup.segments.hopSec === undefined ? {} : { hopSec: setup.segments.hopSec }) };
        send({ type: 'result', id: msg.id, segments: await recognizer.recognizeSegments(msg.input, opts) });
      } else {
        send({ type: 'result', id: msg.id, recognition: await recognizer.recognize(msg.input, { speechGate: setup.speechGate }) });
      }
    } catch (e) {
      send({ type: 'error', id: msg.id, error: toWire(e) });
    }
  });
});
