/*===- memref_alloc.c - Heap hooks for generated code -------------*- C -*-===//
 *
 * Part of nncc.
 *
 * The allocation functions MLIR's memref-to-LLVM lowering calls when built
 * with use-generic-functions. Most temporaries (activations between
 * kernels) live in the model instance's workspace, planned by the compiler
 * (nncc-plan-arena); generated code allocates the rest through these:
 * buffers of dynamic size, buffers allocated inside loops (at -O0, or per
 * parallel task), and any buffer whose lifetime the plan cannot follow.
 *
 * A run allocates and frees the same large buffers in the same order every
 * time. Returning them to libc made glibc hand them back to the kernel
 * (mmap/munmap above 128 KiB) and fault in fresh zeroed pages on every run
 * -- about a tenth of ResNet-50's run time. Freed blocks of at least
 * NNRT_CACHE_MIN_BYTES are therefore kept in a small cache (at most
 * NNRT_CACHE_MAX_BYTES in all, LRU-free: first fit by exact size and
 * alignment) and reused by the next allocation of that size. The cache is
 * shared by all instances in the process and guarded by a mutex (a few
 * hundred lock operations per run).
 *
 * The cache lives in the model.so (libnnrt_model.a is linked into each):
 * when the library is unloaded (dlclose, or process exit) a destructor
 * returns every cached block to libc, so no block outlives the code that
 * could reuse it (LeakSanitizer reported them as leaks once the library's
 * list head was unmapped).
 *
 * Every block carries a record just below the returned pointer: the start
 * of the underlying allocation, its size and alignment, and the cache link.
 *===----------------------------------------------------------------------===*/
#define _POSIX_C_SOURCE 200809L

#include "runtime/src/model_support/model_support.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>

#define NNRT_CACHE_MIN_BYTES ((size_t)64 * 1024)
#define NNRT_CACHE_MAX_BYTES ((size_t)512 * 1024 * 1024)

typedef struct block_record {
  void *base;   /* what posix_memalign returned */
  size_t size;  /* requested size */
  size_t align; /* alignment of the returned pointer */
  struct block_record *next_cached; /* only while in the cache */
} block_record_t;

/* The record sits in the `align` bytes before the user pointer; align is at
 * least 64, so it always fits. */
static block_record_t *record_of(void *ptr) {
  return (block_record_t *)((char *)ptr - sizeof(block_record_t));
}

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static block_record_t *cache_head;
static size_t cache_bytes;

static void *cache_take(size_t size, size_t align) {
  void *found = NULL;
  pthread_mutex_lock(&cache_lock);
  for (block_record_t **link = &cache_head; *link;
       link = &(*link)->next_cached) {
    block_record_t *r = *link;
    if (r->size == size && r->align == align) {
      *link = r->next_cached;
      r->next_cached = NULL;
      cache_bytes -= size;
      found = (char *)r + sizeof(block_record_t);
      break;
    }
  }
  pthread_mutex_unlock(&cache_lock);
  return found;
}

/* Returns 1 when the block went into the cache. */
static int cache_put(block_record_t *r) {
  int kept = 0;
  pthread_mutex_lock(&cache_lock);
  if (cache_bytes + r->size <= NNRT_CACHE_MAX_BYTES) {
    r->next_cached = cache_head;
    cache_head = r;
    cache_bytes += r->size;
    kept = 1;
  }
  pthread_mutex_unlock(&cache_lock);
  return kept;
}

void *_mlir_memref_to_llvm_aligned_alloc(size_t alignment, size_t size) {
  /* posix_memalign wants a power of two that is a multiple of sizeof(void *).
   */
  if (alignment == 0 || (alignment & (alignment - 1)) != 0)
    return NULL;
  if (alignment < NNRT_MODEL_ALLOC_ALIGNMENT)
    alignment = NNRT_MODEL_ALLOC_ALIGNMENT;
  if (size == 0)
    size = 1;
  if (size >= NNRT_CACHE_MIN_BYTES) {
    void *cached = cache_take(size, alignment);
    if (cached)
      return cached;
  }
  if (size > SIZE_MAX - alignment)
    return NULL;
  void *base = NULL;
  if (posix_memalign(&base, alignment, size + alignment) != 0)
    return NULL;
  void *ptr = (char *)base + alignment;
  block_record_t *r = record_of(ptr);
  r->base = base;
  r->size = size;
  r->align = alignment;
  r->next_cached = NULL;
  return ptr;
}

void *_mlir_memref_to_llvm_alloc(size_t size) {
  return _mlir_memref_to_llvm_aligned_alloc(NNRT_MODEL_ALLOC_ALIGNMENT, size);
}

void _mlir_memref_to_llvm_free(void *ptr) {
  if (!ptr)
    return;
  block_record_t *r = record_of(ptr);
  if (r->size >= NNRT_CACHE_MIN_BYTES && cache_put(r))
    return;
  free(r->base);
}

size_t nncc_model_alloc_cache_bytes(void) {
  pthread_mutex_lock(&cache_lock);
  size_t bytes = cache_bytes;
  pthread_mutex_unlock(&cache_lock);
  return bytes;
}

void nncc_model_alloc_cache_drain(void) {
  pthread_mutex_lock(&cache_lock);
  block_record_t *r = cache_head;
  cache_head = NULL;
  cache_bytes = 0;
  pthread_mutex_unlock(&cache_lock);
  while (r) {
    block_record_t *next = r->next_cached;
    free(r->base);
    r = next;
  }
}

/* Runs when the model.so is unloaded (or at exit). */
__attribute__((destructor)) static void nncc_model_alloc_cache_fini(void) {
  nncc_model_alloc_cache_drain();
}
