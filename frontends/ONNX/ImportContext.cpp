//===- ImportContext.cpp - State and helpers of the ONNX importer ---------===//
//
// Part of nncc.
//
// Everything here reads model data, so nothing asserts: each check reports a
// located error and returns failure().
//
//===----------------------------------------------------------------------===//

#include "frontends/ONNX/ImportContext.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

using namespace mlir;
using namespace mlir::nncc;

ImportContext::ImportContext(MLIRContext *ctx, StringRef path,
                             onnx::ModelProto &model)
    : builder(ctx), path(path.str()) {
  for (const auto &op : model.opset_import()) {
    std::string domain = op.domain() == "ai.onnx" ? "" : op.domain();
    opsets[domain] = op.version();
  }
  for (const auto &t : model.graph().initializer())
    initializers[t.name()] = &t;
  for (int i = 0; i < model.graph().node_size(); ++i)
    nodeIndex[&model.graph().node(i)] = i;
}

Location ImportContext::getFileLoc() const {
  return FileLineColLoc::get(builder.getContext(), path, 0, 0);
}

Location ImportContext::getLoc(const onnx::NodeProto &node) const {
  std::string name = node.name();
  if (name.empty()) {
    auto it = nodeIndex.find(&node);
    name = "<" + node.op_type() + ">#" +
           std::to_string(it == nodeIndex.end() ? -1 : it->second);
  }
  return NameLoc::get(StringAttr::get(builder.getContext(), name),
                      getFileLoc());
}

int64_t ImportContext::getOpset(StringRef domain) const {
  auto it = opsets.find(domain == "ai.onnx" ? StringRef("") : domain);
  return it == opsets.end() ? 0 : it->second;
}

//===----------------------------------------------------------------------===//
// Values
//===----------------------------------------------------------------------===//

Value ImportContext::lookupValue(const std::string &name) {
  auto it = values.find(name);
  if (it != values.end())
    return it->second;
  auto init = initializers.find(name);
  if (init == initializers.end())
    return {};
  Location loc = NameLoc::get(builder.getStringAttr(name), getFileLoc());
  FailureOr<Value> v = importTensor(*init->second, loc);
  if (failed(v))
    return {};
  values[name] = *v;
  return *v;
}

LogicalResult
ImportContext::checkGraphStructure(const onnx::GraphProto &graph) {
  llvm::StringSet<> defined, inputs;
  for (const onnx::TensorProto &t : graph.initializer())
    defined.insert(t.name());
  for (const onnx::ValueInfoProto &vi : graph.input()) {
    // Models before IR version 4 list the initializers as inputs too.
    if (initializers.count(vi.name()))
      continue;
    if (!inputs.insert(vi.name()).second)
      return mlir::emitError(
                 NameLoc::get(builder.getStringAttr(vi.name()), getFileLoc()))
             << "graph input '" << vi.name() << "' is declared twice";
    defined.insert(vi.name());
  }
  for (const onnx::NodeProto &node : graph.node()) {
    for (int i = 0; i < node.input_size(); ++i)
      if (!node.input(i).empty() && !defined.contains(node.input(i)))
        return emitError(node) << node.op_type() << ": input " << i << " '"
                               << node.input(i)
                               << "' is not produced by any earlier node, "
                                  "graph input or initializer";
    for (const std::string &name : node.output())
      if (!name.empty() && !defined.insert(name).second)
        return emitError(node) << node.op_type() << ": output '" << name
                               << "' is already defined";
  }
  return success();
}

FailureOr<Value> ImportContext::getInput(const onnx::NodeProto &node,
                                         int index) {
  if (index >= node.input_size() || node.input(index).empty())
    return emitError(node) << node.op_type() << ": missing required input "
                           << index;
  Value v = lookupValue(node.input(index));
  // A bad initializer has already been reported where it is defined.
  if (!v && initializers.count(node.input(index)))
    return failure();
  if (!v)
    return emitError(node) << node.op_type() << ": input " << index << " '"
                           << node.input(index)
                           << "' is not produced by any earlier node, graph "
                              "input or initializer";
  return v;
}

Value ImportContext::getOptionalInput(const onnx::NodeProto &node, int index) {
  if (index >= node.input_size() || node.input(index).empty())
    return {};
  return lookupValue(node.input(index));
}

