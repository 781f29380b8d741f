// RUN: nncc-opt %s --nncc-plan-arena="functions=disjoint_share,overlap_distinct,alignment,subview_alias,collapse_alias_in_forall,loop_result_alias,if_yield_alias,dealloc_erased,heap_and_arena,no_allocs" | FileCheck %s
// RUN: nncc-opt %s --nncc-plan-arena | FileCheck %s --check-prefix=DEFAULT

// Without `functions`, only the model's entry (main_graph) is planned.
// DEFAULT-LABEL: func.func @disjoint_share(
// DEFAULT-NOT: memref.view
// DEFAULT-LABEL: func.func @main_graph(
// DEFAULT-SAME: %{{.*}}: memref<1024xi8>) attributes {nncc.memory_plan = {buffers = 1 : i64, bytes_without_reuse = 1024 : i64, heap_allocations = 0 : i64, workspace_size = 1024 : i64}}
// DEFAULT: memref.view

// Offsets are index constants, printed as %c<bytes>[_N].

// Two buffers that are never live at the same time share offset 0.
// CHECK-LABEL: func.func @disjoint_share(
// CHECK-SAME: %[[X:.*]]: memref<256xf32>, %[[Y:.*]]: memref<256xf32>, %[[WS:.*]]: memref<1024xi8>)
// CHECK-SAME: attributes {nncc.memory_plan = {buffers = 2 : i64, bytes_without_reuse = 2048 : i64, heap_allocations = 0 : i64, workspace_size = 1024 : i64}}
// CHECK-NOT: memref.alloc
// CHECK: %[[A:.*]] = memref.view %[[WS]][%c0{{(_[0-9]+)?}}][] : memref<1024xi8> to memref<256xf32>
// CHECK: memref.copy %[[X]], %[[A]]
// CHECK: memref.copy %[[A]], %[[Y]]
// CHECK: %[[B:.*]] = memref.view %[[WS]][%c0{{(_[0-9]+)?}}][] : memref<1024xi8> to memref<256xf32>
// CHECK: memref.copy %[[Y]], %[[B]]
// CHECK-NOT: memref.alloc
// CHECK: return
func.func @disjoint_share(%x: memref<256xf32>, %y: memref<256xf32>) {
  %a = memref.alloc() : memref<256xf32>
  memref.copy %x, %a : memref<256xf32> to memref<256xf32>
  memref.copy %a, %y : memref<256xf32> to memref<256xf32>
  %b = memref.alloc() : memref<256xf32>
  memref.copy %y, %b : memref<256xf32> to memref<256xf32>
  memref.copy %b, %y : memref<256xf32> to memref<256xf32>
  return
}

// Buffers live at the same time get distinct offsets; the larger one is
// placed first, at 0. The op that reads %a and writes %b counts for both.
// CHECK-LABEL: func.func @overlap_distinct(
// CHECK-SAME: %[[WS:[^:]*]]: memref<2304xi8>)
// CHECK-SAME: workspace_size = 2304
// CHECK: memref.view %[[WS]][%c2048{{(_[0-9]+)?}}][] : memref<2304xi8> to memref<64xf32>
// CHECK: memref.view %[[WS]][%c0{{(_[0-9]+)?}}][] : memref<2304xi8> to memref<512xf32>
func.func @overlap_distinct(%x: memref<64xf32>, %y: memref<512xf32>) {
  %a = memref.alloc() : memref<64xf32>
  memref.copy %x, %a : memref<64xf32> to memref<64xf32>
  %b = memref.alloc() : memref<512xf32>
  linalg.generic {indexing_maps = [affine_map<(d0) -> (d0 mod 64)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]}
      ins(%a : memref<64xf32>) outs(%b : memref<512xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  }
  memref.copy %b, %y : memref<512xf32> to memref<512xf32>
  return
}

