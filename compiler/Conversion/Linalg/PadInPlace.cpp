//===- PadInPlace.cpp - Constant pads as border fills + insert ------------===//
//
// Part of nncc.
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::nncc {
#define GEN_PASS_DEF_NNCCPADINPLACEPASS
#include "compiler/Conversion/Passes.h.inc"
} // namespace mlir::nncc

using namespace mlir;

namespace {

struct PadInPlacePass
    : nncc::impl::NNCCPadInPlacePassBase<PadInPlacePass> {
  void runOnOperation() override {
    SmallVector<tensor::PadOp> pads;
    getOperation().walk([&](tensor::PadOp pad) { pads.push_back(pad); });
    IRRewriter rewriter(&getContext());
    for (tensor::PadOp pad : pads)
      rewrite(rewriter, pad);
  }

  static void rewrite(IRRewriter &rewriter, tensor::PadOp pad) {
    RankedTensorType type = pad.getResultType();
    auto srcType = cast<RankedTensorType>(pad.getSource().getType());
    if (!type.hasStaticShape() || !srcType.hasStaticShape())
      return;
    SmallVector<int64_t> low(pad.getStaticLow()), high(pad.getStaticHigh());
    if (ShapedType::isDynamicShape(low) || ShapedType::isDynamicShape(high))
      return;
    // A constant, or a value defined outside the pad's region.
    Value value = pad.getConstantPaddingValue();
    if (!value)
      return;
    Location loc = pad.getLoc();
    rewriter.setInsertionPoint(pad);
    int64_t rank = type.getRank();
    MLIRContext *ctx = rewriter.getContext();
    auto ofr = [&](ArrayRef<int64_t> v) {
      return getAsIndexOpFoldResult(ctx, v);
    };
    SmallVector<OpFoldResult> ones = ofr(SmallVector<int64_t>(rank, 1));
    Value acc = tensor::EmptyOp::create(rewriter, loc, type.getShape(),
                                        type.getElementType());
    // Borders, dim by dim: along dim d, the low and high slabs span the
    // source's extent in the dims before d (already covered by their own
    // slabs) and the whole padded extent in the dims after d.
    for (int64_t d = 0; d < rank; ++d) {
      for (bool isLow : {true, false}) {
        int64_t width = isLow ? low[d] : high[d];
        if (width == 0)
          continue;
        SmallVector<int64_t> offsets(rank, 0), sizes(type.getShape());
        for (int64_t e = 0; e < d; ++e) {
          offsets[e] = low[e];
          sizes[e] = srcType.getDimSize(e);
        }
        offsets[d] = isLow ? 0 : low[d] + srcType.getDimSize(d);
        sizes[d] = width;
        Value slab = tensor::ExtractSliceOp::create(
            rewriter, loc, acc, ofr(offsets), ofr(sizes), ones);
        Value filled =
            linalg::FillOp::create(rewriter, loc, value, slab).getResult(0);
        acc = tensor::InsertSliceOp::create(rewriter, loc, filled, acc,
                                            ofr(offsets), ofr(sizes), ones);
      }
    }
    Value result = tensor::InsertSliceOp::create(
        rewriter, loc, pad.getSource(), acc, ofr(low),
        ofr(srcType.getShape()), ones);
    rewriter.replaceOp(pad, result);
  }
};

} // namespace
