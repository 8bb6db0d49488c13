/**
 * Order statistics without a full sort.
 * @module
 */

/**
 * The k-th smallest value (0-based) of `a[lo..hi]`, by in-place quickselect (Hoare partition,
 * median-of-three pivot). Afterwards every element after index k is ≥ the result.
 */
export function quickselect(a: Float32Array | Float64Array, k: number, lo = 0, hi = a.length - 1): number {
  while (lo < hi) {
    const x = a[lo]!, y = a[(lo + hi) >> 1]!, z = a[hi]!;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i++] = a[j]!;
        a[j--] = t;
      }
    }
    // a[lo..j] ≤ pivot ≤ a[i..hi]; indices in (j, i) hold the pivot value
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k]!;
  }
  return a[k]!;
}
