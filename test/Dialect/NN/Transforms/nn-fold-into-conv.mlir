// RUN: nncc-opt %s -split-input-file --pass-pipeline="builtin.module(func.func(nn-fold-into-conv),canonicalize)" | FileCheck %s

// BatchNorm folds into the convolution's weights and bias: with
// k = scale / sqrt(var + eps) = [0.5, 2], W' = W * k = [1, 6] and
// b' = (b - mean) * k + beta = [0.5, -4].
// CHECK-LABEL: func.func @bn
// CHECK-DAG: %[[W:.+]] = nn.constant dense<{{\[}}[{{\[}}[1.000000e+00]]], [{{\[}}[6.000000e+00]]]]> : tensor<2x1x1x1xf32>
// CHECK-DAG: %[[B:.+]] = nn.constant dense<[5.000000e-01, -4.000000e+00]> : tensor<2xf32>
// CHECK: %[[C:.+]] = nn.conv2d %arg0, %[[W]], %[[B]] {{.*}} -> tensor<1x2x4x4xf32>
// CHECK-NOT: nn.batch_norm
// CHECK: return %[[C]]
func.func @bn(%x: tensor<1x1x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = nn.constant dense<[[[[2.0]]], [[[3.0]]]]> : tensor<2x1x1x1xf32>
  %b = nn.constant dense<[1.0, -1.0]> : tensor<2xf32>
  %s = nn.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %beta = nn.constant dense<[0.5, 0.0]> : tensor<2xf32>
  %m = nn.constant dense<[1.0, 1.0]> : tensor<2xf32>
  %v = nn.constant dense<[3.0, 0.0]> : tensor<2xf32>
  %c = nn.conv2d %x, %w, %b {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 1 : i64} : (tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  %y = nn.batch_norm %c, %s, %beta, %m, %v {epsilon = 1.0 : f32} : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  return %y : tensor<1x2x4x4xf32>
}

// -----

// Without a bias the new bias is beta - mean * k; splat parameters work too.
// CHECK-LABEL: func.func @bn_no_bias
// CHECK-DAG: %[[W:.+]] = nn.constant dense<{{\[}}[{{\[}}[1.000000e+00]]], [{{\[}}[1.500000e+00]]]]> : tensor<2x1x1x1xf32>
// CHECK-DAG: %[[B:.+]] = nn.constant dense<[-2.500000e+00, -3.500000e+00]> : tensor<2xf32>
// CHECK: nn.conv2d %arg0, %[[W]], %[[B]]
// CHECK-NOT: nn.batch_norm
func.func @bn_no_bias(%x: tensor<1x1x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = nn.constant dense<[[[[2.0]]], [[[3.0]]]]> : tensor<2x1x1x1xf32>
  %s = nn.constant dense<0.5> : tensor<2xf32>
  %beta = nn.constant dense<[-1.0, -2.0]> : tensor<2xf32>
  %m = nn.constant dense<3.0> : tensor<2xf32>
  %v = nn.constant dense<1.0> : tensor<2xf32>
  %c = nn.conv2d %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 1 : i64} : (tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x4x4xf32>
  %y = nn.batch_norm %c, %s, %beta, %m, %v {epsilon = 0.0 : f32} : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  return %y : tensor<1x2x4x4xf32>
}

// -----

// The convolution has another user: its output must stay, so does the
// BatchNorm.
// CHECK-LABEL: func.func @bn_conv_shared
// CHECK: nn.conv2d
// CHECK: nn.batch_norm
func.func @bn_conv_shared(%x: tensor<1x1x4x4xf32>) -> (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) {
  %w = nn.constant dense<[[[[2.0]]], [[[3.0]]]]> : tensor<2x1x1x1xf32>
  %p = nn.constant dense<1.0> : tensor<2xf32>
  %c = nn.conv2d %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 1 : i64} : (tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x4x4xf32>
  %y = nn.batch_norm %c, %p, %p, %p, %p {epsilon = 1.0e-05 : f32} : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  return %c, %y : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>
}

// -----

// Runtime BatchNorm parameters or weights: nothing to fold at compile time.
// CHECK-LABEL: func.func @bn_runtime
// CHECK: nn.batch_norm
// CHECK: nn.batch_norm
func.func @bn_runtime(%x: tensor<1x1x4x4xf32>, %w: tensor<2x1x1x1xf32>, %s: tensor<2xf32>) -> (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) {
  %wc = nn.constant dense<[[[[2.0]]], [[[3.0]]]]> : tensor<2x1x1x1xf32>
  %p = nn.constant dense<1.0> : tensor<2xf32>
  %c1 = nn.conv2d %x, %wc {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 1 : i64} : (tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x4x4xf32>
  %y1 = nn.batch_norm %c1, %s, %p, %p, %p {epsilon = 1.0e-05 : f32} : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  %c2 = nn.conv2d %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 1 : i64} : (tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x4x4xf32>
  %y2 = nn.batch_norm %c2, %p, %p, %p, %p {epsilon = 1.0e-05 : f32} : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  return %y1, %y2 : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>
}

// -----

// A zero pad of H and W adds to the convolution's own pads.
// CHECK-LABEL: func.func @pad_conv
// CHECK-NOT: nn.pad
// CHECK: nn.conv2d %arg0, %arg1 {{.*}}pads = array<i64: 2, 3, 4, 5>{{.*}} : (tensor<1x2x5x5xf32>, tensor<3x2x3x3xf32>) -> tensor<1x3x9x11xf32>
func.func @pad_conv(%x: tensor<1x2x5x5xf32>, %w: tensor<3x2x3x3xf32>) -> tensor<1x3x9x11xf32> {
  %p = nn.pad %x {mode = "constant", pads = array<i64: 0, 0, 1, 2, 0, 0, 3, 4>, value = 0.0 : f32} : (tensor<1x2x5x5xf32>) -> tensor<1x2x9x11xf32>
  %y = nn.conv2d %p, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, group = 1 : i64} : (tensor<1x2x9x11xf32>, tensor<3x2x3x3xf32>) -> tensor<1x3x9x11xf32>
  return %y : tensor<1x3x9x11xf32>
}

// -----

// Channels-last: H and W are dims 1 and 2.
// CHECK-LABEL: func.func @pad_conv_channels_last
// CHECK-NOT: nn.pad
// CHECK: nn.conv2d %arg0, %arg1 {channels_last, {{.*}}pads = array<i64: 1, 0, 0, 1>{{.*}} : (tensor<1x5x5x2xf32>, tensor<3x3x2x3xf32>) -> tensor<1x4x4x3xf32>
func.func @pad_conv_channels_last(%x: tensor<1x5x5x2xf32>, %w: tensor<3x3x2x3xf32>) -> tensor<1x4x4x3xf32> {
  %p = nn.pad %x {mode = "constant", pads = array<i64: 0, 1, 0, 0, 0, 0, 1, 0>, value = 0.0 : f32} : (tensor<1x5x5x2xf32>) -> tensor<1x6x6x2xf32>
  %y = nn.conv2d %p, %w {channels_last, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 1 : i64} : (tensor<1x6x6x2xf32>, tensor<3x3x2x3xf32>) -> tensor<1x4x4x3xf32>
  return %y : tensor<1x4x4x3xf32>
}

// -----

// Pads that are not a zero pad of H and W stay: a non-zero value, the
// channel dim, a crop, reflect.
// CHECK-LABEL: func.func @pad_conv_kept
// CHECK-COUNT-4: nn.pad
func.func @pad_conv_kept(%x: tensor<1x2x5x5xf32>, %w: tensor<3x2x3x3xf32>, %w4: tensor<3x4x3x3xf32>) -> (tensor<1x3x5x5xf32>, tensor<1x3x3x3xf32>, tensor<1x3x2x3xf32>, tensor<1x3x5x5xf32>) {
  %p1 = nn.pad %x {mode = "constant", pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>, value = 1.0 : f32} : (tensor<1x2x5x5xf32>) -> tensor<1x2x7x7xf32>
  %y1 = nn.conv2d %p1, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 1 : i64} : (tensor<1x2x7x7xf32>, tensor<3x2x3x3xf32>) -> tensor<1x3x5x5xf32>
  %p2 = nn.pad %x {mode = "constant", pads = array<i64: 0, 1, 0, 0, 0, 1, 0, 0>, value = 0.0 : f32} : (tensor<1x2x5x5xf32>) -> tensor<1x4x5x5xf32>
  %y2 = nn.conv2d %p2, %w4 {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 1 : i64} : (tensor<1x4x5x5xf32>, tensor<3x4x3x3xf32>) -> tensor<1x3x3x3xf32>
  %p3 = nn.pad %x {mode = "constant", pads = array<i64: 0, 0, -1, 0, 0, 0, 0, 0>, value = 0.0 : f32} : (tensor<1x2x5x5xf32>) -> tensor<1x2x4x5xf32>
  %y3 = nn.conv2d %p3, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 1 : i64} : (tensor<1x2x4x5xf32>, tensor<3x2x3x3xf32>) -> tensor<1x3x2x3xf32>
  %p4 = nn.pad %x {mode = "reflect", pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>, value = 0.0 : f32} : (tensor<1x2x5x5xf32>) -> tensor<1x2x7x7xf32>
  %y4 = nn.conv2d %p4, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 1 : i64} : (tensor<1x2x7x7xf32>, tensor<3x2x3x3xf32>) -> tensor<1x3x5x5xf32>
  return %y1, %y2, %y3, %y4 : tensor<1x3x5x5xf32>, tensor<1x3x3x3xf32>, tensor<1x3x2x3xf32>, tensor<1x3x5x5xf32>
}

