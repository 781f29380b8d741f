//===- ONNXImporter.cpp - ONNX model -> nn dialect ------------------------===//
//
// Part of nncc.
//
// Order of work: (1) find every node whose (domain, op_type, opset) has no
// importer and report them all, (2) check the graph's SSA form and order,
// then run ONNX's checker and shape inference, (3) create the entry function
// from the graph inputs, (4) import the nodes in order, (5) return the graph
// outputs, (6) verify.
//
//===----------------------------------------------------------------------===//

#include "frontends/ONNX/ONNXImporter.h"
#include "frontends/ONNX/ImportContext.h"
#include "frontends/ONNX/Proto/ModelLoader.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Path.h"

using namespace mlir;
using namespace mlir::nncc;

static const std::vector<OpImporterEntry> &getOpTable() {
  static const std::vector<OpImporterEntry> table = [] {
    std::vector<OpImporterEntry> t;
    registerMathImporters(t);
    registerNNImporters(t);
    registerRecurrentImporters(t);
    registerTensorImporters(t);
    return t;
  }();
  return table;
}

static StringRef canonicalDomain(StringRef d) {
  return d == "ai.onnx" ? StringRef("") : d;
}

/// The importer for `node` at `opset`, or null.
static const OpImporterEntry *findImporter(const onnx::NodeProto &node,
                                           int64_t opset) {
  for (const OpImporterEntry &e : getOpTable())
    if (canonicalDomain(node.domain()) == e.domain &&
        node.op_type() == e.opType && opset >= e.minOpset)
      return &e;
  return nullptr;
}

OwningOpRef<ModuleOp>
mlir::nncc::importONNXModel(MLIRContext &context, onnx::ModelProto &model,
                            StringRef path, const ONNXImportOptions &options) {
  context.loadDialect<nn::NNDialect, func::FuncDialect>();
  ImportContext ctx(&context, path, model);
  OpBuilder &b = ctx.getBuilder();
  const onnx::GraphProto &graph = model.graph();

  // (1) Unsupported ops, all of them.
  bool unsupported = false;
  for (const onnx::NodeProto &node : graph.node()) {
    int64_t opset = ctx.getNodeOpset(node);
    if (findImporter(node, opset))
      continue;
    std::string domain =
        node.domain().empty() ? std::string("ai.onnx") : node.domain();
    ctx.emitError(node) << "unsupported op '" << node.op_type()
                        << "' (domain '" << domain << "', opset " << opset
                        << ")";
    unsupported = true;
  }
  if (unsupported)
    return nullptr;

  // (2) SSA form and topological order, checked here so that each problem
  // is reported at its node (ONNX's checker would report it at file level).
  // External data must stay inside the model's folder. Then ONNX's own
  // validation and shape inference.
  if (failed(ctx.checkGraphStructure(graph)) ||
      failed(ctx.checkExternalData(graph)))
    return nullptr;
  if (options.runChecker) {
    std::string error;
    int errorNode;
    std::string dir = llvm::sys::path::parent_path(path).str();
    if (!::nncc::onnx_loader::checkAndInferShapes(
            model, dir.empty() ? "." : dir, error, errorNode)) {
      emitError(errorNode >= 0 ? ctx.getLoc(graph.node(errorNode))
                               : ctx.getFileLoc())
          << error;
      return nullptr;
    }
  }

  // (3) The entry function. Inputs that have an initializer are weights
  // (models before IR version 4 list them as inputs).
  llvm::StringSet<> initNames;
  for (const auto &t : graph.initializer())
    initNames.insert(t.name());
  SmallVector<Type> inputTypes;
  SmallVector<std::string> inputNames;
  for (const onnx::ValueInfoProto &vi : graph.input()) {
    if (initNames.contains(vi.name()))
      continue;
    Location loc = NameLoc::get(b.getStringAttr(vi.name()), ctx.getFileLoc());
    FailureOr<RankedTensorType> t = ctx.convertValueType(vi, loc);
    if (failed(t))
      return nullptr;
    inputTypes.push_back(*t);
    inputNames.push_back(vi.name());
  }

  OwningOpRef<ModuleOp> module = ModuleOp::create(ctx.getFileLoc());
  if (!graph.name().empty())
    (*module)->setAttr("nn.model_name", b.getStringAttr(graph.name()));
  b.setInsertionPointToEnd(module->getBody());
  auto func = func::FuncOp::create(b, ctx.getFileLoc(), options.entryName,
                                   b.getFunctionType(inputTypes, {}));
  Block *body = func.addEntryBlock();
  for (auto [i, name] : llvm::enumerate(inputNames)) {
    func.setArgAttr(i, "nn.name", b.getStringAttr(name));
    ctx.setValue(name, body->getArgument(i));
  }
  b.setInsertionPointToStart(body);

  // (4) Nodes, in the (topological) order ONNX requires.
  for (const onnx::NodeProto &node : graph.node()) {
    const OpImporterEntry *entry = findImporter(node, ctx.getNodeOpset(node));
    if (failed(entry->import(ctx, node)))
      return nullptr;
    for (const std::string &out : node.output())
      if (!out.empty() && !ctx.lookupValue(out)) {
        ctx.emitError(node) << node.op_type() << ": output '" << out
                            << "' was not produced";
        return nullptr;
      }
  }

  // (5) Graph outputs.
  SmallVector<Value> results;
  SmallVector<Type> resultTypes;
  for (const onnx::ValueInfoProto &vi : graph.output()) {
    Value v = ctx.lookupValue(vi.name());
    if (!v) {
      emitError(NameLoc::get(b.getStringAttr(vi.name()), ctx.getFileLoc()))
          << "graph output '" << vi.name() << "' is not produced by any node";
      return nullptr;
    }
    results.push_back(v);
    resultTypes.push_back(v.getType());
  }
  if (results.empty()) {
    emitError(ctx.getFileLoc()) << "the graph has no outputs";
    return nullptr;
  }
  func::ReturnOp::create(b, ctx.getFileLoc(), results);
  func.setType(b.getFunctionType(inputTypes, resultTypes));
  for (auto [i, vi] : llvm::enumerate(graph.output()))
    func.setResultAttr(i, "nn.name", b.getStringAttr(vi.name()));

  // (6) Every op checks itself.
  if (failed(verify(*module)))
    return nullptr;
  return module;
}
