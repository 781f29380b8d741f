// RUN: nncc-opt %s -split-input-file --pass-pipeline="builtin.module(func.func(nncc-prefetch-epilogue),canonicalize,cse)" | FileCheck %s

// A 1x1 convolution + residual kernel (pixel tiles of 6 outer, channel
// tiles of 16 inner): the channel loop walks the contiguous dim, so the
// prefetches target the next pixel tile, one line per row of the 6 x 16
// tile, for the residual (read) and the output (write), clamped to the
// last pixel. The weights (a global) and the reduction's input reads get
// none.
// CHECK-LABEL: func.func @residual
// CHECK-SAME: (%[[X:.+]]: memref<1x56x56x64xf32>, %[[RES:.+]]: memref<1x56x56x256xf32>, %[[OUT:.+]]: memref<1x56x56x256xf32>)
// CHECK-DAG: %[[C6:.+]] = arith.constant 6 : index
// CHECK-DAG: %[[C54:.+]] = arith.constant 54 : index
// CHECK-DAG: %[[C55:.+]] = arith.constant 55 : index
// CHECK: scf.for %[[OW:.+]] = %{{.+}} to %[[C54]] step %[[C6]]
// CHECK: scf.for %[[F:.+]] = %{{.+}} to %{{.+}} step %{{.+}}
// CHECK: %[[N:.+]] = arith.addi %[[OW]], %[[C6]] : index
// CHECK: %[[LT:.+]] = arith.cmpi slt, %[[N]], %[[C54]] : index
// CHECK: %[[NEXT:.+]] = arith.select %[[LT]], %[[N]], %[[OW]] : index
// CHECK: memref.prefetch %[[OUT]][%{{.+}}, %{{.+}}, %[[NEXT]], %[[F]]], write, locality<3>, data : memref<1x56x56x256xf32>
// CHECK: %[[R1:.+]] = arith.addi %[[NEXT]], %{{.+}} : index
// CHECK: %[[M1:.+]] = arith.minsi %[[R1]], %[[C55]] : index
// CHECK: memref.prefetch %[[OUT]][%{{.+}}, %{{.+}}, %[[M1]], %[[F]]], write
// CHECK-COUNT-4: memref.prefetch %[[OUT]]
// CHECK: memref.prefetch %[[RES]][%{{.+}}, %{{.+}}, %[[NEXT]], %[[F]]], read, locality<3>, data : memref<1x56x56x256xf32>
// CHECK: memref.prefetch %[[RES]][%{{.+}}, %{{.+}}, %[[M1]], %[[F]]], read
// CHECK-COUNT-4: memref.prefetch %[[RES]]
// CHECK-NOT: memref.prefetch
// CHECK: scf.for
// CHECK-NOT: memref.prefetch
// CHECK: return
memref.global "private" constant @w : memref<64x256xf32> = dense<1.0>
func.func @residual(%x: memref<1x56x56x64xf32>, %res: memref<1x56x56x256xf32>, %out: memref<1x56x56x256xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c6 = arith.constant 6 : index
  %c16 = arith.constant 16 : index
  %c54 = arith.constant 54 : index
  %c64 = arith.constant 64 : index
  %c256 = arith.constant 256 : index
  %f0 = arith.constant 0.0 : f32
  %zero = arith.constant dense<0.0> : vector<6x16xf32>
  %w = memref.get_global @w : memref<64x256xf32>
  scf.for %ow = %c0 to %c54 step %c6 {
    scf.for %f = %c0 to %c256 step %c16 {
      %acc = scf.for %c = %c0 to %c64 step %c1 iter_args(%a = %zero) -> (vector<6x16xf32>) {
        %in = vector.transfer_read %x[%c0, %c0, %ow, %c], %f0 {in_bounds = [true, true]} : memref<1x56x56x64xf32>, vector<6x1xf32>
        %wv = vector.transfer_read %w[%c, %f], %f0 {in_bounds = [true]} : memref<64x256xf32>, vector<16xf32>
        %b = vector.broadcast %wv : vector<16xf32> to vector<6x16xf32>
        %i = vector.broadcast %in : vector<6x1xf32> to vector<6x16xf32>
        %r = vector.fma %i, %b, %a : vector<6x16xf32>
        scf.yield %r : vector<6x16xf32>
      }
      %rv = vector.transfer_read %res[%c0, %c0, %ow, %f], %f0 {in_bounds = [true, true]} : memref<1x56x56x256xf32>, vector<6x16xf32>
      %s = arith.addf %acc, %rv : vector<6x16xf32>
      vector.transfer_write %s, %out[%c0, %c0, %ow, %f] {in_bounds = [true, true]} : vector<6x16xf32>, memref<1x56x56x256xf32>
    }
  }
  return
}

