//===- ModelEmitter.cpp - LLVM IR, object code and the model.so ABI -------===//
//
// Part of nncc.
//
//===----------------------------------------------------------------------===//

#include "compiler/Codegen/LLVM/ModelEmitter.h"
#include "compiler/Conversion/MemRef/ArenaPlan.h"
#include "compiler/Conversion/Profile/Profile.h"
#include "runtime/include/nnrt/model_abi.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/TargetParser/SubtargetFeature.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/Triple.h"

using namespace mlir;
using namespace mlir::nncc;

uint32_t mlir::nncc::getDTypeCode(Type t) {
  if (t.isF32())
    return NNRT_DTYPE_F32;
  if (t.isF64())
    return NNRT_DTYPE_F64;
  if (t.isF16())
    return NNRT_DTYPE_F16;
  if (t.isBF16())
    return NNRT_DTYPE_BF16;
  if (auto it = dyn_cast<IntegerType>(t)) {
    switch (it.getWidth()) {
    case 1:
      return NNRT_DTYPE_BOOL;
    case 8:
      return it.isUnsigned() ? NNRT_DTYPE_U8 : NNRT_DTYPE_I8;
    case 16:
      return it.isUnsigned() ? NNRT_DTYPE_U16 : NNRT_DTYPE_I16;
    case 32:
      return it.isUnsigned() ? NNRT_DTYPE_U32 : NNRT_DTYPE_I32;
    case 64:
      return it.isUnsigned() ? NNRT_DTYPE_U64 : NNRT_DTYPE_I64;
    default:
      return 0;
    }
  }
  return 0;
}

FailureOr<ModelInfo> mlir::nncc::collectModelInfo(ModuleOp module,
                                                  StringRef entry,
                                                  std::string &error) {
  auto func = module.lookupSymbol<func::FuncOp>(entry);
  if (!func) {
    error = "no entry function '" + entry.str() + "'";
    return failure();
  }
  ModelInfo info;
  info.entry = entry.str();
  if (auto name = module->getAttrOfType<StringAttr>("nn.model_name"))
    info.name = name.str();
  auto describe = [&](Type type, DictionaryAttr attrs, unsigned index,
                      const char *kind) -> FailureOr<TensorInfo> {
    TensorInfo t;
    auto rt = dyn_cast<RankedTensorType>(type);
    if (!rt) {
      error = std::string(kind) + " " + std::to_string(index) +
              " is not a ranked tensor";
      return failure();
    }
    t.dtype = getDTypeCode(rt.getElementType());
    if (!t.dtype) {
      error = std::string(kind) + " " + std::to_string(index) +
              " has no runtime dtype";
      return failure();
    }
    for (int64_t d : rt.getShape())
      t.dims.push_back(ShapedType::isDynamic(d) ? -1 : d);
    StringAttr name = attrs ? attrs.getAs<StringAttr>("nn.name") : StringAttr();
    t.name = name ? name.str() : std::string(kind) + std::to_string(index);
    return t;
  };
  FunctionType ft = func.getFunctionType();
  for (unsigned i = 0; i < ft.getNumInputs(); ++i) {
    FailureOr<TensorInfo> t =
        describe(ft.getInput(i), func.getArgAttrDict(i), i, "input");
    if (failed(t))
      return failure();
    info.inputs.push_back(*t);
  }
  for (unsigned i = 0; i < ft.getNumResults(); ++i) {
    FailureOr<TensorInfo> t =
        describe(ft.getResult(i), func.getResultAttrDict(i), i, "output");
    if (failed(t))
      return failure();
    info.outputs.push_back(*t);
  }
  return info;
}

