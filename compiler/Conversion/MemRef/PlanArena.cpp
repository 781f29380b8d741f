//===- PlanArena.cpp - One static arena for a function's temporaries ------===//
//
// Part of nncc.
//
// nncc-plan-arena: the temporaries of the model's entry function (top-level
// memref.alloc ops of static size) become views at fixed offsets of one
// workspace buffer, a new trailing argument that the runtime allocates once
// per model instance. Offsets come from the buffers' live intervals in the
// order of the function's top-level ops (ArenaPlan.h), so buffers that are
// never live at the same time share memory. The pass runs on memrefs after
// bufferization and allocation hoisting and before deallocations are
// inserted; a buffer whose aliases it cannot follow keeps its allocation.
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/MemRef/ArenaPlan.h"
#include "compiler/Conversion/Passes.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/CallInterfaces.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/StringSet.h"

namespace mlir::nncc {
#define GEN_PASS_DEF_NNCCPLANARENAPASS
#include "compiler/Conversion/Passes.h.inc"
} // namespace mlir::nncc

using namespace mlir;
using namespace mlir::nncc;

/// Buffers start at multiples of a cache line (and of an AVX-512 vector).
static constexpr uint64_t kMinAlignment = 64;

namespace {

//===----------------------------------------------------------------------===//
// Buffers and their live intervals
//===----------------------------------------------------------------------===//

/// A top-level allocation the plan places.
struct Candidate {
  memref::AllocOp alloc;
  ArenaBuffer buffer;
  /// memref.dealloc ops of the allocation itself (erased with it).
  SmallVector<Operation *> deallocs;
};

/// Bytes of one element of a memref as the LLVM lowering lays it out, or
/// std::nullopt for element types the plan does not size (vectors, structs,
/// integers of odd widths: their LLVM allocation size may be padded).
std::optional<uint64_t> elementBytes(Type type) {
  if (isa<IndexType>(type))
    return 8; // the LLVM lowering's index is i64 on the 64-bit targets
  if (auto i = dyn_cast<IntegerType>(type)) {
    switch (i.getWidth()) {
    case 1: // i1 is stored in a byte
    case 8:
      return 1;
    case 16:
      return 2;
    case 32:
      return 4;
    case 64:
      return 8;
    default:
      return std::nullopt;
    }
  }
  if (auto f = dyn_cast<FloatType>(type)) {
    unsigned bits = f.getWidth();
    if (bits == 8 || bits == 16 || bits == 32 || bits == 64)
      return bits / 8;
  }
  return std::nullopt;
}

/// Why `alloc`'s type keeps it on the heap, or null when the plan can place
/// it (static shape, identity layout, default memory space, sized element).
const char *checkType(memref::AllocOp alloc, uint64_t &size) {
  MemRefType type = alloc.getType();
  if (!type.hasStaticShape())
    return "dynamic shape";
  if (!type.getLayout().isIdentity())
    return "non-identity layout";
  if (type.getMemorySpace())
    return "non-default memory space";
  std::optional<uint64_t> bytes = elementBytes(type.getElementType());
  if (!bytes)
    return "element type of unknown size";
  size = *bytes * static_cast<uint64_t>(type.getNumElements());
  // Nothing reads or writes an empty buffer; it needs no room either way.
  if (size == 0)
    return "empty buffer";
  return nullptr;
}

/// Why `use` of an alias of a buffer makes the buffer's lifetime unknown
/// (the pointer leaves what this pass can follow), or null.
const char *checkUse(OpOperand &use, Operation *func) {
  Operation *user = use.getOwner();
  if (user->getParentOp() == func && user->hasTrait<OpTrait::IsTerminator>())
    return "returned";
  if (isa<CallOpInterface>(user))
    return "passed to a call";
  if (isa<memref::ExtractAlignedPointerAsIndexOp, UnrealizedConversionCastOp,
          bufferization::ToTensorOp, memref::ReallocOp,
          bufferization::DeallocOp>(user) ||
      isa_and_nonnull<LLVM::LLVMDialect>(user->getDialect()))
    return "used as a raw pointer";
  if (auto store = dyn_cast<memref::StoreOp>(user))
    if (use.get() == store.getValueToStore())
      return "stored to memory";
  // Results that are neither buffers (followed as aliases) nor plain values
  // (numbers, vectors) might carry the pointer.
  for (Type t : user->getResultTypes())
    if (!isa<BaseMemRefType, IntegerType, IndexType, FloatType, VectorType>(t))
      return "used by an op with a result of unknown kind";
  return nullptr;
}

/// Computes `c.buffer`'s live interval: from the first to the last top-level
/// op of `body` that uses the allocation or an alias of it. Aliases are,
/// transitively, every memref-typed result of an op that uses an alias
/// (views, casts, loops and conditionals that carry it), the memref block
/// arguments of its regions and successors, and the memref results of the
/// op whose terminator yields an alias. Returns why the buffer stays on the
/// heap, or null.
const char *computeLiveInterval(Candidate &c, Block &body,
                                const DenseMap<Operation *, int64_t> &position,
                                Operation *func) {
  int64_t allocPos = position.lookup(c.alloc);
  int64_t first = allocPos, last = allocPos;
  bool used = false;
  llvm::SetVector<Value> aliases;
  aliases.insert(c.alloc.getResult());
  auto addMemRefs = [&](auto values) {
    for (Value v : values)
      if (isa<BaseMemRefType>(v.getType()))
        aliases.insert(v);
  };
  for (size_t i = 0; i < aliases.size(); ++i) {
    Value alias = aliases[i];
    for (OpOperand &use : alias.getUses()) {
      Operation *user = use.getOwner();
      if (auto dealloc = dyn_cast<memref::DeallocOp>(user)) {
        if (alias != c.alloc.getResult())
          return "an alias is deallocated";
        c.deallocs.push_back(dealloc);
        continue;
      }
      if (const char *why = checkUse(use, func))
        return why;
      Operation *top = body.findAncestorOpInBlock(*user);
      if (!top)
        return "used outside the function body";
      int64_t pos = position.lookup(top);
      first = used ? std::min(first, pos) : pos;
      last = used ? std::max(last, pos) : pos;
      used = true;
      addMemRefs(user->getResults());
      for (Region &region : user->getRegions())
        for (Block &block : region)
          addMemRefs(block.getArguments());
      for (Block *successor : user->getSuccessors())
        addMemRefs(successor->getArguments());
      if (user->hasTrait<OpTrait::IsTerminator>()) {
        Operation *parent = user->getParentOp();
        addMemRefs(parent->getResults());
        for (Region &region : parent->getRegions())
          for (Block &block : region)
            addMemRefs(block.getArguments());
      }
    }
  }
  // The allocation itself touches no memory: the buffer is live from its
  // first use (an unused buffer occupies its allocation's position).
  c.buffer.firstUse = first;
  c.buffer.lastUse = last;
  return nullptr;
}

//===----------------------------------------------------------------------===//
// The pass
//===----------------------------------------------------------------------===//

struct PlanArenaPass : nncc::impl::NNCCPlanArenaPassBase<PlanArenaPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<std::string> names(functions.begin(), functions.end());
    bool explicitNames = !names.empty();
    if (!explicitNames)
      names.push_back("main_graph");
    for (const std::string &name : names) {
      auto func = module.lookupSymbol<func::FuncOp>(name);
      if (!func) {
        if (explicitNames) {
          module.emitError() << "nncc-plan-arena: no function '" << name << "'";
          return signalPassFailure();
        }
        continue;
      }
      planFunction(func);
    }
  }

  void planFunction(func::FuncOp func) {
    // A new argument changes the signature: only for functions with a body
    // of one block (structured control flow) that nothing here calls.
    if (func.isExternal() || !func.getBody().hasOneBlock()) {
      if (emitRemarks)
        func.emitRemark() << "not planned: "
                          << (func.isExternal() ? "no body"
                                                : "the body is not a single "
                                                  "block");
      return;
    }
    if (!SymbolTable::symbolKnownUseEmpty(func, getOperation())) {
      if (emitRemarks)
        func.emitRemark() << "not planned: the function has uses";
      return;
    }
    Block &body = func.getBody().front();
    DenseMap<Operation *, int64_t> position;
    for (auto [i, op] : llvm::enumerate(body))
      position[&op] = static_cast<int64_t>(i);

    SmallVector<Candidate> candidates;
    for (auto alloc : body.getOps<memref::AllocOp>()) {
      Candidate c{alloc, {}, {}};
      uint64_t size = 0;
      const char *why = checkType(alloc, size);
      if (!why)
        why = computeLiveInterval(c, body, position, func);
      if (why) {
        if (emitRemarks)
          alloc.emitRemark() << "left on the heap: " << why;
        continue;
      }
      c.buffer.size = size;
      c.buffer.alignment =
          std::max<uint64_t>(kMinAlignment, alloc.getAlignment().value_or(1));
      candidates.push_back(std::move(c));
    }

    SmallVector<ArenaBuffer> buffers;
    for (const Candidate &c : candidates)
      buffers.push_back(c.buffer);
    ArenaPlan arena = planArena(buffers);

    MemoryPlan plan;
    plan.numBuffers = candidates.size();
    plan.workspaceSize = arena.size;
    for (const ArenaBuffer &b : buffers)
      plan.bytesWithoutReuse += b.size;
    if (!candidates.empty()) {
      MLIRContext *ctx = func.getContext();
      auto workspaceType = MemRefType::get({static_cast<int64_t>(arena.size)},
                                           IntegerType::get(ctx, 8));
      if (failed(func.insertArgument(func.getNumArguments(), workspaceType,
                                     DictionaryAttr(), func.getLoc()))) {
        func.emitError("nncc-plan-arena: cannot add the workspace argument");
        return signalPassFailure();
      }
      Value workspace = body.getArguments().back();
      OpBuilder b(ctx);
      for (auto [c, offset] : llvm::zip_equal(candidates, arena.offsets)) {
        b.setInsertionPoint(c.alloc);
        Location loc = c.alloc.getLoc();
        Value shift = arith::ConstantIndexOp::create(b, loc, offset);
        Value view = memref::ViewOp::create(b, loc, c.alloc.getType(),
                                            workspace, shift, ValueRange());
        for (Operation *dealloc : c.deallocs)
          dealloc->erase();
        c.alloc.replaceAllUsesWith(view);
        c.alloc.erase();
      }
    }
    func.walk([&](memref::AllocOp) { ++plan.heapAllocations; });
    func->setAttr(kMemoryPlanAttrName,
                  getMemoryPlanAttr(func.getContext(), plan));
  }
};

} // namespace
