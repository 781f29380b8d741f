// RUN: nncc-opt %s --nncc-to-linalg | nncc-opt --one-shot-bufferize="bufferize-function-boundaries=1 function-boundary-type-conversion=identity-layout-map" | FileCheck %s
// The time loops of the recurrent lowering bufferize in place: h, c and the
// gate accumulators are updated in buffers allocated once, before the loops
// (an iter_arg written by linalg.map keeps its buffer through the elementwise
// fusion that nncc-to-linalg runs). The only copy per step is h into Y[t].

// CHECK-LABEL: func.func @lstm_bidirectional
// CHECK: scf.for
// CHECK-NOT: memref.alloc
// CHECK:   linalg.generic {{.*}}iterator_types = ["parallel", "reduction", "parallel"]
// CHECK-NOT: memref.alloc
// CHECK:   linalg.map
// CHECK-NOT: memref.alloc
// CHECK:   linalg.map
// CHECK-NOT: memref.alloc
// CHECK:   memref.copy
// CHECK-NOT: memref.alloc
// CHECK-NOT: memref.copy
// CHECK:   scf.yield
// CHECK: scf.for
// CHECK-NOT: memref.alloc
// CHECK-NOT: memref.copy
// CHECK:   linalg.generic {{.*}}iterator_types = ["parallel", "reduction", "parallel"]
// CHECK-NOT: memref.alloc
// CHECK:   memref.copy
// CHECK-NOT: memref.alloc
// CHECK:   scf.yield
func.func @lstm_bidirectional(%x: tensor<5x1x4xf32>, %w: tensor<2x12x4xf32>, %r: tensor<2x12x3xf32>, %b: tensor<2x24xf32>, %h0: tensor<2x1x3xf32>, %c0: tensor<2x1x3xf32>) -> (tensor<5x2x1x3xf32>, tensor<2x1x3xf32>, tensor<2x1x3xf32>) {
  %y, %y_h, %y_c = nn.lstm %x, %w, %r bias(%b) initial_h(%h0) initial_c(%c0) {direction = "bidirectional", hidden_size = 3 : i64} : (tensor<5x1x4xf32>, tensor<2x12x4xf32>, tensor<2x12x3xf32>, tensor<2x24xf32>, tensor<2x1x3xf32>, tensor<2x1x3xf32>) -> (tensor<5x2x1x3xf32>, tensor<2x1x3xf32>, tensor<2x1x3xf32>)
  return %y, %y_h, %y_c : tensor<5x2x1x3xf32>, tensor<2x1x3xf32>, tensor<2x1x3xf32>
}


// CHECK-LABEL: func.func @gru_split
// CHECK: scf.for
// CHECK-NOT: memref.alloc
// CHECK-NOT: memref.copy
// CHECK:   linalg.generic {{.*}}iterator_types = ["parallel", "reduction", "parallel"]
// CHECK:   linalg.map
// CHECK:   linalg.generic {{.*}}iterator_types = ["parallel", "reduction", "parallel"]
// CHECK:   linalg.map
// CHECK-NOT: memref.alloc
// CHECK-NOT: memref.copy
// CHECK:   scf.yield
func.func @gru_split(%x: tensor<3x1x2xf32>, %w: tensor<1x6x2xf32>, %r: tensor<1x6x2xf32>, %h0: tensor<1x1x2xf32>) -> tensor<1x1x2xf32> {
  %y, %y_h = nn.gru %x, %w, %r initial_h(%h0) {direction = "forward", hidden_size = 2 : i64, linear_before_reset = false} : (tensor<3x1x2xf32>, tensor<1x6x2xf32>, tensor<1x6x2xf32>, tensor<1x1x2xf32>) -> (tensor<3x1x1x2xf32>, tensor<1x1x2xf32>)
  return %y_h : tensor<1x1x2xf32>
}
