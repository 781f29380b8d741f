// RUN: nncc-opt %s -split-input-file --pass-pipeline="builtin.module(func.func(convert-nn-to-linalg))" | FileCheck %s

// CHECK-LABEL: func.func @conv_nhwc
// CHECK: %[[P:.+]] = tensor.pad %arg0 low[0, 1, 1, 0] high[0, 1, 1, 0]
// CHECK: %[[B:.+]] = linalg.generic {indexing_maps = [#{{.+}}, #{{.+}}], {{.*}} ins(%arg2 : tensor<4xf32>)
// CHECK: linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%[[P]], %arg1 : tensor<1x10x10x3xf32>, tensor<3x3x3x4xf32>) outs(%[[B]] : tensor<1x4x4x4xf32>)
func.func @conv_nhwc(%x: tensor<1x8x8x3xf32>, %w: tensor<3x3x3x4xf32>, %b: tensor<4xf32>) -> tensor<1x4x4x4xf32> {
  %y = nn.conv2d %x, %w, %b {channels_last, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, group = 1 : i64} : (tensor<1x8x8x3xf32>, tensor<3x3x3x4xf32>, tensor<4xf32>) -> tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}

// -----

// CHECK-LABEL: func.func @depthwise_nhwc
// CHECK: %[[W:.+]] = tensor.collapse_shape %arg1 {{\[\[}}0], [1], [2, 3]] : tensor<3x3x1x6xf32> into tensor<3x3x6xf32>
// CHECK: linalg.depthwise_conv_2d_nhwc_hwc {{.*}} ins(%{{.+}}, %[[W]] : tensor<1x10x10x6xf32>, tensor<3x3x6xf32>) outs(%{{.+}} : tensor<1x8x8x6xf32>)
func.func @depthwise_nhwc(%x: tensor<1x8x8x6xf32>, %w: tensor<3x3x1x6xf32>) -> tensor<1x8x8x6xf32> {
  %y = nn.conv2d %x, %w {channels_last, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, group = 6 : i64} : (tensor<1x8x8x6xf32>, tensor<3x3x1x6xf32>) -> tensor<1x8x8x6xf32>
  return %y : tensor<1x8x8x6xf32>
}

// -----

// CHECK-LABEL: func.func @max_pool_nhwc
// CHECK: tensor.pad %arg0 low[0, 1, 1, 0] high[0, 1, 1, 0]
// CHECK: linalg.pooling_nhwc_max
// CHECK-SAME: outs(%{{.+}} : tensor<1x4x4x3xf32>)
func.func @max_pool_nhwc(%x: tensor<1x8x8x3xf32>) -> tensor<1x4x4x3xf32> {
  %y = nn.max_pool2d %x {channels_last, kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, ceil_mode = false} : (tensor<1x8x8x3xf32>) -> tensor<1x4x4x3xf32>
  return %y : tensor<1x4x4x3xf32>
}

// -----

// The divisor table is OH x OW x 1 so that it broadcasts over channels.
// CHECK-LABEL: func.func @avg_pool_nhwc
// CHECK: linalg.pooling_nhwc_sum
// CHECK: arith.constant dense<{{.*}}> : tensor<2x2x1xf32>
// CHECK: arith.divf
func.func @avg_pool_nhwc(%x: tensor<1x4x4x3xf32>) -> tensor<1x2x2x3xf32> {
  %y = nn.avg_pool2d %x {channels_last, kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, ceil_mode = false, count_include_pad = false} : (tensor<1x4x4x3xf32>) -> tensor<1x2x2x3xf32>
  return %y : tensor<1x2x2x3xf32>
}

// -----

// CHECK-LABEL: func.func @global_avg_pool_nhwc
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "reduction", "reduction", "parallel"]
// CHECK: arith.constant 2.500000e+01 : f32
// CHECK: tensor.expand_shape {{.*}} into tensor<1x1x1x8xf32>
func.func @global_avg_pool_nhwc(%x: tensor<1x5x5x8xf32>) -> tensor<1x1x1x8xf32> {
  %y = nn.global_avg_pool %x {channels_last} : (tensor<1x5x5x8xf32>) -> tensor<1x1x1x8xf32>
  return %y : tensor<1x1x1x8xf32>
}
