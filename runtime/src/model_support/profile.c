/*===- profile.c - Kernel timing for models built with --profile --*- C -*-===//
 *
 * Part of nncc.
 *
 * nncc-instrument-kernels brackets every kernel of a profiled model with
 * nncc_profile_begin/end. The counters are a global of the model library
 * (see nnrt_model_profile_v1_t in model_abi.h), so all instances of one
 * loaded model.so add to the same counters: relaxed atomic additions keep
 * concurrent runs from losing counts (the two counters of one kernel are
 * not updated together, which readers tolerate).
 *===----------------------------------------------------------------------===*/
#define _POSIX_C_SOURCE 200809L

#include <time.h>

#include "runtime/src/model_support/model_support.h"

int64_t nncc_profile_begin(void) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (int64_t)now.tv_sec * 1000000000 + now.tv_nsec;
}

void nncc_profile_end(int64_t *counters, int64_t kernel, int64_t start) {
  int64_t elapsed = nncc_profile_begin() - start;
  __atomic_fetch_add(&counters[2 * kernel], elapsed, __ATOMIC_RELAXED);
  __atomic_fetch_add(&counters[2 * kernel + 1], 1, __ATOMIC_RELAXED);
}
