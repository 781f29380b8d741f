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

// A convolution whose weights are a slice of a larger constant at a dynamic
// offset (Winograd's transformed taps: tap %k of 2 x 1 x C x F): the whole
// constant is packed, as F/8 x 2 x 1 x C x 8, and the kernel reads tile f/8
// of tap %k.
// CHECK-LABEL: func.func @packed_slice
// CHECK: %[[P:.+]] = arith.constant dense<{{.+}}> : tensor<2x2x1x2x8xf32>
// CHECK: scf.for %[[F:.+]] = %c0 to %c16 step %c8
// CHECK: %[[T:.+]] = affine.apply #{{.+}}(%[[F]])
// CHECK: vector.transfer_read %[[P]][%[[T]], %arg2, %c0, %{{.+}}, %c0], %{{.+}} {{.*}} : tensor<2x2x1x2x8xf32>, vector<8xf32>
func.func @packed_slice(%x: tensor<1x4x4x2xf32>, %b: tensor<1x4x4x16xf32>, %k: index) -> tensor<1x4x4x16xf32> {
  %u = arith.constant dense<[[[[0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0, 13.0, 14.0, 15.0], [100.0, 101.0, 102.0, 103.0, 104.0, 105.0, 106.0, 107.0, 108.0, 109.0, 110.0, 111.0, 112.0, 113.0, 114.0, 115.0]]], [[[20.0, 21.0, 22.0, 23.0, 24.0, 25.0, 26.0, 27.0, 28.0, 29.0, 30.0, 31.0, 32.0, 33.0, 34.0, 35.0], [200.0, 201.0, 202.0, 203.0, 204.0, 205.0, 206.0, 207.0, 208.0, 209.0, 210.0, 211.0, 212.0, 213.0, 214.0, 215.0]]]]> : tensor<2x1x2x16xf32>
  %w = tensor.extract_slice %u[%k, 0, 0, 0] [1, 1, 2, 16] [1, 1, 1, 1] : tensor<2x1x2x16xf32> to tensor<1x1x2x16xf32>
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

// A forced tile's Ft must divide the channels.
func.func @bad_tile(%x: tensor<1x8x14x16xf32>, %w: tensor<3x3x16x32xf32>, %b: tensor<1x6x12x32xf32>) -> tensor<1x6x12x32xf32> {
  // expected-error@+1 {{'nncc.conv_tile' must be [OWt, Ft] or [OHt, OWt, Ft] with OHt at most the output's H (6), OWt at most its W (12) and Ft dividing its channels (32)}}
  %r = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>, nncc.conv_tile = array<i64: 4, 12>} ins(%x, %w : tensor<1x8x14x16xf32>, tensor<3x3x16x32xf32>) outs(%b : tensor<1x6x12x32xf32>) -> tensor<1x6x12x32xf32>
  return %r : tensor<1x6x12x32xf32>
}

// -----

