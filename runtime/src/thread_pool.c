/*===- thread_pool.c - Per-model worker threads -------------------*- C -*-===//
 *
 * Part of nncc.
 *
 * Protocol. All coordination goes through one atomic word, the ticket:
 *   bits 0-15   number of workers currently inside the job ("active")
 *   bit 16      closed: no worker may enter the job any more
 *   bits 17-63  job generation
 * The caller publishes a job by writing its fields (fn, ctx, n, chunk),
 * resetting the index counter and storing a new generation with active = 0
 * and closed clear. A worker that sees the new generation enters with a CAS
 * that increments active only if the ticket still names that generation and
 * is open; only then does it read the job fields, claim chunks from the
 * shared counter and run them, and finally decrement active. The caller
 * claims chunks too; when none are left it closes the ticket and waits for
 * active to reach zero.
 *
 * So the caller never waits for a worker that did not take part (one that
 * is descheduled, e.g. when threads outnumber cores, simply misses the
 * job), and job fields are never rewritten while a worker may read them:
 * that takes a closed ticket with no active worker.
 *
 * Memory order: job fields are written before the release store of the
 * ticket and read after the acquire CAS that enters (later increments stay
 * in the release sequence). Task side effects are published by each
 * worker's acq_rel decrement and the caller's acquire load of the ticket.
 * On the sleeping paths the mutex closes the check-then-wait windows.
 *===----------------------------------------------------------------------===*/
#define _POSIX_C_SOURCE 200809L

#include "runtime/src/thread_pool.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "runtime/src/allocator.h"
#include "runtime/src/status.h"

/* How long an idle thread polls before it parks, in nanoseconds: long
 * enough to catch the next parallel_for of the same run without a wake-up
 * (~5 us each), short enough that an idle pool costs nothing measurable. */
#define NNRT_SPIN_NS 100000

/* Chunks per thread and job: more chunks balance uneven tasks better, fewer
 * chunks touch the shared counter less. */
#define NNRT_CHUNKS_PER_THREAD 4

#define NNRT_TICKET_ACTIVE_MASK UINT64_C(0xffff)
#define NNRT_TICKET_CLOSED (UINT64_C(1) << 16)
#define NNRT_TICKET_GENERATION_SHIFT 17

struct nnrt_thread_pool {
  nnrt_allocator_t allocator;
  uint32_t num_threads; /* caller + workers */
  uint32_t num_workers;
  pthread_t *workers;

  pthread_mutex_t mutex;
  pthread_cond_t wake_cond; /* workers wait here for a new generation */
  pthread_cond_t done_cond; /* the caller waits here for active == 0 */
  uint32_t num_sleeping;    /* workers waiting on wake_cond (under mutex) */
  bool caller_sleeping;     /* the caller waits on done_cond (under mutex) */
  bool shutdown;            /* under mutex */

  _Atomic uint64_t ticket;
  _Atomic int64_t next_index;
  uint64_t generation; /* the caller's job counter */

  /* The current job; written only while the ticket is closed and no worker
   * is active. */
  nnrt_task_fn_v1_t fn;
  void *ctx;
  int64_t n;
  int64_t chunk;
};

/* Set while this thread runs tasks, so a nested parallel_for runs serially
 * instead of waiting for threads that are busy with the outer job. */
static _Thread_local bool nnrt_in_task;

static inline uint64_t nnrt_ticket_generation(uint64_t ticket) {
  return ticket >> NNRT_TICKET_GENERATION_SHIFT;
}

static inline void nnrt_cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  __asm__ __volatile__("yield");
#endif
}

static uint64_t nnrt_now_ns(void) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (uint64_t)now.tv_sec * UINT64_C(1000000000) + (uint64_t)now.tv_nsec;
}

/* A bounded spin: polls `done(pool, arg)` for up to NNRT_SPIN_NS. Reading
 * the clock only every 64 polls keeps the loop cheap. */
static bool nnrt_spin_until(bool (*done)(nnrt_thread_pool_t *, uint64_t),
                            nnrt_thread_pool_t *pool, uint64_t arg) {
  uint64_t deadline = 0;
  for (uint32_t i = 0;; ++i) {
    if (done(pool, arg))
      return true;
    if ((i & 63) == 0) {
      uint64_t now = nnrt_now_ns();
      if (deadline == 0)
        deadline = now + NNRT_SPIN_NS;
      else if (now >= deadline)
        return false;
    }
    nnrt_cpu_relax();
  }
}

static bool nnrt_new_generation(nnrt_thread_pool_t *pool, uint64_t seen) {
  uint64_t ticket = atomic_load_explicit(&pool->ticket, memory_order_acquire);
  return nnrt_ticket_generation(ticket) != seen;
}

