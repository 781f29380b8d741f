//===- abi_layout_test.cpp - Layout of the model.so ABI structs -*- C++ -*-===//
//
// Part of nncc.
//
// The compiler emits these structs as LLVM types, so their layout on the
// supported 64-bit targets is pinned here. A change that breaks one of these
// checks breaks every compiled model: bump NNRT_MODEL_ABI_VERSION instead.
//
//===----------------------------------------------------------------------===//
#include "nnrt/model_abi.h"
#include "nnrt/nnrt.h"

#include <gtest/gtest.h>

#include <cstddef>

// LP64 layout, as the compiler's LLVM struct types assume.
static_assert(sizeof(void *) == 8, "the v1 ABI layout is pinned for LP64");

static_assert(offsetof(nnrt_tensor_desc_v1_t, name) == 0, "");
static_assert(offsetof(nnrt_tensor_desc_v1_t, dtype) == 8, "");
static_assert(offsetof(nnrt_tensor_desc_v1_t, rank) == 12, "");
static_assert(offsetof(nnrt_tensor_desc_v1_t, dims) == 16, "");
static_assert(sizeof(nnrt_tensor_desc_v1_t) == 24, "");

static_assert(offsetof(nnrt_run_env_v1_t, struct_size) == 0, "");
static_assert(offsetof(nnrt_run_env_v1_t, num_threads) == 4, "");
static_assert(offsetof(nnrt_run_env_v1_t, pool) == 8, "");
static_assert(offsetof(nnrt_run_env_v1_t, parallel_for) == 16, "");
static_assert(sizeof(nnrt_run_env_v1_t) == 24, "");

static_assert(offsetof(nnrt_model_header_v1_t, abi_version) == 0, "");
static_assert(offsetof(nnrt_model_header_v1_t, struct_size) == 4, "");
static_assert(offsetof(nnrt_model_header_v1_t, name) == 8, "");
static_assert(offsetof(nnrt_model_header_v1_t, producer) == 16, "");
static_assert(offsetof(nnrt_model_header_v1_t, num_inputs) == 24, "");
static_assert(offsetof(nnrt_model_header_v1_t, num_outputs) == 28, "");
static_assert(offsetof(nnrt_model_header_v1_t, inputs) == 32, "");
static_assert(offsetof(nnrt_model_header_v1_t, outputs) == 40, "");
static_assert(offsetof(nnrt_model_header_v1_t, workspace_size) == 48, "");
static_assert(offsetof(nnrt_model_header_v1_t, run) == 56, "");
static_assert(offsetof(nnrt_model_header_v1_t, profile) == 64, "");
static_assert(sizeof(nnrt_model_header_v1_t) == 72, "");
static_assert(NNRT_MODEL_HEADER_V1_MIN_SIZE == 64, "");

static_assert(offsetof(nnrt_kernel_info_v1_t, name) == 0, "");
static_assert(offsetof(nnrt_kernel_info_v1_t, num_nodes) == 8, "");
static_assert(offsetof(nnrt_kernel_info_v1_t, nodes) == 16, "");
static_assert(offsetof(nnrt_kernel_info_v1_t, flops) == 24, "");
static_assert(sizeof(nnrt_kernel_info_v1_t) == 32, "");

static_assert(offsetof(nnrt_model_profile_v1_t, struct_size) == 0, "");
static_assert(offsetof(nnrt_model_profile_v1_t, num_kernels) == 4, "");
static_assert(offsetof(nnrt_model_profile_v1_t, kernels) == 8, "");
static_assert(offsetof(nnrt_model_profile_v1_t, counters) == 16, "");
static_assert(sizeof(nnrt_model_profile_v1_t) == 24, "");

// The public structs start with struct_size so they can grow.
static_assert(offsetof(nnrt_tensor_t, struct_size) == 0, "");
static_assert(offsetof(nnrt_tensor_desc_t, struct_size) == 0, "");
static_assert(offsetof(nnrt_profile_kernel_t, struct_size) == 0, "");

TEST(AbiLayoutTest, VersionAndQuerySymbol) {
  EXPECT_EQ(NNRT_MODEL_ABI_VERSION, 1u);
  EXPECT_STREQ(NNRT_MODEL_QUERY_SYMBOL, "nnrt_model_query");
}

TEST(AbiLayoutTest, HeaderStructSizeMatchesLayout) {
  // Checked at compile time above; this keeps the numbers visible in the
  // test log as well.
  EXPECT_EQ(sizeof(nnrt_model_header_v1_t), 72u);
  EXPECT_EQ(sizeof(nnrt_tensor_desc_v1_t), 24u);
  EXPECT_EQ(sizeof(nnrt_run_env_v1_t), 24u);
}