// -----

// An average pool without pads of its own counts the folded zeros as
// padding; one that does not count its own padding keeps the pad.
// CHECK-LABEL: func.func @pad_avg_pool
// CHECK: %[[P:.+]] = nn.pad %arg0
// CHECK: nn.avg_pool2d %arg0 {{.*}}count_include_pad = true{{.*}}pads = array<i64: 1, 1, 1, 1>{{.*}} -> tensor<1x2x5x5xf32>
// CHECK: nn.avg_pool2d %[[P]] {{.*}}count_include_pad = false{{.*}}pads = array<i64: 1, 1, 1, 1>
func.func @pad_avg_pool(%x: tensor<1x2x5x5xf32>) -> (tensor<1x2x5x5xf32>, tensor<1x2x7x7xf32>) {
  %p = nn.pad %x {mode = "constant", pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>, value = 0.0 : f32} : (tensor<1x2x5x5xf32>) -> tensor<1x2x7x7xf32>
  %y1 = nn.avg_pool2d %p {kernel_shape = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, ceil_mode = false, count_include_pad = false} : (tensor<1x2x7x7xf32>) -> tensor<1x2x5x5xf32>
  %y2 = nn.avg_pool2d %p {kernel_shape = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, ceil_mode = false, count_include_pad = false} : (tensor<1x2x7x7xf32>) -> tensor<1x2x7x7xf32>
  return %y1, %y2 : tensor<1x2x5x5xf32>, tensor<1x2x7x7xf32>
}