// No elementwise consumer: the convolution gets an identity epilogue, so
// its accumulator tile is a tile-sized tensor (a stack buffer kept in
// registers after bufferization) rather than its slice of the output, and
// the accumulator initialisation (the bias broadcast) is fused into each
// OWt x Ft tile and vectorized there, just before the reduction loop,
// instead of filling the whole output in a separate pass (ResNet-50's
// downsampling convolutions ran 2-4x slower without both).
// CHECK-LABEL: func.func @bias_no_epilogue
// CHECK-NOT: linalg.generic
// CHECK: scf.for %{{.+}} = %c0 to %c4 step %c1
// CHECK: scf.for %{{.+}} = %c0 to %c12 step %c6
// CHECK: scf.for %[[F:.+]] = %c0 to %c32 step %c16
// CHECK: %[[S:.+]] = tensor.extract_slice %{{.+}} : tensor<1x4x12x32xf32> to tensor<1x1x6x16xf32>
// CHECK: %[[B:.+]] = vector.transfer_read %arg2[%[[F]]]{{.*}} : tensor<32xf32>, vector<6x16xf32>
// CHECK: %[[T:.+]] = vector.transfer_write %[[B]], %[[S]]
// CHECK: scf.for %{{.+}} = %c0 to %c16 step %c1 iter_args(%{{.+}} = %[[T]]) -> (tensor<1x1x6x16xf32>)
// CHECK: vector.contract {{.*}} : vector<6x1xf32>, vector<1x16xf32> into vector<6x16xf32>
// CHECK-NOT: linalg.
#bias = affine_map<(d0, d1, d2, d3) -> (d3)>
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
func.func @bias_no_epilogue(%x: tensor<1x4x12x16xf32>, %w: tensor<1x1x16x32xf32>, %bias: tensor<32xf32>) -> tensor<1x4x12x32xf32> {
  %e = tensor.empty() : tensor<1x4x12x32xf32>
  %init = linalg.generic {indexing_maps = [#bias, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%bias : tensor<32xf32>) outs(%e : tensor<1x4x12x32xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<1x4x12x32xf32>
  %y = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x4x12x16xf32>, tensor<1x1x16x32xf32>) outs(%init : tensor<1x4x12x32xf32>) -> tensor<1x4x12x32xf32>
  return %y : tensor<1x4x12x32xf32>
}

// -----

// Ragged edge: OW = 7 with a forced 4 x 16 tile and a ReLU epilogue. The
// epilogue is split along W into pixels 0-3 (4 x 16 tiles) and 4-6 (a 3 x 16
// tile); each part fuses its slice of the convolution and of the bias
// initialisation, so both are static vector kernels (no scalar edge loop).
// CHECK-LABEL: func.func @ragged
// CHECK-NOT: linalg.conv
// CHECK: scf.for
// CHECK: vector.transfer_read %arg2{{.*}} : tensor<32xf32>, vector<4x16xf32>
// CHECK: vector.contract {{.*}} : vector<4x1xf32>, vector<1x16xf32> into vector<4x16xf32>
// CHECK: arith.maximumf {{.*}} : vector<4x16xf32>
// CHECK: tensor.insert_slice {{.*}}[0, 0, 0, 0] [1, 7, 4, 32]
// CHECK: scf.for
// CHECK: vector.transfer_read %arg2{{.*}} : tensor<32xf32>, vector<3x16xf32>
// CHECK: vector.contract {{.*}} : vector<3x1xf32>, vector<1x16xf32> into vector<3x16xf32>
// CHECK: arith.maximumf {{.*}} : vector<3x16xf32>
// CHECK: tensor.insert_slice {{.*}}[0, 0, 4, 0] [1, 7, 3, 32]
// CHECK-NOT: linalg.
#bias = affine_map<(d0, d1, d2, d3) -> (d3)>
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
func.func @ragged(%x: tensor<1x9x9x16xf32>, %w: tensor<3x3x16x32xf32>, %bias: tensor<32xf32>) -> tensor<1x7x7x32xf32> {
  %e = tensor.empty() : tensor<1x7x7x32xf32>
  %init = linalg.generic {indexing_maps = [#bias, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%bias : tensor<32xf32>) outs(%e : tensor<1x7x7x32xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<1x7x7x32xf32>
  %y = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>, nncc.conv_tile = array<i64: 4, 16>} ins(%x, %w : tensor<1x9x9x16xf32>, tensor<3x3x16x32xf32>) outs(%init : tensor<1x7x7x32xf32>) -> tensor<1x7x7x32xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%y : tensor<1x7x7x32xf32>) outs(%e : tensor<1x7x7x32xf32>) {
  ^bb0(%in: f32, %out: f32):
    %z = arith.constant 0.0 : f32
    %m = arith.maximumf %in, %z : f32
    linalg.yield %m : f32
  } -> tensor<1x7x7x32xf32>
  return %r : tensor<1x7x7x32xf32>
}

// -----

// With an epilogue a forced tile may leave a remainder but not exceed W.
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
func.func @tile_wider_than_output(%x: tensor<1x9x9x16xf32>, %w: tensor<3x3x16x32xf32>, %b: tensor<1x7x7x32xf32>) -> tensor<1x7x7x32xf32> {
  // expected-error@+1 {{'nncc.conv_tile' must be [OWt, Ft] or [OHt, OWt, Ft] with OHt at most the output's H (7), OWt at most its W (7) and Ft dividing its channels (32)}}
  %y = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>, nncc.conv_tile = array<i64: 8, 16>} ins(%x, %w : tensor<1x9x9x16xf32>, tensor<3x3x16x32xf32>) outs(%b : tensor<1x7x7x32xf32>) -> tensor<1x7x7x32xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%y : tensor<1x7x7x32xf32>) outs(%b : tensor<1x7x7x32xf32>) {
  ^bb0(%in: f32, %out: f32):
    %z = arith.constant 0.0 : f32
    %m = arith.maximumf %in, %z : f32
    linalg.yield %m : f32
  } -> tensor<1x7x7x32xf32>
  return %r : tensor<1x7x7x32xf32>
}

