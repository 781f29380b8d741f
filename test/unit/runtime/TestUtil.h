//===- TestUtil.h - Helpers shared by the runtime unit tests ----*- C++ -*-===//
//
// Part of nncc.
//
// Scratch directories, file writing and RAII owners for nnrt handles.
//
//===----------------------------------------------------------------------===//
#ifndef NNCC_TEST_UNIT_RUNTIME_TESTUTIL_H
#define NNCC_TEST_UNIT_RUNTIME_TESTUTIL_H

#include "nnrt/nnrt.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <unistd.h>

namespace nnrt_test {

/// Owns an nnrt_status_t.
struct StatusDeleter {
  void operator()(nnrt_status *status) const { nnrt_status_free(status); }
};
using Status = std::unique_ptr<nnrt_status, StatusDeleter>;

/// Owns an nnrt_model_t.
struct ModelDeleter {
  void operator()(nnrt_model_t *model) const { nnrt_model_release(model); }
};
using Model = std::unique_ptr<nnrt_model_t, ModelDeleter>;

/// Returns the code of an owned status.
inline nnrt_status_code_t codeOf(const Status &status) {
  return nnrt_status_code(status.get());
}

/// Returns the message of an owned status.
inline std::string messageOf(const Status &status) {
  return nnrt_status_message(status.get());
}

/// Loads `path` with the libc allocator; fails the test on error.
inline Model loadModel(const char *path) {
  nnrt_model_t *model = nullptr;
  Status status(nnrt_model_load(path, nullptr, &model));
  EXPECT_EQ(status, nullptr) << messageOf(status);
  return Model(model);
}

/// Returns an empty directory unique to the running test.
inline std::string makeScratchDir() {
  const ::testing::TestInfo *info =
      ::testing::UnitTest::GetInstance()->current_test_info();
  std::filesystem::path dir = std::filesystem::path(::testing::TempDir()) /
                              ("nnrt-" + std::to_string(::getpid()) + "-" +
                               info->test_suite_name() + "-" + info->name());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir.string();
}

/// Writes `contents` to `path`.
inline void writeFile(const std::string &path, const std::string &contents) {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file.write(contents.data(), static_cast<std::streamsize>(contents.size()));
  ASSERT_TRUE(file.good()) << "cannot write " << path;
}

/// Returns the contents of `path` ("" if unreadable).
inline std::string readFile(const std::string &path) {
  std::ifstream file(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(file),
                     std::istreambuf_iterator<char>());
}

/// Describes caller memory for nnrt_model_run.
inline nnrt_tensor_t makeTensor(uint32_t dtype, const int64_t *dims,
                                uint32_t rank, void *data, size_t byteSize) {
  nnrt_tensor_t tensor;
  std::memset(&tensor, 0, sizeof(tensor));
  tensor.struct_size = sizeof(tensor);
  tensor.dtype = dtype;
  tensor.rank = rank;
  tensor.dims = dims;
  tensor.data = data;
  tensor.byte_size = byteSize;
  return tensor;
}

} // namespace nnrt_test

#endif // NNCC_TEST_UNIT_RUNTIME_TESTUTIL_H
