//===- Passes.td - nn graph-level passes -------------------*- tablegen -*-===//
//
// Part of nncc.
//
//===----------------------------------------------------------------------===//

#ifndef NNCC_NN_TRANSFORMS_PASSES
#define NNCC_NN_TRANSFORMS_PASSES

include "mlir/Pass/PassBase.td"

def NNConvertLayoutPass : Pass<"nn-convert-layout", "func::FuncOp"> {
  let summary = "Run convolutions and pooling channels-last (NHWC)";
  let description = [{
    CPU kernels vectorize convolutions along the channel dimension, which
    must therefore be innermost in memory. This pass rewrites every
    `nn.conv2d` with static shapes that is not grouped (or is depthwise:
    group = C = F) into its `channels_last` form between two
    `nn.transpose`s (NCHW -> NHWC before, NHWC -> NCHW after); the weight
    transpose (F x C/G x KH x KW -> KH x KW x C/G x F) folds at compile time
    when the weight is a constant, so weights are pre-packed once.

    It then sinks the NHWC -> NCHW transposes through elementwise ops (unary,
    and binary ones whose other operand is transposed alike, a constant or
    a splat-shaped tensor), through pooling (which turns channels-last
    itself), and cancels them against the next convolution's NCHW -> NHWC
    transpose. Layout conversions remain only at the edges of each chain of
    convolutions (graph inputs/outputs, reshapes, other ops).

    ```mlir
    %c = nn.conv2d %x, %w, %b {...} : (tensor<1x3x8x8xf32>, ...) -> tensor<1x4x8x8xf32>
    %r = nn.relu %c : tensor<1x4x8x8xf32>
    ```
    becomes
    ```mlir
    %t = nn.transpose %x {perm = array<i64: 0, 2, 3, 1>} : ... -> tensor<1x8x8x3xf32>
    %c = nn.conv2d %t, %w_hwcf, %b {..., channels_last} : ... -> tensor<1x8x8x4xf32>
    %r = nn.relu %c : tensor<1x8x8x4xf32>
    %y = nn.transpose %r {perm = array<i64: 0, 3, 1, 2>} : ... -> tensor<1x4x8x8xf32>
    ```
  }];
}

#endif // NNCC_NN_TRANSFORMS_PASSES