// -----

// A strided 1x1 convolution first gathers the pixels it reads into a dense
// tensor, then runs with stride 1 (its kernel reads input row %h, not 2 * %h).
// (1-row tiles forced, to read the row index off the loop.)
// CHECK-LABEL: func.func @strided_pointwise
// CHECK: %[[D:.+]] = linalg.generic {indexing_maps = [#[[READ:.+]], #{{.+}}], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%arg0 : tensor<1x8x8x16xf32>) outs(%{{.+}} : tensor<1x4x4x16xf32>)
// CHECK-NEXT: ^bb0
// CHECK-NEXT: linalg.yield
// CHECK: scf.for %[[H:.+]] = %c0 to %c4 step %c1
// CHECK-NOT: affine.apply
// CHECK: vector.transfer_read %[[D]][%c0, %[[H]], %c0, %{{.+}}]{{.*}} : tensor<1x4x4x16xf32>, vector<4x1xf32>
func.func @strided_pointwise(%x: tensor<1x8x8x16xf32>, %w: tensor<1x1x16x32xf32>, %b: tensor<1x4x4x32xf32>) -> tensor<1x4x4x32xf32> {
  %r = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>, nncc.conv_tile = array<i64: 4, 16>} ins(%x, %w : tensor<1x8x8x16xf32>, tensor<1x1x16x32xf32>) outs(%b : tensor<1x4x4x32xf32>) -> tensor<1x4x4x32xf32>
  return %r : tensor<1x4x4x32xf32>
}

// -----

// A strided 3x3 convolution reads overlapping windows: left as it is.
// CHECK-LABEL: func.func @strided_3x3
// CHECK-NOT: linalg.generic
// CHECK: affine.apply
func.func @strided_3x3(%x: tensor<1x9x9x16xf32>, %w: tensor<3x3x16x32xf32>, %b: tensor<1x4x4x32xf32>) -> tensor<1x4x4x32xf32> {
  %r = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%x, %w : tensor<1x9x9x16xf32>, tensor<3x3x16x32xf32>) outs(%b : tensor<1x4x4x32xf32>) -> tensor<1x4x4x32xf32>
  return %r : tensor<1x4x4x32xf32>
}

// -----

// A stride-1 1x1 convolution whose weights outweigh its input (channel tiles
// outermost) runs on one row of 7 x 7 = 49 pixels: 5 x 16 tiles over pixels
// 0-44 and a 4 x 16 tile for 45-48, instead of 7-wide rows (5 + 2 pixel
// tiles, the 2-pixel one latency-bound). The bias initialisation and the
// residual-add epilogue are rebuilt on the row; the result is viewed back as
// 7 x 7.
// CHECK-LABEL: func.func @flatten_pointwise
// CHECK-DAG: %[[X:.+]] = tensor.expand_shape %{{.+}} {{\[\[}}0], [1, 2], [3]] output_shape [1, 1, 49, 32]
// CHECK-DAG: %[[R:.+]] = tensor.expand_shape %{{.+}} {{\[\[}}0], [1, 2], [3]] output_shape [1, 1, 49, 64]
// CHECK: scf.for %{{.+}} = %c0 to %c45 step %c5
// CHECK: vector.transfer_read %[[X]]{{.*}} : tensor<1x1x49x32xf32>, vector<5x1xf32>
// CHECK: vector.transfer_read %[[R]]{{.*}} : tensor<1x1x49x64xf32>, vector<5x16xf32>
// CHECK: vector.transfer_read %[[X]][%c0, %c0, %c45, %{{.+}}]{{.*}} : tensor<1x1x49x32xf32>, vector<4x1xf32>
// CHECK: tensor.expand_shape %{{.+}} {{\[\[}}0], [1, 2], [3]] output_shape [1, 7, 7, 64]
#bias = affine_map<(d0, d1, d2, d3) -> (d3)>
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
func.func @flatten_pointwise(%x: tensor<1x7x7x32xf32>, %w: tensor<1x1x32x64xf32>, %bias: tensor<64xf32>, %res: tensor<1x7x7x64xf32>) -> tensor<1x7x7x64xf32> {
  %e = tensor.empty() : tensor<1x7x7x64xf32>
  %init = linalg.generic {indexing_maps = [#bias, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%bias : tensor<64xf32>) outs(%e : tensor<1x7x7x64xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<1x7x7x64xf32>
  %y = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x7x7x32xf32>, tensor<1x1x32x64xf32>) outs(%init : tensor<1x7x7x64xf32>) -> tensor<1x7x7x64xf32>
  %r = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%y, %res : tensor<1x7x7x64xf32>, tensor<1x7x7x64xf32>) outs(%e : tensor<1x7x7x64xf32>) {
  ^bb0(%a: f32, %b: f32, %out: f32):
    %s = arith.addf %a, %b : f32
    linalg.yield %s : f32
  } -> tensor<1x7x7x64xf32>
  return %r : tensor<1x7x7x64xf32>
}

