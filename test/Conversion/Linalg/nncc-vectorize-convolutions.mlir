// RUN: nncc-opt %s -split-input-file --pass-pipeline="builtin.module(func.func(nncc-vectorize-convolutions{vector-bits=256 num-registers=16}))" -verify-diagnostics | FileCheck %s

// Heuristic tile on AVX2 (8 lanes, 16 registers): OW = 12, F = 32 -> 6 x 16:
// 12 accumulators + 2 weight vectors + 1 broadcast fit the 16 registers
// (3 x 32 would need 17). The weights (4608 floats) outweigh the input
// (1792), so the channel tiles are the outermost loop. Every reduction loop
// has step 1; the kernel is one contraction of a column of 6 input pixels
// with a row of 16 weights.
// CHECK-LABEL: func.func @heuristic
// CHECK: scf.for %{{.+}} = %c0 to %c32 step %c16
// CHECK: scf.for %{{.+}} = %c0 to %c6 step %c1
// CHECK: scf.for %{{.+}} = %c0 to %c12 step %c6
// CHECK: scf.for %{{.+}} = %c0 to %c3 step %c1
// CHECK: scf.for %{{.+}} = %c0 to %c3 step %c1
// CHECK: scf.for %{{.+}} = %c0 to %c16 step %c1
// CHECK: vector.transfer_read %arg0{{.*}} : tensor<1x8x14x16xf32>, vector<6x1xf32>
// CHECK: vector.transfer_read %arg1{{.*}} : tensor<3x3x16x32xf32>, vector<16xf32>
// CHECK: vector.contract {{.*}} : vector<6x1xf32>, vector<1x16xf32> into vector<6x16xf32>
// CHECK-NOT: linalg.conv
func.func @heuristic(%x: tensor<1x8x14x16xf32>, %w: tensor<3x3x16x32xf32>, %b: tensor<1x6x12x32xf32>) -> tensor<1x6x12x32xf32> {
  %r = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x8x14x16xf32>, tensor<3x3x16x32xf32>) outs(%b : tensor<1x6x12x32xf32>) -> tensor<1x6x12x32xf32>
  return %r : tensor<1x6x12x32xf32>
}

// -----

// A forced 2 x 8 tile on constant weights (1x1, C = 2, F = 16): the weights
// are packed at compile time as F/8 x KH x KW x C x 8 = 2x1x1x2x8 (channels
// 0-7 of both inputs, then 8-15), and the kernel reads its 8 weights
// contiguously from tile f/8. The weights do not outweigh the input (32
// elements each), so the output pixels are the outer loops.
// CHECK-LABEL: func.func @packed
// CHECK: %[[P:.+]] = arith.constant dense<{{\[\[\[\[\[}}0.000000e+00, 1.000000e+00, 2.000000e+00, 3.000000e+00, 4.000000e+00, 5.000000e+00, 6.000000e+00, 7.000000e+00], [1.000000e+02, 1.010000e+02, {{.*}}]]]], {{\[\[\[\[}}8.000000e+00, {{.*}}, 1.500000e+01], [1.080000e+02, {{.*}}, 1.150000e+02]]]]]> : tensor<2x1x1x2x8xf32>
// CHECK: scf.for %{{.+}} = %c0 to %c4 step %c1
// CHECK: scf.for %{{.+}} = %c0 to %c4 step %c2
// CHECK: scf.for %[[F:.+]] = %c0 to %c16 step %c8
// CHECK: %[[T:.+]] = affine.apply #{{.+}}(%[[F]])
// CHECK: vector.transfer_read %[[P]][%[[T]], %c0, %c0, %{{.+}}, %c0], %{{.+}} {{.*}} : tensor<2x1x1x2x8xf32>, vector<8xf32>
func.func @packed(%x: tensor<1x4x4x2xf32>, %b: tensor<1x4x4x16xf32>) -> tensor<1x4x4x16xf32> {
  %w = arith.constant dense<[[[[0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0, 13.0, 14.0, 15.0], [100.0, 101.0, 102.0, 103.0, 104.0, 105.0, 106.0, 107.0, 108.0, 109.0, 110.0, 111.0, 112.0, 113.0, 114.0, 115.0]]]]> : tensor<1x1x2x16xf32>
  %r = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>, nncc.conv_tile = array<i64: 2, 8>} ins(%x, %w : tensor<1x4x4x2xf32>, tensor<1x1x2x16xf32>) outs(%b : tensor<1x4x4x16xf32>) -> tensor<1x4x4x16xf32>
  return %r : tensor<1x4x4x16xf32>
}

