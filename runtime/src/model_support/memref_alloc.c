/*===- memref_alloc.c - Heap hooks for generated code -------------*- C -*-===//
 *
 * Part of nncc.
 *
 * The allocation functions MLIR's memref-to-LLVM lowering calls when built
 * with use-generic-functions. Generated code normally allocates from the
 * workspace the runtime passes in; these hooks cover the remaining dynamic
 * allocations (e.g. buffers whose size depends on a dynamic dim). Both
 * allocation hooks use posix_memalign so one free() releases either.
 *===----------------------------------------------------------------------===*/
#define _POSIX_C_SOURCE 200809L

#include "runtime/src/model_support/model_support.h"

#include <stdlib.h>

void *_mlir_memref_to_llvm_aligned_alloc(size_t alignment, size_t size) {
  /* posix_memalign wants a power of two that is a multiple of sizeof(void *).
   */
  if (alignment == 0 || (alignment & (alignment - 1)) != 0)
    return NULL;
  if (alignment < NNRT_MODEL_ALLOC_ALIGNMENT)
    alignment = NNRT_MODEL_ALLOC_ALIGNMENT;
  void *ptr = NULL;
  if (posix_memalign(&ptr, alignment, size ? size : 1) != 0)
    return NULL;
  return ptr;
}

void *_mlir_memref_to_llvm_alloc(size_t size) {
  return _mlir_memref_to_llvm_aligned_alloc(NNRT_MODEL_ALLOC_ALIGNMENT, size);
}

void _mlir_memref_to_llvm_free(void *ptr) { free(ptr); }
