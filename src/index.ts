/**
 * emotion-recog: speech emotion recognition in TypeScript.
 * Public barrel: re-exports only, no logic, no side effects.
 * @packageDocumentation
 */
export * from './errors.js';
export * from './types.js';
