//===- NNOps.cpp - NN dialect operations ----------------------------------===//
//
// Part of nncc.
//
// Verifiers (each defers to the op's shape function in NNShapes.cpp and
// compares with the declared result type), folders and canonicalization
// patterns.
//
//===----------------------------------------------------------------------===//

#include "dialects/NN/IR/NNOps.h"
#include "dialects/NN/IR/NNShapes.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinDialect.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/TypeUtilities.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/PatternMatch.h"
#include "llvm/ADT/STLExtras.h"

using namespace mlir;
using namespace mlir::nncc;
using namespace mlir::nncc::nn;

static ArrayRef<int64_t> shapeOf(Value v) {
  return cast<RankedTensorType>(v.getType()).getShape();
}

static std::string shapeString(ArrayRef<int64_t> shape) {
  std::string s;
  llvm::raw_string_ostream os(s);
  llvm::interleave(
      shape, os,
      [&](int64_t d) {
        if (ShapedType::isDynamic(d))
          os << '?';
        else
          os << d;
      },
      "x");
  return s;
}

/// Compares an inferred shape with the op's declared result type.
static LogicalResult checkResultShape(Operation *op,
                                      FailureOr<Shape> inferred) {
  if (failed(inferred))
    return failure();
  auto resultShape =
      cast<RankedTensorType>(op->getResult(0).getType()).getShape();
  if (failed(verifyCompatibleShape(resultShape, *inferred)))
    return op->emitOpError() << "expected result shape "
                             << shapeString(*inferred) << ", got "
                             << shapeString(resultShape);
  return success();
}

static LogicalResult checkSameElementType(Operation *op) {
  Type t = getElementTypeOrSelf(op->getResult(0).getType());
  for (Value v : op->getOperands())
    if (getElementTypeOrSelf(v.getType()) != t)
      return op->emitOpError()
             << "expected all operands to have element type " << t << ", got "
             << getElementTypeOrSelf(v.getType());
  return success();
}

//===----------------------------------------------------------------------===//
// ConstantOp
//===----------------------------------------------------------------------===//

OpFoldResult ConstantOp::fold(FoldAdaptor) { return getValue(); }

//===----------------------------------------------------------------------===//
// Binary elementwise ops
//===----------------------------------------------------------------------===//

static LogicalResult verifyBinaryOp(Operation *op) {
  if (failed(checkSameElementType(op)))
    return failure();
  auto emit = [&] { return op->emitOpError(); };
  return checkResultShape(
      op, inferBroadcastShape(shapeOf(op->getOperand(0)),
                              shapeOf(op->getOperand(1)), emit));
}

LogicalResult AddOp::verify() { return verifyBinaryOp(*this); }
LogicalResult DivOp::verify() { return verifyBinaryOp(*this); }
LogicalResult MaxOp::verify() { return verifyBinaryOp(*this); }
LogicalResult MinOp::verify() { return verifyBinaryOp(*this); }
LogicalResult MulOp::verify() { return verifyBinaryOp(*this); }
LogicalResult PowOp::verify() { return verifyBinaryOp(*this); }
LogicalResult SubOp::verify() { return verifyBinaryOp(*this); }

namespace {
/// pow(x, c) for a splat constant c in {0.5, 1, 2, 3} -> sqrt/mul chains:
/// exact, faster, and correct for negative x (exp(c*log(x)) is not).
struct SimplifyConstantPow : OpRewritePattern<PowOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(PowOp op,
                                PatternRewriter &rewriter) const override {
    DenseFPElementsAttr exp;
    if (!matchPattern(op.getRhs(), m_Constant(&exp)) || !exp.isSplat())
      return rewriter.notifyMatchFailure(op, "exponent is not a splat");
    if (op.getLhs().getType() != op.getType())
      return rewriter.notifyMatchFailure(op, "exponent broadcasts the base");
    double c = exp.getSplatValue<APFloat>().convertToDouble();
    Value x = op.getLhs();
    Location loc = op.getLoc();
    Type t = op.getType();
    if (c == 1.0) {
      rewriter.replaceOp(op, x);
    } else if (c == 0.5) {
      rewriter.replaceOpWithNewOp<SqrtOp>(op, t, x);
    } else if (c == 2.0) {
      rewriter.replaceOpWithNewOp<MulOp>(op, t, x, x);
    } else if (c == 3.0) {
      Value sq = MulOp::create(rewriter, loc, t, x, x);
      rewriter.replaceOpWithNewOp<MulOp>(op, t, sq, x);
    } else {
      return rewriter.notifyMatchFailure(op, "no simpler form");
    }
    return success();
  }
};
} // namespace

void PowOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                        MLIRContext *context) {
  results.add<SimplifyConstantPow>(context);
}

//===----------------------------------------------------------------------===//
// Comparisons, WhereOp
//===----------------------------------------------------------------------===//

static LogicalResult verifyCompareOp(Operation *op) {
  Type a = getElementTypeOrSelf(op->getOperand(0).getType());
  Type b = getElementTypeOrSelf(op->getOperand(1).getType());
  if (a != b)
    return op->emitOpError() << "expected operands of one element type, got "
                             << a << " and " << b;
  auto emit = [&] { return op->emitOpError(); };
  return checkResultShape(
      op, inferBroadcastShape(shapeOf(op->getOperand(0)),
                              shapeOf(op->getOperand(1)), emit));
}

LogicalResult EqualOp::verify() { return verifyCompareOp(*this); }
LogicalResult GreaterEqualOp::verify() { return verifyCompareOp(*this); }
LogicalResult LessEqualOp::verify() { return verifyCompareOp(*this); }
LogicalResult AndOp::verify() { return verifyCompareOp(*this); }
LogicalResult OrOp::verify() { return verifyCompareOp(*this); }
LogicalResult XorOp::verify() { return verifyCompareOp(*this); }
LogicalResult GreaterOp::verify() { return verifyCompareOp(*this); }
LogicalResult LessOp::verify() { return verifyCompareOp(*this); }

LogicalResult WhereOp::verify() {
  Type t = getType().getElementType();
  if (getElementTypeOrSelf(getX().getType()) != t ||
      getElementTypeOrSelf(getY().getType()) != t)
    return emitOpError() << "expected x, y and the result to have one "
                            "element type";
  auto emit = [&] { return emitOpError(); };
  FailureOr<Shape> xy =
      inferBroadcastShape(shapeOf(getX()), shapeOf(getY()), emit);
  if (failed(xy))
    return failure();
  return checkResultShape(*this,
                          inferBroadcastShape(shapeOf(getCondition()), *xy,
                                              emit));
}

//===----------------------------------------------------------------------===//
// Conv2DOp, GemmOp, MatMulOp
//===----------------------------------------------------------------------===//

namespace {
/// Channels-last <-> channels-first views of rank-4 shapes, so that one shape
/// function serves both layouts.
Shape nhwcToNchw(ArrayRef<int64_t> s) { return {s[0], s[3], s[1], s[2]}; }
Shape nchwToNhwc(ArrayRef<int64_t> s) { return {s[0], s[2], s[3], s[1]}; }
/// KH x KW x C/G x F -> F x C/G x KH x KW.
Shape hwcfToFchw(ArrayRef<int64_t> s) { return {s[3], s[2], s[0], s[1]}; }

/// Runs a channels-first shape function on a channels-last op: permutes the
/// operand shapes in, the result shape out.
FailureOr<Shape> toChannelsLast(Operation *op, FailureOr<Shape> nchw) {
  if (failed(nchw))
    return failure();
  if (nchw->size() != 4) {
    op->emitOpError() << "'channels_last' needs rank-4 operands";
    return failure();
  }
  return nchwToNhwc(*nchw);
}
} // namespace

LogicalResult Conv2DOp::verify() {
  if (failed(checkSameElementType(*this)))
    return failure();
  std::optional<ArrayRef<int64_t>> bias;
  if (getBias())
    bias = shapeOf(getBias());
  auto emit = [&] { return emitOpError(); };
  if (!getChannelsLast())
    return checkResultShape(
        *this, inferConv2DShape(shapeOf(getInput()), shapeOf(getWeight()), bias,
                                getStrides(), getDilations(), getPads(),
                                getGroup(), emit));
  ArrayRef<int64_t> in = shapeOf(getInput()), w = shapeOf(getWeight());
  if (in.size() != 4 || w.size() != 4)
    return emitOpError() << "'channels_last' expects rank-4 input (NHWC) and "
                            "weight (KH x KW x C/G x F)";
  return checkResultShape(
      *this, toChannelsLast(*this, inferConv2DShape(
                                     nhwcToNchw(in), hwcfToFchw(w), bias,
                                     getStrides(), getDilations(), getPads(),
                                     getGroup(), emit)));
}

