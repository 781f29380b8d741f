//===- model_load_test.cpp - nnrt_model_load and accessors ------*- C++ -*-===//
//
// Part of nncc.
//
// Loading valid and broken fixtures, releasing, and every accessor,
// including their behaviour on NULL arguments.
//
//===----------------------------------------------------------------------===//
#include "TestUtil.h"

#include <gtest/gtest.h>

#include <dlfcn.h>
#include <filesystem>
#include <string>

using namespace nnrt_test;

namespace {

/// Loads `path` and expects failure with `code` and a message containing
/// each of `fragments`.
void expectLoadError(const char *path, nnrt_status_code_t code,
                     std::initializer_list<const char *> fragments) {
  nnrt_model_t *model = reinterpret_cast<nnrt_model_t *>(0x1);
  Status status(nnrt_model_load(path, nullptr, &model));
  ASSERT_NE(status, nullptr) << path;
  EXPECT_EQ(model, nullptr) << "out_model must be cleared on error";
  EXPECT_EQ(codeOf(status), code) << messageOf(status);
  for (const char *fragment : fragments)
    EXPECT_NE(messageOf(status).find(fragment), std::string::npos)
        << "message '" << messageOf(status) << "' lacks '" << fragment << "'";
  // Messages are lowercase-first and have no final period.
  std::string message = messageOf(status);
  ASSERT_FALSE(message.empty());
  EXPECT_NE(message.back(), '.') << message;
}

} // namespace

//===----------------------------------------------------------------------===//
// Successful loads and accessors
//===----------------------------------------------------------------------===//

TEST(ModelLoadTest, LoadsAddFixture) {
  Model model = loadModel(NNRT_FIXTURE_ADD);
  ASSERT_NE(model, nullptr);
  EXPECT_STREQ(nnrt_model_name(model.get()), "add");
  EXPECT_STREQ(nnrt_model_producer(model.get()), "nnrt test fixture");
  EXPECT_EQ(nnrt_model_input_count(model.get()), 2u);
  EXPECT_EQ(nnrt_model_output_count(model.get()), 2u);
  EXPECT_EQ(nnrt_model_workspace_size(model.get()), 4096u);
  EXPECT_EQ(nnrt_model_num_threads(model.get()), 1u);
}

TEST(ModelLoadTest, AccessorsOnNullModel) {
  EXPECT_STREQ(nnrt_model_name(nullptr), "");
  EXPECT_STREQ(nnrt_model_producer(nullptr), "");
  EXPECT_EQ(nnrt_model_input_count(nullptr), 0u);
  EXPECT_EQ(nnrt_model_output_count(nullptr), 0u);
  EXPECT_EQ(nnrt_model_workspace_size(nullptr), 0u);
  EXPECT_EQ(nnrt_model_num_threads(nullptr), 0u);
}

TEST(ModelLoadTest, ReleaseNullIsNoOp) { nnrt_model_release(nullptr); }

TEST(ModelLoadTest, SameFileLoadsTwiceIndependently) {
  Model first = loadModel(NNRT_FIXTURE_ADD);
  Model second = loadModel(NNRT_FIXTURE_ADD);
  ASSERT_NE(first, nullptr);
  ASSERT_NE(second, nullptr);
  EXPECT_NE(first.get(), second.get());
  first.reset();
  // The second handle keeps the library loaded.
  EXPECT_STREQ(nnrt_model_name(second.get()), "add");
}

TEST(ModelLoadTest, RelativePathWithoutSlashIsNotSearched) {
  // "add_model.so" relative to the current directory must load the file
  // there, not go through the library search path.
  std::string dir = makeScratchDir();
  std::filesystem::copy_file(NNRT_FIXTURE_ADD, dir + "/fixture.so");
  std::filesystem::path old = std::filesystem::current_path();
  std::filesystem::current_path(dir);
  nnrt_model_t *raw = nullptr;
  Status status(nnrt_model_load("fixture.so", nullptr, &raw));
  Model model(raw);
  std::filesystem::current_path(old);
  EXPECT_EQ(status, nullptr) << messageOf(status);
  EXPECT_STREQ(nnrt_model_name(model.get()), "add");
}

TEST(ModelLoadTest, DynamicDimsAreAccepted) {
  Model model = loadModel(NNRT_FIXTURE_DYNAMIC);
  ASSERT_NE(model, nullptr);
  nnrt_tensor_desc_t desc;
  desc.struct_size = sizeof(desc);
  Status status(nnrt_model_input_desc(model.get(), 0, &desc));
  ASSERT_EQ(status, nullptr);
  EXPECT_EQ(desc.dims[0], -1);
  EXPECT_EQ(desc.dims[1], 3);
}

