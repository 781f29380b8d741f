//===- model_run_test.cpp - nnrt_model_run and allocators -------*- C++ -*-===//
//
// Part of nncc.
//
// Running the add fixture with valid tensors, every argument check of
// nnrt_model_run, the mapping of model status codes, and custom allocators
// (the workspace is allocated once, aligned, and freed on release).
//
//===----------------------------------------------------------------------===//
#include "TestUtil.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <set>
#include <string>
#include <vector>

using namespace nnrt_test;

namespace {

const int64_t kDims[2] = {2, 3};

/// Inputs and outputs of the add fixture, with valid tensors by default.
struct AddRun {
  float a[6] = {1, 2, 3, 4, 5, 6};
  float b[6] = {0.5f, -1, 2.25f, 10, 0, -6};
  float y[6] = {};
  float diff[6] = {};
  nnrt_tensor_t inputs[2];
  nnrt_tensor_t outputs[2];

  AddRun() {
    inputs[0] = makeTensor(NNRT_DTYPE_F32, kDims, 2, a, sizeof(a));
    inputs[1] = makeTensor(NNRT_DTYPE_F32, kDims, 2, b, sizeof(b));
    outputs[0] = makeTensor(NNRT_DTYPE_F32, kDims, 2, y, sizeof(y));
    outputs[1] = makeTensor(NNRT_DTYPE_F32, kDims, 2, diff, sizeof(diff));
  }

