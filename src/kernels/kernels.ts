/**
 * Loader for the WebAssembly SIMD kernels (AssemblyScript sources in ./assembly, embedded as
 * base64 in ./wasm-binary.ts). Works in Node and browsers: it only uses `WebAssembly` and base64
 * decoding; Node built-ins are reached through dynamic imports behind a Node check.
 *
 * Two builds exist: baseline 128-bit SIMD (every engine with Wasm SIMD) and relaxed SIMD, whose
 * multiply-adds compile to FMA (~25 % faster GEMMs). `simd: 'auto'` picks relaxed when the
 * runtime validates it; on Node 20, where relaxed SIMD is still behind a V8 flag, it turns on
 * `--experimental-wasm-relaxed-simd` with `v8.setFlagsFromString` first (Node ≥ 22 and current
 * browsers ship it enabled).
 */
import { BackendUnavailableError } from '../errors.js';
import { WASM_RELAXED_SIMD_BASE64, WASM_SIMD_BASE64 } from './wasm-binary.js';
import { decodeBase64 } from '../internal/base64.js';
import { isNode, nodeBuiltin } from '../internal/runtime.js';

/** Which kernel build to use. */
export type SimdMode = 'auto' | 'relaxed' | 'baseline';

/** The functions the kernel module exports (pointers are byte offsets into `memory`). */
export interface KernelExports {
  readonly memory: WebAssembly.Memory;
  alloc(bytes: number): number;
  heapTop(): number;
  heapReset(mark: number): void;
  gemm(
    M: number, N: number, K: number, a: number, aRs: number, aKs: number,
    b: number, ldb: number, c: number, ldc: number, mode: number, bias: number,
  ): void;
  transpose(R: number, C: number, src: number, lds: number, dst: number, ldd: number): void;
  colSum(R: number, N: number, x: number, ld: number, out: number): void;
  sigmoid1(x: number): number;
  tanh1(x: number): number;
  exp1(x: number): number;
  lstmForward(
    T: number, B: number, D: number, u: number, x: number, ldx: number, w: number, uu: number, bias: number,
    z: number, cs: number, tc: number, h: number, ldh: number, reverse: number,
  ): void;
  lstmBackward(
    T: number, B: number, D: number, u: number, x: number, ldx: number, wt: number, ut: number, z: number,
    cs: number, tc: number, h: number, ldh: number, dhOut: number, ldo: number, dx: number, accX: number,
    dw: number, du: number, db: number, dhRec: number, dc: number, reverse: number,
  ): void;
  netInit(
    tin: number, cin: number, filters: number, kernelSize: number, poolSize: number, layers: number,
    units: number, dense: number, classes: number, flags: number, dropout: number,
  ): number;
  tensorOffset(i: number): number;
  tensorSize(i: number): number;
  paramCount(): number;
  paramsPtr(): number;
  gradsPtr(): number;
  adamMPtr(): number;
  adamVPtr(): number;
  scratchPtr(): number;
  pooledFrames(): number;
  reserve(batch: number): void;
  capacity(): number;
  activationCapacity(): number;
  gradients(batch: number, invB: number, training: number, seed: number, base: number): number;
  inputPtr(): number;
  labelsPtr(): number;
  sampleWeightsPtr(): number;
  probsPtr(): number;
  convOutPtr(): number;
  seq0Ptr(): number;
  layerOutPtr(l: number): number;
  readoutPtr(): number;
  forward(batch: number, training: number, seed: number, base: number): void;
  forwardConv(batch: number): void;
  forwardLayer(batch: number, layer: number): void;
  forwardHead(batch: number, training: number, seed: number, base: number): void;
  lossGrad(batch: number, invB: number): number;
  lastCorrect(): number;
  backward(batch: number): void;
  backwardHead(batch: number): void;
  backwardLayer(batch: number, layer: number): void;
  backwardConv(batch: number): void;
  setBlocking(kc: number, mc: number): void;
  addScratchToGrads(): void;
  applyL2(l2: number): number;
  adamStep(negLr: number, b1: number, omb1: number, b2: number, omb2: number, omAcc1: number, omAcc2: number, eps: number): void;
}

/** GEMM mode bits (see assembly/gemm.ts). */
export const GEMM_ACC = 1;
export const GEMM_BIAS = 2;
export const GEMM_RELU = 4;

