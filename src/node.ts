/**
 * emotion-recog for Node: everything of the main entry plus the Node-only scale layer
 * (`recognizeMany` on worker threads, `ResultsLog`, `parseShard` / `shardFiles`) and the
 * worker fleet on BullMQ (`FleetWorker`, `enqueueSources`, `readResults`, `waitForDrain`). Kept out of
 * the main barrel so browser bundles never see worker_threads or node:fs.
 * Re-exports only, no logic, no side effects.
 * @packageDocumentation
 */
export * from './index.js';
export * from './scale/index.js';
export * from './fleet/index.js';
