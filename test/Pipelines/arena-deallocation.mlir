// RUN: nncc-opt %s --pass-pipeline="builtin.module(nncc-plan-arena,func.func(ownership-based-buffer-deallocation),canonicalize,buffer-deallocation-simplification,bufferization-lower-deallocations,cse,canonicalize,convert-bufferization-to-memref)" | FileCheck %s
// The pipeline's order: the arena plan, then ownership-based deallocation.
// Views of the workspace are not owned by the function, so neither they nor
// the workspace argument are freed; a buffer left on the heap still is.

// CHECK-LABEL: func.func @main_graph(
// CHECK-SAME: %[[X:[^:]*]]: memref<256xf32>, %[[N:[^:]*]]: index, %[[WS:[^:]*]]: memref<2048xi8>)
// CHECK-DAG: %[[A:.*]] = memref.view %[[WS]]
// CHECK-DAG: %[[B:.*]] = memref.view %[[WS]]
// CHECK-DAG: %[[D:.*]] = memref.alloc(%[[N]]) : memref<?xf32>
// CHECK-NOT: memref.dealloc %[[WS]]
// CHECK-NOT: memref.dealloc %[[A]]
// CHECK-NOT: memref.dealloc %[[B]]
// CHECK: memref.dealloc %[[D]] : memref<?xf32>
// CHECK-NOT: memref.dealloc
// CHECK: return
func.func @main_graph(%x: memref<256xf32>, %n: index) {
  %c0 = arith.constant 0 : index
  %a = memref.alloc() : memref<256xf32>
  memref.copy %x, %a : memref<256xf32> to memref<256xf32>
  %b = memref.alloc() : memref<256xf32>
  memref.copy %a, %b : memref<256xf32> to memref<256xf32>
  %d = memref.alloc(%n) : memref<?xf32>
  %v = memref.load %b[%c0] : memref<256xf32>
  memref.store %v, %d[%c0] : memref<?xf32>
  %w = memref.load %d[%c0] : memref<?xf32>
  memref.store %w, %x[%c0] : memref<256xf32>
  return
}
