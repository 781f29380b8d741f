// RUN: nncc-opt %s -split-input-file --pass-pipeline="builtin.module(func.func(nn-convert-layout),canonicalize)" | FileCheck %s

// A fully connected layer (Gemm with a constant B) becomes a 1x1
// channels-last convolution over a row of M pixels. N = 72 is not a multiple
// of 32: B and the bias gain zero columns up to 96, which are sliced off.
// CHECK-LABEL: func.func @fc_padded
// CHECK-SAME: (%[[A:.+]]: tensor<3x2xf32>)
// CHECK-DAG: %[[B:.+]] = nn.constant dense_resource<[[BR:padded.z_1]]> : tensor<96xf32>
// CHECK-DAG: %[[W:.+]] = nn.constant dense_resource<[[WR:padded.z]]> : tensor<1x1x2x96xf32>
// CHECK: %[[X:.+]] = nn.reshape %[[A]] : tensor<3x2xf32> -> tensor<1x1x3x2xf32>
// CHECK: %[[C:.+]] = nn.conv2d %[[X]], %[[W]], %[[B]] {{.*}}channels_last{{.*}} : (tensor<1x1x3x2xf32>, tensor<1x1x2x96xf32>, tensor<96xf32>) -> tensor<1x1x3x96xf32>
// CHECK: %[[R:.+]] = nn.reshape %[[C]] : tensor<1x1x3x96xf32> -> tensor<3x96xf32>
// CHECK: %[[Y:.+]] = nn.slice %[[R]] {offsets = array<i64: 0, 0>, sizes = array<i64: 3, 72>, strides = array<i64: 1, 1>} : (tensor<3x96xf32>) -> tensor<3x72xf32>
// CHECK: return %[[Y]]
// The data: 0..71 then 24 zeros (bias); rows 0..71 and 100..171 of B, each
// followed by 24 zeros (weights).
// CHECK-DAG: [[BR]]: "0x40000000000000000000803F{{[0-9A-F]*}}00008E42000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
// CHECK-DAG: [[WR]]: "0x40000000000000000000803F{{[0-9A-F]*}}00008E420000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000C842{{[0-9A-F]*}}00002B43000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
func.func @fc_padded(%a: tensor<3x2xf32>) -> tensor<3x72xf32> {
  %b = nn.constant dense<[[0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0, 13.0, 14.0, 15.0, 16.0, 17.0, 18.0, 19.0, 20.0, 21.0, 22.0, 23.0, 24.0, 25.0, 26.0, 27.0, 28.0, 29.0, 30.0, 31.0, 32.0, 33.0, 34.0, 35.0, 36.0, 37.0, 38.0, 39.0, 40.0, 41.0, 42.0, 43.0, 44.0, 45.0, 46.0, 47.0, 48.0, 49.0, 50.0, 51.0, 52.0, 53.0, 54.0, 55.0, 56.0, 57.0, 58.0, 59.0, 60.0, 61.0, 62.0, 63.0, 64.0, 65.0, 66.0, 67.0, 68.0, 69.0, 70.0, 71.0], [100.0, 101.0, 102.0, 103.0, 104.0, 105.0, 106.0, 107.0, 108.0, 109.0, 110.0, 111.0, 112.0, 113.0, 114.0, 115.0, 116.0, 117.0, 118.0, 119.0, 120.0, 121.0, 122.0, 123.0, 124.0, 125.0, 126.0, 127.0, 128.0, 129.0, 130.0, 131.0, 132.0, 133.0, 134.0, 135.0, 136.0, 137.0, 138.0, 139.0, 140.0, 141.0, 142.0, 143.0, 144.0, 145.0, 146.0, 147.0, 148.0, 149.0, 150.0, 151.0, 152.0, 153.0, 154.0, 155.0, 156.0, 157.0, 158.0, 159.0, 160.0, 161.0, 162.0, 163.0, 164.0, 165.0, 166.0, 167.0, 168.0, 169.0, 170.0, 171.0]]> : tensor<2x72xf32>
  %c = nn.constant dense<[0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0, 13.0, 14.0, 15.0, 16.0, 17.0, 18.0, 19.0, 20.0, 21.0, 22.0, 23.0, 24.0, 25.0, 26.0, 27.0, 28.0, 29.0, 30.0, 31.0, 32.0, 33.0, 34.0, 35.0, 36.0, 37.0, 38.0, 39.0, 40.0, 41.0, 42.0, 43.0, 44.0, 45.0, 46.0, 47.0, 48.0, 49.0, 50.0, 51.0, 52.0, 53.0, 54.0, 55.0, 56.0, 57.0, 58.0, 59.0, 60.0, 61.0, 62.0, 63.0, 64.0, 65.0, 66.0, 67.0, 68.0, 69.0, 70.0, 71.0]> : tensor<72xf32>
  %y = nn.gemm %a, %b, %c {alpha = 1.0 : f32, beta = 1.0 : f32, trans_a = false, trans_b = false} : (tensor<3x2xf32>, tensor<2x72xf32>, tensor<72xf32>) -> tensor<3x72xf32>
  return %y : tensor<3x72xf32>
}

