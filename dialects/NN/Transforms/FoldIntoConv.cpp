//===- FoldIntoConv.cpp - BatchNorm and zero Pad into convolutions --------===//
//
// Part of nncc.
//
// Folds an inference BatchNormalization into the convolution before it
// (weights and bias rescaled at compile time) and a zero Pad of the spatial
// dims into the convolution's (or average pool's) own padding (see
// Passes.td).
//
//===----------------------------------------------------------------------===//

#include "dialects/NN/Transforms/Passes.h"

#include "dialects/NN/IR/NNOps.h"

#include "mlir/IR/BuiltinDialect.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <cmath>

namespace mlir::nncc {
#define GEN_PASS_DEF_NNFOLDINTOCONVPASS
#include "dialects/NN/Transforms/Passes.h.inc"
} // namespace mlir::nncc

using namespace mlir;
using namespace mlir::nncc;

namespace {

/// The f32 values of `v` when it is a constant of `n` elements.
std::optional<std::vector<float>> constantValues(Value v, int64_t n) {
  Attribute a;
  if (!v || !matchPattern(v, m_Constant(&a)))
    return std::nullopt;
  return nn::constantFloats(a, n);
}

/// batch_norm(conv2d(x, W, b)) -> conv2d(x, W * k, (b - mean) * k + beta).
struct FoldBatchNormIntoConv : OpRewritePattern<nn::BatchNormOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::BatchNormOp bn,
                                PatternRewriter &rewriter) const override {
    auto conv = bn.getInput().getDefiningOp<nn::Conv2DOp>();
    if (!conv || conv.getChannelsLast() || !conv->hasOneUse())
      return rewriter.notifyMatchFailure(bn, "input is not an NCHW conv2d "
                                             "used only here");
    auto wType = dyn_cast<RankedTensorType>(conv.getWeight().getType());
    if (!wType || !wType.hasStaticShape() || !wType.getElementType().isF32() ||
        bn.getType() != conv.getType())
      return rewriter.notifyMatchFailure(bn, "needs static f32 weights");
    int64_t f = wType.getDimSize(0);
    int64_t perChannel = wType.getNumElements() / f;
    // The per-channel operands first: the weights (possibly megabytes) are
    // copied only once everything else is known to fold.
    std::optional<std::vector<float>> bias =
        conv.getBias() ? constantValues(conv.getBias(), f)
                       : std::vector<float>(f, 0.0f);
    auto scale = constantValues(bn.getScale(), f);
    auto beta = constantValues(bn.getBias(), f);
    auto mean = constantValues(bn.getMean(), f);
    auto var = constantValues(bn.getVariance(), f);
    if (!bias || !scale || !beta || !mean || !var)
      return rewriter.notifyMatchFailure(bn, "operands are not f32 constants");
    Attribute wAttr;
    if (!matchPattern(conv.getWeight(), m_Constant(&wAttr)))
      return rewriter.notifyMatchFailure(bn, "weights are not constant");
    std::optional<std::vector<float>> w =
        nn::constantFloats(wAttr, wType.getNumElements());
    if (!w)
      return rewriter.notifyMatchFailure(bn, "weights are not f32 constants");
    double eps = bn.getEpsilon().convertToDouble();
    std::vector<float> newBias(f);
    for (int64_t o = 0; o < f; ++o) {
      double k = (double)(*scale)[o] / std::sqrt((double)(*var)[o] + eps);
      if (!std::isfinite(k))
        return rewriter.notifyMatchFailure(bn, "non-finite scale");
      for (int64_t i = 0; i < perChannel; ++i) {
        float &x = (*w)[o * perChannel + i];
        x = (float)((double)x * k);
      }
      newBias[o] =
          (float)(((double)(*bias)[o] - (*mean)[o]) * k + (double)(*beta)[o]);
    }
    std::string name = "weights";
    if (auto r = dyn_cast<DenseResourceElementsAttr>(wAttr))
      name = r.getRawHandle().getKey().str();
    Location loc = rewriter.getFusedLoc({conv.getLoc(), bn.getLoc()});
    Value newW = nn::ConstantOp::create(
        rewriter, conv.getWeight().getLoc(), wType,
        nn::floatsConstant(wType, *w, name + ".bn"));
    auto bType = RankedTensorType::get({f}, wType.getElementType());
    Value newB = nn::ConstantOp::create(
        rewriter, loc, bType,
        nn::floatsConstant(bType, newBias, name + ".bn_bias"));
    auto newConv = nn::Conv2DOp::create(
        rewriter, loc, conv.getType(), conv.getInput(), newW, newB,
        conv.getStridesAttr(), conv.getDilationsAttr(), conv.getPadsAttr(),
        conv.getGroupAttr(), conv.getChannelsLastAttr());
    rewriter.replaceOp(bn, newConv);
    return success();
  }
};