static bool nnrt_no_active_workers(nnrt_thread_pool_t *pool, uint64_t unused) {
  (void)unused;
  uint64_t ticket = atomic_load_explicit(&pool->ticket, memory_order_acquire);
  return (ticket & NNRT_TICKET_ACTIVE_MASK) == 0;
}

void nnrt_serial_for(void *pool, int64_t n, nnrt_task_fn_v1_t fn, void *ctx) {
  (void)pool;
  for (int64_t i = 0; i < n; ++i)
    fn(ctx, i);
}

/* Claims and runs chunks of the current job until none are left. */
static void nnrt_thread_pool_work(nnrt_thread_pool_t *pool) {
  nnrt_task_fn_v1_t fn = pool->fn;
  void *ctx = pool->ctx;
  int64_t n = pool->n;
  int64_t chunk = pool->chunk;
  bool was_in_task = nnrt_in_task;
  nnrt_in_task = true;
  for (;;) {
    int64_t begin = atomic_fetch_add_explicit(&pool->next_index, chunk,
                                              memory_order_relaxed);
    if (begin >= n)
      break;
    int64_t end = n - begin < chunk ? n : begin + chunk;
    for (int64_t i = begin; i < end; ++i)
      fn(ctx, i);
  }
  nnrt_in_task = was_in_task;
}

/* Enters the job of generation `generation` if it is still open. */
static bool nnrt_thread_pool_enter(nnrt_thread_pool_t *pool,
                                   uint64_t generation) {
  uint64_t ticket = atomic_load_explicit(&pool->ticket, memory_order_relaxed);
  for (;;) {
    if (nnrt_ticket_generation(ticket) != generation ||
        (ticket & NNRT_TICKET_CLOSED))
      return false;
    if (atomic_compare_exchange_weak_explicit(&pool->ticket, &ticket,
                                              ticket + 1, memory_order_acquire,
                                              memory_order_relaxed))
      return true;
  }
}

static void *nnrt_thread_pool_worker_main(void *arg) {
  nnrt_thread_pool_t *pool = (nnrt_thread_pool_t *)arg;
  uint64_t seen = 0;
  for (;;) {
    /* Spin for a while (the next job of a run usually follows at once),
     * then park. */
    if (!nnrt_spin_until(nnrt_new_generation, pool, seen)) {
      pthread_mutex_lock(&pool->mutex);
      while (!pool->shutdown && !nnrt_new_generation(pool, seen)) {
        ++pool->num_sleeping;
        pthread_cond_wait(&pool->wake_cond, &pool->mutex);
        --pool->num_sleeping;
      }
      bool stop = pool->shutdown;
      pthread_mutex_unlock(&pool->mutex);
      if (stop)
        return NULL;
    }
    seen = nnrt_ticket_generation(
        atomic_load_explicit(&pool->ticket, memory_order_acquire));
    if (!nnrt_thread_pool_enter(pool, seen))
      continue; /* the job finished without us */

    nnrt_thread_pool_work(pool);

    uint64_t after =
        atomic_fetch_sub_explicit(&pool->ticket, 1, memory_order_acq_rel) - 1;
    if ((after & NNRT_TICKET_CLOSED) &&
        (after & NNRT_TICKET_ACTIVE_MASK) == 0) {
      /* Last one out of a closed job: wake the caller if it went to sleep.
       * Taking the mutex closes the window between its check and its wait. */
      pthread_mutex_lock(&pool->mutex);
      if (pool->caller_sleeping)
        pthread_cond_signal(&pool->done_cond);
      pthread_mutex_unlock(&pool->mutex);
    }
  }
}

