//===- thread_pool_test.cpp - Worker threads and parallel_for ---*- C++ -*-===//
//
// Part of nncc.
//
// The pool directly (internal API: coverage, nesting, many small jobs) and
// through the public API with the parallel fixture, which proves that 1, 2
// and 4 threads really run its tasks concurrently.
//
//===----------------------------------------------------------------------===//
#include "TestUtil.h"

#include "runtime/src/allocator.h"
#include "runtime/src/thread_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

using namespace nnrt_test;

//===----------------------------------------------------------------------===//
// Internal pool
//===----------------------------------------------------------------------===//

namespace {

struct PoolDeleter {
  void operator()(nnrt_thread_pool_t *pool) const {
    nnrt_thread_pool_release(pool);
  }
};
using Pool = std::unique_ptr<nnrt_thread_pool_t, PoolDeleter>;

Pool makePool(uint32_t threads) {
  nnrt_allocator_t allocator = nnrt_allocator_libc();
  nnrt_thread_pool_t *pool = nullptr;
  Status status(nnrt_thread_pool_create(threads, &allocator, &pool));
  EXPECT_EQ(status, nullptr) << messageOf(status);
  return Pool(pool);
}

/// Counts how often each index runs.
struct Counter {
  std::vector<std::atomic<int>> hits;
  explicit Counter(size_t n) : hits(n) {}
  static void task(void *ctx, int64_t i) {
    static_cast<Counter *>(ctx)->hits[static_cast<size_t>(i)]++;
  }
  bool eachOnce() const {
    for (const auto &hit : hits)
      if (hit.load() != 1)
        return false;
    return true;
  }
};

} // namespace

TEST(ThreadPoolTest, RunsEveryIndexOnce) {
  for (uint32_t threads : {2u, 3u, 4u, 8u}) {
    Pool pool = makePool(threads);
    ASSERT_NE(pool, nullptr);
    EXPECT_EQ(nnrt_thread_pool_size(pool.get()), threads);
    for (int64_t n : {1, 2, 3, 7, 64, 1000, 100003}) {
      Counter counter(static_cast<size_t>(n));
      nnrt_thread_pool_parallel_for(pool.get(), n, Counter::task, &counter);
      EXPECT_TRUE(counter.eachOnce()) << "threads " << threads << " n " << n;
    }
  }
}

TEST(ThreadPoolTest, EmptyAndNegativeRangesDoNothing) {
  Pool pool = makePool(2);
  Counter counter(1);
  nnrt_thread_pool_parallel_for(pool.get(), 0, Counter::task, &counter);
  nnrt_thread_pool_parallel_for(pool.get(), -5, Counter::task, &counter);
  nnrt_serial_for(nullptr, 0, Counter::task, &counter);
  EXPECT_EQ(counter.hits[0].load(), 0);
}

TEST(ThreadPoolTest, NullPoolRunsSerially) {
  Counter counter(10);
  nnrt_thread_pool_parallel_for(nullptr, 10, Counter::task, &counter);
  EXPECT_TRUE(counter.eachOnce());
  EXPECT_EQ(nnrt_thread_pool_size(nullptr), 1u);
}

TEST(ThreadPoolTest, SerialForRunsInOrder) {
  std::vector<int64_t> order;
  nnrt_serial_for(
      nullptr, 5,
      [](void *ctx, int64_t i) {
        static_cast<std::vector<int64_t> *>(ctx)->push_back(i);
      },
      &order);
  EXPECT_EQ(order, (std::vector<int64_t>{0, 1, 2, 3, 4}));
}

namespace {
struct NestedState {
  nnrt_thread_pool_t *pool = nullptr;
  std::vector<std::atomic<int>> hits;
  NestedState() : hits(64 * 8) {}
};
void innerTask(void *ctx, int64_t j) {
  auto *slot = static_cast<std::pair<NestedState *, int64_t> *>(ctx);
  slot->first->hits[static_cast<size_t>(slot->second * 8 + j)]++;
}
void outerTask(void *ctx, int64_t i) {
  auto *state = static_cast<NestedState *>(ctx);
  std::pair<NestedState *, int64_t> slot(state, i);
  // Nested: must complete (serially) rather than deadlock.
  nnrt_thread_pool_parallel_for(state->pool, 8, innerTask, &slot);
}
} // namespace

