/**
 * The JSON of one result, shared by `predict --json` / `--out` (cli/commands/predict.ts) and the
 * fleet's results (fleet/worker.ts): one shape, written in one place.
 */
import { SerError } from '../errors.js';
import type { Recognition } from '../recognizer/emotion-recognizer.js';

/** Scores to 4 decimals. */
export const roundScores = (s: Readonly<Record<string, number>>): Record<string, number> => Object.fromEntries(Object.entries(s).map(([k, v]) => [k, Math.round(v * 1e4) / 1e4]));

/** A labelled clip: `{emotion, scores}` (scores to 4 decimals). */
export const recognitionJson = (r: Recognition): { emotion: string; scores: Record<string, number> } => ({ emotion: r.emotion, scores: roundScores(r.scores) });

/** A failure: `{code, message}`, code `ERROR` for an unexpected (non-SerError) failure. */
export const errorJson = (e: unknown): { code: string; message: string } => ({ code: SerError.is(e) ? e.code : 'ERROR', message: e instanceof Error ? e.message : String(e) });
