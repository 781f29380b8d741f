//===- InstrumentKernels.cpp - Per-kernel timing for nncc --profile -------===//
//
// Part of nncc.
//
// nncc-instrument-kernels: brackets every kernel (top-level op that writes a
// buffer) of each public function with calls to nncc_profile_begin/end
// (libnnrt_model.a), which add the kernel's time and call count to a
// mutable counters global; and stores the kernel table (name, ONNX nodes,
// FLOPs) that the model emitter turns into the model's profile descriptor.
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/Passes.h"
#include "compiler/Conversion/Profile/Profile.h"
#include "dialects/NN/Transforms/NodeLocations.h"
#include "dialects/NN/Transforms/Passes.h"

#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/CallInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/StringExtras.h"

namespace mlir::nncc {
#define GEN_PASS_DEF_NNCCINSTRUMENTKERNELSPASS
#include "compiler/Conversion/Passes.h.inc"
} // namespace mlir::nncc

using namespace mlir;
using namespace mlir::nncc;

namespace {

/// Ops that write memory: what makes a top-level op a kernel.
bool writesBuffer(Operation *op) {
  if (isa<linalg::LinalgOp, memref::CopyOp, memref::StoreOp,
          vector::TransferWriteOp, vector::StoreOp, vector::MaskedStoreOp,
          vector::ScatterOp, affine::AffineStoreOp>(op))
    return true;
  if (auto call = dyn_cast<CallOpInterface>(op)) {
    auto callee = dyn_cast_if_present<SymbolRefAttr>(call.getCallableForCallee());
    return !callee || !callee.getLeafReference().getValue().starts_with(
                          "nncc_profile_");
  }
  return false;
}

/// A top-level op of a function body is a kernel when it is, or contains,
/// an op that writes a buffer (allocations, views, constants and
/// deallocations, even conditional ones in an scf.if, are not kernels).
bool isKernel(Operation *op) {
  if (writesBuffer(op))
    return true;
  if (op->getNumRegions() == 0)
    return false;
  return op
      ->walk([](Operation *nested) {
        return writesBuffer(nested) ? WalkResult::interrupt()
                                    : WalkResult::advance();
      })
      .wasInterrupted();
}

/// Arithmetic that does the work of a node: floating-point or integer
/// (not index) arith/math ops, vector FMAs, contractions and reductions,
/// and linalg ops themselves (named ops hide their bodies' locations).
bool isArithmetic(Operation *op) {
  if (isa<linalg::LinalgOp, vector::FMAOp, vector::ContractionOp,
          vector::ReductionOp, vector::MultiDimReductionOp>(op))
    return !isa<linalg::FillOp, linalg::CopyOp>(op);
  if (!isa<arith::ArithDialect, math::MathDialect>(op->getDialect()) ||
      op->hasTrait<OpTrait::ConstantLike>())
    return false;
  return llvm::none_of(op->getResultTypes(), [](Type t) {
    return isa<IndexType>(getElementTypeOrSelf(t));
  });
}

/// Multiplications (FMAs, contractions, products): where a node's FLOPs are
/// (a Winograd convolution's matrix products, not its transforms, which
/// only add).
bool isMultiply(Operation *op) {
  return isa<vector::FMAOp, vector::ContractionOp, arith::MulFOp,
             math::FmaOp>(op);
}

struct Kernel {
  Operation *op = nullptr;
  llvm::SetVector<StringAttr> nodes;
  llvm::DenseMap<StringAttr, int64_t> arithmetic; // node -> arithmetic ops
  llvm::DenseMap<StringAttr, int64_t> multiplies; // node -> multiplications
  int64_t flops = 0;
};

struct InstrumentKernelsPass
    : nncc::impl::NNCCInstrumentKernelsPassBase<InstrumentKernelsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    MLIRContext *ctx = &getContext();
    if (module->hasAttr(kProfileKernelsAttrName) ||
        module.lookupSymbol(kProfileCountersName)) {
      module.emitError("the module is already instrumented for profiling");
      return signalPassFailure();
    }
    auto nodeInfo = module->getAttrOfType<DictionaryAttr>(kNodeInfoAttrName);

