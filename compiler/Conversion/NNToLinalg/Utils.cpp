//===- Utils.cpp - Helpers for the nn to linalg lowering ------------------===//
//
// Part of nncc.
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/NNToLinalg/NNToLinalg.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/ReshapeOpsUtils.h"

using namespace mlir;
using namespace mlir::nncc;

Value nn_to_linalg::createEmpty(OpBuilder &b, Location loc,
                                RankedTensorType type) {
  return tensor::EmptyOp::create(b, loc, type.getShape(),
                                 type.getElementType());
}

Value nn_to_linalg::createFilled(OpBuilder &b, Location loc,
                                 RankedTensorType type, TypedAttr value) {
  Value init = createEmpty(b, loc, type);
  Value scalar = arith::ConstantOp::create(b, loc, value);
  return linalg::FillOp::create(b, loc, scalar, init).getResult(0);
}

TypedAttr nn_to_linalg::scalarAttr(Type t, double value) {
  if (auto ft = dyn_cast<FloatType>(t))
    return FloatAttr::get(ft, value);
  return IntegerAttr::get(t, static_cast<int64_t>(value));
}

TypedAttr nn_to_linalg::lowestAttr(Type t) {
  if (auto ft = dyn_cast<FloatType>(t))
    return FloatAttr::get(
        ft, APFloat::getInf(ft.getFloatSemantics(), /*Negative=*/true));
  unsigned width = t.getIntOrFloatBitWidth();
  return IntegerAttr::get(t, APInt::getSignedMinValue(width));
}

std::pair<Value, AffineMap>
nn_to_linalg::broadcastOperand(OpBuilder &b, Location loc, Value operand,
                               ArrayRef<unsigned> loopDims,
                               ArrayRef<int64_t> loopBounds) {
  auto type = cast<RankedTensorType>(operand.getType());
  ArrayRef<int64_t> shape = type.getShape();
  MLIRContext *ctx = b.getContext();
  SmallVector<bool> keep;
  for (auto [i, d] : llvm::enumerate(shape))
    keep.push_back(!(d == 1 && loopBounds[loopDims[i]] != 1));

  SmallVector<AffineExpr> exprs;
  SmallVector<int64_t> newShape;
  for (auto [i, d] : llvm::enumerate(shape)) {
    if (!keep[i])
      continue;
    exprs.push_back(getAffineDimExpr(loopDims[i], ctx));
    newShape.push_back(d);
  }
  AffineMap map = AffineMap::get(loopBounds.size(), 0, exprs, ctx);
  if (newShape.size() == shape.size())
    return {operand, map};

  // Group every dropped unit dim with the next kept dim (or, at the end,
  // with the previous group).
  SmallVector<ReassociationIndices> groups;
  ReassociationIndices pending;
  for (auto [i, k] : llvm::enumerate(keep)) {
    pending.push_back(i);
    if (k) {
      groups.push_back(pending);
      pending.clear();
    }
  }
  if (!pending.empty() && !groups.empty())
    groups.back().append(pending.begin(), pending.end());
  auto newType = RankedTensorType::get(newShape, type.getElementType());
  Value collapsed =
      tensor::CollapseShapeOp::create(b, loc, newType, operand, groups);
  return {collapsed, map};
}

std::pair<Value, AffineMap>
nn_to_linalg::broadcastElementwise(OpBuilder &b, Location loc, Value operand,
                                   ArrayRef<int64_t> outShape) {
  auto rank = cast<RankedTensorType>(operand.getType()).getRank();
  SmallVector<unsigned> loopDims;
  for (int64_t i = 0; i < rank; ++i)
    loopDims.push_back(outShape.size() - rank + i);
  return broadcastOperand(b, loc, operand, loopDims, outShape);
}

