// RUN: nncc-opt %s -split-input-file --pass-pipeline="builtin.module(func.func(nn-band-depthwise{min-expanded-bytes=0 band-bytes=800}))" | FileCheck %s
// RUN: nncc-opt %s -split-input-file --pass-pipeline="builtin.module(func.func(nn-band-depthwise{min-expanded-bytes=0 band-bytes=1}))" | FileCheck %s --check-prefix=MAX
// RUN: nncc-opt %s -split-input-file --pass-pipeline="builtin.module(func.func(nn-band-depthwise))" | FileCheck %s --check-prefix=SMALL

// A 1x1 expand, its Relu, a 3x3 depthwise conv and its Max split into bands
// of 2 output rows: one expanded row is 6 x 8 floats (192 bytes) and a band
// of 2 rows reads 4 (768 <= 800 bytes). The first band pads its top, the
// last its bottom; the middle band needs rows 1..4 of the input.
// CHECK-LABEL: func.func @inverted_residual
// CHECK-SAME: (%[[X:.+]]: tensor<1x6x6x4xf32>)
// CHECK: %[[X0:.+]] = nn.slice %[[X]] {offsets = array<i64: 0, 0, 0, 0>, sizes = array<i64: 1, 3, 6, 4>, {{.*}}} : (tensor<1x6x6x4xf32>) -> tensor<1x3x6x4xf32>
// CHECK: %[[E0:.+]] = nn.conv2d %[[X0]], %{{.+}}, %{{.+}} {channels_last, {{.*}}} : (tensor<1x3x6x4xf32>, tensor<1x1x4x8xf32>, tensor<8xf32>) -> tensor<1x3x6x8xf32>
// CHECK: %[[R0:.+]] = nn.relu %[[E0]] : tensor<1x3x6x8xf32>
// CHECK: %[[D0:.+]] = nn.conv2d %[[R0]], %{{.+}} {channels_last, dilations = array<i64: 1, 1>, group = 8 : i64, pads = array<i64: 1, 1, 0, 1>, strides = array<i64: 1, 1>} : (tensor<1x3x6x8xf32>, tensor<3x3x1x8xf32>) -> tensor<1x2x6x8xf32>
// CHECK: %[[M0:.+]] = nn.max %[[D0]], %{{.+}} : tensor<1x2x6x8xf32>, tensor<1x1x1x1xf32> -> tensor<1x2x6x8xf32>
// CHECK: nn.slice %[[X]] {offsets = array<i64: 0, 1, 0, 0>, sizes = array<i64: 1, 4, 6, 4>, {{.*}}}
// CHECK: nn.conv2d {{.*}} -> tensor<1x4x6x8xf32>
// CHECK: nn.relu
// CHECK: nn.conv2d {{.*}}pads = array<i64: 0, 1, 0, 1>{{.*}} -> tensor<1x2x6x8xf32>
// CHECK: %[[M1:.+]] = nn.max
// CHECK: nn.slice %[[X]] {offsets = array<i64: 0, 3, 0, 0>, sizes = array<i64: 1, 3, 6, 4>, {{.*}}}
// CHECK: nn.conv2d {{.*}} -> tensor<1x3x6x8xf32>
// CHECK: nn.relu
// CHECK: nn.conv2d {{.*}}pads = array<i64: 0, 1, 1, 1>{{.*}} -> tensor<1x2x6x8xf32>
// CHECK: %[[M2:.+]] = nn.max
// CHECK: %[[Y:.+]] = nn.concat %[[M0]], %[[M1]], %[[M2]] {axis = 1 : i64} : (tensor<1x2x6x8xf32>, tensor<1x2x6x8xf32>, tensor<1x2x6x8xf32>) -> tensor<1x6x6x8xf32>
// CHECK: return %[[Y]]
// Below the default size threshold (1 MiB of expanded rows) nothing changes.
// SMALL-LABEL: func.func @inverted_residual
// SMALL-NOT: nn.slice
// SMALL-NOT: nn.concat
func.func @inverted_residual(%x: tensor<1x6x6x4xf32>) -> tensor<1x6x6x8xf32> {
  %w1 = nn.constant dense<0.5> : tensor<1x1x4x8xf32>
  %b1 = nn.constant dense<0.25> : tensor<8xf32>
  %w2 = nn.constant dense<1.0> : tensor<3x3x1x8xf32>
  %z = nn.constant dense<0.0> : tensor<1x1x1x1xf32>
  %e = nn.conv2d %x, %w1, %b1 {channels_last, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 1 : i64} : (tensor<1x6x6x4xf32>, tensor<1x1x4x8xf32>, tensor<8xf32>) -> tensor<1x6x6x8xf32>
  %r = nn.relu %e : tensor<1x6x6x8xf32>
  %d = nn.conv2d %r, %w2 {channels_last, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, group = 8 : i64} : (tensor<1x6x6x8xf32>, tensor<3x3x1x8xf32>) -> tensor<1x6x6x8xf32>
  %m = nn.max %d, %z : tensor<1x6x6x8xf32>, tensor<1x1x1x1xf32> -> tensor<1x6x6x8xf32>
  return %m : tensor<1x6x6x8xf32>
}

