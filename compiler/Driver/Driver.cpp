//===- Driver.cpp - nncc as a library -------------------------------------===//
//
// Part of nncc.
//
//===----------------------------------------------------------------------===//

#include "compiler/Driver/Driver.h"
#include "compiler/Driver/BatchSplit.h"

#include "compiler/Codegen/LLVM/ModelEmitter.h"
#include "compiler/Conversion/MemRef/ArenaPlan.h"
#include "compiler/Pipelines/Pipelines.h"
#include "compiler/Pipelines/Registration.h"
#include "frontends/ONNX/ONNXImporter.h"
#include "frontends/ONNX/Proto/ModelLoader.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Interfaces/DataLayoutInterfaces.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Support/Timing.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/raw_ostream.h"

#include <onnx/onnx_pb.h>

#ifndef NNCC_VERSION
#define NNCC_VERSION "0.0.0"
#endif
#ifndef NNCC_GIT_HASH
#define NNCC_GIT_HASH "unknown"
#endif
#ifndef NNCC_BUILD_LIB_DIR
#define NNCC_BUILD_LIB_DIR ""
#endif

using namespace mlir;
using namespace mlir::nncc;
namespace cl = llvm::cl;

namespace {

enum class Emit { NN, Linalg, LLVMMLIR, LLVMIR, Asm, Obj, SO };

/// All command-line options of nncc. They live in this object (created once
/// per run) rather than as globals of the library.
struct Options {
  cl::OptionCategory category{"nncc options"};
  cl::opt<std::string> input{cl::Positional, cl::desc("<model.onnx>"),
                             cl::cat(category)};
  cl::opt<std::string> output{"o", cl::desc("Output file ('-' for stdout)"),
                              cl::value_desc("file"), cl::cat(category)};
  cl::opt<Emit> emit{
      "emit", cl::desc("What to produce"), cl::init(Emit::SO),
      cl::values(clEnumValN(Emit::NN, "nn", "nn dialect IR after import"),
                 clEnumValN(Emit::Linalg, "linalg", "linalg IR on tensors"),
                 clEnumValN(Emit::LLVMMLIR, "llvm-mlir", "LLVM dialect IR"),
                 clEnumValN(Emit::LLVMIR, "llvm-ir", "LLVM IR (optimized)"),
                 clEnumValN(Emit::Asm, "asm", "assembly"),
                 clEnumValN(Emit::Obj, "obj", "an object file"),
                 clEnumValN(Emit::SO, "so", "a model shared library")),
      cl::cat(category)};
  cl::opt<unsigned> optLevel{"O", cl::Prefix, cl::init(2),
                             cl::desc("Optimization level (-O0 .. -O3)"),
                             cl::cat(category)};
  cl::opt<std::string> targetCPU{
      "target-cpu", cl::desc("Target CPU (default: the host CPU)"),
      cl::cat(category)};
  cl::opt<std::string> targetFeatures{
      "target-features",
      cl::desc("Target features, e.g. +avx2,-avx512f (default: the host's)"),
      cl::cat(category)};
  cl::opt<bool> printIRAfterAll{"print-ir-after-all",
                                cl::desc("Print the IR after every pass"),
                                cl::cat(category)};
  cl::list<std::string> printIRAfter{
      "print-ir-after", cl::desc("Print the IR after the named pass(es)"),
      cl::value_desc("pass-arg"), cl::CommaSeparated, cl::cat(category)};
  cl::opt<bool> timing{"timing",
                       cl::desc("Print a per-pass timing report to stderr"),
                       cl::cat(category)};
  cl::opt<std::string> runtimeLib{
      "runtime-lib",
      cl::desc("Path of libnnrt_model.a (default: next to the nncc binary)"),
      cl::cat(category)};
  cl::list<std::string> freezeInputs{
      "freeze-input",
      cl::desc("Compile graph input NAME as the constant tensor in FILE (an "
               "ONNX TensorProto .pb; without NAME=, the name stored in it)"),
      cl::value_desc("[NAME=]FILE"), cl::cat(category)};
  cl::opt<bool> profile{
      "profile",
      cl::desc("Build a model that times each of its kernels (loop nests); "
               "`nncc-run --profile` prints the table: kernel, source ONNX "
               "nodes, ms, GFLOP/s, % of total. Works at every -O level; "
               "the kernels themselves are compiled as without it"),
      cl::cat(category)};
  cl::opt<bool> printMemoryPlan{
      "print-memory-plan",
      cl::desc("Print the static memory plan to stderr: the workspace (one "
               "arena per model instance holding the temporaries, reused "
               "across their lifetimes), how many buffers it holds and what "
               "they would need without reuse, allocations left to the heap, "
               "and the constant data (weights)"),
      cl::cat(category)};
  cl::opt<bool> batchSplit{
      "batch-split",
      cl::desc("For a batch of N > 1 images whose ops keep images apart, "
               "compile the graph for one image and run it N times (each "
               "image's activations stay in cache across layers); at -O1 and "
               "up, on by default. --print-memory-plan says what was done"),
      cl::init(true), cl::cat(category)};
  cl::opt<bool> winograd{
      "winograd",
      cl::desc("Run 3x3 stride-1 convolutions with output sizes that are "
               "even or at least 5 and at least 32 input and output channels "
               "as Winograd F(2x2, 3x3) "
               "(16 instead of 36 multiplications per 2x2 outputs); at -O1 "
               "and up, on by default"),
      cl::init(true), cl::cat(category)};
  cl::opt<bool> noChecker{"no-onnx-checker",
                          cl::desc("Skip ONNX's checker and shape inference"),
                          cl::cat(category)};
};

/// Prints `loc` as `<file>: node '<name>': ` for imported ops and
/// `<file>:<line>:<col>: ` for textual IR.
void printLocation(llvm::raw_ostream &os, Location loc) {
  if (auto name = dyn_cast<NameLoc>(loc)) {
    if (auto file = dyn_cast<FileLineColLoc>(name.getChildLoc()))
      os << file.getFilename().getValue() << ": ";
    os << "node '" << name.getName().getValue() << "': ";
    return;
  }
  if (auto file = dyn_cast<FileLineColLoc>(loc)) {
    os << file.getFilename().getValue();
    if (file.getLine() != 0)
      os << ':' << file.getLine() << ':' << file.getColumn();
    os << ": ";
    return;
  }
  if (auto fused = dyn_cast<FusedLoc>(loc))
    if (!fused.getLocations().empty())
      return printLocation(os, fused.getLocations().front());
  if (auto callSite = dyn_cast<CallSiteLoc>(loc))
    return printLocation(os, callSite.getCallee());
  os << "nncc: ";
}

void printDiagnostic(Diagnostic &diag) {
  llvm::raw_ostream &os = llvm::errs();
  printLocation(os, diag.getLocation());
  switch (diag.getSeverity()) {
  case DiagnosticSeverity::Error:
    os << "error: ";
    break;
  case DiagnosticSeverity::Warning:
    os << "warning: ";
    break;
  case DiagnosticSeverity::Note:
    os << "note: ";
    break;
  case DiagnosticSeverity::Remark:
    os << "remark: ";
    break;
  }
  os << diag << '\n';
  for (Diagnostic &note : diag.getNotes())
    printDiagnostic(note);
}

int usageError(const llvm::Twine &message) {
  llvm::errs() << "nncc: error: " << message << "\n";
  return ExitUsageError;
}

int modelError(const llvm::Twine &message) {
  llvm::errs() << "nncc: error: " << message << "\n";
  return ExitModelError;
}

bool endsWith(StringRef s, StringRef suffix) { return s.ends_with(suffix); }

/// Default location of libnnrt_model.a: <bin>/../lib, then the build tree.
std::string defaultRuntimeLib(const char *argv0) {
  std::string exe = llvm::sys::fs::getMainExecutable(
      argv0, reinterpret_cast<void *>(&defaultRuntimeLib));
  llvm::SmallString<256> p(llvm::sys::path::parent_path(exe));
  llvm::sys::path::append(p, "..", "lib", "libnnrt_model.a");
  if (llvm::sys::fs::exists(p))
    return p.str().str();
  llvm::SmallString<256> b(NNCC_BUILD_LIB_DIR);
  llvm::sys::path::append(b, "libnnrt_model.a");
  return b.str().str();
}

/// Opens the output (stdout for "-"); binary for objects and libraries.
std::unique_ptr<llvm::ToolOutputFile> openOutput(StringRef path, bool binary,
                                                 std::string &error) {
  std::error_code ec;
  auto out = std::make_unique<llvm::ToolOutputFile>(
      path, ec, binary ? llvm::sys::fs::OF_None : llvm::sys::fs::OF_Text);
  if (ec) {
    error = "cannot open '" + path.str() + "': " + ec.message();
    return nullptr;
  }
  return out;
}

/// `bytes` as "N bytes", followed by " (X.Y KiB)" (or MiB, GiB) from 1 KiB.
std::string formatBytes(uint64_t bytes) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << bytes << " bytes";
  const char *units[] = {"KiB", "MiB", "GiB"};
  double value = static_cast<double>(bytes);
  int unit = -1;
  while (unit < 2 && value >= 1024.0) {
    value /= 1024.0;
    ++unit;
  }
  if (unit >= 0)
    os << " (" << llvm::format("%.1f", value) << ' ' << units[unit] << ')';
  return text;
}

