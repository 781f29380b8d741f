/*===- parallel.c - Serial parallel_for for generated code --------*- C -*-===//
 *
 * Part of nncc.
 *
 * The fallback generated code uses when no runtime parallel_for is given,
 * e.g. when a model is driven by a program other than libnnrt.
 *===----------------------------------------------------------------------===*/
#include "runtime/src/model_support/model_support.h"

void nnrt_serial_parallel_for(void *pool, int64_t n, nnrt_task_fn_v1_t fn,
                              void *ctx) {
  (void)pool;
  for (int64_t i = 0; i < n; ++i)
    fn(ctx, i);
}
