//===- VerifyLowerable.cpp - Gate in front of the CPU lowering ------------===//
//
// Part of nncc.
//
// Reports, one located error per op, what convert-nn-to-linalg cannot lower
// yet, so users see the real reason instead of "failed to legalize".
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/Passes.h"
#include "dialects/NN/IR/NNOps.h"
#include "dialects/NN/IR/NNShapes.h"


namespace mlir::nncc {
#define GEN_PASS_DEF_NNVERIFYLOWERABLEPASS
#include "compiler/Conversion/Passes.h.inc"
} // namespace mlir::nncc

using namespace mlir;
using namespace mlir::nncc;

namespace {

/// Element types the CPU backend handles for each kind of op.
bool isSupportedElementType(Operation *op, Type t) {
  // f16/bf16 math is computed in f32 (math-extend-to-supported-types).
  if (t.isF32() || t.isF64() || t.isF16() || t.isBF16())
    return true;
  // Integer and boolean tensors (signed or unsigned) flow through shape ops,
  // constants and integer arithmetic; float-only ops are rejected by their
  // ODS types. Integer powers are not lowered yet.
  if (auto it = dyn_cast<IntegerType>(t))
    return llvm::is_contained({1u, 8u, 16u, 32u, 64u}, it.getWidth()) &&
           !isa<nn::PowOp>(op);
  return false;
}

struct NNVerifyLowerablePass
    : nncc::impl::NNVerifyLowerablePassBase<NNVerifyLowerablePass> {
  void runOnOperation() override {
    bool failedAny = false;
    getOperation().walk([&](Operation *op) {
      if (!isa<nn::NNDialect>(op->getDialect()))
        return;
      for (Type t : llvm::concat<Type>(llvm::to_vector(op->getOperandTypes()),
                                       llvm::to_vector(op->getResultTypes()))) {
        auto rt = dyn_cast<RankedTensorType>(t);
        if (!rt)
          continue;
        if (!rt.hasStaticShape()) {
          op->emitOpError()
              << "dynamic dimensions are not supported by the CPU backend "
                 "yet (type "
              << rt << ")";
          failedAny = true;
          return;
        }
        // Byte sizes must fit in int64 (address arithmetic, the ABI).
        if (!nn::hasAddressableSize(rt.getShape(),
                                    rt.getElementTypeBitWidth())) {
          op->emitOpError() << "tensor type " << rt
                            << " is too large (its byte size overflows)";
          failedAny = true;
          return;
        }
        if (llvm::is_contained(rt.getShape(), 0)) {
          op->emitOpError() << "tensors with zero elements are not "
                               "supported by the CPU backend yet (type "
                            << rt << ")";
          failedAny = true;
          return;
        }
        if (!isSupportedElementType(op, rt.getElementType())) {
          op->emitOpError() << "element type " << rt.getElementType()
                            << " is not supported by the CPU backend yet";
          failedAny = true;
          return;
        }
      }
    });
    if (failedAny)
      signalPassFailure();
  }
};

} // namespace