std::unique_ptr<llvm::TargetMachine>
mlir::nncc::createTargetMachine(const TargetOptions &options,
                                std::string &error) {
  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();
  llvm::InitializeNativeTargetAsmParser();
  llvm::Triple triple(llvm::sys::getDefaultTargetTriple());
  const llvm::Target *target =
      llvm::TargetRegistry::lookupTarget(triple, error);
  if (!target)
    return nullptr;
  std::string cpu = options.cpu, features = options.features;
  if (cpu.empty() || cpu == "native" || cpu == "host") {
    cpu = llvm::sys::getHostCPUName().str();
    if (features.empty()) {
      llvm::SubtargetFeatures f;
      for (auto &kv : llvm::sys::getHostCPUFeatures())
        f.AddFeature(kv.getKey(), kv.getValue());
      features = f.getString();
    }
  }
  // Reject unknown CPU names instead of silently generating generic code.
  // Probe with "generic" so LLVM does not print its own warning.
  std::unique_ptr<llvm::MCSubtargetInfo> sti(
      target->createMCSubtargetInfo(triple, "generic", ""));
  if (!sti || !sti->isCPUStringValid(cpu)) {
    error = "unknown target CPU '" + cpu + "'";
    return nullptr;
  }
  llvm::CodeGenOptLevel level = options.optLevel == 0 ? llvm::CodeGenOptLevel::None
                                : options.optLevel == 1
                                    ? llvm::CodeGenOptLevel::Less
                                : options.optLevel == 2
                                    ? llvm::CodeGenOptLevel::Default
                                    : llvm::CodeGenOptLevel::Aggressive;
  llvm::TargetOptions to;
  std::unique_ptr<llvm::TargetMachine> tm(target->createTargetMachine(
      triple, cpu, features, to, llvm::Reloc::PIC_, std::nullopt, level));
  if (!tm)
    error = "cannot create a target machine for '" + triple.str() + "'";
  return tm;
}

VectorTarget mlir::nncc::vectorTarget(const llvm::TargetMachine &tm) {
  const llvm::MCSubtargetInfo *sti = tm.getMCSubtargetInfo();
  if (sti->checkFeatures("+avx512f"))
    return {512, 32};
  if (sti->checkFeatures("+avx"))
    return {256, 16};
  return {128, 16};
}

