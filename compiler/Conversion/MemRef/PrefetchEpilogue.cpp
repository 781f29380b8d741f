//===- PrefetchEpilogue.cpp - Prefetch the next tile's operands -----------===//
//
// Part of nncc.
//
// A convolution kernel's epilogue reads an activation tile (a residual Add's
// other operand) once per output tile, after the tile's reduction. Those
// lines were last touched layers ago and come from L3 or memory: without
// help the epilogue stalls on every tile (ResNet-50's 1x1 + residual
// kernels spent a third of their samples on those loads), and its output
// tile's stores need the lines too. This pass issues software prefetches
// (read for operands, write for the output) for the tile the kernel
// computes next, at the start of the current tile, so that the reduction
// hides the latency (see Passes.td).
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/Passes.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/Builders.h"

namespace mlir::nncc {
#define GEN_PASS_DEF_NNCCPREFETCHEPILOGUEPASS
#include "compiler/Conversion/Passes.h.inc"
} // namespace mlir::nncc

using namespace mlir;

namespace {

/// Whether `v` depends on `iv` through index arithmetic.
bool dependsOn(Value v, Value iv, int depth = 0) {
  if (v == iv)
    return true;
  Operation *def = v.getDefiningOp();
  if (!def || depth > 8 ||
      !isa<arith::ArithDialect, affine::AffineDialect>(def->getDialect()))
    return false;
  return llvm::any_of(def->getOperands(), [&](Value operand) {
    return dependsOn(operand, iv, depth + 1);
  });
}

/// Whether any op nested in `op`'s regions is an scf.for (a reduction).
bool containsLoop(Operation *op) {
  bool found = false;
  op->walk([&](scf::ForOp inner) {
    if (inner != op)
      found = true;
  });
  return found;
}

struct PrefetchEpiloguePass
    : mlir::nncc::impl::NNCCPrefetchEpiloguePassBase<
          PrefetchEpiloguePass> {
  void runOnOperation() override {
    SmallVector<VectorTransferOpInterface> transfers;
    getOperation().walk([&](VectorTransferOpInterface t) {
      if (isCandidate(t))
        transfers.push_back(t);
    });
    for (VectorTransferOpInterface t : transfers)
      prefetchNext(t);
  }

  /// A transfer on a whole-activation buffer (not a weight global, not a
  /// kernel-local tile) in a tile loop that also runs a reduction loop:
  /// an epilogue operand or the output tile.
  static bool isCandidate(VectorTransferOpInterface read) {
    auto type = dyn_cast<MemRefType>(read.getBase().getType());
    if (!type || !type.hasStaticShape() || !type.getLayout().isIdentity() ||
        !read.getPermutationMap().isMinorIdentity())
      return false;
    Operation *src = read.getBase().getDefiningOp();
    if (src && (isa<memref::GetGlobalOp, memref::AllocaOp>(src)))
      return false;
    // Big enough not to stay in L1 across tiles.
    if (type.getNumElements() * 4 <= 64 * 1024)
      return false;
    auto loop = dyn_cast<scf::ForOp>(read->getParentOp());
    return loop && containsLoop(loop);
  }

  void prefetchNext(VectorTransferOpInterface read) {
    auto inner = cast<scf::ForOp>(read->getParentOp());
    auto outer = dyn_cast<scf::ForOp>(inner->getParentOp());
    auto type = cast<MemRefType>(read.getBase().getType());
    int64_t rank = type.getRank();
    SmallVector<Value> indices(read.getIndices());
    // The tile's output lines: fetched for writing (no read-for-ownership
    // stall at the store).
    bool isWrite = isa<vector::TransferWriteOp>(read.getOperation());
    // The loop whose next iteration reaches new cache lines: the inner tile
    // loop, unless it walks the contiguous innermost dim (the next channel
    // tile's lines are adjacent, which the hardware prefetches), then the
    // outer one.
    scf::ForOp along = inner;
    if (dependsOn(indices.back(), inner.getInductionVar()) && outer &&
        llvm::any_of(ArrayRef<Value>(indices).drop_back(), [&](Value i) {
          return dependsOn(i, outer.getInductionVar());
        }))
      along = outer;
    if (!llvm::any_of(indices, [&](Value i) {
          return dependsOn(i, along.getInductionVar());
        }))
      return;
    OpBuilder b(&inner.getBody()->front());
    Location loc = read.getLoc();
    // The next iteration's induction variable, or this one's on the last.
    Value iv = along.getInductionVar();
    Value next = arith::AddIOp::create(b, loc, iv, along.getStep());
    Value inRange = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt,
                                          next, along.getUpperBound());
    next = arith::SelectOp::create(b, loc, inRange, next, iv);
    // Re-create the index computations with the next induction variable.
    IRMapping map;
    map.map(iv, next);
    SmallVector<Value> nextIndices;
    for (Value index : indices) {
      Value c = cloneIndex(b, index, map, inner);
      if (!c)
        return; // (the ops created so far are dead and get folded away)
      nextIndices.push_back(c);
    }
    // One prefetch per row of the vector (rows run along the leading vector
    // dims; each row is contiguous along the last memref dim).
    ArrayRef<int64_t> shape = read.getVectorType().getShape();
    int64_t vrank = shape.size();
    SmallVector<int64_t> row(vrank - 1, 0);
    int64_t rows = 1;
    for (int64_t d = 0; d + 1 < vrank; ++d)
      rows *= shape[d];
    for (int64_t r = 0; r < rows; ++r) {
      SmallVector<Value> at(nextIndices);
      for (int64_t d = 0; d + 1 < vrank; ++d) {
        if (row[d] == 0)
          continue;
        int64_t dim = rank - vrank + d;
        // Clamped to the buffer: a prefetch past the end would only be
        // wasted, but the index must stay in bounds.
        Value shifted = arith::AddIOp::create(
            b, loc, at[dim], arith::ConstantIndexOp::create(b, loc, row[d]));
        at[dim] = arith::MinSIOp::create(
            b, loc, shifted,
            arith::ConstantIndexOp::create(b, loc, type.getDimSize(dim) - 1));
      }
      memref::PrefetchOp::create(b, loc, read.getBase(), at,
                                 isWrite, /*localityHint=*/3,
                                 /*isDataCache=*/true);
      for (int64_t d = vrank - 2; d >= 0; --d) {
        if (++row[d] < shape[d])
          break;
        row[d] = 0;
      }
    }
  }

  /// `index` recomputed at the start of `inner`'s body with the values in
  /// `map`: arith/affine ops that depend on a mapped value or are defined
  /// inside `inner` are cloned, others reused. Null when `index` needs
  /// anything else computed inside `inner`.
  static Value cloneIndex(OpBuilder &b, Value index, IRMapping &map,
                          scf::ForOp inner) {
    if (Value mapped = map.lookupOrNull(index))
      return mapped;
    Operation *def = index.getDefiningOp();
    if (!def)
      return index; // a block argument: an induction variable
    bool inside = inner->isAncestor(def);
    if (!isa<arith::ArithDialect, affine::AffineDialect>(def->getDialect()) ||
        def->getNumRegions() != 0)
      return inside ? Value() : index;
    bool changed = false;
    for (Value operand : def->getOperands()) {
      Value c = cloneIndex(b, operand, map, inner);
      if (!c)
        return {};
      changed |= c != operand;
    }
    if (!changed && !inside)
      return index;
    Operation *clone = b.clone(*def, map);
    for (auto [from, to] : llvm::zip(def->getResults(), clone->getResults()))
      map.map(from, to);
    return map.lookup(index);
  }
};

} // namespace
