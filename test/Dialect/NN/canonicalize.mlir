// RUN: nncc-opt %s -split-input-file -canonicalize | FileCheck %s

// CHECK-LABEL: func.func @reshape_identity
func.func @reshape_identity(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // CHECK-NOT: nn.reshape
  // CHECK: return %arg0
  %0 = nn.reshape %x : tensor<2x3xf32> -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @reshape_compose
func.func @reshape_compose(%x: tensor<2x3x4xf32>) -> tensor<4x6xf32> {
  // CHECK: %[[R:.+]] = nn.reshape %arg0 : tensor<2x3x4xf32> -> tensor<4x6xf32>
  // CHECK-NOT: nn.reshape
  // CHECK: return %[[R]]
  %0 = nn.reshape %x : tensor<2x3x4xf32> -> tensor<24xf32>
  %1 = nn.reshape %0 : tensor<24xf32> -> tensor<4x6xf32>
  return %1 : tensor<4x6xf32>
}

// -----

// CHECK-LABEL: func.func @flatten_to_reshape
func.func @flatten_to_reshape(%x: tensor<1x8x2x2xf32>) -> tensor<1x32xf32> {
  // CHECK-NOT: nn.flatten
  // CHECK: nn.reshape %arg0 : tensor<1x8x2x2xf32> -> tensor<1x32xf32>
  %0 = nn.flatten %x {axis = 1 : i64} : (tensor<1x8x2x2xf32>) -> tensor<1x32xf32>
  return %0 : tensor<1x32xf32>
}

// -----

// CHECK-LABEL: func.func @reshape_constant
func.func @reshape_constant() -> tensor<2x2xf32> {
  // CHECK: %[[C:.+]] = nn.constant dense<{{\[\[}}1.000000e+00, 2.000000e+00], [3.000000e+00, 4.000000e+00]]> : tensor<2x2xf32>
  // CHECK-NOT: nn.reshape
  // CHECK: return %[[C]]
  %c = nn.constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  %0 = nn.reshape %c : tensor<4xf32> -> tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}

// -----

// CHECK-LABEL: func.func @transpose_identity
func.func @transpose_identity(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // CHECK-NOT: nn.transpose
  // CHECK: return %arg0
  %0 = nn.transpose %x {perm = array<i64: 0, 1>} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @transpose_compose
func.func @transpose_compose(%x: tensor<2x3x4xf32>) -> tensor<3x4x2xf32> {
  // CHECK: nn.transpose %arg0 {perm = array<i64: 1, 2, 0>} : (tensor<2x3x4xf32>) -> tensor<3x4x2xf32>
  // CHECK-NOT: nn.transpose
  %0 = nn.transpose %x {perm = array<i64: 0, 2, 1>} : (tensor<2x3x4xf32>) -> tensor<2x4x3xf32>
  %1 = nn.transpose %0 {perm = array<i64: 2, 1, 0>} : (tensor<2x4x3xf32>) -> tensor<3x4x2xf32>
  return %1 : tensor<3x4x2xf32>
}

// -----

// CHECK-LABEL: func.func @pow_square
func.func @pow_square(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  // CHECK-NOT: nn.pow
  // CHECK-DAG: nn.mul %arg0, %arg0
  // CHECK-DAG: nn.sqrt %arg0
  // CHECK-DAG: nn.mul %{{[0-9]+}}, %arg0
  %c2 = nn.constant dense<2.0> : tensor<4xf32>
  %c05 = nn.constant dense<0.5> : tensor<4xf32>
  %c3 = nn.constant dense<3.0> : tensor<4xf32>
  %0 = nn.pow %x, %c2 : tensor<4xf32>, tensor<4xf32> -> tensor<4xf32>
  %1 = nn.pow %x, %c05 : tensor<4xf32>, tensor<4xf32> -> tensor<4xf32>
  %2 = nn.pow %x, %c3 : tensor<4xf32>, tensor<4xf32> -> tensor<4xf32>
  return %0, %1, %2 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// -----

// A general exponent stays a pow.
// CHECK-LABEL: func.func @pow_general
func.func @pow_general(%x: tensor<4xf32>) -> tensor<4xf32> {
  // CHECK: nn.pow
  %c = nn.constant dense<1.7> : tensor<4xf32>
  %0 = nn.pow %x, %c : tensor<4xf32>, tensor<4xf32> -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Shape arithmetic on constants folds away entirely.
// CHECK-LABEL: func.func @fold_shape_chain
func.func @fold_shape_chain() -> (tensor<2xi64>, tensor<3xi1>, tensor<2xf32>, tensor<4xi64>, tensor<2xi32>) {
  // CHECK-DAG: nn.constant dense<[58, 110]> : tensor<2xi64>
  // CHECK-DAG: nn.constant dense<[false, true, false]> : tensor<3xi1>
  // CHECK-DAG: nn.constant dense<[3.000000e+00, 1.000000e+00]> : tensor<2xf32>
  // CHECK-DAG: nn.constant dense<[1, 128, 12, 64]> : tensor<4xi64>
  // CHECK-DAG: nn.constant dense<[3, -2]> : tensor<2xi32>
  // CHECK-NOT: nn.gather
  // CHECK-NOT: nn.add
  // CHECK-NOT: nn.concat
  %shape = nn.constant dense<[1, 128, 768]> : tensor<3xi64>
  %i = nn.constant dense<[2, 0]> : tensor<2xi64>
  %g = nn.gather %shape, %i {axis = 0 : i64} : (tensor<3xi64>, tensor<2xi64>) -> tensor<2xi64>
  %d = nn.constant dense<[38, 110]> : tensor<2xi64>
  %q = nn.div %g, %d : tensor<2xi64>, tensor<2xi64> -> tensor<2xi64>
  %s = nn.add %q, %d : tensor<2xi64>, tensor<2xi64> -> tensor<2xi64>
  %e = nn.equal %shape, %shape : tensor<3xi64>, tensor<3xi64> -> tensor<3xi1>
  %one = nn.constant dense<128> : tensor<3xi64>
  %lt = nn.equal %shape, %one : tensor<3xi64>, tensor<3xi64> -> tensor<3xi1>
  %a = nn.constant dense<[3.0, 4.0]> : tensor<2xf32>
  %b = nn.constant dense<[5.0, 1.0]> : tensor<2xf32>
  %m = nn.min %a, %b : tensor<2xf32>, tensor<2xf32> -> tensor<2xf32>
  %head = nn.slice %shape {offsets = array<i64: 0>, sizes = array<i64: 2>, strides = array<i64: 1>} : (tensor<3xi64>) -> tensor<2xi64>
  %tail = nn.constant dense<[12, 64]> : tensor<2xi64>
  %c = nn.concat %head, %tail {axis = 0 : i64} : (tensor<2xi64>, tensor<2xi64>) -> tensor<4xi64>
  %f = nn.constant dense<[3.7, -2.9]> : tensor<2xf32>
  %t = nn.cast %f : tensor<2xf32> -> tensor<2xi32>
  %unused = nn.and %e, %lt : tensor<3xi1>, tensor<3xi1> -> tensor<3xi1>
  return %s, %lt, %m, %c, %t : tensor<2xi64>, tensor<3xi1>, tensor<2xf32>, tensor<4xi64>, tensor<2xi32>
}

// -----

// A constant B read transposed (fully connected weights, N x K) is laid out
// K x N at compile time and read plainly.
// CHECK-LABEL: func.func @gemm_constant_trans_b
// CHECK: %[[W:.+]] = nn.constant dense<{{\[\[}}1.000000e+00, 4.000000e+00], [2.000000e+00, 5.000000e+00], [3.000000e+00, 6.000000e+00]]> : tensor<3x2xf32>
// CHECK: nn.gemm %arg0, %[[W]], %arg1 {alpha = 1.000000e+00 : f32, beta = 1.000000e+00 : f32, trans_a = false, trans_b = false} : (tensor<1x3xf32>, tensor<3x2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
// CHECK-NOT: nn.transpose
func.func @gemm_constant_trans_b(%x: tensor<1x3xf32>, %c: tensor<2xf32>) -> tensor<1x2xf32> {
  %w = nn.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
  %y = nn.gemm %x, %w, %c {alpha = 1.0 : f32, beta = 1.0 : f32, trans_a = false, trans_b = true} : (tensor<1x3xf32>, tensor<2x3xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}

// -----

// A transposed operand that is not a constant stays transposed (moving it
// would add a copy at run time).
// CHECK-LABEL: func.func @gemm_runtime_trans_b
// CHECK: nn.gemm %arg0, %arg1 {{.*}}trans_b = true
// CHECK-NOT: nn.transpose
func.func @gemm_runtime_trans_b(%x: tensor<1x3xf32>, %w: tensor<2x3xf32>) -> tensor<1x2xf32> {
  %y = nn.gemm %x, %w {alpha = 1.0 : f32, beta = 0.0 : f32, trans_a = false, trans_b = true} : (tensor<1x3xf32>, tensor<2x3xf32>) -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}

// -----

// trans_a with a constant A (rare, but the same rewrite).
// CHECK-LABEL: func.func @gemm_constant_trans_a
// CHECK: %[[A:.+]] = nn.constant dense<{{\[\[}}1.000000e+00, 2.000000e+00]]> : tensor<1x2xf32>
// CHECK: nn.gemm %[[A]], %arg0 {{.*}}trans_a = false, trans_b = false
func.func @gemm_constant_trans_a(%w: tensor<2x3xf32>) -> tensor<1x3xf32> {
  %a = nn.constant dense<[[1.0], [2.0]]> : tensor<2x1xf32>
  %y = nn.gemm %a, %w {alpha = 1.0 : f32, beta = 0.0 : f32, trans_a = true, trans_b = false} : (tensor<2x1xf32>, tensor<2x3xf32>) -> tensor<1x3xf32>
  return %y : tensor<1x3xf32>
}
