// RUN: nncc-opt %s -split-input-file --pass-pipeline="builtin.module(func.func(nncc-pad-in-place))" | FileCheck %s
// RUN: nncc-opt %s -split-input-file --pass-pipeline="builtin.module(func.func(nncc-pad-in-place),canonicalize,eliminate-empty-tensors,one-shot-bufferize{bufferize-function-boundaries=1},cse,canonicalize)" | FileCheck %s --check-prefix=BUF

// A convolution's zero padding: the four borders of the padded dims are
// filled (top/bottom rows across the whole width, left/right columns over
// the source's rows), then the source is inserted into the interior.
// CHECK-LABEL: func.func @zero_pad
// CHECK: %[[E:.+]] = tensor.empty() : tensor<1x6x7x8xf32>
// CHECK: tensor.extract_slice %[[E]][0, 0, 0, 0] [1, 1, 7, 8]
// CHECK: linalg.fill
// CHECK: tensor.extract_slice %{{.+}}[0, 5, 0, 0] [1, 1, 7, 8]
// CHECK: linalg.fill
// CHECK: tensor.extract_slice %{{.+}}[0, 1, 0, 0] [1, 4, 1, 8]
// CHECK: linalg.fill
// CHECK: tensor.extract_slice %{{.+}}[0, 1, 6, 0] [1, 4, 1, 8]
// CHECK: linalg.fill
// CHECK: %[[R:.+]] = tensor.insert_slice %{{.+}} into %{{.+}}[0, 1, 1, 0] [1, 4, 5, 8] [1, 1, 1, 1]
// CHECK-NOT: tensor.pad
// CHECK: return %[[R]]
//
// After bufferization the producer (here the exp) writes straight into the
// interior of the padded buffer: one allocation, no copy (the self-copies
// bufferization leaves fold away).
// BUF-LABEL: func.func @zero_pad
// BUF: %[[A:.+]] = memref.alloc() {{.*}} : memref<1x6x7x8xf32>
// BUF-NOT: memref.alloc
// BUF: %[[I:.+]] = memref.subview %[[A]][0, 1, 1, 0] [1, 4, 5, 8]
// BUF: linalg.generic {{.*}} outs(%[[I]]
// BUF-NOT: memref.copy
// BUF: return %[[A]]
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
func.func @zero_pad(%x: tensor<1x4x5x8xf32>) -> tensor<1x6x7x8xf32> {
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x4x5x8xf32>
  %y = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%x : tensor<1x4x5x8xf32>) outs(%e : tensor<1x4x5x8xf32>) {
  ^bb0(%in: f32, %out: f32):
    %v = math.exp %in : f32
    linalg.yield %v : f32
  } -> tensor<1x4x5x8xf32>
  %p = tensor.pad %y low[0, 1, 1, 0] high[0, 1, 1, 0] {
  ^bb0(%a: index, %b: index, %c: index, %d: index):
    tensor.yield %z : f32
  } : tensor<1x4x5x8xf32> to tensor<1x6x7x8xf32>
  return %p : tensor<1x6x7x8xf32>
}

// -----

// Asymmetric padding (only high): two borders.
// CHECK-LABEL: func.func @high_only
// CHECK-COUNT-2: linalg.fill
// CHECK-NOT: linalg.fill
// CHECK: tensor.insert_slice %arg0 into %{{.+}}[0, 0, 0, 0] [1, 4, 5, 8] [1, 1, 1, 1]
func.func @high_only(%x: tensor<1x4x5x8xf32>) -> tensor<1x5x6x8xf32> {
  %z = arith.constant 0xFF800000 : f32
  %p = tensor.pad %x low[0, 0, 0, 0] high[0, 1, 1, 0] {
  ^bb0(%a: index, %b: index, %c: index, %d: index):
    tensor.yield %z : f32
  } : tensor<1x4x5x8xf32> to tensor<1x5x6x8xf32>
  return %p : tensor<1x5x6x8xf32>
}

// -----

// Dynamic shapes and padding values that depend on the index stay pads.
// CHECK-LABEL: func.func @dynamic
// CHECK: tensor.pad
func.func @dynamic(%x: tensor<?x4xf32>) -> tensor<?x6xf32> {
  %z = arith.constant 0.0 : f32
  %p = tensor.pad %x low[0, 1] high[0, 1] {
  ^bb0(%a: index, %b: index):
    tensor.yield %z : f32
  } : tensor<?x4xf32> to tensor<?x6xf32>
  return %p : tensor<?x6xf32>
}

// -----

// CHECK-LABEL: func.func @index_dependent
// CHECK: tensor.pad
func.func @index_dependent(%x: tensor<2x4xf32>) -> tensor<2x6xf32> {
  %p = tensor.pad %x low[0, 1] high[0, 1] {
  ^bb0(%a: index, %b: index):
    %i = arith.index_cast %b : index to i32
    %f = arith.sitofp %i : i32 to f32
    tensor.yield %f : f32
  } : tensor<2x4xf32> to tensor<2x6xf32>
  return %p : tensor<2x6xf32>
}