/** A compiled kernel module and which build it is. */
export interface KernelModule {
  readonly module: WebAssembly.Module;
  readonly relaxed: boolean;
}


let relaxedBytes: Uint8Array<ArrayBuffer> | undefined;
let baseBytes: Uint8Array<ArrayBuffer> | undefined;
const cache = new Map<boolean, Promise<WebAssembly.Module>>();

async function relaxedSupported(bytes: Uint8Array<ArrayBuffer>): Promise<boolean> {
  if (WebAssembly.validate(bytes)) return true;
  if (!isNode()) return false;
  try {
    const v8 = await nodeBuiltin<{ setFlagsFromString(flag: string): void }>('v8');
    v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
  } catch {
    return false;
  }
  return WebAssembly.validate(bytes);
}

/**
 * Compile (once per build) and return the kernel module. Throws BackendUnavailableError when the
 * runtime lacks WebAssembly SIMD.
 */
export async function loadKernelModule(simd: SimdMode = 'auto'): Promise<KernelModule> {
  if (typeof WebAssembly === 'undefined') {
    throw new BackendUnavailableError('kernels', 'Kernels: WebAssembly must be available (got none). Use a runtime with WebAssembly SIMD (Node >= 16, current browsers).');
  }
  relaxedBytes ??= decodeBase64(WASM_RELAXED_SIMD_BASE64);
  baseBytes ??= decodeBase64(WASM_SIMD_BASE64);
  let relaxed = false;
  if (simd !== 'baseline') {
    relaxed = await relaxedSupported(relaxedBytes);
    if (!relaxed && simd === 'relaxed') {
      throw new BackendUnavailableError('kernels', "Kernels: simd 'relaxed' needs WebAssembly relaxed SIMD (not available in this runtime). Use simd: 'auto' or 'baseline'.");
    }
  }
  if (!relaxed && !WebAssembly.validate(baseBytes)) {
    throw new BackendUnavailableError('kernels', 'Kernels: WebAssembly SIMD must be supported (validation failed). Use a runtime with 128-bit Wasm SIMD (Node >= 16, Chrome >= 91, Firefox >= 89, Safari >= 16.4).');
  }
  let p = cache.get(relaxed);
  if (!p) {
    p = WebAssembly.compile(relaxed ? relaxedBytes : baseBytes);
    cache.set(relaxed, p);
  }
  return { module: await p, relaxed };
}

/** An instantiated kernel module with typed views that survive memory growth. */
export class Kernels {
  readonly exports: KernelExports;
  private buffer: ArrayBuffer;
  private f32View: Float32Array;
  private i32View: Int32Array;

  private constructor(instance: WebAssembly.Instance) {
    this.exports = instance.exports as unknown as KernelExports;
    this.buffer = this.exports.memory.buffer;
    this.f32View = new Float32Array(this.buffer);
    this.i32View = new Int32Array(this.buffer);
  }

  /** Instantiate a compiled module (async: browsers forbid large synchronous instantiation). */
  static async instantiate(module: WebAssembly.Module): Promise<Kernels> {
    const instance = await WebAssembly.instantiate(module, {});
    return new Kernels(instance);
  }

  /** Synchronous instantiation (Node and workers). */
  static instantiateSync(module: WebAssembly.Module): Kernels {
    return new Kernels(new WebAssembly.Instance(module, {}));
  }

  private refresh(): void {
    if (this.buffer !== this.exports.memory.buffer) {
      this.buffer = this.exports.memory.buffer;
      this.f32View = new Float32Array(this.buffer);
      this.i32View = new Int32Array(this.buffer);
    }
  }

  /** Float32 view of `n` floats at byte offset `ptr` (valid until the next memory growth). */
  f32(ptr: number, n: number): Float32Array {
    this.refresh();
    return this.f32View.subarray(ptr >>> 2, (ptr >>> 2) + n);
  }

  /** Int32 view of `n` ints at byte offset `ptr`. */
  i32(ptr: number, n: number): Int32Array {
    this.refresh();
    return this.i32View.subarray(ptr >>> 2, (ptr >>> 2) + n);
  }

  /** Allocate `n` floats (bump allocator; contents unspecified) and return the byte offset. */
  allocF32(n: number): number {
    return this.exports.alloc(n * 4);
  }
}
