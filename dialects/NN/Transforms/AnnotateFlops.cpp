//===- AnnotateFlops.cpp - FLOP counts of the ONNX nodes ------------------===//
//
// Part of nncc.
//
// Records, per ONNX node, the kind of its nn op(s) and the floating-point
// operations one run performs for it (see Passes.td). Profiling
// (nncc-instrument-kernels) divides these counts among the kernels.
//
//===----------------------------------------------------------------------===//

#include "dialects/NN/Transforms/Passes.h"

#include "dialects/NN/IR/NNOps.h"
#include "dialects/NN/Transforms/NodeLocations.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/TypeSwitch.h"

namespace mlir::nncc {
#define GEN_PASS_DEF_NNANNOTATEFLOPSPASS
#include "dialects/NN/Transforms/Passes.h.inc"
} // namespace mlir::nncc

using namespace mlir;
using namespace mlir::nncc;

/// Number of elements of a statically shaped tensor value, or nullopt.
static std::optional<int64_t> numElements(Value v) {
  auto type = dyn_cast<RankedTensorType>(v.getType());
  if (!type || !type.hasStaticShape())
    return std::nullopt;
  return type.getNumElements();
}

static std::optional<int64_t> dimOf(Value v, int64_t index) {
  auto type = dyn_cast<RankedTensorType>(v.getType());
  if (!type || index < 0 || index >= type.getRank() ||
      type.isDynamicDim(index))
    return std::nullopt;
  return type.getDimSize(index);
}

std::optional<int64_t> mlir::nncc::nn::countFlops(Operation *op) {
  auto outElems = [&]() -> std::optional<int64_t> {
    if (op->getNumResults() == 0)
      return std::nullopt;
    return numElements(op->getResult(0));
  };
  auto inElems = [&]() -> std::optional<int64_t> {
    if (op->getNumOperands() == 0)
      return std::nullopt;
    return numElements(op->getOperand(0));
  };
  auto scaled = [](std::optional<int64_t> n,
                   int64_t factor) -> std::optional<int64_t> {
    if (!n)
      return std::nullopt;
    return *n * factor;
  };
  return llvm::TypeSwitch<Operation *, std::optional<int64_t>>(op)
      .Case<nn::Conv2DOp>([&](nn::Conv2DOp conv) -> std::optional<int64_t> {
        // 2 * (output elements) * (C/G * KH * KW), plus one add per output
        // element for the bias. Weight is F x C/G x KH x KW, or KH x KW x
        // C/G x F channels-last.
        std::optional<int64_t> out = outElems();
        std::optional<int64_t> weight = numElements(conv.getWeight());
        std::optional<int64_t> f =
            dimOf(conv.getWeight(), conv.getChannelsLast() ? 3 : 0);
        if (!out || !weight || !f || *f == 0)
          return std::nullopt;
        return 2 * *out * (*weight / *f) + (conv.getBias() ? *out : 0);
      })
      .Case<nn::MatMulOp>([&](nn::MatMulOp mm) -> std::optional<int64_t> {
        auto lhs = cast<RankedTensorType>(mm.getLhs().getType());
        std::optional<int64_t> k = dimOf(mm.getLhs(), lhs.getRank() - 1);
        std::optional<int64_t> out = outElems();
        if (!k || !out)
          return std::nullopt;
        return 2 * *out * *k;
      })
      .Case<nn::GemmOp>([&](nn::GemmOp gemm) -> std::optional<int64_t> {
        std::optional<int64_t> k = dimOf(gemm.getA(), gemm.getTransA() ? 0 : 1);
        std::optional<int64_t> out = outElems();
        if (!k || !out)
          return std::nullopt;
        return 2 * *out * *k + (gemm.getC() ? *out : 0);
      })
      .Case<nn::AvgPool2DOp, nn::MaxPool2DOp>(
          [&](auto pool) -> std::optional<int64_t> {
            int64_t window = 1;
            for (int64_t k : pool.getKernelShape())
              window *= k;
            return scaled(outElems(), window);
          })
      .Case<nn::GlobalAvgPoolOp, nn::GlobalMaxPoolOp, nn::ReduceMaxOp,
            nn::ReduceMeanOp, nn::ReduceMinOp, nn::ReduceSumOp>(
          [&](Operation *) { return inElems(); })
      // max, subtract + exp, sum, divide.
      .Case<nn::SoftmaxOp>([&](Operation *) { return scaled(inElems(), 4); })
      // Scale and shift per element (the statistics are constants).
      .Case<nn::BatchNormOp>([&](Operation *) { return scaled(inElems(), 2); })
      // Mean, variance (2), normalise (2), scale and bias (2).
      .Case<nn::LayerNormOp>([&](Operation *) { return scaled(inElems(), 7); })
      .Case<nn::GRUOp, nn::LSTMOp, nn::RNNOp>(
          [&](auto rnn) -> std::optional<int64_t> {
            // The input and recurrent products dominate: 2 * seq * batch *
            // (|W| + |R|) (W: dirs x gates*H x I, R: dirs x gates*H x H).
            std::optional<int64_t> seq = dimOf(rnn.getX(), 0);
            std::optional<int64_t> batch = dimOf(rnn.getX(), 1);
            std::optional<int64_t> w = numElements(rnn.getW());
            std::optional<int64_t> r = numElements(rnn.getR());
            if (!seq || !batch || !w || !r)
              return std::nullopt;
            return 2 * *seq * *batch * (*w + *r);
          })
      .Case<nn::AbsOp, nn::CeilOp, nn::ErfOp, nn::ExpOp, nn::FloorOp,
            nn::LogOp, nn::NegOp, nn::ReciprocalOp, nn::ReluOp,
            nn::SigmoidOp, nn::SqrtOp, nn::TanhOp, nn::AddOp, nn::DivOp,
            nn::MaxOp, nn::MinOp, nn::MulOp, nn::PowOp, nn::SubOp,
            nn::EqualOp, nn::GreaterEqualOp, nn::GreaterOp,
            nn::LessEqualOp, nn::LessOp, nn::AndOp, nn::OrOp, nn::XorOp,
            nn::NotOp, nn::WhereOp>([&](Operation *) { return outElems(); })
      // Data movement and everything else.
      .Default([](Operation *) { return int64_t(0); });
}

