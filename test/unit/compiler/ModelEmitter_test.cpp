//===- ModelEmitter_test.cpp - The emitted ABI matches model_abi.h --------===//
//
// Part of nncc.
//
// Builds a tiny LLVM-dialect module, runs translateModel, and checks that the
// header and descriptor structs the compiler emits have exactly the C layout
// of runtime/include/nnrt/model_abi.h, and that only the query is exported.
//
//===----------------------------------------------------------------------===//

#include "compiler/Codegen/LLVM/ModelEmitter.h"
#include "compiler/Pipelines/Registration.h"
#include "runtime/include/nnrt/model_abi.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/DataLayout.h"
#include "llvm/IR/DerivedTypes.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"

#include <gtest/gtest.h>

#include <cstddef>
#include <string>
#include <vector>

using namespace mlir;
using namespace mlir::nncc;

namespace {

const char *kModule = R"mlir(
  llvm.func @main_graph(%a: !llvm.ptr, %b: !llvm.ptr) {
    llvm.return
  }
)mlir";

/// A model built with --profile, as nncc-instrument-kernels and the LLVM
/// lowering leave it.
const char *kProfiledModule = R"mlir(
  module attributes {nncc.profile_kernels = [
      {flops = 10 : i64, name = "conv2d+relu", nodes = ["c", "r"]},
      {flops = 0 : i64, name = "linalg.generic", nodes = []}]} {
    llvm.mlir.global private @__nncc_profile_counters(dense<0> : tensor<4xi64>) {addr_space = 0 : i32, alignment = 64 : i64} : !llvm.array<4 x i64>
    llvm.func @nncc_profile_begin() -> i64
    llvm.func @main_graph(%a: !llvm.ptr, %b: !llvm.ptr) {
      %t = llvm.call @nncc_profile_begin() : () -> i64
      llvm.return
    }
  }
)mlir";

const char *kProfiledModuleWithoutCounters = R"mlir(
  module attributes {nncc.profile_kernels = [
      {flops = 10 : i64, name = "conv2d", nodes = ["c"]}]} {
    llvm.func @main_graph(%a: !llvm.ptr, %b: !llvm.ptr) {
      llvm.return
    }
  }
)mlir";

struct Emitted {
  MLIRContext ctx;
  llvm::LLVMContext llctx;
  std::unique_ptr<llvm::TargetMachine> tm;
  std::unique_ptr<llvm::Module> module;
};

/// The same model with one parallel loop, as nncc-outline-parallel leaves it.
const char *kParallelModule = R"mlir(
  llvm.func @nncc_model_parallel_for(i64, !llvm.ptr, !llvm.ptr)
  llvm.func @task(%ctx: !llvm.ptr, %i: i64) {
    llvm.return
  }
  llvm.func @main_graph(%a: !llvm.ptr, %b: !llvm.ptr) {
    %n = llvm.mlir.constant(4 : i64) : i64
    %fn = llvm.mlir.addressof @task : !llvm.ptr
    %null = llvm.mlir.zero : !llvm.ptr
    llvm.call @nncc_model_parallel_for(%n, %fn, %null) : (i64, !llvm.ptr, !llvm.ptr) -> ()
    llvm.return
  }
)mlir";

/// The model with a workspace: nncc-plan-arena added the third parameter
/// and recorded its plan.
const char *kWorkspaceModule = R"mlir(
  llvm.func @main_graph(%a: !llvm.ptr, %b: !llvm.ptr, %ws: !llvm.ptr)
      attributes {nncc.memory_plan = {buffers = 2 : i64,
                  bytes_without_reuse = 8192 : i64, heap_allocations = 0 : i64,
                  workspace_size = 4096 : i64}} {
    llvm.return
  }
)mlir";

std::unique_ptr<Emitted> emit(const char *source = kModule,
                              uint64_t workspaceSize = 0) {
  auto e = std::make_unique<Emitted>();
  DialectRegistry registry;
  registerAllDialects(registry);
  e->ctx.appendDialectRegistry(registry);
  OwningOpRef<ModuleOp> m = parseSourceString<ModuleOp>(source, &e->ctx);
  if (!m)
    return nullptr;
  std::string error;
  TargetOptions options;
  options.cpu = "x86-64";
  e->tm = createTargetMachine(options, error);
  if (!e->tm)
    return nullptr;
  ModelInfo info;
  info.name = "tiny";
  info.producer = "test";
  info.inputs.push_back({"a", NNRT_DTYPE_F32, {2, 3}});
  info.outputs.push_back({"b", NNRT_DTYPE_I64, {-1}});
  info.workspaceSize = workspaceSize;
  e->module = translateModel(*m, e->llctx, info, *e->tm, error);
  if (!e->module)
    return nullptr;
  return e;
}

