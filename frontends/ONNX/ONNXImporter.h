//===- ONNXImporter.h - ONNX model -> nn dialect ----------------*- C++ -*-===//
//
// Part of nncc.
//
// Imports an onnx::ModelProto into a module holding one `func.func` (the
// graph) of nn ops. Every op is located at `NameLoc(node name,
// FileLineColLoc(model path, 0, 0))`. Initializers become `nn.constant`s
// whose large payloads are `dense_resource` blobs that point into the
// ModelProto without copying, so the ModelProto must outlive the module.
//
//===----------------------------------------------------------------------===//

#ifndef NNCC_FRONTENDS_ONNX_ONNXIMPORTER_H
#define NNCC_FRONTENDS_ONNX_ONNXIMPORTER_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

namespace onnx {
class ModelProto;
} // namespace onnx

namespace mlir::nncc {

struct ONNXImportOptions {
  /// Name of the generated entry function.
  std::string entryName = "main_graph";
  /// Run ONNX's checker and shape inference before importing.
  bool runChecker = true;
};

/// Imports `model` (read from `path`, used for locations). Reports every
/// problem as a located diagnostic and returns null on failure.
OwningOpRef<ModuleOp> importONNXModel(MLIRContext &context,
                                      onnx::ModelProto &model, StringRef path,
                                      const ONNXImportOptions &options = {});

} // namespace mlir::nncc

#endif // NNCC_FRONTENDS_ONNX_ONNXIMPORTER_H