FailureOr<Value> ImportContext::getFloatInput(const onnx::NodeProto &node,
                                              int index) {
  FailureOr<Value> v = getInput(node, index);
  if (failed(v))
    return failure();
  auto t = dyn_cast<RankedTensorType>(v->getType());
  if (!t || !isa<FloatType>(t.getElementType()))
    return emitError(node) << node.op_type() << ": input " << index << " '"
                           << node.input(index)
                           << "' must be a float tensor, got " << v->getType();
  return v;
}

LogicalResult ImportContext::setOutput(const onnx::NodeProto &node, int index,
                                       Value value) {
  if (index >= node.output_size() || node.output(index).empty())
    return success(); // unused optional output
  const std::string &name = node.output(index);
  // ONNX graphs are in SSA form: a second definition is a malformed model.
  // checkGraphStructure has reported those before import; this keeps an
  // importer bug from silently rebinding a name.
  if (values.count(name) || initializers.count(name))
    return emitError(node) << node.op_type() << ": output '" << name
                           << "' is already defined";
  values[name] = value;
  return success();
}

int ImportContext::numOutputs(const onnx::NodeProto &node) {
  int n = 0;
  for (const std::string &o : node.output())
    n += !o.empty();
  return n;
}

Value ImportContext::reshape(const onnx::NodeProto &node, Value v,
                             ArrayRef<int64_t> shape) {
  auto t = cast<RankedTensorType>(v.getType());
  auto type = RankedTensorType::get(shape, t.getElementType());
  if (type == t)
    return v;
  return builder.createOrFold<nn::ReshapeOp>(getLoc(node), type, v);
}

std::optional<SmallVector<int64_t>>
ImportContext::getConstantInts(Value value) {
  auto cst = value.getDefiningOp<nn::ConstantOp>();
  if (!cst)
    return std::nullopt;
  auto type = cast<RankedTensorType>(cst.getType());
  if (!type.getElementType().isInteger())
    return std::nullopt;
  SmallVector<int64_t> out;
  if (auto dense = dyn_cast<DenseIntElementsAttr>(cst.getValue())) {
    for (const APInt &v : dense.getValues<APInt>())
      out.push_back(v.getSExtValue());
    return out;
  }
  if (auto res = dyn_cast<DenseResourceElementsAttr>(cst.getValue())) {
    AsmResourceBlob *blob = res.getRawHandle().getBlob();
    if (!blob)
      return std::nullopt;
    ArrayRef<char> data = blob->getData();
    unsigned width = type.getElementType().getIntOrFloatBitWidth();
    if (width != 64 && width != 32)
      return std::nullopt;
    size_t n = data.size() / (width / 8);
    for (size_t i = 0; i < n; ++i)
      out.push_back(width == 64
                        ? llvm::support::endian::read64le(data.data() + 8 * i)
                        : static_cast<int32_t>(llvm::support::endian::read32le(
                              data.data() + 4 * i)));
    return out;
  }
  return std::nullopt;
}

//===----------------------------------------------------------------------===//
// Tensors and types
//===----------------------------------------------------------------------===//

Type ImportContext::convertElementType(int32_t t) const {
  MLIRContext *ctx = builder.getContext();
  switch (t) {
  case onnx::TensorProto::FLOAT:
    return Float32Type::get(ctx);
  case onnx::TensorProto::DOUBLE:
    return Float64Type::get(ctx);
  case onnx::TensorProto::FLOAT16:
    return Float16Type::get(ctx);
  case onnx::TensorProto::BFLOAT16:
    return BFloat16Type::get(ctx);
  case onnx::TensorProto::INT8:
    return IntegerType::get(ctx, 8);
  case onnx::TensorProto::INT16:
    return IntegerType::get(ctx, 16);
  case onnx::TensorProto::INT32:
    return IntegerType::get(ctx, 32);
  case onnx::TensorProto::INT64:
    return IntegerType::get(ctx, 64);
  case onnx::TensorProto::BOOL:
    return IntegerType::get(ctx, 1);
  // nn keeps signedness so that division, min and max know it.
  case onnx::TensorProto::UINT8:
    return IntegerType::get(ctx, 8, IntegerType::Unsigned);
  case onnx::TensorProto::UINT16:
    return IntegerType::get(ctx, 16, IntegerType::Unsigned);
  case onnx::TensorProto::UINT32:
    return IntegerType::get(ctx, 32, IntegerType::Unsigned);
  case onnx::TensorProto::UINT64:
    return IntegerType::get(ctx, 64, IntegerType::Unsigned);
  default:
    return {};
  }
}

