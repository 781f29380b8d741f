// RUN: nncc-opt %s -split-input-file --pass-pipeline="builtin.module(func.func(nncc-winograd-convolutions{vector-bits=256 min-channels=8}))" | FileCheck %s
// RUN: nncc-opt %s -split-input-file --pass-pipeline="builtin.module(func.func(nncc-winograd-convolutions{vector-bits=256}))" | FileCheck %s --check-prefix=MIN
// RUN: not nncc-opt %s --pass-pipeline="builtin.module(func.func(nncc-winograd-convolutions{vector-bits=48}))" 2>&1 | FileCheck %s --check-prefix=BITS

// BITS: nncc-winograd-convolutions: vector-bits must be a positive multiple of 32

// A 3x3 stride-1 convolution with a per-channel bias: 2 x 2 tiles of 2x2
// outputs. (1) the input transform, one row of tiles per forall unit, 16
// vector reads of the 4x4 input block and 16 writes of V; (2) 16 1x1
// convolutions over a row of 4 tiles, on slices of the transformed weights
// (16 x 1 x C x F); (3) the output transform, which adds the bias vector.
// CHECK-LABEL: func.func @bias
// CHECK: %[[V:.+]] = scf.forall (%{{.+}}) in (2) shared_outs(%{{.+}} = %{{.+}}) -> (tensor<16x1x4x8xf32>)
// CHECK: scf.for
// CHECK: scf.for
// CHECK-COUNT-16: vector.transfer_read %arg0
// CHECK-COUNT-16: vector.transfer_write
// CHECK: tensor.parallel_insert_slice %{{.+}} into %{{.+}}[0, 0, %{{.+}}, 0] [16, 1, 2, 8]
// CHECK: %[[U:.+]] = arith.constant dense_resource<{{.+}}> : tensor<16x1x8x8xf32>
// CHECK: %[[M:.+]] = scf.forall (%[[K:.+]]) in (16) shared_outs(%{{.+}} = %{{.+}}) -> (tensor<16x1x4x8xf32>)
// CHECK: %[[VK:.+]] = tensor.extract_slice %[[V]][%[[K]], 0, 0, 0] [1, 1, 4, 8]
// CHECK: %[[UK:.+]] = tensor.extract_slice %[[U]][%[[K]], 0, 0, 0] [1, 1, 8, 8]
// CHECK: linalg.fill
// CHECK: linalg.conv_2d_nhwc_hwcf {{.*}} ins(%[[VK]], %[[UK]] : tensor<1x1x4x8xf32>, tensor<1x1x8x8xf32>)
// CHECK: scf.forall (%{{.+}}) in (2) shared_outs(%{{.+}} = %{{.+}}) -> (tensor<1x4x4x8xf32>)
// CHECK-COUNT-16: vector.transfer_read %[[M]]
// CHECK: vector.transfer_read %arg1
// CHECK-COUNT-4: vector.transfer_write
// CHECK: tensor.parallel_insert_slice %{{.+}} into %{{.+}}[0, %{{.+}}, 0, 0] [1, 2, 4, 8]
// CHECK-NOT: linalg.conv_2d_nhwc_hwcf
// CHECK: return
// Below the default min-channels (32) nothing changes.
// MIN-LABEL: func.func @bias
// MIN-NOT: scf.forall
// MIN: linalg.conv_2d_nhwc_hwcf
func.func @bias(%x: tensor<1x6x6x8xf32>, %b: tensor<8xf32>) -> tensor<1x4x4x8xf32> {
  %w = arith.constant dense<0.5> : tensor<3x3x8x8xf32>
  %e = tensor.empty() : tensor<1x4x4x8xf32>
  %init = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%b : tensor<8xf32>) outs(%e : tensor<1x4x4x8xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<1x4x4x8xf32>
  %r = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x6x6x8xf32>, tensor<3x3x8x8xf32>) outs(%init : tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32>
  return %r : tensor<1x4x4x8xf32>
}

// -----