    // Kernels, in program order.
    SmallVector<Kernel> kernels;
    SmallVector<func::FuncOp> funcs;
    for (auto func : module.getOps<func::FuncOp>()) {
      if (func.isPrivate() || func.isExternal())
        continue;
      funcs.push_back(func);
      for (Block &block : func.getBody())
        for (Operation &op : block)
          if (isKernel(&op)) {
            Kernel &k = kernels.emplace_back();
            k.op = &op;
            // Source nodes: those of the ops that do the work (the kernel
            // itself, arithmetic, writes). Reads and views may be located
            // at the node that produced the data, which is not this
            // kernel's work.
            op.walk<WalkOrder::PreOrder>([&](Operation *nested) {
              bool arithmetic = isArithmetic(nested);
              if (nested != &op && !arithmetic && !writesBuffer(nested))
                return;
              llvm::SetVector<StringAttr> names;
              collectNodeNames(nested->getLoc(), names);
              k.nodes.insert(names.begin(), names.end());
              if (arithmetic)
                for (StringAttr name : names)
                  ++k.arithmetic[name];
              if (isMultiply(nested))
                for (StringAttr name : names)
                  ++k.multiplies[name];
            });
          }
    }

    // A kernel lists its nodes in program (ONNX graph) order, as far as
    // nn-annotate-flops recorded it; other names follow in the order found.
    auto orderOf = [&](StringAttr node) -> int64_t {
      auto info = nodeInfo ? nodeInfo.getAs<DictionaryAttr>(node)
                           : DictionaryAttr();
      auto order = info ? info.getAs<IntegerAttr>("order") : IntegerAttr();
      return order ? order.getInt() : std::numeric_limits<int64_t>::max();
    };
    for (Kernel &k : kernels) {
      // (order, position found): unrecorded nodes keep the order found.
      SmallVector<std::tuple<int64_t, size_t, StringAttr>> sorted;
      for (auto [i, node] : llvm::enumerate(k.nodes))
        sorted.emplace_back(orderOf(node), i, node);
      llvm::sort(sorted, [](const auto &a, const auto &b) {
        return std::make_pair(std::get<0>(a), std::get<1>(a)) <
               std::make_pair(std::get<0>(b), std::get<1>(b));
      });
      k.nodes.clear();
      for (auto &entry : sorted)
        k.nodes.insert(std::get<2>(entry));
    }

    // Each node's FLOPs go to the kernel that does most of its
    // multiplications, then most of its arithmetic (the first on a tie);
    // with none anywhere, to the first kernel that names it.
    llvm::MapVector<StringAttr, size_t> owner;
    llvm::DenseMap<StringAttr, std::pair<int64_t, int64_t>> best;
    for (auto [index, k] : llvm::enumerate(kernels))
      for (StringAttr node : k.nodes) {
        std::pair<int64_t, int64_t> count = {k.multiplies.lookup(node),
                                             k.arithmetic.lookup(node)};
        auto it = best.find(node);
        if (it == best.end() || count > it->second) {
          best[node] = count;
          owner[node] = index;
        }
      }
    auto flopsOf = [&](StringAttr node) -> int64_t {
      auto info = nodeInfo ? nodeInfo.getAs<DictionaryAttr>(node)
                           : DictionaryAttr();
      auto flops = info ? info.getAs<IntegerAttr>("flops") : IntegerAttr();
      return flops ? flops.getInt() : 0;
    };
    for (auto &[node, index] : owner)
      kernels[index].flops += flopsOf(node);

