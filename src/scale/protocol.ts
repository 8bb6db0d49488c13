/**
 * Messages between {@link recognizeMany}'s pool (main thread) and its workers (pool-worker.ts).
 * Plain structured-clone data only: errors travel as {@link WireError} and are rebuilt as
 * SerErrors on the main thread.
 */
import type { BackendName } from '../types.js';
import type { Recognition, SegmentResult } from '../recognizer/emotion-recognizer.js';

/** What every worker loads (sent once as `workerData`). */
export interface WorkerSetup {
  /** Model folder or URL; undefined = the bundled model. */
  readonly model: string | undefined;
  readonly backend: BackendName | 'auto';
  readonly engine: 'auto' | 'wasm-kernels' | 'tfjs';
  readonly speechGate: boolean;
  /** Label every window (`recognizeSegments`) instead of the clip; hop in seconds (undefined = half a window). */
  readonly segments: false | { readonly hopSec: number | undefined };
}

/** main → worker: recognise one input. */
export interface TaskMessage {
  readonly type: 'task';
  readonly id: number;
  readonly input: string | Uint8Array;
}

/** An error as it crosses the thread boundary. */
export interface WireError {
  readonly name: string;
  /** SerError code, or undefined for an unexpected (non-SerError) failure. */
  readonly code: string | undefined;
  readonly message: string;
}

/** worker → main. */
export type WorkerReply =
  | { readonly type: 'ready' }
  | { readonly type: 'load-error'; readonly error: WireError }
  | { readonly type: 'result'; readonly id: number; readonly recognition?: Recognition; readonly segments?: SegmentResult[] }
  | { readonly type: 'error'; readonly id: number; readonly error: WireError };
