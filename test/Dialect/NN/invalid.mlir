// RUN: nncc-opt %s -split-input-file -verify-diagnostics
// One case per verifier message of the nn dialect.

func.func @add_not_broadcastable(%x: tensor<2x3xf32>, %y: tensor<4xf32>) -> tensor<2x3xf32> {
  // expected-error@+1 {{'nn.add' op operand shapes 2x3 and 4 do not broadcast (dim 1: 3 vs 4)}}
  %0 = nn.add %x, %y : tensor<2x3xf32>, tensor<4xf32> -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @add_wrong_result(%x: tensor<2x3xf32>, %y: tensor<3xf32>) -> tensor<3x3xf32> {
  // expected-error@+1 {{'nn.add' op expected result shape 2x3, got 3x3}}
  %0 = nn.add %x, %y : tensor<2x3xf32>, tensor<3xf32> -> tensor<3x3xf32>
  return %0 : tensor<3x3xf32>
}

// -----

func.func @add_mixed_types(%x: tensor<2xf32>, %y: tensor<2xi64>) -> tensor<2xf32> {
  // expected-error@+1 {{'nn.add' op expected all operands to have element type 'f32', got 'i64'}}
  %0 = nn.add %x, %y : tensor<2xf32>, tensor<2xi64> -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @conv_rank(%x: tensor<3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32> {
  // expected-error@+1 {{'nn.conv2d' op expected input of rank 4 (NCHW), got rank 3}}
  %0 = nn.conv2d %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 1 : i64} : (tensor<3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return %0 : tensor<1x4x6x6xf32>
}

// -----

func.func @conv_pads_count(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32> {
  // expected-error@+1 {{'nn.conv2d' op expected 'pads' to have 4 values, got 2}}
  %0 = nn.conv2d %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0>, group = 1 : i64} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return %0 : tensor<1x4x6x6xf32>
}

// -----

func.func @conv_channels(%x: tensor<1x4x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32> {
  // expected-error@+1 {{'nn.conv2d' op expected input channels (4) = weight dim 1 (3) * group (1)}}
  %0 = nn.conv2d %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 1 : i64} : (tensor<1x4x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return %0 : tensor<1x4x6x6xf32>
}

// -----

func.func @conv_group_divides(%x: tensor<1x6x8x8xf32>, %w: tensor<5x2x3x3xf32>) -> tensor<1x5x6x6xf32> {
  // expected-error@+1 {{'nn.conv2d' op expected output channels (5) to be divisible by group (3)}}
  %0 = nn.conv2d %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 3 : i64} : (tensor<1x6x8x8xf32>, tensor<5x2x3x3xf32>) -> tensor<1x5x6x6xf32>
  return %0 : tensor<1x5x6x6xf32>
}

// -----

func.func @conv_window_too_big(%x: tensor<1x3x2x2xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x1x1xf32> {
  // expected-error@+1 {{'nn.conv2d' op window of size 3 does not fit spatial dim 2 of size 2 with pads 0+0}}
  %0 = nn.conv2d %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 1 : i64} : (tensor<1x3x2x2xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x1x1xf32>
  return %0 : tensor<1x4x1x1xf32>
}

// -----

func.func @conv_bad_stride(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32> {
  // expected-error@+1 {{'nn.conv2d' op expected 'strides' values >= 1, got 0}}
  %0 = nn.conv2d %x, %w {strides = array<i64: 0, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 1 : i64} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return %0 : tensor<1x4x6x6xf32>
}

// -----

func.func @conv_bias_size(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<5xf32>) -> tensor<1x4x6x6xf32> {
  // expected-error@+1 {{'nn.conv2d' op expected bias of size 4, got 5}}
  %0 = nn.conv2d %x, %w, %b {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 1 : i64} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<5xf32>) -> tensor<1x4x6x6xf32>
  return %0 : tensor<1x4x6x6xf32>
}

// -----

func.func @gemm_inner(%a: tensor<2x8xf32>, %b: tensor<7x4xf32>) -> tensor<2x4xf32> {
  // expected-error@+1 {{'nn.gemm' op inner dimensions differ: A gives K = 8, B gives K = 7}}
  %0 = nn.gemm %a, %b {alpha = 1.0 : f32, beta = 1.0 : f32, trans_a = false, trans_b = false} : (tensor<2x8xf32>, tensor<7x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

func.func @gemm_c(%a: tensor<2x8xf32>, %b: tensor<8x4xf32>, %c: tensor<3xf32>) -> tensor<2x4xf32> {
  // expected-error@+1 {{'nn.gemm' op operand shapes 2x4 and 3 do not broadcast (dim 1: 4 vs 3)}}
  %0 = nn.gemm %a, %b, %c {alpha = 1.0 : f32, beta = 1.0 : f32, trans_a = false, trans_b = false} : (tensor<2x8xf32>, tensor<8x4xf32>, tensor<3xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

func.func @gemm_rank(%a: tensor<2x8x1xf32>, %b: tensor<8x4xf32>) -> tensor<2x4xf32> {
  // expected-error@+1 {{'nn.gemm' op expected rank-2 A and B, got ranks 3 and 2}}
  %0 = nn.gemm %a, %b {alpha = 1.0 : f32, beta = 1.0 : f32, trans_a = false, trans_b = false} : (tensor<2x8x1xf32>, tensor<8x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

func.func @matmul_inner(%a: tensor<2x8xf32>, %b: tensor<7x4xf32>) -> tensor<2x4xf32> {
  // expected-error@+1 {{'nn.matmul' op inner dimensions differ: 2x8 x 7x4}}
  %0 = nn.matmul %a, %b : tensor<2x8xf32>, tensor<7x4xf32> -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

func.func @pool_pads_too_big(%x: tensor<1x3x8x8xf32>) -> tensor<1x3x6x6xf32> {
  // expected-error@+1 {{'nn.max_pool2d' op expected pads smaller than the window in dim 0, got 2+0 for window 2}}
  %0 = nn.max_pool2d %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 2, 0, 0, 0>, dilations = array<i64: 1, 1>, ceil_mode = false} : (tensor<1x3x8x8xf32>) -> tensor<1x3x6x6xf32>
  return %0 : tensor<1x3x6x6xf32>
}

// -----

func.func @pool_kernel(%x: tensor<1x3x8x8xf32>) -> tensor<1x3x4x4xf32> {
  // expected-error@+1 {{'nn.avg_pool2d' op expected 'kernel_shape' to have 2 values, got 1}}
  %0 = nn.avg_pool2d %x {kernel_shape = array<i64: 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, ceil_mode = false, count_include_pad = false} : (tensor<1x3x8x8xf32>) -> tensor<1x3x4x4xf32>
  return %0 : tensor<1x3x4x4xf32>
}

// -----

func.func @global_pool_rank(%x: tensor<3x8xf32>) -> tensor<3x8xf32> {
  // expected-error@+1 {{'nn.global_avg_pool' op expected input of rank >= 3, got rank 2}}
  %0 = nn.global_avg_pool %x : (tensor<3x8xf32>) -> tensor<3x8xf32>
  return %0 : tensor<3x8xf32>
}

// -----

func.func @batch_norm_channels(%x: tensor<1x4x2x2xf32>, %p: tensor<4xf32>, %q: tensor<3xf32>) -> tensor<1x4x2x2xf32> {
  // expected-error@+1 {{'nn.batch_norm' op expected 'mean' of size 4 (channels), got 3}}
  %0 = nn.batch_norm %x, %p, %p, %q, %p {epsilon = 1.0e-05 : f32} : (tensor<1x4x2x2xf32>, tensor<4xf32>, tensor<4xf32>, tensor<3xf32>, tensor<4xf32>) -> tensor<1x4x2x2xf32>
  return %0 : tensor<1x4x2x2xf32>
}

// -----

func.func @softmax_axis(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error@+1 {{'nn.softmax' op expected 'axis' in [0, 2), got 2}}
  %0 = nn.softmax %x {axis = 2 : i64} : tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @reshape_count(%x: tensor<2x3xf32>) -> tensor<7xf32> {
  // expected-error@+1 {{'nn.reshape' op expected the same element count, got 6 (2x3) and 7 (7)}}
  %0 = nn.reshape %x : tensor<2x3xf32> -> tensor<7xf32>
  return %0 : tensor<7xf32>
}

// -----

func.func @flatten_axis(%x: tensor<2x3xf32>) -> tensor<6x1xf32> {
  // expected-error@+1 {{'nn.flatten' op expected 'axis' in [0, 2], got 3}}
  %0 = nn.flatten %x {axis = 3 : i64} : (tensor<2x3xf32>) -> tensor<6x1xf32>
  return %0 : tensor<6x1xf32>
}

// -----

func.func @transpose_perm(%x: tensor<2x3xf32>) -> tensor<3x2xf32> {
  // expected-error@+1 {{'nn.transpose' op expected 'perm' to be a permutation of [0, 2), got value 0}}
  %0 = nn.transpose %x {perm = array<i64: 0, 0>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

func.func @concat_dims(%x: tensor<2x3xf32>, %y: tensor<3x3xf32>) -> tensor<2x6xf32> {
  // expected-error@+1 {{'nn.concat' op input 1 dim 0 is 3, expected 2}}
  %0 = nn.concat %x, %y {axis = 1 : i64} : (tensor<2x3xf32>, tensor<3x3xf32>) -> tensor<2x6xf32>
  return %0 : tensor<2x6xf32>
}

// -----

func.func @relu_int(%x: tensor<2xi32>) -> tensor<2xi32> {
  // expected-error@+1 {{'nn.relu' op operand #0 must be ranked tensor of floating-point values}}
  %0 = nn.relu %x : tensor<2xi32>
  return %0 : tensor<2xi32>
}

// -----

func.func @reduce_axes_unsorted(%x: tensor<2x3xf32>) -> tensor<1x1xf32> {
  // expected-error@+1 {{'nn.reduce_sum' op expected 'axes' sorted and unique}}
  %0 = nn.reduce_sum %x {axes = array<i64: 1, 0>, keep_dims = true} : (tensor<2x3xf32>) -> tensor<1x1xf32>
  return %0 : tensor<1x1xf32>
}

// -----

func.func @reduce_axes_range(%x: tensor<2x3xf32>) -> tensor<2xf32> {
  // expected-error@+1 {{'nn.reduce_max' op expected 'axes' in [0, 2), got 2}}
  %0 = nn.reduce_max %x {axes = array<i64: 2>, keep_dims = false} : (tensor<2x3xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @reduce_result(%x: tensor<2x3xf32>) -> tensor<2xf32> {
  // expected-error@+1 {{'nn.reduce_mean' op expected result shape 2x1, got 2}}
  %0 = nn.reduce_mean %x {axes = array<i64: 1>, keep_dims = true} : (tensor<2x3xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @compare_types(%x: tensor<2xf32>, %y: tensor<2xi64>) -> tensor<2xi1> {
  // expected-error@+1 {{'nn.less' op expected operands of one element type, got 'f32' and 'i64'}}
  %0 = nn.less %x, %y : tensor<2xf32>, tensor<2xi64> -> tensor<2xi1>
  return %0 : tensor<2xi1>
}

// -----

func.func @where_types(%c: tensor<2xi1>, %x: tensor<2xf32>, %y: tensor<2xf64>) -> tensor<2xf32> {
  // expected-error@+1 {{'nn.where' op expected x, y and the result to have one element type}}
  %0 = nn.where %c, %x, %y : (tensor<2xi1>, tensor<2xf32>, tensor<2xf64>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @gather_axis(%t: tensor<10x4xf32>, %i: tensor<3xi64>) -> tensor<3x4xf32> {
  // expected-error@+1 {{'nn.gather' op expected 'axis' in [0, 2), got 2}}
  %0 = nn.gather %t, %i {axis = 2 : i64} : (tensor<10x4xf32>, tensor<3xi64>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

func.func @gather_type(%t: tensor<10x4xf32>, %i: tensor<3xi64>) -> tensor<3x4xf64> {
  // expected-error@+1 {{'nn.gather' op expected the result to have the data's element type}}
  %0 = nn.gather %t, %i {axis = 0 : i64} : (tensor<10x4xf32>, tensor<3xi64>) -> tensor<3x4xf64>
  return %0 : tensor<3x4xf64>
}

// -----

func.func @slice_past_end(%x: tensor<4x8xf32>) -> tensor<4x3xf32> {
  // expected-error@+1 {{'nn.slice' op slice of dim 1 reads past its end (8)}}
  %0 = nn.slice %x {offsets = array<i64: 0, 4>, sizes = array<i64: 4, 3>, strides = array<i64: 1, 2>} : (tensor<4x8xf32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

func.func @slice_counts(%x: tensor<4x8xf32>) -> tensor<4x3xf32> {
  // expected-error@+1 {{'nn.slice' op expected 'offsets', 'sizes' and 'strides' to have 2 values each}}
  %0 = nn.slice %x {offsets = array<i64: 0>, sizes = array<i64: 4, 3>, strides = array<i64: 1, 2>} : (tensor<4x8xf32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

func.func @slice_stride(%x: tensor<4x8xf32>) -> tensor<4x3xf32> {
  // expected-error@+1 {{'nn.slice' op invalid slice of dim 1: offset 0, size 3, stride 0}}
  %0 = nn.slice %x {offsets = array<i64: 0, 0>, sizes = array<i64: 4, 3>, strides = array<i64: 1, 0>} : (tensor<4x8xf32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

func.func @broadcast_bad(%x: tensor<3x2xf32>) -> tensor<3x4xf32> {
  // expected-error@+1 {{'nn.broadcast' op cannot broadcast 3x2 to 3x4}}
  %0 = nn.broadcast %x : tensor<3x2xf32> -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

func.func @broadcast_rank(%x: tensor<2x3x2xf32>) -> tensor<3x2xf32> {
  // expected-error@+1 {{'nn.broadcast' op cannot broadcast 2x3x2 to 3x2 (higher rank)}}
  %0 = nn.broadcast %x : tensor<2x3x2xf32> -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

func.func @cast_shape(%x: tensor<3x2xf32>) -> tensor<6xi32> {
  // expected-error@+1 {{'nn.cast' op expected result shape 3x2, got 6}}
  %0 = nn.cast %x : tensor<3x2xf32> -> tensor<6xi32>
  return %0 : tensor<6xi32>
}

// -----

func.func @trilu_rank(%x: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error@+1 {{'nn.trilu' op expected input of rank >= 2, got rank 1}}
  %0 = nn.trilu %x {k = 0 : i64, upper = true} : tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @layer_norm_scale(%x: tensor<1x4x8xf32>, %g: tensor<4xf32>) -> tensor<1x4x8xf32> {
  // expected-error@+1 {{'nn.layer_norm' op cannot broadcast 4 to 8}}
  %0 = nn.layer_norm %x, %g {axis = 2 : i64, epsilon = 1.0e-05 : f32} : (tensor<1x4x8xf32>, tensor<4xf32>) -> tensor<1x4x8xf32>
  return %0 : tensor<1x4x8xf32>
}

// -----

func.func @layer_norm_axis(%x: tensor<1x4x8xf32>, %g: tensor<8xf32>) -> tensor<1x4x8xf32> {
  // expected-error@+1 {{'nn.layer_norm' op expected 'axis' in [0, 3), got 3}}
  %0 = nn.layer_norm %x, %g {axis = 3 : i64, epsilon = 1.0e-05 : f32} : (tensor<1x4x8xf32>, tensor<8xf32>) -> tensor<1x4x8xf32>
  return %0 : tensor<1x4x8xf32>
}

// -----

func.func @lstm_bad_direction(%x: tensor<2x1x4xf32>, %w: tensor<1x12x4xf32>, %r: tensor<1x12x3xf32>) -> tensor<1x1x3xf32> {
  // expected-error@+1 {{'nn.lstm' op attribute 'direction' failed to satisfy constraint: string attribute one of "forward", "reverse", "bidirectional"}}
  %y, %y_h, %y_c = nn.lstm %x, %w, %r {direction = "backward", hidden_size = 3 : i64} : (tensor<2x1x4xf32>, tensor<1x12x4xf32>, tensor<1x12x3xf32>) -> (tensor<2x1x1x3xf32>, tensor<1x1x3xf32>, tensor<1x1x3xf32>)
  return %y_h : tensor<1x1x3xf32>
}

// -----

func.func @rnn_hidden_size(%x: tensor<2x1x4xf32>, %w: tensor<1x0x4xf32>, %r: tensor<1x0x0xf32>) -> tensor<1x1x0xf32> {
  // expected-error@+1 {{'nn.rnn' op expected 'hidden_size' in [1, 2^40], got 0}}
  %y, %y_h = nn.rnn %x, %w, %r {direction = "forward", hidden_size = 0 : i64} : (tensor<2x1x4xf32>, tensor<1x0x4xf32>, tensor<1x0x0xf32>) -> (tensor<2x1x1x0xf32>, tensor<1x1x0xf32>)
  return %y_h : tensor<1x1x0xf32>
}

// -----

func.func @rnn_x_rank(%x: tensor<1x4xf32>, %w: tensor<1x3x4xf32>, %r: tensor<1x3x3xf32>) -> tensor<1x1x3xf32> {
  // expected-error@+1 {{'nn.rnn' op expected 'x' of rank 3 (seq x batch x input), got rank 2}}
  %y, %y_h = nn.rnn %x, %w, %r {direction = "forward", hidden_size = 3 : i64} : (tensor<1x4xf32>, tensor<1x3x4xf32>, tensor<1x3x3xf32>) -> (tensor<1x1x1x3xf32>, tensor<1x1x3xf32>)
  return %y_h : tensor<1x1x3xf32>
}

// -----

func.func @lstm_w_gates(%x: tensor<2x1x4xf32>, %w: tensor<1x9x4xf32>, %r: tensor<1x12x3xf32>) -> tensor<1x1x3xf32> {
  // expected-error@+1 {{'nn.lstm' op expected 'w' of shape 1x12x4 (directions x 4*hidden_size x input_size), got 1x9x4}}
  %y, %y_h, %y_c = nn.lstm %x, %w, %r {direction = "forward", hidden_size = 3 : i64} : (tensor<2x1x4xf32>, tensor<1x9x4xf32>, tensor<1x12x3xf32>) -> (tensor<2x1x1x3xf32>, tensor<1x1x3xf32>, tensor<1x1x3xf32>)
  return %y_h : tensor<1x1x3xf32>
}

// -----

func.func @gru_r_directions(%x: tensor<2x1x4xf32>, %w: tensor<2x9x4xf32>, %r: tensor<1x9x3xf32>) -> tensor<2x1x3xf32> {
  // expected-error@+1 {{'nn.gru' op expected 'r' of shape 2x9x3 (directions x 3*hidden_size x hidden_size), got 1x9x3}}
  %y, %y_h = nn.gru %x, %w, %r {direction = "bidirectional", hidden_size = 3 : i64, linear_before_reset = false} : (tensor<2x1x4xf32>, tensor<2x9x4xf32>, tensor<1x9x3xf32>) -> (tensor<2x2x1x3xf32>, tensor<2x1x3xf32>)
  return %y_h : tensor<2x1x3xf32>
}

// -----

func.func @rnn_bias_length(%x: tensor<2x1x4xf32>, %w: tensor<1x3x4xf32>, %r: tensor<1x3x3xf32>, %b: tensor<1x3xf32>) -> tensor<1x1x3xf32> {
  // expected-error@+1 {{'nn.rnn' op expected 'b' of shape 1x6 (directions x 2*hidden_size), got 1x3}}
  %y, %y_h = nn.rnn %x, %w, %r bias(%b) {direction = "forward", hidden_size = 3 : i64} : (tensor<2x1x4xf32>, tensor<1x3x4xf32>, tensor<1x3x3xf32>, tensor<1x3xf32>) -> (tensor<2x1x1x3xf32>, tensor<1x1x3xf32>)
  return %y_h : tensor<1x1x3xf32>
}

// -----

func.func @gru_initial_h_batch(%x: tensor<2x2x4xf32>, %w: tensor<1x9x4xf32>, %r: tensor<1x9x3xf32>, %h0: tensor<1x1x3xf32>) -> tensor<1x2x3xf32> {
  // expected-error@+1 {{'nn.gru' op expected 'initial_h' of shape 1x2x3 (directions x batch x hidden_size), got 1x1x3}}
  %y, %y_h = nn.gru %x, %w, %r initial_h(%h0) {direction = "forward", hidden_size = 3 : i64, linear_before_reset = false} : (tensor<2x2x4xf32>, tensor<1x9x4xf32>, tensor<1x9x3xf32>, tensor<1x1x3xf32>) -> (tensor<2x1x2x3xf32>, tensor<1x2x3xf32>)
  return %y_h : tensor<1x2x3xf32>
}

// -----

func.func @lstm_initial_c_hidden(%x: tensor<2x1x4xf32>, %w: tensor<1x12x4xf32>, %r: tensor<1x12x3xf32>, %c0: tensor<1x1x4xf32>) -> tensor<1x1x3xf32> {
  // expected-error@+1 {{'nn.lstm' op expected 'initial_c' of shape 1x1x3 (directions x batch x hidden_size), got 1x1x4}}
  %y, %y_h, %y_c = nn.lstm %x, %w, %r initial_c(%c0) {direction = "forward", hidden_size = 3 : i64} : (tensor<2x1x4xf32>, tensor<1x12x4xf32>, tensor<1x12x3xf32>, tensor<1x1x4xf32>) -> (tensor<2x1x1x3xf32>, tensor<1x1x3xf32>, tensor<1x1x3xf32>)
  return %y_h : tensor<1x1x3xf32>
}

// -----

func.func @lstm_peepholes(%x: tensor<2x1x4xf32>, %w: tensor<1x12x4xf32>, %r: tensor<1x12x3xf32>, %p: tensor<1x12xf32>) -> tensor<1x1x3xf32> {
  // expected-error@+1 {{'nn.lstm' op expected 'p' of shape 1x9 (directions x 3*hidden_size), got 1x12}}
  %y, %y_h, %y_c = nn.lstm %x, %w, %r peepholes(%p) {direction = "forward", hidden_size = 3 : i64} : (tensor<2x1x4xf32>, tensor<1x12x4xf32>, tensor<1x12x3xf32>, tensor<1x12xf32>) -> (tensor<2x1x1x3xf32>, tensor<1x1x3xf32>, tensor<1x1x3xf32>)
  return %y_h : tensor<1x1x3xf32>
}

// -----

func.func @gru_result_shape(%x: tensor<2x1x4xf32>, %w: tensor<2x9x4xf32>, %r: tensor<2x9x3xf32>) -> tensor<1x1x3xf32> {
  // expected-error@+1 {{'nn.gru' op expected result 1 of shape 2x1x3, got 1x1x3}}
  %y, %y_h = nn.gru %x, %w, %r {direction = "bidirectional", hidden_size = 3 : i64, linear_before_reset = true} : (tensor<2x1x4xf32>, tensor<2x9x4xf32>, tensor<2x9x3xf32>) -> (tensor<2x2x1x3xf32>, tensor<1x1x3xf32>)
  return %y_h : tensor<1x1x3xf32>
}

// -----

func.func @lstm_result_element_type(%x: tensor<2x1x4xf32>, %w: tensor<1x12x4xf32>, %r: tensor<1x12x3xf32>) -> tensor<1x1x3xf16> {
  // expected-error@+1 {{'nn.lstm' op expected all results to have element type 'f32', got 'f16'}}
  %y, %y_h, %y_c = nn.lstm %x, %w, %r {direction = "forward", hidden_size = 3 : i64} : (tensor<2x1x4xf32>, tensor<1x12x4xf32>, tensor<1x12x3xf32>) -> (tensor<2x1x1x3xf32>, tensor<1x1x3xf32>, tensor<1x1x3xf16>)
  return %y_c : tensor<1x1x3xf16>
}

// -----

func.func @rnn_operand_element_type(%x: tensor<2x1x4xf32>, %w: tensor<1x3x4xf16>, %r: tensor<1x3x3xf32>) -> tensor<1x1x3xf32> {
  // expected-error@+1 {{'nn.rnn' op expected all operands to have element type 'f32', got 'f16'}}
  %y, %y_h = nn.rnn %x, %w, %r {direction = "forward", hidden_size = 3 : i64} : (tensor<2x1x4xf32>, tensor<1x3x4xf16>, tensor<1x3x3xf32>) -> (tensor<2x1x1x3xf32>, tensor<1x1x3xf32>)
  return %y_h : tensor<1x1x3xf32>
}

// -----

func.func @conv_channels_last_shape(%x: tensor<1x8x8x3xf32>, %w: tensor<3x3x3x4xf32>) -> tensor<1x4x8x8xf32> {
  // expected-error@+1 {{'nn.conv2d' op expected result shape 1x8x8x4, got 1x4x8x8}}
  %y = nn.conv2d %x, %w {channels_last, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, group = 1 : i64} : (tensor<1x8x8x3xf32>, tensor<3x3x3x4xf32>) -> tensor<1x4x8x8xf32>
  return %y : tensor<1x4x8x8xf32>
}

// -----

func.func @conv_channels_last_weight(%x: tensor<1x8x8x3xf32>, %w: tensor<3x3x2x4xf32>) -> tensor<1x8x8x4xf32> {
  // expected-error@+1 {{'nn.conv2d' op expected input channels (3) = weight dim 1 (2) * group (1)}}
  %y = nn.conv2d %x, %w {channels_last, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, group = 1 : i64} : (tensor<1x8x8x3xf32>, tensor<3x3x2x4xf32>) -> tensor<1x8x8x4xf32>
  return %y : tensor<1x8x8x4xf32>
}

// -----

func.func @conv_channels_last_rank(%x: tensor<8x8x3xf32>, %w: tensor<3x3x3x4xf32>) -> tensor<8x8x4xf32> {
  // expected-error@+1 {{'nn.conv2d' op 'channels_last' expects rank-4 input (NHWC) and weight (KH x KW x C/G x F)}}
  %y = nn.conv2d %x, %w {channels_last, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, group = 1 : i64} : (tensor<8x8x3xf32>, tensor<3x3x3x4xf32>) -> tensor<8x8x4xf32>
  return %y : tensor<8x8x4xf32>
}

// -----

func.func @pool_channels_last_shape(%x: tensor<1x8x8x3xf32>) -> tensor<1x3x4x4xf32> {
  // expected-error@+1 {{'nn.max_pool2d' op expected result shape 1x4x4x3, got 1x3x4x4}}
  %y = nn.max_pool2d %x {channels_last, kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, ceil_mode = false} : (tensor<1x8x8x3xf32>) -> tensor<1x3x4x4xf32>
  return %y : tensor<1x3x4x4xf32>
}

// -----

func.func @global_pool_channels_last_rank(%x: tensor<1x8x3xf32>) -> tensor<1x1x3xf32> {
  // expected-error@+1 {{'nn.global_avg_pool' op 'channels_last' expects a rank-4 input (NHWC), got rank 3}}
  %y = nn.global_avg_pool %x {channels_last} : (tensor<1x8x3xf32>) -> tensor<1x1x3xf32>
  return %y : tensor<1x1x3xf32>
}

// -----

func.func @pad_count(%x: tensor<2x3xf32>) -> tensor<2x5xf32> {
  // expected-error@+1 {{'nn.pad' op expected 4 pad amounts (begins then ends), got 2}}
  %y = nn.pad %x {mode = "constant", pads = array<i64: 1, 1>, value = 0.0 : f32} : (tensor<2x3xf32>) -> tensor<2x5xf32>
  return %y : tensor<2x5xf32>
}

// -----

func.func @pad_shape(%x: tensor<2x3xf32>) -> tensor<2x5xf32> {
  // expected-error@+1 {{'nn.pad' op expected result shape 2x6, got 2x5}}
  %y = nn.pad %x {mode = "edge", pads = array<i64: 0, 1, 0, 2>, value = 0.0 : f32} : (tensor<2x3xf32>) -> tensor<2x5xf32>
  return %y : tensor<2x5xf32>
}

// -----

func.func @pad_value_type(%x: tensor<2x3xf32>) -> tensor<2x5xf32> {
  // expected-error@+1 {{'nn.pad' op expected 'value' of the element type 'f32', got 'i32'}}
  %y = nn.pad %x {mode = "constant", pads = array<i64: 0, 1, 0, 1>, value = 0 : i32} : (tensor<2x3xf32>) -> tensor<2x5xf32>
  return %y : tensor<2x5xf32>
}

// -----

func.func @pad_mode(%x: tensor<2x3xf32>) -> tensor<2x5xf32> {
  // expected-error@+1 {{'nn.pad' op attribute 'mode' failed to satisfy constraint: string attribute one of constant, reflect, edge, wrap}}
  %y = nn.pad %x {mode = "symmetric", pads = array<i64: 0, 1, 0, 1>, value = 0.0 : f32} : (tensor<2x3xf32>) -> tensor<2x5xf32>
  return %y : tensor<2x5xf32>
}

// -----

func.func @pad_crop_all(%x: tensor<2x3xf32>) -> tensor<2x2xf32> {
  // expected-error@+1 {{'nn.pad' op pads -3 and 2 keep no element of dim 1 (size 3)}}
  %y = nn.pad %x {mode = "reflect", pads = array<i64: 0, -3, 0, 2>, value = 0.0 : f32} : (tensor<2x3xf32>) -> tensor<2x2xf32>
  return %y : tensor<2x2xf32>
}
