// RUN: nncc-opt %s -split-input-file --pass-pipeline="builtin.module(func.func(nncc-hoist-vector-transfers))" | FileCheck %s

// The accumulator tile (read from and written to the same subview in the
// reduction loop) moves out of the loop and is carried in registers; the
// contraction becomes FMAs, and the reduction loop is unrolled by 4 (one
// FMA row per step would spend a tenth of the kernel on loop overhead).
// CHECK-LABEL: func.func @hoist
// CHECK: scf.for %[[I:.+]] = %c0 to %c4 step %c1 {
// CHECK:   %[[ACC:.+]] = vector.transfer_read %arg2[%[[I]], %c0]
// CHECK:   %[[R:.+]] = scf.for %{{.+}} = %c0 to %c8 step %c4{{(_[0-9]+)?}} iter_args(%[[A:.+]] = %[[ACC]]) -> (vector<1x16xf32>) {
// CHECK-NOT: vector.transfer_write
// CHECK-COUNT-4: vector.fma
// CHECK-NOT: vector.fma
// CHECK:   }
// CHECK:   vector.transfer_write %[[R]], %arg2[%[[I]], %c0]
#a = affine_map<(d0, d1, d2) -> (d0, d2)>
#b = affine_map<(d0, d1, d2) -> (d2, d1)>
#c = affine_map<(d0, d1, d2) -> (d0, d1)>
func.func @hoist(%x: memref<4x8xf32>, %w: memref<8x16xf32>, %out: memref<4x16xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c8 = arith.constant 8 : index
  %f0 = arith.constant 0.0 : f32
  scf.for %i = %c0 to %c4 step %c1 {
    scf.for %k = %c0 to %c8 step %c1 {
      %tile = memref.subview %out[%i, 0] [1, 16] [1, 1] : memref<4x16xf32> to memref<1x16xf32, strided<[16, 1], offset: ?>>
      %xv = vector.transfer_read %x[%i, %k], %f0 {in_bounds = [true, true]} : memref<4x8xf32>, vector<1x1xf32>
      %wv = vector.transfer_read %w[%k, %c0], %f0 {in_bounds = [true, true]} : memref<8x16xf32>, vector<1x16xf32>
      %acc = vector.transfer_read %tile[%c0, %c0], %f0 {in_bounds = [true, true]} : memref<1x16xf32, strided<[16, 1], offset: ?>>, vector<1x16xf32>
      %r = vector.contract {indexing_maps = [#a, #b, #c], iterator_types = ["parallel", "parallel", "reduction"], kind = #vector.kind<add>} %xv, %wv, %acc : vector<1x1xf32>, vector<1x16xf32> into vector<1x16xf32>
      vector.transfer_write %r, %tile[%c0, %c0] {in_bounds = [true, true]} : vector<1x16xf32>, memref<1x16xf32, strided<[16, 1], offset: ?>>
    }
  }
  return
}

// -----

// A reduction of 6 steps is unrolled by 2 (the largest factor up to 4 that
// divides it), one of 5 not at all (no remainder loops), and one of 3
// steps becomes straight-line code.
// CHECK-LABEL: func.func @unroll_factor
// CHECK: scf.for %{{.+}} = %c0 to %c6 step %c2{{(_[0-9]+)?}} iter_args
// CHECK-COUNT-2: vector.fma
// CHECK-NOT: vector.fma
// CHECK: scf.for %{{.+}} = %c0 to %c5 step %c1 iter_args
// CHECK: vector.fma
// CHECK-NOT: vector.fma
// CHECK: scf.yield
// CHECK-NOT: scf.for
// CHECK-COUNT-3: vector.fma
// CHECK-NOT: vector.fma
// CHECK: return
func.func @unroll_factor(%x: memref<6xf32>, %w: memref<6x16xf32>, %out: memref<16xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %c5 = arith.constant 5 : index
  %c6 = arith.constant 6 : index
  %f0 = arith.constant 0.0 : f32
  %init = vector.transfer_read %out[%c0], %f0 {in_bounds = [true]} : memref<16xf32>, vector<16xf32>
  %r6 = scf.for %k = %c0 to %c6 step %c1 iter_args(%acc = %init) -> (vector<16xf32>) {
    %s = memref.load %x[%k] : memref<6xf32>
    %b = vector.broadcast %s : f32 to vector<16xf32>
    %wv = vector.transfer_read %w[%k, %c0], %f0 {in_bounds = [true]} : memref<6x16xf32>, vector<16xf32>
    %n = vector.fma %b, %wv, %acc : vector<16xf32>
    scf.yield %n : vector<16xf32>
  }
  %r5 = scf.for %k = %c0 to %c5 step %c1 iter_args(%acc = %r6) -> (vector<16xf32>) {
    %s = memref.load %x[%k] : memref<6xf32>
    %b = vector.broadcast %s : f32 to vector<16xf32>
    %wv = vector.transfer_read %w[%k, %c0], %f0 {in_bounds = [true]} : memref<6x16xf32>, vector<16xf32>
    %n = vector.fma %b, %wv, %acc : vector<16xf32>
    scf.yield %n : vector<16xf32>
  }
  %r3 = scf.for %k = %c0 to %c3 step %c1 iter_args(%acc = %r5) -> (vector<16xf32>) {
    %s = memref.load %x[%k] : memref<6xf32>
    %b = vector.broadcast %s : f32 to vector<16xf32>
    %wv = vector.transfer_read %w[%k, %c0], %f0 {in_bounds = [true]} : memref<6x16xf32>, vector<16xf32>
    %n = vector.fma %b, %wv, %acc : vector<16xf32>
    scf.yield %n : vector<16xf32>
  }
  vector.transfer_write %r3, %out[%c0] {in_bounds = [true]} : vector<16xf32>, memref<16xf32>
  return
}

// -----

// Loops that are not a kernel's reduction stay rolled: one without FMAs
// (a vector copy carrying a vector), and one whose FMAs sit in an inner
// loop (only the innermost loop is unrolled).
// CHECK-LABEL: func.func @no_unroll
// CHECK: scf.for %{{.+}} = %c0 to %c8 step %c1 iter_args
// CHECK: arith.addf
// CHECK-NOT: arith.addf
// CHECK: scf.yield
// CHECK: scf.for %{{.+}} = %c0 to %c8 step %c1 {
// CHECK: scf.for %{{.+}} = %c0 to %c8 step %c4{{(_[0-9]+)?}} iter_args
// CHECK-COUNT-4: vector.fma
func.func @no_unroll(%x: memref<8xf32>, %w: memref<8x16xf32>, %out: memref<8x16xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c8 = arith.constant 8 : index
  %f0 = arith.constant 0.0 : f32
  %init = vector.transfer_read %out[%c0, %c0], %f0 {in_bounds = [true]} : memref<8x16xf32>, vector<16xf32>
  %sum = scf.for %i = %c0 to %c8 step %c1 iter_args(%acc = %init) -> (vector<16xf32>) {
    %v = vector.transfer_read %w[%i, %c0], %f0 {in_bounds = [true]} : memref<8x16xf32>, vector<16xf32>
    %n = arith.addf %acc, %v : vector<16xf32>
    scf.yield %n : vector<16xf32>
  }
  vector.transfer_write %sum, %out[%c0, %c0] {in_bounds = [true]} : vector<16xf32>, memref<8x16xf32>
  scf.for %i = %c0 to %c8 step %c1 {
    %a = vector.transfer_read %out[%i, %c0], %f0 {in_bounds = [true]} : memref<8x16xf32>, vector<16xf32>
    %r = scf.for %k = %c0 to %c8 step %c1 iter_args(%acc = %a) -> (vector<16xf32>) {
      %s = memref.load %x[%k] : memref<8xf32>
      %b = vector.broadcast %s : f32 to vector<16xf32>
      %wv = vector.transfer_read %w[%k, %c0], %f0 {in_bounds = [true]} : memref<8x16xf32>, vector<16xf32>
      %n = vector.fma %b, %wv, %acc : vector<16xf32>
      scf.yield %n : vector<16xf32>
    }
    vector.transfer_write %r, %out[%i, %c0] {in_bounds = [true]} : vector<16xf32>, memref<8x16xf32>
  }
  return
}

// -----

// Nothing to do without vector transfers: the IR is unchanged.
// CHECK-LABEL: func.func @scalar
// CHECK: scf.for
// CHECK: memref.load
// CHECK: memref.store
func.func @scalar(%m: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  scf.for %i = %c0 to %c4 step %c1 {
    %v = memref.load %m[%i] : memref<4xf32>
    %d = arith.addf %v, %v : f32
    memref.store %d, %m[%i] : memref<4xf32>
  }
  return
}