namespace {

llvm::GlobalVariable *makeString(llvm::Module &m, StringRef s,
                                 const llvm::Twine &name) {
  llvm::Constant *init =
      llvm::ConstantDataArray::getString(m.getContext(), s, true);
  auto *gv = new llvm::GlobalVariable(m, init->getType(), true,
                                      llvm::GlobalValue::PrivateLinkage, init,
                                      name);
  gv->setUnnamedAddr(llvm::GlobalValue::UnnamedAddr::Global);
  return gv;
}

/// Emits `nnrt_tensor_desc_v1_t[]` for `tensors`.
llvm::Constant *makeDescs(llvm::Module &m, llvm::StructType *descTy,
                          const std::vector<TensorInfo> &tensors,
                          StringRef kind) {
  llvm::LLVMContext &ctx = m.getContext();
  auto *ptrTy = llvm::PointerType::getUnqual(ctx);
  auto *i32 = llvm::Type::getInt32Ty(ctx);
  if (tensors.empty())
    return llvm::ConstantPointerNull::get(ptrTy);
  std::vector<llvm::Constant *> descs;
  for (auto [i, t] : llvm::enumerate(tensors)) {
    llvm::Constant *dims = llvm::ConstantPointerNull::get(ptrTy);
    if (!t.dims.empty()) {
      auto *arr = llvm::ConstantDataArray::get(
          ctx, llvm::ArrayRef<uint64_t>(
                   reinterpret_cast<const uint64_t *>(t.dims.data()),
                   t.dims.size()));
      dims = new llvm::GlobalVariable(
          m, arr->getType(), true, llvm::GlobalValue::PrivateLinkage, arr,
          "nnrt." + kind + ".dims." + llvm::Twine(i));
    }
    descs.push_back(llvm::ConstantStruct::get(
        descTy, {makeString(m, t.name, "nnrt." + kind + ".name." + llvm::Twine(i)),
                 llvm::ConstantInt::get(i32, t.dtype),
                 llvm::ConstantInt::get(i32, t.dims.size()), dims}));
  }
  auto *arrTy = llvm::ArrayType::get(descTy, descs.size());
  return new llvm::GlobalVariable(m, arrTy, true,
                                  llvm::GlobalValue::PrivateLinkage,
                                  llvm::ConstantArray::get(arrTy, descs),
                                  "nnrt." + kind);
}

/// One kernel of the profile table (nncc.profile_kernels).
struct KernelInfo {
  std::string name;
  std::vector<std::string> nodes;
  uint64_t flops = 0;
};

/// Reads the kernel table nncc-instrument-kernels stored on the module.
FailureOr<std::vector<KernelInfo>> readKernelTable(ArrayAttr table,
                                                   std::string &error) {
  std::vector<KernelInfo> kernels;
  for (auto [i, entry] : llvm::enumerate(table)) {
    auto dict = dyn_cast<DictionaryAttr>(entry);
    auto name = dict ? dict.getAs<StringAttr>("name") : StringAttr();
    auto nodes = dict ? dict.getAs<ArrayAttr>("nodes") : ArrayAttr();
    auto flops = dict ? dict.getAs<IntegerAttr>("flops") : IntegerAttr();
    if (!name || !nodes || !flops) {
      error = "malformed profile kernel table entry " + std::to_string(i);
      return failure();
    }
    KernelInfo k;
    k.name = name.str();
    k.flops = flops.getValue().getZExtValue();
    for (Attribute node : nodes) {
      auto str = dyn_cast<StringAttr>(node);
      if (!str) {
        error = "malformed node list of profile kernel " + std::to_string(i);
        return failure();
      }
      k.nodes.push_back(str.str());
    }
    kernels.push_back(std::move(k));
  }
  return kernels;
}

/// Emits the nnrt_model_profile_v1_t of a model built with --profile.
llvm::Constant *makeProfile(llvm::Module &m,
                            const std::vector<KernelInfo> &kernels,
                            llvm::GlobalVariable *counters) {
  llvm::LLVMContext &ctx = m.getContext();
  auto *ptrTy = llvm::PointerType::getUnqual(ctx);
  auto *i32 = llvm::Type::getInt32Ty(ctx);
  auto *i64 = llvm::Type::getInt64Ty(ctx);
  auto *kernelTy = llvm::StructType::create(ctx, {ptrTy, i32, i32, ptrTy, i64},
                                            "nnrt_kernel_info_v1_t");
  auto *profileTy = llvm::StructType::create(ctx, {i32, i32, ptrTy, ptrTy},
                                             "nnrt_model_profile_v1_t");
  llvm::Constant *null = llvm::ConstantPointerNull::get(ptrTy);
  std::vector<llvm::Constant *> infos;
  for (auto [k, kernel] : llvm::enumerate(kernels)) {
    llvm::Constant *nodes = null;
    if (!kernel.nodes.empty()) {
      std::vector<llvm::Constant *> names;
      for (auto [n, node] : llvm::enumerate(kernel.nodes))
        names.push_back(makeString(m, node,
                                   "nnrt.profile.node." + llvm::Twine(k) +
                                       "." + llvm::Twine(n)));
      auto *arrTy = llvm::ArrayType::get(ptrTy, names.size());
      nodes = new llvm::GlobalVariable(
          m, arrTy, true, llvm::GlobalValue::PrivateLinkage,
          llvm::ConstantArray::get(arrTy, names),
          "nnrt.profile.nodes." + llvm::Twine(k));
    }
    infos.push_back(llvm::ConstantStruct::get(
        kernelTy,
        {makeString(m, kernel.name, "nnrt.profile.name." + llvm::Twine(k)),
         llvm::ConstantInt::get(i32, kernel.nodes.size()),
         llvm::ConstantInt::get(i32, 0), nodes,
         llvm::ConstantInt::get(i64, kernel.flops)}));
  }
  llvm::Constant *table = null;
  if (!infos.empty()) {
    auto *arrTy = llvm::ArrayType::get(kernelTy, infos.size());
    table = new llvm::GlobalVariable(m, arrTy, true,
                                     llvm::GlobalValue::PrivateLinkage,
                                     llvm::ConstantArray::get(arrTy, infos),
                                     "nnrt.profile.kernels");
  }
  uint64_t size = m.getDataLayout().getTypeAllocSize(profileTy);
  llvm::Constant *init = llvm::ConstantStruct::get(
      profileTy,
      {llvm::ConstantInt::get(i32, size),
       llvm::ConstantInt::get(i32, kernels.size()), table,
       counters ? static_cast<llvm::Constant *>(counters) : null});
  return new llvm::GlobalVariable(m, profileTy, true,
                                  llvm::GlobalValue::PrivateLinkage, init,
                                  "nnrt.profile");
}

} // namespace

