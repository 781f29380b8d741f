// RUN: nncc-opt %s --split-input-file --pass-pipeline="builtin.module(func.func(nncc-tile-parallel))" | FileCheck %s

// An elementwise op of 256K points splits its outer dim into 8 equal chunks
// of 32 rows (at least min-iterations / 2 = 32K points per chunk).
#id = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @generic_divisible
// CHECK: %[[R:.+]] = scf.forall (%[[I:.+]]) = (0) to (256) step (32) shared_outs(%[[O:.+]] = %{{.+}}) -> (tensor<256x1024xf32>)
// CHECK: tensor.extract_slice %{{.+}}[%[[I]], 0] [32, 1024] [1, 1] : tensor<256x1024xf32> to tensor<32x1024xf32>
// CHECK: linalg.generic
// CHECK-SAME: ins(%{{.+}} : tensor<32x1024xf32>)
// CHECK-SAME: attrs = {nncc.tiled}
// CHECK: tensor.parallel_insert_slice %{{.+}} into %[[O]][%[[I]], 0] [32, 1024] [1, 1]
// CHECK: return %[[R]]
func.func @generic_divisible(%a: tensor<256x1024xf32>) -> tensor<256x1024xf32> {
  %e = tensor.empty() : tensor<256x1024xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%a : tensor<256x1024xf32>) outs(%e : tensor<256x1024xf32>) {
  ^bb0(%x: f32, %o: f32):
    %s = arith.addf %x, %x : f32
    linalg.yield %s : f32
  } -> tensor<256x1024xf32>
  return %r : tensor<256x1024xf32>
}

// -----

// 400K points allow 12 chunks; 100 rows split into 10 equal chunks of 10
// (a divisor in [6, 12]).
#id = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @generic_equal_chunks
// CHECK: scf.forall (%{{.+}}) = (0) to (100) step (10)
// CHECK: linalg.generic {{.*}} ins(%{{.+}} : tensor<10x4096xf32>)
func.func @generic_equal_chunks(%a: tensor<100x4096xf32>) -> tensor<100x4096xf32> {
  %e = tensor.empty() : tensor<100x4096xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%a : tensor<100x4096xf32>) outs(%e : tensor<100x4096xf32>) {
  ^bb0(%x: f32, %o: f32):
    linalg.yield %x : f32
  } -> tensor<100x4096xf32>
  return %r : tensor<100x4096xf32>
}

// -----

// 97 rows (prime), 6 chunks allowed: chunks of ceil(97 / 6) = 17 rows, the
// last one has 12.
#id = affine_map<(d0, d1) -> (d0, d1)>
// CHECK: #[[MIN:.+]] = affine_map<(d0) -> (-d0 + 97, 17)>
// CHECK-LABEL: func.func @generic_uneven
// CHECK: scf.forall (%[[I:.+]]) = (0) to (97) step (17)
// CHECK: %[[N:.+]] = affine.min #[[MIN]](%[[I]])
// CHECK: tensor.extract_slice %{{.+}}[%[[I]], 0] [%[[N]], 2048] [1, 1] : tensor<97x2048xf32> to tensor<?x2048xf32>
func.func @generic_uneven(%a: tensor<97x2048xf32>) -> tensor<97x2048xf32> {
  %e = tensor.empty() : tensor<97x2048xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%a : tensor<97x2048xf32>) outs(%e : tensor<97x2048xf32>) {
  ^bb0(%x: f32, %o: f32):
    linalg.yield %x : f32
  } -> tensor<97x2048xf32>
  return %r : tensor<97x2048xf32>
}

// -----

// A matmul splits M (never K); 2M points allow the full 32 chunks.
// CHECK-LABEL: func.func @matmul
// CHECK: scf.forall (%{{.+}}) = (0) to (128) step (4)
// CHECK: linalg.matmul {nncc.tiled} ins(%{{.+}}, %{{.+}} : tensor<4x256xf32>, tensor<256x64xf32>) outs(%{{.+}} : tensor<4x64xf32>)
func.func @matmul(%a: tensor<128x256xf32>, %b: tensor<256x64xf32>, %c: tensor<128x64xf32>) -> tensor<128x64xf32> {
  %r = linalg.matmul ins(%a, %b : tensor<128x256xf32>, tensor<256x64xf32>) outs(%c : tensor<128x64xf32>) -> tensor<128x64xf32>
  return %r : tensor<128x64xf32>
}

// -----

