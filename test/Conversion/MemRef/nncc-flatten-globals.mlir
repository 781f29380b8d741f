// RUN: nncc-opt %s -split-input-file -nncc-flatten-globals | FileCheck %s

// CHECK-LABEL: memref.global "private" constant @w : memref<216xf32> = dense<5.000000e-01>
// CHECK-LABEL: func.func @use
// CHECK: %[[F:.+]] = memref.get_global @w : memref<216xf32>
// CHECK: %[[E:.+]] = memref.expand_shape %[[F]] {{\[}}[0, 1, 2, 3]] output_shape [8, 3, 3, 3] : memref<216xf32> into memref<8x3x3x3xf32>
// CHECK: return %[[E]]
memref.global "private" constant @w : memref<8x3x3x3xf32> = dense<0.5>
func.func @use() -> memref<8x3x3x3xf32> {
  %0 = memref.get_global @w : memref<8x3x3x3xf32>
  return %0 : memref<8x3x3x3xf32>
}

// -----

// Resource blobs keep their handle; rank-1 and uninitialised globals stay.
// CHECK: memref.global "private" constant @r : memref<4xf32> = dense_resource<blob>
// CHECK: memref.global "private" constant @v : memref<3xf32>
// CHECK: memref.global @u : memref<2x2xf32>
memref.global "private" constant @r : memref<2x2xf32> = dense_resource<blob>
memref.global "private" constant @v : memref<3xf32> = dense<1.0>
memref.global @u : memref<2x2xf32>
{-#
  dialect_resources: {
    builtin: {
      blob: "0x040000000000803F000000400000404000008040"
    }
  }
#-}
