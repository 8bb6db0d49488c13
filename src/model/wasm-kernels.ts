/**
 * Training kernels that `@tensorflow/tfjs-backend-wasm` 4.x does not implement, registered for the
 * `'wasm'` backend by composition of kernels it does implement (pad, strided slice, concat,
 * matMul, reshape, oneHot), so `model.fit` works on wasm:
 *
 * - `Conv2DBackpropFilter`: the weight gradient of Conv1D/Conv2D (im2col + one matMul).
 * - `UnsortedSegmentSum`: the gradient of `gather` (one-hot matMul).
 *
 * A kernel function may run tfjs ops: the engine has switched the tape off (kernelDepth > 0) and
 * accepts a returned Tensor as the output. Intermediates are freed by `tf.tidy`.
 */
import * as tf from '@tensorflow/tfjs-core';

type KernelArgs = Parameters<tf.KernelFunc>[0];

/**
 * dW = im2col(x)ᵀ · dy for NHWC x `[N, H, W, inC]`, dy `[N, outH, outW, outC]`; NCHW is
 * transposed first. Dilations are always 1 here (tfjs' Conv2D gradient asserts it).
 */
export function conv2dBackpropFilterComposed({ inputs, attrs }: KernelArgs): tf.Tensor {
  const a = attrs as unknown as tf.Conv2DBackpropFilterAttrs;
  return tf.tidy(() => {
    let x = inputs['x'] as tf.Tensor4D;
    let dy = inputs['dy'] as tf.Tensor4D;
    if (a.dataFormat === 'NCHW') {
      x = tf.transpose(x, [0, 2, 3, 1]);
      dy = tf.transpose(dy, [0, 2, 3, 1]);
    }
    const info = tf.backend_util.computeConv2DInfo(
      x.shape,
      a.filterShape,
      a.strides,
      1,
      a.pad,
      a.dimRoundingMode,
      false,
      'channelsLast',
    );
    const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels } = info;
    const { filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw } = info;
    const top = info.padInfo.top;
    const left = info.padInfo.left;
    const spanH = (outHeight - 1) * sh + 1;
    const spanW = (outWidth - 1) * sw + 1;
    const xp = tf.pad(x, [
      [0, 0],
      [top, Math.max(0, fh - 1 + spanH - inHeight - top)],
      [left, Math.max(0, fw - 1 + spanW - inWidth - left)],
      [0, 0],
    ]);
    const rows = batchSize * outHeight * outWidth;
    const cols: tf.Tensor[] = [];
    for (let i = 0; i < fh; i++) {
      for (let j = 0; j < fw; j++) {
        const patch = tf.stridedSlice(xp, [0, i, j, 0], [batchSize, i + spanH, j + spanW, inChannels], [1, sh, sw, 1]);
        cols.push(tf.reshape(patch, [rows, inChannels]));
      }
    }
    // Column order (i, j, c) matches the filter layout [fh, fw, inC, outC].
    const im2col = cols.length === 1 ? cols[0]! : tf.concat(cols, 1);
    const dw = tf.matMul(im2col, tf.reshape(dy, [rows, outChannels]), true, false);
    return tf.reshape(dw, a.filterShape);
  });
}

/** out[s] = Σ_{i: ids[i] = s} x[i]; ids outside [0, numSegments) are dropped (TF semantics). */
export function unsortedSegmentSumComposed({ inputs, attrs }: KernelArgs): tf.Tensor {
  const numSegments = (attrs as unknown as tf.UnsortedSegmentSumAttrs).numSegments;
  return tf.tidy(() => {
    const x = inputs['x'] as tf.Tensor;
    const ids = inputs['segmentIds'] as tf.Tensor;
    const n = ids.size;
    const rest = x.shape.slice(ids.rank);
    const x2 = tf.reshape(tf.cast(x, 'float32'), [n, rest.reduce((p, d) => p * d, 1)]);
    const oh = tf.cast(tf.oneHot(tf.reshape(tf.cast(ids, 'int32'), [n]), numSegments), 'float32');
    const out = tf.reshape(tf.matMul(oh, x2, true, false), [numSegments, ...rest]);
    return x.dtype === 'float32' ? out : tf.cast(out, x.dtype);
  });
}

/** Register the kernels above for `'wasm'` unless that backend already has them. Idempotent. */
export function registerWasmTrainingKernels(): void {
  const kernels: [string, (args: KernelArgs) => tf.Tensor][] = [
    [tf.Conv2DBackpropFilter, conv2dBackpropFilterComposed],
    [tf.UnsortedSegmentSum, unsortedSegmentSumComposed],
  ];
  for (const [kernelName, fn] of kernels) {
    if (tf.getKernel(kernelName, 'wasm') != null) continue;
    tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc: fn as unknown as tf.KernelFunc });
  }
}