/// Bytes of the module's constant globals (weights and other constant
/// tensors) once lowered to the LLVM dialect.
uint64_t constantBytes(ModuleOp module) {
  DataLayout layout(module);
  uint64_t bytes = 0;
  for (auto global : module.getOps<LLVM::GlobalOp>())
    if (global.getConstant())
      bytes += layout.getTypeSize(global.getType());
  return bytes;
}

/// Prints the memory plan of `entry` (--print-memory-plan), e.g.
/// "nncc: memory plan: workspace 2048 bytes (2.0 KiB) for 3 buffers, ...".
void printMemoryPlan(ModuleOp module, StringRef entry) {
  llvm::raw_ostream &os = llvm::errs();
  os << "nncc: memory plan: ";
  std::optional<MemoryPlan> plan = readMemoryPlan(module.lookupSymbol(entry));
  if (!plan)
    os << "none ('" << entry << "' was not planned)";
  else
    os << "workspace " << formatBytes(plan->workspaceSize) << " for "
       << plan->numBuffers << " buffer" << (plan->numBuffers == 1 ? "" : "s")
       << ", " << formatBytes(plan->bytesWithoutReuse) << " without reuse; "
       << plan->heapAllocations << " heap allocation"
       << (plan->heapAllocations == 1 ? "" : "s");
  os << "; constants " << formatBytes(constantBytes(module)) << "\n";
}

} // namespace

