//===- OutlineParallel.cpp - Parallel loops -> thread-pool tasks ----------===//
//
// Part of nncc.
//
// nncc-outline-parallel: moves the body of each outermost parallel loop
// (scf.forall, scf.parallel) into a task function `void(ptr ctx, i64 i)` and
// replaces the loop with a call to nncc_model_parallel_for (libnnrt_model.a).
// The values the body captures are stored into a stack context by the
// caller and loaded back by the task. The pass runs on memrefs just before
// the lowering to the LLVM dialect, which uses the bare-pointer calling
// convention; so the task takes LLVM types only, and memrefs are passed as
// their aligned pointer and rebuilt in the task from a rank-0 descriptor
// (an unrealized cast that the LLVM lowering folds away) and a
// memref.reinterpret_cast with the static layout.
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/Passes.h"

#include "mlir/Analysis/TopologicalSortUtils.h"
#include "mlir/Dialect/LLVMIR/LLVMTypes.h"
#include "mlir/Dialect/SCF/Transforms/Transforms.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Transforms/RegionUtils.h"
#include "llvm/Support/Debug.h"

#define DEBUG_TYPE "nncc-outline-parallel"

namespace mlir::nncc {
#define GEN_PASS_DEF_NNCCOUTLINEPARALLELPASS
#include "compiler/Conversion/Passes.h.inc"
} // namespace mlir::nncc

using namespace mlir;

/// libnnrt_model.a: void nncc_model_parallel_for(int64_t n,
///     void (*fn)(void *ctx, int64_t i), void *ctx).
static constexpr StringLiteral kParallelForName = "nncc_model_parallel_for";
/// Marks outlined task functions (their loops are never outlined again).
static constexpr StringLiteral kTaskAttr = "nncc.parallel_task";

namespace {

//===----------------------------------------------------------------------===//
// Loops
//===----------------------------------------------------------------------===//

/// The parts of an scf.forall / scf.parallel the outliner needs.
struct ParallelLoop {
  Operation *op = nullptr;
  Block *body = nullptr;
  SmallVector<Value> ivs;
  SmallVector<int64_t> lbs, steps, trips;

