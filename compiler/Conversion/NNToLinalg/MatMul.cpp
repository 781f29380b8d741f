//===- MatMul.cpp - Lower nn.matmul and nn.gemm ---------------------------===//
//
// Part of nncc.
//
// Both become a linalg.generic contraction (parallel output dims, one
// reduction dim) accumulating into a zero-filled output; transposes and
// broadcast batch dims are folded into the indexing maps.
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/NNToLinalg/NNToLinalg.h"
#include "dialects/NN/IR/NNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

using namespace mlir;
using namespace mlir::nncc;
using namespace mlir::nncc::nn_to_linalg;

namespace {

/// out[...] += lhs[...] * rhs[...] over `loopBounds` (last loop = reduction).
Value buildContraction(OpBuilder &b, Location loc, RankedTensorType outType,
                       Value lhs, ArrayRef<unsigned> lhsDims, Value rhs,
                       ArrayRef<unsigned> rhsDims,
                       ArrayRef<int64_t> loopBounds) {
  unsigned numLoops = loopBounds.size();
  auto [l, lMap] = broadcastOperand(b, loc, lhs, lhsDims, loopBounds);
  auto [r, rMap] = broadcastOperand(b, loc, rhs, rhsDims, loopBounds);
  SmallVector<AffineExpr> outExprs;
  for (unsigned i = 0; i + 1 < numLoops; ++i)
    outExprs.push_back(b.getAffineDimExpr(i));
  auto outMap = AffineMap::get(numLoops, 0, outExprs, b.getContext());
  SmallVector<utils::IteratorType> it(numLoops, utils::IteratorType::parallel);
  it.back() = utils::IteratorType::reduction;
  Value init =
      createFilled(b, loc, outType, scalarAttr(outType.getElementType(), 0));
  return linalg::GenericOp::create(
             b, loc, TypeRange{outType}, ValueRange{l, r}, ValueRange{init},
             SmallVector<AffineMap>{lMap, rMap, outMap}, it,
             [](OpBuilder &nb, Location nl, ValueRange a) {
               Value m = arith::MulFOp::create(nb, nl, a[0], a[1]);
               linalg::YieldOp::create(
                   nb, nl, arith::AddFOp::create(nb, nl, a[2], m).getResult());
             })
      .getResult(0);
}

//===----------------------------------------------------------------------===//
// MatMulOp
//===----------------------------------------------------------------------===//

struct MatMulOpLowering : OpConversionPattern<nn::MatMulOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(nn::MatMulOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto outType = op.getType();
    auto lType = cast<RankedTensorType>(adaptor.getLhs().getType());
    auto rType = cast<RankedTensorType>(adaptor.getRhs().getType());
    if (!outType.hasStaticShape() || !lType.hasStaticShape() ||
        !rType.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "needs static shapes");
    // Loops: the output dims, then k. A rank-1 operand has no M (or N) dim.
    int64_t outRank = outType.getRank();
    unsigned k = outRank;
    SmallVector<int64_t> bounds(outType.getShape());
    bool lVec = lType.getRank() == 1, rVec = rType.getRank() == 1;
    int64_t kSize = lType.getShape().back();
    bounds.push_back(kSize);
    // Output layout: batch..., [M if !lVec], [N if !rVec].
    int64_t batchRank = outRank - (lVec ? 0 : 1) - (rVec ? 0 : 1);
    unsigned mLoop = batchRank, nLoop = batchRank + (lVec ? 0 : 1);
    SmallVector<unsigned> lDims, rDims;
    int64_t lBatch = lVec ? 0 : lType.getRank() - 2;
    for (int64_t i = 0; i < lBatch; ++i)
      lDims.push_back(batchRank - lBatch + i);
    if (!lVec)
      lDims.push_back(mLoop);
    lDims.push_back(k);
    int64_t rBatch = rVec ? 0 : rType.getRank() - 2;
    for (int64_t i = 0; i < rBatch; ++i)
      rDims.push_back(batchRank - rBatch + i);
    rDims.push_back(k);
    if (!rVec)
      rDims.push_back(nLoop);
    Value r = buildContraction(rewriter, op.getLoc(), outType,
                               adaptor.getLhs(), lDims, adaptor.getRhs(),
                               rDims, bounds);
    rewriter.replaceOp(op, r);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// GemmOp
//===----------------------------------------------------------------------===//

struct GemmOpLowering : OpConversionPattern<nn::GemmOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(nn::GemmOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto outType = op.getType();
    auto aType = cast<RankedTensorType>(adaptor.getA().getType());
    if (!outType.hasStaticShape() || !aType.hasStaticShape() ||
        !cast<RankedTensorType>(adaptor.getB().getType()).hasStaticShape())
      return rewriter.notifyMatchFailure(op, "needs static shapes");
    int64_t kSize = op.getTransA() ? aType.getShape()[0] : aType.getShape()[1];
    SmallVector<int64_t> bounds = {outType.getShape()[0], outType.getShape()[1],
                                   kSize};
    // Loops (m, n, k).
    SmallVector<unsigned> aDims = op.getTransA() ? SmallVector<unsigned>{2, 0}
                                                 : SmallVector<unsigned>{0, 2};
    SmallVector<unsigned> bDims = op.getTransB() ? SmallVector<unsigned>{1, 2}
                                                 : SmallVector<unsigned>{2, 1};
    Value acc = buildContraction(rewriter, loc, outType, adaptor.getA(), aDims,
                                 adaptor.getB(), bDims, bounds);
    double alpha = op.getAlpha().convertToDouble();
    double beta = op.getBeta().convertToDouble();
    Type elt = outType.getElementType();
    Value c = adaptor.getC();
    if (alpha == 1.0 && (!c || beta == 0.0)) {
      rewriter.replaceOp(op, acc);
      return success();
    }
    Value alphaV =
        arith::ConstantOp::create(rewriter, loc, scalarAttr(elt, alpha));
    Value betaV = arith::ConstantOp::create(rewriter, loc, scalarAttr(elt, beta));
    SmallVector<Value> operands = {acc};
    if (c && beta != 0.0)
      operands.push_back(c);
    Value y = buildElementwise(
        rewriter, loc, outType, operands,
        [&](OpBuilder &b, Location l, ValueRange v) -> Value {
          Value r = v[0];
          if (alpha != 1.0)
            r = arith::MulFOp::create(b, l, r, alphaV);
          if (v.size() > 1) {
            Value cv = v[1];
            if (beta != 1.0)
              cv = arith::MulFOp::create(b, l, cv, betaV);
            r = arith::AddFOp::create(b, l, r, cv);
          }
          return r;
        });
    rewriter.replaceOp(op, y);
    return success();
  }
};

} // namespace

void mlir::nncc::populateMatMulLoweringPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<MatMulOpLowering, GemmOpLowering>(converter, patterns.getContext());
}
