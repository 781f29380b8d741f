/*===- model_support.h - Code linked into every model.so ----------*- C -*-===//
 *
 * Part of nncc.
 *
 * Declarations of libnnrt_model.a, the small C library that the compiler
 * links statically into every model.so. It is built with
 * -fvisibility=hidden, so none of these symbols is exported from the model:
 * a model.so exports nnrt_model_query only. Generated code calls these
 * functions by name; the compiler emits matching declarations.
 *
 * Nothing here may depend on libnnrt (the host runtime): a model must load
 * into any program that speaks model_abi.h.
 *===----------------------------------------------------------------------===*/
#ifndef NNRT_SRC_MODEL_SUPPORT_MODEL_SUPPORT_H
#define NNRT_SRC_MODEL_SUPPORT_MODEL_SUPPORT_H

#include <stddef.h>
#include <stdint.h>

#include "nnrt/model_abi.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Alignment of every buffer _mlir_memref_to_llvm_alloc returns: one cache
 * line, enough for any AVX-512 load. */
#define NNRT_MODEL_ALLOC_ALIGNMENT 64u

/// Allocation hook of MLIR's memref-to-LLVM lowering (with
/// use-generic-functions). Returns `size` bytes aligned to 64 bytes, or NULL
/// when out of memory. A zero size returns a unique non-NULL pointer. Free
/// with _mlir_memref_to_llvm_free.
void *_mlir_memref_to_llvm_alloc(size_t size);

/// Returns `size` bytes aligned to max(`alignment`, 64) (alignment must be a
/// power of two), or NULL when out of memory or the alignment is invalid.
void *_mlir_memref_to_llvm_aligned_alloc(size_t alignment, size_t size);

/// Frees memory from either allocation hook; NULL is a no-op. Blocks of 64
/// KiB and more go to a cache that later allocations of the same size and
/// alignment reuse (see memref_alloc.c).
void _mlir_memref_to_llvm_free(void *ptr);

/// Bytes currently held in the freed-block cache.
size_t nncc_model_alloc_cache_bytes(void);

/// Returns every cached block to libc. Runs automatically when the model.so
/// is unloaded; must not race with allocations of a running model.
void nncc_model_alloc_cache_drain(void);

/// Calls fn(ctx, i) for i = 0 .. n-1 in order on the calling thread, ignoring
/// `pool`. Matches nnrt_parallel_for_fn_v1_t, for use when a run has no
/// runtime-provided parallel_for.
void nnrt_serial_parallel_for(void *pool, int64_t n, nnrt_task_fn_v1_t fn,
                              void *ctx);

/// Makes `env` the run environment of the calling thread and returns the
/// previous one (usually NULL), which the caller hands back to
/// nncc_model_env_exit() when the run ends. The generated run function
/// (nncc_model_run) brackets the model's code with these two calls when the
/// model uses nncc_model_parallel_for. `env` may be NULL (runs are then
/// serial); it is borrowed and must outlive the bracket.
/// Thread-safety: the environment is thread-local, so separate model
/// instances may run concurrently on different threads; nothing here is
/// process-global.
const nnrt_run_env_v1_t *nncc_model_env_enter(const nnrt_run_env_v1_t *env);

/// Restores the environment nncc_model_env_enter() returned.
void nncc_model_env_exit(const nnrt_run_env_v1_t *previous);

/// Calls fn(ctx, i) once for every i in [0, n) and returns when all calls
/// have finished. Generated code calls it for each outlined parallel loop
/// (nncc-outline-parallel). The calls are spread over the current run's
/// threads through env->parallel_for(env->pool, ...) and the caller's
/// thread takes part. It runs them serially, in order, on the caller's
/// thread when the thread has no run environment (outside a run, or on a
/// worker thread executing a task), when the environment has no
/// parallel_for or one thread, or when n == 1. While the tasks run, the
/// calling thread's environment is cleared, so a task body never nests
/// parallelism. n <= 0 calls nothing.
void nncc_model_parallel_for(int64_t n, nnrt_task_fn_v1_t fn, void *ctx);

/// Profiling (models built with `nncc --profile`): generated code calls
/// nncc_profile_begin() before each kernel and
/// nncc_profile_end(counters, k, start) after it, which adds the elapsed
/// CLOCK_MONOTONIC nanoseconds to counters[2k] and 1 to counters[2k + 1]
/// with relaxed atomic additions. `counters` is the model's
/// nnrt_model_profile_v1_t::counters, shared by every instance of the
/// loaded library. Thread-safe.
int64_t nncc_profile_begin(void);
void nncc_profile_end(int64_t *counters, int64_t kernel, int64_t start);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* NNRT_SRC_MODEL_SUPPORT_MODEL_SUPPORT_H */
