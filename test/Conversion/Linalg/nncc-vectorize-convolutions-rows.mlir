// RUN: nncc-opt %s -split-input-file --pass-pipeline="builtin.module(func.func(nncc-vectorize-convolutions{vector-bits=256 num-registers=16}))" -verify-diagnostics | FileCheck %s

// Multi-row register tiles on AVX2. A 7x7 output with 1-row tiles would take
// 5 + 2 pixels per row (the 2-pixel tile latency-bound); 3 rows x 2 pixels x
// 16 channels keeps 12 accumulators. Rows 0-5 take 3 x 2 tiles, their 7th
// column 3 x 1 tiles, and row 6 the best 1-row tiling (4 + 3 pixels). Each
// tile's rows are unrolled inside the same reduction loops: one weight
// vector load serves the three 1-row contractions.
// CHECK-LABEL: func.func @rows_7x7
// CHECK: scf.for %{{.+}} = %c0 to %c32 step %c16
// CHECK: scf.for %[[R:.+]] = %c0 to %c6 step %c3
// CHECK: scf.for %[[C:.+]] = %c0 to %c6 step %c2
// CHECK: scf.for %{{.+}} = %c0 to %c3 step %c1
// CHECK: scf.for %{{.+}} = %c0 to %c3 step %c1
// CHECK: scf.for %{{.+}} = %c0 to %c64 step %c1
// CHECK: vector.contract {{.*}} : vector<2x1xf32>, vector<1x16xf32> into vector<2x16xf32>
// CHECK-NOT: scf.yield
// CHECK: tensor.insert_slice {{.*}}[0, 1, 0, 0] [1, 1, 2, 16]
// CHECK-NOT: scf.yield
// CHECK: vector.contract {{.*}} : vector<2x1xf32>, vector<1x16xf32> into vector<2x16xf32>
// CHECK-NOT: scf.yield
// CHECK: tensor.insert_slice {{.*}}[0, 2, 0, 0] [1, 1, 2, 16]
// CHECK: scf.yield
// CHECK: arith.maximumf {{.*}} : vector<3x2x16xf32>
// CHECK: tensor.insert_slice {{.*}}[0, %[[R]], %[[C]], %{{.+}}] [1, 3, 2, 16]
// The 7th column of rows 0-5: 3 x 1 tiles.
// CHECK: arith.maximumf {{.*}} : vector<3x1x16xf32>
// Row 6: 4 + 3 pixels.
// CHECK: vector.contract {{.*}} into vector<4x16xf32>
// CHECK: arith.maximumf {{.*}} : vector<4x16xf32>
// CHECK: vector.contract {{.*}} into vector<3x16xf32>
// CHECK: arith.maximumf {{.*}} : vector<3x16xf32>
// CHECK: tensor.insert_slice {{.*}}[0, 6, 0, 0] [1, 1, 7, 32]
// CHECK-NOT: linalg.conv
#bias = affine_map<(d0, d1, d2, d3) -> (d3)>
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
func.func @rows_7x7(%x: tensor<1x9x9x64xf32>, %w: tensor<3x3x64x32xf32>, %bias: tensor<32xf32>) -> tensor<1x7x7x32xf32> {
  %e = tensor.empty() : tensor<1x7x7x32xf32>
  %init = linalg.generic {indexing_maps = [#bias, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%bias : tensor<32xf32>) outs(%e : tensor<1x7x7x32xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<1x7x7x32xf32>
  %y = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x9x9x64xf32>, tensor<3x3x64x32xf32>) outs(%init : tensor<1x7x7x32xf32>) -> tensor<1x7x7x32xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%y : tensor<1x7x7x32xf32>) outs(%e : tensor<1x7x7x32xf32>) {
  ^bb0(%in: f32, %out: f32):
    %z = arith.constant 0.0 : f32
    %m = arith.maximumf %in, %z : f32
    linalg.yield %m : f32
  } -> tensor<1x7x7x32xf32>
  return %r : tensor<1x7x7x32xf32>
}

// -----

// A forced [OHt, OWt, Ft] tile: 2 rows x 3 pixels x 16 channels on a
// stride-2 convolution (whose 1-D kernels take one contraction per pixel):
// six contractions in the innermost reduction loop.
// CHECK-LABEL: func.func @forced_rows
// CHECK: scf.for %{{.+}} = %c0 to %c6 step %c2
// CHECK: scf.for %{{.+}} = %c0 to %c6 step %c3
// CHECK: scf.for %{{.+}} = %c0 to %c16 step %c1
// CHECK-COUNT-6: vector.contract {{.*}} into vector<16xf32>
// CHECK-NOT: vector.contract
// CHECK: scf.yield
// CHECK: arith.maximumf {{.*}} : vector<2x3x16xf32>
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
func.func @forced_rows(%x: tensor<1x13x13x16xf32>, %w: tensor<3x3x16x32xf32>, %b: tensor<1x6x6x32xf32>) -> tensor<1x6x6x32xf32> {
  %y = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>, nncc.conv_tile = array<i64: 2, 3, 16>} ins(%x, %w : tensor<1x13x13x16xf32>, tensor<3x3x16x32xf32>) outs(%b : tensor<1x6x6x32xf32>) -> tensor<1x6x6x32xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%y : tensor<1x6x6x32xf32>) outs(%b : tensor<1x6x6x32xf32>) {
  ^bb0(%in: f32, %out: f32):
    %z = arith.constant 0.0 : f32
    %m = arith.maximumf %in, %z : f32
    linalg.yield %m : f32
  } -> tensor<1x6x6x32xf32>
  return %r : tensor<1x6x6x32xf32>
}

// -----

// A forced tile taller than the output.
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
func.func @rows_taller_than_output(%x: tensor<1x9x9x16xf32>, %w: tensor<3x3x16x32xf32>, %b: tensor<1x7x7x32xf32>) -> tensor<1x7x7x32xf32> {
  // expected-error@+1 {{'nncc.conv_tile' must be [OWt, Ft] or [OHt, OWt, Ft] with OHt at most the output's H (7), OWt at most its W (7) and Ft dividing its channels (32)}}
  %y = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>, nncc.conv_tile = array<i64: 8, 2, 16>} ins(%x, %w : tensor<1x9x9x16xf32>, tensor<3x3x16x32xf32>) outs(%b : tensor<1x7x7x32xf32>) -> tensor<1x7x7x32xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%y : tensor<1x7x7x32xf32>) outs(%b : tensor<1x7x7x32xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<1x7x7x32xf32>
  return %r : tensor<1x7x7x32xf32>
}

// -----

// Depthwise kernels take 1-row tiles only.
func.func @depthwise_rows(%x: tensor<1x9x9x16xf32>, %w: tensor<3x3x16xf32>, %b: tensor<1x7x7x16xf32>) -> tensor<1x7x7x16xf32> {
  // expected-error@+1 {{'nncc.conv_tile' must be [OWt, Ft] with OWt at most the output's W (7, and dividing it) and Ft dividing its channels (16)}}
  %y = linalg.depthwise_conv_2d_nhwc_hwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>, nncc.conv_tile = array<i64: 3, 7, 8>} ins(%x, %w : tensor<1x9x9x16xf32>, tensor<3x3x16xf32>) outs(%b : tensor<1x7x7x16xf32>) -> tensor<1x7x7x16xf32>
  return %y : tensor<1x7x7x16xf32>
}
