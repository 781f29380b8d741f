// RUN: nncc-opt %s | nncc-opt | FileCheck %s
// Round trip of every nn op.

// CHECK-LABEL: func.func @constant_dense
func.func @constant_dense() -> tensor<2xf32> {
  // CHECK: nn.constant dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf32>
  %0 = nn.constant dense<[1.0, 2.0]> : tensor<2xf32>
  return %0 : tensor<2xf32>
}

// CHECK-LABEL: func.func @unary_all
func.func @unary_all(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // CHECK: nn.abs
  // CHECK: nn.erf
  // CHECK: nn.exp
  // CHECK: nn.log
  // CHECK: nn.neg
  // CHECK: nn.relu
  // CHECK: nn.sigmoid
  // CHECK: nn.sqrt
  // CHECK: nn.tanh %{{.*}} : tensor<2x3xf32>
  %0 = nn.abs %x : tensor<2x3xf32>
  %1 = nn.erf %0 : tensor<2x3xf32>
  %2 = nn.exp %1 : tensor<2x3xf32>
  %3 = nn.log %2 : tensor<2x3xf32>
  %4 = nn.neg %3 : tensor<2x3xf32>
  %5 = nn.relu %4 : tensor<2x3xf32>
  %6 = nn.sigmoid %5 : tensor<2x3xf32>
  %7 = nn.sqrt %6 : tensor<2x3xf32>
  %8 = nn.tanh %7 : tensor<2x3xf32>
  return %8 : tensor<2x3xf32>
}

// CHECK-LABEL: func.func @binary_broadcast
func.func @binary_broadcast(%x: tensor<2x3xf32>, %y: tensor<3xf32>, %z: tensor<4x1x1xf32>) -> tensor<4x2x3xf32> {
  // CHECK: nn.add %{{.*}}, %{{.*}} : tensor<2x3xf32>, tensor<3xf32> -> tensor<2x3xf32>
  %0 = nn.add %x, %y : tensor<2x3xf32>, tensor<3xf32> -> tensor<2x3xf32>
  // CHECK: nn.sub
  %1 = nn.sub %0, %y : tensor<2x3xf32>, tensor<3xf32> -> tensor<2x3xf32>
  // CHECK: nn.mul
  %2 = nn.mul %1, %x : tensor<2x3xf32>, tensor<2x3xf32> -> tensor<2x3xf32>
  // CHECK: nn.div
  %3 = nn.div %2, %x : tensor<2x3xf32>, tensor<2x3xf32> -> tensor<2x3xf32>
  // CHECK: nn.pow
  %4 = nn.pow %3, %x : tensor<2x3xf32>, tensor<2x3xf32> -> tensor<2x3xf32>
  // CHECK: nn.max
  %5 = nn.max %4, %y : tensor<2x3xf32>, tensor<3xf32> -> tensor<2x3xf32>
  // CHECK: nn.min {{.*}} -> tensor<4x2x3xf32>
  %6 = nn.min %5, %z : tensor<2x3xf32>, tensor<4x1x1xf32> -> tensor<4x2x3xf32>
  return %6 : tensor<4x2x3xf32>
}

// CHECK-LABEL: func.func @conv2d_grouped
func.func @conv2d_grouped(%x: tensor<1x4x8x8xf32>, %w: tensor<4x2x3x3xf32>, %b: tensor<4xf32>) -> tensor<1x4x4x4xf32> {
  // CHECK: nn.conv2d %{{.*}}, %{{.*}}, %{{.*}} {dilations = array<i64: 1, 1>, group = 2 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>}
  %0 = nn.conv2d %x, %w, %b {strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, group = 2 : i64} : (tensor<1x4x8x8xf32>, tensor<4x2x3x3xf32>, tensor<4xf32>) -> tensor<1x4x4x4xf32>
  return %0 : tensor<1x4x4x4xf32>
}

