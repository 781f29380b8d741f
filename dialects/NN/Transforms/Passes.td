//===- Passes.td - nn graph-level passes -------------------*- tablegen -*-===//
//
// Part of nncc.
//
//===----------------------------------------------------------------------===//

#ifndef NNCC_NN_TRANSFORMS_PASSES
#define NNCC_NN_TRANSFORMS_PASSES

include "mlir/Pass/PassBase.td"

def NNFoldIntoConvPass : Pass<"nn-fold-into-conv", "func::FuncOp"> {
  let summary = "Fold BatchNormalization and zero Pad into convolutions";
  let description = [{
    Two graph rewrites that remove whole ops at compile time:

    - `nn.batch_norm` (inference) of an `nn.conv2d` (NCHW) that has no other
      user, with constant weights, bias (or none) and BatchNorm parameters:
      with `k[f] = scale[f] / sqrt(var[f] + epsilon)`, the weights of output
      channel f are multiplied by `k[f]` and the bias becomes
      `(bias[f] - mean[f]) * k[f] + beta[f]` (computed in double, rounded
      once). The convolution takes the BatchNorm's place.
    - `nn.pad` in mode `constant` with value 0 that pads only the spatial
      dims (by non-negative amounts) of an `nn.conv2d`'s input: the amounts
      are added to the convolution's `pads` and the convolution reads the
      unpadded tensor. Likewise for `nn.avg_pool2d` without `ceil_mode`
      when it counts padding (`count_include_pad`) or has no pads of its
      own: it then counts the folded zeros as before.

    Anything else (a non-zero or non-constant pad, a pad of the batch or
    channel dims, a convolution with other users, a runtime weight) is left
    alone. Exporters often fold BatchNorm themselves (PyTorch in eval mode);
    other tools and training-mode exports keep it.

    ```mlir
    %p = nn.pad %x {mode = "constant", pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>, value = 0.0 : f32} : (tensor<1x3x8x8xf32>) -> tensor<1x3x10x10xf32>
    %c = nn.conv2d %p, %w {pads = array<i64: 0, 0, 0, 0>, ...} : ... -> tensor<1x4x8x8xf32>
    %y = nn.batch_norm %c, %s, %b, %m, %v {epsilon = 1.0e-05 : f32} : ...
    ```
    becomes
    ```mlir
    %y = nn.conv2d %x, %w2, %b2 {pads = array<i64: 1, 1, 1, 1>, ...} : ... -> tensor<1x4x8x8xf32>
    ```
  }];
}

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

    A fully connected layer (`nn.gemm` with a constant B, alpha = 1, A not
    transposed, a bias over N or none) becomes a 1x1 channels-last
    convolution over a 1 x M row of pixels, so that it runs on the
    convolution kernels (weights pre-packed into channel tiles, accumulators
    in registers, channel tiles split across threads). When N >= 64 is not a
    multiple of 32 (1000 classes), B and the bias gain zero columns up to the
    next multiple of 32 and the result is sliced back to N.

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

def NNBandDepthwisePass : Pass<"nn-band-depthwise", "func::FuncOp"> {
  let summary = "Run expand + depthwise convolution pairs in row bands";
  let description = [{
    An inverted residual block (MobileNetV2 and its relatives) expands its
    input with a 1x1 convolution into many channels, applies an activation
    and then a depthwise convolution. On large feature maps the expanded
    tensor (112 x 112 x 96 floats is 4.8 MB) does not stay in cache: the 1x1
    convolution writes it to memory and the depthwise convolution reads it
    back, and both run at memory speed.

    This pass splits such a pair into bands of output rows: for each band it
    slices the rows of the block's input that the band needs, runs the 1x1
    convolution and the activation on them only, and the depthwise
    convolution on that (padding only where the band touches the border);
    the bands' outputs are concatenated along H (the last kernel of a band
    writes straight into the result). When the depthwise convolution's
    activation feeds a single 1x1 projection, the projection and its
    elementwise ops (the block's residual Add, on that band's rows of the
    other operand) join the bands too. A band's expanded rows (at most
    `band-bytes`) stay in L2 from one kernel to the next; a pair is split
    into at most 32 bands (each band is its own kernels). The rows a band
    shares with its neighbour (the depthwise kernel's halo) are expanded
    twice. The default, 768 KiB, is larger than one core's L2 (512 KiB on
    the EPYC this was tuned on): with 2 threads each core computes half of a
    band, and fewer bands mean fewer kernels, each a join of the threads.
    Against 384 KiB, MobileNetV2 took 0.974 of the time on 2 threads and
    0.993 on 1 (medians of run-by-run paired ratios).

    It applies to channels-last (`nn-convert-layout`) depthwise convolutions
    with batch 1 whose input is a chain of single-use elementwise ops (unary,
    or binary with a constant of unit dims, e.g. Clip or Relu) over a
    single-use 1x1 stride-1 convolution whose output exceeds
    `min-expanded-bytes`; everything else is left alone.

    ```mlir
    %e = nn.conv2d %x, %w1, %b1 {channels_last, ...} : (tensor<1x112x112x16xf32>, ...) -> tensor<1x112x112x96xf32>
    %r = nn.relu %e : tensor<1x112x112x96xf32>
    %d = nn.conv2d %r, %w2, %b2 {channels_last, group = 96, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, ...} : ... -> tensor<1x56x56x96xf32>
    ```
    becomes, per band of output rows [o0, o1), with input rows [i0, i1):
    ```mlir
    %xb = nn.slice %x {offsets = array<i64: 0, i0, 0, 0>, ...} : ... -> tensor<1x5x112x16xf32>
    %eb = nn.conv2d %xb, %w1, %b1 {channels_last, ...} : ... -> tensor<1x5x112x96xf32>
    %rb = nn.relu %eb : tensor<1x5x112x96xf32>
    %db = nn.conv2d %rb, %w2, %b2 {..., pads = array<i64: top, 1, bottom, 1>} : ... -> tensor<1x2x56x96xf32>
    %d = nn.concat %d0, %d1, ... {axis = 1 : i64} : ... -> tensor<1x56x56x96xf32>
    ```
  }];
  let options = [
    Option<"bandBytes", "band-bytes", "int64_t", /*default=*/"786432",
           "Most bytes of expanded rows one band computes">,
    Option<"minExpandedBytes", "min-expanded-bytes", "int64_t",
           /*default=*/"1048576",
           "Band only pairs whose expanded tensor is larger than this">,
  ];
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
