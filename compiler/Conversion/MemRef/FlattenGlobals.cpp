//===- FlattenGlobals.cpp - 1-D constant globals --------------------------===//
//
// Part of nncc.
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/Passes.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/BuiltinDialect.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/SymbolTable.h"

namespace mlir::nncc {
#define GEN_PASS_DEF_NNCCFLATTENGLOBALSPASS
#include "compiler/Conversion/Passes.h.inc"
} // namespace mlir::nncc

using namespace mlir;

namespace {

/// The initial value of `global` retyped to `flatType`, or null.
Attribute flattenInitialValue(Attribute init, RankedTensorType flatType) {
  if (auto dense = dyn_cast<DenseElementsAttr>(init))
    return dense.reshape(flatType);
  if (auto res = dyn_cast<DenseResourceElementsAttr>(init))
    return DenseResourceElementsAttr::get(flatType, res.getRawHandle());
  return {};
}

struct FlattenGlobalsPass
    : nncc::impl::NNCCFlattenGlobalsPassBase<FlattenGlobalsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    llvm::StringMap<memref::GlobalOp> flattened;
    for (auto global : module.getOps<memref::GlobalOp>()) {
      MemRefType type = global.getType();
      auto init = global.getInitialValue();
      if (!init || type.getRank() <= 1 || !type.hasStaticShape() ||
          !type.getLayout().isIdentity())
        continue;
      auto flatMemref = MemRefType::get({type.getNumElements()},
                                        type.getElementType(), AffineMap(),
                                        type.getMemorySpace());
      auto flatTensor = RankedTensorType::get({type.getNumElements()},
                                              type.getElementType());
      Attribute flatInit = flattenInitialValue(*init, flatTensor);
      if (!flatInit)
        continue;
      global.setType(flatMemref);
      global.setInitialValueAttr(flatInit);
      flattened[global.getSymName()] = global;
    }
    if (flattened.empty())
      return;
    module.walk([&](memref::GetGlobalOp get) {
      auto it = flattened.find(get.getName());
      if (it == flattened.end())
        return;
      MemRefType oldType = get.getType();
      OpBuilder b(get);
      auto flat = memref::GetGlobalOp::create(
          b, get.getLoc(), it->second.getType(), get.getName());
      ReassociationIndices all;
      for (int64_t i = 0; i < oldType.getRank(); ++i)
        all.push_back(i);
      Value expanded = memref::ExpandShapeOp::create(
          b, get.getLoc(), oldType, flat, ArrayRef<ReassociationIndices>{all});
      get.replaceAllUsesWith(expanded);
      get.erase();
    });
  }
};

} // namespace
