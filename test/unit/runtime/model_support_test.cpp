//===- model_support_test.cpp - libnnrt_model.a functions -------*- C++ -*-===//
//
// Part of nncc.
//
// The allocation hooks, the serial parallel_for and the run-env plumbing
// (nncc_model_env_enter/exit, nncc_model_parallel_for) that every model.so
// links. (That they stay hidden in a model is checked in
// ModelLoadTest.OnlyQuerySymbolIsExported.)
//
//===----------------------------------------------------------------------===//
#include "runtime/src/model_support/model_support.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <thread>
#include <vector>

TEST(ModelSupportTest, AllocIsAligned) {
  for (size_t size : {0u, 1u, 3u, 64u, 1000u, 1u << 20}) {
    void *ptr = _mlir_memref_to_llvm_alloc(size);
    ASSERT_NE(ptr, nullptr) << size;
    EXPECT_EQ(reinterpret_cast<uintptr_t>(ptr) % 64, 0u) << size;
    std::memset(ptr, 0x5a, size);
    _mlir_memref_to_llvm_free(ptr);
  }
}

TEST(ModelSupportTest, AlignedAllocHonoursLargerAlignments) {
  for (size_t alignment : {1u, 8u, 64u, 128u, 4096u}) {
    void *ptr = _mlir_memref_to_llvm_aligned_alloc(alignment, 100);
    ASSERT_NE(ptr, nullptr) << alignment;
    size_t expected = alignment < 64 ? 64 : alignment;
    EXPECT_EQ(reinterpret_cast<uintptr_t>(ptr) % expected, 0u) << alignment;
    _mlir_memref_to_llvm_free(ptr);
  }
}

TEST(ModelSupportTest, AlignedAllocRejectsBadAlignment) {
  EXPECT_EQ(_mlir_memref_to_llvm_aligned_alloc(0, 16), nullptr);
  EXPECT_EQ(_mlir_memref_to_llvm_aligned_alloc(48, 16), nullptr);
}

TEST(ModelSupportTest, HugeAllocFails) {
  // (Under a sanitizer, run with allocator_may_return_null=1.)
  EXPECT_EQ(_mlir_memref_to_llvm_alloc(SIZE_MAX - 4096), nullptr);
}

TEST(ModelSupportTest, FreeNullIsNoOp) { _mlir_memref_to_llvm_free(nullptr); }

// Large blocks freed by one run are reused by the next allocation of the
// same size and alignment (no fresh pages per run); other sizes and
// alignments get other blocks, and a reused block is writable in full.
TEST(ModelSupportTest, LargeFreedBlocksAreReused) {
  const size_t size = 3u << 20;
  void *a = _mlir_memref_to_llvm_alloc(size);
  ASSERT_NE(a, nullptr);
  std::memset(a, 1, size);
  _mlir_memref_to_llvm_free(a);
  void *b = _mlir_memref_to_llvm_alloc(size);
  EXPECT_EQ(b, a);
  void *c = _mlir_memref_to_llvm_alloc(size);
  EXPECT_NE(c, b);
  void *d = _mlir_memref_to_llvm_aligned_alloc(4096, size);
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(d) % 4096, 0u);
  std::memset(b, 2, size);
  std::memset(c, 3, size);
  std::memset(d, 4, size);
  EXPECT_EQ(static_cast<unsigned char *>(b)[size - 1], 2);
  _mlir_memref_to_llvm_free(b);
  _mlir_memref_to_llvm_free(c);
  _mlir_memref_to_llvm_free(d);
  // Small blocks are not cached: nothing to assert about their addresses,
  // but they must still round-trip.
  void *s = _mlir_memref_to_llvm_alloc(100);
  ASSERT_NE(s, nullptr);
  _mlir_memref_to_llvm_free(s);
}

// Cached blocks are returned to libc when the cache is drained (which the
// library's destructor does at dlclose): LeakSanitizer reported them as
// leaked once the model.so holding the list was unloaded.
TEST(ModelSupportTest, DrainReturnsCachedBlocks) {
  const size_t size = 1u << 20;
  void *a = _mlir_memref_to_llvm_alloc(size);
  ASSERT_NE(a, nullptr);
  size_t before = nncc_model_alloc_cache_bytes();
  _mlir_memref_to_llvm_free(a);
  EXPECT_EQ(nncc_model_alloc_cache_bytes(), before + size);
  nncc_model_alloc_cache_drain();
  EXPECT_EQ(nncc_model_alloc_cache_bytes(), 0u);
  // Still usable after a drain.
  void *b = _mlir_memref_to_llvm_alloc(size);
  ASSERT_NE(b, nullptr);
  _mlir_memref_to_llvm_free(b);
  nncc_model_alloc_cache_drain();
}

TEST(ModelSupportTest, SerialParallelForRunsInOrder) {
  std::vector<int64_t> order;
  nnrt_serial_parallel_for(
      nullptr, 4,
      [](void *ctx, int64_t i) {
        static_cast<std::vector<int64_t> *>(ctx)->push_back(i);
      },
      &order);
  EXPECT_EQ(order, (std::vector<int64_t>{0, 1, 2, 3}));
  nnrt_serial_parallel_for(
      nullptr, 0, [](void *, int64_t) { FAIL() << "called for n == 0"; },
      nullptr);
}