// CHECK-LABEL: func.func @conv2d_no_bias_dynamic_batch
func.func @conv2d_no_bias_dynamic_batch(%x: tensor<?x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<?x4x6x6xf32> {
  // CHECK: nn.conv2d %{{.*}}, %{{.*}} {
  %0 = nn.conv2d %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 1 : i64} : (tensor<?x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<?x4x6x6xf32>
  return %0 : tensor<?x4x6x6xf32>
}

// CHECK-LABEL: func.func @gemm_matmul
func.func @gemm_matmul(%a: tensor<2x8xf32>, %b: tensor<4x8xf32>, %c: tensor<4xf32>, %m: tensor<3x2x8xf32>, %n: tensor<8xf32>) -> (tensor<2x4xf32>, tensor<3x2xf32>) {
  // CHECK: nn.gemm {{.*}}trans_b = true
  %0 = nn.gemm %a, %b, %c {alpha = 1.0 : f32, beta = 1.0 : f32, trans_a = false, trans_b = true} : (tensor<2x8xf32>, tensor<4x8xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  // CHECK: nn.matmul {{.*}} -> tensor<3x2xf32>
  %1 = nn.matmul %m, %n : tensor<3x2x8xf32>, tensor<8xf32> -> tensor<3x2xf32>
  return %0, %1 : tensor<2x4xf32>, tensor<3x2xf32>
}

// CHECK-LABEL: func.func @pools
func.func @pools(%x: tensor<1x3x7x7xf32>) -> (tensor<1x3x4x4xf32>, tensor<1x3x3x3xf32>, tensor<1x3x1x1xf32>, tensor<1x3x1x1xf32>) {
  // CHECK: nn.max_pool2d {{.*}}ceil_mode = true
  %0 = nn.max_pool2d %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, ceil_mode = true} : (tensor<1x3x7x7xf32>) -> tensor<1x3x4x4xf32>
  // CHECK: nn.avg_pool2d {{.*}}count_include_pad = true
  %1 = nn.avg_pool2d %x {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, ceil_mode = false, count_include_pad = true} : (tensor<1x3x7x7xf32>) -> tensor<1x3x3x3xf32>
  // CHECK: nn.global_avg_pool
  %2 = nn.global_avg_pool %x : (tensor<1x3x7x7xf32>) -> tensor<1x3x1x1xf32>
  // CHECK: nn.global_max_pool
  %3 = nn.global_max_pool %x : (tensor<1x3x7x7xf32>) -> tensor<1x3x1x1xf32>
  return %0, %1, %2, %3 : tensor<1x3x4x4xf32>, tensor<1x3x3x3xf32>, tensor<1x3x1x1xf32>, tensor<1x3x1x1xf32>
}

// CHECK-LABEL: func.func @norm_softmax
func.func @norm_softmax(%x: tensor<1x4x2x2xf32>, %p: tensor<4xf32>) -> tensor<1x4x2x2xf32> {
  // CHECK: nn.batch_norm {{.*}}epsilon = 9.99999974E-6 : f32
  %0 = nn.batch_norm %x, %p, %p, %p, %p {epsilon = 1.0e-05 : f32} : (tensor<1x4x2x2xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x2x2xf32>
  // CHECK: nn.softmax %{{.*}} {axis = 1 : i64} : tensor<1x4x2x2xf32>
  %1 = nn.softmax %0 {axis = 1 : i64} : tensor<1x4x2x2xf32>
  return %1 : tensor<1x4x2x2xf32>
}

// CHECK-LABEL: func.func @shape_ops
func.func @shape_ops(%x: tensor<2x3x4xf32>, %y: tensor<2x5x4xf32>) -> (tensor<2x12xf32>, tensor<6x4xf32>, tensor<4x3x2xf32>, tensor<2x8x4xf32>) {
  // CHECK: nn.flatten %{{.*}} {axis = 1 : i64}
  %0 = nn.flatten %x {axis = 1 : i64} : (tensor<2x3x4xf32>) -> tensor<2x12xf32>
  // CHECK: nn.reshape %{{.*}} : tensor<2x3x4xf32> -> tensor<6x4xf32>
  %1 = nn.reshape %x : tensor<2x3x4xf32> -> tensor<6x4xf32>
  // CHECK: nn.transpose %{{.*}} {perm = array<i64: 2, 1, 0>}
  %2 = nn.transpose %x {perm = array<i64: 2, 1, 0>} : (tensor<2x3x4xf32>) -> tensor<4x3x2xf32>
  // CHECK: nn.concat %{{.*}}, %{{.*}} {axis = 1 : i64}
  %3 = nn.concat %x, %y {axis = 1 : i64} : (tensor<2x3x4xf32>, tensor<2x5x4xf32>) -> tensor<2x8x4xf32>
  return %0, %1, %2, %3 : tensor<2x12xf32>, tensor<6x4xf32>, tensor<4x3x2xf32>, tensor<2x8x4xf32>
}

// CHECK-LABEL: func.func @reductions
func.func @reductions(%x: tensor<2x3x4xf32>) -> (tensor<2x1x1xf32>, tensor<4xf32>, tensor<2x3x1xf32>, tensor<3xf32>) {
  // CHECK: nn.reduce_max %{{.*}} {axes = array<i64: 1, 2>, keep_dims = true}
  %0 = nn.reduce_max %x {axes = array<i64: 1, 2>, keep_dims = true} : (tensor<2x3x4xf32>) -> tensor<2x1x1xf32>
  // CHECK: nn.reduce_mean
  %1 = nn.reduce_mean %x {axes = array<i64: 0, 1>, keep_dims = false} : (tensor<2x3x4xf32>) -> tensor<4xf32>
  // CHECK: nn.reduce_min
  %2 = nn.reduce_min %x {axes = array<i64: 2>, keep_dims = true} : (tensor<2x3x4xf32>) -> tensor<2x3x1xf32>
  // CHECK: nn.reduce_sum
  %3 = nn.reduce_sum %x {axes = array<i64: 0, 2>, keep_dims = false} : (tensor<2x3x4xf32>) -> tensor<3xf32>
  return %0, %1, %2, %3 : tensor<2x1x1xf32>, tensor<4xf32>, tensor<2x3x1xf32>, tensor<3xf32>
}

// CHECK-LABEL: func.func @select_compare
func.func @select_compare(%x: tensor<2x3xf32>, %y: tensor<3xf32>, %b: tensor<2x3xi1>) -> (tensor<2x3xf32>, tensor<2x3xi1>) {
  // CHECK: nn.less %{{.*}}, %{{.*}} : tensor<2x3xf32>, tensor<3xf32> -> tensor<2x3xi1>
  %0 = nn.less %x, %y : tensor<2x3xf32>, tensor<3xf32> -> tensor<2x3xi1>
  // CHECK: nn.equal
  %1 = nn.equal %x, %y : tensor<2x3xf32>, tensor<3xf32> -> tensor<2x3xi1>
  // CHECK: nn.greater_equal
  %2 = nn.greater_equal %x, %y : tensor<2x3xf32>, tensor<3xf32> -> tensor<2x3xi1>
  // CHECK: nn.and
  %3 = nn.and %0, %1 : tensor<2x3xi1>, tensor<2x3xi1> -> tensor<2x3xi1>
  // CHECK: nn.or
  %4 = nn.or %3, %2 : tensor<2x3xi1>, tensor<2x3xi1> -> tensor<2x3xi1>
  // CHECK: nn.not
  %5 = nn.not %4 : tensor<2x3xi1>
  // CHECK: nn.where %{{.*}}, %{{.*}}, %{{.*}} : (tensor<2x3xi1>, tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %6 = nn.where %5, %x, %y : (tensor<2x3xi1>, tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %6, %b : tensor<2x3xf32>, tensor<2x3xi1>
}

// CHECK-LABEL: func.func @tensor_ops
func.func @tensor_ops(%t: tensor<100x16xf32>, %ids: tensor<1x8xi64>, %x: tensor<4x8xf32>, %m: tensor<3x1xf32>) -> (tensor<1x8x16xf32>, tensor<4x3xf32>, tensor<4x8xi32>, tensor<2x3x4xf32>, tensor<4x8xf32>) {
  // CHECK: nn.gather %{{.*}}, %{{.*}} {axis = 0 : i64} : (tensor<100x16xf32>, tensor<1x8xi64>) -> tensor<1x8x16xf32>
  %0 = nn.gather %t, %ids {axis = 0 : i64} : (tensor<100x16xf32>, tensor<1x8xi64>) -> tensor<1x8x16xf32>
  // CHECK: nn.slice %{{.*}} {offsets = array<i64: 0, 2>, sizes = array<i64: 4, 3>, strides = array<i64: 1, 2>}
  %1 = nn.slice %x {offsets = array<i64: 0, 2>, sizes = array<i64: 4, 3>, strides = array<i64: 1, 2>} : (tensor<4x8xf32>) -> tensor<4x3xf32>
  // CHECK: nn.cast %{{.*}} : tensor<4x8xf32> -> tensor<4x8xi32>
  %2 = nn.cast %x : tensor<4x8xf32> -> tensor<4x8xi32>
  // CHECK: nn.broadcast %{{.*}} : tensor<3x1xf32> -> tensor<2x3x4xf32>
  %3 = nn.broadcast %m : tensor<3x1xf32> -> tensor<2x3x4xf32>
  // CHECK: nn.trilu %{{.*}} {k = 1 : i64, upper = true} : tensor<4x8xf32>
  %4 = nn.trilu %x {k = 1 : i64, upper = true} : tensor<4x8xf32>
  return %0, %1, %2, %3, %4 : tensor<1x8x16xf32>, tensor<4x3xf32>, tensor<4x8xi32>, tensor<2x3x4xf32>, tensor<4x8xf32>
}

// CHECK-LABEL: func.func @layer_norm
func.func @layer_norm(%x: tensor<1x4x8xf32>, %g: tensor<8xf32>) -> tensor<1x4x8xf32> {
  // CHECK: nn.layer_norm %{{.*}}, %{{.*}} {axis = 2 : i64, epsilon = 9.99999974E-6 : f32} : (tensor<1x4x8xf32>, tensor<8xf32>) -> tensor<1x4x8xf32>
  %0 = nn.layer_norm %x, %g {axis = 2 : i64, epsilon = 1.0e-05 : f32} : (tensor<1x4x8xf32>, tensor<8xf32>) -> tensor<1x4x8xf32>
  // CHECK: nn.ceil
  %1 = nn.ceil %0 : tensor<1x4x8xf32>
  // CHECK: nn.floor
  %2 = nn.floor %1 : tensor<1x4x8xf32>
  // CHECK: nn.reciprocal
  %3 = nn.reciprocal %2 : tensor<1x4x8xf32>
  return %3 : tensor<1x4x8xf32>
}

// CHECK-LABEL: func.func @gru_all_operands
func.func @gru_all_operands(%x: tensor<7x1x3xf32>, %w: tensor<1x15x3xf32>, %r: tensor<1x15x5xf32>, %b: tensor<1x30xf32>, %h0: tensor<1x1x5xf32>) -> (tensor<7x1x1x5xf32>, tensor<1x1x5xf32>) {
  // CHECK: %{{.*}}, %{{.*}} = nn.gru %{{.*}}, %{{.*}}, %{{.*}} bias(%{{.*}}) initial_h(%{{.*}}) {direction = "forward", hidden_size = 5 : i64, linear_before_reset = true} : (tensor<7x1x3xf32>, tensor<1x15x3xf32>, tensor<1x15x5xf32>, tensor<1x30xf32>, tensor<1x1x5xf32>) -> (tensor<7x1x1x5xf32>, tensor<1x1x5xf32>)
  %y, %y_h = nn.gru %x, %w, %r bias(%b) initial_h(%h0) {direction = "forward", hidden_size = 5 : i64, linear_before_reset = true} : (tensor<7x1x3xf32>, tensor<1x15x3xf32>, tensor<1x15x5xf32>, tensor<1x30xf32>, tensor<1x1x5xf32>) -> (tensor<7x1x1x5xf32>, tensor<1x1x5xf32>)
  return %y, %y_h : tensor<7x1x1x5xf32>, tensor<1x1x5xf32>
}

// CHECK-LABEL: func.func @lstm_bidirectional
func.func @lstm_bidirectional(%x: tensor<5x1x4xf32>, %w: tensor<2x12x4xf32>, %r: tensor<2x12x3xf32>, %b: tensor<2x24xf32>, %h0: tensor<2x1x3xf32>, %c0: tensor<2x1x3xf32>, %p: tensor<2x9xf32>) -> (tensor<5x2x1x3xf32>, tensor<2x1x3xf32>, tensor<2x1x3xf32>) {
  // CHECK: nn.lstm %{{.*}}, %{{.*}}, %{{.*}} bias(%{{.*}}) initial_h(%{{.*}}) initial_c(%{{.*}}) peepholes(%{{.*}}) {direction = "bidirectional", hidden_size = 3 : i64}
  // CHECK-SAME: -> (tensor<5x2x1x3xf32>, tensor<2x1x3xf32>, tensor<2x1x3xf32>)
  %y, %y_h, %y_c = nn.lstm %x, %w, %r bias(%b) initial_h(%h0) initial_c(%c0) peepholes(%p) {direction = "bidirectional", hidden_size = 3 : i64} : (tensor<5x1x4xf32>, tensor<2x12x4xf32>, tensor<2x12x3xf32>, tensor<2x24xf32>, tensor<2x1x3xf32>, tensor<2x1x3xf32>, tensor<2x9xf32>) -> (tensor<5x2x1x3xf32>, tensor<2x1x3xf32>, tensor<2x1x3xf32>)
  return %y, %y_h, %y_c : tensor<5x2x1x3xf32>, tensor<2x1x3xf32>, tensor<2x1x3xf32>
}

// CHECK-LABEL: func.func @lstm_only_initial_c
func.func @lstm_only_initial_c(%x: tensor<2x1x4xf32>, %w: tensor<1x12x4xf32>, %r: tensor<1x12x3xf32>, %c0: tensor<1x1x3xf32>) -> tensor<1x1x3xf32> {
  // CHECK: nn.lstm %{{.*}}, %{{.*}}, %{{.*}} initial_c(%{{.*}}) {direction = "forward", hidden_size = 3 : i64} : (tensor<2x1x4xf32>, tensor<1x12x4xf32>, tensor<1x12x3xf32>, tensor<1x1x3xf32>)
  %y, %y_h, %y_c = nn.lstm %x, %w, %r initial_c(%c0) {direction = "forward", hidden_size = 3 : i64} : (tensor<2x1x4xf32>, tensor<1x12x4xf32>, tensor<1x12x3xf32>, tensor<1x1x3xf32>) -> (tensor<2x1x1x3xf32>, tensor<1x1x3xf32>, tensor<1x1x3xf32>)
  return %y_c : tensor<1x1x3xf32>
}

// CHECK-LABEL: func.func @rnn_reverse_dynamic_seq
func.func @rnn_reverse_dynamic_seq(%x: tensor<?x2x2xf32>, %w: tensor<1x4x2xf32>, %r: tensor<1x4x4xf32>) -> tensor<?x1x2x4xf32> {
  // CHECK: nn.rnn %{{.*}}, %{{.*}}, %{{.*}} {direction = "reverse", hidden_size = 4 : i64} : (tensor<?x2x2xf32>, tensor<1x4x2xf32>, tensor<1x4x4xf32>) -> (tensor<?x1x2x4xf32>, tensor<1x2x4xf32>)
  %y, %y_h = nn.rnn %x, %w, %r {direction = "reverse", hidden_size = 4 : i64} : (tensor<?x2x2xf32>, tensor<1x4x2xf32>, tensor<1x4x4xf32>) -> (tensor<?x1x2x4xf32>, tensor<1x2x4xf32>)
  return %y : tensor<?x1x2x4xf32>
}

// CHECK-LABEL: func.func @pad_modes
func.func @pad_modes(%x: tensor<2x3xf32>, %i: tensor<2x3xi32>) -> (tensor<4x4xf32>, tensor<2x2xf32>, tensor<3x3xi32>) {
  // CHECK: nn.pad %{{.*}} {mode = "reflect", pads = array<i64: 1, 0, 1, 1>, value = 0.000000e+00 : f32} : (tensor<2x3xf32>) -> tensor<4x4xf32>
  %a = nn.pad %x {mode = "reflect", pads = array<i64: 1, 0, 1, 1>, value = 0.0 : f32} : (tensor<2x3xf32>) -> tensor<4x4xf32>
  // CHECK: nn.pad %{{.*}} {mode = "constant", pads = array<i64: 0, -1, 0, 0>, value = 0.000000e+00 : f32} : (tensor<2x3xf32>) -> tensor<2x2xf32>
  %b = nn.pad %x {mode = "constant", pads = array<i64: 0, -1, 0, 0>, value = 0.0 : f32} : (tensor<2x3xf32>) -> tensor<2x2xf32>
  // CHECK: nn.pad %{{.*}} {mode = "wrap", pads = array<i64: 1, 0, 0, 0>, value = 0 : i32} : (tensor<2x3xi32>) -> tensor<3x3xi32>
  %c = nn.pad %i {mode = "wrap", pads = array<i64: 1, 0, 0, 0>, value = 0 : i32} : (tensor<2x3xi32>) -> tensor<3x3xi32>
  return %a, %b, %c : tensor<4x4xf32>, tensor<2x2xf32>, tensor<3x3xi32>
}