// -----

// Stride 2: a band of 2 output rows would read 5 input rows (960 bytes), so
// each band has 1 output row: row 0 reads input rows -1..1 (top padded),
// row 1 rows 1..3, row 2 rows 3..5 (the bottom padding is never read).
// CHECK-LABEL: func.func @strided
// CHECK: nn.slice %{{.+}} {offsets = array<i64: 0, 0, 0, 0>, sizes = array<i64: 1, 2, 6, 4>, {{.*}}}
// CHECK: nn.conv2d {{.*}}pads = array<i64: 1, 1, 0, 1>, strides = array<i64: 2, 2>{{.*}} -> tensor<1x1x3x8xf32>
// CHECK: nn.slice %{{.+}} {offsets = array<i64: 0, 1, 0, 0>, sizes = array<i64: 1, 3, 6, 4>, {{.*}}}
// CHECK: nn.conv2d {{.*}}pads = array<i64: 0, 1, 0, 1>, strides = array<i64: 2, 2>{{.*}} -> tensor<1x1x3x8xf32>
// CHECK: nn.slice %{{.+}} {offsets = array<i64: 0, 3, 0, 0>, sizes = array<i64: 1, 3, 6, 4>, {{.*}}}
// CHECK: nn.conv2d {{.*}}pads = array<i64: 0, 1, 0, 1>, strides = array<i64: 2, 2>{{.*}} -> tensor<1x1x3x8xf32>
// CHECK: nn.concat {{.*}} -> tensor<1x3x3x8xf32>
func.func @strided(%x: tensor<1x6x6x4xf32>) -> tensor<1x3x3x8xf32> {
  %w1 = nn.constant dense<0.5> : tensor<1x1x4x8xf32>
  %w2 = nn.constant dense<1.0> : tensor<3x3x1x8xf32>
  %e = nn.conv2d %x, %w1 {channels_last, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 1 : i64} : (tensor<1x6x6x4xf32>, tensor<1x1x4x8xf32>) -> tensor<1x6x6x8xf32>
  %d = nn.conv2d %e, %w2 {channels_last, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, group = 8 : i64} : (tensor<1x6x6x8xf32>, tensor<3x3x1x8xf32>) -> tensor<1x3x3x8xf32>
  return %d : tensor<1x3x3x8xf32>
}

// -----