LogicalResult GemmOp::verify() {
  if (failed(checkSameElementType(*this)))
    return failure();
  std::optional<ArrayRef<int64_t>> c;
  if (getC())
    c = shapeOf(getC());
  return checkResultShape(*this,
                          inferGemmShape(shapeOf(getA()), shapeOf(getB()), c,
                                         getTransA(), getTransB(),
                                         [&] { return emitOpError(); }));
}

LogicalResult MatMulOp::verify() {
  if (failed(checkSameElementType(*this)))
    return failure();
  return checkResultShape(*this,
                          inferMatMulShape(shapeOf(getLhs()), shapeOf(getRhs()),
                                           [&] { return emitOpError(); }));
}

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

namespace {
/// The input shape a channels-first pool shape function sees.
FailureOr<Shape> poolInput(Operation *op, Value input, bool channelsLast) {
  ArrayRef<int64_t> s = shapeOf(input);
  if (!channelsLast)
    return Shape(s);
  if (s.size() != 4) {
    op->emitOpError() << "'channels_last' expects a rank-4 input (NHWC), got "
                         "rank "
                      << s.size();
    return failure();
  }
  return nhwcToNchw(s);
}

LogicalResult checkPoolResult(Operation *op, bool channelsLast,
                              FailureOr<Shape> nchw) {
  return checkResultShape(op, channelsLast ? toChannelsLast(op, nchw) : nchw);
}
} // namespace

LogicalResult AvgPool2DOp::verify() {
  if (failed(checkSameElementType(*this)))
    return failure();
  FailureOr<Shape> in = poolInput(*this, getInput(), getChannelsLast());
  if (failed(in))
    return failure();
  return checkPoolResult(
      *this, getChannelsLast(),
      inferPool2DShape(*in, getKernelShape(), getStrides(), getPads(), {},
                       getCeilMode(), [&] { return emitOpError(); }));
}

LogicalResult MaxPool2DOp::verify() {
  if (failed(checkSameElementType(*this)))
    return failure();
  FailureOr<Shape> in = poolInput(*this, getInput(), getChannelsLast());
  if (failed(in))
    return failure();
  return checkPoolResult(
      *this, getChannelsLast(),
      inferPool2DShape(*in, getKernelShape(), getStrides(), getPads(),
                       getDilations(), getCeilMode(),
                       [&] { return emitOpError(); }));
}

LogicalResult GlobalAvgPoolOp::verify() {
  if (failed(checkSameElementType(*this)))
    return failure();
  FailureOr<Shape> in = poolInput(*this, getInput(), getChannelsLast());
  if (failed(in))
    return failure();
  return checkPoolResult(
      *this, getChannelsLast(),
      inferGlobalPoolShape(*in, [&] { return emitOpError(); }));
}

LogicalResult GlobalMaxPoolOp::verify() {
  if (failed(checkSameElementType(*this)))
    return failure();
  return checkResultShape(*this, inferGlobalPoolShape(
                                     shapeOf(getInput()),
                                     [&] { return emitOpError(); }));
}

//===----------------------------------------------------------------------===//
// BatchNormOp, SoftmaxOp
//===----------------------------------------------------------------------===//

LogicalResult BatchNormOp::verify() {
  if (failed(checkSameElementType(*this)))
    return failure();
  SmallVector<ArrayRef<int64_t>> params = {
      shapeOf(getScale()), shapeOf(getBias()), shapeOf(getMean()),
      shapeOf(getVariance())};
  return checkResultShape(*this,
                          inferBatchNormShape(shapeOf(getInput()), params,
                                              [&] { return emitOpError(); }));
}

LogicalResult LayerNormOp::verify() {
  if (failed(checkSameElementType(*this)))
    return failure();
  ArrayRef<int64_t> in = shapeOf(getInput());
  auto emit = [&] { return emitOpError(); };
  if (failed(verifyAxis(getAxis(), in.size(), "axis", emit)))
    return failure();
  ArrayRef<int64_t> normalized = in.drop_front(getAxis());
  if (failed(verifyBroadcastableTo(shapeOf(getScale()), normalized, emit)))
    return failure();
  if (getBias() &&
      failed(verifyBroadcastableTo(shapeOf(getBias()), normalized, emit)))
    return failure();
  return checkResultShape(*this, Shape(in.begin(), in.end()));
}

