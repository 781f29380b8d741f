// RUN: nncc-opt %s -split-input-file --pass-pipeline="builtin.module(func.func(nncc-vectorize-convolutions{vector-bits=256 num-registers=16 parallel-chunks=4}))" | FileCheck %s

// The outermost loop becomes an scf.forall of equal chunks (thread-pool tasks
// later). A batch splits into images: each task runs whole images, so one
// image's input stays in cache across the channel tiles. (Each image's 8 x 8
// output takes 2 x 3 x 16 register tiles: one image keeps its rows.)
// CHECK-LABEL: func.func @batch
// CHECK: scf.forall (%[[N:.+]]) in (4) shared_outs
// CHECK: tensor.extract_slice %arg2[%[[N]], 0, 0, 0] [1, 8, 8, 32]
// CHECK: scf.for %{{.+}} = %c0 to %c8 step %c2
// CHECK: vector.transfer_read %arg0[%[[N]], {{.*}} : tensor<4x10x10x16xf32>, vector<3x1xf32>
// CHECK: vector.contract
func.func @batch(%x: tensor<4x10x10x16xf32>, %w: tensor<3x3x16x32xf32>, %b: tensor<4x8x8x32xf32>) -> tensor<4x8x8x32xf32> {
  %r = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<4x10x10x16xf32>, tensor<3x3x16x32xf32>) outs(%b : tensor<4x8x8x32xf32>) -> tensor<4x8x8x32xf32>
  return %r : tensor<4x8x8x32xf32>
}

// -----

// One image, more input than weights (34x34x16 vs 3x3x16x32): output rows
// are split.
// CHECK-LABEL: func.func @rows
// CHECK: scf.forall (%{{.+}}) = (0) to (32) step (8) shared_outs
// CHECK: tensor.extract_slice %{{.+}}[0, %{{.+}}, 0, 0] [1, 8, 32, 32]
func.func @rows(%x: tensor<1x34x34x16xf32>, %w: tensor<3x3x16x32xf32>, %b: tensor<1x32x32x32xf32>) -> tensor<1x32x32x32xf32> {
  %r = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x34x34x16xf32>, tensor<3x3x16x32xf32>) outs(%b : tensor<1x32x32x32xf32>) -> tensor<1x32x32x32xf32>
  return %r : tensor<1x32x32x32xf32>
}

// -----

// One image, weights outweigh the input (4x4x64 vs 3x3x64x128): channel
// tiles are split.
// CHECK-LABEL: func.func @channels
// CHECK: scf.forall (%{{.+}}) = (0) to (128) step (32) shared_outs
// CHECK: tensor.extract_slice %{{.+}}[0, 0, 0, %{{.+}}] [1, 2, 2, 32]
func.func @channels(%x: tensor<1x4x4x64xf32>, %w: tensor<3x3x64x128xf32>, %b: tensor<1x2x2x128xf32>) -> tensor<1x2x2x128xf32> {
  %r = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x4x4x64xf32>, tensor<3x3x64x128xf32>) outs(%b : tensor<1x2x2x128xf32>) -> tensor<1x2x2x128xf32>
  return %r : tensor<1x2x2x128xf32>
}

// -----

// A band of 3 output rows (3 does not split evenly between two threads)
// whose input outweighs its weights splits by channel tiles instead: 64
// channels in 16-wide tiles make 4 chunks of 16. Rows that split evenly
// (@rows above) still split by rows; so do 3 rows whose channel tiles are
// odd in number (@odd_both).
// CHECK-LABEL: func.func @odd_rows
// CHECK: scf.forall (%{{.+}}) = (0) to (64) step (16) shared_outs
// CHECK: tensor.extract_slice %{{.+}}[0, 0, 0, %{{.+}}] [1, 3, 32, 16]
// CHECK-LABEL: func.func @odd_both
// CHECK: scf.forall (%{{.+}}) in (3) shared_outs
// CHECK: tensor.extract_slice %{{.+}}[0, %{{.+}}, 0, 0] [1, 1, 64, 8]
func.func @odd_rows(%x: tensor<1x5x34x16xf32>, %w: tensor<3x3x16x64xf32>, %b: tensor<1x3x32x64xf32>) -> tensor<1x3x32x64xf32> {
  %r = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x5x34x16xf32>, tensor<3x3x16x64xf32>) outs(%b : tensor<1x3x32x64xf32>) -> tensor<1x3x32x64xf32>
  return %r : tensor<1x3x32x64xf32>
}
func.func @odd_both(%x: tensor<1x5x66x16xf32>, %w: tensor<3x3x16x8xf32>, %b: tensor<1x3x64x8xf32>) -> tensor<1x3x64x8xf32> {
  %r = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x5x66x16xf32>, tensor<3x3x16x8xf32>) outs(%b : tensor<1x3x64x8xf32>) -> tensor<1x3x64x8xf32>
  return %r : tensor<1x3x64x8xf32>
}
