/*===- allocator.c - Allocation through nnrt_allocator_t ----------*- C -*-===//
 *
 * Part of nncc.
 *
 * The libc allocator uses posix_memalign so that any power-of-two alignment
 * (the workspace needs 64 bytes) is honoured and plain free() releases it.
 *===----------------------------------------------------------------------===*/
#define _POSIX_C_SOURCE 200809L

#include "runtime/src/allocator.h"

#include <stdint.h>
#include <stdlib.h>

static void *nnrt_libc_alloc(void *self, size_t size, size_t alignment) {
  (void)self;
  /* posix_memalign needs a multiple of sizeof(void *). */
  if (alignment < sizeof(void *))
    alignment = sizeof(void *);
  void *ptr = NULL;
  if (posix_memalign(&ptr, alignment, size ? size : 1) != 0)
    return NULL;
  return ptr;
}

static void nnrt_libc_free(void *self, void *ptr) {
  (void)self;
  free(ptr);
}

nnrt_allocator_t nnrt_allocator_libc(void) {
  nnrt_allocator_t allocator = {NULL, nnrt_libc_alloc, nnrt_libc_free};
  return allocator;
}

void *nnrt_allocator_alloc(const nnrt_allocator_t *allocator, size_t size,
                           size_t alignment) {
  void *ptr = allocator->alloc(allocator->self, size ? size : 1, alignment);
  if (ptr && ((uintptr_t)ptr & (alignment - 1)) != 0) {
    /* A user allocator broke its contract; treat it as a failure rather than
     * hand misaligned memory to generated code that assumes alignment. */
    allocator->free(allocator->self, ptr);
    return NULL;
  }
  return ptr;
}

void nnrt_allocator_free(const nnrt_allocator_t *allocator, void *ptr) {
  if (ptr)
    allocator->free(allocator->self, ptr);
}
