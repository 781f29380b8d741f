// RUN: nncc-opt %s -split-input-file --pass-pipeline="builtin.module(func.func(nn-convert-layout),canonicalize)" | FileCheck %s

// A conv -> relu -> conv chain runs channels-last end to end: one transpose
// at the input, one at the output, weights pre-packed (folded) as HWCF.
// CHECK-LABEL: func.func @chain
// CHECK-SAME: (%[[X:.+]]: tensor<1x3x8x8xf32>)
// CHECK-DAG: %[[W1:.+]] = nn.constant dense_resource<{{.+}}> : tensor<3x3x3x4xf32>
// CHECK-DAG: %[[W2:.+]] = nn.constant dense<{{.*}}> : tensor<1x1x4x2xf32>
// CHECK: %[[T:.+]] = nn.transpose %[[X]] {perm = array<i64: 0, 2, 3, 1>} : (tensor<1x3x8x8xf32>) -> tensor<1x8x8x3xf32>
// CHECK: %[[C1:.+]] = nn.conv2d %[[T]], %[[W1]], %{{.+}} {channels_last, {{.*}}} : (tensor<1x8x8x3xf32>, tensor<3x3x3x4xf32>, tensor<4xf32>) -> tensor<1x8x8x4xf32>
// CHECK: %[[R:.+]] = nn.relu %[[C1]] : tensor<1x8x8x4xf32>
// CHECK: %[[C2:.+]] = nn.conv2d %[[R]], %[[W2]] {channels_last, {{.*}}} : (tensor<1x8x8x4xf32>, tensor<1x1x4x2xf32>) -> tensor<1x8x8x2xf32>
// CHECK: %[[Y:.+]] = nn.transpose %[[C2]] {perm = array<i64: 0, 3, 1, 2>} : (tensor<1x8x8x2xf32>) -> tensor<1x2x8x8xf32>
// CHECK-NOT: nn.transpose
// CHECK: return %[[Y]]
func.func @chain(%x: tensor<1x3x8x8xf32>) -> tensor<1x2x8x8xf32> {
  %w1 = nn.constant dense<[[[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]], [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]], [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]]], [[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]], [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]], [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]]], [[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]], [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]], [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]]], [[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]], [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]], [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]]]]> : tensor<4x3x3x3xf32>
  %b1 = nn.constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  %w2 = nn.constant dense<[[[[1.0]], [[2.0]], [[3.0]], [[4.0]]], [[[5.0]], [[6.0]], [[7.0]], [[8.0]]]]> : tensor<2x4x1x1xf32>
  %c1 = nn.conv2d %x, %w1, %b1 {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, group = 1 : i64} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x8x8xf32>
  %r = nn.relu %c1 : tensor<1x4x8x8xf32>
  %c2 = nn.conv2d %r, %w2 {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 1 : i64} : (tensor<1x4x8x8xf32>, tensor<2x4x1x1xf32>) -> tensor<1x2x8x8xf32>
  return %c2 : tensor<1x2x8x8xf32>
}

// -----

// The weight transpose really permutes the data: w[f][c][kh][kw] = 1000f +
// 100c + 10kh + kw lands at [kh][kw][c][f].
// CHECK-LABEL: func.func @packing
// CHECK: nn.constant dense<{{\[\[\[\[}}0.000000e+00, 1.000000e+03], [1.000000e+02, 1.100000e+03]], {{\[\[}}1.000000e+00, 1.001000e+03], [1.010000e+02, 1.101000e+03]]], {{\[\[\[}}1.000000e+01, 1.010000e+03], [1.100000e+02, 1.110000e+03]], {{\[\[}}1.100000e+01, 1.011000e+03], [1.110000e+02, 1.111000e+03]]]]> : tensor<2x2x2x2xf32>
func.func @packing(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x3x3xf32> {
  %w = nn.constant dense<[[[[0.0, 1.0], [10.0, 11.0]], [[100.0, 101.0], [110.0, 111.0]]], [[[1000.0, 1001.0], [1010.0, 1011.0]], [[1100.0, 1101.0], [1110.0, 1111.0]]]]> : tensor<2x2x2x2xf32>
  %c = nn.conv2d %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 1 : i64} : (tensor<1x2x4x4xf32>, tensor<2x2x2x2xf32>) -> tensor<1x2x3x3xf32>
  return %c : tensor<1x2x3x3xf32>
}

