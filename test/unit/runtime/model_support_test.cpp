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