static std::string onnxTypeName(int32_t t) {
  if (onnx::TensorProto::DataType_IsValid(t))
    return onnx::TensorProto::DataType_Name(
        static_cast<onnx::TensorProto::DataType>(t));
  return "type code " + std::to_string(t);
}

FailureOr<RankedTensorType>
ImportContext::convertValueType(const onnx::ValueInfoProto &vi, Location loc) {
  if (!vi.type().has_tensor_type())
    return mlir::emitError(loc) << "value '" << vi.name()
                                << "' is not a tensor (sequences, maps and "
                                   "optionals are not supported)";
  const auto &tt = vi.type().tensor_type();
  Type elt = convertElementType(tt.elem_type());
  if (!elt)
    return mlir::emitError(loc) << "value '" << vi.name()
                                << "' has unsupported element type "
                                << onnxTypeName(tt.elem_type());
  if (!tt.has_shape())
    return mlir::emitError(loc) << "value '" << vi.name()
                                << "' has no shape (unknown rank)";
  SmallVector<int64_t> shape;
  for (const auto &d : tt.shape().dim()) {
    if (d.has_dim_value()) {
      if (d.dim_value() < 0)
        return mlir::emitError(loc) << "value '" << vi.name()
                                    << "' has negative dimension "
                                    << d.dim_value();
      shape.push_back(d.dim_value());
    } else {
      shape.push_back(ShapedType::kDynamic);
    }
  }
  return RankedTensorType::get(shape, elt);
}