// -----

// Residual add of two NHWC values and max-pool stay channels-last; the
// global average pool's NHWC -> NCHW transpose only moves unit dims and
// becomes a reshape.
// CHECK-LABEL: func.func @residual_pool
// CHECK: nn.transpose %arg0 {perm = array<i64: 0, 2, 3, 1>}
// CHECK: %[[C:.+]] = nn.conv2d {{.*}}channels_last
// CHECK: %[[P:.+]] = nn.max_pool2d %[[C]] {{{.*}}channels_last{{.*}}} : (tensor<1x8x8x4xf32>) -> tensor<1x4x4x4xf32>
// CHECK: %[[C2:.+]] = nn.conv2d %[[P]], {{.*}}channels_last
// CHECK: %[[A:.+]] = nn.add %[[C2]], %[[P]] : tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32> -> tensor<1x4x4x4xf32>
// CHECK: %[[G:.+]] = nn.global_avg_pool %[[A]] {channels_last} : (tensor<1x4x4x4xf32>) -> tensor<1x1x1x4xf32>
// CHECK: %[[R:.+]] = nn.reshape %[[G]] : tensor<1x1x1x4xf32> -> tensor<1x4xf32>
// CHECK-NOT: nn.transpose
// CHECK: return %[[R]]
func.func @residual_pool(%x: tensor<1x4x8x8xf32>) -> tensor<1x4xf32> {
  %w = nn.constant dense<0.5> : tensor<4x4x3x3xf32>
  %c = nn.conv2d %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, group = 1 : i64} : (tensor<1x4x8x8xf32>, tensor<4x4x3x3xf32>) -> tensor<1x4x8x8xf32>
  %p = nn.max_pool2d %c {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, ceil_mode = false} : (tensor<1x4x8x8xf32>) -> tensor<1x4x4x4xf32>
  %c2 = nn.conv2d %p, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, group = 1 : i64} : (tensor<1x4x4x4xf32>, tensor<4x4x3x3xf32>) -> tensor<1x4x4x4xf32>
  %a = nn.add %c2, %p : tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32> -> tensor<1x4x4x4xf32>
  %g = nn.global_avg_pool %a : (tensor<1x4x4x4xf32>) -> tensor<1x4x1x1xf32>
  %r = nn.reshape %g : tensor<1x4x1x1xf32> -> tensor<1x4xf32>
  return %r : tensor<1x4xf32>
}

// -----

// Depthwise convolutions and scalar clamps (Clip as max/min) go
// channels-last; a per-channel constant (C x 1 x 1) is transposed with it.
// CHECK-LABEL: func.func @depthwise_clip
// CHECK: %[[D:.+]] = nn.conv2d {{.*}}channels_last{{.*}}group = 3 : i64{{.*}} : (tensor<1x6x6x3xf32>, tensor<3x3x1x3xf32>) -> tensor<1x6x6x3xf32>
// CHECK: %[[M:.+]] = nn.max %[[D]], %{{.+}} : tensor<1x6x6x3xf32>, tensor<f32> -> tensor<1x6x6x3xf32>
// CHECK: %[[N:.+]] = nn.min %[[M]], %{{.+}} : tensor<1x6x6x3xf32>, tensor<f32> -> tensor<1x6x6x3xf32>
// CHECK: %[[S:.+]] = nn.mul %[[N]], %{{.+}} : tensor<1x6x6x3xf32>, tensor<1x1x1x3xf32> -> tensor<1x6x6x3xf32>
// CHECK: nn.transpose %[[S]] {perm = array<i64: 0, 3, 1, 2>}
func.func @depthwise_clip(%x: tensor<1x3x6x6xf32>) -> tensor<1x3x6x6xf32> {
  %w = nn.constant dense<1.0> : tensor<3x1x3x3xf32>
  %lo = nn.constant dense<0.0> : tensor<f32>
  %hi = nn.constant dense<6.0> : tensor<f32>
  %s = nn.constant dense<[[[1.0]], [[2.0]], [[3.0]]]> : tensor<3x1x1xf32>
  %d = nn.conv2d %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, group = 3 : i64} : (tensor<1x3x6x6xf32>, tensor<3x1x3x3xf32>) -> tensor<1x3x6x6xf32>
  %m = nn.max %d, %lo : tensor<1x3x6x6xf32>, tensor<f32> -> tensor<1x3x6x6xf32>
  %n = nn.min %m, %hi : tensor<1x3x6x6xf32>, tensor<f32> -> tensor<1x3x6x6xf32>
  %y = nn.mul %n, %s : tensor<1x3x6x6xf32>, tensor<3x1x1xf32> -> tensor<1x3x6x6xf32>
  return %y : tensor<1x3x6x6xf32>
}

