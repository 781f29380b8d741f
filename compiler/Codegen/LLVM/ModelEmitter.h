//===- ModelEmitter.h - LLVM IR, object code and model.so -------*- C++ -*-===//
//
// Part of nncc.
//
// The last steps of compilation: translate the LLVM-dialect module to LLVM
// IR, add the model.so ABI (runtime/include/nnrt/model_abi.h: descriptors,
// the `run` trampoline and the exported `nnrt_model_query`), optimize for the
// target CPU, emit an object, and link it with lld (in-process) and the
// model-side runtime into a shared library.
//
//===----------------------------------------------------------------------===//

#ifndef NNCC_COMPILER_CODEGEN_LLVM_MODELEMITTER_H
#define NNCC_COMPILER_CODEGEN_LLVM_MODELEMITTER_H

#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Target/TargetMachine.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace mlir::nncc {

/// One model input or output as the ABI describes it.
struct TensorInfo {
  std::string name;
  uint32_t dtype = 0; // nnrt_dtype_t
  std::vector<int64_t> dims;
};

/// What the generated header describes.
struct ModelInfo {
  std::string name;
  std::string producer;
  /// The bare-pointer entry function: (inputs..., outputs...[, workspace]).
  std::string entry = "main_graph";
  std::vector<TensorInfo> inputs, outputs;
  /// Bytes of the workspace (nncc-plan-arena's plan of the entry); when
  /// non-zero the entry takes it as one more pointer after the outputs.
  uint64_t workspaceSize = 0;
  /// Images per run: with N > 1 the entry computes one image of a batch of
  /// N (see compiler/Driver/BatchSplit.h) and the run function calls it N
  /// times, image i's tensors at i x the per-image bytes below into each
  /// input and output (inputs and outputs keep the batch's dims).
  int64_t imagesPerRun = 1;
  std::vector<uint64_t> inputImageBytes, outputImageBytes;
};

struct TargetOptions {
  std::string cpu;      // empty: the host CPU
  std::string features; // empty: the host CPU's features (when cpu is empty)
  unsigned optLevel = 2;
};

/// nnrt dtype code of an MLIR element type, or 0 if it has none.
uint32_t getDTypeCode(Type elementType);

/// Collects the ABI description of `entry` (a func.func on tensors whose
/// arguments and results carry `nn.name` attributes).
FailureOr<ModelInfo> collectModelInfo(ModuleOp module, StringRef entry,
                                      std::string &error);

/// Creates a TargetMachine for x86-64 Linux (PIC) for `options`.
std::unique_ptr<llvm::TargetMachine>
createTargetMachine(const TargetOptions &options, std::string &error);

/// What kernels are sized for: vector register width and count.
struct VectorTarget {
  unsigned bits = 128;
  unsigned registers = 16;
};

/// The vector registers of `tm`'s CPU and features (AVX-512: 32 x 512 bits,
/// AVX/AVX2: 16 x 256, otherwise SSE's 16 x 128).
VectorTarget vectorTarget(const llvm::TargetMachine &tm);

/// Translates an LLVM-dialect module and adds the ABI wrapper. The entry
/// must take one pointer per input and output, plus the workspace pointer
/// when info.workspaceSize is non-zero.
std::unique_ptr<llvm::Module> translateModel(ModuleOp module,
                                             llvm::LLVMContext &ctx,
                                             const ModelInfo &info,
                                             llvm::TargetMachine &tm,
                                             std::string &error);

/// Runs LLVM's middle end at `optLevel` (0-3).
void optimizeModule(llvm::Module &module, llvm::TargetMachine &tm,
                    unsigned optLevel);

/// Emits an object file (or assembly) into `out`.
LogicalResult emitMachineCode(llvm::Module &module, llvm::TargetMachine &tm,
                              bool assembly, llvm::SmallVectorImpl<char> &out,
                              std::string &error);

/// Links `object` and the model-side runtime archive into a shared library at
/// `outputPath`, exporting only nnrt_model_query. Uses lld in-process (one
/// link at a time: lld keeps global state).
LogicalResult linkModel(llvm::ArrayRef<char> object,
                        llvm::StringRef runtimeArchive,
                        llvm::StringRef outputPath, std::string &error);

} // namespace mlir::nncc

#endif // NNCC_COMPILER_CODEGEN_LLVM_MODELEMITTER_H