namespace {

struct NodeInfo {
  SmallVector<StringRef> kinds;         // compute ops
  SmallVector<StringRef> movementKinds; // transpose, reshape, ...
  int64_t flops = 0;
  int64_t order = 0;
};

/// Ops that only move or reinterpret data (0 FLOPs). A node's kind names
/// them only when it has no other op: a Conv node is "conv2d" even when
/// layout transposes or a bias reshape were located at it.
bool isDataMovement(Operation *op) {
  return isa<nn::BroadcastOp, nn::CastOp, nn::ConcatOp, nn::FlattenOp,
             nn::GatherOp, nn::PadOp, nn::ReshapeOp, nn::SliceOp,
             nn::TransposeOp>(op);
}

struct AnnotateFlopsPass
    : nncc::impl::NNAnnotateFlopsPassBase<AnnotateFlopsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    MLIRContext *ctx = &getContext();
    llvm::MapVector<StringAttr, NodeInfo> nodes;
    module.walk([&](Operation *op) {
      if (!isa<nn::NNDialect>(op->getDialect()) || isa<nn::ConstantOp>(op))
        return;
      StringAttr node = getNodeName(op->getLoc());
      if (!node)
        return;
      bool isNew = !nodes.contains(node);
      NodeInfo &info = nodes[node];
      if (isNew)
        info.order = nodes.size() - 1;
      StringRef kind = op->getName().stripDialect();
      SmallVector<StringRef> &kinds =
          isDataMovement(op) ? info.movementKinds : info.kinds;
      if (!llvm::is_contained(kinds, kind))
        kinds.push_back(kind);
      // Unknown (dynamic) counts add nothing.
      info.flops += nn::countFlops(op).value_or(0);
    });
    SmallVector<NamedAttribute> entries;
    for (auto &[node, info] : nodes) {
      auto i64 = IntegerType::get(ctx, 64);
      const SmallVector<StringRef> &kinds =
          info.kinds.empty() ? info.movementKinds : info.kinds;
      NamedAttribute fields[] = {
          NamedAttribute(StringAttr::get(ctx, "flops"),
                         IntegerAttr::get(i64, info.flops)),
          NamedAttribute(StringAttr::get(ctx, "kind"),
                         StringAttr::get(ctx, llvm::join(kinds, "+"))),
          NamedAttribute(StringAttr::get(ctx, "order"),
                         IntegerAttr::get(i64, info.order))};
      entries.push_back(
          NamedAttribute(node, DictionaryAttr::get(ctx, fields)));
    }
    module->setAttr(kNodeInfoAttrName, DictionaryAttr::get(ctx, entries));
  }
};

} // namespace