// -----

// Depthwise: OW = 7, C = 16 -> 7 x 16 would need 14 accumulators + 2 + 1
// registers; the tile is 7 x 8.
// CHECK-LABEL: func.func @depthwise
// CHECK: scf.for %{{.+}} = %c0 to %c16 step %c8
// CHECK: vector.fma {{.*}} : vector<7x8xf32>
// CHECK-NOT: linalg.depthwise
func.func @depthwise(%x: tensor<1x9x9x16xf32>, %w: tensor<3x3x16xf32>, %b: tensor<1x7x7x16xf32>) -> tensor<1x7x7x16xf32> {
  %r = linalg.depthwise_conv_2d_nhwc_hwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x9x9x16xf32>, tensor<3x3x16xf32>) outs(%b : tensor<1x7x7x16xf32>) -> tensor<1x7x7x16xf32>
  return %r : tensor<1x7x7x16xf32>
}

// -----

// Dynamic shapes are left alone (the generic path lowers them).
// CHECK-LABEL: func.func @dynamic
// CHECK: linalg.conv_2d_nhwc_hwcf
func.func @dynamic(%x: tensor<?x8x14x16xf32>, %w: tensor<3x3x16x32xf32>, %b: tensor<?x6x12x32xf32>) -> tensor<?x6x12x32xf32> {
  %r = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<?x8x14x16xf32>, tensor<3x3x16x32xf32>) outs(%b : tensor<?x6x12x32xf32>) -> tensor<?x6x12x32xf32>
  return %r : tensor<?x6x12x32xf32>
}

// -----

// A forced tile must divide the output.
func.func @bad_tile(%x: tensor<1x8x14x16xf32>, %w: tensor<3x3x16x32xf32>, %b: tensor<1x6x12x32xf32>) -> tensor<1x6x12x32xf32> {
  // expected-error@+1 {{'nncc.conv_tile' must be [OWt, Ft] dividing the output's W (12) and channels (32)}}
  %r = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>, nncc.conv_tile = array<i64: 5, 8>} ins(%x, %w : tensor<1x8x14x16xf32>, tensor<3x3x16x32xf32>) outs(%b : tensor<1x6x12x32xf32>) -> tensor<1x6x12x32xf32>
  return %r : tensor<1x6x12x32xf32>
}

// -----

// No elementwise consumer: the accumulator initialisation (the bias
// broadcast) is still fused into each OWt x Ft tile and vectorized there,
// just before the reduction loop, instead of filling the whole output in a
// separate pass that the tile then reads back (ResNet-50's un-fused 1x1
// convolutions ran at half speed that way).
// CHECK-LABEL: func.func @bias_no_epilogue
// CHECK-NOT: linalg.generic
// CHECK: scf.for %{{.+}} = %c0 to %c4 step %c1
// CHECK: scf.for %{{.+}} = %c0 to %c8 step %c4
// CHECK: scf.for %[[F:.+]] = %c0 to %c32 step %c16
// CHECK: %[[B:.+]] = vector.transfer_read %arg2[%[[F]]]{{.*}} : tensor<32xf32>, vector<4x16xf32>
// CHECK: %[[T:.+]] = vector.transfer_write %[[B]]
// CHECK: scf.for %{{.+}} = %c0 to %c16 step %c1 iter_args(%{{.+}} = %[[T]])
// CHECK: vector.contract {{.*}} : vector<4x1xf32>, vector<1x16xf32> into vector<4x16xf32>
// CHECK-NOT: linalg.
#bias = affine_map<(d0, d1, d2, d3) -> (d3)>
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
func.func @bias_no_epilogue(%x: tensor<1x4x8x16xf32>, %w: tensor<1x1x16x32xf32>, %bias: tensor<32xf32>) -> tensor<1x4x8x32xf32> {
  %e = tensor.empty() : tensor<1x4x8x32xf32>
  %init = linalg.generic {indexing_maps = [#bias, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%bias : tensor<32xf32>) outs(%e : tensor<1x4x8x32xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<1x4x8x32xf32>
  %y = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x4x8x16xf32>, tensor<1x1x16x32xf32>) outs(%init : tensor<1x4x8x32xf32>) -> tensor<1x4x8x32xf32>
  return %y : tensor<1x4x8x32xf32>
}
