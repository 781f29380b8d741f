//===- BandDepthwise.cpp - Expand + depthwise pairs in row bands ----------===//
//
// Part of nncc.
//
// Splits a 1x1 convolution, its activation and the depthwise convolution
// that reads them into bands of output rows whose expanded rows stay in
// cache (see Passes.td).
//
//===----------------------------------------------------------------------===//

#include "dialects/NN/Transforms/Passes.h"

#include "dialects/NN/IR/NNOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/Matchers.h"

namespace mlir::nncc {
#define GEN_PASS_DEF_NNBANDDEPTHWISEPASS
#include "dialects/NN/Transforms/Passes.h.inc"
} // namespace mlir::nncc

using namespace mlir;
using namespace mlir::nncc;

namespace {

/// The most bands one pair is split into.
constexpr int64_t kMaxBands = 32;

bool isUnaryElementwise(Operation *op) {
  return isa<nn::AbsOp, nn::NegOp, nn::ReluOp, nn::SigmoidOp, nn::TanhOp>(op);
}

bool isBinaryElementwise(Operation *op) {
  return isa<nn::AddOp, nn::SubOp, nn::MulOp, nn::DivOp, nn::MaxOp,
             nn::MinOp>(op);
}

/// A constant whose every dim is 1 (a scalar broadcast to any band).
bool isUnitConstant(Value v) {
  auto type = dyn_cast<RankedTensorType>(v.getType());
  return type && matchPattern(v, m_Constant()) &&
         llvm::all_of(type.getShape(), [](int64_t d) { return d == 1; });
}

bool hasOneUse(Value v) { return v.hasOneUse(); }

/// A static rank-4 f32 tensor type, or null.
RankedTensorType static4D(Value v) {
  auto t = dyn_cast<RankedTensorType>(v.getType());
  if (!t || !t.hasStaticShape() || t.getRank() != 4 ||
      !t.getElementType().isF32())
    return {};
  return t;
}

/// A channels-last 1x1, stride-1, unpadded, ungrouped convolution.
bool isPointwise(nn::Conv2DOp conv) {
  auto w = static4D(conv.getWeight());
  return conv.getChannelsLast() && w && w.getDimSize(0) == 1 &&
         w.getDimSize(1) == 1 && conv.getGroup() == 1 &&
         llvm::all_of(conv.getStrides(), [](int64_t s) { return s == 1; }) &&
         llvm::all_of(conv.getPads(), [](int64_t p) { return p == 0; }) &&
         static4D(conv.getInput()) && static4D(conv.getResult());
}

/// What one banded pair is made of.
struct Pair {
  nn::Conv2DOp expand;
  SmallVector<Operation *> chain; // from the expand's user to the dw input
  nn::Conv2DOp depthwise;
  SmallVector<Operation *> tail; // single-use elementwise ops after the dw
  // The 1x1 projection reading the dw's activation, if any, and the
  // elementwise ops after it (including a residual Add of a tensor of the
  // projection's shape, which the bands slice).
  nn::Conv2DOp project;
  SmallVector<Operation *> projectTail;

