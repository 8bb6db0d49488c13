import { describe, expect, it } from 'vitest';
import { fuzz, MUTATIONS } from '../../test/audio-fuzz.js';
import { itShared } from '../../test/helpers.js';

// Seeded mutations of real and synthetic WAV/AIFF files (truncation, byte flips, rewritten size
// fields, random chunk ids, fmt fields, inserted chunks, foreign magics): every case must decode
// to finite samples or throw a typed audio SerError — never another exception, never a hang.
// bench/fuzz-wav.ts runs the same generator for ≥ 10 000 cases.
describe('WAV/AIFF decoder fuzzing', () => {
  itShared.each([1, 2, 3])('seed %i: 200 mutated files decode or throw typed errors', (seed) => {
    const r = fuzz(seed, 200);
    expect(r.failures).toEqual([]);
    expect(r.outcomes.bug ?? 0).toBe(0);
    // The generator must exercise both sides of the contract and every mutation kind.
    expect(r.outcomes.decoded ?? 0).toBeGreaterThan(10);
    expect(r.outcomes.SER_CORRUPT_AUDIO ?? 0).toBeGreaterThan(10);
    for (const k of MUTATIONS) expect(r.byKind[k] ?? 0, k).toBeGreaterThan(0);
  });
});