// No bias (a zero fill): nothing is added after the output transform.
// CHECK-LABEL: func.func @zero
// CHECK: scf.forall (%{{.+}}) in (16)
// CHECK: scf.forall (%{{.+}}) in (3) shared_outs(%{{.+}} = %{{.+}}) -> (tensor<1x6x4x16xf32>)
// CHECK-COUNT-16: vector.transfer_read
// CHECK-NOT: vector.transfer_read
// CHECK-NOT: vector.broadcast
// CHECK: vector.transfer_write
func.func @zero(%x: tensor<1x8x6x8xf32>) -> tensor<1x6x4x16xf32> {
  %w = arith.constant dense<1.0> : tensor<3x3x8x16xf32>
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x6x4x16xf32>
  %init = linalg.fill ins(%z : f32) outs(%e : tensor<1x6x4x16xf32>) -> tensor<1x6x4x16xf32>
  %r = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x8x6x8xf32>, tensor<3x3x8x16xf32>) outs(%init : tensor<1x6x4x16xf32>) -> tensor<1x6x4x16xf32>
  return %r : tensor<1x6x4x16xf32>
}

// -----

// A non-zero fill is broadcast and added.
// CHECK-LABEL: func.func @scalar
// CHECK: scf.forall (%{{.+}}) in (16)
// CHECK: scf.forall
// CHECK: %[[S:.+]] = vector.broadcast %{{.+}} : f32 to vector<8xf32>
// CHECK: arith.addf %{{.+}}, %[[S]] : vector<8xf32>
func.func @scalar(%x: tensor<1x6x6x8xf32>) -> tensor<1x4x4x8xf32> {
  %w = arith.constant dense<1.0> : tensor<3x3x8x8xf32>
  %s = arith.constant 0.25 : f32
  %e = tensor.empty() : tensor<1x4x4x8xf32>
  %init = linalg.fill ins(%s : f32) outs(%e : tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32>
  %r = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x6x6x8xf32>, tensor<3x3x8x8xf32>) outs(%init : tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32>
  return %r : tensor<1x4x4x8xf32>
}

// -----

// Any other accumulator initialisation is read per output pixel.
// CHECK-LABEL: func.func @init_tensor
// CHECK: scf.forall (%{{.+}}) in (16)
// CHECK: scf.forall
// CHECK-COUNT-4: vector.transfer_read %arg1
func.func @init_tensor(%x: tensor<1x6x6x8xf32>, %init: tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32> {
  %w = arith.constant dense<1.0> : tensor<3x3x8x8xf32>
  %r = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x6x6x8xf32>, tensor<3x3x8x8xf32>) outs(%init : tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32>
  return %r : tensor<1x4x4x8xf32>
}

// -----

// A zero tensor.pad of the input is not materialised: the transform reads
// the pad's source, clamped, and selects zero in the border (the first
// tile's first row and column, the last tile's last). A pad of another
// value is read as it is.
// CHECK-LABEL: func.func @padded
// CHECK: scf.forall (%{{.+}}) in (2) shared_outs(%{{.+}} = %{{.+}}) -> (tensor<16x1x4x8xf32>)
// CHECK: arith.cmpi sge
// CHECK: arith.maxsi
// CHECK: %[[V:.+]] = vector.transfer_read %arg0[{{.*}} : tensor<1x4x4x8xf32>, vector<8xf32>
// CHECK: arith.select %{{.+}}, %[[V]], %{{.+}} : vector<8xf32>
// CHECK: arith.cmpi slt
// CHECK: arith.minsi
// CHECK: scf.forall (%{{.+}}) in (2) shared_outs(%{{.+}} = %{{.+}}) -> (tensor<16x1x4x8xf32>)
// CHECK-NOT: arith.select {{.*}} : vector<8xf32>
// CHECK: vector.transfer_read %[[P:.+]][{{.*}} : tensor<1x6x6x8xf32>, vector<8xf32>
func.func @padded(%x: tensor<1x4x4x8xf32>) -> (tensor<1x4x4x8xf32>, tensor<1x4x4x8xf32>) {
  %w = arith.constant dense<1.0> : tensor<3x3x8x8xf32>
  %z = arith.constant 0.0 : f32
  %one = arith.constant 1.0 : f32
  %p = tensor.pad %x low[0, 1, 1, 0] high[0, 1, 1, 0] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %z : f32
  } : tensor<1x4x4x8xf32> to tensor<1x6x6x8xf32>
  %p1 = tensor.pad %x low[0, 1, 1, 0] high[0, 1, 1, 0] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %one : f32
  } : tensor<1x4x4x8xf32> to tensor<1x6x6x8xf32>
  %e = tensor.empty() : tensor<1x4x4x8xf32>
  %init = linalg.fill ins(%z : f32) outs(%e : tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32>
  %r = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%p, %w : tensor<1x6x6x8xf32>, tensor<3x3x8x8xf32>) outs(%init : tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32>
  %r1 = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%p1, %w : tensor<1x6x6x8xf32>, tensor<3x3x8x8xf32>) outs(%init : tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32>
  return %r, %r1 : tensor<1x4x4x8xf32>, tensor<1x4x4x8xf32>
}

// -----

// An odd size (7 x 5): 4 x 3 tiles, the last row's and column's 4th input
// row and column clamped to the input's last (they feed only the dropped
// outputs), the 8 x 6 result cut back to 7 x 5.
// CHECK-LABEL: func.func @odd
// CHECK: scf.forall (%{{.+}}) in (4) shared_outs(%{{.+}} = %{{.+}}) -> (tensor<16x1x12x8xf32>)
// CHECK-DAG: arith.minsi %{{.+}}, %c8{{(_[0-9]+)?}} : index
// CHECK-DAG: arith.minsi %{{.+}}, %c6{{(_[0-9]+)?}} : index
// CHECK: scf.forall (%{{.+}}) in (16)
// CHECK: scf.forall (%{{.+}}) in (4) shared_outs(%{{.+}} = %{{.+}}) -> (tensor<1x8x6x8xf32>)
// CHECK: %[[Y:.+]] = tensor.extract_slice %{{.+}}[0, 0, 0, 0] [1, 7, 5, 8] [1, 1, 1, 1] : tensor<1x8x6x8xf32> to tensor<1x7x5x8xf32>
// CHECK: return %[[Y]]
func.func @odd(%x: tensor<1x9x7x8xf32>) -> tensor<1x7x5x8xf32> {
  %w = arith.constant dense<1.0> : tensor<3x3x8x8xf32>
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x7x5x8xf32>
  %init = linalg.fill ins(%z : f32) outs(%e : tensor<1x7x5x8xf32>) -> tensor<1x7x5x8xf32>
  %r = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x9x7x8xf32>, tensor<3x3x8x8xf32>) outs(%init : tensor<1x7x5x8xf32>) -> tensor<1x7x5x8xf32>
  return %r : tensor<1x7x5x8xf32>
}

