// Entry point of the kernels module (AssemblyScript → WebAssembly SIMD).
export { alloc, heapTop, heapReset } from './mem';
export { gemm, transpose, colSum, setBlocking } from './gemm';
export { sigmoid1, tanh1, exp1 } from './math';
export { lstmForward, lstmBackward } from './lstm';
export * from './net';
