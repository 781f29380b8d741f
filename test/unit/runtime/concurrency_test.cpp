//===- concurrency_test.cpp - Separate instances on many threads -*- C++ -*-===//
//
// Part of nncc.
//
// nnrt.h promises that separate model handles (also loaded from the same
// file) may run concurrently. These tests run kThreads threads x kRuns runs,
// each thread on its own handle with inputs that change per run, and compare
// every output bit for bit with a single-threaded run of the same inputs.
// The model is the C fixture (always), or the nncc-compiled model.so named by
// the environment variable NNRT_REAL_MODEL (set by the ctest that compiles
// examples/mnist, see CMakeLists.txt). The TSan configuration runs them too.
//
//===----------------------------------------------------------------------===//
#include "TestUtil.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <string>
#include <thread>
#include <vector>

using namespace nnrt_test;

namespace {

constexpr int kThreads = 4;
constexpr int kRuns = 200;

/// Element size of the dtypes these tests feed (f32 only, else 0).
size_t f32Only(uint32_t dtype) { return dtype == NNRT_DTYPE_F32 ? 4 : 0; }

/// Buffers for one run of a model with static f32 inputs and outputs.
struct Buffers {
  std::vector<std::vector<int64_t>> inDims, outDims;
  std::vector<std::vector<float>> in, out;
  std::vector<nnrt_tensor_t> inputs, outputs;

  /// Sizes the buffers from `model`'s descriptors; returns "" or why the
  /// model is unsuitable.
  std::string init(const nnrt_model_t *model) {
    for (int io = 0; io < 2; ++io) {
      size_t n = io == 0 ? nnrt_model_input_count(model)
                         : nnrt_model_output_count(model);
      auto &dimsList = io == 0 ? inDims : outDims;
      auto &data = io == 0 ? in : out;
      for (size_t i = 0; i < n; ++i) {
        nnrt_tensor_desc_t desc;
        desc.struct_size = sizeof(desc);
        Status status(io == 0 ? nnrt_model_input_desc(model, i, &desc)
                              : nnrt_model_output_desc(model, i, &desc));
        if (status)
          return messageOf(status);
        if (!f32Only(desc.dtype))
          return std::string("non-f32 tensor ") + desc.name;
        std::vector<int64_t> dims(desc.dims, desc.dims + desc.rank);
        size_t elems = 1;
        for (int64_t d : dims) {
          if (d < 0)
            return std::string("dynamic dim in ") + desc.name;
          elems *= static_cast<size_t>(d);
        }
        dimsList.push_back(dims);
        data.emplace_back(elems);
      }
    }
    for (size_t i = 0; i < in.size(); ++i)
      inputs.push_back(makeTensor(NNRT_DTYPE_F32, inDims[i].data(),
                                  inDims[i].size(), in[i].data(),
                                  in[i].size() * 4));
    for (size_t i = 0; i < out.size(); ++i)
      outputs.push_back(makeTensor(NNRT_DTYPE_F32, outDims[i].data(),
                                   outDims[i].size(), out[i].data(),
                                   out[i].size() * 4));
    return "";
  }

  /// Deterministic inputs for run `seed` (xorshift, values in [-2, 2)).
  void fill(uint32_t seed) {
    uint32_t x = seed * 2654435761u + 12345u;
    for (auto &tensor : in)
      for (float &v : tensor) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        v = static_cast<float>(x >> 8) / static_cast<float>(1u << 24) * 4 - 2;
      }
  }

  Status run(nnrt_model_t *model) {
    for (auto &tensor : out)
      std::fill(tensor.begin(), tensor.end(), 0.0f);
    return Status(nnrt_model_run(model, inputs.data(), inputs.size(),
                                 outputs.data(), outputs.size()));
  }
};

/// Flattens all outputs' bytes.
std::string outputBytes(const Buffers &b) {
  std::string bytes;
  for (const auto &tensor : b.out)
    bytes.append(reinterpret_cast<const char *>(tensor.data()),
                 tensor.size() * sizeof(float));
  return bytes;
}