// -----

// Left alone: strides, an odd output size below 5, dilation, weights that are not
// constants, channels that are not a multiple of the vector width, a 5x5
// kernel, a batch of 2.
// CHECK-LABEL: func.func @not_rewritten
// CHECK-NOT: scf.forall
// CHECK-COUNT-7: linalg.conv_2d_nhwc_hwcf
// CHECK-NOT: scf.forall
func.func @not_rewritten(%x: tensor<1x9x9x8xf32>, %wa: tensor<3x3x8x8xf32>, %x12: tensor<1x6x6x12xf32>, %x2: tensor<2x6x6x8xf32>) -> (tensor<1x4x4x8xf32>, tensor<1x3x7x8xf32>, tensor<1x5x5x8xf32>, tensor<1x4x4x8xf32>, tensor<1x4x4x12xf32>, tensor<1x5x5x8xf32>, tensor<2x4x4x8xf32>) {
  %w = arith.constant dense<1.0> : tensor<3x3x8x8xf32>
  %w12 = arith.constant dense<1.0> : tensor<3x3x12x12xf32>
  %w5 = arith.constant dense<1.0> : tensor<5x5x8x8xf32>
  %z = arith.constant 0.0 : f32
  %e4 = tensor.empty() : tensor<1x4x4x8xf32>
  %i4 = linalg.fill ins(%z : f32) outs(%e4 : tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32>
  %e7 = tensor.empty() : tensor<1x3x7x8xf32>
  %i7 = linalg.fill ins(%z : f32) outs(%e7 : tensor<1x3x7x8xf32>) -> tensor<1x3x7x8xf32>
  %e5 = tensor.empty() : tensor<1x5x5x8xf32>
  %i5 = linalg.fill ins(%z : f32) outs(%e5 : tensor<1x5x5x8xf32>) -> tensor<1x5x5x8xf32>
  %e12 = tensor.empty() : tensor<1x4x4x12xf32>
  %i12 = linalg.fill ins(%z : f32) outs(%e12 : tensor<1x4x4x12xf32>) -> tensor<1x4x4x12xf32>
  %eb = tensor.empty() : tensor<2x4x4x8xf32>
  %ib = linalg.fill ins(%z : f32) outs(%eb : tensor<2x4x4x8xf32>) -> tensor<2x4x4x8xf32>
  %strided = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%x, %w : tensor<1x9x9x8xf32>, tensor<3x3x8x8xf32>) outs(%i4 : tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32>
  %x5 = tensor.extract_slice %x[0, 0, 0, 0] [1, 5, 9, 8] [1, 1, 1, 1] : tensor<1x9x9x8xf32> to tensor<1x5x9x8xf32>
  %odd = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x5, %w : tensor<1x5x9x8xf32>, tensor<3x3x8x8xf32>) outs(%i7 : tensor<1x3x7x8xf32>) -> tensor<1x3x7x8xf32>
  %dilated = linalg.conv_2d_nhwc_hwcf {dilations = dense<2> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x9x9x8xf32>, tensor<3x3x8x8xf32>) outs(%i5 : tensor<1x5x5x8xf32>) -> tensor<1x5x5x8xf32>
  %x6 = tensor.extract_slice %x[0, 0, 0, 0] [1, 6, 6, 8] [1, 1, 1, 1] : tensor<1x9x9x8xf32> to tensor<1x6x6x8xf32>
  %arg = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x6, %wa : tensor<1x6x6x8xf32>, tensor<3x3x8x8xf32>) outs(%i4 : tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32>
  %c12 = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x12, %w12 : tensor<1x6x6x12xf32>, tensor<3x3x12x12xf32>) outs(%i12 : tensor<1x4x4x12xf32>) -> tensor<1x4x4x12xf32>
  %k5 = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w5 : tensor<1x9x9x8xf32>, tensor<5x5x8x8xf32>) outs(%i5 : tensor<1x5x5x8xf32>) -> tensor<1x5x5x8xf32>
  %batch = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x2, %w : tensor<2x6x6x8xf32>, tensor<3x3x8x8xf32>) outs(%ib : tensor<2x4x4x8xf32>) -> tensor<2x4x4x8xf32>
  return %strided, %odd, %dilated, %arg, %c12, %k5, %batch : tensor<1x4x4x8xf32>, tensor<1x3x7x8xf32>, tensor<1x5x5x8xf32>, tensor<1x4x4x8xf32>, tensor<1x4x4x12xf32>, tensor<1x5x5x8xf32>, tensor<2x4x4x8xf32>
}

