//===- ImportContext.h - State and helpers of the ONNX importer -*- C++ -*-===//
//
// Part of nncc.
//
// The per-model state of an import (value table, builder, opsets, model
// path) and the typed, located accessors for node inputs and attributes
// used by the per-op importers in Ops/.
//
//===----------------------------------------------------------------------===//

#ifndef NNCC_FRONTENDS_ONNX_IMPORTCONTEXT_H
#define NNCC_FRONTENDS_ONNX_IMPORTCONTEXT_H

#include "dialects/NN/IR/NNOps.h"
#include "dialects/NN/IR/NNShapes.h"

#include "mlir/IR/Builders.h"
#include "llvm/ADT/StringMap.h"

#include <onnx/onnx_pb.h>

#include <optional>

namespace mlir::nncc {

class ImportContext;

/// Imports one node; emits located errors and returns failure on bad input.
using NodeImporter = LogicalResult (*)(ImportContext &, const onnx::NodeProto &);

/// One entry of the op table: (domain, op_type) handled from `minOpset`.
struct OpImporterEntry {
  const char *domain; // "" is the default ONNX domain
  const char *opType;
  int64_t minOpset;
  NodeImporter import;
};

void registerMathImporters(std::vector<OpImporterEntry> &table);
void registerNNImporters(std::vector<OpImporterEntry> &table);
void registerRecurrentImporters(std::vector<OpImporterEntry> &table);
void registerTensorImporters(std::vector<OpImporterEntry> &table);

class ImportContext {
public:
  ImportContext(MLIRContext *ctx, StringRef path, onnx::ModelProto &model);

  OpBuilder &getBuilder() { return builder; }
  MLIRContext *getContext() { return builder.getContext(); }

  /// Location of `node`: its name (or `<op_type>#<index>`) in the model file.
  Location getLoc(const onnx::NodeProto &node) const;
  /// The model file itself.
  Location getFileLoc() const;
  InFlightDiagnostic emitError(const onnx::NodeProto &node) const {
    return mlir::emitError(getLoc(node));
  }
  /// An error callback for shape functions: located at `node`, prefixed with
  /// its op type. Valid while `node` and this context are.
  auto opErrorFn(const onnx::NodeProto &node) const {
    return [this, &node] { return emitError(node) << node.op_type() << ": "; };
  }

  /// Opset of `domain` imported by the model ("" or "ai.onnx": default).
  int64_t getOpset(StringRef domain) const;
  int64_t getNodeOpset(const onnx::NodeProto &node) const {
    return getOpset(node.domain());
  }

  //===--- values ---------------------------------------------------------===//

  /// Checks that `graph` is in SSA form and topologically sorted: graph
  /// inputs are declared once, every node input is a graph input, an
  /// initializer or an earlier node's output, and no name is defined twice.
  /// Reports the first problem at its node (ONNX's checker rejects the same
  /// graphs, but at file level).
  LogicalResult checkGraphStructure(const onnx::GraphProto &graph);
  /// Binds an ONNX value name to an SSA value.
  void setValue(const std::string &name, Value value) { values[name] = value; }
  /// The value named `name` (importing an initializer on first use), or null.
  Value lookupValue(const std::string &name);
  /// Input `index` of `node`; located error if it is missing.
  FailureOr<Value> getInput(const onnx::NodeProto &node, int index);
  /// Input `index`, or null if absent (optional input).
  Value getOptionalInput(const onnx::NodeProto &node, int index);
  /// Input `index` as a ranked tensor of a float type; located error if not.
  FailureOr<Value> getFloatInput(const onnx::NodeProto &node, int index);
  /// Binds output `index` of `node`.
  LogicalResult setOutput(const onnx::NodeProto &node, int index, Value value);
  /// Number of non-empty outputs of `node`.
  static int numOutputs(const onnx::NodeProto &node);

  /// `v` reshaped to `shape` (same element type) at `node`; constants fold.
  Value reshape(const onnx::NodeProto &node, Value v, ArrayRef<int64_t> shape);