// -----

// Regression: a pad as wide as the pool's window stays (a pool's pads must
// be smaller than its window); a convolution has no such limit.
// CHECK-LABEL: func.func @pad_wider_than_pool_window
// CHECK: %[[P:.+]] = nn.pad %arg0
// CHECK: nn.avg_pool2d %[[P]] {{.*}}pads = array<i64: 0, 0, 0, 0>
// CHECK: nn.conv2d %arg0, %arg1 {{.*}}pads = array<i64: 3, 3, 3, 3>
func.func @pad_wider_than_pool_window(%x: tensor<1x2x5x5xf32>, %w: tensor<3x2x2x2xf32>) -> (tensor<1x2x10x10xf32>, tensor<1x3x10x10xf32>) {
  %p = nn.pad %x {mode = "constant", pads = array<i64: 0, 0, 3, 3, 0, 0, 3, 3>, value = 0.0 : f32} : (tensor<1x2x5x5xf32>) -> tensor<1x2x11x11xf32>
  %y1 = nn.avg_pool2d %p {kernel_shape = array<i64: 2, 2>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, ceil_mode = false, count_include_pad = false} : (tensor<1x2x11x11xf32>) -> tensor<1x2x10x10xf32>
  %y2 = nn.conv2d %p, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 1 : i64} : (tensor<1x2x11x11xf32>, tensor<3x2x2x2xf32>) -> tensor<1x3x10x10xf32>
  return %y1, %y2 : tensor<1x2x10x10xf32>, tensor<1x3x10x10xf32>
}
