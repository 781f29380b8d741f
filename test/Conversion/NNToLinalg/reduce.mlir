// RUN: nncc-opt %s -split-input-file --pass-pipeline="builtin.module(func.func(convert-nn-to-linalg))" | FileCheck %s

// CHECK-DAG: #[[IN:.+]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[OUT:.+]] = affine_map<(d0, d1, d2) -> (d0)>
// CHECK-LABEL: func.func @reduce_mean_keep
// CHECK: %[[INIT:.+]] = linalg.fill
// CHECK: linalg.generic {indexing_maps = [#[[IN]], #[[OUT]]], iterator_types = ["parallel", "reduction", "reduction"]} ins(%arg0 : tensor<2x3x4xf32>) outs(%[[INIT]] : tensor<2xf32>)
// CHECK: arith.addf
// CHECK: arith.constant 1.200000e+01 : f32
// CHECK: arith.divf
// CHECK: tensor.expand_shape {{.*}} into tensor<2x1x1xf32>
func.func @reduce_mean_keep(%x: tensor<2x3x4xf32>) -> tensor<2x1x1xf32> {
  %0 = nn.reduce_mean %x {axes = array<i64: 1, 2>, keep_dims = true} : (tensor<2x3x4xf32>) -> tensor<2x1x1xf32>
  return %0 : tensor<2x1x1xf32>
}

// -----

// The identity of an unsigned max is 0, and the comparison is unsigned.
// CHECK-LABEL: func.func @reduce_max_unsigned
// CHECK: arith.constant 0 : i8
// CHECK: arith.maxui
func.func @reduce_max_unsigned(%x: tensor<2x3xui8>) -> tensor<2xui8> {
  %0 = nn.reduce_max %x {axes = array<i64: 1>, keep_dims = false} : (tensor<2x3xui8>) -> tensor<2xui8>
  return %0 : tensor<2xui8>
}

// -----

// CHECK-LABEL: func.func @reduce_min_float
// CHECK: arith.constant 0x7F800000 : f32
// CHECK: arith.minimumf
func.func @reduce_min_float(%x: tensor<2x3xf32>) -> tensor<3xf32> {
  %0 = nn.reduce_min %x {axes = array<i64: 0>, keep_dims = false} : (tensor<2x3xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}
