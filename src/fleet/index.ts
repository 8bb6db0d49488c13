/** Worker fleet (layer 7, Node-only): files and URLs labelled by workers on a BullMQ queue, results recorded exactly once. @module */
export { FleetWorker, FLEET_WORKER_DEFAULTS, type FleetWorkerEvent, type FleetWorkerOptions } from './worker.js';
export { enqueueSources, queueCounts, ENQUEUE_DEFAULTS, type EnqueueOptions, type EnqueuedSource } from './queue.js';
export { readResults, waitForDrain, type CollectOptions, type DrainOptions } from './collect.js';
export { type FleetResult, type FleetLabel, type FleetFailure } from './results.js';
export { jobIdOf, DEFAULT_QUEUE } from './job.js';
export { DOWNLOAD_DEFAULTS, DownloadError, type DownloadOptions } from './source.js';