// Left alone: the expanded tensor has a second user; the producer is a 3x3
// convolution; a batch of 2; a grouped (not depthwise) convolution.
// CHECK-LABEL: func.func @not_banded
// CHECK-NOT: nn.slice
// CHECK-NOT: nn.concat
// CHECK: return
func.func @not_banded(%x: tensor<1x6x6x4xf32>, %x2: tensor<2x6x6x4xf32>) -> (tensor<1x6x6x8xf32>, tensor<1x6x6x8xf32>, tensor<1x6x6x8xf32>, tensor<2x6x6x8xf32>, tensor<1x6x6x8xf32>) {
  %w1 = nn.constant dense<0.5> : tensor<1x1x4x8xf32>
  %w3 = nn.constant dense<0.5> : tensor<3x3x4x8xf32>
  %w2 = nn.constant dense<1.0> : tensor<3x3x1x8xf32>
  %wg = nn.constant dense<1.0> : tensor<3x3x4x8xf32>
  %e = nn.conv2d %x, %w1 {channels_last, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 1 : i64} : (tensor<1x6x6x4xf32>, tensor<1x1x4x8xf32>) -> tensor<1x6x6x8xf32>
  %d = nn.conv2d %e, %w2 {channels_last, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, group = 8 : i64} : (tensor<1x6x6x8xf32>, tensor<3x3x1x8xf32>) -> tensor<1x6x6x8xf32>
  %e3 = nn.conv2d %x, %w3 {channels_last, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, group = 1 : i64} : (tensor<1x6x6x4xf32>, tensor<3x3x4x8xf32>) -> tensor<1x6x6x8xf32>
  %d3 = nn.conv2d %e3, %w2 {channels_last, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, group = 8 : i64} : (tensor<1x6x6x8xf32>, tensor<3x3x1x8xf32>) -> tensor<1x6x6x8xf32>
  %eb = nn.conv2d %x2, %w1 {channels_last, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 1 : i64} : (tensor<2x6x6x4xf32>, tensor<1x1x4x8xf32>) -> tensor<2x6x6x8xf32>
  %db = nn.conv2d %eb, %w2 {channels_last, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, group = 8 : i64} : (tensor<2x6x6x8xf32>, tensor<3x3x1x8xf32>) -> tensor<2x6x6x8xf32>
  %eg = nn.conv2d %x, %w1 {channels_last, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 1 : i64} : (tensor<1x6x6x4xf32>, tensor<1x1x4x8xf32>) -> tensor<1x6x6x8xf32>
  %dg = nn.conv2d %eg, %wg {channels_last, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, group = 2 : i64} : (tensor<1x6x6x8xf32>, tensor<3x3x4x8xf32>) -> tensor<1x6x6x8xf32>
  return %d, %e, %d3, %db, %dg : tensor<1x6x6x8xf32>, tensor<1x6x6x8xf32>, tensor<1x6x6x8xf32>, tensor<2x6x6x8xf32>, tensor<1x6x6x8xf32>
}

// -----