  Status run(nnrt_model_t *model) {
    return Status(nnrt_model_run(model, inputs, 2, outputs, 2));
  }
};

/// Runs `run` and expects INVALID_ARGUMENT with exactly `message`.
void expectRunError(nnrt_model_t *model, AddRun &run,
                    const std::string &message) {
  Status status = run.run(model);
  ASSERT_NE(status, nullptr);
  EXPECT_EQ(codeOf(status), NNRT_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(messageOf(status), message);
}

} // namespace

//===----------------------------------------------------------------------===//
// Successful runs
//===----------------------------------------------------------------------===//

TEST(ModelRunTest, AddsTensors) {
  Model model = loadModel(NNRT_FIXTURE_ADD);
  AddRun run;
  Status status = run.run(model.get());
  ASSERT_EQ(status, nullptr) << messageOf(status);
  for (int i = 0; i < 6; ++i) {
    EXPECT_EQ(run.y[i], run.a[i] + run.b[i]) << i;
    EXPECT_EQ(run.diff[i], run.a[i] - run.b[i]) << i;
  }
}

TEST(ModelRunTest, RunsRepeatedly) {
  Model model = loadModel(NNRT_FIXTURE_ADD);
  AddRun run;
  for (int iteration = 0; iteration < 100; ++iteration) {
    run.a[0] = static_cast<float>(iteration);
    Status status = run.run(model.get());
    ASSERT_EQ(status, nullptr) << messageOf(status);
    EXPECT_EQ(run.y[0], iteration + run.b[0]);
  }
}

TEST(ModelRunTest, LargerByteSizeIsAccepted) {
  Model model = loadModel(NNRT_FIXTURE_ADD);
  AddRun run;
  float bigger[16] = {};
  run.outputs[0].data = bigger;
  run.outputs[0].byte_size = sizeof(bigger);
  Status status = run.run(model.get());
  ASSERT_EQ(status, nullptr) << messageOf(status);
  EXPECT_EQ(bigger[5], run.a[5] + run.b[5]);
}

TEST(ModelRunTest, DynamicDimAcceptsAnySize) {
  Model model = loadModel(NNRT_FIXTURE_DYNAMIC);
  float x[12] = {};
  float y[2] = {};
  const int64_t xDims[2] = {4, 3};
  const int64_t yDims[1] = {2};
  nnrt_tensor_t input = makeTensor(NNRT_DTYPE_F32, xDims, 2, x, sizeof(x));
  nnrt_tensor_t output = makeTensor(NNRT_DTYPE_F32, yDims, 1, y, sizeof(y));
  Status status(nnrt_model_run(model.get(), &input, 1, &output, 1));
  ASSERT_EQ(status, nullptr) << messageOf(status);
  EXPECT_EQ(y[0], 1.0f);

  // An empty batch has zero bytes, so NULL data is fine.
  const int64_t emptyDims[2] = {0, 3};
  nnrt_tensor_t empty = makeTensor(NNRT_DTYPE_F32, emptyDims, 2, nullptr, 0);
  status.reset(nnrt_model_run(model.get(), &empty, 1, &output, 1));
  EXPECT_EQ(status, nullptr) << messageOf(status);

  const int64_t negativeDims[2] = {-1, 3};
  nnrt_tensor_t negative =
      makeTensor(NNRT_DTYPE_F32, negativeDims, 2, x, sizeof(x));
  status.reset(nnrt_model_run(model.get(), &negative, 1, &output, 1));
  EXPECT_EQ(codeOf(status), NNRT_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(messageOf(status), "input 'x' dim 0: expected a size >= 0, got -1");
}

//===----------------------------------------------------------------------===//
// Argument checks
//===----------------------------------------------------------------------===//

TEST(ModelRunTest, NullModelIsInvalidArgument) {
  AddRun run;
  Status status = run.run(nullptr);
  EXPECT_EQ(codeOf(status), NNRT_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(messageOf(status), "model is NULL");
}

TEST(ModelRunTest, WrongTensorCounts) {
  Model model = loadModel(NNRT_FIXTURE_ADD);
  AddRun run;
  Status tooFew(nnrt_model_run(model.get(), run.inputs, 1, run.outputs, 2));
  EXPECT_EQ(codeOf(tooFew), NNRT_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(messageOf(tooFew), "expected 2 inputs, got 1");
  Status tooMany(nnrt_model_run(model.get(), run.inputs, 2, run.outputs, 3));
  EXPECT_EQ(codeOf(tooMany), NNRT_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(messageOf(tooMany), "expected 2 outputs, got 3");
  Status none(nnrt_model_run(model.get(), nullptr, 0, run.outputs, 2));
  EXPECT_EQ(messageOf(none), "expected 2 inputs, got 0");
}

TEST(ModelRunTest, NullTensorArrays) {
  Model model = loadModel(NNRT_FIXTURE_ADD);
  AddRun run;
  Status inputs(nnrt_model_run(model.get(), nullptr, 2, run.outputs, 2));
  EXPECT_EQ(codeOf(inputs), NNRT_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(messageOf(inputs), "inputs is NULL for 2 inputs");
  Status outputs(nnrt_model_run(model.get(), run.inputs, 2, nullptr, 2));
  EXPECT_EQ(codeOf(outputs), NNRT_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(messageOf(outputs), "outputs is NULL for 2 outputs");
}

TEST(ModelRunTest, SmallStructSize) {
  Model model = loadModel(NNRT_FIXTURE_ADD);
  AddRun run;
  run.inputs[1].struct_size = 8;
  expectRunError(model.get(), run,
                 "input 'b': struct_size 8 is smaller than "
                 "sizeof(nnrt_tensor_t) = " +
                     std::to_string(sizeof(nnrt_tensor_t)));
}

TEST(ModelRunTest, WrongDtype) {
  Model model = loadModel(NNRT_FIXTURE_ADD);
  AddRun run;
  run.inputs[0].dtype = NNRT_DTYPE_I32;
  expectRunError(model.get(), run,
                 "input 'a': expected dtype f32, got i32 (6)");
  AddRun unknown;
  unknown.outputs[0].dtype = 99;
  expectRunError(model.get(), unknown,
                 "output 'y': expected dtype f32, got unknown (99)");
}

TEST(ModelRunTest, WrongRank) {
  Model model = loadModel(NNRT_FIXTURE_ADD);
  AddRun run;
  run.inputs[1].rank = 1;
  expectRunError(model.get(), run, "input 'b': expected rank 2, got 1");
}

TEST(ModelRunTest, WrongDim) {
  Model model = loadModel(NNRT_FIXTURE_ADD);
  AddRun run;
  const int64_t wrong[2] = {2, 4};
  run.outputs[1].dims = wrong;
  expectRunError(model.get(), run, "output 'diff:0' dim 1: expected 3, got 4");
}

TEST(ModelRunTest, NullDims) {
  Model model = loadModel(NNRT_FIXTURE_ADD);
  AddRun run;
  run.inputs[0].dims = nullptr;
  expectRunError(model.get(), run, "input 'a': dims is NULL for rank 2");
}

TEST(ModelRunTest, ByteSizeTooSmall) {
  Model model = loadModel(NNRT_FIXTURE_ADD);
  AddRun run;
  run.inputs[0].byte_size = 23;
  expectRunError(model.get(), run,
                 "input 'a': byte_size 23 is smaller than the 24 bytes of "
                 "f32[2,3]");
}

TEST(ModelRunTest, NullData) {
  Model model = loadModel(NNRT_FIXTURE_ADD);
  AddRun run;
  run.outputs[0].data = nullptr;
  expectRunError(model.get(), run, "output 'y': data is NULL for 24 bytes");
}

TEST(ModelRunTest, OverflowingSizeIsRejected) {
  Model model = loadModel(NNRT_FIXTURE_DYNAMIC);
  float y[2];
  const int64_t yDims[1] = {2};
  nnrt_tensor_t output = makeTensor(NNRT_DTYPE_F32, yDims, 1, y, sizeof(y));
  // 2^62 rows of 3 floats do not fit in size_t.
  const int64_t hugeDims[2] = {INT64_C(1) << 62, 3};
  float x;
  nnrt_tensor_t input = makeTensor(NNRT_DTYPE_F32, hugeDims, 2, &x, SIZE_MAX);
  Status status(nnrt_model_run(model.get(), &input, 1, &output, 1));
  EXPECT_EQ(codeOf(status), NNRT_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(messageOf(status),
            "input 'x': the size of f32[4611686018427387904,3] overflows");
}

TEST(ModelRunTest, ChecksHappenBeforeTheModelRuns) {
  // A bad output must be reported without the model touching any output.
  Model model = loadModel(NNRT_FIXTURE_ADD);
  AddRun run;
  run.outputs[1].byte_size = 0;
  Status status = run.run(model.get());
  EXPECT_EQ(codeOf(status), NNRT_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(run.y[0], 0.0f);
}

//===----------------------------------------------------------------------===//
// Model status codes
//===----------------------------------------------------------------------===//

namespace {
Status runStatusModel(nnrt_model_t *model, int32_t code, int32_t &echo) {
  const int64_t dims[1] = {1};
  nnrt_tensor_t input = makeTensor(NNRT_DTYPE_I32, dims, 1, &code, 4);
  nnrt_tensor_t output = makeTensor(NNRT_DTYPE_I32, dims, 1, &echo, 4);
  return Status(nnrt_model_run(model, &input, 1, &output, 1));
}
} // namespace

TEST(ModelStatusTest, ZeroIsOk) {
  Model model = loadModel(NNRT_FIXTURE_STATUS);
  int32_t echo = -1;
  Status status = runStatusModel(model.get(), 0, echo);
  EXPECT_EQ(status, nullptr) << messageOf(status);
  EXPECT_EQ(echo, 0);
  EXPECT_EQ(nnrt_model_workspace_size(model.get()), 0u);
}

TEST(ModelStatusTest, KnownCodesArePassedThrough) {
  Model model = loadModel(NNRT_FIXTURE_STATUS);
  int32_t echo = 0;
  Status status =
      runStatusModel(model.get(), NNRT_STATUS_RESOURCE_EXHAUSTED, echo);
  EXPECT_EQ(codeOf(status), NNRT_STATUS_RESOURCE_EXHAUSTED);
  EXPECT_EQ(messageOf(status),
            "model 'status' failed: resource exhausted (status 4)");
  for (int32_t code = 1; code <= 6; ++code) {
    status = runStatusModel(model.get(), code, echo);
    EXPECT_EQ(codeOf(status), code);
  }
}

TEST(ModelStatusTest, UnknownCodesBecomeInternal) {
  Model model = loadModel(NNRT_FIXTURE_STATUS);
  int32_t echo = 0;
  for (int32_t code : {7, 42, -1, INT32_MIN}) {
    Status status = runStatusModel(model.get(), code, echo);
    EXPECT_EQ(codeOf(status), NNRT_STATUS_INTERNAL);
    EXPECT_EQ(messageOf(status), "model 'status' failed with unknown status " +
                                     std::to_string(code));
  }
}

//===----------------------------------------------------------------------===//
// Allocators
//===----------------------------------------------------------------------===//

namespace {

/// Counts allocations; can be told to fail or to misalign.
struct CountingAllocator {
  int allocs = 0;
  int frees = 0;
  std::set<void *> live;
  std::vector<size_t> sizes;
  bool fail = false;
  size_t failAbove = SIZE_MAX; // fail allocations larger than this
  bool misalign = false;

  static void *alloc(void *self, size_t size, size_t alignment) {
    auto *me = static_cast<CountingAllocator *>(self);
    if (me->fail || size > me->failAbove)
      return nullptr;
    if (alignment < sizeof(void *))
      alignment = sizeof(void *);
    void *ptr = nullptr;
    if (posix_memalign(&ptr, alignment < 128 ? 128 : alignment, size + 128) !=
        0)
      return nullptr;
    ++me->allocs;
    me->sizes.push_back(size);
    if (me->misalign)
      ptr = static_cast<char *>(ptr) + 8;
    me->live.insert(ptr);
    return ptr;
  }

  static void free(void *self, void *ptr) {
    auto *me = static_cast<CountingAllocator *>(self);
    ++me->frees;
    EXPECT_EQ(me->live.erase(ptr), 1u) << "freeing unknown pointer";
    if (me->misalign)
      ptr = static_cast<char *>(ptr) - 8;
    std::free(ptr);
  }

  nnrt_allocator_t get() { return {this, alloc, free}; }
};

} // namespace

TEST(AllocatorTest, WorkspaceIsAllocatedOnceAndFreed) {
  CountingAllocator counting;
  nnrt_allocator_t allocator = counting.get();
  nnrt_model_t *raw = nullptr;
  Status status(nnrt_model_load(NNRT_FIXTURE_ADD, &allocator, &raw));
  ASSERT_EQ(status, nullptr) << messageOf(status);
  Model model(raw);
  int afterLoad = counting.allocs;
  EXPECT_GT(afterLoad, 0) << "the model handle comes from the allocator";

  AddRun run;
  for (int i = 0; i < 3; ++i) {
    status = run.run(model.get());
    ASSERT_EQ(status, nullptr) << messageOf(status);
  }
  EXPECT_EQ(counting.allocs, afterLoad + 1) << "one workspace for all runs";
  EXPECT_EQ(counting.sizes.back(), 4096u);
  model.reset();
  EXPECT_EQ(counting.frees, counting.allocs);
  EXPECT_TRUE(counting.live.empty());
}

TEST(AllocatorTest, FailingAllocatorAtLoad) {
  CountingAllocator counting;
  counting.fail = true;
  nnrt_allocator_t allocator = counting.get();
  nnrt_model_t *model = nullptr;
  Status status(nnrt_model_load(NNRT_FIXTURE_ADD, &allocator, &model));
  EXPECT_EQ(codeOf(status), NNRT_STATUS_RESOURCE_EXHAUSTED);
  EXPECT_EQ(messageOf(status), std::string("out of memory loading model '") +
                                   NNRT_FIXTURE_ADD + "'");
  EXPECT_EQ(model, nullptr);
  EXPECT_TRUE(counting.live.empty());
}

TEST(AllocatorTest, FailingWorkspaceAllocation) {
  CountingAllocator counting;
  counting.failAbove = 1024; // the handle fits, the 4 KiB workspace does not
  nnrt_allocator_t allocator = counting.get();
  nnrt_model_t *raw = nullptr;
  Status status(nnrt_model_load(NNRT_FIXTURE_ADD, &allocator, &raw));
  ASSERT_EQ(status, nullptr) << messageOf(status);
  Model model(raw);
  AddRun run;
  status = run.run(model.get());
  EXPECT_EQ(codeOf(status), NNRT_STATUS_RESOURCE_EXHAUSTED);
  EXPECT_EQ(messageOf(status), "cannot allocate 4096 bytes of workspace "
                               "(64-byte aligned) for model 'add'");
  // Once memory is available again, the run succeeds.
  counting.failAbove = SIZE_MAX;
  status = run.run(model.get());
  EXPECT_EQ(status, nullptr) << messageOf(status);
}

TEST(AllocatorTest, MisalignedMemoryIsRejected) {
  CountingAllocator counting;
  nnrt_allocator_t allocator = counting.get();
  nnrt_model_t *raw = nullptr;
  Status status(nnrt_model_load(NNRT_FIXTURE_ADD, &allocator, &raw));
  ASSERT_EQ(status, nullptr) << messageOf(status);
  Model model(raw);
  counting.misalign = true; // 8 bytes off a 128-byte boundary
  AddRun run;
  status = run.run(model.get());
  EXPECT_EQ(codeOf(status), NNRT_STATUS_RESOURCE_EXHAUSTED);
  counting.misalign = false;
  model.reset();
  EXPECT_TRUE(counting.live.empty()) << "misaligned memory is given back";
}