LogicalResult SoftmaxOp::verify() {
  return verifyAxis(getAxis(), shapeOf(getInput()).size(), "axis",
                    [&] { return emitOpError(); });
}

//===----------------------------------------------------------------------===//
// Recurrent ops: GRUOp, LSTMOp, RNNOp
//===----------------------------------------------------------------------===//

static std::optional<ArrayRef<int64_t>> optionalShapeOf(Value v) {
  if (!v)
    return std::nullopt;
  return shapeOf(v);
}

/// Shared verifier: element types, operand shapes, then every result shape
/// (result 0 is Y, the others have Y_h's shape).
static LogicalResult verifyRecurrentOp(Operation *op, int64_t numGates,
                                       nn::RecurrentOperandShapes operands,
                                       int64_t numDirections,
                                       int64_t hiddenSize) {
  if (failed(checkSameElementType(op)))
    return failure();
  Type elt = getElementTypeOrSelf(op->getResult(0).getType());
  for (Value r : op->getResults().drop_front())
    if (getElementTypeOrSelf(r.getType()) != elt)
      return op->emitOpError()
             << "expected all results to have element type " << elt
             << ", got " << getElementTypeOrSelf(r.getType());
  FailureOr<RecurrentResultShapes> shapes = inferRecurrentShapes(
      numGates, operands, numDirections, hiddenSize,
      [&] { return op->emitOpError(); });
  if (failed(shapes))
    return failure();
  for (auto [i, result] : llvm::enumerate(op->getResults())) {
    ArrayRef<int64_t> expected = i == 0 ? shapes->y : shapes->yH;
    ArrayRef<int64_t> actual = shapeOf(result);
    if (failed(verifyCompatibleShape(actual, expected)))
      return op->emitOpError()
             << "expected result " << i << " of shape " << shapeString(expected)
             << ", got " << shapeString(actual);
  }
  return success();
}

LogicalResult GRUOp::verify() {
  return verifyRecurrentOp(
      *this, 3,
      {shapeOf(getX()), shapeOf(getW()), shapeOf(getR()), optionalShapeOf(getB()),
       optionalShapeOf(getInitialH()), std::nullopt, std::nullopt},
      getNumDirections(), getHiddenSize());
}

LogicalResult LSTMOp::verify() {
  return verifyRecurrentOp(
      *this, 4,
      {shapeOf(getX()), shapeOf(getW()), shapeOf(getR()), optionalShapeOf(getB()),
       optionalShapeOf(getInitialH()), optionalShapeOf(getInitialC()),
       optionalShapeOf(getP())},
      getNumDirections(), getHiddenSize());
}

LogicalResult RNNOp::verify() {
  return verifyRecurrentOp(
      *this, 1,
      {shapeOf(getX()), shapeOf(getW()), shapeOf(getR()), optionalShapeOf(getB()),
       optionalShapeOf(getInitialH()), std::nullopt, std::nullopt},
      getNumDirections(), getHiddenSize());
}

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

template <typename OpTy>
static LogicalResult verifyReduceOp(OpTy op) {
  if (failed(checkSameElementType(op)))
    return failure();
  return checkResultShape(
      op, inferReduceShape(shapeOf(op.getInput()), op.getAxes(),
                           op.getKeepDims(), [&] { return op.emitOpError(); }));
}

LogicalResult ReduceMaxOp::verify() { return verifyReduceOp(*this); }
LogicalResult ReduceMeanOp::verify() { return verifyReduceOp(*this); }
LogicalResult ReduceMinOp::verify() { return verifyReduceOp(*this); }
LogicalResult ReduceSumOp::verify() { return verifyReduceOp(*this); }

//===----------------------------------------------------------------------===//
// BroadcastOp, CastOp
//===----------------------------------------------------------------------===//

LogicalResult BroadcastOp::verify() {
  if (failed(checkSameElementType(*this)))
    return failure();
  return verifyBroadcastableTo(shapeOf(getInput()), getType().getShape(),
                               [&] { return emitOpError(); });
}

LogicalResult CastOp::verify() {
  return checkResultShape(*this, Shape(shapeOf(getInput())));
}

//===----------------------------------------------------------------------===//
// GatherOp, SliceOp, TriluOp
//===----------------------------------------------------------------------===//

