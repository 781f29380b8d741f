//===- ArenaPlan.h - Static placement of buffers in one arena ---*- C++ -*-===//
//
// Part of nncc.
//
// The planning half of nncc-plan-arena: given each buffer's size, alignment
// and live interval, choose byte offsets in one arena so that buffers that
// are live at the same time never overlap, and the arena stays small. Also
// the `nncc.memory_plan` attribute the pass leaves on the function it
// planned, which the driver reports and the model emitter reads. Free
// functions, so unit tests can call them without running the pass.
//
//===----------------------------------------------------------------------===//

#ifndef NNCC_COMPILER_CONVERSION_MEMREF_ARENAPLAN_H
#define NNCC_COMPILER_CONVERSION_MEMREF_ARENAPLAN_H

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Operation.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <optional>

namespace mlir::nncc {

/// One buffer to place. It is live from position `firstUse` to position
/// `lastUse` (both included; positions are the indices of the top-level
/// ops of the function body). Its offset must be a multiple of
/// `alignment`, a power of two.
struct ArenaBuffer {
  int64_t firstUse = 0;
  int64_t lastUse = 0;
  uint64_t size = 0;
  uint64_t alignment = 1;
};

/// Where planArena put the buffers.
struct ArenaPlan {
  /// One offset per buffer, in the order the buffers were given.
  llvm::SmallVector<uint64_t> offsets;
  /// Bytes the arena needs: the largest offset + size.
  uint64_t size = 0;
};

/// Places `buffers` greedily by size ("Greedy by Size", Pisarchyk and Lee,
/// 2020, as in TensorFlow Lite's arena planner): the largest buffer first
/// (ties: the earlier live one first, then the earlier given one); each
/// buffer goes into the smallest gap, between buffers already placed whose
/// live intervals overlap its own, that fits it at its alignment, or above
/// all of them when none does. Two buffers whose intervals overlap never
/// overlap in memory; buffers of size 0 take no room. Deterministic.
ArenaPlan planArena(llvm::ArrayRef<ArenaBuffer> buffers);

/// The function attribute nncc-plan-arena sets on each function it plans:
/// a dictionary of the MemoryPlan fields (i64 each).
inline constexpr llvm::StringLiteral kMemoryPlanAttrName = "nncc.memory_plan";

/// What nncc-plan-arena did to one function.
struct MemoryPlan {
  /// Bytes of the workspace argument (0: the function got none).
  uint64_t workspaceSize = 0;
  /// Allocations that became views of the workspace.
  uint64_t numBuffers = 0;
  /// Sum of their sizes: the workspace they would need without reuse.
  uint64_t bytesWithoutReuse = 0;
  /// memref.alloc ops left in the function (served by the heap at run time):
  /// dynamic shapes, buffers that escape, allocations inside loops.
  uint64_t heapAllocations = 0;
};

/// The `nncc.memory_plan` attribute for `plan`.
DictionaryAttr getMemoryPlanAttr(MLIRContext *context, const MemoryPlan &plan);

/// Reads the `nncc.memory_plan` attribute of `op` (a func.func or the
/// llvm.func it became). std::nullopt when `op` has none or it is malformed.
std::optional<MemoryPlan> readMemoryPlan(Operation *op);

} // namespace mlir::nncc

#endif // NNCC_COMPILER_CONVERSION_MEMREF_ARENAPLAN_H
