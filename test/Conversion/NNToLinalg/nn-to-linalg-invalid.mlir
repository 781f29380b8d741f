// RUN: nncc-opt %s -split-input-file --pass-pipeline="builtin.module(func.func(convert-nn-to-linalg))" -verify-diagnostics
// Without the gate, an op the patterns cannot lower fails legalization.

func.func @dynamic_conv(%x: tensor<?x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<?x4x6x6xf32> {
  // expected-error@+1 {{failed to legalize operation 'nn.conv2d'}}
  %0 = nn.conv2d %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 1 : i64} : (tensor<?x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<?x4x6x6xf32>
  return %0 : tensor<?x4x6x6xf32>
}
