// RUN: nncc-opt %s --allow-unregistered-dialect --verify-diagnostics --nncc-plan-arena="functions=returned,dynamic,escapes,types,nested,multi_block,called,consume emit-remarks=1" | FileCheck %s
// Allocations the plan cannot place stay heap allocations (and never
// miscompile); emit-remarks says why. A function the plan cannot change
// keeps its signature.

// A buffer that is returned (here through a view) must outlive the call.
// CHECK-LABEL: func.func @returned(
// CHECK-SAME: %{{[^,]*}}: memref<16xf32>) -> memref<4x4xf32>
// CHECK-SAME: heap_allocations = 1 : i64, workspace_size = 0
// CHECK: memref.alloc() : memref<16xf32>
func.func @returned(%x: memref<16xf32>) -> memref<4x4xf32> {
  // expected-remark@+1 {{left on the heap: returned}}
  %a = memref.alloc() : memref<16xf32>
  memref.copy %x, %a : memref<16xf32> to memref<16xf32>
  %e = memref.expand_shape %a [[0, 1]] output_shape [4, 4] : memref<16xf32> into memref<4x4xf32>
  return %e : memref<4x4xf32>
}

// CHECK-LABEL: func.func @dynamic(
// CHECK-SAME: %{{[^,]*}}: index)
// CHECK: memref.alloc(%{{.*}}) : memref<?xf32>
func.func @dynamic(%n: index) {
  // expected-remark@+1 {{left on the heap: dynamic shape}}
  %a = memref.alloc(%n) : memref<?xf32>
  %f = arith.constant 0.0 : f32
  linalg.fill ins(%f : f32) outs(%a : memref<?xf32>)
  return
}

// expected-remark@+1 {{not planned: no body}}
func.func private @consume(memref<4xf32>)

// The pointer leaves what the plan can follow.
// CHECK-LABEL: func.func @escapes(
// CHECK-SAME: %{{[^,]*}}: memref<memref<4xf32>>)
// CHECK-COUNT-4: memref.alloc()
func.func @escapes(%box: memref<memref<4xf32>>) {
  // expected-remark@+1 {{left on the heap: passed to a call}}
  %a = memref.alloc() : memref<4xf32>
  func.call @consume(%a) : (memref<4xf32>) -> ()
  // expected-remark@+1 {{left on the heap: stored to memory}}
  %b = memref.alloc() : memref<4xf32>
  %cast = memref.cast %b : memref<4xf32> to memref<4xf32>
  memref.store %cast, %box[] : memref<memref<4xf32>>
  // expected-remark@+1 {{left on the heap: used as a raw pointer}}
  %c = memref.alloc() : memref<4xf32>
  %p = memref.extract_aligned_pointer_as_index %c : memref<4xf32> -> index
  // expected-remark@+1 {{left on the heap: used by an op with a result of unknown kind}}
  %d = memref.alloc() : memref<4xf32>
  %t = "test.opaque"(%d) : (memref<4xf32>) -> !llvm.ptr
  return
}

// Only static shapes with the identity layout, in the default memory
// space, with elements whose size the plan knows.
// CHECK-LABEL: func.func @types()
// CHECK-COUNT-4: memref.alloc()
func.func @types() {
  // expected-remark@+1 {{left on the heap: non-identity layout}}
  %a = memref.alloc() : memref<4x4xf32, strided<[8, 1]>>
  // expected-remark@+1 {{left on the heap: non-default memory space}}
  %b = memref.alloc() : memref<4xf32, 1>
  // expected-remark@+1 {{left on the heap: element type of unknown size}}
  %c = memref.alloc() : memref<4xvector<3xf32>>
  // expected-remark@+1 {{left on the heap: empty buffer}}
  %d = memref.alloc() : memref<0x4xf32>
  return
}

// Allocations inside loops are not top-level; they are counted, without a
// remark.
// CHECK-LABEL: func.func @nested(
// CHECK-SAME: heap_allocations = 1 : i64, workspace_size = 0
func.func @nested(%x: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  scf.for %i = %c0 to %c4 step %c1 {
    %t = memref.alloc() : memref<4xf32>
    memref.copy %x, %t : memref<4xf32> to memref<4xf32>
  }
  return
}

// A body of several blocks is left as it is.
// CHECK-LABEL: func.func @multi_block(
// CHECK-SAME: %{{[^,]*}}: i1) {
// CHECK: memref.alloc()
// expected-remark@+1 {{not planned: the body is not a single block}}
func.func @multi_block(%c: i1) {
  %a = memref.alloc() : memref<4xf32>
  cf.cond_br %c, ^bb1, ^bb2
^bb1:
  return
^bb2:
  return
}

// A function with callers keeps its signature.
// CHECK-LABEL: func.func @called()
// CHECK: memref.alloc()
// expected-remark@+1 {{not planned: the function has uses}}
func.func @called() {
  %a = memref.alloc() : memref<4xf32>
  return
}

func.func @caller() {
  func.call @called() : () -> ()
  return
}