TEST(ModelEmitterTest, HeaderLayoutMatchesC) {
  std::unique_ptr<Emitted> e = emit();
  ASSERT_TRUE(e);
  auto *hdr = llvm::StructType::getTypeByName(e->llctx,
                                              "nnrt_model_header_v1_t");
  ASSERT_TRUE(hdr);
  const llvm::DataLayout &dl = e->module->getDataLayout();
  const llvm::StructLayout *sl = dl.getStructLayout(hdr);
  EXPECT_EQ(sl->getSizeInBytes(), sizeof(nnrt_model_header_v1_t));
  ASSERT_EQ(hdr->getNumElements(), 11u);
  size_t offsets[] = {offsetof(nnrt_model_header_v1_t, abi_version),
                      offsetof(nnrt_model_header_v1_t, struct_size),
                      offsetof(nnrt_model_header_v1_t, name),
                      offsetof(nnrt_model_header_v1_t, producer),
                      offsetof(nnrt_model_header_v1_t, num_inputs),
                      offsetof(nnrt_model_header_v1_t, num_outputs),
                      offsetof(nnrt_model_header_v1_t, inputs),
                      offsetof(nnrt_model_header_v1_t, outputs),
                      offsetof(nnrt_model_header_v1_t, workspace_size),
                      offsetof(nnrt_model_header_v1_t, run),
                      offsetof(nnrt_model_header_v1_t, profile)};
  for (unsigned i = 0; i < 11; ++i)
    EXPECT_EQ(sl->getElementOffset(i), offsets[i]) << "field " << i;
  // A model built without --profile has none.
  auto *init = llvm::cast<llvm::ConstantStruct>(
      e->module->getNamedGlobal("nnrt.model_header")->getInitializer());
  EXPECT_TRUE(init->getOperand(10)->isNullValue());
  EXPECT_FALSE(e->module->getNamedGlobal("nnrt.profile"));
}

TEST(ModelEmitterTest, ProfileFromKernelTable) {
  std::unique_ptr<Emitted> e = emit(kProfiledModule);
  ASSERT_TRUE(e);
  const llvm::DataLayout &dl = e->module->getDataLayout();
  auto *kernelTy =
      llvm::StructType::getTypeByName(e->llctx, "nnrt_kernel_info_v1_t");
  auto *profileTy =
      llvm::StructType::getTypeByName(e->llctx, "nnrt_model_profile_v1_t");
  ASSERT_TRUE(kernelTy && profileTy);
  const llvm::StructLayout *kl = dl.getStructLayout(kernelTy);
  EXPECT_EQ(kl->getSizeInBytes(), sizeof(nnrt_kernel_info_v1_t));
  EXPECT_EQ(kl->getElementOffset(0), offsetof(nnrt_kernel_info_v1_t, name));
  EXPECT_EQ(kl->getElementOffset(1),
            offsetof(nnrt_kernel_info_v1_t, num_nodes));
  EXPECT_EQ(kl->getElementOffset(3), offsetof(nnrt_kernel_info_v1_t, nodes));
  EXPECT_EQ(kl->getElementOffset(4), offsetof(nnrt_kernel_info_v1_t, flops));
  const llvm::StructLayout *pl = dl.getStructLayout(profileTy);
  EXPECT_EQ(pl->getSizeInBytes(), sizeof(nnrt_model_profile_v1_t));
  EXPECT_EQ(pl->getElementOffset(1),
            offsetof(nnrt_model_profile_v1_t, num_kernels));
  EXPECT_EQ(pl->getElementOffset(2),
            offsetof(nnrt_model_profile_v1_t, kernels));
  EXPECT_EQ(pl->getElementOffset(3),
            offsetof(nnrt_model_profile_v1_t, counters));

  llvm::GlobalVariable *profile = e->module->getNamedGlobal("nnrt.profile");
  ASSERT_TRUE(profile);
  auto *init = llvm::cast<llvm::ConstantStruct>(profile->getInitializer());
  EXPECT_EQ(llvm::cast<llvm::ConstantInt>(init->getOperand(0))->getZExtValue(),
            sizeof(nnrt_model_profile_v1_t));
  EXPECT_EQ(llvm::cast<llvm::ConstantInt>(init->getOperand(1))->getZExtValue(),
            2u);
  // The counters are the (mutable, internal) global of the instrumented code.
  llvm::GlobalVariable *counters =
      e->module->getGlobalVariable("__nncc_profile_counters", true);
  ASSERT_TRUE(counters);
  EXPECT_FALSE(counters->isConstant());
  EXPECT_TRUE(counters->hasLocalLinkage());
  EXPECT_EQ(init->getOperand(3), counters);
  auto *header = llvm::cast<llvm::ConstantStruct>(
      e->module->getNamedGlobal("nnrt.model_header")->getInitializer());
  EXPECT_EQ(header->getOperand(10), profile);
  // Kernel 0: name, 2 nodes, flops; kernel 1: no nodes.
  auto *table = llvm::cast<llvm::ConstantArray>(
      e->module->getNamedGlobal("nnrt.profile.kernels")->getInitializer());
  auto *k0 = llvm::cast<llvm::ConstantStruct>(table->getOperand(0));
  EXPECT_EQ(llvm::cast<llvm::ConstantInt>(k0->getOperand(1))->getZExtValue(),
            2u);
  EXPECT_EQ(llvm::cast<llvm::ConstantInt>(k0->getOperand(4))->getZExtValue(),
            10u);
  auto *k1 = llvm::cast<llvm::ConstantStruct>(table->getOperand(1));
  EXPECT_TRUE(k1->getOperand(3)->isNullValue());
  // The profiling hooks of libnnrt_model.a are hidden.
  llvm::Function *begin = e->module->getFunction("nncc_profile_begin");
  ASSERT_TRUE(begin);
  EXPECT_TRUE(begin->hasHiddenVisibility());
}

