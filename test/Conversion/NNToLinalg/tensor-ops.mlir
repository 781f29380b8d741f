// RUN: nncc-opt %s -split-input-file --pass-pipeline="builtin.module(func.func(convert-nn-to-linalg))" | FileCheck %s

// Gather reads the index, wraps negatives, clamps, then extracts.
// CHECK-LABEL: func.func @gather_embedding
// CHECK: linalg.generic {{.*}} ins(%arg1 : tensor<1x8xi64>) outs(%{{.*}} : tensor<1x8x16xf32>)
// CHECK: arith.index_cast
// CHECK: arith.select
// CHECK: arith.maxsi
// CHECK: arith.minsi
// CHECK: tensor.extract %arg0[
func.func @gather_embedding(%t: tensor<100x16xf32>, %ids: tensor<1x8xi64>) -> tensor<1x8x16xf32> {
  %0 = nn.gather %t, %ids {axis = 0 : i64} : (tensor<100x16xf32>, tensor<1x8xi64>) -> tensor<1x8x16xf32>
  return %0 : tensor<1x8x16xf32>
}

// -----

// CHECK-LABEL: func.func @slice
// CHECK: tensor.extract_slice %arg0[0, 2] [4, 3] [1, 2] : tensor<4x8xf32> to tensor<4x3xf32>
func.func @slice(%x: tensor<4x8xf32>) -> tensor<4x3xf32> {
  %0 = nn.slice %x {offsets = array<i64: 0, 2>, sizes = array<i64: 4, 3>, strides = array<i64: 1, 2>} : (tensor<4x8xf32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// CHECK-LABEL: func.func @casts
// CHECK: arith.sitofp {{.*}} : i64 to f32
// CHECK: arith.fptosi {{.*}} : f32 to i32
// CHECK: arith.uitofp {{.*}} : i8 to f32
// CHECK: arith.cmpf une
func.func @casts(%a: tensor<4xi64>, %b: tensor<4xf32>, %c: tensor<4xui8>) -> (tensor<4xf32>, tensor<4xi32>, tensor<4xf32>, tensor<4xi1>) {
  %0 = nn.cast %a : tensor<4xi64> -> tensor<4xf32>
  %1 = nn.cast %b : tensor<4xf32> -> tensor<4xi32>
  %2 = nn.cast %c : tensor<4xui8> -> tensor<4xf32>
  %3 = nn.cast %b : tensor<4xf32> -> tensor<4xi1>
  return %0, %1, %2, %3 : tensor<4xf32>, tensor<4xi32>, tensor<4xf32>, tensor<4xi1>
}

// -----

// CHECK-LABEL: func.func @where_less
// CHECK: arith.cmpf olt
// CHECK: arith.select
func.func @where_less(%x: tensor<2x3xf32>, %y: tensor<3xf32>) -> tensor<2x3xf32> {
  %c = nn.less %x, %y : tensor<2x3xf32>, tensor<3xf32> -> tensor<2x3xi1>
  %0 = nn.where %c, %x, %y : (tensor<2x3xi1>, tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @trilu_upper
// CHECK: linalg.index 0
// CHECK: linalg.index 1
// CHECK: arith.cmpi sge
// CHECK: arith.select
func.func @trilu_upper(%x: tensor<4x4xf32>) -> tensor<4x4xf32> {
  %0 = nn.trilu %x {k = 1 : i64, upper = true} : tensor<4x4xf32>
  return %0 : tensor<4x4xf32>
}

// -----

// Mean and variance are two reductions over the normalised dims, then one
// elementwise pass applies them with scale and bias.
// CHECK-LABEL: func.func @layer_norm
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "reduction"]
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "reduction"]
// CHECK: math.rsqrt
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "parallel"]{{.*}} ins(%arg0, {{.*}}, %arg1, %arg2 :
func.func @layer_norm(%x: tensor<1x4x8xf32>, %g: tensor<8xf32>, %b: tensor<8xf32>) -> tensor<1x4x8xf32> {
  %0 = nn.layer_norm %x, %g, %b {axis = 2 : i64, epsilon = 1.0e-05 : f32} : (tensor<1x4x8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x4x8xf32>
  return %0 : tensor<1x4x8xf32>
}

// -----

// CHECK-LABEL: func.func @broadcast
// CHECK: tensor.collapse_shape %arg0 {{\[}}[0, 1]] : tensor<3x1xf32> into tensor<3xf32>
// CHECK: linalg.generic {{.*}} ins(%collapsed : tensor<3xf32>) outs(%{{.*}} : tensor<2x3x4xf32>)
func.func @broadcast(%x: tensor<3x1xf32>) -> tensor<2x3x4xf32> {
  %0 = nn.broadcast %x : tensor<3x1xf32> -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// -----

// A constant pad is a tensor.pad; negative amounts crop first.
// CHECK-LABEL: func.func @pad_constant
// CHECK: %[[S:.+]] = tensor.extract_slice %arg0[0, 1] [2, 2] [1, 1] : tensor<2x3xf32> to tensor<2x2xf32>
// CHECK: %[[V:.+]] = arith.constant 2.500000e+00 : f32
// CHECK: tensor.pad %[[S]] low[1, 0] high[0, 3]
// CHECK: tensor.yield %[[V]]
// CHECK: } : tensor<2x2xf32> to tensor<3x5xf32>
func.func @pad_constant(%x: tensor<2x3xf32>) -> tensor<3x5xf32> {
  %y = nn.pad %x {mode = "constant", pads = array<i64: 1, -1, 0, 3>, value = 2.5 : f32} : (tensor<2x3xf32>) -> tensor<3x5xf32>
  return %y : tensor<3x5xf32>
}

// -----

// Unsigned elements: the value becomes signless like the tensor.
// CHECK-LABEL: func.func @pad_unsigned
// CHECK: arith.constant -1 : i8
// CHECK: tensor.pad
func.func @pad_unsigned(%x: tensor<2x3xui8>) -> tensor<2x4xui8> {
  %y = nn.pad %x {mode = "constant", pads = array<i64: 0, 0, 0, 1>, value = 255 : ui8} : (tensor<2x3xui8>) -> tensor<2x4xui8>
  return %y : tensor<2x4xui8>
}

// -----

// Edge clamps the index into the dim; an unpadded dim reads the index as
// it is.
// CHECK-LABEL: func.func @pad_edge
// CHECK: linalg.generic {{.*}} outs(%{{.+}} : tensor<2x7xf32>)
// CHECK: %[[I:.+]] = linalg.index 0 : index
// CHECK: %[[J:.+]] = linalg.index 1 : index
// CHECK: %[[D:.+]] = arith.subi %[[J]], %c3
// CHECK: %[[LO:.+]] = arith.maxsi %[[D]], %c0
// CHECK: %[[C:.+]] = arith.minsi %[[LO]], %c2
// CHECK: tensor.extract %arg0[%[[I]], %[[C]]] : tensor<2x3xf32>
func.func @pad_edge(%x: tensor<2x3xf32>) -> tensor<2x7xf32> {
  %y = nn.pad %x {mode = "edge", pads = array<i64: 0, 3, 0, 1>, value = 0.0 : f32} : (tensor<2x3xf32>) -> tensor<2x7xf32>
  return %y : tensor<2x7xf32>
}

// -----

// Reflect: the index modulo 2(n - 1), mirrored in the period's second half.
// CHECK-LABEL: func.func @pad_reflect
// CHECK: linalg.generic
// CHECK: %[[D:.+]] = arith.subi %{{.+}}, %c2
// CHECK: %[[R:.+]] = arith.remsi %[[D]], %c4
// CHECK: %[[NEG:.+]] = arith.cmpi slt, %[[R]], %c0
// CHECK: %[[ADD:.+]] = arith.addi %[[R]], %c4
// CHECK: %[[M:.+]] = arith.select %[[NEG]], %[[ADD]], %[[R]]
// CHECK: %[[BACK:.+]] = arith.cmpi sge, %[[M]], %c3
// CHECK: %[[MIR:.+]] = arith.subi %c4{{.*}}, %[[M]]
// CHECK: %[[C:.+]] = arith.select %[[BACK]], %[[MIR]], %[[M]]
// CHECK: tensor.extract %arg0[%{{.+}}, %[[C]]]
func.func @pad_reflect(%x: tensor<2x3xf32>) -> tensor<2x6xf32> {
  %y = nn.pad %x {mode = "reflect", pads = array<i64: 0, 2, 0, 1>, value = 0.0 : f32} : (tensor<2x3xf32>) -> tensor<2x6xf32>
  return %y : tensor<2x6xf32>
}

// -----

// Wrap: the index modulo n.
// CHECK-LABEL: func.func @pad_wrap
// CHECK: linalg.generic
// CHECK: %[[D:.+]] = arith.subi %{{.+}}, %c1
// CHECK: %[[R:.+]] = arith.remsi %[[D]], %c2
// CHECK: arith.select
// CHECK: tensor.extract %arg0[
func.func @pad_wrap(%x: tensor<2x3xf32>) -> tensor<5x3xf32> {
  %y = nn.pad %x {mode = "wrap", pads = array<i64: 1, 0, 2, 0>, value = 0.0 : f32} : (tensor<2x3xf32>) -> tensor<5x3xf32>
  return %y : tensor<5x3xf32>
}