// Reductions are never split: the outer dim is a reduction, so the
// parallel dim d1 is the one that is tiled. It is the innermost loop, so
// chunks keep at least 128 elements: 8 chunks of 128.
#in = affine_map<(d0, d1) -> (d0, d1)>
#out = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @reduction_outer
// CHECK: scf.forall (%[[J:.+]]) = (0) to (1024) step (128)
// CHECK: tensor.extract_slice %{{.+}}[0, %[[J]]] [512, 128] [1, 1]
// CHECK: linalg.generic {{.*}}iterator_types = ["reduction", "parallel"]
func.func @reduction_outer(%a: tensor<512x1024xf32>, %init: tensor<1024xf32>) -> tensor<1024xf32> {
  %r = linalg.generic {indexing_maps = [#in, #out], iterator_types = ["reduction", "parallel"]}
      ins(%a : tensor<512x1024xf32>) outs(%init : tensor<1024xf32>) {
  ^bb0(%x: f32, %acc: f32):
    %s = arith.addf %x, %acc : f32
    linalg.yield %s : f32
  } -> tensor<1024xf32>
  return %r : tensor<1024xf32>
}

// -----

// A reduction to a scalar has no parallel dim: unchanged.
#in = affine_map<(d0, d1) -> (d0, d1)>
#out = affine_map<(d0, d1) -> ()>
// CHECK-LABEL: func.func @reduction_only
// CHECK-NOT: scf.forall
// CHECK: linalg.generic
// CHECK-NOT: nncc.tiled
func.func @reduction_only(%a: tensor<1024x64xf32>, %init: tensor<f32>) -> tensor<f32> {
  %r = linalg.generic {indexing_maps = [#in, #out], iterator_types = ["reduction", "reduction"]}
      ins(%a : tensor<1024x64xf32>) outs(%init : tensor<f32>) {
  ^bb0(%x: f32, %acc: f32):
    %s = arith.addf %x, %acc : f32
    linalg.yield %s : f32
  } -> tensor<f32>
  return %r : tensor<f32>
}

// -----

// Outer dims of extent 1 (batch) are skipped: a generalized convolution
// (n, f, oh, c, kh, kw, ow) splits its output channels.
#inp = affine_map<(n, f, oh, c, kh, kw, ow) -> (n, c, oh + kh, ow + kw)>
#wgt = affine_map<(n, f, oh, c, kh, kw, ow) -> (f, c, kh, kw)>
#res = affine_map<(n, f, oh, c, kh, kw, ow) -> (n, f, oh, ow)>
// CHECK-LABEL: func.func @conv_generic
// CHECK: scf.forall (%[[F:.+]]) in (16)
// CHECK: tensor.extract_slice %{{.+}}[0, %[[F]], 0, 0] [1, 1, 30, 30] [1, 1, 1, 1]
func.func @conv_generic(%x: tensor<1x8x32x32xf32>, %w: tensor<16x8x3x3xf32>, %init: tensor<1x16x30x30xf32>) -> tensor<1x16x30x30xf32> {
  %r = linalg.generic {indexing_maps = [#inp, #wgt, #res],
      iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "reduction", "parallel"]}
      ins(%x, %w : tensor<1x8x32x32xf32>, tensor<16x8x3x3xf32>) outs(%init : tensor<1x16x30x30xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %acc, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x16x30x30xf32>
  return %r : tensor<1x16x30x30xf32>
}

// -----

// Named pooling ops tile too (here the channel dim; 128K points: 4 chunks).
// CHECK-LABEL: func.func @pooling
// CHECK: scf.forall (%{{.+}}) = (0) to (32) step (8)
// CHECK: linalg.pooling_nchw_max {{.*}}nncc.tiled
func.func @pooling(%x: tensor<1x32x64x64xf32>, %init: tensor<1x32x32x32xf32>) -> tensor<1x32x32x32xf32> {
  %k = tensor.empty() : tensor<2x2xf32>
  %r = linalg.pooling_nchw_max {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
      ins(%x, %k : tensor<1x32x64x64xf32>, tensor<2x2xf32>) outs(%init : tensor<1x32x32x32xf32>) -> tensor<1x32x32x32xf32>
  return %r : tensor<1x32x32x32xf32>
}

// -----

// A vector-matrix product (M = 1) can only split N, its innermost loop:
// 768 / 128 = 6 chunks of 128.
#x = affine_map<(m, k, n) -> (m, k)>
#w = affine_map<(m, k, n) -> (k, n)>
#y = affine_map<(m, k, n) -> (m, n)>
// CHECK-LABEL: func.func @vecmat_innermost
// CHECK: scf.forall (%[[N:.+]]) = (0) to (768) step (128)
// CHECK: tensor.extract_slice %{{.+}}[0, %[[N]]] [256, 128] [1, 1]
func.func @vecmat_innermost(%x: tensor<1x256xf32>, %w: tensor<256x768xf32>, %init: tensor<1x768xf32>) -> tensor<1x768xf32> {
  %r = linalg.generic {indexing_maps = [#x, #w, #y], iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%x, %w : tensor<1x256xf32>, tensor<256x768xf32>) outs(%init : tensor<1x768xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %acc, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x768xf32>
  return %r : tensor<1x768xf32>
}

// -----

// An innermost loop shorter than two chunks of 128 is not split.
#x = affine_map<(m, k, n) -> (m, k)>
#w = affine_map<(m, k, n) -> (k, n)>
#y = affine_map<(m, k, n) -> (m, n)>
// CHECK-LABEL: func.func @vecmat_short
// CHECK-NOT: scf.forall
func.func @vecmat_short(%x: tensor<1x4096xf32>, %w: tensor<4096x192xf32>, %init: tensor<1x192xf32>) -> tensor<1x192xf32> {
  %r = linalg.generic {indexing_maps = [#x, #w, #y], iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%x, %w : tensor<1x4096xf32>, tensor<4096x192xf32>) outs(%init : tensor<1x192xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %acc, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x192xf32>
  return %r : tensor<1x192xf32>
}

// -----

// Below the threshold (8 * 8 * 8 = 512 < 65536 iterations): unchanged.
// CHECK-LABEL: func.func @small
// CHECK-NOT: scf.forall
// CHECK: linalg.matmul ins
func.func @small(%a: tensor<8x8xf32>, %b: tensor<8x8xf32>, %c: tensor<8x8xf32>) -> tensor<8x8xf32> {
  %r = linalg.matmul ins(%a, %b : tensor<8x8xf32>, tensor<8x8xf32>) outs(%c : tensor<8x8xf32>) -> tensor<8x8xf32>
  return %r : tensor<8x8xf32>
}

// -----

// Ops marked nncc.tiled (tiled by another pass) are left alone.
// CHECK-LABEL: func.func @already_tiled
// CHECK-NOT: scf.forall
// CHECK: linalg.matmul {nncc.tiled}
func.func @already_tiled(%a: tensor<128x256xf32>, %b: tensor<256x64xf32>, %c: tensor<128x64xf32>) -> tensor<128x64xf32> {
  %r = linalg.matmul {nncc.tiled} ins(%a, %b : tensor<128x256xf32>, tensor<256x64xf32>) outs(%c : tensor<128x64xf32>) -> tensor<128x64xf32>
  return %r : tensor<128x64xf32>
}

// -----

// Ops inside an scf.forall are not split again.
// CHECK-LABEL: func.func @inside_forall
// CHECK: scf.forall
// CHECK-NOT: scf.forall
// CHECK: linalg.matmul ins
func.func @inside_forall(%a: tensor<128x256xf32>, %b: tensor<256x64xf32>, %c: tensor<2x128x64xf32>) -> tensor<2x128x64xf32> {
  %r = scf.forall (%i) in (2) shared_outs(%o = %c) -> (tensor<2x128x64xf32>) {
    %s = tensor.extract_slice %o[%i, 0, 0] [1, 128, 64] [1, 1, 1] : tensor<2x128x64xf32> to tensor<128x64xf32>
    %m = linalg.matmul ins(%a, %b : tensor<128x256xf32>, tensor<256x64xf32>) outs(%s : tensor<128x64xf32>) -> tensor<128x64xf32>
    scf.forall.in_parallel {
      tensor.parallel_insert_slice %m into %o[%i, 0, 0] [1, 128, 64] [1, 1, 1] : tensor<128x64xf32> into tensor<2x128x64xf32>
    }
  }
  return %r : tensor<2x128x64xf32>
}

// -----

// Ops on memrefs (already bufferized) are left alone.
// CHECK-LABEL: func.func @memref_op
// CHECK-NOT: scf.forall
func.func @memref_op(%a: memref<128x256xf32>, %b: memref<256x64xf32>, %c: memref<128x64xf32>) {
  linalg.matmul ins(%a, %b : memref<128x256xf32>, memref<256x64xf32>) outs(%c : memref<128x64xf32>)
  return
}
