/**
 * One-time repairs of stock tfjs, applied by every tf-facing entry point of the library
 * (`buildCnnLstm`, `loadBundle`, the backends, the trainer) through {@link ensureTfSetup}.
 *
 * Why this exists. The union package `@tensorflow/tfjs` does three things on import that the
 * packages we depend on (`@tensorflow/tfjs-core` + `-layers` + a backend) do not:
 *
 * 1. **Chained ops.** `tensor.flatten()`, `tensor.reshape()`, ... are installed on
 *    `Tensor.prototype` only by `@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops`,
 *    which neither tfjs-core's Node entry (`main: dist/tf-core.node.js`) nor its ESM entry
 *    (`module: dist/index.js`) imports. tfjs-layers' `Orthogonal` initializer (the LSTM default
 *    recurrent initializer) calls `rMat.flatten()` and throws `flatten is not a function`.
 *    The obvious fix, importing that file, breaks in Node: tfjs-core's `dist/*.js` files are ESM
 *    with extension-less relative imports inside a package without `"type": "module"`, so they
 *    can be neither `require`d (CJS) nor `import`ed (Node ESM resolution). We therefore install the
 *    same methods ourselves through the public API: each chained op is `tf[op](this, ...args)`.
 * 2. **Gradients.** Registered by tfjs-layers itself (its Node bundle inlines
 *    `register_all_gradients`, its ESM entry imports it), so importing tfjs-layers here is enough;
 *    `test/model/tf-setup` asserts they are present under both `import` and `require` of the dist.
 * 3. **Missing wasm training kernels.** `@tensorflow/tfjs-backend-wasm` 4.x has no
 *    `Conv2DBackpropFilter` (the weight gradient of Conv1D/Conv2D), so `model.fit` of any conv net
 *    fails on wasm. We register one for the `'wasm'` backend (see `wasm-kernels.ts`).
 *
 * Everything here is idempotent and never overrides something a user or a newer tfjs registered.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers';
import { registerWasmTrainingKernels } from './wasm-kernels.js';

/** The chained-op methods of tfjs-core 4.x whose body is exactly `op(this, ...args)`. */
const SIMPLE_CHAINED_OPS = [
  'abs', 'acos', 'acosh', 'add', 'all', 'any', 'argMax', 'argMin', 'asin', 'asinh', 'atan',
  'atan2', 'atanh', 'avgPool', 'batchNorm', 'batchToSpaceND', 'broadcastTo', 'cast', 'ceil',
  'clipByValue', 'conv1d', 'conv2d', 'conv2dTranspose', 'cos', 'cosh', 'cumprod', 'cumsum',
  'depthToSpace', 'depthwiseConv2d', 'dilation2d', 'div', 'divNoNan', 'dot', 'elu', 'equal', 'erf',
  'euclideanNorm', 'exp', 'expandDims', 'expm1', 'fft', 'floor', 'floorDiv', 'gather', 'greater',
  'greaterEqual', 'ifft', 'irfft', 'isFinite', 'isInf', 'isNaN', 'leakyRelu', 'less', 'lessEqual',
  'localResponseNormalization', 'log', 'log1p', 'logicalAnd', 'logicalNot', 'logicalOr',
  'logicalXor', 'logSigmoid', 'logSoftmax', 'logSumExp', 'matMul', 'max', 'maximum', 'maxPool',
  'mean', 'min', 'minimum', 'mirrorPad', 'mod', 'mul', 'neg', 'norm', 'notEqual', 'oneHot',
  'onesLike', 'pad', 'pool', 'pow', 'prelu', 'prod', 'reciprocal', 'relu', 'relu6', 'reshape',
  'reverse', 'rfft', 'round', 'rsqrt', 'selu', 'separableConv2d', 'sigmoid', 'sign', 'sin', 'sinh',
  'slice', 'softmax', 'softplus', 'spaceToBatchND', 'split', 'sqrt', 'square', 'squaredDifference',
  'squeeze', 'step', 'stridedSlice', 'sub', 'sum', 'tan', 'tanh', 'tile', 'topk', 'transpose',
  'unique', 'unsortedSegmentSum', 'unstack', 'zerosLike',
] as const;

