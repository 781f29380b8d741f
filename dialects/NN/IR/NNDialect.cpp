//===- NNDialect.cpp - NN dialect registration ----------------------------===//
//
// Part of nncc.
//
//===----------------------------------------------------------------------===//

#include "dialects/NN/IR/NNDialect.h"
#include "dialects/NN/IR/NNOps.h"

using namespace mlir;
using namespace mlir::nncc::nn;

#include "dialects/NN/IR/NNOpsDialect.cpp.inc"

void NNDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "dialects/NN/IR/NNOps.cpp.inc"
      >();
}

Operation *NNDialect::materializeConstant(OpBuilder &builder, Attribute value,
                                          Type type, Location loc) {
  auto elements = dyn_cast<ElementsAttr>(value);
  if (!elements || elements.getType() != type)
    return nullptr;
  return ConstantOp::create(builder, loc, type, elements);
}
