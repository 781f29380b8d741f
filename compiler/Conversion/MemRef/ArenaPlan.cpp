//===- ArenaPlan.cpp - Static placement of buffers in one arena -----------===//
//
// Part of nncc.
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/MemRef/ArenaPlan.h"

#include "mlir/IR/Builders.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/MathExtras.h"

#include <algorithm>
#include <numeric>
#include <optional>

using namespace mlir;
using namespace mlir::nncc;

ArenaPlan mlir::nncc::planArena(llvm::ArrayRef<ArenaBuffer> buffers) {
  ArenaPlan plan;
  plan.offsets.assign(buffers.size(), 0);
  llvm::SmallVector<size_t> order(buffers.size());
  std::iota(order.begin(), order.end(), 0);
  llvm::sort(order, [&](size_t a, size_t b) {
    if (buffers[a].size != buffers[b].size)
      return buffers[a].size > buffers[b].size;
    if (buffers[a].firstUse != buffers[b].firstUse)
      return buffers[a].firstUse < buffers[b].firstUse;
    return a < b;
  });

  llvm::SmallVector<size_t> placed;
  llvm::SmallVector<size_t> conflicts;
  for (size_t i : order) {
    const ArenaBuffer &buffer = buffers[i];
    if (buffer.size == 0)
      continue;
    uint64_t alignment = std::max<uint64_t>(buffer.alignment, 1);
    // The placed buffers live at the same time as this one, by offset.
    conflicts.clear();
    for (size_t j : placed)
      if (buffers[j].firstUse <= buffer.lastUse &&
          buffer.firstUse <= buffers[j].lastUse)
        conflicts.push_back(j);
    llvm::sort(conflicts, [&](size_t a, size_t b) {
      return plan.offsets[a] < plan.offsets[b] ||
             (plan.offsets[a] == plan.offsets[b] && a < b);
    });
    // Smallest gap that fits; the conflicts may overlap each other (they
    // need not be live at the same time), so a gap starts at the highest
    // end seen so far.
    std::optional<uint64_t> best;
    uint64_t bestGap = 0;
    uint64_t freeFrom = 0;
    for (size_t j : conflicts) {
      uint64_t start = llvm::alignTo(freeFrom, alignment);
      uint64_t next = plan.offsets[j];
      if (start + buffer.size <= next) {
        uint64_t gap = next - freeFrom;
        if (!best || gap < bestGap) {
          best = start;
          bestGap = gap;
        }
      }
      freeFrom = std::max(freeFrom, next + buffers[j].size);
    }
    uint64_t offset = best ? *best : llvm::alignTo(freeFrom, alignment);
    plan.offsets[i] = offset;
    plan.size = std::max(plan.size, offset + buffer.size);
    placed.push_back(i);
  }
  return plan;
}

DictionaryAttr mlir::nncc::getMemoryPlanAttr(MLIRContext *context,
                                             const MemoryPlan &plan) {
  Builder b(context);
  auto i64 = [&](uint64_t v) {
    return b.getI64IntegerAttr(static_cast<int64_t>(v));
  };
  return b.getDictionaryAttr(
      {b.getNamedAttr("workspace_size", i64(plan.workspaceSize)),
       b.getNamedAttr("buffers", i64(plan.numBuffers)),
       b.getNamedAttr("bytes_without_reuse", i64(plan.bytesWithoutReuse)),
       b.getNamedAttr("heap_allocations", i64(plan.heapAllocations))});
}

std::optional<MemoryPlan> mlir::nncc::readMemoryPlan(Operation *op) {
  auto dict = op ? op->getAttrOfType<DictionaryAttr>(kMemoryPlanAttrName)
                 : DictionaryAttr();
  if (!dict)
    return std::nullopt;
  MemoryPlan plan;
  std::pair<llvm::StringRef, uint64_t *> fields[] = {
      {"workspace_size", &plan.workspaceSize},
      {"buffers", &plan.numBuffers},
      {"bytes_without_reuse", &plan.bytesWithoutReuse},
      {"heap_allocations", &plan.heapAllocations}};
  for (auto [name, field] : fields) {
    auto value = dict.getAs<IntegerAttr>(name);
    if (!value || value.getValue().isNegative())
      return std::nullopt;
    *field = value.getValue().getZExtValue();
  }
  return plan;
}
