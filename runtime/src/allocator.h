/*===- allocator.h - Allocation through nnrt_allocator_t ----------*- C -*-===//
 *
 * Part of nncc.
 *
 * Internal helpers: resolve a possibly-NULL user allocator to a usable one
 * (libc by default) and allocate through it.
 *===----------------------------------------------------------------------===*/
#ifndef NNRT_SRC_ALLOCATOR_H
#define NNRT_SRC_ALLOCATOR_H

#include "nnrt/nnrt.h"

#ifdef __cplusplus
extern "C" {
#endif

/// Returns the libc allocator (posix_memalign / free).
nnrt_allocator_t nnrt_allocator_libc(void);

/// Allocates `size` bytes aligned to `alignment` (a power of two) through
/// `allocator`; a zero size allocates one byte so the result is unique.
/// Returns NULL when the allocator fails or returns misaligned memory (which
/// is then given back to it).
void *nnrt_allocator_alloc(const nnrt_allocator_t *allocator, size_t size,
                           size_t alignment);

/// Frees `ptr` (NULL is a no-op) through `allocator`.
void nnrt_allocator_free(const nnrt_allocator_t *allocator, void *ptr);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* NNRT_SRC_ALLOCATOR_H */
