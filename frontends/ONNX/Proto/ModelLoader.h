//===- ModelLoader.h - Read and check ONNX models ---------------*- C++ -*-===//
//
// Part of nncc.
//
// The only code that calls into libonnx's throwing APIs (text parser,
// checker, shape inference). It is built with exceptions in its own library;
// everything it exposes is `noexcept` and reports errors as text, so MLIR
// code (built without exceptions) never sees a throw.
//
//===----------------------------------------------------------------------===//

#ifndef NNCC_FRONTENDS_ONNX_PROTO_MODELLOADER_H
#define NNCC_FRONTENDS_ONNX_PROTO_MODELLOADER_H

#include <onnx/onnx_pb.h>

#include <string>

namespace nncc::onnx_loader {

/// Reads `path` into `model`: textual ONNX if the name ends in `.onnxtext`
/// or `.onnxtxt`, binary protobuf otherwise. Returns false and sets `error`
/// (without the path) on failure.
bool loadModel(const std::string &path, onnx::ModelProto &model,
               std::string &error) noexcept;

/// Parses a binary model from memory (`size` bytes).
bool parseModel(const void *data, size_t size, onnx::ModelProto &model,
                std::string &error) noexcept;

/// Runs ONNX's model checker (with `modelDir` as the folder external data
/// lives in; opsets newer than this libonnx knows are rejected), then shape
/// inference with data propagation, which fills `value_info`. Returns false
/// and sets `error`, and `errorNode` to the index of the graph node the error
/// is about (-1 if it is not about one node).
bool checkAndInferShapes(onnx::ModelProto &model, const std::string &modelDir,
                         std::string &error, int &errorNode) noexcept;

/// Turns graph input `name` into an initializer holding the TensorProto read
/// from `tensorPath` (a compile-time constant, e.g. a shape). An empty `name`
/// takes the name stored in the TensorProto. The tensor's dtype and shape must
/// match the input's declaration. Returns false and sets `error`.
bool freezeInput(onnx::ModelProto &model, const std::string &name,
                 const std::string &tensorPath, std::string &error) noexcept;

} // namespace nncc::onnx_loader

#endif // NNCC_FRONTENDS_ONNX_PROTO_MODELLOADER_H