  int64_t tripCount() const {
    int64_t n = 1;
    for (int64_t t : trips)
      n *= t;
    return n;
  }
};

/// Fills `loop` for `op`; returns why it cannot be outlined, or "" if it can.
std::string analyzeLoop(Operation *op, ParallelLoop &loop) {
  loop.op = op;
  SmallVector<std::optional<int64_t>> lbs, ubs, steps;
  if (auto forall = dyn_cast<scf::ForallOp>(op)) {
    if (forall.getNumResults() != 0 || !forall.getOutputs().empty())
      return "the loop has shared outputs (tensors)";
    loop.body = forall.getBody();
    loop.ivs = forall.getInductionVars();
    for (OpFoldResult v : forall.getMixedLowerBound())
      lbs.push_back(getConstantIntValue(v));
    for (OpFoldResult v : forall.getMixedUpperBound())
      ubs.push_back(getConstantIntValue(v));
    for (OpFoldResult v : forall.getMixedStep())
      steps.push_back(getConstantIntValue(v));
  } else {
    auto parallel = cast<scf::ParallelOp>(op);
    if (parallel.getNumResults() != 0 || !parallel.getInitVals().empty())
      return "the loop has reductions";
    loop.body = parallel.getBody();
    loop.ivs = parallel.getInductionVars();
    for (Value v : parallel.getLowerBound())
      lbs.push_back(getConstantIntValue(v));
    for (Value v : parallel.getUpperBound())
      ubs.push_back(getConstantIntValue(v));
    for (Value v : parallel.getStep())
      steps.push_back(getConstantIntValue(v));
  }
  for (size_t d = 0; d < lbs.size(); ++d) {
    if (!lbs[d] || !ubs[d] || !steps[d] || *steps[d] <= 0)
      return "the loop has dynamic bounds";
    int64_t trip =
        *ubs[d] > *lbs[d] ? (*ubs[d] - *lbs[d] + *steps[d] - 1) / *steps[d] : 0;
    loop.lbs.push_back(*lbs[d]);
    loop.steps.push_back(*steps[d]);
    loop.trips.push_back(trip);
  }
  if (loop.tripCount() <= 1)
    return "the trip count is " + std::to_string(loop.tripCount());
  return "";
}

//===----------------------------------------------------------------------===//
// Captures
//===----------------------------------------------------------------------===//

/// A memref the context can carry: static shape, strides and offset (the
/// task rebuilds it from the aligned pointer alone), default memory space.
bool isPassableMemRef(Type type) {
  auto memref = dyn_cast<MemRefType>(type);
  if (!memref || !memref.hasStaticShape() || memref.getMemorySpace())
    return false;
  if (!memref.getElementType().isIntOrIndexOrFloat())
    return false;
  int64_t offset;
  SmallVector<int64_t> strides;
  if (failed(memref.getStridesAndOffset(strides, offset)))
    return false;
  return !ShapedType::isDynamic(offset) &&
         llvm::none_of(strides, ShapedType::isDynamic);
}

/// A scalar the context can carry by value (at most 64 bits).
bool isPassableScalar(Type type) {
  if (type.isIndex())
    return true;
  if (auto i = dyn_cast<IntegerType>(type))
    return i.isSignless() && i.getWidth() <= 64;
  if (auto f = dyn_cast<FloatType>(type))
    return (f.isF16() || f.isBF16() || f.isF32() || f.isF64());
  return false;
}

/// Cheaper to recompute in the task than to pass.
bool isCloneable(Operation *op) {
  return op->getNumRegions() == 0 && isMemoryEffectFree(op) &&
         (matchPattern(op, m_Constant()) || isa<memref::GetGlobalOp>(op));
}

/// What the body of a loop needs from outside.
struct Captures {
  /// Passed through the context, in slot order.
  SetVector<Value> values;
  /// Cloned into the task (defs before uses after topologicalSort).
  SetVector<Operation *> clones;
};

/// Collects the captures of `loop`; returns why they cannot be passed, or
/// "" on success. Values that cannot be passed but come from
/// side-effect-free ops (e.g. a subview with a dynamic offset) are cloned,
/// and their operands captured in turn.
std::string collectCaptures(const ParallelLoop &loop, Captures &captures) {
  SetVector<Value> above;
  getUsedValuesDefinedAbove(loop.op->getRegions(), above);
  // First in, first out: slots follow the order of first use.
  SmallVector<Value> worklist(above.begin(), above.end());
  DenseSet<Value> seen(above.begin(), above.end());
  for (size_t next = 0; next < worklist.size(); ++next) {
    Value v = worklist[next];
    Operation *def = v.getDefiningOp();
    if (def && isCloneable(def)) {
      captures.clones.insert(def);
      continue;
    }
    if (isPassableMemRef(v.getType()) || isPassableScalar(v.getType())) {
      captures.values.insert(v);
      continue;
    }
    if (def && def->getNumRegions() == 0 && isMemoryEffectFree(def)) {
      captures.clones.insert(def);
      for (Value operand : def->getOperands())
        if (seen.insert(operand).second)
          worklist.push_back(operand);
      continue;
    }
    std::string why;
    llvm::raw_string_ostream os(why);
    os << "cannot pass a value of type '" << v.getType() << "' to a task";
    return why;
  }
  return "";
}

//===----------------------------------------------------------------------===//
// Outlining
//===----------------------------------------------------------------------===//

/// The context slot type of a capture.
Type slotType(Value v) {
  MLIRContext *ctx = v.getContext();
  if (isa<MemRefType>(v.getType()))
    return LLVM::LLVMPointerType::get(ctx);
  if (v.getType().isIndex())
    return IntegerType::get(ctx, 64);
  return v.getType();
}

/// Declares nncc_model_parallel_for in `module` unless it already is.
func::FuncOp getOrDeclareParallelFor(ModuleOp module, Location loc) {
  if (auto f = module.lookupSymbol<func::FuncOp>(kParallelForName))
    return f;
  MLIRContext *ctx = module.getContext();
  Type ptr = LLVM::LLVMPointerType::get(ctx);
  Type i64 = IntegerType::get(ctx, 64);
  auto taskType = FunctionType::get(ctx, {ptr, i64}, {});
  OpBuilder b = OpBuilder::atBlockBegin(module.getBody());
  auto f =
      func::FuncOp::create(b, loc, kParallelForName,
                           FunctionType::get(ctx, {i64, taskType, ptr}, {}));
  f.setPrivate();
  return f;
}

/// Rebuilds memref `type` in the task from its aligned pointer `ptr`: a
/// rank-0 descriptor {ptr, ptr, 0} cast to memref<elt>, reinterpreted with
/// the static sizes, strides and offset of `type`.
Value rebuildMemRef(OpBuilder &b, Location loc, MemRefType type, Value ptr) {
  MLIRContext *ctx = b.getContext();
  Type i64 = IntegerType::get(ctx, 64);
  auto descType = LLVM::LLVMStructType::getLiteral(
      ctx, {ptr.getType(), ptr.getType(), i64});
  Value desc = LLVM::PoisonOp::create(b, loc, descType);
  desc = LLVM::InsertValueOp::create(b, loc, desc, ptr, ArrayRef<int64_t>{0});
  desc = LLVM::InsertValueOp::create(b, loc, desc, ptr, ArrayRef<int64_t>{1});
  Value zero = LLVM::ConstantOp::create(b, loc, i64, b.getI64IntegerAttr(0));
  desc = LLVM::InsertValueOp::create(b, loc, desc, zero, ArrayRef<int64_t>{2});
  auto rank0 = MemRefType::get({}, type.getElementType());
  Value base =
      UnrealizedConversionCastOp::create(b, loc, TypeRange{rank0}, desc)
          .getResult(0);
  int64_t offset;
  SmallVector<int64_t> strides;
  (void)type.getStridesAndOffset(strides, offset);
  return memref::ReinterpretCastOp::create(b, loc, type, base, offset,
                                           type.getShape(), strides);
}

/// Outlines `loop` (in `func`) into a new task function and replaces it by
/// the call.
void outline(const ParallelLoop &loop, const Captures &captures,
             func::FuncOp func, StringRef name, SymbolTable &symbols,
             func::FuncOp parallelFor) {
  MLIRContext *ctx = func.getContext();
  Location loc = loop.op->getLoc();
  Type ptr = LLVM::LLVMPointerType::get(ctx);
  Type i64 = IntegerType::get(ctx, 64);
  SmallVector<Type> slots;
  for (Value v : captures.values)
    slots.push_back(slotType(v));
  auto ctxType = LLVM::LLVMStructType::getLiteral(ctx, slots);
  auto slotAddress = [&](OpBuilder &b, Value base, unsigned k) {
    return LLVM::GEPOp::create(b, loc, ptr, ctxType, base,
                               ArrayRef<LLVM::GEPArg>{0, (int32_t)k},
                               LLVM::GEPNoWrapFlags::inbounds);
  };

  // The task: void(ptr ctx, i64 i).
  OpBuilder b(ctx);
  b.setInsertionPointAfter(func);
  auto task = func::FuncOp::create(b, loc, name,
                                   FunctionType::get(ctx, {ptr, i64}, {}));
  task.setPrivate();
  task->setAttr(kTaskAttr, b.getUnitAttr());
  symbols.insert(task);
  Block *entry = task.addEntryBlock();
  b.setInsertionPointToStart(entry);
  IRMapping map;
  for (auto [k, v] : llvm::enumerate(captures.values)) {
    Value slot = LLVM::LoadOp::create(b, loc, slots[k],
                                      slotAddress(b, entry->getArgument(0), k));
    if (auto memref = dyn_cast<MemRefType>(v.getType()))
      slot = rebuildMemRef(b, loc, memref, slot);
    else if (v.getType().isIndex())
      slot = arith::IndexCastOp::create(b, loc, v.getType(), slot);
    map.map(v, slot);
  }
  for (Operation *op : topologicalSort(captures.clones))
    b.clone(*op, map);
  // Induction variables from the linear index, innermost dimension fastest.
  Value linear = arith::IndexCastOp::create(b, loc, b.getIndexType(),
                                            entry->getArgument(1));
  for (int d = (int)loop.trips.size() - 1; d >= 0; --d) {
    Value index = linear;
    if (d > 0) {
      Value trip = arith::ConstantIndexOp::create(b, loc, loop.trips[d]);
      index = arith::RemUIOp::create(b, loc, linear, trip);
      linear = arith::DivUIOp::create(b, loc, linear, trip);
    }
    if (loop.steps[d] != 1)
      index = arith::MulIOp::create(
          b, loc, index, arith::ConstantIndexOp::create(b, loc, loop.steps[d]));
    if (loop.lbs[d] != 0)
      index = arith::AddIOp::create(
          b, loc, index, arith::ConstantIndexOp::create(b, loc, loop.lbs[d]));
    map.map(loop.ivs[d], index);
  }
  for (Operation &op : loop.body->without_terminator())
    b.clone(op, map);
  func::ReturnOp::create(b, loc);

  // The caller: fill the context (allocated once, in the entry block) and
  // call nncc_model_parallel_for.
  Value context;
  if (slots.empty()) {
    b.setInsertionPoint(loop.op);
    context = LLVM::ZeroOp::create(b, loc, ptr);
  } else {
    b.setInsertionPointToStart(&func.getBody().front());
    Value one = LLVM::ConstantOp::create(b, loc, i64, b.getI64IntegerAttr(1));
    context = LLVM::AllocaOp::create(b, loc, ptr, ctxType, one);
    b.setInsertionPoint(loop.op);
  }
  for (auto [k, v] : llvm::enumerate(captures.values)) {
    Value slot = v;
    if (isa<MemRefType>(v.getType())) {
      Value address = memref::ExtractAlignedPointerAsIndexOp::create(b, loc, v);
      Value asInt = arith::IndexCastOp::create(b, loc, i64, address);
      slot = LLVM::IntToPtrOp::create(b, loc, ptr, asInt);
    } else if (v.getType().isIndex()) {
      slot = arith::IndexCastOp::create(b, loc, i64, v);
    }
    LLVM::StoreOp::create(b, loc, slot, slotAddress(b, context, k));
  }
  Value fn = func::ConstantOp::create(b, loc, task.getFunctionType(),
                                      SymbolRefAttr::get(task));
  Value n = arith::ConstantOp::create(b, loc, i64,
                                      b.getI64IntegerAttr(loop.tripCount()));
  func::CallOp::create(b, loc, parallelFor, ValueRange{n, fn, context});
  loop.op->erase();
}

struct OutlineParallelPass
    : nncc::impl::NNCCOutlineParallelPassBase<OutlineParallelPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTable symbols(module);
    SmallVector<std::pair<func::FuncOp, Operation *>> loops;
    for (auto func : module.getOps<func::FuncOp>()) {
      if (func.isExternal() || func->hasAttr(kTaskAttr))
        continue;
      func.walk<WalkOrder::PreOrder>([&](Operation *op) {
        if (!isa<scf::ForallOp, scf::ParallelOp>(op))
          return WalkResult::advance();
        loops.push_back({func, op});
        return WalkResult::skip(); // Only outermost loops.
      });
    }