std::unique_ptr<llvm::Module>
mlir::nncc::translateModel(ModuleOp module, llvm::LLVMContext &ctx,
                           const ModelInfo &info, llvm::TargetMachine &tm,
                           std::string &error) {
  // The kernel table of a model built with --profile.
  std::optional<std::vector<KernelInfo>> kernels;
  if (auto table = module->getAttrOfType<ArrayAttr>(kProfileKernelsAttrName)) {
    FailureOr<std::vector<KernelInfo>> read = readKernelTable(table, error);
    if (failed(read))
      return nullptr;
    kernels = std::move(*read);
    module->removeAttr(kProfileKernelsAttrName);
  }
  // I/O names were collected into `info` and the memory plan's size into
  // info.workspaceSize; LLVM has no use for them.
  module.walk([](Operation *op) {
    if (op->getName().getStringRef() == "llvm.func") {
      op->removeAttr("arg_attrs");
      op->removeAttr("res_attrs");
      op->removeAttr(kMemoryPlanAttrName);
    }
  });
  std::unique_ptr<llvm::Module> m = translateModuleToLLVMIR(module, ctx);
  if (!m) {
    error = "translation to LLVM IR failed";
    return nullptr;
  }
  m->setDataLayout(tm.createDataLayout());
  m->setTargetTriple(tm.getTargetTriple());

  llvm::Function *entry = m->getFunction(info.entry);
  // Inputs, outputs, then the workspace when the memory plan has one.
  bool hasWorkspace = info.workspaceSize > 0;
  size_t numArgs =
      info.inputs.size() + info.outputs.size() + (hasWorkspace ? 1 : 0);
  if (!entry || entry->arg_size() != numArgs) {
    error = "entry function '" + info.entry + "' missing or has " +
            (entry ? std::to_string(entry->arg_size()) : std::string("no")) +
            " parameters, expected " + std::to_string(numArgs);
    return nullptr;
  }
  // Nothing but the query function is visible outside model.so.
  for (llvm::Function &f : *m)
    if (!f.isDeclaration())
      f.setLinkage(llvm::GlobalValue::InternalLinkage);
  for (llvm::GlobalVariable &g : m->globals())
    if (!g.isDeclaration())
      g.setLinkage(llvm::GlobalValue::InternalLinkage);

  auto *ptrTy = llvm::PointerType::getUnqual(ctx);
  auto *i32 = llvm::Type::getInt32Ty(ctx);
  auto *i64 = llvm::Type::getInt64Ty(ctx);

  // int32_t run(const env*, void *const *inputs, void *const *outputs, void*)
  auto *runTy = llvm::FunctionType::get(i32, {ptrTy, ptrTy, ptrTy, ptrTy}, false);
  auto *run = llvm::Function::Create(runTy, llvm::GlobalValue::InternalLinkage,
                                     "nncc_model_run", m.get());
  bool perImage = info.imagesPerRun > 1;
  if (perImage && (info.inputImageBytes.size() != info.inputs.size() ||
                   info.outputImageBytes.size() != info.outputs.size())) {
    error = "per-image sizes missing for a model run image by image";
    return nullptr;
  }
  {
    llvm::IRBuilder<> b(llvm::BasicBlock::Create(ctx, "entry", run));
    std::vector<llvm::Value *> args;
    auto loadPtr = [&](llvm::Value *array, size_t i) {
      llvm::Value *slot = b.CreateConstInBoundsGEP1_64(ptrTy, array, i);
      return b.CreateLoad(ptrTy, slot);
    };
    for (size_t i = 0; i < info.inputs.size(); ++i)
      args.push_back(loadPtr(run->getArg(1), i));
    for (size_t i = 0; i < info.outputs.size(); ++i)
      args.push_back(loadPtr(run->getArg(2), i));
    // workspace_size bytes, 64-byte aligned, owned by the model instance.
    if (hasWorkspace)
      args.push_back(run->getArg(3));
    // One call, or one per image: for (i = 0; i < N; ++i) entry(in + i *
    // bytes, ...). The workspace is reused image after image.
    auto emitEntryCalls = [&]() {
      if (!perImage) {
        b.CreateCall(entry, args);
        return;
      }
      llvm::BasicBlock *pre = b.GetInsertBlock();
      llvm::BasicBlock *loop = llvm::BasicBlock::Create(ctx, "image", run);
      llvm::BasicBlock *done =
          llvm::BasicBlock::Create(ctx, "images_done", run);
      b.CreateBr(loop);
      b.SetInsertPoint(loop);
      llvm::PHINode *image = b.CreatePHI(i64, 2, "i");
      image->addIncoming(llvm::ConstantInt::get(i64, 0), pre);
      std::vector<llvm::Value *> imageArgs = args;
      size_t numInputs = info.inputs.size();
      for (size_t k = 0; k < numInputs + info.outputs.size(); ++k) {
        uint64_t bytes = k < numInputs ? info.inputImageBytes[k]
                                       : info.outputImageBytes[k - numInputs];
        llvm::Value *offset =
            b.CreateMul(image, llvm::ConstantInt::get(i64, bytes));
        imageArgs[k] =
            b.CreateInBoundsGEP(llvm::Type::getInt8Ty(ctx), args[k], offset);
      }
      b.CreateCall(entry, imageArgs);
      llvm::Value *next = b.CreateAdd(image, llvm::ConstantInt::get(i64, 1));
      image->addIncoming(next, b.GetInsertBlock());
      b.CreateCondBr(
          b.CreateICmpULT(next, llvm::ConstantInt::get(i64, info.imagesPerRun)),
          loop, done);
      b.SetInsertPoint(done);
    };
    // Parallel loops (nncc-outline-parallel) reach the runtime's pool
    // through nncc_model_parallel_for, which reads the run's env from a
    // thread-local of libnnrt_model.a; install it around the entry call.
    // Serial models keep the bare call.
    llvm::Function *parallelFor = m->getFunction("nncc_model_parallel_for");
    if (parallelFor && !parallelFor->use_empty()) {
      parallelFor->setVisibility(llvm::GlobalValue::HiddenVisibility);
      auto declare = [&](StringRef name, llvm::FunctionType *type) {
        llvm::FunctionCallee callee = m->getOrInsertFunction(name, type);
        if (auto *f = dyn_cast<llvm::Function>(callee.getCallee()))
          f->setVisibility(llvm::GlobalValue::HiddenVisibility);
        return callee;
      };
      llvm::FunctionCallee enter =
          declare("nncc_model_env_enter",
                  llvm::FunctionType::get(ptrTy, {ptrTy}, false));
      llvm::FunctionCallee exit = declare(
          "nncc_model_env_exit",
          llvm::FunctionType::get(llvm::Type::getVoidTy(ctx), {ptrTy}, false));
      llvm::Value *previous = b.CreateCall(enter, {run->getArg(0)});
      emitEntryCalls();
      b.CreateCall(exit, {previous});
    } else {
      emitEntryCalls();
    }
    b.CreateRet(llvm::ConstantInt::get(i32, NNRT_STATUS_OK));
  }

  // Support functions of libnnrt_model.a that generated code calls (the
  // profiling hooks) are hidden, like the archive's definitions.
  for (llvm::Function &f : *m)
    if (f.isDeclaration() && f.getName().starts_with("nncc_"))
      f.setVisibility(llvm::GlobalValue::HiddenVisibility);

  llvm::Constant *profile = llvm::ConstantPointerNull::get(ptrTy);
  if (kernels) {
    llvm::GlobalVariable *counters =
        m->getGlobalVariable(kProfileCountersName, /*AllowInternal=*/true);
    uint64_t expected = 2 * kernels->size();
    auto *countersTy =
        counters ? dyn_cast<llvm::ArrayType>(counters->getValueType())
                 : nullptr;
    if (!kernels->empty() &&
        (!countersTy || countersTy->getNumElements() != expected)) {
      error = "profile counters global '" + kProfileCountersName.str() +
              "' is missing or does not hold " + std::to_string(expected) +
              " counters";
      return nullptr;
    }
    profile = makeProfile(*m, *kernels, kernels->empty() ? nullptr : counters);
  }

  auto *descTy = llvm::StructType::create(ctx, {ptrTy, i32, i32, ptrTy},
                                          "nnrt_tensor_desc_v1_t");
  auto *hdrTy = llvm::StructType::create(
      ctx, {i32, i32, ptrTy, ptrTy, i32, i32, ptrTy, ptrTy, i64, ptrTy, ptrTy},
      "nnrt_model_header_v1_t");
  uint64_t hdrSize = m->getDataLayout().getTypeAllocSize(hdrTy);
  llvm::Constant *hdrInit = llvm::ConstantStruct::get(
      hdrTy,
      {llvm::ConstantInt::get(i32, NNRT_MODEL_ABI_VERSION),
       llvm::ConstantInt::get(i32, hdrSize),
       makeString(*m, info.name, "nnrt.model_name"),
       makeString(*m, info.producer, "nnrt.producer"),
       llvm::ConstantInt::get(i32, info.inputs.size()),
       llvm::ConstantInt::get(i32, info.outputs.size()),
       makeDescs(*m, descTy, info.inputs, "inputs"),
       makeDescs(*m, descTy, info.outputs, "outputs"),
       llvm::ConstantInt::get(i64, info.workspaceSize), run, profile});
  auto *hdr = new llvm::GlobalVariable(*m, hdrTy, true,
                                       llvm::GlobalValue::PrivateLinkage,
                                       hdrInit, "nnrt.model_header");

  // const nnrt_model_header_v1_t *nnrt_model_query(uint32_t max_abi_version)
  auto *queryTy = llvm::FunctionType::get(ptrTy, {i32}, false);
  auto *query =
      llvm::Function::Create(queryTy, llvm::GlobalValue::ExternalLinkage,
                             NNRT_MODEL_QUERY_SYMBOL, m.get());
  query->setVisibility(llvm::GlobalValue::DefaultVisibility);
  {
    llvm::IRBuilder<> b(llvm::BasicBlock::Create(ctx, "entry", query));
    llvm::Value *ok = b.CreateICmpUGE(
        query->getArg(0), llvm::ConstantInt::get(i32, NNRT_MODEL_ABI_VERSION));
    b.CreateRet(b.CreateSelect(ok, hdr, llvm::ConstantPointerNull::get(ptrTy)));
  }
  return m;
}