namespace {

/// A fake runtime: records each parallel_for call and runs the tasks
/// serially, in order.
struct FakePool {
  int calls = 0;
  int64_t lastN = -1;
};

void fakeParallelFor(void *pool, int64_t n, nnrt_task_fn_v1_t fn, void *ctx) {
  auto *fake = static_cast<FakePool *>(pool);
  ++fake->calls;
  fake->lastN = n;
  for (int64_t i = 0; i < n; ++i)
    fn(ctx, i);
}

nnrt_run_env_v1_t makeEnv(FakePool *pool, uint32_t threads) {
  nnrt_run_env_v1_t env;
  std::memset(&env, 0, sizeof(env));
  env.struct_size = sizeof(env);
  env.num_threads = threads;
  env.pool = pool;
  env.parallel_for = fakeParallelFor;
  return env;
}

void recordIndex(void *ctx, int64_t i) {
  static_cast<std::vector<int64_t> *>(ctx)->push_back(i);
}

/// Makes `env` current for the scope, like the generated nncc_model_run.
struct EnvScope {
  const nnrt_run_env_v1_t *previous;
  explicit EnvScope(const nnrt_run_env_v1_t *env)
      : previous(nncc_model_env_enter(env)) {}
  ~EnvScope() { nncc_model_env_exit(previous); }
};

} // namespace

TEST(ModelParallelForTest, WithoutEnvRunsSeriallyInOrder) {
  std::vector<int64_t> order;
  nncc_model_parallel_for(4, recordIndex, &order);
  EXPECT_EQ(order, (std::vector<int64_t>{0, 1, 2, 3}));
  nncc_model_parallel_for(
      0, [](void *, int64_t) { FAIL() << "called for n == 0"; }, nullptr);
  nncc_model_parallel_for(
      -3, [](void *, int64_t) { FAIL() << "called for n < 0"; }, nullptr);
}

TEST(ModelParallelForTest, UsesTheCurrentRunsParallelFor) {
  FakePool pool;
  nnrt_run_env_v1_t env = makeEnv(&pool, 2);
  std::vector<int64_t> order;
  {
    EnvScope scope(&env);
    nncc_model_parallel_for(5, recordIndex, &order);
  }
  EXPECT_EQ(pool.calls, 1);
  EXPECT_EQ(pool.lastN, 5);
  EXPECT_EQ(order, (std::vector<int64_t>{0, 1, 2, 3, 4}));
  // After the run, calls are serial again.
  nncc_model_parallel_for(3, recordIndex, &order);
  EXPECT_EQ(pool.calls, 1);
}

TEST(ModelParallelForTest, TasksDoNotNest) {
  FakePool pool;
  nnrt_run_env_v1_t env = makeEnv(&pool, 4);
  struct Ctx {
    std::vector<int64_t> inner;
  } ctx;
  {
    EnvScope scope(&env);
    nncc_model_parallel_for(
        3,
        [](void *c, int64_t) {
          nncc_model_parallel_for(2, recordIndex,
                                  &static_cast<Ctx *>(c)->inner);
        },
        &ctx);
    // The env is back for the next loop of the same run.
    nncc_model_parallel_for(2, recordIndex, &ctx.inner);
  }
  EXPECT_EQ(pool.calls, 2); // The outer loop and the last one, not the inner.
  EXPECT_EQ(ctx.inner, (std::vector<int64_t>{0, 1, 0, 1, 0, 1, 0, 1}));
}

TEST(ModelParallelForTest, SerialWhenTheEnvCannotHelp) {
  FakePool pool;
  std::vector<int64_t> order;
  // One thread.
  nnrt_run_env_v1_t one = makeEnv(&pool, 1);
  // No parallel_for.
  nnrt_run_env_v1_t none = makeEnv(&pool, 2);
  none.parallel_for = nullptr;
  // An env too old to have parallel_for.
  nnrt_run_env_v1_t small = makeEnv(&pool, 2);
  small.struct_size = offsetof(nnrt_run_env_v1_t, parallel_for);
  for (const nnrt_run_env_v1_t *env : {&one, &none, &small}) {
    EnvScope scope(env);
    nncc_model_parallel_for(2, recordIndex, &order);
  }
  // A single task runs directly.
  nnrt_run_env_v1_t two = makeEnv(&pool, 2);
  {
    EnvScope scope(&two);
    nncc_model_parallel_for(1, recordIndex, &order);
  }
  EXPECT_EQ(pool.calls, 0);
  EXPECT_EQ(order, (std::vector<int64_t>{0, 1, 0, 1, 0, 1, 0}));
}

TEST(ModelParallelForTest, EnvIsPerThreadAndRestored) {
  FakePool outerPool, innerPool;
  nnrt_run_env_v1_t outer = makeEnv(&outerPool, 2);
  nnrt_run_env_v1_t inner = makeEnv(&innerPool, 2);
  std::vector<int64_t> order;
  EXPECT_EQ(nncc_model_env_enter(&outer), nullptr);
  // Another thread (e.g. another model instance's run) has no env.
  std::thread other([] {
    std::vector<int64_t> local;
    nncc_model_parallel_for(2, recordIndex, &local);
  });
  other.join();
  EXPECT_EQ(outerPool.calls, 0);
  // enter/exit nest.
  EXPECT_EQ(nncc_model_env_enter(&inner), &outer);
  nncc_model_parallel_for(2, recordIndex, &order);
  nncc_model_env_exit(&outer);
  nncc_model_parallel_for(2, recordIndex, &order);
  nncc_model_env_exit(nullptr);
  EXPECT_EQ(innerPool.calls, 1);
  EXPECT_EQ(outerPool.calls, 1);
  EXPECT_EQ(nncc_model_env_enter(nullptr), nullptr);
}