type AnyFn = (...args: unknown[]) => unknown;
type Self = tf.Tensor;

/** Chained ops whose body is not `op(this, ...args)` (copied semantics of tfjs-core 4.22). */
function specialChainedOps(): Record<string, (this: Self, ...args: never[]) => unknown> {
  const toShape = function (this: Self, ...dims: number[]) {
    return tf.reshape(this, dims);
  };
  return {
    flatten(this: Self) {
      return tf.reshape(this, [this.size]);
    },
    as1D(this: Self) {
      return tf.reshape(this, [this.size]);
    },
    as2D: toShape,
    as3D: toShape,
    as4D: toShape,
    as5D: toShape,
    asScalar(this: Self) {
      tf.util.assert(this.size === 1, () => 'The array must have only 1 element.');
      return tf.reshape(this, []);
    },
    asType(this: Self, dtype: tf.DataType) {
      return tf.cast(this, dtype);
    },
    toBool(this: Self) {
      return tf.cast(this, 'bool');
    },
    toFloat(this: Self) {
      return tf.cast(this, 'float32');
    },
    toInt(this: Self) {
      return tf.cast(this, 'int32');
    },
    reshapeAs(this: Self, x: tf.Tensor) {
      return tf.reshape(this, x.shape);
    },
    concat(this: Self, x: tf.Tensor | tf.Tensor[], axis?: number) {
      return tf.concat([this, ...(x instanceof tf.Tensor ? [x] : x)], axis);
    },
    stack(this: Self, x: tf.Tensor | tf.Tensor[], axis?: number) {
      return tf.stack([this, ...(x instanceof tf.Tensor ? [x] : x)], axis);
    },
    where(this: Self, condition: tf.Tensor, x: tf.Tensor) {
      return tf.where(condition, this, x);
    },
    resizeBilinear(this: Self, ...args: unknown[]) {
      return (tf.image.resizeBilinear as AnyFn)(this, ...args);
    },
    resizeNearestNeighbor(this: Self, ...args: unknown[]) {
      return (tf.image.resizeNearestNeighbor as AnyFn)(this, ...args);
    },
  };
}

/**
 * Install tfjs-core's chained ops (`t.flatten()`, `t.reshape()`, ...) on `tf.Tensor.prototype`
 * through the public API. Methods that already exist (e.g. the app loaded `@tensorflow/tfjs`) are
 * left alone.
 * @returns the names that were installed by this call.
 */
export function installChainedOps(): string[] {
  const proto = tf.Tensor.prototype as unknown as Record<string, unknown>;
  const installed: string[] = [];
  const ops = tf as unknown as Record<string, unknown>;
  for (const name of SIMPLE_CHAINED_OPS) {
    const op = ops[name];
    if (typeof proto[name] === 'function' || typeof op !== 'function') continue;
    proto[name] = function (this: Self, ...args: unknown[]) {
      this.throwIfDisposed();
      return (op as AnyFn)(this, ...args);
    };
    installed.push(name);
  }
  for (const [name, fn] of Object.entries(specialChainedOps())) {
    if (typeof proto[name] === 'function') continue;
    proto[name] = function (this: Self, ...args: never[]) {
      this.throwIfDisposed();
      return fn.apply(this, args);
    };
    installed.push(name);
  }
  return installed;
}

let done = false;

/**
 * Apply the library's tfjs repairs once per process (idempotent, cheap after the first call):
 * chained ops on `Tensor.prototype` (fixes the LSTM `Orthogonal` initializer's
 * `flatten is not a function`) and the wasm backend's missing training kernels.
 * Called by every tf-facing entry point; call it yourself before building stock tfjs-layers
 * models with `@tensorflow/tfjs-core` + `-layers` only.
 */
export function ensureTfSetup(): void {
  if (done) return;
  installChainedOps();
  registerWasmTrainingKernels();
  done = true;
}

ensureTfSetup();
