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

def NNAnnotateFlopsPass : Pass<"nn-annotate-flops", "ModuleOp"> {
  let summary = "Record the op kind and FLOP count of every ONNX node";
  let description = [{
    For profiling (`nncc --profile`): stores the module attribute
    `nncc.node_info`, a dictionary from ONNX node name (the NameLoc the
    importer gives each nn op) to `{flops, kind, order}`: the
    floating-point operations one run performs for the node, its nn op
    kind(s) (joined with "+" when one node became several ops; data
    movement such as a layout transpose is named only when the node has
    nothing else) and its position in program order.
    `nncc-instrument-kernels` later divides the counts among the kernels.

    Counts (static shapes; an op with dynamic shapes counts 0):
    - `conv2d`: 2 * N*F*OH*OW * C/G*KH*KW, + N*F*OH*OW with a bias;
    - `matmul`: 2 * (output elements) * K; `gemm`: the same, + M*N with C;
    - elementwise ops: one per output element;
    - `max_pool2d`/`avg_pool2d`: output elements * KH*KW; global pooling
      and reductions: one per input element;
    - `softmax` 4, `batch_norm` 2, `layer_norm` 7 per input element;
    - `lstm`/`gru`/`rnn`: 2 * seq * batch * (|W| + |R|);
    - data movement (transpose, reshape, concat, ...): 0.

    ```mlir
    %y = nn.relu %x : tensor<1x8xf32> loc(#relu)   // #relu = loc("r1"(...))
    ```
    gives
    ```mlir
    module attributes {nncc.node_info = {r1 = {flops = 8 : i64, kind = "relu", order = 0 : i64}}}
    ```
  }];
}

#endif // NNCC_NN_TRANSFORMS_PASSES