int mlir::nncc::runNNCC(int argc, char **argv) {
  llvm::InitLLVM initLLVM(argc, argv);
  Options opts;
  cl::HideUnrelatedOptions(opts.category);
  cl::SetVersionPrinter([](llvm::raw_ostream &os) {
    os << "nncc " << NNCC_VERSION << " (git " << NNCC_GIT_HASH << ")\n";
  });
  std::string parseErrors;
  llvm::raw_string_ostream parseErrOS(parseErrors);
  if (!cl::ParseCommandLineOptions(
          argc, argv,
          "nncc: ahead-of-time compiler from ONNX models to shared libraries\n\n"
          "  nncc model.onnx -o model.so\n"
          "  nncc model.onnx --emit=nn          (print the imported IR)\n"
          "  nncc model.onnx --profile -o m.so  (then: nncc-run m.so ... "
          "--profile)\n",
          &parseErrOS)) {
    llvm::errs() << parseErrors;
    llvm::errs() << "nncc: run 'nncc --help' for usage\n";
    return ExitUsageError;
  }
  if (opts.input.empty())
    return usageError("no input model given (usage: nncc MODEL -o OUT.so)");
  if (opts.optLevel > 3)
    return usageError("invalid optimization level -O" +
                      llvm::Twine(opts.optLevel.getValue()) +
                      " (expected -O0 .. -O3)");
  Emit emit = opts.emit;
  bool binaryOut = emit == Emit::Obj || emit == Emit::SO;
  std::string outputPath = opts.output;
  if (outputPath.empty()) {
    if (emit == Emit::SO || emit == Emit::Obj) {
      llvm::SmallString<256> p(llvm::sys::path::filename(opts.input));
      llvm::sys::path::replace_extension(p, emit == Emit::SO ? "so" : "o");
      outputPath = p.str().str();
    } else {
      outputPath = "-";
    }
  }
  if (emit == Emit::SO && outputPath == "-")
    return usageError("--emit=so needs an output file (-o FILE)");
  if (opts.printMemoryPlan && (emit == Emit::NN || emit == Emit::Linalg))
    return usageError("--print-memory-plan needs the whole pipeline (the plan "
                      "is made after bufferization), not --emit=" +
                      llvm::Twine(emit == Emit::NN ? "nn" : "linalg"));

  // Diagnostics: printed as they come, located at model nodes.
  // The pipelines are assembled from textual pass names.
  registerAllPasses();
  DialectRegistry registry;
  registerAllDialects(registry);
  MLIRContext context(registry);
  context.disableMultithreading();
  // Diagnostics name the ONNX node; the op dump adds noise, not information.
  context.printOpOnDiagnostic(false);
  unsigned numErrors = 0;
  ScopedDiagnosticHandler diagHandler(&context, [&](Diagnostic &diag) {
    if (diag.getSeverity() == DiagnosticSeverity::Error)
      ++numErrors;
    printDiagnostic(diag);
    return success();
  });

  // Import. The ModelProto owns the weights the IR points at, so it lives
  // until the end of compilation.
  std::string inputPath = opts.input;
  if (!llvm::sys::fs::exists(inputPath))
    return modelError("cannot open '" + inputPath + "': no such file");
  if (llvm::sys::fs::is_directory(inputPath))
    return modelError("cannot load '" + inputPath + "': it is a directory");
  onnx::ModelProto model;
  OwningOpRef<ModuleOp> module;
  if (endsWith(inputPath, ".mlir")) {
    llvm::SourceMgr sourceMgr;
    std::string error;
    auto file = openInputFile(inputPath, &error);
    if (!file)
      return modelError(error);
    sourceMgr.AddNewSourceBuffer(std::move(file), llvm::SMLoc());
    module = parseSourceFile<ModuleOp>(sourceMgr, &context);
    if (!module)
      return ExitModelError;
  } else {
    std::string error;
    if (!::nncc::onnx_loader::loadModel(inputPath, model, error))
      return modelError("cannot load '" + inputPath + "': " + error);
    for (const std::string &spec : opts.freezeInputs) {
      auto [name, file] = StringRef(spec).split('=');
      if (file.empty())
        std::swap(name, file);
      if (file.empty())
        return usageError("--freeze-input needs [NAME=]FILE, got '" + spec +
                          "'");
      if (!::nncc::onnx_loader::freezeInput(model, name.str(), file.str(),
                                            error))
        return modelError("--freeze-input " + spec + ": " + error);
    }
    ONNXImportOptions importOptions;
    importOptions.runChecker = !opts.noChecker;
    module = importONNXModel(context, model, inputPath, importOptions);
    if (!module)
      return ExitModelError;
  }

  // The ABI description is taken from the nn-level signature of the entry
  // function, which the importer names (and nncc-plan-arena plans).
  constexpr StringLiteral entry = "main_graph";
  std::string error;
  FailureOr<ModelInfo> info = collectModelInfo(*module, entry, error);
  if (failed(info) && emit != Emit::NN && emit != Emit::Linalg &&
      emit != Emit::LLVMMLIR)
    return modelError(error);
  if (succeeded(info)) {
    if (info->name.empty())
      info->name = llvm::sys::path::stem(inputPath).str();
    info->producer = std::string("nncc ") + NNCC_VERSION + " (git " +
                     NNCC_GIT_HASH + ")";
  }

  // A batch whose ops keep images apart is compiled for one image, run once
  // per image (see BatchSplit.h). The ABI keeps the batch's shapes.
  std::string batchNote;
  if (succeeded(info) && !endsWith(inputPath, ".mlir") && opts.optLevel >= 1) {
    auto batched = module->lookupSymbol<func::FuncOp>(entry);
    std::string reason;
    std::optional<SeparableBatch> batch;
    if (batched)
      batch = findSeparableBatch(batched, reason);
    int64_t n = batch ? batch->n : 0;
    if (n > 1 && !opts.batchSplit) {
      batchNote = "batch of " + std::to_string(n) +
                  " compiled whole (--batch-split=false)";
    } else if (n > 1) {
      setOneImage(model, n);
      OwningOpRef<ModuleOp> one;
      {
        // On failure the batch is compiled whole: this attempt's
        // diagnostics are not the user's.
        ScopedDiagnosticHandler quiet(&context,
                                      [](Diagnostic &) { return success(); });
        ONNXImportOptions importOptions;
        importOptions.runChecker = !opts.noChecker;
        one = importONNXModel(context, model, inputPath, importOptions);
      }
      auto oneFunc = one ? one->lookupSymbol<func::FuncOp>(entry) : nullptr;
      if (!oneFunc) {
        reason = "the graph does not import for one image";
      } else if (isOneImageOf(oneFunc, batched, *batch, reason)) {
        info->imagesPerRun = n;
        FunctionType ft = oneFunc.getFunctionType();
        auto bytes = [](Type t) {
          auto rt = cast<RankedTensorType>(t);
          return uint64_t(rt.getNumElements()) *
                 (rt.getElementTypeBitWidth() / 8);
        };
        for (Type t : ft.getInputs())
          info->inputImageBytes.push_back(bytes(t));
        for (Type t : ft.getResults())
          info->outputImageBytes.push_back(bytes(t));
        (*one)->setAttr("nncc.images_per_run",
                        IntegerAttr::get(IntegerType::get(&context, 64), n));
        module = std::move(one);
        batchNote = "batch of " + std::to_string(n) +
                    " images compiled for one image, run " +
                    std::to_string(n) + " times";
      }
      if (info->imagesPerRun == 1)
        batchNote = "batch of " + std::to_string(n) +
                    " compiled whole: " + reason;
    } else if (reason.rfind("the inputs and outputs", 0) != 0 &&
               reason.rfind("an input or output", 0) != 0) {
      batchNote = "batch compiled whole: " + reason;
    }
  }

  // Pass pipeline with optional IR printing and timing.
  PassManager pm(&context);
  DefaultTimingManager tm;
  tm.setEnabled(opts.timing);
  TimingScope rootScope = tm.getRootScope();
  if (opts.printIRAfterAll || !opts.printIRAfter.empty()) {
    llvm::StringSet<> after;
    for (const std::string &p : opts.printIRAfter)
      after.insert(p);
    bool all = opts.printIRAfterAll;
    pm.enableIRPrinting(
        [](Pass *, Operation *) { return false; },
        [all, after](Pass *pass, Operation *) {
          return all || after.contains(pass->getArgument());
        },
        /*printModuleScope=*/true, /*printAfterOnlyOnChange=*/false,
        /*printAfterOnlyOnFailure=*/false, llvm::errs());
  }
  // Timing goes last so that it does not time the IR printing.
  if (opts.timing)
    pm.enableTiming(rootScope);
  // The target decides kernel shapes (vector width, register count), so it
  // is known before the pipeline runs, whatever is emitted.
  TargetOptions targetOptions;
  targetOptions.cpu = opts.targetCPU;
  targetOptions.features = opts.targetFeatures;
  targetOptions.optLevel = opts.optLevel;
  std::unique_ptr<llvm::TargetMachine> machine =
      createTargetMachine(targetOptions, error);
  if (!machine)
    return usageError(error);
  PipelineOptions pipelineOptions;
  pipelineOptions.optLevel = opts.optLevel;
  pipelineOptions.profile = opts.profile;
  pipelineOptions.winograd = opts.winograd;
  VectorTarget vt = vectorTarget(*machine);
  pipelineOptions.vectorBits = vt.bits;
  pipelineOptions.vectorRegisters = vt.registers;
  PipelineStage stage = emit == Emit::NN       ? PipelineStage::NN
                        : emit == Emit::Linalg ? PipelineStage::Linalg
                                               : PipelineStage::LLVM;
  if (failed(buildNNCCPipeline(pm, pipelineOptions, stage, &error)))
    return modelError(error);
  if (failed(pm.run(*module))) {
    // A pass that fails must say why; if one did not, never exit silently.
    if (numErrors == 0)
      return modelError("internal error: the compilation pipeline failed "
                        "without a diagnostic (please report this model)");
    return ExitModelError;
  }

  // The workspace the entry function now takes (nncc-plan-arena).
  if (stage == PipelineStage::LLVM) {
    if (std::optional<MemoryPlan> plan =
            readMemoryPlan(module->lookupSymbol(entry)))
      if (succeeded(info))
        info->workspaceSize = plan->workspaceSize;
    if (opts.printMemoryPlan) {
      printMemoryPlan(*module, entry);
      if (!batchNote.empty())
        llvm::errs() << "nncc: " << batchNote << "\n";
    }
  }

  std::unique_ptr<llvm::ToolOutputFile> out;
  auto open = [&]() {
    out = openOutput(outputPath, binaryOut, error);
    return out != nullptr;
  };
  if (emit == Emit::NN || emit == Emit::Linalg || emit == Emit::LLVMMLIR) {
    if (!open())
      return modelError(error);
    OpPrintingFlags flags;
    flags.elideLargeResourceString(256);
    module->print(out->os(), flags);
    out->keep();
    return ExitOK;
  }

  // LLVM IR, machine code, model.so (the target machine was created before
  // the pipeline, which sizes kernels for it).
  llvm::LLVMContext llvmContext;
  std::unique_ptr<llvm::Module> llvmModule;
  {
    std::optional<TimingScope> scope;
    if (opts.timing)
      scope.emplace(rootScope.nest("translate-to-llvm-ir"));
    llvmModule = translateModel(*module, llvmContext, *info, *machine, error);
    if (!llvmModule)
      return modelError(error);
  }
  // LLVM IR now holds its own copy of the weights: drop the MLIR module and
  // then the ModelProto it pointed into, so that the peak memory of the rest
  // of compilation is one copy of the weights smaller.
  module = nullptr;
  onnx::ModelProto().Swap(&model);
  {
    std::optional<TimingScope> scope;
    if (opts.timing)
      scope.emplace(rootScope.nest("llvm-optimize"));
    optimizeModule(*llvmModule, *machine, opts.optLevel);
  }
  if (emit == Emit::LLVMIR) {
    if (!open())
      return modelError(error);
    llvmModule->print(out->os(), nullptr);
    out->keep();
    return ExitOK;
  }
  llvm::SmallVector<char, 0> code;
  {
    std::optional<TimingScope> scope;
    if (opts.timing)
      scope.emplace(rootScope.nest("llvm-codegen"));
    if (failed(emitMachineCode(*llvmModule, *machine, emit == Emit::Asm, code,
                               error)))
      return modelError(error);
  }
  if (emit == Emit::Asm || emit == Emit::Obj) {
    if (!open())
      return modelError(error);
    out->os().write(code.data(), code.size());
    out->keep();
    return ExitOK;
  }
  std::string runtimeLib =
      opts.runtimeLib.empty() ? defaultRuntimeLib(argv[0]) : opts.runtimeLib;
  std::optional<TimingScope> scope;
  if (opts.timing)
    scope.emplace(rootScope.nest("link"));
  if (failed(linkModel(code, runtimeLib, outputPath, error)))
    return modelError(error);
  return ExitOK;
}
