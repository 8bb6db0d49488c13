/** Text and JSON formatting of CLI results. */

/** "angry 41.0%  fear 12.3% …" */
export function fmtScores(scores: Record<string, number>): string {
  return Object.entries(scores)
    .map(([k, v]) => `${k} ${(v * 100).toFixed(1)}%`)
    .join('  ');
}

/** Seconds to 1 ms. */
export const round = (x: number) => Math.round(x * 1000) / 1000;

/** Scores to 4 decimals (JSON output). */
export const roundScores = (s: Record<string, number>) => Object.fromEntries(Object.entries(s).map(([k, v]) => [k, Math.round(v * 1e4) / 1e4]));
