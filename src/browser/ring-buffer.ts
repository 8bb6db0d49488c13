/**
 * A fixed-capacity ring of float samples for live audio: `push` appends chunks of any size
 * (keeping only the newest `capacity` samples), `latest(n)` copies the newest `n` in time order.
 * Pure TypeScript, no Web Audio: the streaming recogniser feeds it from AudioWorklet chunks.
 */
import { assertPositiveInt } from '../internal/validate.js';
import { InvalidArgumentError } from '../errors.js';

const C = 'RingBuffer';

/** Keeps the newest `capacity` samples of an unbounded stream. */
export class RingBuffer {
  readonly capacity: number;
  readonly #data: Float32Array;
  /** Index where the next sample goes. */
  #write = 0;
  /** Samples pushed since creation (or the last `clear`), including overwritten ones. */
  #total = 0;

  /** @throws {InvalidArgumentError} SER_INVALID_ARGUMENT unless `capacity` is a positive integer. */
  constructor(capacity: number) {
    assertPositiveInt(C, 'capacity', capacity);
    this.capacity = capacity;
    this.#data = new Float32Array(capacity);
  }

  /** Samples pushed in total (a clock in samples: the stream position of the newest sample + 1). */
  get totalSamples(): number {
    return this.#total;
  }

  /** Samples currently held: `min(totalSamples, capacity)`. */
  get length(): number {
    return Math.min(this.#total, this.capacity);
  }

  /** Append `chunk`; when it is longer than the capacity only its tail is kept. */
  push(chunk: Float32Array): void {
    const cap = this.capacity;
    this.#total += chunk.length;
    let src = chunk;
    if (src.length >= cap) {
      src = src.subarray(src.length - cap);
      this.#data.set(src);
      this.#write = 0;
      return;
    }
    const first = Math.min(src.length, cap - this.#write);
    this.#data.set(src.subarray(0, first), this.#write);
    if (first < src.length) this.#data.set(src.subarray(first), 0);
    this.#write = (this.#write + src.length) % cap;
  }

  /**
   * Copy of the newest `n` samples, oldest first.
   * @throws {InvalidArgumentError} SER_INVALID_ARGUMENT when `n` exceeds the samples held.
   */
  latest(n: number, out: Float32Array = new Float32Array(n)): Float32Array {
    if (!Number.isInteger(n) || n < 0 || n > this.length) {
      throw new InvalidArgumentError('n', n, `an integer in [0, ${this.length}]`, `${C}: n must be an integer in [0, ${this.length}] (got ${String(n)}). Wait until enough audio has arrived.`);
    }
    const cap = this.capacity;
    const start = (this.#write - n + cap) % cap;
    const first = Math.min(n, cap - start);
    out.set(this.#data.subarray(start, start + first));
    if (first < n) out.set(this.#data.subarray(0, n - first), first);
    return out;
  }

  /** Forget every sample and reset the clock. */
  clear(): void {
    this.#write = 0;
    this.#total = 0;
  }
}