// -----

// The convolution's only consumer, elementwise over its shape (here a
// residual add with a per-channel scale and a Relu), runs on the output
// transform's vectors: the residual is read at each output pixel, the scale
// at the channel, the constant broadcast; the consumer is gone.
// CHECK-LABEL: func.func @epilogue
// CHECK: scf.forall (%{{.+}}) in (16)
// CHECK: scf.forall (%{{.+}}) in (2) shared_outs(%{{.+}} = %{{.+}}) -> (tensor<1x4x4x8xf32>)
// CHECK-COUNT-16: vector.transfer_read
// CHECK: %[[R:.+]] = vector.transfer_read %arg1[%c0, {{.*}} : tensor<1x4x4x8xf32>, vector<8xf32>
// CHECK: %[[S:.+]] = vector.transfer_read %arg2[%{{.+}}], {{.*}} : tensor<8xf32>, vector<8xf32>
// CHECK: %[[M:.+]] = arith.mulf %[[R]], %[[S]] : vector<8xf32>
// CHECK: %[[A:.+]] = arith.addf %{{.+}}, %[[M]] : vector<8xf32>
// CHECK: %[[Z:.+]] = vector.broadcast %{{.+}} : f32 to vector<8xf32>
// CHECK: %[[C:.+]] = arith.cmpf olt, %[[A]], %[[Z]] : vector<8xf32>
// CHECK: %[[V:.+]] = arith.select %[[C]], %[[Z]], %[[A]] : vector<8xi1>, vector<8xf32>
// CHECK: vector.transfer_write %[[V]]
// CHECK-NOT: linalg.generic
// CHECK: return
func.func @epilogue(%x: tensor<1x6x6x8xf32>, %res: tensor<1x4x4x8xf32>, %scale: tensor<8xf32>) -> tensor<1x4x4x8xf32> {
  %w = arith.constant dense<1.0> : tensor<3x3x8x8xf32>
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x4x4x8xf32>
  %init = linalg.fill ins(%z : f32) outs(%e : tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32>
  %r = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x6x6x8xf32>, tensor<3x3x8x8xf32>) outs(%init : tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32>
  %y = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%r, %res, %scale : tensor<1x4x4x8xf32>, tensor<1x4x4x8xf32>, tensor<8xf32>) outs(%e : tensor<1x4x4x8xf32>) {
  ^bb0(%c: f32, %q: f32, %s: f32, %out: f32):
    %m = arith.mulf %q, %s : f32
    %a = arith.addf %c, %m : f32
    %lt = arith.cmpf olt, %a, %z : f32
    %v = arith.select %lt, %z, %a : f32
    linalg.yield %v : f32
  } -> tensor<1x4x4x8xf32>
  return %y : tensor<1x4x4x8xf32>
}

