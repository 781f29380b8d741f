// RUN: nncc-opt %s --nncc-pipeline | FileCheck %s
// The whole CPU pipeline: results become out-params, the entry takes one
// bare pointer per input and output, math needs no libm, and strided copies
// (padding) become loops instead of calls into MLIR's runner library.

// CHECK-LABEL: llvm.func @main_graph(%{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr)
// CHECK-NOT: llvm.call @memrefCopy
// CHECK-NOT: llvm.call @expf
// CHECK-NOT: llvm.call @tanhf
// CHECK: llvm.return
func.func @main_graph(%x: tensor<1x1x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = nn.constant dense<0.5> : tensor<2x1x3x3xf32>
  %c = nn.conv2d %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, group = 1 : i64} : (tensor<1x1x4x4xf32>, tensor<2x1x3x3xf32>) -> tensor<1x2x4x4xf32>
  %t = nn.tanh %c : tensor<1x2x4x4xf32>
  %s = nn.softmax %t {axis = 1 : i64} : tensor<1x2x4x4xf32>
  return %s : tensor<1x2x4x4xf32>
}