Value nn_to_linalg::buildElementwise(
    OpBuilder &b, Location loc, RankedTensorType resultType,
    ValueRange operands,
    function_ref<Value(OpBuilder &, Location, ValueRange)> body) {
  SmallVector<Value> inputs;
  SmallVector<AffineMap> maps;
  for (Value v : operands) {
    auto [value, map] = broadcastElementwise(b, loc, v, resultType.getShape());
    inputs.push_back(value);
    maps.push_back(map);
  }
  maps.push_back(b.getMultiDimIdentityMap(resultType.getRank()));
  SmallVector<utils::IteratorType> iterators(resultType.getRank(),
                                             utils::IteratorType::parallel);
  Value init = createEmpty(b, loc, resultType);
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{resultType}, inputs, ValueRange{init}, maps, iterators,
      [&](OpBuilder &nb, Location nloc, ValueRange args) {
        Value r = body(nb, nloc, args.drop_back());
        linalg::YieldOp::create(nb, nloc, r);
      });
  return generic.getResult(0);
}

Value nn_to_linalg::reshapeTensor(OpBuilder &b, Location loc, Value input,
                                  RankedTensorType type) {
  auto inType = cast<RankedTensorType>(input.getType());
  if (inType == type)
    return input;
  // Rank 0 <-> rank N: a single group-less reassociation.
  if (inType.getRank() == 0)
    return tensor::ExpandShapeOp::create(b, loc, type, input,
                                         ArrayRef<ReassociationIndices>{});
  if (type.getRank() == 0)
    return tensor::CollapseShapeOp::create(b, loc, type, input,
                                           ArrayRef<ReassociationIndices>{});
  // General case: collapse to 1-D, then expand to the target shape.
  Value flat = input;
  if (inType.getRank() != 1) {
    ReassociationIndices all;
    for (int64_t i = 0; i < inType.getRank(); ++i)
      all.push_back(i);
    auto flatType = RankedTensorType::get({inType.getNumElements()},
                                          inType.getElementType());
    flat = tensor::CollapseShapeOp::create(b, loc, flatType, input,
                                           ArrayRef<ReassociationIndices>{all});
  }
  if (type.getRank() == 1)
    return flat;
  ReassociationIndices all;
  for (int64_t i = 0; i < type.getRank(); ++i)
    all.push_back(i);
  return tensor::ExpandShapeOp::create(b, loc, type, flat,
                                       ArrayRef<ReassociationIndices>{all});
}

AffineMap nn_to_linalg::reducedMap(MLIRContext *ctx, int64_t rank,
                                   ArrayRef<int64_t> reducedDims) {
  SmallVector<AffineExpr> exprs;
  for (int64_t d = 0; d < rank; ++d)
    if (!llvm::is_contained(reducedDims, d))
      exprs.push_back(getAffineDimExpr(d, ctx));
  return AffineMap::get(rank, 0, exprs, ctx);
}

Value nn_to_linalg::buildReduction(
    OpBuilder &b, Location loc, Value input, ArrayRef<int64_t> reducedDims,
    TypedAttr init,
    function_ref<Value(OpBuilder &, Location, Value, Value)> combine) {
  auto inType = cast<RankedTensorType>(input.getType());
  int64_t rank = inType.getRank();
  SmallVector<int64_t> shape;
  SmallVector<utils::IteratorType> iterators;
  for (int64_t d = 0; d < rank; ++d) {
    bool reduced = llvm::is_contained(reducedDims, d);
    iterators.push_back(reduced ? utils::IteratorType::reduction
                                : utils::IteratorType::parallel);
    if (!reduced)
      shape.push_back(inType.getShape()[d]);
  }
  auto type = RankedTensorType::get(shape, inType.getElementType());
  Value acc = createFilled(b, loc, type, init);
  SmallVector<AffineMap> maps = {
      b.getMultiDimIdentityMap(rank),
      reducedMap(b.getContext(), rank, reducedDims)};
  return linalg::GenericOp::create(
             b, loc, TypeRange{type}, ValueRange{input}, ValueRange{acc}, maps,
             iterators,
             [&](OpBuilder &nb, Location nl, ValueRange a) {
               linalg::YieldOp::create(nb, nl, combine(nb, nl, a[0], a[1]));
             })
      .getResult(0);
}