// Offsets are multiples of 64 bytes, or of the allocation's alignment when
// larger; a small buffer fills the gap the alignment left. All three are
// live together: %a (400 bytes) at 0, %b (64 bytes, 256-aligned) at 512,
// %c (8 bytes) at 448, the first multiple of 64 after %a.
// CHECK-LABEL: func.func @alignment(
// CHECK-SAME: %[[WS:[^:]*]]: memref<576xi8>)
// CHECK-SAME: buffers = 3 : i64, bytes_without_reuse = 472 : i64
// CHECK-SAME: workspace_size = 576
// CHECK: memref.view %[[WS]][%c0{{(_[0-9]+)?}}][] : memref<576xi8> to memref<100xf32>
// CHECK: memref.view %[[WS]][%c512{{(_[0-9]+)?}}][] : memref<576xi8> to memref<16xf32>
// CHECK: memref.view %[[WS]][%c448{{(_[0-9]+)?}}][] : memref<576xi8> to memref<2xf32>
func.func @alignment(%x: memref<100xf32>, %y: memref<16xf32>, %z: memref<2xf32>) {
  %a = memref.alloc() : memref<100xf32>
  %b = memref.alloc() {alignment = 256 : i64} : memref<16xf32>
  %c = memref.alloc() : memref<2xf32>
  memref.copy %x, %a : memref<100xf32> to memref<100xf32>
  memref.copy %y, %b : memref<16xf32> to memref<16xf32>
  memref.copy %z, %c : memref<2xf32> to memref<2xf32>
  memref.copy %a, %x : memref<100xf32> to memref<100xf32>
  memref.copy %b, %y : memref<16xf32> to memref<16xf32>
  memref.copy %c, %z : memref<2xf32> to memref<2xf32>
  return
}

// A subview of %a read in a later loop keeps %a live across %b's lifetime,
// although %a itself is last used before %b is allocated.
// CHECK-LABEL: func.func @subview_alias(
// CHECK-SAME: memref<2048xi8>)
// CHECK: memref.view %{{.*}}[%c0{{(_[0-9]+)?}}][] : memref<2048xi8> to memref<256xf32>
// CHECK: memref.view %{{.*}}[%c1024{{(_[0-9]+)?}}][] : memref<2048xi8> to memref<256xf32>
func.func @subview_alias(%x: memref<256xf32>, %y: memref<256xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c128 = arith.constant 128 : index
  %a = memref.alloc() : memref<256xf32>
  %sv = memref.subview %a[0] [128] [1] : memref<256xf32> to memref<128xf32, strided<[1]>>
  memref.copy %x, %a : memref<256xf32> to memref<256xf32>
  %b = memref.alloc() : memref<256xf32>
  memref.copy %x, %b : memref<256xf32> to memref<256xf32>
  memref.copy %b, %y : memref<256xf32> to memref<256xf32>
  scf.for %i = %c0 to %c128 step %c1 {
    %v = memref.load %sv[%i] : memref<128xf32, strided<[1]>>
    memref.store %v, %y[%i] : memref<256xf32>
  }
  return
}

// The same through a collapse_shape read in a later scf.forall.
// CHECK-LABEL: func.func @collapse_alias_in_forall(
// CHECK-SAME: memref<2048xi8>)
// CHECK: memref.view %{{.*}}[%c0{{(_[0-9]+)?}}][] : memref<2048xi8> to memref<16x16xf32>
// CHECK: memref.view %{{.*}}[%c1024{{(_[0-9]+)?}}][] : memref<2048xi8> to memref<256xf32>
// CHECK: scf.forall
func.func @collapse_alias_in_forall(%x: memref<16x16xf32>, %y: memref<256xf32>) {
  %a = memref.alloc() : memref<16x16xf32>
  memref.copy %x, %a : memref<16x16xf32> to memref<16x16xf32>
  %flat = memref.collapse_shape %a [[0, 1]] : memref<16x16xf32> into memref<256xf32>
  %b = memref.alloc() : memref<256xf32>
  memref.copy %y, %b : memref<256xf32> to memref<256xf32>
  memref.copy %b, %y : memref<256xf32> to memref<256xf32>
  scf.forall (%i) in (256) {
    %v = memref.load %flat[%i] : memref<256xf32>
    memref.store %v, %y[%i] : memref<256xf32>
  }
  return
}

// A buffer carried through a loop is live as long as the loop's result.
// CHECK-LABEL: func.func @loop_result_alias(
// CHECK-SAME: memref<2048xi8>)
// CHECK-SAME: buffers = 2
func.func @loop_result_alias(%x: memref<256xf32>, %y: memref<256xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %a = memref.alloc() : memref<256xf32>
  %r = scf.for %i = %c0 to %c4 step %c1 iter_args(%it = %a) -> (memref<256xf32>) {
    memref.copy %x, %it : memref<256xf32> to memref<256xf32>
    scf.yield %it : memref<256xf32>
  }
  %b = memref.alloc() : memref<256xf32>
  memref.copy %x, %b : memref<256xf32> to memref<256xf32>
  memref.copy %b, %y : memref<256xf32> to memref<256xf32>
  memref.copy %r, %y : memref<256xf32> to memref<256xf32>
  return
}

