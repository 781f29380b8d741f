// RUN: nncc-opt %s --split-input-file --pass-pipeline="builtin.module(func.func(nncc-tile-parallel{min-iterations=16 max-chunks=4}))" | FileCheck %s
// RUN: not nncc-opt %s --pass-pipeline="builtin.module(func.func(nncc-tile-parallel{max-chunks=0}))" 2>&1 | FileCheck %s --check-prefix=BAD

// BAD: error: nncc-tile-parallel: min-iterations and max-chunks must be >= 1, got 65536 and 0

// With a lower threshold a small op is split, into at most max-chunks chunks.
// CHECK-LABEL: func.func @small
// CHECK: scf.forall (%{{.+}}) = (0) to (8) step (2)
// CHECK: linalg.matmul {nncc.tiled} ins(%{{.+}}, %{{.+}} : tensor<2x8xf32>, tensor<8x8xf32>)
func.func @small(%a: tensor<8x8xf32>, %b: tensor<8x8xf32>, %c: tensor<8x8xf32>) -> tensor<8x8xf32> {
  %r = linalg.matmul ins(%a, %b : tensor<8x8xf32>, tensor<8x8xf32>) outs(%c : tensor<8x8xf32>) -> tensor<8x8xf32>
  return %r : tensor<8x8xf32>
}

// -----

// Still below the threshold.
// CHECK-LABEL: func.func @tiny
// CHECK-NOT: scf.forall
func.func @tiny(%a: tensor<2x2xf32>, %b: tensor<2x2xf32>, %c: tensor<2x2xf32>) -> tensor<2x2xf32> {
  %r = linalg.matmul ins(%a, %b : tensor<2x2xf32>, tensor<2x2xf32>) outs(%c : tensor<2x2xf32>) -> tensor<2x2xf32>
  return %r : tensor<2x2xf32>
}