/// Runs the concurrency check on the model at `path`, each handle using
/// `modelThreads` threads of its own.
void checkSeparateInstances(const char *path, uint32_t modelThreads) {
  // Reference: every (thread, run) input on one handle, one thread.
  std::vector<std::string> expected(kThreads * kRuns);
  {
    Model model = loadModel(path);
    ASSERT_NE(model, nullptr);
    Buffers b;
    std::string why = b.init(model.get());
    ASSERT_EQ(why, "");
    for (int i = 0; i < kThreads * kRuns; ++i) {
      b.fill(static_cast<uint32_t>(i));
      Status status = b.run(model.get());
      ASSERT_EQ(status, nullptr) << messageOf(status);
      expected[i] = outputBytes(b);
    }
  }

  std::atomic<int> mismatches{0}, failures{0};
  std::vector<std::thread> threads;
  std::atomic<bool> go{false};
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      nnrt_model_t *raw = nullptr;
      Status status(nnrt_model_load(path, nullptr, &raw));
      Model model(raw);
      if (status) {
        ++failures;
        return;
      }
      if (modelThreads > 1) {
        Status s(nnrt_model_set_num_threads(model.get(), modelThreads));
        if (s) {
          ++failures;
          return;
        }
      }
      Buffers b;
      if (!b.init(model.get()).empty()) {
        ++failures;
        return;
      }
      while (!go.load())
        std::this_thread::yield();
      for (int r = 0; r < kRuns; ++r) {
        int i = t * kRuns + r;
        b.fill(static_cast<uint32_t>(i));
        Status s = b.run(model.get());
        if (s)
          ++failures;
        else if (outputBytes(b) != expected[i])
          ++mismatches;
      }
    });
  go = true;
  for (auto &thread : threads)
    thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(mismatches.load(), 0);
}

const char *realModel() {
  const char *path = std::getenv("NNRT_REAL_MODEL");
  return path && *path ? path : nullptr;
}

} // namespace

TEST(ConcurrencyTest, SeparateInstancesOfTheFixtureAreBitExact) {
  checkSeparateInstances(NNRT_FIXTURE_ADD, 1);
}

TEST(ConcurrencyTest, SeparateInstancesWithThreadPoolsAreBitExact) {
  checkSeparateInstances(NNRT_FIXTURE_ADD, 3);
}

TEST(ConcurrencyTest, SeparateInstancesOfACompiledModelAreBitExact) {
  if (!realModel())
    GTEST_SKIP() << "NNRT_REAL_MODEL not set";
  checkSeparateInstances(realModel(), 1);
}

TEST(ConcurrencyTest, SeparateInstancesOfACompiledModelWithPoolsAreBitExact) {
  if (!realModel())
    GTEST_SKIP() << "NNRT_REAL_MODEL not set";
  checkSeparateInstances(realModel(), 2);
}

/// NaN and Inf inputs must flow through like in the reference framework
/// (PyTorch/ONNX Runtime): no crash, no hang, and NaN stays NaN.
TEST(NonFiniteTest, NaNAndInfFlowThroughACompiledModel) {
  if (!realModel())
    GTEST_SKIP() << "NNRT_REAL_MODEL not set";
  Model model = loadModel(realModel());
  ASSERT_NE(model, nullptr);
  Buffers b;
  ASSERT_EQ(b.init(model.get()), "");
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float inf = std::numeric_limits<float>::infinity();

  // All NaN: every output is NaN (as with PyTorch for conv/relu/pool/
  // linear/softmax chains).
  for (auto &tensor : b.in)
    std::fill(tensor.begin(), tensor.end(), nan);
  Status status = b.run(model.get());
  ASSERT_EQ(status, nullptr) << messageOf(status);
  for (const auto &tensor : b.out)
    for (float v : tensor)
      EXPECT_TRUE(std::isnan(v)) << v;

  // A single NaN, +Inf and -Inf among finite values: completes, and the
  // finite-input run afterwards is unaffected (no state leaks between runs).
  b.fill(7);
  status = b.run(model.get());
  ASSERT_EQ(status, nullptr) << messageOf(status);
  std::string clean = outputBytes(b);
  for (float special : {nan, inf, -inf}) {
    b.fill(7);
    b.in[0][b.in[0].size() / 2] = special;
    status = b.run(model.get());
    ASSERT_EQ(status, nullptr) << messageOf(status);
  }
  b.fill(7);
  status = b.run(model.get());
  ASSERT_EQ(status, nullptr) << messageOf(status);
  EXPECT_EQ(outputBytes(b), clean);
}
