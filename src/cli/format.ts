/** Text formatting of CLI results (their JSON: scale/result-json.ts). */

/** "angry 41.0%  fear 12.3% …" */
export function fmtScores(scores: Record<string, number>): string {
  return Object.entries(scores)
    .map(([k, v]) => `${k} ${(v * 100).toFixed(1)}%`)
    .join('  ');
}

/** Seconds to 1 ms. */
export const round = (x: number) => Math.round(x * 1000) / 1000;
