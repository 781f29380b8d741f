// RUN: nncc-opt %s -split-input-file --pass-pipeline="builtin.module(func.func(convert-nn-to-linalg))" | FileCheck %s

// CHECK-DAG: #[[ID:.+]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[ROW:.+]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @add_broadcast
// CHECK: %[[E:.+]] = tensor.empty() : tensor<2x3xf32>
// CHECK: linalg.generic {indexing_maps = [#[[ID]], #[[ROW]], #[[ID]]], iterator_types = ["parallel", "parallel"]} ins(%arg0, %arg1 : tensor<2x3xf32>, tensor<3xf32>) outs(%[[E]] : tensor<2x3xf32>)
// CHECK: arith.addf
// CHECK-NOT: nn.add
func.func @add_broadcast(%x: tensor<2x3xf32>, %y: tensor<3xf32>) -> tensor<2x3xf32> {
  %0 = nn.add %x, %y : tensor<2x3xf32>, tensor<3xf32> -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// A size-1 dim that broadcasts is collapsed away so every map is a
// projected permutation.
// CHECK-DAG: #[[A:.+]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-DAG: #[[B:.+]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-LABEL: func.func @mul_unit_dims
// CHECK: %[[CA:.+]] = tensor.collapse_shape %arg0 {{\[}}[0], [1, 2]] : tensor<4x1x3xf32> into tensor<4x3xf32>
// CHECK: %[[CB:.+]] = tensor.collapse_shape %arg1 {{\[}}[0, 1], [2]] : tensor<1x5x3xf32> into tensor<5x3xf32>
// CHECK: linalg.generic {indexing_maps = [#[[A]], #[[B]], {{.*}}]{{.*}} ins(%[[CA]], %[[CB]] : tensor<4x3xf32>, tensor<5x3xf32>)
// CHECK: arith.mulf
func.func @mul_unit_dims(%x: tensor<4x1x3xf32>, %y: tensor<1x5x3xf32>) -> tensor<4x5x3xf32> {
  %0 = nn.mul %x, %y : tensor<4x1x3xf32>, tensor<1x5x3xf32> -> tensor<4x5x3xf32>
  return %0 : tensor<4x5x3xf32>
}

// -----

// CHECK-LABEL: func.func @div_int_never_traps
// CHECK: arith.cmpi eq
// CHECK: arith.select
// CHECK: arith.divsi
func.func @div_int_never_traps(%x: tensor<4xi32>, %y: tensor<4xi32>) -> tensor<4xi32> {
  %0 = nn.div %x, %y : tensor<4xi32>, tensor<4xi32> -> tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

// Relu is `x < 0 ? 0 : x` (a NaN propagates; x86 selects one MAXPS).
// CHECK-LABEL: func.func @unary
// CHECK: %[[LT:.+]] = arith.cmpf olt, %[[X:.+]], %[[Z:cst.*]] : f32
// CHECK: arith.select %[[LT]], %[[Z]], %[[X]] : f32
// CHECK: math.exp
// CHECK: arith.divf
// CHECK: math.tanh
// CHECK: math.erf
func.func @unary(%x: tensor<8xf32>) -> tensor<8xf32> {
  %0 = nn.relu %x : tensor<8xf32>
  %1 = nn.sigmoid %0 : tensor<8xf32>
  %2 = nn.tanh %1 : tensor<8xf32>
  %3 = nn.erf %2 : tensor<8xf32>
  return %3 : tensor<8xf32>
}

// -----

// Float max(x, y) is `x < y ? y : x` and min(x, y) is `y < x ? y : x`, as
// std::max / std::min; signed integers use the arith ops.
// CHECK-LABEL: func.func @max_min
// CHECK: ^bb0(%[[A:.+]]: f32, %[[B:.+]]: f32, %{{.+}}: f32):
// CHECK:   %[[LT:.+]] = arith.cmpf olt, %[[A]], %[[B]] : f32
// CHECK:   arith.select %[[LT]], %[[B]], %[[A]] : f32
// CHECK: ^bb0(%[[C:.+]]: f32, %[[D:.+]]: f32, %{{.+}}: f32):
// CHECK:   %[[GT:.+]] = arith.cmpf olt, %[[D]], %[[C]] : f32
// CHECK:   arith.select %[[GT]], %[[D]], %[[C]] : f32
// CHECK: arith.maxsi
// CHECK: arith.minsi
func.func @max_min(%x: tensor<4xf32>, %y: tensor<4xf32>, %i: tensor<4xi32>, %j: tensor<4xi32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xi32>, tensor<4xi32>) {
  %0 = nn.max %x, %y : tensor<4xf32>, tensor<4xf32> -> tensor<4xf32>
  %1 = nn.min %x, %y : tensor<4xf32>, tensor<4xf32> -> tensor<4xf32>
  %2 = nn.max %i, %j : tensor<4xi32>, tensor<4xi32> -> tensor<4xi32>
  %3 = nn.min %i, %j : tensor<4xi32>, tensor<4xi32> -> tensor<4xi32>
  return %0, %1, %2, %3 : tensor<4xf32>, tensor<4xf32>, tensor<4xi32>, tensor<4xi32>
}

// -----

// Unsigned tensors become signless ones (function signature included) and
// division, max and min use the unsigned arith ops.
// CHECK-LABEL: func.func @unsigned(
// CHECK-SAME: %{{.*}}: tensor<4xi8>, %{{.*}}: tensor<4xi8>) -> (tensor<4xi8>, tensor<4xi8>, tensor<4xi8>)
// CHECK: arith.divui
// CHECK: arith.maxui
// CHECK: arith.addi
// CHECK-NOT: ui8
func.func @unsigned(%x: tensor<4xui8>, %y: tensor<4xui8>) -> (tensor<4xui8>, tensor<4xui8>, tensor<4xui8>) {
  %0 = nn.div %x, %y : tensor<4xui8>, tensor<4xui8> -> tensor<4xui8>
  %1 = nn.max %x, %y : tensor<4xui8>, tensor<4xui8> -> tensor<4xui8>
  %c = nn.constant dense<[1, 2, 3, 255]> : tensor<4xui8>
  %2 = nn.add %x, %c : tensor<4xui8>, tensor<4xui8> -> tensor<4xui8>
  return %0, %1, %2 : tensor<4xui8>, tensor<4xui8>, tensor<4xui8>
}