// -----

// A result that is padded next (the input of a depthwise or 3x3
// convolution) keeps its rows when the reduction is short (C = 32 <= 256):
// nncc-pad-in-place then writes it into the padded buffer's interior,
// where a row view would cost a copy. With a long reduction (C = 512) the
// row's better tiles win and the conv is flattened all the same.
// CHECK-LABEL: func.func @pointwise_before_pad
// CHECK-NOT: output_shape [1, 1, 49, 32]
// CHECK: tensor.expand_shape %{{.+}} {{\[\[}}0], [1, 2], [3]] output_shape [1, 1, 49, 512]
// CHECK-NOT: output_shape [1, 1, 49, 32]
// CHECK: return
func.func @pointwise_before_pad(%x: tensor<1x7x7x32xf32>, %w: tensor<1x1x32x64xf32>, %x2: tensor<1x7x7x512xf32>, %w2: tensor<1x1x512x1024xf32>) -> (tensor<1x9x9x64xf32>, tensor<1x9x9x1024xf32>) {
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x7x7x64xf32>
  %init = linalg.fill ins(%z : f32) outs(%e : tensor<1x7x7x64xf32>) -> tensor<1x7x7x64xf32>
  %y = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x7x7x32xf32>, tensor<1x1x32x64xf32>) outs(%init : tensor<1x7x7x64xf32>) -> tensor<1x7x7x64xf32>
  %p = tensor.pad %y low[0, 1, 1, 0] high[0, 1, 1, 0] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %z : f32
  } : tensor<1x7x7x64xf32> to tensor<1x9x9x64xf32>
  %e2 = tensor.empty() : tensor<1x7x7x1024xf32>
  %init2 = linalg.fill ins(%z : f32) outs(%e2 : tensor<1x7x7x1024xf32>) -> tensor<1x7x7x1024xf32>
  %y2 = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x2, %w2 : tensor<1x7x7x512xf32>, tensor<1x1x512x1024xf32>) outs(%init2 : tensor<1x7x7x1024xf32>) -> tensor<1x7x7x1024xf32>
  %p2 = tensor.pad %y2 low[0, 1, 1, 0] high[0, 1, 1, 0] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %z : f32
  } : tensor<1x7x7x1024xf32> to tensor<1x9x9x1024xf32>
  return %p, %p2 : tensor<1x9x9x64xf32>, tensor<1x9x9x1024xf32>
}

// -----

// The input outweighs the weights (pixels outermost, threads split rows):
// the rows stay.
// CHECK-LABEL: func.func @pointwise_rows_kept
// CHECK-NOT: tensor.collapse_shape
// CHECK: vector.contract
func.func @pointwise_rows_kept(%x: tensor<1x8x8x16xf32>, %w: tensor<1x1x16x16xf32>, %b: tensor<1x8x8x16xf32>) -> tensor<1x8x8x16xf32> {
  %r = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x8x8x16xf32>, tensor<1x1x16x16xf32>) outs(%b : tensor<1x8x8x16xf32>) -> tensor<1x8x8x16xf32>
  return %r : tensor<1x8x8x16xf32>
}
