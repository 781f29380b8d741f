//===- onnx_importer_fuzzer.cpp - libFuzzer target for the ONNX importer --===//
//
// Part of nncc.
//
// Bytes -> binary ModelProto -> `nn` IR, which must verify. Each input is
// imported twice: as `nncc --no-onnx-checker` does (the importer's own checks
// alone stand between the bytes and the IR), then with ONNX's checker and
// shape inference first, as `nncc` does by default. Any bad input must come back as a diagnostic: a crash,
// abort, sanitizer report, hang or a module that fails verification is a bug
// (STYLE section E). Built only in the ASan/UBSan configuration
// (-DNNCC_SANITIZE=address,undefined), with -fsanitize=fuzzer.
//
//===----------------------------------------------------------------------===//

#include "compiler/Pipelines/Registration.h"
#include "frontends/ONNX/ONNXImporter.h"
#include "frontends/ONNX/Proto/ModelLoader.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"

#include <cstdio>
#include <cstdlib>

namespace {

/// Imports `model` into a fresh context; aborts if the importer claims
/// success for a module that does not verify.
void importOnce(const mlir::DialectRegistry &registry, onnx::ModelProto &model,
                bool runChecker) {
  mlir::MLIRContext context(registry);
  context.disableMultithreading();
  context.printOpOnDiagnostic(false);
  mlir::ScopedDiagnosticHandler handler(
      &context, [](mlir::Diagnostic &) { return mlir::success(); });

  mlir::nncc::ONNXImportOptions options;
  options.runChecker = runChecker;
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::nncc::importONNXModel(context, model, "fuzz.onnx", options);
  if (!module)
    return;
  // The importer promises verified `nn` IR; anything else is a bug.
  if (mlir::failed(mlir::verify(*module))) {
    std::fprintf(stderr, "importer returned a module that fails to verify "
                         "(runChecker=%d)\n",
                 runChecker);
    std::abort();
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  onnx::ModelProto model;
  std::string error;
  if (!::nncc::onnx_loader::parseModel(data, size, model, error))
    return 0;

  static const mlir::DialectRegistry *registry = [] {
    auto *r = new mlir::DialectRegistry();
    mlir::nncc::registerAllDialects(*r);
    return r;
  }();
  {
    onnx::ModelProto unchecked = model;
    importOnce(*registry, unchecked, /*runChecker=*/false);
  }
  importOnce(*registry, model, /*runChecker=*/true);
  return 0;
}
