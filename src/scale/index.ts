/** Scale (layer 7, Node-only): many files on every core, resumable results files, shards. @module */
export * from './recognize-many.js';
export * from './results-log.js';
export * from './shard.js';