void nnrt_thread_pool_parallel_for(void *opaque_pool, int64_t n,
                                   nnrt_task_fn_v1_t fn, void *ctx) {
  nnrt_thread_pool_t *pool = (nnrt_thread_pool_t *)opaque_pool;
  if (n <= 0)
    return;
  /* The n bound keeps the shared counter, which every thread pushes up to
   * one chunk past n, far from overflowing. */
  if (!pool || pool->num_workers == 0 || n == 1 || nnrt_in_task ||
      n > INT64_MAX / 2) {
    bool was_in_task = nnrt_in_task;
    nnrt_in_task = true;
    nnrt_serial_for(NULL, n, fn, ctx);
    nnrt_in_task = was_in_task;
    return;
  }

  int64_t chunk = n / ((int64_t)pool->num_threads * NNRT_CHUNKS_PER_THREAD);
  pool->fn = fn;
  pool->ctx = ctx;
  pool->n = n;
  pool->chunk = chunk > 0 ? chunk : 1;
  atomic_store_explicit(&pool->next_index, 0, memory_order_relaxed);
  ++pool->generation;

  pthread_mutex_lock(&pool->mutex);
  atomic_store_explicit(&pool->ticket,
                        pool->generation << NNRT_TICKET_GENERATION_SHIFT,
                        memory_order_release);
  if (pool->num_sleeping > 0)
    pthread_cond_broadcast(&pool->wake_cond);
  pthread_mutex_unlock(&pool->mutex);

  nnrt_thread_pool_work(pool);

  /* Every chunk is claimed: close the job and wait for the workers still
   * running theirs. */
  uint64_t ticket = atomic_fetch_or_explicit(&pool->ticket, NNRT_TICKET_CLOSED,
                                             memory_order_acq_rel);
  if ((ticket & NNRT_TICKET_ACTIVE_MASK) == 0 ||
      nnrt_spin_until(nnrt_no_active_workers, pool, 0))
    return;
  pthread_mutex_lock(&pool->mutex);
  pool->caller_sleeping = true;
  while (!nnrt_no_active_workers(pool, 0))
    pthread_cond_wait(&pool->done_cond, &pool->mutex);
  pool->caller_sleeping = false;
  pthread_mutex_unlock(&pool->mutex);
}

nnrt_status_t nnrt_thread_pool_create(uint32_t num_threads,
                                      const nnrt_allocator_t *allocator,
                                      nnrt_thread_pool_t **out_pool) {
  *out_pool = NULL;
  nnrt_thread_pool_t *pool = (nnrt_thread_pool_t *)nnrt_allocator_alloc(
      allocator, sizeof(nnrt_thread_pool_t), _Alignof(nnrt_thread_pool_t));
  if (!pool)
    return nnrt_status_make(NNRT_STATUS_RESOURCE_EXHAUSTED,
                            "out of memory creating a thread pool");
  memset(pool, 0, sizeof(*pool));
  pool->allocator = *allocator;
  pool->num_threads = num_threads;
  atomic_init(&pool->ticket, 0);
  atomic_init(&pool->next_index, 0);

  uint32_t num_workers = num_threads > 1 ? num_threads - 1 : 0;
  if (num_workers > 0) {
    pool->workers = (pthread_t *)nnrt_allocator_alloc(
        allocator, sizeof(pthread_t) * num_workers, _Alignof(pthread_t));
    if (!pool->workers) {
      nnrt_allocator_free(allocator, pool);
      return nnrt_status_make(NNRT_STATUS_RESOURCE_EXHAUSTED,
                              "out of memory creating a thread pool");
    }
  }
  if (pthread_mutex_init(&pool->mutex, NULL) != 0) {
    nnrt_allocator_free(allocator, pool->workers);
    nnrt_allocator_free(allocator, pool);
    return nnrt_status_make(NNRT_STATUS_RESOURCE_EXHAUSTED,
                            "cannot create a mutex for the thread pool");
  }
  pthread_cond_init(&pool->wake_cond, NULL);
  pthread_cond_init(&pool->done_cond, NULL);

  for (uint32_t i = 0; i < num_workers; ++i) {
    if (pthread_create(&pool->workers[i], NULL, nnrt_thread_pool_worker_main,
                       pool) != 0) {
      /* Stop the workers started so far; release() joins num_workers. */
      pool->num_workers = i;
      nnrt_thread_pool_release(pool);
      return nnrt_status_make(NNRT_STATUS_RESOURCE_EXHAUSTED,
                              "cannot start worker thread %u of %u",
                              (unsigned)i + 1, (unsigned)num_workers);
    }
    pool->num_workers = i + 1;
  }
  *out_pool = pool;
  return NULL;
}

void nnrt_thread_pool_release(nnrt_thread_pool_t *pool) {
  if (!pool)
    return;
  pthread_mutex_lock(&pool->mutex);
  pool->shutdown = true;
  pthread_cond_broadcast(&pool->wake_cond);
  pthread_mutex_unlock(&pool->mutex);
  for (uint32_t i = 0; i < pool->num_workers; ++i)
    pthread_join(pool->workers[i], NULL);
  pthread_cond_destroy(&pool->done_cond);
  pthread_cond_destroy(&pool->wake_cond);
  pthread_mutex_destroy(&pool->mutex);
  nnrt_allocator_t allocator = pool->allocator;
  nnrt_allocator_free(&allocator, pool->workers);
  nnrt_allocator_free(&allocator, pool);
}

uint32_t nnrt_thread_pool_size(const nnrt_thread_pool_t *pool) {
  return pool ? pool->num_threads : 1;
}