// The 1x1 projection after the depthwise conv and the residual Add of the
// block's input join the bands: each band adds its own rows of %x, and the
// bands' sums are concatenated.
// CHECK-LABEL: func.func @projection
// CHECK-SAME: (%[[X:.+]]: tensor<1x6x6x4xf32>)
// CHECK: nn.slice %[[X]] {offsets = array<i64: 0, 0, 0, 0>, sizes = array<i64: 1, 3, 6, 4>, {{.*}}}
// CHECK: nn.conv2d {{.*}} -> tensor<1x3x6x8xf32>
// CHECK: %[[D0:.+]] = nn.conv2d {{.*}}group = 8 : i64{{.*}} -> tensor<1x2x6x8xf32>
// CHECK: %[[P0:.+]] = nn.conv2d %[[D0]], %{{.+}}, %{{.+}} {channels_last, {{.*}}} : (tensor<1x2x6x8xf32>, tensor<1x1x8x4xf32>, tensor<4xf32>) -> tensor<1x2x6x4xf32>
// CHECK: %[[R0:.+]] = nn.slice %[[X]] {offsets = array<i64: 0, 0, 0, 0>, sizes = array<i64: 1, 2, 6, 4>, {{.*}}}
// CHECK: %[[A0:.+]] = nn.add %[[P0]], %[[R0]] : tensor<1x2x6x4xf32>, tensor<1x2x6x4xf32> -> tensor<1x2x6x4xf32>
// CHECK: nn.slice %[[X]] {offsets = array<i64: 0, 1, 0, 0>, sizes = array<i64: 1, 4, 6, 4>, {{.*}}}
// CHECK: %[[R1:.+]] = nn.slice %[[X]] {offsets = array<i64: 0, 2, 0, 0>, sizes = array<i64: 1, 2, 6, 4>, {{.*}}}
// CHECK: %[[A1:.+]] = nn.add %{{.+}}, %[[R1]]
// CHECK: %[[R2:.+]] = nn.slice %[[X]] {offsets = array<i64: 0, 4, 0, 0>, sizes = array<i64: 1, 2, 6, 4>, {{.*}}}
// CHECK: %[[A2:.+]] = nn.add %{{.+}}, %[[R2]]
// CHECK: %[[Y:.+]] = nn.concat %[[A0]], %[[A1]], %[[A2]] {axis = 1 : i64} : {{.*}} -> tensor<1x6x6x4xf32>
// CHECK: return %[[Y]]
func.func @projection(%x: tensor<1x6x6x4xf32>) -> tensor<1x6x6x4xf32> {
  %w1 = nn.constant dense<0.5> : tensor<1x1x4x8xf32>
  %w2 = nn.constant dense<1.0> : tensor<3x3x1x8xf32>
  %w3 = nn.constant dense<0.5> : tensor<1x1x8x4xf32>
  %b3 = nn.constant dense<0.5> : tensor<4xf32>
  %e = nn.conv2d %x, %w1 {channels_last, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 1 : i64} : (tensor<1x6x6x4xf32>, tensor<1x1x4x8xf32>) -> tensor<1x6x6x8xf32>
  %d = nn.conv2d %e, %w2 {channels_last, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, group = 8 : i64} : (tensor<1x6x6x8xf32>, tensor<3x3x1x8xf32>) -> tensor<1x6x6x8xf32>
  %p = nn.conv2d %d, %w3, %b3 {channels_last, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 1 : i64} : (tensor<1x6x6x8xf32>, tensor<1x1x8x4xf32>, tensor<4xf32>) -> tensor<1x6x6x4xf32>
  %y = nn.add %p, %x : tensor<1x6x6x4xf32>, tensor<1x6x6x4xf32> -> tensor<1x6x6x4xf32>
  return %y : tensor<1x6x6x4xf32>
}

// -----

// At most 32 bands: with band-bytes=1 every band would be one output row
// (66 bands); instead there are 22 bands of 3 rows.
// MAX-LABEL: func.func @max_bands
// MAX-COUNT-22: nn.conv2d {{.*}}group = 4 : i64{{.*}} -> tensor<1x3x4x4xf32>
// MAX-NOT: group = 4
// MAX: nn.concat {{.*}} -> tensor<1x66x4x4xf32>
func.func @max_bands(%x: tensor<1x66x4x2xf32>) -> tensor<1x66x4x4xf32> {
  %w1 = nn.constant dense<0.5> : tensor<1x1x2x4xf32>
  %w2 = nn.constant dense<1.0> : tensor<3x3x1x4xf32>
  %e = nn.conv2d %x, %w1 {channels_last, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 1 : i64} : (tensor<1x66x4x2xf32>, tensor<1x1x2x4xf32>) -> tensor<1x66x4x4xf32>
  %d = nn.conv2d %e, %w2 {channels_last, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, group = 4 : i64} : (tensor<1x66x4x4xf32>, tensor<3x3x1x4xf32>) -> tensor<1x66x4x4xf32>
  return %d : tensor<1x66x4x4xf32>
}