LogicalResult GatherOp::verify() {
  if (getElementTypeOrSelf(getData().getType()) !=
      getType().getElementType())
    return emitOpError() << "expected the result to have the data's element "
                            "type";
  return checkResultShape(*this, inferGatherShape(shapeOf(getData()),
                                                  shapeOf(getIndices()),
                                                  getAxis(), [&] {
                                                    return emitOpError();
                                                  }));
}

LogicalResult SliceOp::verify() {
  if (failed(checkSameElementType(*this)))
    return failure();
  return checkResultShape(
      *this, inferSliceShape(shapeOf(getInput()), getOffsets(), getSizes(),
                             getStrides(), [&] { return emitOpError(); }));
}

LogicalResult PadOp::verify() {
  if (failed(checkSameElementType(*this)))
    return failure();
  if (getValue().getType() != getType().getElementType())
    return emitOpError() << "expected 'value' of the element type "
                         << getType().getElementType() << ", got "
                         << getValue().getType();
  return checkResultShape(*this,
                          inferPadShape(shapeOf(getInput()), getPads(),
                                        [&] { return emitOpError(); }));
}

LogicalResult TriluOp::verify() {
  if (shapeOf(getInput()).size() < 2)
    return emitOpError() << "expected input of rank >= 2, got rank "
                         << shapeOf(getInput()).size();
  return success();
}

//===----------------------------------------------------------------------===//
// ConcatOp
//===----------------------------------------------------------------------===//

LogicalResult ConcatOp::verify() {
  if (failed(checkSameElementType(*this)))
    return failure();
  SmallVector<ArrayRef<int64_t>> shapes;
  for (Value v : getInputs())
    shapes.push_back(shapeOf(v));
  return checkResultShape(*this, inferConcatShape(shapes, getAxis(), [&] {
                            return emitOpError();
                          }));
}

//===----------------------------------------------------------------------===//
// FlattenOp
//===----------------------------------------------------------------------===//

LogicalResult FlattenOp::verify() {
  if (failed(checkSameElementType(*this)))
    return failure();
  return checkResultShape(*this,
                          inferFlattenShape(shapeOf(getInput()), getAxis(),
                                            [&] { return emitOpError(); }));
}

namespace {
/// nn.flatten is a reshape; rewriting it lets reshape folding see through it.
struct FlattenToReshape : OpRewritePattern<FlattenOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(FlattenOp op,
                                PatternRewriter &rewriter) const override {
    rewriter.replaceOpWithNewOp<ReshapeOp>(op, op.getType(), op.getInput());
    return success();
  }
};
} // namespace

void FlattenOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                            MLIRContext *context) {
  results.add<FlattenToReshape>(context);
}

//===----------------------------------------------------------------------===//
// ReshapeOp
//===----------------------------------------------------------------------===//

LogicalResult ReshapeOp::verify() {
  if (failed(checkSameElementType(*this)))
    return failure();
  ArrayRef<int64_t> in = shapeOf(getInput()), out = getType().getShape();
  std::optional<int64_t> a = getNumElements(in), b = getNumElements(out);
  if (a && b && *a != *b)
    return emitOpError() << "expected the same element count, got " << *a
                         << " (" << shapeString(in) << ") and " << *b << " ("
                         << shapeString(out) << ")";
  return success();
}

OpFoldResult ReshapeOp::fold(FoldAdaptor adaptor) {
  if (getInput().getType() == getType())
    return getInput();
  // A reshaped dense constant is the same data with another type.
  if (auto dense = dyn_cast_or_null<DenseElementsAttr>(adaptor.getInput()))
    if (getType().hasStaticShape())
      return dense.reshape(getType());
  if (auto res = dyn_cast_or_null<DenseResourceElementsAttr>(adaptor.getInput()))
    if (getType().hasStaticShape())
      return DenseResourceElementsAttr::get(getType(), res.getRawHandle());
  return {};
}

namespace {
/// reshape(reshape(x)) -> reshape(x): only the final shape matters.
struct ComposeReshapes : OpRewritePattern<ReshapeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ReshapeOp op,
                                PatternRewriter &rewriter) const override {
    auto producer = op.getInput().getDefiningOp<ReshapeOp>();
    if (!producer)
      return rewriter.notifyMatchFailure(op, "input is not a reshape");
    rewriter.replaceOpWithNewOp<ReshapeOp>(op, op.getType(),
                                           producer.getInput());
    return success();
  }
};
} // namespace

void ReshapeOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                            MLIRContext *context) {
  results.add<ComposeReshapes>(context);
}

//===----------------------------------------------------------------------===//
// TransposeOp
//===----------------------------------------------------------------------===//

LogicalResult TransposeOp::verify() {
  if (failed(checkSameElementType(*this)))
    return failure();
  return checkResultShape(*this,
                          inferTransposeShape(shapeOf(getInput()), getPerm(),
                                              [&] { return emitOpError(); }));
}

// TransposeOp::fold is in NNFolders.cpp.

namespace {
/// transpose(transpose(x, p1), p2) -> transpose(x, p1 o p2).
struct ComposeTransposes : OpRewritePattern<TransposeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(TransposeOp op,
                                PatternRewriter &rewriter) const override {
    auto producer = op.getInput().getDefiningOp<TransposeOp>();
    if (!producer)
      return rewriter.notifyMatchFailure(op, "input is not a transpose");
    ArrayRef<int64_t> inner = producer.getPerm(), outer = op.getPerm();
    SmallVector<int64_t> composed;
    for (int64_t p : outer)
      composed.push_back(inner[p]);
    rewriter.replaceOpWithNewOp<TransposeOp>(
        op, op.getType(), producer.getInput(),
        rewriter.getDenseI64ArrayAttr(composed));
    return success();
  }
};
} // namespace

namespace {
/// A transpose that keeps the order of the dims larger than 1 only moves
/// unit dims: it is a reshape (free).
struct TransposeOfUnitDimsToReshape : OpRewritePattern<TransposeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(TransposeOp op,
                                PatternRewriter &rewriter) const override {
    auto type = dyn_cast<RankedTensorType>(op.getInput().getType());
    if (!type || !type.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "needs a static shape");
    int64_t last = -1;
    for (int64_t p : op.getPerm()) {
      if (type.getDimSize(p) == 1)
        continue;
      if (p < last)
        return rewriter.notifyMatchFailure(op, "reorders non-unit dims");
      last = p;
    }
    rewriter.replaceOpWithNewOp<ReshapeOp>(op, op.getType(), op.getInput());
    return success();
  }
};
} // namespace

void TransposeOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                              MLIRContext *context) {
  results.add<ComposeTransposes, TransposeOfUnitDimsToReshape>(context);
}

namespace {
/// A Gemm that reads a constant operand transposed (trans_b with ONNX's
/// usual N x K fully connected weights) reads it through an nn.transpose
/// instead, which folds into a constant laid out K x N at compile time: the
/// kernel's innermost loop (over N) then reads the weights contiguously
/// instead of K floats apart.
struct GemmConstantOperandUntransposed : OpRewritePattern<GemmOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(GemmOp op,
                                PatternRewriter &rewriter) const override {
    auto untranspose = [&](Value v) -> Value {
      auto type = dyn_cast<RankedTensorType>(v.getType());
      if (!type || !type.hasStaticShape() || type.getRank() != 2 ||
          !matchPattern(v, m_Constant()))
        return {};
      auto t = RankedTensorType::get({type.getDimSize(1), type.getDimSize(0)},
                                     type.getElementType());
      return rewriter.createOrFold<TransposeOp>(
          op.getLoc(), t, v, rewriter.getDenseI64ArrayAttr({1, 0}));
    };
    Value a = op.getA(), b = op.getB();
    bool transA = op.getTransA(), transB = op.getTransB();
    if (transA)
      if (Value t = untranspose(a)) {
        a = t;
        transA = false;
      }
    if (transB)
      if (Value t = untranspose(b)) {
        b = t;
        transB = false;
      }
    if (transA == op.getTransA() && transB == op.getTransB())
      return rewriter.notifyMatchFailure(op, "no constant transposed operand");
    rewriter.modifyOpInPlace(op, [&] {
      op.getAMutable().assign(a);
      op.getBMutable().assign(b);
      op.setTransA(transA);
      op.setTransB(transB);
    });
    return success();
  }
};
} // namespace

void GemmOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                         MLIRContext *context) {
  results.add<GemmConstantOperandUntransposed>(context);
}

#define GET_OP_CLASSES
#include "dialects/NN/IR/NNOps.cpp.inc"
