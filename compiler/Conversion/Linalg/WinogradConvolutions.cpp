//===- WinogradConvolutions.cpp - 3x3 convolutions as F(2x2, 3x3) ---------===//
//
// Part of nncc.
//
// A channels-last 3x3 stride-1 convolution computes each 2x2 block of
// output pixels from a 4x4 block of input pixels. Winograd's F(2x2, 3x3)
// does that with 16 products per (input channel, output channel) instead of
// 36: Y = A^T [ (G g G^T) .* (B^T d B) ] A. Over all channels the 16
// element-wise products become 16 independent matrix products of
// [tiles x C] by [C x F], which this pass emits as 1x1 convolutions that
// nncc-vectorize-convolutions then register-tiles like any other:
//   1. input transform: V[4a+b, t, c] = (B^T d_t B)[a, b] for each 4x4 input
//      block d_t (one scf.forall over rows of tiles; vector code along c);
//   2. V[k] x U[k] for k < 16 (an scf.forall over k of 1x1 convolutions);
//      U = G g G^T is computed at compile time from the constant weights;
//   3. output transform Y_t = A^T M_t A plus the convolution's accumulator
//      initialisation (bias), written into the result.
// An odd output size (at least 5) takes one more row (column) of tiles whose
// second output row is computed and dropped.
// The convolution's elementwise consumer (activation, residual add) runs on
// the output transform's vectors before they are stored.
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/Passes.h"
#include "dialects/NN/IR/NNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::nncc {
#define GEN_PASS_DEF_NNCCWINOGRADCONVOLUTIONSPASS
#include "compiler/Conversion/Passes.h.inc"
} // namespace mlir::nncc

using namespace mlir;

