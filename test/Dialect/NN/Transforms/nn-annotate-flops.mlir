// RUN: nncc-opt %s --nn-annotate-flops --split-input-file | FileCheck %s

// Exact counts per op kind (see the pass description). Keys are sorted;
// `order` is the node's position in program order.
// conv: 2 * 256 outputs * 27 (C*KH*KW) + 256 bias adds = 14080.
// conv_dw (group 4, no bias): 2 * 256 * 9 = 4608.
// conv_nhwc (channels-last, bias): 14080 again.
// dup: one ONNX node lowered to two ops (add, mul) and a reshape: compute
//   kinds joined (data movement is named only when there is nothing else),
//   counts summed (256 + 256). dyn: dynamic shape counts 0.
// gemm: 2 * 10 * 64 + 10 (C) = 1290. matmul: 2 * 30 * 4 = 240.
// pool: 64 outputs * 4 (2x2 window). relu: 256. reshape: 0. softmax: 4 * 10.
// The unnamed relu (no NameLoc) is not recorded.
// CHECK-LABEL: module attributes {nncc.node_info = {
// CHECK-SAME: conv = {flops = 14080 : i64, kind = "conv2d", order = 0 : i64}
// CHECK-SAME: conv_dw = {flops = 4608 : i64, kind = "conv2d", order = 2 : i64}
// CHECK-SAME: conv_nhwc = {flops = 14080 : i64, kind = "conv2d", order = 3 : i64}
// CHECK-SAME: dup = {flops = 512 : i64, kind = "add+mul", order = 9 : i64}
// CHECK-SAME: dyn = {flops = 0 : i64, kind = "relu", order = 8 : i64}
// CHECK-SAME: gemm = {flops = 1290 : i64, kind = "gemm", order = 5 : i64}
// CHECK-SAME: matmul = {flops = 240 : i64, kind = "matmul", order = 7 : i64}
// CHECK-SAME: pool = {flops = 256 : i64, kind = "max_pool2d", order = 4 : i64}
// CHECK-SAME: relu = {flops = 256 : i64, kind = "relu", order = 1 : i64}
// CHECK-SAME: reshape = {flops = 0 : i64, kind = "reshape", order = 10 : i64}
// CHECK-SAME: softmax = {flops = 40 : i64, kind = "softmax", order = 6 : i64}}}
func.func @kinds(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<4xf32>,
                 %x4: tensor<1x4x8x8xf32>, %wdw: tensor<4x1x3x3xf32>,
                 %xl: tensor<1x8x8x3xf32>, %wl: tensor<3x3x3x4xf32>,
                 %a: tensor<1x64xf32>, %bm: tensor<10x64xf32>, %c: tensor<10xf32>,
                 %m: tensor<2x3x4xf32>, %n: tensor<4x5xf32>, %d: tensor<?x8xf32>)
    -> (tensor<1x4x8x8xf32>, tensor<1x4x8x8xf32>, tensor<1x8x8x4xf32>, tensor<1x4x4x4xf32>,
        tensor<1x10xf32>, tensor<2x3x5xf32>, tensor<?x8xf32>, tensor<1x4x8x8xf32>, tensor<256xf32>) {
  %0 = nn.conv2d %x, %w, %b {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, group = 1 : i64} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x8x8xf32> loc(#conv)
  %1 = nn.relu %0 : tensor<1x4x8x8xf32> loc(#relu)
  %2 = nn.conv2d %x4, %wdw {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, group = 4 : i64} : (tensor<1x4x8x8xf32>, tensor<4x1x3x3xf32>) -> tensor<1x4x8x8xf32> loc(#conv_dw)
  %3 = nn.conv2d %xl, %wl, %b {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, group = 1 : i64, channels_last} : (tensor<1x8x8x3xf32>, tensor<3x3x3x4xf32>, tensor<4xf32>) -> tensor<1x8x8x4xf32> loc(#conv_nhwc)
  %4 = nn.max_pool2d %1 {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, ceil_mode = false} : (tensor<1x4x8x8xf32>) -> tensor<1x4x4x4xf32> loc(#pool)
  %5 = nn.gemm %a, %bm, %c {alpha = 1.0 : f32, beta = 1.0 : f32, trans_a = false, trans_b = true} : (tensor<1x64xf32>, tensor<10x64xf32>, tensor<10xf32>) -> tensor<1x10xf32> loc(#gemm)
  %6 = nn.softmax %5 {axis = 1 : i64} : tensor<1x10xf32> loc(#softmax)
  %7 = nn.matmul %m, %n : tensor<2x3x4xf32>, tensor<4x5xf32> -> tensor<2x3x5xf32> loc(#matmul)
  %8 = nn.relu %d : tensor<?x8xf32> loc(#dyn)
  %9 = nn.add %0, %2 : tensor<1x4x8x8xf32>, tensor<1x4x8x8xf32> -> tensor<1x4x8x8xf32> loc(#dup)
  %10 = nn.mul %9, %9 : tensor<1x4x8x8xf32>, tensor<1x4x8x8xf32> -> tensor<1x4x8x8xf32> loc(#dup)
  %11 = nn.relu %10 : tensor<1x4x8x8xf32>
  %unused = nn.reshape %10 : tensor<1x4x8x8xf32> -> tensor<256xf32> loc(#dup)
  %12 = nn.reshape %11 : tensor<1x4x8x8xf32> -> tensor<256xf32> loc(#reshape)
  return %1, %2, %3, %4, %6, %7, %8, %11, %12 : tensor<1x4x8x8xf32>, tensor<1x4x8x8xf32>, tensor<1x8x8x4xf32>, tensor<1x4x4x4xf32>, tensor<1x10xf32>, tensor<2x3x5xf32>, tensor<?x8xf32>, tensor<1x4x8x8xf32>, tensor<256xf32>
}
#file = loc("m.onnx":0:0)
#conv = loc("conv"(#file))
#relu = loc("relu"(#file))
#conv_dw = loc("conv_dw"(#file))
#conv_nhwc = loc("conv_nhwc"(#file))
#pool = loc("pool"(#file))
#gemm = loc("gemm"(#file))
#softmax = loc("softmax"(#file))
#matmul = loc("matmul"(#file))
#dyn = loc("dyn"(#file))
#dup = loc("dup"(#file))
#reshape = loc("reshape"(#file))

// -----

// A node name inside a FusedLoc (e.g. after a fold) counts for its first
// name; a module without named nn ops gets an empty table.
// CHECK-LABEL: module attributes {nncc.node_info = {fused_a = {flops = 4 : i64, kind = "neg", order = 0 : i64}}}
func.func @fused(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = nn.neg %x : tensor<4xf32> loc(fused["fused_a"("m.onnx":0:0), "fused_b"("m.onnx":0:0)])
  return %0 : tensor<4xf32>
}

// -----

// CHECK-LABEL: module attributes {nncc.node_info = {}}
func.func @none(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = nn.neg %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}