// -----

// Left alone: grouped convolutions that are not depthwise, dynamic shapes,
// and binary ops whose other operand would need a run-time transpose.
// CHECK-LABEL: func.func @negative
// CHECK: nn.conv2d %arg0, %{{.+}} {dilations{{.*}}group = 2 : i64{{.*}}} : (tensor<1x4x6x6xf32>
// CHECK-NOT: channels_last
// CHECK: nn.conv2d %arg1
// CHECK-NOT: channels_last
// CHECK: return
func.func @negative(%x: tensor<1x4x6x6xf32>, %d: tensor<?x4x6x6xf32>) -> (tensor<1x4x6x6xf32>, tensor<?x4x6x6xf32>) {
  %w = nn.constant dense<1.0> : tensor<4x2x1x1xf32>
  %w2 = nn.constant dense<1.0> : tensor<4x4x1x1xf32>
  %c = nn.conv2d %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 2 : i64} : (tensor<1x4x6x6xf32>, tensor<4x2x1x1xf32>) -> tensor<1x4x6x6xf32>
  %e = nn.conv2d %d, %w2 {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 1 : i64} : (tensor<?x4x6x6xf32>, tensor<4x4x1x1xf32>) -> tensor<?x4x6x6xf32>
  return %c, %e : tensor<1x4x6x6xf32>, tensor<?x4x6x6xf32>
}

// -----

// An add whose other operand is a graph input keeps the NCHW add: the
// transpose is not pushed onto the input.
// CHECK-LABEL: func.func @no_runtime_transpose
// CHECK: %[[C:.+]] = nn.conv2d {{.*}}channels_last
// CHECK: %[[T:.+]] = nn.transpose %[[C]] {perm = array<i64: 0, 3, 1, 2>}
// CHECK: nn.add %[[T]], %arg1 : tensor<1x2x4x4xf32>
func.func @no_runtime_transpose(%x: tensor<1x2x4x4xf32>, %y: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = nn.constant dense<1.0> : tensor<2x2x1x1xf32>
  %c = nn.conv2d %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 1 : i64} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %a = nn.add %c, %y : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32> -> tensor<1x2x4x4xf32>
  return %a : tensor<1x2x4x4xf32>
}

// -----

// A reflect pad between two convolutions runs channels-last: the transposes
// sink through it (its amounts permuted) and cancel.
// CHECK-LABEL: func.func @reflect_pad_chain
// CHECK: %[[C1:.+]] = nn.conv2d {{.*}}channels_last
// CHECK-NEXT: %[[P:.+]] = nn.pad %[[C1]] {mode = "reflect", pads = array<i64: 0, 1, 2, 0, 0, 1, 2, 0>{{.*}} : (tensor<1x8x8x4xf32>) -> tensor<1x10x12x4xf32>
// CHECK: nn.conv2d %[[P]], {{.*}}channels_last
func.func @reflect_pad_chain(%x: tensor<1x3x8x8xf32>, %w1: tensor<4x3x3x3xf32>, %w2: tensor<2x4x3x3xf32>) -> tensor<1x2x8x10xf32> {
  %c1 = nn.conv2d %x, %w1 {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, group = 1 : i64} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x8x8xf32>
  %p = nn.pad %c1 {mode = "reflect", pads = array<i64: 0, 0, 1, 2, 0, 0, 1, 2>, value = 0.0 : f32} : (tensor<1x4x8x8xf32>) -> tensor<1x4x10x12xf32>
  %c2 = nn.conv2d %p, %w2 {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 1 : i64} : (tensor<1x4x10x12xf32>, tensor<2x4x3x3xf32>) -> tensor<1x2x8x10xf32>
  return %c2 : tensor<1x2x8x10xf32>
}