  Operation *last() {
    if (!projectTail.empty())
      return projectTail.back();
    if (project)
      return project;
    return tail.empty() ? depthwise.getOperation() : tail.back();
  }
};

/// The op `v` flows into when that op is elementwise on `v` (unary, or
/// binary with a unit constant, or with `allowResidual` another tensor of
/// v's type) and `v` has no other use; else null.
Operation *elementwiseUser(Value v, bool allowResidual = false) {
  if (!v.hasOneUse())
    return nullptr;
  Operation *user = *v.getUsers().begin();
  if (user->getNumResults() != 1 ||
      user->getResult(0).getType() != v.getType())
    return nullptr;
  if (isUnaryElementwise(user))
    return user;
  if (isBinaryElementwise(user)) {
    Value a = user->getOperand(0), b = user->getOperand(1);
    if ((a == v && isUnitConstant(b)) || (b == v && isUnitConstant(a)))
      return user;
    if (allowResidual && a != b && a.getType() == b.getType() &&
        isa<nn::AddOp>(user))
      return user;
  }
  return nullptr;
}

/// The pair ending in `dw`, if `dw` is a channels-last depthwise conv with
/// batch 1 reading a single-use elementwise chain over a single-use 1x1
/// convolution.
std::optional<Pair> matchPair(nn::Conv2DOp dw) {
  auto in = static4D(dw.getInput());
  auto out = static4D(dw.getResult());
  auto w = static4D(dw.getWeight());
  if (!dw.getChannelsLast() || !in || !out || !w || in.getDimSize(0) != 1)
    return std::nullopt;
  int64_t c = in.getDimSize(3);
  if ((int64_t)dw.getGroup() != c || out.getDimSize(3) != c)
    return std::nullopt;
  Pair pair;
  pair.depthwise = dw;
  Value v = dw.getInput();
  while (true) {
    if (!hasOneUse(v))
      return std::nullopt;
    Operation *def = v.getDefiningOp();
    if (!def)
      return std::nullopt;
    if (auto conv = dyn_cast<nn::Conv2DOp>(def)) {
      if (!isPointwise(conv))
        return std::nullopt;
      pair.expand = conv;
      break;
    }
    if (def->getNumResults() != 1 ||
        def->getResult(0).getType() != v.getType())
      return std::nullopt;
    if (isUnaryElementwise(def)) {
      pair.chain.push_back(def);
      v = def->getOperand(0);
      continue;
    }
    if (isBinaryElementwise(def)) {
      Value a = def->getOperand(0), b = def->getOperand(1);
      if (a.getType() == v.getType() && isUnitConstant(b)) {
        v = a;
      } else if (b.getType() == v.getType() && isUnitConstant(a)) {
        v = b;
      } else {
        return std::nullopt;
      }
      pair.chain.push_back(def);
      continue;
    }
    return std::nullopt;
  }
  std::reverse(pair.chain.begin(), pair.chain.end());
  // The dw's own activation goes into the bands too, so that it stays the
  // dw kernel's epilogue.
  for (Operation *op = elementwiseUser(dw.getResult()); op;
       op = elementwiseUser(op->getResult(0)))
    pair.tail.push_back(op);
  // A 1x1 projection of the dw's activation joins the bands as well (the
  // activation then stays in cache too), with its own elementwise ops.
  Value t = pair.last()->getResult(0);
  if (t.hasOneUse())
    if (auto proj = dyn_cast<nn::Conv2DOp>(*t.getUsers().begin()))
      if (proj.getInput() == t && isPointwise(proj)) {
        pair.project = proj;
        Value v = proj.getResult();
        while (Operation *op = elementwiseUser(v, /*allowResidual=*/true)) {
          pair.projectTail.push_back(op);
          v = op->getResult(0);
        }
      }
  return pair;
}

/// A clone of elementwise `op` with `v` in place of its operand `from`, of
/// result type `type`. A unit-constant operand stays; any other operand (a
/// residual) is replaced by `residual(operand)`.
Value cloneOn(OpBuilder &b, Operation *op, Value from, Value v,
              RankedTensorType type,
              llvm::function_ref<Value(Value)> residual) {
  SmallVector<Value> operands;
  for (Value operand : op->getOperands())
    operands.push_back(operand == from         ? v
                       : isUnitConstant(operand) ? operand
                                                 : residual(operand));
  OperationState state(op->getLoc(), op->getName(), operands, {type},
                       op->getAttrs());
  return b.create(state)->getResult(0);
}

struct NNBandDepthwisePass
    : mlir::nncc::impl::NNBandDepthwisePassBase<NNBandDepthwisePass> {
  using NNBandDepthwisePassBase::NNBandDepthwisePassBase;

  void runOnOperation() override {
    if (bandBytes < 1) {
      getOperation().emitError("nn-band-depthwise: band-bytes must be >= 1");
      return signalPassFailure();
    }
    SmallVector<Pair> pairs;
    getOperation().walk([&](nn::Conv2DOp conv) {
      if (std::optional<Pair> p = matchPair(conv)) {
        auto e = cast<RankedTensorType>(p->expand.getType());
        if (e.getNumElements() * 4 > minExpandedBytes)
          pairs.push_back(*p);
      }
    });
    for (Pair &p : pairs)
      band(p);
  }

  void band(Pair &p) {
    nn::Conv2DOp dw = p.depthwise, expand = p.expand;
    auto eType = cast<RankedTensorType>(expand.getType());
    auto outType = cast<RankedTensorType>(dw.getType());
    auto xType = cast<RankedTensorType>(expand.getInput().getType());
    int64_t h = eType.getDimSize(1), w = eType.getDimSize(2);
    int64_t c = eType.getDimSize(3);
    int64_t oh = outType.getDimSize(1);
    int64_t kh = cast<RankedTensorType>(dw.getWeight().getType()).getDimSize(0);
    int64_t sh = dw.getStrides()[0], dh = dw.getDilations()[0];
    ArrayRef<int64_t> pads = dw.getPads(); // top, left, bottom, right
    int64_t rowBytes = w * c * 4;
    // Input rows a band of r output rows reads (padding included).
    auto span = [&](int64_t r) { return (r - 1) * sh + dh * (kh - 1) + 1; };
    int64_t rows = 1;
    while (rows < oh && span(rows + 1) * rowBytes <= bandBytes)
      ++rows;
    // Each band is its own kernels: at most kMaxBands of them, whatever the
    // map size (a 1024-row map with wide rows would otherwise get hundreds).
    rows = std::max(rows, (oh + kMaxBands - 1) / kMaxBands);
    if (rows >= oh)
      return; // one band: nothing to gain
    // Before the group's last op: every operand of the group's ops (weights,
    // a residual) is defined by then.
    Operation *lastOp = p.last();
    OpBuilder b(lastOp);
    Location loc = dw.getLoc();
    Type f32 = eType.getElementType();
    SmallVector<Value> bands;
    for (int64_t o0 = 0; o0 < oh; o0 += rows) {
      int64_t o1 = std::min(oh, o0 + rows);
      // Rows [first, last] of the padded input, in unpadded coordinates.
      int64_t first = o0 * sh - pads[0];
      int64_t last = (o1 - 1) * sh - pads[0] + dh * (kh - 1);
      int64_t i0 = std::max<int64_t>(0, first);
      int64_t i1 = std::min<int64_t>(h - 1, last) + 1;
      int64_t top = i0 - first, bottom = last + 1 - i1;
      int64_t n = i1 - i0;
      auto xb = nn::SliceOp::create(
          b, loc,
          RankedTensorType::get({1, n, w, xType.getDimSize(3)}, f32),
          expand.getInput(), b.getDenseI64ArrayAttr({0, i0, 0, 0}),
          b.getDenseI64ArrayAttr({1, n, w, xType.getDimSize(3)}),
          b.getDenseI64ArrayAttr({1, 1, 1, 1}));
      auto bandType = RankedTensorType::get({1, n, w, c}, f32);
      Value v = nn::Conv2DOp::create(
          b, expand.getLoc(), bandType, xb, expand.getWeight(),
          expand.getBias(), expand.getStridesAttr(),
          expand.getDilationsAttr(), expand.getPadsAttr(),
          expand.getGroupAttr(), expand.getChannelsLastAttr());
      auto noResidual = [](Value) -> Value {
        llvm_unreachable("only a projection's ops have a residual operand");
      };
      // `orig` follows the original chain, `v` its band.
      Value orig = expand.getResult();
      for (Operation *op : p.chain) {
        v = cloneOn(b, op, orig, v, bandType, noResidual);
        orig = op->getResult(0);
      }
      int64_t r = o1 - o0;
      auto dwBandType =
          RankedTensorType::get({1, r, outType.getDimSize(2), c}, f32);
      v = nn::Conv2DOp::create(
          b, loc, dwBandType, v, dw.getWeight(), dw.getBias(),
          dw.getStridesAttr(), dw.getDilationsAttr(),
          b.getDenseI64ArrayAttr({top, pads[1], bottom, pads[3]}),
          dw.getGroupAttr(), dw.getChannelsLastAttr());
      orig = dw.getResult();
      for (Operation *op : p.tail) {
        v = cloneOn(b, op, orig, v, dwBandType, noResidual);
        orig = op->getResult(0);
      }
      if (nn::Conv2DOp proj = p.project) {
        auto projType = cast<RankedTensorType>(proj.getType());
        auto projBandType = RankedTensorType::get(
            {1, r, projType.getDimSize(2), projType.getDimSize(3)}, f32);
        v = nn::Conv2DOp::create(
            b, proj.getLoc(), projBandType, v, proj.getWeight(),
            proj.getBias(), proj.getStridesAttr(), proj.getDilationsAttr(),
            proj.getPadsAttr(), proj.getGroupAttr(),
            proj.getChannelsLastAttr());
        orig = proj.getResult();
        // A residual operand: its rows of this band.
        auto rows = [&](Value full) -> Value {
          return nn::SliceOp::create(
              b, loc, projBandType, full,
              b.getDenseI64ArrayAttr({0, o0, 0, 0}),
              projBandType.getShape(), b.getDenseI64ArrayAttr({1, 1, 1, 1}));
        };
        for (Operation *op : p.projectTail) {
          v = cloneOn(b, op, orig, v, projBandType, rows);
          orig = op->getResult(0);
        }
      }
      bands.push_back(v);
    }
    Value result = lastOp->getResult(0);
    Value joined = nn::ConcatOp::create(b, loc, result.getType(), bands,
                                        b.getI64IntegerAttr(1));
    result.replaceAllUsesWith(joined);
    for (Operation *op : llvm::reverse(p.projectTail))
      op->erase();
    if (p.project)
      p.project.erase();
    for (Operation *op : llvm::reverse(p.tail))
      op->erase();
    dw.erase();
    for (Operation *op : llvm::reverse(p.chain))
      op->erase();
    expand.erase();
  }
};

} // namespace