// -----

// N = 8 needs no padding; B given transposed (N x K) is laid out K x N, and
// a 1 x N bias becomes the conv's N-element bias.
// CHECK-LABEL: func.func @fc_transposed
// CHECK-DAG: %[[W:.+]] = nn.constant dense<{{\[\[\[\[}}1.000000e+00, 3.000000e+00{{.*}}> : tensor<1x1x2x8xf32>
// CHECK-DAG: %[[B:.+]] = nn.constant dense<5.000000e-01> : tensor<8xf32>
// CHECK: %[[C:.+]] = nn.conv2d %{{.+}}, %[[W]], %[[B]] {{.*}} : (tensor<1x1x1x2xf32>, tensor<1x1x2x8xf32>, tensor<8xf32>) -> tensor<1x1x1x8xf32>
// CHECK-NOT: nn.gemm
// CHECK-NOT: nn.slice
func.func @fc_transposed(%a: tensor<1x2xf32>) -> tensor<1x8xf32> {
  %b = nn.constant dense<[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0], [7.0, 8.0], [9.0, 10.0], [11.0, 12.0], [13.0, 14.0], [15.0, 16.0]]> : tensor<8x2xf32>
  %c = nn.constant dense<0.5> : tensor<1x8xf32>
  %y = nn.gemm %a, %b, %c {alpha = 1.0 : f32, beta = 1.0 : f32, trans_a = false, trans_b = true} : (tensor<1x2xf32>, tensor<8x2xf32>, tensor<1x8xf32>) -> tensor<1x8xf32>
  return %y : tensor<1x8xf32>
}

// -----

// Not a convolution: B is not a constant, alpha != 1, A transposed, or C
// varies along M. These stay nn.gemm.
// CHECK-LABEL: func.func @not_fc
// CHECK-COUNT-4: nn.gemm
// CHECK-NOT: nn.conv2d
func.func @not_fc(%a: tensor<2x4xf32>, %b: tensor<4x8xf32>, %at: tensor<4x2xf32>) -> (tensor<2x8xf32>, tensor<2x8xf32>, tensor<2x8xf32>, tensor<2x8xf32>) {
  %w = nn.constant dense<[[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0], [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0], [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0], [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0]]> : tensor<4x8xf32>
  %cm = nn.constant dense<[[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0], [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]]> : tensor<2x8xf32>
  %0 = nn.gemm %a, %b {alpha = 1.0 : f32, beta = 1.0 : f32, trans_a = false, trans_b = false} : (tensor<2x4xf32>, tensor<4x8xf32>) -> tensor<2x8xf32>
  %1 = nn.gemm %a, %w {alpha = 2.0 : f32, beta = 1.0 : f32, trans_a = false, trans_b = false} : (tensor<2x4xf32>, tensor<4x8xf32>) -> tensor<2x8xf32>
  %2 = nn.gemm %at, %w {alpha = 1.0 : f32, beta = 1.0 : f32, trans_a = true, trans_b = false} : (tensor<4x2xf32>, tensor<4x8xf32>) -> tensor<2x8xf32>
  %3 = nn.gemm %a, %w, %cm {alpha = 1.0 : f32, beta = 1.0 : f32, trans_a = false, trans_b = false} : (tensor<2x4xf32>, tensor<4x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
  return %0, %1, %2, %3 : tensor<2x8xf32>, tensor<2x8xf32>, tensor<2x8xf32>, tensor<2x8xf32>
}
