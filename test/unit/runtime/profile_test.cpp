//===- profile_test.cpp - Kernel profiles of --profile models ---*- C++ -*-===//
//
// Part of nncc.
//
// nnrt_model_is_profiled, nnrt_model_profile_kernel(_count) and
// nnrt_model_profile_reset on the header fixtures: a profiled model whose
// run times two kernels with libnnrt_model.a's hooks, models without a
// profile (a current header and one from before the profile field), and
// malformed profiles. Real nncc --profile models are covered by
// test/Driver/profile.test.
//
//===----------------------------------------------------------------------===//
#include "TestUtil.h"

#include <gtest/gtest.h>

#include <string>

using namespace nnrt_test;

namespace {

nnrt_profile_kernel_t makeKernelOut() {
  nnrt_profile_kernel_t kernel;
  std::memset(&kernel, 0xff, sizeof(kernel));
  kernel.struct_size = sizeof(kernel);
  return kernel;
}

/// Runs the header fixture (one f32[2,3] input, one f32[2] output) once.
void runOnce(nnrt_model_t *model) {
  float x[6] = {0}, y[2] = {0};
  int64_t xDims[2] = {2, 3}, yDims[1] = {2};
  nnrt_tensor_t in, out;
  std::memset(&in, 0, sizeof(in));
  std::memset(&out, 0, sizeof(out));
  in.struct_size = out.struct_size = sizeof(nnrt_tensor_t);
  in.dtype = out.dtype = NNRT_DTYPE_F32;
  in.rank = 2;
  in.dims = xDims;
  in.data = x;
  in.byte_size = sizeof(x);
  out.rank = 1;
  out.dims = yDims;
  out.data = y;
  out.byte_size = sizeof(y);
  Status status(nnrt_model_run(model, &in, 1, &out, 1));
  ASSERT_EQ(status, nullptr) << messageOf(status);
}

} // namespace

TEST(ProfileTest, ProfiledModelDescribesItsKernels) {
  Model model = loadModel(NNRT_FIXTURE_PROFILE);
  ASSERT_NE(model, nullptr);
  EXPECT_EQ(nnrt_model_is_profiled(model.get()), 1);
  ASSERT_EQ(nnrt_model_profile_kernel_count(model.get()), 2u);
  nnrt_model_profile_reset(model.get());

  nnrt_profile_kernel_t kernel = makeKernelOut();
  Status status(nnrt_model_profile_kernel(model.get(), 0, &kernel));
  ASSERT_EQ(status, nullptr) << messageOf(status);
  EXPECT_EQ(kernel.struct_size, sizeof(kernel));
  EXPECT_STREQ(kernel.name, "fill");
  ASSERT_EQ(kernel.num_nodes, 2u);
  EXPECT_STREQ(kernel.nodes[0], "fill_y0");
  EXPECT_STREQ(kernel.nodes[1], "fill_y1");
  EXPECT_EQ(kernel.flops, 4u);
  EXPECT_EQ(kernel.total_ns, 0u);
  EXPECT_EQ(kernel.calls, 0u);

  kernel = makeKernelOut();
  status.reset(nnrt_model_profile_kernel(model.get(), 1, &kernel));
  ASSERT_EQ(status, nullptr) << messageOf(status);
  EXPECT_STREQ(kernel.name, "memref.copy");
  EXPECT_EQ(kernel.num_nodes, 0u);
  EXPECT_EQ(kernel.nodes, nullptr);
  EXPECT_EQ(kernel.flops, 0u);
}

TEST(ProfileTest, RunsAddToCountersAndResetClearsThem) {
  Model model = loadModel(NNRT_FIXTURE_PROFILE);
  ASSERT_NE(model, nullptr);
  nnrt_model_profile_reset(model.get());
  for (int i = 0; i < 3; ++i)
    runOnce(model.get());
  for (size_t k = 0; k < 2; ++k) {
    nnrt_profile_kernel_t kernel = makeKernelOut();
    Status status(nnrt_model_profile_kernel(model.get(), k, &kernel));
    ASSERT_EQ(status, nullptr) << messageOf(status);
    EXPECT_EQ(kernel.calls, 3u) << "kernel " << k;
    EXPECT_LT(kernel.total_ns, 10ull * 1000 * 1000 * 1000) << "kernel " << k;
  }

  // The counters belong to the library: a second handle sees them too.
  Model second = loadModel(NNRT_FIXTURE_PROFILE);
  ASSERT_NE(second, nullptr);
  runOnce(second.get());
  nnrt_profile_kernel_t kernel = makeKernelOut();
  Status status(nnrt_model_profile_kernel(model.get(), 0, &kernel));
  ASSERT_EQ(status, nullptr);
  EXPECT_EQ(kernel.calls, 4u);

  nnrt_model_profile_reset(model.get());
  kernel = makeKernelOut();
  status.reset(nnrt_model_profile_kernel(second.get(), 0, &kernel));
  ASSERT_EQ(status, nullptr);
  EXPECT_EQ(kernel.calls, 0u);
  EXPECT_EQ(kernel.total_ns, 0u);
}