// A view created inside an scf.if and yielded out of it aliases %a.
// CHECK-LABEL: func.func @if_yield_alias(
// CHECK-SAME: memref<2048xi8>)
// CHECK-SAME: buffers = 2
func.func @if_yield_alias(%x: memref<256xf32>, %y: memref<128xf32>, %cond: i1) {
  %c0 = arith.constant 0 : index
  %c128 = arith.constant 128 : index
  %a = memref.alloc() : memref<256xf32>
  memref.copy %x, %a : memref<256xf32> to memref<256xf32>
  %r = scf.if %cond -> (memref<128xf32, strided<[1], offset: ?>>) {
    %lo = memref.subview %a[%c0] [128] [1] : memref<256xf32> to memref<128xf32, strided<[1], offset: ?>>
    scf.yield %lo : memref<128xf32, strided<[1], offset: ?>>
  } else {
    %hi = memref.subview %a[%c128] [128] [1] : memref<256xf32> to memref<128xf32, strided<[1], offset: ?>>
    scf.yield %hi : memref<128xf32, strided<[1], offset: ?>>
  }
  %b = memref.alloc() : memref<256xf32>
  memref.copy %x, %b : memref<256xf32> to memref<256xf32>
  memref.copy %b, %x : memref<256xf32> to memref<256xf32>
  memref.copy %r, %y : memref<128xf32, strided<[1], offset: ?>> to memref<128xf32>
  return
}

// A memref.dealloc of a planned buffer goes away with its allocation.
// CHECK-LABEL: func.func @dealloc_erased(
// CHECK-SAME: memref<1024xi8>)
// CHECK-NOT: memref.dealloc
// CHECK: return
func.func @dealloc_erased(%x: memref<256xf32>) {
  %a = memref.alloc() : memref<256xf32>
  memref.copy %x, %a : memref<256xf32> to memref<256xf32>
  memref.copy %a, %x : memref<256xf32> to memref<256xf32>
  memref.dealloc %a : memref<256xf32>
  return
}

// What cannot be planned stays a heap allocation, next to what can:
// dynamic shapes, allocations in loops, buffers whose pointer escapes.
// CHECK-LABEL: func.func @heap_and_arena(
// CHECK-SAME: %[[WS:[^:]*]]: memref<1024xi8>)
// CHECK-SAME: buffers = 1 : i64, bytes_without_reuse = 1024 : i64, heap_allocations = 3 : i64, workspace_size = 1024
// CHECK: memref.alloc(%{{.*}}) : memref<?xf32>
// CHECK: memref.view %[[WS]]
// CHECK: scf.for
// CHECK: memref.alloc() : memref<4xf32>
// CHECK: memref.alloc() : memref<8xf32>
// CHECK: memref.extract_aligned_pointer_as_index
func.func @heap_and_arena(%x: memref<256xf32>, %n: index) -> index {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %dyn = memref.alloc(%n) : memref<?xf32>
  %a = memref.alloc() : memref<256xf32>
  memref.copy %x, %a : memref<256xf32> to memref<256xf32>
  scf.for %i = %c0 to %n step %c1 {
    %t = memref.alloc() : memref<4xf32>
    %v = memref.load %a[%i] : memref<256xf32>
    memref.store %v, %t[%c0] : memref<4xf32>
    memref.store %v, %dyn[%i] : memref<?xf32>
  }
  %p = memref.alloc() : memref<8xf32>
  %ptr = memref.extract_aligned_pointer_as_index %p : memref<8xf32> -> index
  return %ptr : index
}

// Nothing to place: no workspace argument.
// CHECK-LABEL: func.func @no_allocs(
// CHECK-SAME: %{{[^,]*}}: memref<4xf32>)
// CHECK-SAME: attributes {nncc.memory_plan = {buffers = 0 : i64, bytes_without_reuse = 0 : i64, heap_allocations = 0 : i64, workspace_size = 0 : i64}}
func.func @no_allocs(%x: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %f = arith.constant 1.0 : f32
  memref.store %f, %x[%c0] : memref<4xf32>
  return
}

func.func @main_graph(%x: memref<256xf32>) {
  %a = memref.alloc() : memref<256xf32>
  memref.copy %x, %a : memref<256xf32> to memref<256xf32>
  memref.copy %a, %x : memref<256xf32> to memref<256xf32>
  return
}