namespace {

/// What the convolution's accumulator starts from, added to each output.
struct Init {
  enum Kind { Zero, Scalar, Bias, Tensor } kind = Tensor;
  Value value; // the scalar, the 1-D bias or the init tensor
};

/// The accumulator initialisation of `conv`: a fill, a broadcast of a 1-D
/// per-channel tensor, or (anything else) the init tensor itself.
Init analyzeInit(linalg::Conv2DNhwcHwcfOp conv) {
  Value init = conv.getDpsInits()[0];
  if (auto fill = init.getDefiningOp<linalg::FillOp>()) {
    Value s = fill.getInputs()[0];
    if (matchPattern(s, m_AnyZeroFloat()))
      return {Init::Zero, {}};
    return {Init::Scalar, s};
  }
  if (auto g = init.getDefiningOp<linalg::GenericOp>()) {
    if (g.getNumDpsInputs() == 1 && g.getNumDpsInits() == 1 &&
        g.getNumLoops() == 4 && g.getNumParallelLoops() == 4 &&
        g.getDpsInitOperand(0)->get().getDefiningOp<tensor::EmptyOp>()) {
      AffineMap in = g.getMatchingIndexingMap(g.getDpsInputOperand(0));
      AffineMap out = g.getMatchingIndexingMap(g.getDpsInitOperand(0));
      Block &body = g.getRegion().front();
      auto yield = cast<linalg::YieldOp>(body.getTerminator());
      if (out.isIdentity() && in.getNumResults() == 1 &&
          in.getResult(0) == getAffineDimExpr(3, g.getContext()) &&
          body.getOperations().size() == 1 &&
          yield.getOperand(0) == body.getArgument(0))
        return {Init::Bias, g.getDpsInputOperand(0)->get()};
    }
  }
  return {Init::Tensor, init};
}

/// The elementwise op that is the only user of `conv`'s result and can run
/// on the output transform's vectors (its epilogue: activation, residual
/// add), or null: a linalg.generic with 4 parallel loops and an identity
/// output map over f32 tensors of the convolution's shape, reading the
/// convolution and other tensors of its shape element for element or
/// per-channel vectors, whose body does not read its output and is made of
/// elementwise-mappable ops.
linalg::GenericOp fusableEpilogue(linalg::Conv2DNhwcHwcfOp conv) {
  Value r = conv->getResult(0);
  if (!r.hasOneUse())
    return {};
  auto g = dyn_cast<linalg::GenericOp>(*r.getUsers().begin());
  if (!g || g.getNumDpsInits() != 1 || g->getNumResults() != 1 ||
      g.getNumLoops() != 4 || g.getNumParallelLoops() != 4 ||
      !g.getMatchingIndexingMap(g.getDpsInitOperand(0)).isIdentity() ||
      g->getResult(0).getType() != r.getType())
    return {};
  Block &body = g.getRegion().front();
  if (!body.getArgument(g.getNumDpsInputs()).use_empty())
    return {};
  AffineExpr channel = getAffineDimExpr(3, g.getContext());
  for (OpOperand *in : g.getDpsInputOperands()) {
    AffineMap map = g.getMatchingIndexingMap(in);
    auto type = dyn_cast<RankedTensorType>(in->get().getType());
    if (!type || !type.getElementType().isF32())
      return {};
    bool perChannel = type.getRank() == 1 && map.getNumResults() == 1 &&
                      map.getResult(0) == channel;
    if (!(map.isIdentity() && type == r.getType()) && !perChannel)
      return {};
  }
  for (Operation &op : body.without_terminator())
    if (!OpTrait::hasElementwiseMappableTraits(&op) ||
        op.getNumRegions() != 0 || op.getNumResults() != 1 ||
        !op.getResult(0).getType().isIntOrFloat())
      return {};
  return g;
}

struct WinogradConvolutionsPass
    : mlir::nncc::impl::NNCCWinogradConvolutionsPassBase<
          WinogradConvolutionsPass> {
  using Base::Base;

  /// The transformed weights when `conv` qualifies, else null.
  ElementsAttr qualify(linalg::Conv2DNhwcHwcfOp conv, int64_t lanes) {
    if (!conv.hasPureTensorSemantics() || conv.hasDynamicShape())
      return {};
    auto xType = cast<RankedTensorType>(conv.getDpsInputs()[0].getType());
    auto wType = cast<RankedTensorType>(conv.getDpsInputs()[1].getType());
    auto outType = cast<RankedTensorType>(conv->getResult(0).getType());
    if (!outType.getElementType().isF32() ||
        !xType.getElementType().isF32() || outType.getDimSize(0) != 1 ||
        wType.getDimSize(0) != 3 || wType.getDimSize(1) != 3)
      return {};
    auto ones = [](DenseIntElementsAttr a) {
      return llvm::all_of(a.getValues<int64_t>(),
                          [](int64_t v) { return v == 1; });
    };
    if (!ones(conv.getStrides()) || !ones(conv.getDilations()))
      return {};
    int64_t oh = outType.getDimSize(1), ow = outType.getDimSize(2);
    int64_t c = wType.getDimSize(2), f = wType.getDimSize(3);
    // An odd size takes a last row (column) of tiles whose second output
    // row is computed and dropped: (OH + 1)^2 / OH^2 more tiles, a third
    // more on 7x7 maps, too many on tiny ones.
    auto sizeOk = [](int64_t n) { return n % 2 == 0 || n >= 5; };
    if (!sizeOk(oh) || !sizeOk(ow) || c % lanes || f % lanes ||
        c < minChannels || f < minChannels)
      return {};
    auto cst = conv.getDpsInputs()[1].getDefiningOp<arith::ConstantOp>();
    if (!cst)
      return {};
    return mlir::nncc::nn::winogradWeights(cst.getValue(), wType);
  }

  void runOnOperation() override {
    if (vectorBits < 32 || vectorBits % 32) {
      getOperation().emitError(
          "nncc-winograd-convolutions: vector-bits must be a positive "
          "multiple of 32");
      return signalPassFailure();
    }
    int64_t lanes = vectorBits / 32;
    SmallVector<std::pair<linalg::Conv2DNhwcHwcfOp, ElementsAttr>> convs;
    getOperation().walk([&](linalg::Conv2DNhwcHwcfOp conv) {
      if (ElementsAttr u = qualify(conv, lanes))
        convs.push_back({conv, u});
    });
    IRRewriter rewriter(&getContext());
    for (auto &[conv, u] : convs)
      rewrite(rewriter, conv, u, lanes);
  }

  void rewrite(IRRewriter &rw, linalg::Conv2DNhwcHwcfOp conv, ElementsAttr u,
               int64_t lanes) {
    Location loc = conv.getLoc();
    Value x = conv.getDpsInputs()[0];
    auto outType = cast<RankedTensorType>(conv->getResult(0).getType());
    auto wType = cast<RankedTensorType>(conv.getDpsInputs()[1].getType());
    int64_t oh = outType.getDimSize(1), ow = outType.getDimSize(2);
    int64_t c = wType.getDimSize(2), f = wType.getDimSize(3);
    int64_t th = (oh + 1) / 2, tw = (ow + 1) / 2, tiles = th * tw;
    Init init = analyzeInit(conv);
    linalg::GenericOp epilogue = fusableEpilogue(conv);
    Type f32 = rw.getF32Type();
    auto vec = VectorType::get({lanes}, f32);
    SmallVector<bool> inBounds = {true};

    rw.setInsertionPoint(conv);
    SmallVector<Value> idx;
    for (int64_t i = 0; i < 16; ++i)
      idx.push_back(arith::ConstantIndexOp::create(rw, loc, i));
    Value zero = idx[0], one = idx[1], two = idx[2];
    Value cTw = arith::ConstantIndexOp::create(rw, loc, tw);
    Value cC = arith::ConstantIndexOp::create(rw, loc, c);
    Value cF = arith::ConstantIndexOp::create(rw, loc, f);
    Value cLanes = arith::ConstantIndexOp::create(rw, loc, lanes);
    auto index = [&](OpBuilder &b, Value v, int64_t mul, int64_t add) {
      Value r = v;
      if (mul != 1)
        r = arith::MulIOp::create(b, loc, r, idx[mul]);
      if (add != 0)
        r = arith::AddIOp::create(b, loc, r, idx[add]);
      return r;
    };
    // Row (column) 2 t + i of a tensor with `size` rows: past the end on the
    // last tile of an odd size, where it feeds only the dropped outputs
    // (any finite value will do): clamped to the last one.
    auto at = [&](OpBuilder &b, Value t, int64_t i, int64_t tiles,
                  int64_t size) {
      Value r = index(b, t, 2, i);
      if (2 * (tiles - 1) + i < size)
        return r;
      Value last = arith::ConstantIndexOp::create(b, loc, size - 1);
      return arith::MinSIOp::create(b, loc, r, last).getResult();
    };
    auto I = [&](int64_t v) -> OpFoldResult { return rw.getIndexAttr(v); };
    auto add = [&](OpBuilder &b, Value p, Value q) -> Value {
      return arith::AddFOp::create(b, loc, p, q);
    };
    auto sub = [&](OpBuilder &b, Value p, Value q) -> Value {
      return arith::SubFOp::create(b, loc, p, q);
    };
    auto read = [&](OpBuilder &b, Value src, ValueRange at) -> Value {
      return vector::TransferReadOp::create(b, loc, vec, src, at,
                                            std::nullopt, inBounds);
    };
    auto write = [&](OpBuilder &b, Value v, Value dst, ValueRange at) {
      return vector::TransferWriteOp::create(b, loc, v, dst, at, inBounds)
          .getResult();
    };
    // A parallel loop over `n` units whose body builds a slice of the shared
    // output `init` and returns it with its offsets and sizes.
    using SliceFn = std::function<Value(Value iv, Value out,
                                        SmallVector<OpFoldResult> &offsets,
                                        SmallVector<OpFoldResult> &sizes)>;
    auto parallel = [&](int64_t n, Value initOut, const SliceFn &fn) {
      auto forall = scf::ForallOp::create(rw, loc, ArrayRef<OpFoldResult>{I(n)},
                                          ValueRange{initOut}, std::nullopt);
      OpBuilder::InsertionGuard guard(rw);
      rw.setInsertionPointToStart(forall.getBody());
      Value out = forall.getRegionIterArgs()[0];
      SmallVector<OpFoldResult> offsets, sizes;
      Value part = fn(forall.getInductionVars()[0], out, offsets, sizes);
      rw.setInsertionPointToEnd(forall.getTerminator().getBody());
      SmallVector<OpFoldResult> strides(offsets.size(), I(1));
      tensor::ParallelInsertSliceOp::create(rw, loc, part, out, offsets, sizes,
                                            strides);
      return forall.getResult(0);
    };
    // for tx < tw, for ch < chans step lanes, with `acc` carried.
    auto pixelLoops =
        [&](Value acc, Value chans,
            function_ref<Value(OpBuilder &, Value tx, Value ch, Value acc)>
                body) {
          auto txLoop = scf::ForOp::create(
              rw, loc, zero, cTw, one, ValueRange{acc},
              [&](OpBuilder &b, Location, Value tx, ValueRange args) {
                auto chLoop = scf::ForOp::create(
                    b, loc, zero, chans, cLanes, args,
                    [&](OpBuilder &b2, Location, Value ch, ValueRange a2) {
                      scf::YieldOp::create(b2, loc, body(b2, tx, ch, a2[0]));
                    });
                scf::YieldOp::create(b, loc, chLoop.getResults());
              });
          return txLoop.getResult(0);
        };

    // The input block's element (i, j) of tile (ty, tx). A zero padding
    // (tensor.pad) is not materialised: its source is read, and positions
    // in the border are zero (a select on the clamped read), so the pad's
    // fills and the copy into the padded buffer go away.
    Value src = x;
    int64_t padTop = 0, padLeft = 0;
    if (auto pad = x.getDefiningOp<tensor::PadOp>()) {
      ArrayRef<int64_t> lo = pad.getStaticLow(), hi = pad.getStaticHigh();
      Value pv = pad.getConstantPaddingValue();
      if (!ShapedType::isDynamicShape(lo) && !ShapedType::isDynamicShape(hi) &&
          lo.size() == 4 && lo[0] == 0 && hi[0] == 0 && lo[3] == 0 &&
          hi[3] == 0 && pv && matchPattern(pv, m_AnyZeroFloat())) {
        src = pad.getSource();
        padTop = lo[1];
        padLeft = lo[2];
      }
    }
    auto srcType = cast<RankedTensorType>(src.getType());
    Value zeroVec = arith::ConstantOp::create(
        rw, loc, DenseElementsAttr::get(vec, rw.getF32FloatAttr(0.0f)));
    // Without a pad (padTop = padLeft = 0) only the last tile of an odd
    // size reads past the end; those positions feed dropped outputs.
    auto readInput = [&](OpBuilder &b, Value ty, Value tx, int64_t i,
                         int64_t j, Value ch) -> Value {
      Value inside;
      // Source coordinate 2 t + k - pad, clamped into [0, size); `inside`
      // gains the checks that can fail.
      auto coord = [&](Value t, int64_t k, int64_t tiles, int64_t pad,
                       int64_t size) -> Value {
        Value r = arith::MulIOp::create(b, loc, t, two);
        if (k != pad)
          r = arith::AddIOp::create(
              b, loc, r, arith::ConstantIndexOp::create(b, loc, k - pad));
        auto check = [&](arith::CmpIPredicate p, int64_t bound) {
          Value c = arith::CmpIOp::create(
              b, loc, p, r, arith::ConstantIndexOp::create(b, loc, bound));
          inside = inside ? arith::AndIOp::create(b, loc, inside, c) : c;
        };
        Value clamped = r;
        if (k - pad < 0) {
          check(arith::CmpIPredicate::sge, 0);
          clamped = arith::MaxSIOp::create(b, loc, clamped, zero);
        }
        if (2 * (tiles - 1) + k - pad >= size) {
          check(arith::CmpIPredicate::slt, size);
          clamped = arith::MinSIOp::create(
              b, loc, clamped,
              arith::ConstantIndexOp::create(b, loc, size - 1));
        }
        return clamped;
      };
      Value row = coord(ty, i, th, padTop, srcType.getDimSize(1));
      Value col = coord(tx, j, tw, padLeft, srcType.getDimSize(2));
      Value v = read(b, src, {zero, row, col, ch});
      return inside ? arith::SelectOp::create(b, loc, inside, v, zeroVec)
                          .getResult()
                    : v;
    };

    // 1. Input transform, one row of tiles per unit: V = B^T d B with
    // B^T = [1 0 -1 0; 0 1 1 0; 0 -1 1 0; 0 1 0 -1].
    auto vType = RankedTensorType::get({16, 1, tiles, c}, f32);
    Value v0 = tensor::EmptyOp::create(rw, loc, vType.getShape(), f32);
    Value v = parallel(th, v0, [&](Value ty, Value out,
                                   SmallVector<OpFoldResult> &offsets,
                                   SmallVector<OpFoldResult> &sizes) {
      Value t0 = arith::MulIOp::create(rw, loc, ty, cTw);
      offsets = {I(0), I(0), t0, I(0)};
      sizes = {I(16), I(1), I(tw), I(c)};
      auto blkType = RankedTensorType::get({16, 1, tw, c}, f32);
      Value blk = tensor::ExtractSliceOp::create(
          rw, loc, blkType, out, offsets, sizes,
          SmallVector<OpFoldResult>(4, I(1)));
      return pixelLoops(blk, cC, [&](OpBuilder &b, Value tx, Value ch,
                                     Value acc) {
        Value d[4][4], t[4][4];
        for (int64_t i = 0; i < 4; ++i)
          for (int64_t j = 0; j < 4; ++j)
            d[i][j] = readInput(b, ty, tx, i, j, ch);
        for (int64_t j = 0; j < 4; ++j) {
          t[0][j] = sub(b, d[0][j], d[2][j]);
          t[1][j] = add(b, d[1][j], d[2][j]);
          t[2][j] = sub(b, d[2][j], d[1][j]);
          t[3][j] = sub(b, d[1][j], d[3][j]);
        }
        for (int64_t i = 0; i < 4; ++i) {
          Value r[4] = {sub(b, t[i][0], t[i][2]), add(b, t[i][1], t[i][2]),
                        sub(b, t[i][2], t[i][1]), sub(b, t[i][1], t[i][3])};
          for (int64_t j = 0; j < 4; ++j)
            acc = write(b, r[j], acc, {idx[4 * i + j], zero, tx, ch});
        }
        return acc;
      });
    });

    // 2. M[k] = V[k] x U[k], a 1x1 convolution over a row of `tiles` pixels.
    Value uCst = arith::ConstantOp::create(rw, loc, u.getType(),
                                           cast<TypedAttr>(u));
    auto mType = RankedTensorType::get({16, 1, tiles, f}, f32);
    Value m0 = tensor::EmptyOp::create(rw, loc, mType.getShape(), f32);
    Value m = parallel(16, m0, [&](Value k, Value,
                                   SmallVector<OpFoldResult> &offsets,
                                   SmallVector<OpFoldResult> &sizes) {
      auto one4 = SmallVector<OpFoldResult>(4, I(1));
      Value vk = tensor::ExtractSliceOp::create(
          rw, loc, RankedTensorType::get({1, 1, tiles, c}, f32), v,
          ArrayRef<OpFoldResult>{k, I(0), I(0), I(0)},
          ArrayRef<OpFoldResult>{I(1), I(1), I(tiles), I(c)}, one4);
      Value uk = tensor::ExtractSliceOp::create(
          rw, loc, RankedTensorType::get({1, 1, c, f}, f32), uCst,
          ArrayRef<OpFoldResult>{k, I(0), I(0), I(0)},
          ArrayRef<OpFoldResult>{I(1), I(1), I(c), I(f)}, one4);
      auto mkType = RankedTensorType::get({1, 1, tiles, f}, f32);
      Value e = tensor::EmptyOp::create(rw, loc, mkType.getShape(), f32);
      Value z = arith::ConstantOp::create(rw, loc, rw.getF32FloatAttr(0.0f));
      Value acc = linalg::FillOp::create(rw, loc, z, e).getResult(0);
      offsets = {k, I(0), I(0), I(0)};
      sizes = {I(1), I(1), I(tiles), I(f)};
      return linalg::Conv2DNhwcHwcfOp::create(
                 rw, loc, TypeRange{mkType}, ValueRange{vk, uk},
                 ValueRange{acc}, conv.getStrides(), conv.getDilations())
          ->getResult(0);
    });

    // The epilogue's body on the vectors of output pixel (row, col): the
    // convolution's value is `y`, other tensors are read there (per-channel
    // vectors at `ch`), values from outside the body are broadcast.
    auto applyEpilogue = [&](OpBuilder &b, Value y, Value row, Value col,
                             Value ch) -> Value {
      Block &body = epilogue.getRegion().front();
      IRMapping map;
      for (OpOperand *in : epilogue.getDpsInputOperands()) {
        BlockArgument arg = body.getArgument(in->getOperandNumber());
        if (in->get() == conv->getResult(0))
          map.map(arg, y);
        else if (cast<RankedTensorType>(in->get().getType()).getRank() == 1)
          map.map(arg, read(b, in->get(), {ch}));
        else
          map.map(arg, read(b, in->get(), {zero, row, col, ch}));
      }
      auto vectorOf = [&](Value v) -> Value {
        if (Value m = map.lookupOrNull(v))
          return m;
        Value splat = vector::BroadcastOp::create(
            b, loc, VectorType::get({lanes}, v.getType()), v);
        map.map(v, splat);
        return splat;
      };
      for (Operation &op : body.without_terminator()) {
        SmallVector<Value> operands;
        for (Value v : op.getOperands())
          operands.push_back(vectorOf(v));
        OperationState state(op.getLoc(), op.getName(), operands,
                             {VectorType::get({lanes},
                                              op.getResult(0).getType())},
                             op.getAttrs());
        map.map(op.getResult(0), b.create(state)->getResult(0));
      }
      return vectorOf(body.getTerminator()->getOperand(0));
    };

    // 3. Output transform, one row of tiles (two output rows) per unit:
    // Y = A^T M A + init with A^T = [1 1 1 0; 0 1 -1 -1].
    // With an epilogue, at the epilogue (its other operands are defined by
    // then).
    if (epilogue)
      rw.setInsertionPoint(epilogue);
    // Whole tiles: an odd size is cut back afterwards.
    auto zType = RankedTensorType::get({1, 2 * th, 2 * tw, f}, f32);
    Value z0 = tensor::EmptyOp::create(rw, loc, zType.getShape(), f32);
    Value y = parallel(th, z0, [&](Value ty, Value out,
                                   SmallVector<OpFoldResult> &offsets,
                                   SmallVector<OpFoldResult> &sizes) {
      Value row0 = arith::MulIOp::create(rw, loc, ty, two);
      Value t0 = arith::MulIOp::create(rw, loc, ty, cTw);
      offsets = {I(0), row0, I(0), I(0)};
      sizes = {I(1), I(2), I(2 * tw), I(f)};
      auto blkType = RankedTensorType::get({1, 2, 2 * tw, f}, f32);
      Value blk = tensor::ExtractSliceOp::create(
          rw, loc, blkType, out, offsets, sizes,
          SmallVector<OpFoldResult>(4, I(1)));
      return pixelLoops(blk, cF, [&](OpBuilder &b, Value tx, Value ch,
                                     Value acc) {
        Value tile = arith::AddIOp::create(b, loc, t0, tx);
        Value mv[4][4], s[2][4];
        for (int64_t i = 0; i < 4; ++i)
          for (int64_t j = 0; j < 4; ++j)
            mv[i][j] = read(b, m, {idx[4 * i + j], zero, tile, ch});
        for (int64_t j = 0; j < 4; ++j) {
          s[0][j] = add(b, add(b, mv[0][j], mv[1][j]), mv[2][j]);
          s[1][j] = sub(b, sub(b, mv[1][j], mv[2][j]), mv[3][j]);
        }
        Value bias;
        if (init.kind == Init::Scalar)
          bias = vector::BroadcastOp::create(b, loc, vec, init.value);
        else if (init.kind == Init::Bias)
          bias = read(b, init.value, {ch});
        for (int64_t i = 0; i < 2; ++i) {
          Value r[2] = {add(b, add(b, s[i][0], s[i][1]), s[i][2]),
                        sub(b, sub(b, s[i][1], s[i][2]), s[i][3])};
          for (int64_t j = 0; j < 2; ++j) {
            Value col = index(b, tx, 2, j);
            if (bias)
              r[j] = add(b, r[j], bias);
            else if (init.kind == Init::Tensor)
              r[j] = add(b, r[j],
                         read(b, init.value,
                              {zero, at(b, ty, i, th, oh),
                               at(b, tx, j, tw, ow), ch}));
            if (epilogue)
              r[j] = applyEpilogue(b, r[j], at(b, ty, i, th, oh),
                                   at(b, tx, j, tw, ow), ch);
            acc = write(b, r[j], acc, {zero, idx[i], col, ch});
          }
        }
        return acc;
      });
    });
    if (zType != outType)
      y = tensor::ExtractSliceOp::create(
          rw, loc, outType, y, ArrayRef<OpFoldResult>{I(0), I(0), I(0), I(0)},
          ArrayRef<OpFoldResult>{I(1), I(oh), I(ow), I(f)},
          SmallVector<OpFoldResult>(4, I(1)));
    if (epilogue) {
      rw.replaceOp(epilogue, y);
      rw.eraseOp(conv);
    } else {
      rw.replaceOp(conv, y);
    }
  }
};

} // namespace
