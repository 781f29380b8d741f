//===- model_support_test.cpp - libnnrt_model.a functions -------*- C++ -*-===//
//
// Part of nncc.
//
// The allocation hooks and the serial parallel_for that every model.so
// links. (That they stay hidden in a model is checked in
// ModelLoadTest.OnlyQuerySymbolIsExported.)
//
//===----------------------------------------------------------------------===//
#include "runtime/src/model_support/model_support.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
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