TEST(ModelEmitterTest, KernelTableWithoutCountersIsAnError) {
  std::unique_ptr<Emitted> e = emit(kProfiledModuleWithoutCounters);
  EXPECT_FALSE(e);
}

TEST(ModelEmitterTest, DescriptorLayoutMatchesC) {
  std::unique_ptr<Emitted> e = emit();
  ASSERT_TRUE(e);
  auto *desc =
      llvm::StructType::getTypeByName(e->llctx, "nnrt_tensor_desc_v1_t");
  ASSERT_TRUE(desc);
  const llvm::StructLayout *sl =
      e->module->getDataLayout().getStructLayout(desc);
  EXPECT_EQ(sl->getSizeInBytes(), sizeof(nnrt_tensor_desc_v1_t));
  EXPECT_EQ(sl->getElementOffset(0), offsetof(nnrt_tensor_desc_v1_t, name));
  EXPECT_EQ(sl->getElementOffset(1), offsetof(nnrt_tensor_desc_v1_t, dtype));
  EXPECT_EQ(sl->getElementOffset(2), offsetof(nnrt_tensor_desc_v1_t, rank));
  EXPECT_EQ(sl->getElementOffset(3), offsetof(nnrt_tensor_desc_v1_t, dims));
}

TEST(ModelEmitterTest, OnlyTheQueryIsExternal) {
  std::unique_ptr<Emitted> e = emit();
  ASSERT_TRUE(e);
  for (llvm::Function &f : *e->module) {
    if (f.isDeclaration())
      continue;
    if (f.getName() == NNRT_MODEL_QUERY_SYMBOL)
      EXPECT_TRUE(f.hasExternalLinkage());
    else
      EXPECT_TRUE(f.hasLocalLinkage()) << f.getName().str();
  }
  EXPECT_TRUE(e->module->getFunction(NNRT_MODEL_QUERY_SYMBOL));
}

/// The callees of the calls in `f`, in order.
std::vector<std::string> calleesOf(const llvm::Function &f) {
  std::vector<std::string> names;
  for (const llvm::BasicBlock &bb : f)
    for (const llvm::Instruction &inst : bb)
      if (auto *call = llvm::dyn_cast<llvm::CallInst>(&inst))
        if (const llvm::Function *callee = call->getCalledFunction())
          names.push_back(callee->getName().str());
  return names;
}

TEST(ModelEmitterTest, SerialRunCallsOnlyTheEntry) {
  std::unique_ptr<Emitted> e = emit();
  ASSERT_TRUE(e);
  llvm::Function *run = e->module->getFunction("nncc_model_run");
  ASSERT_TRUE(run);
  EXPECT_EQ(calleesOf(*run), std::vector<std::string>{"main_graph"});
  EXPECT_FALSE(e->module->getFunction("nncc_model_env_enter"));
}