void mlir::nncc::optimizeModule(llvm::Module &module, llvm::TargetMachine &tm,
                                unsigned optLevel) {
  llvm::LoopAnalysisManager lam;
  llvm::FunctionAnalysisManager fam;
  llvm::CGSCCAnalysisManager cgam;
  llvm::ModuleAnalysisManager mam;
  llvm::PipelineTuningOptions pto;
  pto.LoopVectorization = optLevel >= 2;
  pto.SLPVectorization = optLevel >= 2;
  llvm::PassBuilder pb(&tm, pto);
  pb.registerModuleAnalyses(mam);
  pb.registerCGSCCAnalyses(cgam);
  pb.registerFunctionAnalyses(fam);
  pb.registerLoopAnalyses(lam);
  pb.crossRegisterProxies(lam, fam, cgam, mam);
  llvm::OptimizationLevel level = optLevel == 0   ? llvm::OptimizationLevel::O0
                                  : optLevel == 1 ? llvm::OptimizationLevel::O1
                                  : optLevel == 2 ? llvm::OptimizationLevel::O2
                                                  : llvm::OptimizationLevel::O3;
  llvm::ModulePassManager mpm =
      optLevel == 0 ? pb.buildO0DefaultPipeline(level)
                    : pb.buildPerModuleDefaultPipeline(level);
  mpm.run(module, mam);
}

LogicalResult mlir::nncc::emitMachineCode(llvm::Module &module,
                                          llvm::TargetMachine &tm,
                                          bool assembly,
                                          llvm::SmallVectorImpl<char> &out,
                                          std::string &error) {
  llvm::raw_svector_ostream os(out);
  llvm::legacy::PassManager pm;
  if (tm.addPassesToEmitFile(pm, os, nullptr,
                             assembly ? llvm::CodeGenFileType::AssemblyFile
                                      : llvm::CodeGenFileType::ObjectFile)) {
    error = "the target cannot emit this file type";
    return failure();
  }
  pm.run(module);
  return success();
}