/// The spatial amounts [top, left, bottom, right] of a zero constant pad of
/// only the spatial dims of a 4-D tensor (H, W at dims 2, 3, or 1, 2 when
/// `channelsLast`), or nullopt.
std::optional<SmallVector<int64_t, 4>> zeroSpatialPads(Value v,
                                                        bool channelsLast) {
  auto pad = v.getDefiningOp<nn::PadOp>();
  if (!pad || pad.getMode() != "constant")
    return std::nullopt;
  auto value = dyn_cast<FloatAttr>(pad.getValue());
  if (!value || !value.getValue().isZero())
    return std::nullopt;
  ArrayRef<int64_t> p = pad.getPads();
  if (p.size() != 8 || llvm::any_of(p, [](int64_t a) { return a < 0; }))
    return std::nullopt;
  int64_t h = channelsLast ? 1 : 2, c = channelsLast ? 3 : 1;
  if (p[0] || p[4] || p[c] || p[4 + c])
    return std::nullopt;
  return SmallVector<int64_t, 4>{p[h], p[h + 1], p[4 + h], p[4 + h + 1]};
}

SmallVector<int64_t> addPads(ArrayRef<int64_t> a, ArrayRef<int64_t> b) {
  SmallVector<int64_t> r;
  for (auto [x, y] : llvm::zip_equal(a, b))
    r.push_back(x + y);
  return r;
}

/// Makes `op` (a convolution or pool, input operand 0) read the input of the
/// pad that feeds it, with the pad's spatial `amounts` added to its own.
template <typename OpTy>
void absorbPad(PatternRewriter &rewriter, OpTy op, ArrayRef<int64_t> amounts) {
  Operation *pad = op.getInput().getDefiningOp();
  rewriter.modifyOpInPlace(op, [&] {
    op->setOperand(0, pad->getOperand(0));
    op.setPadsAttr(
        rewriter.getDenseI64ArrayAttr(addPads(op.getPads(), amounts)));
    op->setLoc(rewriter.getFusedLoc({pad->getLoc(), op.getLoc()}));
  });
}

/// conv2d(pad(x, 0)) -> conv2d(x) with the pad's spatial amounts.
struct FoldPadIntoConv : OpRewritePattern<nn::Conv2DOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::Conv2DOp conv,
                                PatternRewriter &rewriter) const override {
    auto amounts = zeroSpatialPads(conv.getInput(), conv.getChannelsLast());
    if (!amounts)
      return rewriter.notifyMatchFailure(conv, "input is not a zero pad of "
                                               "the spatial dims");
    absorbPad(rewriter, conv, *amounts);
    return success();
  }
};

/// avg_pool2d(pad(x, 0)) -> avg_pool2d(x) counting the padding, when the
/// pool counted its own padding already (or had none) and has no ceil mode.
struct FoldPadIntoAvgPool : OpRewritePattern<nn::AvgPool2DOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::AvgPool2DOp pool,
                                PatternRewriter &rewriter) const override {
    auto amounts = zeroSpatialPads(pool.getInput(), pool.getChannelsLast());
    if (!amounts)
      return rewriter.notifyMatchFailure(pool, "input is not a zero pad of "
                                               "the spatial dims");
    bool ownPads = llvm::any_of(pool.getPads(), [](int64_t p) { return p; });
    if (pool.getCeilMode() || (ownPads && !pool.getCountIncludePad()))
      return rewriter.notifyMatchFailure(pool, "ceil mode, or its own pads "
                                               "are not counted");
    // A pool's padding must stay smaller than its window (windows of
    // padding only have no ONNX meaning).
    SmallVector<int64_t> pads = addPads(pool.getPads(), *amounts);
    ArrayRef<int64_t> window = pool.getKernelShape();
    for (int64_t i = 0; i < 2; ++i)
      if (pads[i] >= window[i] || pads[i + 2] >= window[i])
        return rewriter.notifyMatchFailure(pool, "pads as large as the "
                                                 "window");
    absorbPad(rewriter, pool, *amounts);
    rewriter.modifyOpInPlace(
        pool, [&] { pool.setCountIncludePadAttr(rewriter.getBoolAttr(true)); });
    return success();
  }
};

struct NNFoldIntoConvPass
    : mlir::nncc::impl::NNFoldIntoConvPassBase<NNFoldIntoConvPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<FoldBatchNormIntoConv, FoldPadIntoConv, FoldPadIntoAvgPool>(
        &getContext());
    // Each rewrite removes an op, so the driver converges; not converging
    // would leave valid IR with fewer folds, which is not an error.
    (void)applyPatternsGreedily(getOperation(), std::move(patterns));
  }
};

} // namespace
