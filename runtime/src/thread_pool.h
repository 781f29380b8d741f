/*===- thread_pool.h - Per-model worker threads -------------------*- C -*-===//
 *
 * Part of nncc.
 *
 * A small fork-join pool that implements nnrt_run_env_v1_t.parallel_for.
 * Each model handle with more than one thread owns one pool. Workers spin
 * briefly after a job (generated code issues many parallel_for calls
 * back to back) and then park on a condition variable, so an idle pool uses
 * no CPU. The calling thread takes part in every job and never waits for a
 * worker that has not started on it, so a descheduled worker (more threads
 * than cores) costs nothing. Indices are handed out in chunks from a shared
 * atomic counter, so uneven tasks balance out.
 *
 * A parallel_for issued from inside a task (nested parallelism) runs
 * serially on the calling thread. One pool serves one parallel_for at a
 * time: callers must not share a pool between threads (the model handle's
 * one-run-at-a-time rule guarantees this).
 *===----------------------------------------------------------------------===*/
#ifndef NNRT_SRC_THREAD_POOL_H
#define NNRT_SRC_THREAD_POOL_H

#include "nnrt/nnrt.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct nnrt_thread_pool nnrt_thread_pool_t;

/// Creates a pool running jobs on `num_threads` threads in total: the caller
/// plus num_threads - 1 workers (num_threads >= 2). Memory comes from
/// `allocator`, which must outlive the pool. On success *out_pool is owned
/// by the caller. Errors: RESOURCE_EXHAUSTED.
nnrt_status_t nnrt_thread_pool_create(uint32_t num_threads,
                                      const nnrt_allocator_t *allocator,
                                      nnrt_thread_pool_t **out_pool);

/// Stops and joins the workers and frees the pool. NULL is a no-op. Must not
/// overlap a parallel_for on the same pool.
void nnrt_thread_pool_release(nnrt_thread_pool_t *pool);

/// Returns the total thread count the pool was created with.
uint32_t nnrt_thread_pool_size(const nnrt_thread_pool_t *pool);

/// Calls fn(ctx, i) for every i in [0, n) on the pool's threads and returns
/// when all calls have finished. `pool` is an nnrt_thread_pool_t or NULL (then
/// everything runs on the caller). Matches nnrt_parallel_for_fn_v1_t.
void nnrt_thread_pool_parallel_for(void *pool, int64_t n, nnrt_task_fn_v1_t fn,
                                   void *ctx);

/// Calls fn(ctx, i) for every i in [0, n) in order on the caller's thread;
/// ignores `pool`. Matches nnrt_parallel_for_fn_v1_t.
void nnrt_serial_for(void *pool, int64_t n, nnrt_task_fn_v1_t fn, void *ctx);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* NNRT_SRC_THREAD_POOL_H */