    // The kernel table.
    SmallVector<Attribute> table;
    for (Kernel &k : kernels) {
      SmallVector<std::string> kinds;
      for (StringAttr node : k.nodes) {
        auto info = nodeInfo ? nodeInfo.getAs<DictionaryAttr>(node)
                             : DictionaryAttr();
        auto kind = info ? info.getAs<StringAttr>("kind") : StringAttr();
        if (!kind)
          continue;
        SmallVector<StringRef> parts;
        kind.getValue().split(parts, '+');
        for (StringRef part : parts)
          if (!llvm::is_contained(kinds, part))
            kinds.push_back(part.str());
      }
      std::string name = kinds.empty() ? k.op->getName().getStringRef().str()
                                       : llvm::join(kinds, "+");
      // Kernels without arithmetic move a node's data (padding, layout
      // changes) or initialise it (accumulators); say so.
      bool hasArithmetic = llvm::any_of(
          k.arithmetic, [](auto &entry) { return entry.second > 0; });
      if (!kinds.empty() && !hasArithmetic) {
        bool fills = k.op->walk([](linalg::FillOp) {
                            return WalkResult::interrupt();
                          }).wasInterrupted();
        name += fills ? " (fill)" : " (copy)";
      }
      SmallVector<Attribute> nodes(k.nodes.begin(), k.nodes.end());
      NamedAttribute fields[] = {
          NamedAttribute(StringAttr::get(ctx, "flops"),
                         IntegerAttr::get(IntegerType::get(ctx, 64), k.flops)),
          NamedAttribute(StringAttr::get(ctx, "name"),
                         StringAttr::get(ctx, name)),
          NamedAttribute(StringAttr::get(ctx, "nodes"),
                         ArrayAttr::get(ctx, nodes))};
      table.push_back(DictionaryAttr::get(ctx, fields));
    }
    module->setAttr(kProfileKernelsAttrName, ArrayAttr::get(ctx, table));
    // The table supersedes the per-node information.
    module->removeAttr(kNodeInfoAttrName);
    if (kernels.empty())
      return;

    // The counters global and the runtime functions.
    OpBuilder b(ctx);
    b.setInsertionPointToStart(module.getBody());
    Location loc = module.getLoc();
    auto i64 = b.getI64Type();
    auto countersType = MemRefType::get(
        {2 * static_cast<int64_t>(kernels.size())}, i64);
    auto zeros = DenseElementsAttr::get(
        RankedTensorType::get(countersType.getShape(), i64),
        b.getI64IntegerAttr(0).getValue());
    memref::GlobalOp::create(b, loc, kProfileCountersName,
                             b.getStringAttr("private"), countersType, zeros,
                             /*constant=*/false, /*alignment=*/b.getI64IntegerAttr(64));
    auto declare = [&](StringRef name, FunctionType type) {
      if (auto existing = module.lookupSymbol<func::FuncOp>(name))
        return existing;
      auto decl = func::FuncOp::create(b, loc, name, type);
      decl.setPrivate();
      return decl;
    };
    func::FuncOp begin =
        declare(kProfileBeginName, b.getFunctionType({}, {i64}));
    func::FuncOp end = declare(kProfileEndName,
                               b.getFunctionType({countersType, i64, i64}, {}));

    llvm::DenseMap<Operation *, Value> countersOf;
    for (func::FuncOp func : funcs) {
      b.setInsertionPointToStart(&func.getBody().front());
      countersOf[func] = memref::GetGlobalOp::create(
          b, func.getLoc(), countersType, kProfileCountersName);
    }
    for (auto [index, k] : llvm::enumerate(kernels)) {
      Location kloc = k.op->getLoc();
      Value counters =
          countersOf.lookup(k.op->getParentOfType<func::FuncOp>());
      b.setInsertionPoint(k.op);
      Value start = func::CallOp::create(b, kloc, begin).getResult(0);
      b.setInsertionPointAfter(k.op);
      Value id = arith::ConstantIntOp::create(b, kloc, index, 64);
      func::CallOp::create(b, kloc, end, ValueRange{counters, id, start});
    }
  }
};

} // namespace