// -----

// Consumers that stay: one that reads its output operand (an accumulation),
// and one of a convolution with a second use.
// CHECK-LABEL: func.func @no_epilogue
// CHECK: scf.forall (%{{.+}}) in (16)
// CHECK: %[[Y1:.+]] = scf.forall (%{{.+}}) in (2)
// CHECK: linalg.generic {{.*}} ins(%[[Y1]] : tensor<1x4x4x8xf32>) outs(%arg1 : tensor<1x4x4x8xf32>)
// CHECK: scf.forall (%{{.+}}) in (16)
// CHECK: %[[Y2:.+]] = scf.forall (%{{.+}}) in (2)
// CHECK: linalg.generic {{.*}} ins(%[[Y2]] : tensor<1x4x4x8xf32>)
// CHECK: return %{{.+}}, %{{.+}}, %[[Y2]]
func.func @no_epilogue(%x: tensor<1x6x6x8xf32>, %acc: tensor<1x4x4x8xf32>) -> (tensor<1x4x4x8xf32>, tensor<1x4x4x8xf32>, tensor<1x4x4x8xf32>) {
  %w = arith.constant dense<1.0> : tensor<3x3x8x8xf32>
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x4x4x8xf32>
  %init = linalg.fill ins(%z : f32) outs(%e : tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32>
  %r = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x6x6x8xf32>, tensor<3x3x8x8xf32>) outs(%init : tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32>
  %y = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%r : tensor<1x4x4x8xf32>) outs(%acc : tensor<1x4x4x8xf32>) {
  ^bb0(%c: f32, %out: f32):
    %a = arith.addf %c, %out : f32
    linalg.yield %a : f32
  } -> tensor<1x4x4x8xf32>
  %r2 = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x6x6x8xf32>, tensor<3x3x8x8xf32>) outs(%init : tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32>
  %y2 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%r2 : tensor<1x4x4x8xf32>) outs(%e : tensor<1x4x4x8xf32>) {
  ^bb0(%c: f32, %out: f32):
    %lt = arith.cmpf olt, %c, %z : f32
    %v = arith.select %lt, %z, %c : f32
    linalg.yield %v : f32
  } -> tensor<1x4x4x8xf32>
  return %y, %y2, %r2 : tensor<1x4x4x8xf32>, tensor<1x4x4x8xf32>, tensor<1x4x4x8xf32>
}
