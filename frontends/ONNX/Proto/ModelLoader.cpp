//===- ModelLoader.cpp - Read and check ONNX models -----------------------===//
//
// Part of nncc.
//
// Built with -fexceptions: every libonnx/protobuf call that can throw is
// wrapped, and nothing escapes the noexcept boundary.
//
//===----------------------------------------------------------------------===//

#include "frontends/ONNX/Proto/ModelLoader.h"

#include <onnx/checker.h>
#include <onnx/defs/parser.h>
#include <onnx/shape_inference/implementation.h>

#include <google/protobuf/io/coded_stream.h>

#include <fstream>
#include <limits>
#include <map>
#include <memory>
#include <sstream>

using namespace nncc;

static bool endsWith(const std::string &s, const std::string &suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool onnx_loader::parseModel(const void *data, size_t size,
                             onnx::ModelProto &model,
                             std::string &error) noexcept {
  try {
    if (size > static_cast<size_t>(std::numeric_limits<int>::max())) {
      error = "model file is larger than 2 GB; store the weights as ONNX "
              "external data";
      return false;
    }
    google::protobuf::io::CodedInputStream in(
        static_cast<const uint8_t *>(data), static_cast<int>(size));
    in.SetTotalBytesLimit(std::numeric_limits<int>::max());
    in.SetRecursionLimit(64);
    if (!model.ParseFromCodedStream(&in) || !in.ConsumedEntireMessage()) {
      error = "not a valid ONNX protobuf (truncated or corrupt file, or "
              "messages nested more than 64 levels deep)";
      return false;
    }
    return true;
  } catch (const std::exception &e) {
    error = std::string("cannot parse the model: ") + e.what();
  } catch (...) {
    error = "cannot parse the model";
  }
  return false;
}

bool onnx_loader::loadModel(const std::string &path, onnx::ModelProto &model,
                            std::string &error) noexcept {
  try {
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    if (!in) {
      error = "cannot open the file";
      return false;
    }
    // Protobuf cannot hold more than 2 GB; refuse before reading it all.
    std::streamoff size = in.tellg();
    if (size > static_cast<std::streamoff>(std::numeric_limits<int>::max())) {
      error = "model file is larger than 2 GB; store the weights as ONNX "
              "external data";
      return false;
    }
    in.seekg(0);
    std::ostringstream buf;
    buf << in.rdbuf();
    if (in.bad()) {
      error = "cannot read the file";
      return false;
    }
    std::string bytes = buf.str();
    if (endsWith(path, ".onnxtext") || endsWith(path, ".onnxtxt")) {
      onnx::OnnxParser parser(bytes.c_str());
      onnx::Common::Status status = parser.Parse(model);
      if (!status.IsOK()) {
        error = "cannot parse textual ONNX: " + status.ErrorMessage();
        return false;
      }
      // A model without an explicit opset gets the default domain's latest
      // opset understood by this libonnx.
      return true;
    }
    if (bytes.empty()) {
      error = "the file is empty";
      return false;
    }
    return parseModel(bytes.data(), bytes.size(), model, error);
  } catch (const std::exception &e) {
    error = std::string("cannot read the model: ") + e.what();
  } catch (...) {
    error = "cannot read the model";
  }
  return false;
}

namespace {

//===----------------------------------------------------------------------===//
// Guards for libonnx's shape inference
//===----------------------------------------------------------------------===//
//
// Some of libonnx 1.12's shape inference functions index shapes or divide by
// attribute values they never check, so a model that ONNX's checker accepts
// can crash them: a zero stride (SIGFPE) or a LayerNormalization axis outside
// [-rank, rank) (a negative index into the output shape, SIGSEGV), both found
// by test/fuzz. Whether an axis is in range depends on the rank shape
// inference has just computed for the node's input, so the checks cannot all
// run before InferShapes; they wrap the inference functions instead. A guard
// that fails skips libonnx's inference for that node only (its outputs stay
// untyped, which is also what libonnx does for a node it cannot infer), and
// the importer, which checks every node itself (as with --no-onnx-checker),
// then reports the node with a located error.
//
// test/fuzz/sweep_onnx_inference.py runs libonnx's checker and inference on
// every op version the importer accepts with extreme attributes, inputs and
// ranks; this table covers every crash it finds. The convolution/pooling
// guard also covers the ops sharing that code that the importer rejects.
// Other op versions it rejects never reach shape inference (unsupported ops
// are reported first), but some crash too, so guard them before supporting
// them: GRU-3, LSTM-1 and RNN-1 (a rank-0 X), Gemm-6 (a rank-0 A), GatherND
// (a negative batch_dims) and STFT-17 (a rank-0 signal).

/// A libonnx inference function and the condition under which it is safe.
struct InferenceGuard {
  const char *opType;
  /// Returns false if libonnx's inference function must not run on `ctx`.
  bool (*isSafe)(onnx::InferenceContext &ctx);
};

/// Convolution and pooling shape inference divides by strides and dilations
/// and subtracts the kernel extent.
bool hasPositiveWindow(onnx::InferenceContext &ctx) {
  for (const char *name : {"strides", "dilations", "kernel_shape"})
    if (const onnx::AttributeProto *attr = ctx.getAttribute(name))
      for (int64_t v : attr->ints())
        if (v <= 0)
          return false;
  return true;
}

/// LayerNormalization adds the rank to a negative axis once, then writes the
/// Mean/InvStdDev dims from (int)axis on, so an axis below -rank (also the
/// default -1 on a rank-0 input) or one whose int truncation is negative
/// indexes before the shape.
bool hasAxisInRange(onnx::InferenceContext &ctx) {
  const onnx::TypeProto *x = ctx.getNumInputs() ? ctx.getInputType(0) : nullptr;
  if (!x || !x->has_tensor_type() || !x->tensor_type().has_shape())
    return true; // libonnx infers nothing without the input's shape
  int64_t rank = x->tensor_type().shape().dim_size();
  const onnx::AttributeProto *attr = ctx.getAttribute("axis");
  int64_t axis = attr ? attr->i() : -1;
  return axis >= -rank && axis < rank;
}

constexpr InferenceGuard kInferenceGuards[] = {
    {"AveragePool", hasPositiveWindow},
    {"Conv", hasPositiveWindow},
    {"ConvInteger", hasPositiveWindow},
    {"ConvTranspose", hasPositiveWindow},
    {"LayerNormalization", hasAxisInRange},
    {"LpPool", hasPositiveWindow},
    {"MaxPool", hasPositiveWindow},
    {"MaxUnpool", hasPositiveWindow},
    {"QLinearConv", hasPositiveWindow},
};

/// The default ONNX schema registry, except that the schemas of guarded ops
/// are copies whose inference function runs only if its guard allows it.
/// One instance per InferShapes call (not thread-safe).
class GuardedSchemaRegistry final : public onnx::ISchemaRegistry {
public:
  const onnx::OpSchema *GetSchema(const std::string &key,
                                  const int maxInclusiveVersion,
                                  const std::string &domain) const override {
    const onnx::OpSchema *schema =
        onnx::OpSchemaRegistry::Schema(key, maxInclusiveVersion, domain);
    if (!schema || schema->domain() != onnx::ONNX_DOMAIN)
      return schema;
    for (const InferenceGuard &guard : kInferenceGuards) {
      if (key != guard.opType)
        continue;
      std::unique_ptr<onnx::OpSchema> &copy = guarded[schema];
      if (!copy) {
        copy = std::make_unique<onnx::OpSchema>(*schema);
        onnx::InferenceFunction infer =
            schema->GetTypeAndShapeInferenceFunction();
        copy->TypeAndShapeInferenceFunction(
            [infer, isSafe = guard.isSafe](onnx::InferenceContext &ctx) {
              if (isSafe(ctx))
                infer(ctx);
            });
      }
      return copy.get();
    }
    return schema;
  }

private:
  mutable std::map<const onnx::OpSchema *, std::unique_ptr<onnx::OpSchema>>
      guarded;
};

} // namespace

bool onnx_loader::checkAndInferShapes(onnx::ModelProto &model,
                                      const std::string &modelDir,
                                      std::string &error,
                                      int &errorNode) noexcept {
  errorNode = -1;
  // What onnx::checker::check_model(ModelProto) does, but with the model's
  // folder known, so that external data is checked where it really is.
  try {
    if (!model.has_ir_version()) {
      error = "ONNX checker: the model has no ir_version";
      return false;
    }
    if (model.ir_version() > onnx::Version::IR_VERSION) {
      error = "ONNX checker: IR version " + std::to_string(model.ir_version()) +
              " is newer than the newest this nncc knows (" +
              std::to_string(onnx::Version::IR_VERSION) + ")";
      return false;
    }
    std::unordered_map<std::string, int> opsets;
    const auto &known =
        onnx::OpSchemaRegistry::DomainToVersionRange::Instance().Map();
    for (const auto &op : model.opset_import()) {
      std::string domain = op.domain() == "ai.onnx" ? "" : op.domain();
      if (!opsets.emplace(domain, op.version()).second) {
        error = "ONNX checker: opset of domain '" + op.domain() +
                "' imported twice";
        return false;
      }
      auto it = known.find(domain);
      if (it != known.end() && op.version() > it->second.second) {
        error = "opset " + std::to_string(op.version()) + " of domain '" +
                (domain.empty() ? std::string("ai.onnx") : domain) +
                "' is newer than the newest this nncc knows (" +
                std::to_string(it->second.second) + ")";
        return false;
      }
    }
    onnx::checker::CheckerContext ctx;
    ctx.set_ir_version(static_cast<int>(model.ir_version()));
    ctx.set_opset_imports(opsets);
    ctx.set_model_dir(modelDir);
    onnx::checker::LexicalScopeContext lex;
    // Node by node first, so that the caller can locate an error at its node
    // (check_graph finds the same ones but only names the node in its text).
    const onnx::GraphProto &graph = model.graph();
    for (int i = 0; i < graph.node_size(); ++i) {
      errorNode = i;
      onnx::checker::check_node(graph.node(i), ctx, lex);
    }
    errorNode = -1;
    onnx::checker::check_graph(graph, ctx, lex);
    onnx::checker::check_model_local_functions(model, ctx, lex);
  } catch (const std::exception &e) {
    error = std::string("ONNX checker: ") + e.what();
    return false;
  } catch (...) {
    error = "ONNX checker failed";
    return false;
  }
  try {
    GuardedSchemaRegistry schemas;
    onnx::ShapeInferenceOptions options(/*check_type=*/true,
                                        /*strict_mode=*/0,
                                        /*data_prop=*/true);
    onnx::shape_inference::InferShapes(model, &schemas, options);
  } catch (const std::exception &e) {
    error = std::string("ONNX shape inference: ") + e.what();
    return false;
  } catch (...) {
    error = "ONNX shape inference failed";
    return false;
  }
  return true;
}

bool onnx_loader::freezeInput(onnx::ModelProto &model, const std::string &name,
                              const std::string &tensorPath,
                              std::string &error) noexcept {
  try {
    std::ifstream in(tensorPath, std::ios::binary);
    if (!in) {
      error = "cannot open '" + tensorPath + "'";
      return false;
    }
    std::ostringstream buf;
    buf << in.rdbuf();
    std::string bytes = buf.str();
    onnx::TensorProto tensor;
    if (!tensor.ParseFromString(bytes)) {
      error = "'" + tensorPath + "' is not an ONNX TensorProto";
      return false;
    }
    std::string inputName = name.empty() ? tensor.name() : name;
    if (inputName.empty()) {
      error = "'" + tensorPath +
              "' has no tensor name; write --freeze-input NAME=FILE";
      return false;
    }
    auto *inputs = model.mutable_graph()->mutable_input();
    for (int i = 0; i < inputs->size(); ++i) {
      const onnx::ValueInfoProto &vi = inputs->Get(i);
      if (vi.name() != inputName)
        continue;
      const auto &tt = vi.type().tensor_type();
      if (tt.elem_type() != tensor.data_type()) {
        error = "input '" + inputName + "' has element type " +
                std::to_string(tt.elem_type()) + ", the tensor in '" +
                tensorPath + "' has " + std::to_string(tensor.data_type());
        return false;
      }
      if (tt.has_shape()) {
        const auto &dims = tt.shape().dim();
        bool ok = dims.size() == tensor.dims_size();
        for (int d = 0; ok && d < dims.size(); ++d)
          ok = !dims[d].has_dim_value() ||
               dims[d].dim_value() == tensor.dims(d);
        if (!ok) {
          error = "the tensor in '" + tensorPath +
                  "' does not have the shape declared for input '" +
                  inputName + "'";
          return false;
        }
      }
      tensor.set_name(inputName);
      *model.mutable_graph()->add_initializer() = std::move(tensor);
      inputs->DeleteSubrange(i, 1);
      return true;
    }
    error = "'" + inputName + "' is not a graph input of the model";
  } catch (const std::exception &e) {
    error = std::string("cannot freeze the input: ") + e.what();
  } catch (...) {
    error = "cannot freeze the input";
  }
  return false;
}