TEST(ThreadPoolTest, NestedParallelForRunsSerially) {
  Pool pool = makePool(4);
  NestedState state;
  state.pool = pool.get();
  nnrt_thread_pool_parallel_for(pool.get(), 64, outerTask, &state);
  for (const auto &hit : state.hits)
    EXPECT_EQ(hit.load(), 1);
}

TEST(ThreadPoolTest, ManySmallJobsBackToBack) {
  // Generated code issues one parallel_for per kernel; stress the hand-off
  // between jobs, including workers that park between them.
  Pool pool = makePool(3);
  std::atomic<int64_t> sum{0};
  for (int job = 0; job < 2000; ++job) {
    nnrt_thread_pool_parallel_for(
        pool.get(), 5,
        [](void *ctx, int64_t i) {
          static_cast<std::atomic<int64_t> *>(ctx)->fetch_add(i + 1);
        },
        &sum);
    if (job % 500 == 0) // let the workers go to sleep
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_EQ(sum.load(), 2000 * 15);
}

TEST(ThreadPoolTest, UsesSeveralThreads) {
  Pool pool = makePool(4);
  std::mutex mutex;
  std::set<std::thread::id> ids;
  struct Ctx {
    std::mutex *mutex;
    std::set<std::thread::id> *ids;
  } ctx{&mutex, &ids};
  nnrt_thread_pool_parallel_for(
      pool.get(), 400,
      [](void *raw, int64_t) {
        auto *c = static_cast<Ctx *>(raw);
        std::this_thread::sleep_for(std::chrono::microseconds(200));
        std::lock_guard<std::mutex> lock(*c->mutex);
        c->ids->insert(std::this_thread::get_id());
      },
      &ctx);
  EXPECT_GT(ids.size(), 1u);
  EXPECT_LE(ids.size(), 4u);
  EXPECT_TRUE(ids.count(std::this_thread::get_id()))
      << "the caller's thread takes part";
}

TEST(ThreadPoolTest, CreateAndReleaseRepeatedly) {
  for (int i = 0; i < 50; ++i) {
    Pool pool = makePool(4);
    ASSERT_NE(pool, nullptr);
  }
  nnrt_thread_pool_release(nullptr);
}

TEST(ThreadPoolTest, FailingAllocatorIsResourceExhausted) {
  nnrt_allocator_t allocator = {
      nullptr, [](void *, size_t, size_t) -> void * { return nullptr; },
      [](void *, void *) {}};
  nnrt_thread_pool_t *pool = reinterpret_cast<nnrt_thread_pool_t *>(0x1);
  Status status(nnrt_thread_pool_create(4, &allocator, &pool));
  EXPECT_EQ(codeOf(status), NNRT_STATUS_RESOURCE_EXHAUSTED);
  EXPECT_EQ(pool, nullptr);
}

//===----------------------------------------------------------------------===//
// Through the public API
//===----------------------------------------------------------------------===//

namespace {

/// Runs the parallel fixture and checks all of its outputs; returns the
/// number of distinct threads it saw.
int runParallelModel(nnrt_model_t *model, uint32_t expectedThreads) {
  float x[64], y[64] = {};
  int32_t threads[2] = {};
  int32_t nested[128] = {};
  for (int i = 0; i < 64; ++i)
    x[i] = static_cast<float>(i);
  const int64_t xDims[1] = {64}, threadsDims[1] = {2}, nestedDims[1] = {128};
  nnrt_tensor_t input = makeTensor(NNRT_DTYPE_F32, xDims, 1, x, sizeof(x));
  nnrt_tensor_t outputs[3] = {
      makeTensor(NNRT_DTYPE_F32, xDims, 1, y, sizeof(y)),
      makeTensor(NNRT_DTYPE_I32, threadsDims, 1, threads, sizeof(threads)),
      makeTensor(NNRT_DTYPE_I32, nestedDims, 1, nested, sizeof(nested)),
  };
  Status status(nnrt_model_run(model, &input, 1, outputs, 3));
  EXPECT_EQ(status, nullptr) << messageOf(status);
  for (int i = 0; i < 64; ++i)
    EXPECT_EQ(y[i], 2.0f * x[i]) << i;
  for (int i = 0; i < 128; ++i)
    EXPECT_EQ(nested[i], i) << i;
  EXPECT_EQ(threads[0], static_cast<int32_t>(expectedThreads));
  return threads[1];
}

} // namespace

TEST(ModelThreadsTest, OneThreadByDefault) {
  Model model = loadModel(NNRT_FIXTURE_PARALLEL);
  EXPECT_EQ(runParallelModel(model.get(), 1), 1);
}

TEST(ModelThreadsTest, TwoAndFourThreadsRunConcurrently) {
  Model model = loadModel(NNRT_FIXTURE_PARALLEL);
  for (uint32_t n : {2u, 4u, 1u, 4u}) {
    Status status(nnrt_model_set_num_threads(model.get(), n));
    ASSERT_EQ(status, nullptr) << messageOf(status);
    EXPECT_EQ(nnrt_model_num_threads(model.get()), n);
    // The fixture's tasks wait until n distinct threads have arrived.
    EXPECT_EQ(runParallelModel(model.get(), n), static_cast<int>(n));
  }
}

TEST(ModelThreadsTest, RepeatedRunsReuseThePool) {
  Model model = loadModel(NNRT_FIXTURE_PARALLEL);
  Status status(nnrt_model_set_num_threads(model.get(), 2));
  ASSERT_EQ(status, nullptr) << messageOf(status);
  for (int i = 0; i < 20; ++i)
    EXPECT_EQ(runParallelModel(model.get(), 2), 2);
}

TEST(ModelThreadsTest, SeparateModelsRunConcurrently) {
  // Two handles of the same file, each with its own pool, on two threads.
  Model first = loadModel(NNRT_FIXTURE_PARALLEL);
  Model second = loadModel(NNRT_FIXTURE_PARALLEL);
  Status status(nnrt_model_set_num_threads(first.get(), 2));
  ASSERT_EQ(status, nullptr);
  status.reset(nnrt_model_set_num_threads(second.get(), 2));
  ASSERT_EQ(status, nullptr);
  std::thread other([&] {
    for (int i = 0; i < 10; ++i)
      runParallelModel(second.get(), 2);
  });
  for (int i = 0; i < 10; ++i)
    runParallelModel(first.get(), 2);
  other.join();
}

TEST(ModelThreadsTest, InvalidThreadCounts) {
  Model model = loadModel(NNRT_FIXTURE_PARALLEL);
  Status zero(nnrt_model_set_num_threads(model.get(), 0));
  EXPECT_EQ(codeOf(zero), NNRT_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(messageOf(zero), "thread count must be at least 1, got 0");
  Status tooMany(nnrt_model_set_num_threads(model.get(), NNRT_MAX_THREADS + 1));
  EXPECT_EQ(codeOf(tooMany), NNRT_STATUS_OUT_OF_RANGE);
  EXPECT_EQ(messageOf(tooMany), "thread count 257 is above the limit of 256");
  Status noModel(nnrt_model_set_num_threads(nullptr, 2));
  EXPECT_EQ(codeOf(noModel), NNRT_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(messageOf(noModel), "model is NULL");
  EXPECT_EQ(nnrt_model_num_threads(model.get()), 1u);
}

TEST(ModelThreadsTest, PoolComesFromTheAllocator) {
  struct Counts {
    std::atomic<int> live{0};
  } counts;
  nnrt_allocator_t allocator = {
      &counts,
      [](void *self, size_t size, size_t alignment) -> void * {
        void *ptr = nullptr;
        if (posix_memalign(&ptr, alignment < 8 ? 8 : alignment, size) != 0)
          return nullptr;
        static_cast<Counts *>(self)->live++;
        return ptr;
      },
      [](void *self, void *ptr) {
        static_cast<Counts *>(self)->live--;
        std::free(ptr);
      }};
  nnrt_model_t *raw = nullptr;
  Status status(nnrt_model_load(NNRT_FIXTURE_PARALLEL, &allocator, &raw));
  ASSERT_EQ(status, nullptr) << messageOf(status);
  Model model(raw);
  int afterLoad = counts.live.load();
  status.reset(nnrt_model_set_num_threads(model.get(), 3));
  ASSERT_EQ(status, nullptr);
  EXPECT_GT(counts.live.load(), afterLoad);
  status.reset(nnrt_model_set_num_threads(model.get(), 1));
  ASSERT_EQ(status, nullptr);
  EXPECT_EQ(counts.live.load(), afterLoad) << "the old pool is freed";
  status.reset(nnrt_model_set_num_threads(model.get(), 2));
  ASSERT_EQ(status, nullptr);
  model.reset();
  EXPECT_EQ(counts.live.load(), 0);
}