TEST(ModelLoadTest, OnlyQuerySymbolIsExported) {
  // Like a compiled model, the fixture links libnnrt_model.a with hidden
  // visibility: its helpers must not leak into the dynamic symbol table.
  void *library = dlopen(NNRT_FIXTURE_ADD, RTLD_NOW | RTLD_LOCAL);
  ASSERT_NE(library, nullptr) << dlerror();
  EXPECT_NE(dlsym(library, "nnrt_model_query"), nullptr);
  EXPECT_EQ(dlsym(library, "_mlir_memref_to_llvm_alloc"), nullptr);
  EXPECT_EQ(dlsym(library, "_mlir_memref_to_llvm_free"), nullptr);
  EXPECT_EQ(dlsym(library, "nnrt_serial_parallel_for"), nullptr);
  dlclose(library);
}

//===----------------------------------------------------------------------===//
// Argument errors
//===----------------------------------------------------------------------===//

TEST(ModelLoadTest, NullPathIsInvalidArgument) {
  nnrt_model_t *model = reinterpret_cast<nnrt_model_t *>(0x1);
  Status status(nnrt_model_load(nullptr, nullptr, &model));
  EXPECT_EQ(codeOf(status), NNRT_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(messageOf(status), "path is NULL");
  EXPECT_EQ(model, nullptr);
}

TEST(ModelLoadTest, NullOutModelIsInvalidArgument) {
  Status status(nnrt_model_load(NNRT_FIXTURE_ADD, nullptr, nullptr));
  EXPECT_EQ(codeOf(status), NNRT_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(messageOf(status), "out_model is NULL");
}

TEST(ModelLoadTest, IncompleteAllocatorIsInvalidArgument) {
  nnrt_allocator_t allocator = {nullptr, nullptr, nullptr};
  nnrt_model_t *model = nullptr;
  Status status(nnrt_model_load(NNRT_FIXTURE_ADD, &allocator, &model));
  EXPECT_EQ(codeOf(status), NNRT_STATUS_INVALID_ARGUMENT);
  EXPECT_NE(messageOf(status).find("allocator"), std::string::npos);
  EXPECT_EQ(model, nullptr);
}

//===----------------------------------------------------------------------===//
// File errors
//===----------------------------------------------------------------------===//

TEST(ModelLoadTest, MissingFileIsInvalidArgument) {
  expectLoadError(
      "/nonexistent/dir/model.so", NNRT_STATUS_INVALID_ARGUMENT,
      {"cannot open model '/nonexistent/dir/model.so'", "no such file"});
}

TEST(ModelLoadTest, DirectoryIsInvalidArgument) {
  std::string dir = makeScratchDir();
  expectLoadError(dir.c_str(), NNRT_STATUS_INVALID_ARGUMENT,
                  {"not a regular file"});
}

TEST(ModelLoadTest, TextFileIsInvalidArgument) {
  std::string path = makeScratchDir() + "/model.so";
  writeFile(path, "this is not a shared library\n");
  expectLoadError(path.c_str(), NNRT_STATUS_INVALID_ARGUMENT,
                  {"cannot load model", path.c_str()});
}

TEST(ModelLoadTest, EmptyFileIsInvalidArgument) {
  std::string path = makeScratchDir() + "/empty.so";
  writeFile(path, "");
  expectLoadError(path.c_str(), NNRT_STATUS_INVALID_ARGUMENT,
                  {"cannot load model"});
}

TEST(ModelLoadTest, LibraryWithoutQueryIsNotAModel) {
  expectLoadError(NNRT_FIXTURE_NO_QUERY, NNRT_STATUS_INVALID_ARGUMENT,
                  {"is not an nncc model", "nnrt_model_query"});
}

//===----------------------------------------------------------------------===//
// Version and header errors
//===----------------------------------------------------------------------===//

TEST(ModelLoadTest, NewerAbiIsIncompatible) {
  expectLoadError(NNRT_FIXTURE_ABI99, NNRT_STATUS_INCOMPATIBLE,
                  {"has ABI version 99", "supports version 1"});
}

TEST(ModelLoadTest, NewerAbiIgnoringMaxIsIncompatible) {
  expectLoadError(NNRT_FIXTURE_ABI99_IGNORES_MAX, NNRT_STATUS_INCOMPATIBLE,
                  {"has ABI version 99"});
}

TEST(ModelLoadTest, OlderAbiIsIncompatible) {
  expectLoadError(NNRT_FIXTURE_ABI0, NNRT_STATUS_INCOMPATIBLE,
                  {"has ABI version 0", "supports version 1"});
}

TEST(ModelLoadTest, QueryDecliningEveryVersionIsIncompatible) {
  expectLoadError(NNRT_FIXTURE_DECLINES_ALL, NNRT_STATUS_INCOMPATIBLE,
                  {"does not support ABI version 1"});
}

TEST(ModelLoadTest, SmallHeaderIsIncompatible) {
  expectLoadError(NNRT_FIXTURE_SMALL_STRUCT, NNRT_STATUS_INCOMPATIBLE,
                  {"header of 56 bytes, expected at least 64"});
}

TEST(ModelLoadTest, MalformedHeadersAreInvalidArgument) {
  struct Case {
    const char *path;
    const char *fragment;
  };
  const Case cases[] = {
      {NNRT_FIXTURE_NULL_NAME, "malformed: NULL model name"},
      {NNRT_FIXTURE_NULL_PRODUCER, "malformed: NULL producer"},
      {NNRT_FIXTURE_NULL_RUN, "malformed: NULL run function"},
      {NNRT_FIXTURE_NULL_INPUTS, "malformed: NULL descriptor array"},
      {NNRT_FIXTURE_TOO_MANY_OUTPUTS, "1048576 outputs (limit 65536)"},
      {NNRT_FIXTURE_NULL_TENSOR_NAME, "malformed: output 0 has a NULL name"},
      {NNRT_FIXTURE_BIG_RANK, "input 'x' has rank 33, above the limit of 32"},
      {NNRT_FIXTURE_NULL_DIMS, "input 'x' has rank 2 but NULL dims"},
      {NNRT_FIXTURE_BAD_DIM, "input 'x' dim 1 is -2"},
      {NNRT_FIXTURE_BAD_DTYPE, "input 'x' has unknown dtype 8"},
  };
  for (const Case &c : cases) {
    SCOPED_TRACE(c.path);
    expectLoadError(c.path, NNRT_STATUS_INVALID_ARGUMENT,
                    {"is malformed", c.fragment});
  }
}

//===----------------------------------------------------------------------===//
// Descriptors
//===----------------------------------------------------------------------===//

TEST(ModelDescTest, DescribesInputsAndOutputs) {
  Model model = loadModel(NNRT_FIXTURE_ADD);
  const char *inputNames[] = {"a", "b"};
  for (size_t i = 0; i < 2; ++i) {
    nnrt_tensor_desc_t desc;
    std::memset(&desc, 0xff, sizeof(desc));
    desc.struct_size = sizeof(desc);
    Status status(nnrt_model_input_desc(model.get(), i, &desc));
    ASSERT_EQ(status, nullptr) << messageOf(status);
    EXPECT_EQ(desc.struct_size, sizeof(desc));
    EXPECT_STREQ(desc.name, inputNames[i]);
    EXPECT_EQ(desc.dtype, static_cast<uint32_t>(NNRT_DTYPE_F32));
    ASSERT_EQ(desc.rank, 2u);
    EXPECT_EQ(desc.dims[0], 2);
    EXPECT_EQ(desc.dims[1], 3);
  }
  nnrt_tensor_desc_t desc;
  desc.struct_size = sizeof(desc);
  Status status(nnrt_model_output_desc(model.get(), 1, &desc));
  ASSERT_EQ(status, nullptr) << messageOf(status);
  EXPECT_STREQ(desc.name, "diff:0");
  EXPECT_EQ(desc.rank, 2u);
}

TEST(ModelDescTest, IndexOutOfRange) {
  Model model = loadModel(NNRT_FIXTURE_ADD);
  nnrt_tensor_desc_t desc;
  desc.struct_size = sizeof(desc);
  Status input(nnrt_model_input_desc(model.get(), 2, &desc));
  EXPECT_EQ(codeOf(input), NNRT_STATUS_OUT_OF_RANGE);
  EXPECT_EQ(messageOf(input),
            "input index 2 is out of range: model 'add' has 2 inputs");
  EXPECT_EQ(desc.name, nullptr) << "out_desc must be cleared on entry";
  Status output(nnrt_model_output_desc(model.get(), SIZE_MAX, &desc));
  EXPECT_EQ(codeOf(output), NNRT_STATUS_OUT_OF_RANGE);
}

TEST(ModelDescTest, NullArguments) {
  Model model = loadModel(NNRT_FIXTURE_ADD);
  Status noDesc(nnrt_model_input_desc(model.get(), 0, nullptr));
  EXPECT_EQ(codeOf(noDesc), NNRT_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(messageOf(noDesc), "out_desc is NULL");
  Status noOutputDesc(nnrt_model_output_desc(model.get(), 0, nullptr));
  EXPECT_EQ(codeOf(noOutputDesc), NNRT_STATUS_INVALID_ARGUMENT);

  nnrt_tensor_desc_t desc;
  desc.struct_size = sizeof(desc);
  Status noModel(nnrt_model_input_desc(nullptr, 0, &desc));
  EXPECT_EQ(codeOf(noModel), NNRT_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(messageOf(noModel), "model is NULL");
  Status noModelOutput(nnrt_model_output_desc(nullptr, 0, &desc));
  EXPECT_EQ(codeOf(noModelOutput), NNRT_STATUS_INVALID_ARGUMENT);
}

TEST(ModelDescTest, SmallStructSizeIsInvalidArgument) {
  Model model = loadModel(NNRT_FIXTURE_ADD);
  nnrt_tensor_desc_t desc;
  desc.struct_size = 4;
  Status status(nnrt_model_input_desc(model.get(), 0, &desc));
  EXPECT_EQ(codeOf(status), NNRT_STATUS_INVALID_ARGUMENT);
  EXPECT_NE(messageOf(status).find("struct_size 4"), std::string::npos);
}
