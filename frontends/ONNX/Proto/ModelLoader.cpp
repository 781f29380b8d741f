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
      error = "not a valid ONNX protobuf (truncated or corrupt file)";
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
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      error = "cannot open the file";
      return false;
    }
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

bool onnx_loader::checkAndInferShapes(onnx::ModelProto &model,
                                      std::string &error) noexcept {
  try {
    onnx::checker::check_model(model);
  } catch (const std::exception &e) {
    error = std::string("ONNX checker: ") + e.what();
    return false;
  } catch (...) {
    error = "ONNX checker failed";
    return false;
  }
  try {
    onnx::ShapeInferenceOptions options(/*check_type=*/true,
                                        /*strict_mode=*/0,
                                        /*data_prop=*/true);
    onnx::shape_inference::InferShapes(model,
                                       onnx::OpSchemaRegistry::Instance(),
                                       options);
  } catch (const std::exception &e) {
    error = std::string("ONNX shape inference: ") + e.what();
    return false;
  } catch (...) {
    error = "ONNX shape inference failed";
    return false;
  }
  return true;
}