// -----

// Channel tiles outer, pixels inner: the pixel loop's next iteration is
// the one to prefetch. A small buffer (16 KiB, stays in L1) and a loop
// without a reduction get no prefetches.
// CHECK-LABEL: func.func @channels_outer
// CHECK: scf.for %[[F:.+]] =
// CHECK: scf.for %[[OW:.+]] =
// CHECK: %[[N:.+]] = arith.addi %[[OW]], %{{.+}} : index
// CHECK: %[[NEXT:.+]] = arith.select %{{.+}}, %[[N]], %[[OW]] : index
// CHECK: memref.prefetch %{{.+}}[%{{.+}}, %{{.+}}, %[[NEXT]], %[[F]]], read
// CHECK-LABEL: func.func @small_or_no_reduction
// CHECK-NOT: memref.prefetch
func.func @channels_outer(%res: memref<1x56x56x256xf32>, %out: memref<1x56x56x256xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c16 = arith.constant 16 : index
  %c56 = arith.constant 56 : index
  %c256 = arith.constant 256 : index
  %f0 = arith.constant 0.0 : f32
  %zero = arith.constant dense<0.0> : vector<4x16xf32>
  scf.for %f = %c0 to %c256 step %c16 {
    scf.for %ow = %c0 to %c56 step %c4 {
      %acc = scf.for %c = %c0 to %c16 step %c1 iter_args(%a = %zero) -> (vector<4x16xf32>) {
        %r = arith.addf %a, %a : vector<4x16xf32>
        scf.yield %r : vector<4x16xf32>
      }
      %rv = vector.transfer_read %res[%c0, %c0, %ow, %f], %f0 {in_bounds = [true, true]} : memref<1x56x56x256xf32>, vector<4x16xf32>
      %s = arith.addf %acc, %rv : vector<4x16xf32>
      vector.transfer_write %s, %out[%c0, %c0, %ow, %f] {in_bounds = [true, true]} : vector<4x16xf32>, memref<1x56x56x256xf32>
    }
  }
  return
}
func.func @small_or_no_reduction(%small: memref<1x4x4x256xf32>, %big: memref<1x56x56x256xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c16 = arith.constant 16 : index
  %c256 = arith.constant 256 : index
  %f0 = arith.constant 0.0 : f32
  %zero = arith.constant dense<0.0> : vector<4x16xf32>
  scf.for %f = %c0 to %c256 step %c16 {
    %acc = scf.for %c = %c0 to %c16 step %c1 iter_args(%a = %zero) -> (vector<4x16xf32>) {
      %r = arith.addf %a, %a : vector<4x16xf32>
      scf.yield %r : vector<4x16xf32>
    }
    %rv = vector.transfer_read %small[%c0, %c0, %c0, %f], %f0 {in_bounds = [true, true]} : memref<1x4x4x256xf32>, vector<4x16xf32>
    %s = arith.addf %acc, %rv : vector<4x16xf32>
    vector.transfer_write %s, %small[%c0, %c0, %c0, %f] {in_bounds = [true, true]} : vector<4x16xf32>, memref<1x4x4x256xf32>
  }
  scf.for %f = %c0 to %c256 step %c16 {
    %rv = vector.transfer_read %big[%c0, %c0, %c0, %f], %f0 {in_bounds = [true, true]} : memref<1x56x56x256xf32>, vector<4x16xf32>
    vector.transfer_write %rv, %big[%c0, %c1, %c0, %f] {in_bounds = [true, true]} : vector<4x16xf32>, memref<1x56x56x256xf32>
  }
  return
}