  /// Integer contents of a constant value (nn.constant), if it is one.
  std::optional<SmallVector<int64_t>> getConstantInts(Value value);

  //===--- tensors and types ----------------------------------------------===//

  /// The MLIR element type of an ONNX TensorProto data type, or null.
  Type convertElementType(int32_t onnxType) const;
  /// Where an initializer's ONNX external data lives (validated: a regular
  /// file inside the model's folder, offset and length within it).
  struct ExternalSlice {
    std::string file;     // resolved path
    std::string location; // as written in the model
    uint64_t offset, length;
  };
  FailureOr<ExternalSlice> resolveExternalData(const onnx::TensorProto &tensor,
                                               Location loc) const;
  /// Validates every external-data initializer of `graph`, reporting each
  /// bad one (before ONNX's checker, which would look elsewhere).
  LogicalResult checkExternalData(const onnx::GraphProto &graph);
  /// Reads the `bytes` bytes of an initializer stored as ONNX external data
  /// (a file inside the model's folder); located errors for every bad
  /// location, offset or length.
  FailureOr<std::vector<char>> readExternalData(const onnx::TensorProto &tensor,
                                                size_t bytes, Location loc);
  /// Builds an nn.constant from a TensorProto; located error at `loc`.
  FailureOr<Value> importTensor(const onnx::TensorProto &tensor, Location loc);
  /// The tensor type of a graph input/output; located error at `loc`.
  FailureOr<RankedTensorType> convertValueType(const onnx::ValueInfoProto &vi,
                                               Location loc);

  //===--- attributes -----------------------------------------------------===//

  const onnx::AttributeProto *findAttr(const onnx::NodeProto &node,
                                       StringRef name) const;
  FailureOr<int64_t> getIntAttr(const onnx::NodeProto &node, StringRef name,
                                std::optional<int64_t> defaultValue);
  FailureOr<float> getFloatAttr(const onnx::NodeProto &node, StringRef name,
                                std::optional<float> defaultValue);
  FailureOr<std::string> getStringAttr(const onnx::NodeProto &node,
                                       StringRef name,
                                       std::optional<std::string> defaultValue);
  /// INTS attribute; `defaultValue` used when absent (nullopt: required).
  FailureOr<SmallVector<int64_t>>
  getIntsAttr(const onnx::NodeProto &node, StringRef name,
              std::optional<SmallVector<int64_t>> defaultValue);
  /// STRINGS attribute; `defaultValue` used when absent (nullopt: required).
  FailureOr<SmallVector<std::string>>
  getStringsAttr(const onnx::NodeProto &node, StringRef name,
                 std::optional<SmallVector<std::string>> defaultValue);
  /// Reports attributes of `node` not in `known` (ignored ones are errors,
  /// so that no semantics are silently dropped).
  LogicalResult checkAttrs(const onnx::NodeProto &node,
                           ArrayRef<StringRef> known);

  /// Shape of a ranked tensor value.
  static ArrayRef<int64_t> shapeOf(Value v) {
    return cast<RankedTensorType>(v.getType()).getShape();
  }
  /// Normalises an axis in [-rank, rank) (or [-rank-1, rank] if
  /// `inclusiveEnd`) to [0, rank); located error otherwise.
  FailureOr<int64_t> normalizeAxis(const onnx::NodeProto &node, int64_t axis,
                                   int64_t rank, bool inclusiveEnd = false);

private:
  OpBuilder builder;
  std::string path;
  llvm::StringMap<int64_t> opsets;
  llvm::StringMap<Value> values;
  llvm::StringMap<const onnx::TensorProto *> initializers;
  /// Node index by address, for `<op_type>#<index>` names.
  llvm::DenseMap<const onnx::NodeProto *, int> nodeIndex;
};

} // namespace mlir::nncc

#endif // NNCC_FRONTENDS_ONNX_IMPORTCONTEXT_H