    func::FuncOp parallelFor;
    unsigned nextTask = 0;
    IRRewriter rewriter(&getContext());
    for (auto [func, op] : loops) {
      ParallelLoop loop;
      Captures captures;
      std::string why = analyzeLoop(op, loop);
      if (why.empty())
        why = collectCaptures(loop, captures);
      if (!why.empty()) {
        keepSerial(rewriter, op, why);
        continue;
      }
      if (!parallelFor)
        parallelFor = getOrDeclareParallelFor(module, module.getLoc());
      if (emitRemarks)
        op->emitRemark() << "outlined as " << loop.tripCount()
                         << " parallel tasks with " << captures.values.size()
                         << " captured values";
      std::string name;
      do
        name = "__nncc_task_" + std::to_string(nextTask++);
      while (symbols.lookup(name));
      outline(loop, captures, func, name, symbols, parallelFor);
    }
  }

  /// Leaves `op` serial: an scf.forall becomes an scf.for (an scf.parallel
  /// lowers to loops by itself).
  void keepSerial(IRRewriter &rewriter, Operation *op, StringRef why) {
    LLVM_DEBUG(llvm::dbgs()
               << "serial loop at " << op->getLoc() << ": " << why << "\n");
    if (emitRemarks)
      op->emitRemark() << "parallel loop left serial: " << why;
    if (auto forall = dyn_cast<scf::ForallOp>(op)) {
      if (forall.getNumResults() != 0)
        return; // Tensors: not ours to lower.
      rewriter.setInsertionPoint(forall);
      (void)scf::forallToForLoop(rewriter, forall);
    }
  }
};

} // namespace