namespace {
/// Bytes per element of the ONNX types importTensor handles.
size_t elementSize(int32_t t) {
  switch (t) {
  case onnx::TensorProto::FLOAT:
  case onnx::TensorProto::INT32:
  case onnx::TensorProto::UINT32:
    return 4;
  case onnx::TensorProto::DOUBLE:
  case onnx::TensorProto::INT64:
  case onnx::TensorProto::UINT64:
    return 8;
  case onnx::TensorProto::FLOAT16:
  case onnx::TensorProto::BFLOAT16:
  case onnx::TensorProto::INT16:
  case onnx::TensorProto::UINT16:
    return 2;
  case onnx::TensorProto::INT8:
  case onnx::TensorProto::UINT8:
  case onnx::TensorProto::BOOL:
    return 1;
  default:
    return 0;
  }
}

std::string sanitizeBlobName(StringRef name) {
  std::string s;
  for (char c : name)
    s += (isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.')
             ? c
             : '_';
  if (s.empty() || isdigit(static_cast<unsigned char>(s[0])))
    s = "w_" + s;
  return s;
}
} // namespace

FailureOr<ImportContext::ExternalSlice>
ImportContext::resolveExternalData(const onnx::TensorProto &tensor,
                                   Location loc) const {
  auto err = [&]() {
    return mlir::emitError(loc) << "tensor '" << tensor.name()
                                << "': external data: ";
  };
  std::string location;
  std::optional<uint64_t> offset, length;
  for (const auto &kv : tensor.external_data()) {
    auto parseNum = [&](std::optional<uint64_t> &out) -> LogicalResult {
      uint64_t v;
      if (StringRef(kv.value()).getAsInteger(10, v))
        return err() << "'" << kv.key() << "' is not a non-negative integer: '"
                     << kv.value() << "'";
      out = v;
      return success();
    };
    if (kv.key() == "location")
      location = kv.value();
    else if (kv.key() == "offset" && failed(parseNum(offset)))
      return failure();
    else if (kv.key() == "length" && failed(parseNum(length)))
      return failure();
  }
  // The file must lie inside the model's folder: no absolute paths, no "..",
  // no links pointing elsewhere (model files come from strangers).
  if (location.empty())
    return err() << "missing 'location'";
  if (llvm::sys::path::is_absolute(location) ||
      llvm::sys::path::is_absolute(location, llvm::sys::path::Style::windows))
    return err() << "location '" << location << "' must be relative";
  for (StringRef part : llvm::make_range(llvm::sys::path::begin(location),
                                         llvm::sys::path::end(location)))
    if (part == "..")
      return err() << "location '" << location
                   << "' escapes the model's folder";
  llvm::SmallString<256> dir(llvm::sys::path::parent_path(path));
  if (dir.empty())
    dir = ".";
  llvm::SmallString<256> file(dir);
  llvm::sys::path::append(file, location);
  llvm::SmallString<256> realDir, realFile;
  if (llvm::sys::fs::real_path(dir, realDir) ||
      llvm::sys::fs::real_path(file, realFile))
    return err() << "cannot open '" << location << "' next to the model";
  if (!StringRef(realFile).starts_with((realDir + "/").str()))
    return err() << "location '" << location
                 << "' resolves outside the model's folder";
  if (!llvm::sys::fs::is_regular_file(realFile))
    return err() << "'" << location << "' is not a regular file";
  uint64_t fileSize;
  if (llvm::sys::fs::file_size(realFile, fileSize))
    return err() << "cannot read the size of '" << location << "'";
  uint64_t off = offset.value_or(0);
  if (off > fileSize)
    return err() << "offset " << off << " is past the end of '" << location
                 << "' (" << fileSize << " bytes)";
  uint64_t len = length.value_or(fileSize - off);
  if (len > fileSize - off)
    return err() << "offset " << off << " + length " << len
                 << " is past the end of '" << location << "' (" << fileSize
                 << " bytes)";
  return ExternalSlice{realFile.str().str(), location, off, len};
}

FailureOr<std::vector<char>>
ImportContext::readExternalData(const onnx::TensorProto &tensor, size_t bytes,
                                Location loc) {
  FailureOr<ExternalSlice> slice = resolveExternalData(tensor, loc);
  if (failed(slice))
    return failure();
  if (slice->length != bytes)
    return mlir::emitError(loc) << "tensor '" << tensor.name()
                                << "': external data: holds " << slice->length
                                << " bytes, expected " << bytes;
  auto buffer =
      llvm::MemoryBuffer::getFileSlice(slice->file, slice->length, slice->offset);
  if (!buffer)
    return mlir::emitError(loc) << "tensor '" << tensor.name()
                                << "': external data: cannot read '"
                                << slice->location
                                << "': " << buffer.getError().message();
  StringRef contents = (*buffer)->getBuffer();
  return std::vector<char>(contents.begin(), contents.end());
}

LogicalResult ImportContext::checkExternalData(const onnx::GraphProto &graph) {
  bool ok = true;
  for (const onnx::TensorProto &t : graph.initializer()) {
    if (t.data_location() != onnx::TensorProto::EXTERNAL)
      continue;
    Location loc = NameLoc::get(builder.getStringAttr(t.name()), getFileLoc());
    ok &= succeeded(resolveExternalData(t, loc));
  }
  return success(ok);
}

FailureOr<Value> ImportContext::importTensor(const onnx::TensorProto &tensor,
                                             Location loc) {
  auto err = [&]() {
    return mlir::emitError(loc) << "tensor '" << tensor.name() << "': ";
  };
  Type elt = convertElementType(tensor.data_type());
  size_t eltSize = elementSize(tensor.data_type());
  if (!elt || !eltSize)
    return err() << "unsupported element type "
                 << onnxTypeName(tensor.data_type());
  SmallVector<int64_t> shape;
  for (int64_t d : tensor.dims()) {
    if (d < 0)
      return err() << "negative dimension " << d;
    shape.push_back(d);
  }
  std::optional<int64_t> count = nn::getNumElements(shape);
  if (!count || *count > (int64_t(1) << 40))
    return err() << "element count overflows";
  auto type = RankedTensorType::get(shape, elt);
  size_t bytes = static_cast<size_t>(*count) * eltSize;

  // Gather the payload as little-endian bytes in the MLIR layout (i1 = one
  // byte per element).
  ArrayRef<char> data;
  std::vector<char> converted;
  int32_t dt = tensor.data_type();
  if (tensor.data_location() == onnx::TensorProto::EXTERNAL) {
    FailureOr<std::vector<char>> ext = readExternalData(tensor, bytes, loc);
    if (failed(ext))
      return failure();
    converted = std::move(*ext);
    data = converted;
  } else if (tensor.has_raw_data()) {
    const std::string &raw = tensor.raw_data();
    if (raw.size() != bytes)
      return err() << "raw_data has " << raw.size() << " bytes, expected "
                   << bytes << " for " << *count << " elements of "
                   << onnxTypeName(dt);
    data = ArrayRef<char>(raw.data(), raw.size());
  } else {
    auto checkCount = [&](int64_t have) -> LogicalResult {
      if (have != *count)
        return err() << "has " << have << " values, expected " << *count;
      return success();
    };
    switch (dt) {
    case onnx::TensorProto::FLOAT:
      if (failed(checkCount(tensor.float_data_size())))
        return failure();
      data = ArrayRef<char>(
          reinterpret_cast<const char *>(tensor.float_data().data()), bytes);
      break;
    case onnx::TensorProto::DOUBLE:
      if (failed(checkCount(tensor.double_data_size())))
        return failure();
      data = ArrayRef<char>(
          reinterpret_cast<const char *>(tensor.double_data().data()), bytes);
      break;
    case onnx::TensorProto::INT64:
      if (failed(checkCount(tensor.int64_data_size())))
        return failure();
      data = ArrayRef<char>(
          reinterpret_cast<const char *>(tensor.int64_data().data()), bytes);
      break;
    case onnx::TensorProto::UINT32:
    case onnx::TensorProto::UINT64: {
      // uint64_data carries UINT32 and UINT64, one per entry.
      if (failed(checkCount(tensor.uint64_data_size())))
        return failure();
      converted.resize(bytes);
      for (int64_t i = 0; i < *count; ++i) {
        uint64_t v = tensor.uint64_data(i);
        std::memcpy(converted.data() + i * eltSize, &v, eltSize);
      }
      data = converted;
      break;
    }
    default: {
      // int32_data carries INT32 and every narrower type, one per entry.
      if (failed(checkCount(tensor.int32_data_size())))
        return failure();
      converted.resize(bytes);
      for (int64_t i = 0; i < *count; ++i) {
        int32_t v = tensor.int32_data(i);
        std::memcpy(converted.data() + i * eltSize, &v, eltSize);
      }
      data = converted;
      break;
    }
    }
  }
  if (dt == onnx::TensorProto::BOOL) {
    // Normalise to 0/1 for the i1 attribute.
    SmallVector<bool> bits;
    for (char c : data)
      bits.push_back(c != 0);
    return nn::ConstantOp::create(builder, loc, type,
                                  DenseElementsAttr::get(type, bits))
        .getResult();
  }
  // Small tensors stay readable and foldable as dense attributes; large ones
  // are resource blobs that reference the ModelProto's bytes directly (or
  // own the one converted copy).
  ElementsAttr attr;
  if (*count <= 64) {
    attr = DenseElementsAttr::getFromRawBuffer(type, data);
  } else if (!converted.empty()) {
    // The blob takes over the converted (or externally loaded) bytes: no
    // second copy. malloc'ed storage is aligned for every element type.
    auto *owned = new std::vector<char>(std::move(converted));
    AsmResourceBlob blob = UnmanagedAsmResourceBlob::allocateWithAlign(
        ArrayRef<char>(*owned), eltSize,
        [owned](void *, size_t, size_t) { delete owned; });
    attr = DenseResourceElementsAttr::get(
        type, sanitizeBlobName(tensor.name()), std::move(blob));
  } else {
    AsmResourceBlob blob =
        UnmanagedAsmResourceBlob::allocateWithAlign(data, eltSize);
    attr = DenseResourceElementsAttr::get(
        type, sanitizeBlobName(tensor.name()), std::move(blob));
  }
  return nn::ConstantOp::create(builder, loc, type, attr).getResult();
}

//===----------------------------------------------------------------------===//
// Attributes
//===----------------------------------------------------------------------===//

static const char *attrTypeName(int t) {
  switch (t) {
  case onnx::AttributeProto::FLOAT:
    return "FLOAT";
  case onnx::AttributeProto::INT:
    return "INT";
  case onnx::AttributeProto::STRING:
    return "STRING";
  case onnx::AttributeProto::TENSOR:
    return "TENSOR";
  case onnx::AttributeProto::GRAPH:
    return "GRAPH";
  case onnx::AttributeProto::FLOATS:
    return "FLOATS";
  case onnx::AttributeProto::INTS:
    return "INTS";
  case onnx::AttributeProto::STRINGS:
    return "STRINGS";
  default:
    return "UNDEFINED";
  }
}

const onnx::AttributeProto *
ImportContext::findAttr(const onnx::NodeProto &node, StringRef name) const {
  for (const auto &a : node.attribute())
    if (a.name() == name)
      return &a;
  return nullptr;
}

/// Looks up `name`; checks its type. Returns null when absent.
static FailureOr<const onnx::AttributeProto *>
typedAttr(ImportContext &ctx, const onnx::NodeProto &node, StringRef name,
          onnx::AttributeProto::AttributeType type, bool required) {
  const onnx::AttributeProto *a = ctx.findAttr(node, name);
  if (!a) {
    if (required)
      return ctx.emitError(node) << node.op_type()
                                 << ": missing required attribute '" << name
                                 << "'";
    return static_cast<const onnx::AttributeProto *>(nullptr);
  }
  if (a->type() != type)
    return ctx.emitError(node)
           << node.op_type() << ": attribute '" << name << "' must be "
           << attrTypeName(type) << ", got " << attrTypeName(a->type());
  return a;
}

FailureOr<int64_t> ImportContext::getIntAttr(const onnx::NodeProto &node,
                                             StringRef name,
                                             std::optional<int64_t> def) {
  auto a = typedAttr(*this, node, name, onnx::AttributeProto::INT, !def);
  if (failed(a))
    return failure();
  return *a ? (*a)->i() : *def;
}

FailureOr<float> ImportContext::getFloatAttr(const onnx::NodeProto &node,
                                             StringRef name,
                                             std::optional<float> def) {
  auto a = typedAttr(*this, node, name, onnx::AttributeProto::FLOAT, !def);
  if (failed(a))
    return failure();
  return *a ? (*a)->f() : *def;
}

FailureOr<std::string>
ImportContext::getStringAttr(const onnx::NodeProto &node, StringRef name,
                             std::optional<std::string> def) {
  auto a = typedAttr(*this, node, name, onnx::AttributeProto::STRING, !def);
  if (failed(a))
    return failure();
  return *a ? (*a)->s() : *def;
}

FailureOr<SmallVector<int64_t>>
ImportContext::getIntsAttr(const onnx::NodeProto &node, StringRef name,
                           std::optional<SmallVector<int64_t>> def) {
  auto a = typedAttr(*this, node, name, onnx::AttributeProto::INTS, !def);
  if (failed(a))
    return failure();
  if (!*a)
    return *def;
  return SmallVector<int64_t>((*a)->ints().begin(), (*a)->ints().end());
}

FailureOr<SmallVector<std::string>>
ImportContext::getStringsAttr(const onnx::NodeProto &node, StringRef name,
                              std::optional<SmallVector<std::string>> def) {
  auto a = typedAttr(*this, node, name, onnx::AttributeProto::STRINGS, !def);
  if (failed(a))
    return failure();
  if (!*a)
    return *def;
  return SmallVector<std::string>((*a)->strings().begin(),
                                  (*a)->strings().end());
}

LogicalResult ImportContext::checkAttrs(const onnx::NodeProto &node,
                                        ArrayRef<StringRef> known) {
  for (const auto &a : node.attribute())
    if (!llvm::is_contained(known, a.name()))
      return emitError(node) << node.op_type() << ": unsupported attribute '"
                             << a.name() << "'";
  return success();
}

FailureOr<int64_t> ImportContext::normalizeAxis(const onnx::NodeProto &node,
                                                int64_t axis, int64_t rank,
                                                bool inclusiveEnd) {
  // Valid: [-rank, rank), or [-rank, rank] where the end is a position.
  int64_t hi = inclusiveEnd ? rank : rank - 1;
  if (axis < -rank || axis > hi)
    return emitError(node) << node.op_type() << ": axis " << axis
                           << " is out of range for rank " << rank;
  return axis < 0 ? axis + rank : axis;
}