TEST(ProfileTest, ModelWithoutProfile) {
  for (const char *path : {NNRT_FIXTURE_ADD, NNRT_FIXTURE_OLD_HEADER}) {
    SCOPED_TRACE(path);
    Model model = loadModel(path);
    ASSERT_NE(model, nullptr);
    EXPECT_EQ(nnrt_model_is_profiled(model.get()), 0);
    EXPECT_EQ(nnrt_model_profile_kernel_count(model.get()), 0u);
    nnrt_model_profile_reset(model.get()); // no-op
    nnrt_profile_kernel_t kernel = makeKernelOut();
    Status status(nnrt_model_profile_kernel(model.get(), 0, &kernel));
    ASSERT_NE(status, nullptr);
    EXPECT_EQ(codeOf(status), NNRT_STATUS_OUT_OF_RANGE);
    EXPECT_NE(messageOf(status).find("was not built with --profile"),
              std::string::npos)
        << messageOf(status);
    EXPECT_EQ(kernel.name, nullptr) << "out_kernel must be cleared";
  }
}

TEST(ProfileTest, OldHeaderStillRuns) {
  Model model = loadModel(NNRT_FIXTURE_OLD_HEADER);
  ASSERT_NE(model, nullptr);
  runOnce(model.get());
}

TEST(ProfileTest, ArgumentErrors) {
  Model model = loadModel(NNRT_FIXTURE_PROFILE);
  ASSERT_NE(model, nullptr);
  EXPECT_EQ(nnrt_model_is_profiled(nullptr), 0);
  EXPECT_EQ(nnrt_model_profile_kernel_count(nullptr), 0u);
  nnrt_model_profile_reset(nullptr);

  Status status(nnrt_model_profile_kernel(model.get(), 0, nullptr));
  EXPECT_EQ(codeOf(status), NNRT_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(messageOf(status), "out_kernel is NULL");

  nnrt_profile_kernel_t kernel = makeKernelOut();
  kernel.struct_size = 4;
  status.reset(nnrt_model_profile_kernel(model.get(), 0, &kernel));
  EXPECT_EQ(codeOf(status), NNRT_STATUS_INVALID_ARGUMENT);
  EXPECT_NE(messageOf(status).find("struct_size 4"), std::string::npos);

  kernel = makeKernelOut();
  status.reset(nnrt_model_profile_kernel(nullptr, 0, &kernel));
  EXPECT_EQ(codeOf(status), NNRT_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(messageOf(status), "model is NULL");
  EXPECT_EQ(kernel.name, nullptr);

  kernel = makeKernelOut();
  status.reset(nnrt_model_profile_kernel(model.get(), 2, &kernel));
  EXPECT_EQ(codeOf(status), NNRT_STATUS_OUT_OF_RANGE);
  EXPECT_NE(messageOf(status).find("kernel index 2 is out of range"),
            std::string::npos)
      << messageOf(status);
  EXPECT_NE(messageOf(status).find("has 2 profiled kernels"),
            std::string::npos)
      << messageOf(status);
}

TEST(ProfileTest, MalformedProfilesAreRejected) {
  struct Case {
    const char *path;
    const char *fragment;
  };
  const Case cases[] = {
      {NNRT_FIXTURE_PROFILE_NULL_NAME, "profile kernel 1 has a NULL name"},
      {NNRT_FIXTURE_PROFILE_NULL_COUNTERS, "NULL kernels or counters"},
  };
  for (const Case &c : cases) {
    SCOPED_TRACE(c.path);
    nnrt_model_t *model = nullptr;
    Status status(nnrt_model_load(c.path, nullptr, &model));
    ASSERT_NE(status, nullptr);
    EXPECT_EQ(model, nullptr);
    EXPECT_EQ(codeOf(status), NNRT_STATUS_INVALID_ARGUMENT);
    EXPECT_NE(messageOf(status).find(c.fragment), std::string::npos)
        << messageOf(status);
  }
}