TEST(ModelEmitterTest, ParallelRunInstallsTheEnv) {
  std::unique_ptr<Emitted> e = emit(kParallelModule);
  ASSERT_TRUE(e);
  llvm::Function *run = e->module->getFunction("nncc_model_run");
  ASSERT_TRUE(run);
  EXPECT_EQ(calleesOf(*run),
            (std::vector<std::string>{"nncc_model_env_enter", "main_graph",
                                      "nncc_model_env_exit"}));
  // enter(env) gets the run's first argument; exit gets what enter returned.
  const llvm::CallInst *enter = nullptr, *exit = nullptr;
  for (const llvm::Instruction &inst : run->getEntryBlock())
    if (auto *call = llvm::dyn_cast<llvm::CallInst>(&inst)) {
      StringRef name = call->getCalledFunction()->getName();
      if (name == "nncc_model_env_enter")
        enter = call;
      else if (name == "nncc_model_env_exit")
        exit = call;
    }
  ASSERT_TRUE(enter && exit);
  EXPECT_EQ(enter->getArgOperand(0), run->getArg(0));
  EXPECT_EQ(exit->getArgOperand(0), enter);
  // libnnrt_model.a's functions are hidden, so calls bind locally.
  for (const char *name : {"nncc_model_env_enter", "nncc_model_env_exit",
                           "nncc_model_parallel_for"}) {
    llvm::Function *f = e->module->getFunction(name);
    ASSERT_TRUE(f) << name;
    EXPECT_TRUE(f->isDeclaration()) << name;
    EXPECT_TRUE(f->hasHiddenVisibility()) << name;
  }
}

TEST(ModelEmitterTest, WrongEntryArityIsAnError) {
  MLIRContext ctx;
  DialectRegistry registry;
  registerAllDialects(registry);
  ctx.appendDialectRegistry(registry);
  OwningOpRef<ModuleOp> m = parseSourceString<ModuleOp>(kModule, &ctx);
  ASSERT_TRUE(m);
  std::string error;
  TargetOptions options;
  options.cpu = "x86-64";
  auto tm = createTargetMachine(options, error);
  ASSERT_TRUE(tm);
  ModelInfo info;
  info.inputs.push_back({"a", NNRT_DTYPE_F32, {2}});
  llvm::LLVMContext llctx;
  EXPECT_FALSE(translateModel(*m, llctx, info, *tm, error));
  EXPECT_EQ(error, "entry function 'main_graph' missing or has 2 parameters, "
                   "expected 1");
}

TEST(ModelEmitterTest, WorkspaceIsTheEntrysLastArgument) {
  std::unique_ptr<Emitted> e = emit(kWorkspaceModule, 4096);
  ASSERT_TRUE(e);
  auto *header = llvm::cast<llvm::ConstantStruct>(
      e->module->getNamedGlobal("nnrt.model_header")->getInitializer());
  EXPECT_EQ(
      llvm::cast<llvm::ConstantInt>(header->getOperand(8))->getZExtValue(),
      4096u);
  // run(env, inputs, outputs, workspace) passes the workspace unchanged.
  llvm::Function *run = e->module->getFunction("nncc_model_run");
  ASSERT_TRUE(run);
  const llvm::CallInst *call = nullptr;
  for (const llvm::Instruction &inst : run->getEntryBlock())
    if (auto *c = llvm::dyn_cast<llvm::CallInst>(&inst))
      call = c;
  ASSERT_TRUE(call);
  EXPECT_EQ(call->getCalledFunction()->getName(), "main_graph");
  ASSERT_EQ(call->arg_size(), 3u);
  EXPECT_EQ(call->getArgOperand(2), run->getArg(3));
  // The plan's attribute does not reach LLVM IR.
  EXPECT_FALSE(
      e->module->getFunction("main_graph")->hasFnAttribute("nncc.memory_plan"));
}

TEST(ModelEmitterTest, WorkspaceWithoutItsParameterIsAnError) {
  EXPECT_FALSE(emit(kModule, 4096));
  EXPECT_FALSE(emit(kWorkspaceModule, 0));
}

TEST(ModelEmitterTest, UnknownCPUIsAnError) {
  std::string error;
  TargetOptions options;
  options.cpu = "no-such-cpu";
  EXPECT_FALSE(createTargetMachine(options, error));
  EXPECT_EQ(error, "unknown target CPU 'no-such-cpu'");
}

TEST(ModelEmitterTest, DTypeCodes) {
  MLIRContext ctx;
  Builder b(&ctx);
  EXPECT_EQ(getDTypeCode(b.getF32Type()), NNRT_DTYPE_F32);
  EXPECT_EQ(getDTypeCode(b.getF64Type()), NNRT_DTYPE_F64);
  EXPECT_EQ(getDTypeCode(b.getI64Type()), NNRT_DTYPE_I64);
  EXPECT_EQ(getDTypeCode(b.getI1Type()), NNRT_DTYPE_BOOL);
  EXPECT_EQ(getDTypeCode(b.getIntegerType(3)), 0u);
}

} // namespace
