// Bump allocator over the exported linear memory. The module is built with `--runtime stub` and
// allocates no managed objects, so everything above __heap_base belongs to this allocator.

let top: usize = 0;

/** Round up to a 64-byte (cache line) boundary. */
@inline function align64(p: usize): usize {
  return (p + 63) & ~(<usize>63);
}

/** Current top of the heap (bytes). Use with heapReset to free everything allocated after it. */
export function heapTop(): usize {
  if (top == 0) top = align64(__heap_base);
  return top;
}

/** Free everything allocated after `mark` (a value returned by heapTop). */
export function heapReset(mark: usize): void {
  top = mark;
}

/** Allocate `bytes` (64-byte aligned), growing memory as needed. Contents are unspecified. */
export function alloc(bytes: usize): usize {
  const p = heapTop();
  top = align64(p + bytes);
  const have = (<usize>memory.size()) << 16;
  if (top > have) {
    const pages = <i32>((top - have + 0xffff) >>> 16);
    if (memory.grow(pages) < 0) unreachable();
  }
  return p;
}

/** Allocate `n` floats, zero-filled. */
export function allocF32(n: i32): usize {
  const bytes = (<usize>n) << 2;
  const p = alloc(bytes);
  memory.fill(p, 0, bytes);
  return p;
}
