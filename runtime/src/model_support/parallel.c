/*===- parallel.c - parallel_for for generated code ---------------*- C -*-===//
 *
 * Part of nncc.
 *
 * How generated code reaches the runtime's thread pool without a change to
 * the v1 run ABI: the run function stores the env it was given in a
 * thread-local (nncc_model_env_enter/exit) and outlined parallel loops call
 * nncc_model_parallel_for, which forwards to env->parallel_for. The
 * thread-local keeps separate model instances on separate threads apart;
 * worker threads never have an environment, so task bodies run serially.
 * Also the serial fallback used when no runtime parallel_for is given,
 * e.g. when a model is driven by a program other than libnnrt.
 *===----------------------------------------------------------------------===*/
#include "runtime/src/model_support/model_support.h"

/* The environment of the run executing on this thread, or NULL. */
static _Thread_local const nnrt_run_env_v1_t *nncc_current_env;

void nnrt_serial_parallel_for(void *pool, int64_t n, nnrt_task_fn_v1_t fn,
                              void *ctx) {
  (void)pool;
  for (int64_t i = 0; i < n; ++i)
    fn(ctx, i);
}

const nnrt_run_env_v1_t *nncc_model_env_enter(const nnrt_run_env_v1_t *env) {
  const nnrt_run_env_v1_t *previous = nncc_current_env;
  nncc_current_env = env;
  return previous;
}

void nncc_model_env_exit(const nnrt_run_env_v1_t *previous) {
  nncc_current_env = previous;
}

/* True when `env` is large enough to hold parallel_for and offers more than
 * one thread. */
static int nncc_env_is_parallel(const nnrt_run_env_v1_t *env) {
  return env &&
         env->struct_size >= offsetof(nnrt_run_env_v1_t, parallel_for) +
                                 sizeof(env->parallel_for) &&
         env->parallel_for && env->num_threads > 1;
}

void nncc_model_parallel_for(int64_t n, nnrt_task_fn_v1_t fn, void *ctx) {
  const nnrt_run_env_v1_t *env = nncc_current_env;
  if (n <= 1 || !nncc_env_is_parallel(env)) {
    nnrt_serial_parallel_for(NULL, n, fn, ctx);
    return;
  }
  /* Tasks that run on this thread see no environment: no nesting. */
  nncc_current_env = NULL;
  env->parallel_for(env->pool, n, fn, ctx);
  nncc_current_env = env;
}
